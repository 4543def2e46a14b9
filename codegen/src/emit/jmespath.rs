//! Compiles typed JMESPath expressions to Rust: typed navigation over the generated structs,
//! dynamic `jmes::Value`s only where JMESPath computes (projections, comparisons, functions).

use super::runtime_symbols::*;
use crate::ir::{Service, ShapeId, Type, ValueKind};
use crate::lang::jmespath::{Comparator, Expr, Subject};
use proc_macro2::TokenStream;
use quote::quote;

/// Rust for a typed expression: an `Option<&T>` of its shape, reading from `cur`.
pub fn typed(expr: &Expr) -> TokenStream {
    match expr {
        Expr::Current { .. } => quote!(cur),
        Expr::Field {
            base,
            field,
            required,
            boxed,
            ..
        } => {
            // `input` and `output` of an `inputOutput` path are references already.
            let from_references = matches!(
                &**base,
                Expr::Current {
                    subject: Subject::InputOutput
                }
            );
            let base = typed(base);
            let field = super::ident(field);
            if from_references {
                return quote!(#base.map(|v| v.#field));
            }
            match (required, boxed) {
                (false, false) => quote!(#base.and_then(|v| v.#field.as_ref())),
                (false, true) => quote!(#base.and_then(|v| v.#field.as_deref())),
                (true, false) => quote!(#base.map(|v| &v.#field)),
                (true, true) => quote!(#base.map(|v| &*v.#field)),
            }
        }
        Expr::Index { base, index, .. } => {
            let base = typed(base);
            if *index >= 0 {
                let i = *index as usize;
                quote!(#base.and_then(|v| v.get(#i)))
            } else {
                let back = index.unsigned_abs() as usize;
                quote!(#base.and_then(|v| v.len().checked_sub(#back).and_then(|i| v.get(i))))
            }
        }
        // Of strings only (the lowering checks): JMESPath's `||` takes the left unless it
        // is null or empty.
        Expr::Or(left, right) => {
            let (left, right) = (typed(left), typed(right));
            quote!(#left.filter(|v| !v.is_empty()).or(#right))
        }
        // Only typed expressions reach here; the lowering guarantees it.
        _ => quote!(::std::option::Option::None::<&()>),
    }
}

/// Rust for any expression: a `#JMES::Value`, reading from `cur`.
pub fn value(service: &Service, expr: &Expr) -> TokenStream {
    let v = quote!(#JMES::Value);
    if let Some(shape) = expr.shape() {
        return to_value(service, shape, typed(expr));
    }
    match expr {
        Expr::Project { base, filter, rhs } => {
            let base = typed(base);
            let filter = match filter {
                Some(f) => {
                    let f = value(service, f);
                    quote!(|cur| #f.truthy())
                }
                None => quote!(|_| true),
            };
            let rhs = value(service, rhs);
            quote!(#JMES::project(#base.map(|v| v.as_slice()), #filter, |cur| #rhs))
        }
        Expr::ProjectValues { base, rhs } => {
            let base = typed(base);
            let rhs = value(service, rhs);
            quote!(#JMES::project_values(#base.map(|m| m.values()), |cur| #rhs))
        }
        Expr::Flatten(inner) => {
            let inner = value(service, inner);
            quote!(#JMES::flatten(#inner))
        }
        Expr::Compare(op, l, r) => {
            let op = match op {
                Comparator::Eq => quote!(Eq),
                Comparator::Ne => quote!(Ne),
                Comparator::Lt => quote!(Lt),
                Comparator::Le => quote!(Le),
                Comparator::Gt => quote!(Gt),
                Comparator::Ge => quote!(Ge),
            };
            let (l, r) = (value(service, l), value(service, r));
            quote!(#JMES::compare(#JMES::Cmp::#op, &#l, &#r))
        }
        Expr::And(l, r) => {
            let (l, r) = (value(service, l), value(service, r));
            quote!({ let left = #l; if left.truthy() { #r } else { left } })
        }
        Expr::Or(l, r) => {
            let (l, r) = (value(service, l), value(service, r));
            quote!({ let left = #l; if left.truthy() { left } else { #r } })
        }
        Expr::Not(inner) => {
            let inner = value(service, inner);
            quote!(#v::Bool(!#inner.truthy()))
        }
        Expr::Literal(json) => literal(json),
        Expr::Length(inner) => {
            let inner = value(service, inner);
            quote!(#JMES::length(&#inner))
        }
        Expr::Contains(a, b) => {
            let (a, b) = (value(service, a), value(service, b));
            quote!(#JMES::contains(&#a, &#b))
        }
        // Typed expressions of a model shape are converted above; the `inputOutput` root
        // is no value of its own.
        Expr::Current { .. } | Expr::Field { .. } | Expr::Index { .. } => quote!(#v::Null),
    }
}

/// A JSON literal as a `Value`.
pub fn literal(json: &serde_json::Value) -> TokenStream {
    let v = quote!(#JMES::Value);
    match json {
        serde_json::Value::Null => quote!(#v::Null),
        serde_json::Value::Bool(b) => quote!(#v::Bool(#b)),
        serde_json::Value::Number(n) => {
            let n = n.as_f64().unwrap_or_default();
            quote!(#v::Number(#n))
        }
        serde_json::Value::String(s) => quote!(#v::Str(#s)),
        serde_json::Value::Array(items) => {
            let items = items.iter().map(literal);
            quote!(#v::List(::std::vec![#(#items),*]))
        }
        serde_json::Value::Object(_) => quote!(#v::Object),
    }
}

/// Converts an `Option<&T>` of a shape to a `Value`.
fn to_value(service: &Service, shape: ShapeId, typed: TokenStream) -> TokenStream {
    let v = quote!(#JMES::Value);
    let convert = match &service.shape(shape).kind {
        ValueKind::String => quote!(|x| #v::Str(x.as_str())),
        ValueKind::Enum => quote!(|x| #v::Str(x.as_str())),
        ValueKind::Number(Type::F64) => quote!(|x| #v::Number(*x)),
        ValueKind::Number(Type::I64) => quote!(|x| #v::Number(*x as f64)),
        ValueKind::Number(Type::BigInteger | Type::BigDecimal) => {
            quote!(|x| #v::Number(x.to_f64()))
        }
        ValueKind::Number(_) => quote!(|x| #v::Number(f64::from(*x))),
        ValueKind::Bool => quote!(|x| #v::Bool(*x)),
        ValueKind::Timestamp => {
            quote!(|x| #v::Number(x.secs() as f64 + f64::from(x.subsec_nanos()) / 1e9))
        }
        ValueKind::Blob | ValueKind::Map(..) | ValueKind::Structure(_) | ValueKind::Document => {
            quote!(|_| #v::Object)
        }
        ValueKind::List(element) => {
            let inner = to_value(service, *element, quote!(cur));
            quote!(|x| #v::List(x.iter().map(|item| { let cur = ::std::option::Option::Some(item); #inner }).collect()))
        }
    };
    quote!(#typed.map_or(#v::Null, #convert))
}
