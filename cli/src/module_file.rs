//! One service as one Rust file for `include!`: a bundle member's module tree inlined, its feature gates resolved, the runtime named by crate.

use crate::failure::Failure;
use proc_macro2::{Group, Punct, Spacing, TokenStream, TokenTree};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use syn::punctuated::Punctuated;
use syn::{Attribute, Expr, ImplItem, Item, Lit, Meta, Token};

/// The runtime crate, as a build script's crate depends on it.
const RUNTIME_CRATE: &str = "aws_codegen_runtime";

/// The file that defines `pub mod <module> { ... }` from `files`, the output of a one-member
/// [`codegen::generate_bundle`] whose member is `module`. Every `mod x;` is inlined; an item
/// gated on crate features (`#[cfg(feature = "client")]`) is kept, ungated, when `features`
/// satisfy the gate and dropped otherwise, since the including crate has features of its own;
/// `crate::runtime` paths become `::aws_codegen_runtime`, which the including crate depends on.
pub fn flatten_module(
    files: &BTreeMap<PathBuf, String>,
    module: &str,
    features: &[String],
    header: &str,
) -> Result<String, Failure> {
    let dir = Path::new("src").join(module);
    let (inner, items) = inline(files, &dir.join("mod.rs"), &dir, features)?;
    let name = syn::Ident::new(module, proc_macro2::Span::call_site());
    let file: syn::File = syn::parse_quote! {
        #[allow(deprecated, clippy::should_implement_trait, clippy::large_enum_variant)]
        pub mod #name {
            #(#inner)*
            #(#items)*
        }
    };
    let tokens = rename_runtime(quote::ToTokens::to_token_stream(&file));
    let file: syn::File = syn::parse2(tokens)
        .map_err(|e| Failure::model(format!("internal error: the module does not parse: {e}")))?;
    Ok(format!("// {header}\n\n{}", prettyplease::unparse(&file)))
}

/// The inner attributes and items of the file at `path` (a module whose own modules live in
/// `dir`), its `mod x;` declarations filled in.
fn inline(
    files: &BTreeMap<PathBuf, String>,
    path: &Path,
    dir: &Path,
    features: &[String],
) -> Result<(Vec<Attribute>, Vec<Item>), Failure> {
    let text = files.get(path).ok_or_else(|| {
        Failure::model(format!("internal error: no generated {}", path.display()))
    })?;
    let parsed = syn::parse_file(text).map_err(|e| {
        Failure::model(format!(
            "internal error: {} does not parse: {e}",
            path.display()
        ))
    })?;
    let mut items = Vec::new();
    for mut item in parsed.items {
        if !keep(item_attrs(&mut item), features) {
            continue;
        }
        match &mut item {
            Item::Mod(m) if m.content.is_none() => {
                let name = m.ident.to_string();
                let child_dir = dir.join(&name);
                let flat = dir.join(format!("{name}.rs"));
                let nested = child_dir.join("mod.rs");
                let child = if files.contains_key(&flat) {
                    flat
                } else {
                    nested
                };
                let (inner, child_items) = inline(files, &child, &child_dir, features)?;
                m.attrs.extend(inner);
                m.content = Some((syn::token::Brace::default(), child_items));
                m.semi = None;
            }
            Item::Impl(block) => block
                .items
                .retain_mut(|i| keep(impl_item_attrs(i), features)),
            _ => {}
        }
        items.push(item);
    }
    Ok((parsed.attrs, items))
}

fn item_attrs(item: &mut Item) -> Option<&mut Vec<Attribute>> {
    Some(match item {
        Item::Const(i) => &mut i.attrs,
        Item::Enum(i) => &mut i.attrs,
        Item::Fn(i) => &mut i.attrs,
        Item::Impl(i) => &mut i.attrs,
        Item::Macro(i) => &mut i.attrs,
        Item::Mod(i) => &mut i.attrs,
        Item::Static(i) => &mut i.attrs,
        Item::Struct(i) => &mut i.attrs,
        Item::Trait(i) => &mut i.attrs,
        Item::Type(i) => &mut i.attrs,
        Item::Union(i) => &mut i.attrs,
        Item::Use(i) => &mut i.attrs,
        _ => return None,
    })
}

fn impl_item_attrs(item: &mut ImplItem) -> Option<&mut Vec<Attribute>> {
    Some(match item {
        ImplItem::Const(i) => &mut i.attrs,
        ImplItem::Fn(i) => &mut i.attrs,
        ImplItem::Type(i) => &mut i.attrs,
        ImplItem::Macro(i) => &mut i.attrs,
        _ => return None,
    })
}

/// Whether an item with `attrs` stays: its `cfg` gates on features are decided (and removed)
/// here; a gate on anything else (`test`, a target) is left for the compiler.
fn keep(attrs: Option<&mut Vec<Attribute>>, features: &[String]) -> bool {
    let Some(attrs) = attrs else { return true };
    let mut kept = true;
    attrs.retain(|attr| {
        if !attr.path().is_ident("cfg") {
            return true;
        }
        match attr
            .parse_args::<Meta>()
            .ok()
            .and_then(|m| decide(&m, features))
        {
            Some(on) => {
                kept &= on;
                false
            }
            None => true,
        }
    });
    kept
}

/// The value of a `cfg` predicate made of `feature = "..."`, `all`, `any` and `not`, or
/// `None` when it names anything else.
fn decide(meta: &Meta, features: &[String]) -> Option<bool> {
    match meta {
        Meta::NameValue(nv) if nv.path.is_ident("feature") => match &nv.value {
            Expr::Lit(lit) => match &lit.lit {
                Lit::Str(s) => Some(features.contains(&s.value())),
                _ => None,
            },
            _ => None,
        },
        Meta::List(list) => {
            let nested = list
                .parse_args_with(Punctuated::<Meta, Token![,]>::parse_terminated)
                .ok()?;
            let values: Option<Vec<bool>> = nested.iter().map(|m| decide(m, features)).collect();
            let values = values?;
            if list.path.is_ident("all") {
                Some(values.iter().all(|v| *v))
            } else if list.path.is_ident("any") {
                Some(values.iter().any(|v| *v))
            } else if list.path.is_ident("not") && values.len() == 1 {
                Some(!values[0])
            } else {
                None
            }
        }
        _ => None,
    }
}

/// `crate::runtime` -> `::aws_codegen_runtime`, in every group (macro arguments included).
fn rename_runtime(tokens: TokenStream) -> TokenStream {
    let trees: Vec<TokenTree> = tokens.into_iter().collect();
    let mut out = Vec::with_capacity(trees.len());
    let mut i = 0;
    while i < trees.len() {
        let is = |at: usize, text: &str| {
            trees.get(at).is_some_and(|t| match t {
                TokenTree::Ident(ident) => ident == text,
                TokenTree::Punct(p) => {
                    text.len() == 1 && p.as_char() == text.chars().next().unwrap_or(' ')
                }
                _ => false,
            })
        };
        if is(i, "crate") && is(i + 1, ":") && is(i + 2, ":") && is(i + 3, "runtime") {
            out.push(TokenTree::Punct(Punct::new(':', Spacing::Joint)));
            out.push(TokenTree::Punct(Punct::new(':', Spacing::Alone)));
            out.push(TokenTree::Ident(proc_macro2::Ident::new(
                RUNTIME_CRATE,
                proc_macro2::Span::call_site(),
            )));
            i += 4;
            continue;
        }
        out.push(match &trees[i] {
            TokenTree::Group(g) => {
                let mut group = Group::new(g.delimiter(), rename_runtime(g.stream()));
                group.set_span(g.span());
                TokenTree::Group(group)
            }
            other => other.clone(),
        });
        i += 1;
    }
    out.into_iter().collect()
}
