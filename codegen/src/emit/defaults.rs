//! Templates a member's default value (Smithy's `@default`) as the Rust expression that `build()` and a response's reading fill in.

use super::runtime_symbols::{CrateRoot, BLOB, DATETIME};
use super::type_tokens;
use crate::ir::{DefaultValue, Member, Type};
use proc_macro2::{Literal, TokenStream};
use quote::quote;

/// The expression of `m`'s default, or `None` when it has none.
pub(super) fn default_expr(root: &CrateRoot, m: &Member) -> Option<TokenStream> {
    let value = m.default.as_ref()?;
    let ty = type_tokens(root, &m.ty);
    let expr = match value {
        DefaultValue::String(text) => match &m.ty {
            Type::Named { .. } => quote!(<#ty>::from(#text)),
            _ => quote!(::std::string::String::from(#text)),
        },
        DefaultValue::Bool(flag) => quote!(#flag),
        DefaultValue::Integer(n) => {
            let n = Literal::i64_unsuffixed(*n);
            quote!(#n)
        }
        DefaultValue::Float(x) => {
            let x = Literal::f64_unsuffixed(*x);
            quote!(#x)
        }
        DefaultValue::Timestamp(secs) => {
            let secs = Literal::i64_unsuffixed(*secs);
            quote!(#DATETIME::DateTime::from_secs_or_epoch(#secs))
        }
        DefaultValue::Blob(bytes) => {
            let bytes = Literal::byte_string(bytes);
            quote!(#BLOB::Blob::new(#bytes))
        }
        DefaultValue::EmptyList => quote!(::std::vec::Vec::new()),
        DefaultValue::EmptyMap => quote!(::std::collections::HashMap::new()),
        DefaultValue::Document(value) => {
            let json = json_tokens(value);
            quote!(::serde_json::json!(#json))
        }
    };
    Some(if m.boxed {
        quote!(::std::boxed::Box::new(#expr))
    } else {
        expr
    })
}

/// The text a member's docs show for its default.
pub(super) fn default_doc(value: &DefaultValue) -> String {
    match value {
        DefaultValue::String(text) => format!("`{text:?}`"),
        DefaultValue::Bool(flag) => format!("`{flag}`"),
        DefaultValue::Integer(n) => format!("`{n}`"),
        DefaultValue::Float(x) => format!("`{x:?}`"),
        DefaultValue::Timestamp(secs) => format!("{secs} seconds after the epoch"),
        DefaultValue::Blob(bytes) if bytes.is_empty() => "empty".to_owned(),
        DefaultValue::Blob(bytes) => format!("{} bytes", bytes.len()),
        DefaultValue::EmptyList => "an empty list".to_owned(),
        DefaultValue::EmptyMap => "an empty map".to_owned(),
        DefaultValue::Document(value) => format!("`{value}`"),
    }
}

/// The argument of a `serde_json::json!` call that builds `value`, spelled as JSON.
pub fn json_tokens(value: &serde_json::Value) -> TokenStream {
    use serde_json::Value;
    match value {
        Value::Null => quote!(null),
        Value::Bool(flag) => quote!(#flag),
        Value::Number(n) => {
            let literal = if let Some(u) = n.as_u64() {
                Literal::u64_unsuffixed(u)
            } else if let Some(i) = n.as_i64() {
                Literal::i64_unsuffixed(i)
            } else {
                // Not an integer, so a float, which serde_json keeps finite.
                Literal::f64_unsuffixed(n.as_f64().unwrap_or_default())
            };
            quote!(#literal)
        }
        Value::String(text) => quote!(#text),
        Value::Array(items) => {
            let items = items.iter().map(json_tokens);
            quote!([#(#items),*])
        }
        Value::Object(entries) => {
            let keys = entries.keys();
            let values = entries.values().map(json_tokens);
            quote!({ #(#keys: #values),* })
        }
    }
}
