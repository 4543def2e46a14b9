//! Emits validators: a static per constrained shape (limits, translated pattern) and an
//! `impl Validate` for every structure reachable from an operation input.

use super::ident;
use crate::ir::names::{self, bare};
use crate::ir::pattern::Formula;
use crate::ir::{Service, Structure, StructureKind, Type, ValueKind, ValueShape};
use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};
use std::collections::{BTreeMap, BTreeSet};

/// `src/validation.rs` and its two submodules.
pub fn emit(service: &Service) -> Vec<(&'static str, TokenStream)> {
    let walker = Walker::new(service);
    let validation = quote! {
        //! Checks of input values against the model's constraints, before they are sent.
        //!
        //! Every input type implements [`Validate`]: `validate()` checks everything,
        //! `validate_with(Policy::Default)` only what botocore checks. Required members
        //! need no check here: the types cannot be built without them.
        pub use crate::runtime::validate::{Policy, Rule, Validate, ValidationError, Violation};
        #[doc(hidden)]
        pub use crate::runtime::validate::Validator;
        #[rustfmt::skip]
        mod rules;
        #[rustfmt::skip]
        mod validators;
    };
    vec![
        ("src/validation.rs", validation),
        ("src/validation/rules.rs", walker.rules()),
        ("src/validation/validators.rs", walker.validators()),
    ]
}

struct Walker<'a> {
    service: &'a Service,
    /// Shapes whose values need any check, directly or inside.
    needs: BTreeSet<&'a str>,
    /// Static names of the shapes with constraints.
    statics: BTreeMap<&'a str, Ident>,
}

impl<'a> Walker<'a> {
    fn new(service: &'a Service) -> Self {
        let validated: BTreeSet<&str> = service
            .structures
            .iter()
            .filter(|s| s.validated)
            .map(|s| s.wire_name.as_str())
            .collect();
        // Which shapes need checks: a fixpoint, since structures can be recursive.
        let mut needs: BTreeSet<&str> = BTreeSet::new();
        loop {
            let before = needs.len();
            for (name, shape) in &service.shapes {
                let inner = match &shape.kind {
                    ValueKind::List(m) => needs.contains(m.as_str()),
                    ValueKind::Map(k, v) => {
                        needs.contains(k.as_str()) || needs.contains(v.as_str())
                    }
                    ValueKind::Structure(_) => {
                        validated.contains(name.as_str())
                            && service
                                .structures
                                .iter()
                                .find(|s| &s.wire_name == name)
                                .is_some_and(|s| {
                                    s.members.iter().any(|m| needs.contains(m.target.as_str()))
                                })
                    }
                    _ => false,
                };
                if inner
                    || (!shape.constraints.is_empty()
                        && !matches!(
                            shape.kind,
                            ValueKind::Structure(_) | ValueKind::Bool | ValueKind::Timestamp
                        ))
                {
                    needs.insert(name);
                }
            }
            if needs.len() == before {
                break;
            }
        }
        // Shapes that validators reach: members of validated structures, and what lists and
        // maps of them contain.
        let mut used: BTreeSet<&str> = BTreeSet::new();
        let mut stack: Vec<&str> = service
            .structures
            .iter()
            .filter(|s| s.validated)
            .flat_map(|s| s.members.iter().map(|m| m.target.as_str()))
            .collect();
        while let Some(name) = stack.pop() {
            if !used.insert(name) {
                continue;
            }
            match service.shapes.get(name).map(|s| &s.kind) {
                Some(ValueKind::List(m)) => stack.push(m),
                Some(ValueKind::Map(k, v)) => stack.extend([k.as_str(), v.as_str()]),
                _ => {}
            }
        }
        let mut statics = BTreeMap::new();
        let mut taken = BTreeSet::new();
        for (name, shape) in &service.shapes {
            if shape.constraints.is_empty()
                || !needs.contains(name.as_str())
                || !used.contains(name.as_str())
            {
                continue;
            }
            let mut candidate = names::const_name(name);
            let mut n = 2;
            while !taken.insert(candidate.clone()) {
                candidate = format!("{}_{n}", names::const_name(name));
                n += 1;
            }
            statics.insert(name.as_str(), format_ident!("{}", names::bare(&candidate)));
        }
        Walker {
            service,
            needs,
            statics,
        }
    }

    fn rules(&self) -> TokenStream {
        let items = self.statics.iter().map(|(name, ident)| {
            let shape = &self.service.shapes[*name];
            let c = &shape.constraints;
            let min = option(c.min);
            let max = option(c.max);
            let pattern = c.pattern.as_ref().map(|p| {
                let java = &p.java;
                let pattern_ident = format_ident!("{}_PATTERN", ident);
                let formula = formula_tokens(&p.formula);
                let doc = format!(" `{}`", name);
                quote! {
                    #[doc = #doc]
                    pub(crate) static #pattern_ident: crate::runtime::validate::Pattern =
                        crate::runtime::validate::Pattern::new(#java, &#formula);
                }
            });
            let doc = format!(" Limits of `{name}`.");
            quote! {
                #[doc = #doc]
                pub(crate) static #ident: crate::runtime::validate::Limits =
                    crate::runtime::validate::Limits { min: #min, max: #max };
                #pattern
            }
        });
        quote! {
            //! The constraints of the model's shapes, with patterns translated to Rust regexes.
            #(#items)*
        }
    }

    fn validators(&self) -> TokenStream {
        let impls = self
            .service
            .structures
            .iter()
            .filter(|s| s.validated)
            .map(|s| self.validator(s));
        quote! {
            //! `Validate` for every structure reachable from an operation input.
            #(#impls)*
        }
    }

    fn validator(&self, s: &Structure) -> TokenStream {
        let name = ident(&s.rust_name);
        let root = s
            .input_of
            .clone()
            .unwrap_or_else(|| names::fn_name(&s.wire_name));
        let root = bare(&root).to_owned();
        let body = if s.kind == StructureKind::Union {
            let checked: Vec<(proc_macro2::Ident, TokenStream)> = s
                .members
                .iter()
                .filter_map(|m| {
                    let variant = ident(&m.variant_name);
                    let label = bare(&m.field_name);
                    let check = self.check(quote!(value), &m.target, m.sensitive)?;
                    Some((variant, quote!(v.member(#label, |v| { #check });)))
                })
                .collect();
            let arms: Vec<TokenStream> = checked
                .iter()
                .map(|(variant, check)| quote!(Self::#variant(value) => { #check }))
                .collect();
            if arms.is_empty() {
                TokenStream::new()
            } else if let [(variant, check)] = checked.as_slice() {
                quote! {
                    if let Self::#variant(value) = self {
                        #check
                    }
                }
            } else {
                quote! {
                    match self {
                        #(#arms)*
                        _ => {}
                    }
                }
            }
        } else {
            let members = s.members.iter().filter_map(|m| {
                let field = ident(&m.field_name);
                let label = bare(&m.field_name);
                let check = self.check(quote!(value), &m.target, m.sensitive)?;
                Some(if m.required {
                    quote!(v.member(#label, |v| { let value = &self.#field; #check });)
                } else {
                    quote! {
                        if let ::std::option::Option::Some(value) = &self.#field {
                            v.member(#label, |v| { #check });
                        }
                    }
                })
            });
            quote!(#(#members)*)
        };
        let unused = (!self.needs.contains(s.wire_name.as_str())).then(|| quote!(let _ = v;));
        let allow = super::allow_deprecated(&s.members);
        quote! {
            #allow
            impl crate::validation::Validate for crate::types::#name {
                const ROOT: &'static str = #root;
                fn validate_members(&self, v: &mut crate::validation::Validator) {
                    #unused
                    #body
                }
            }
        }
    }

    /// The statements that check `value` (a reference) of shape `shape_name`, or `None`
    /// when there is nothing to check.
    fn check(&self, value: TokenStream, shape_name: &str, sensitive: bool) -> Option<TokenStream> {
        if !self.needs.contains(shape_name) {
            return None;
        }
        let shape: &ValueShape = self.service.shapes.get(shape_name)?;
        let limits = self
            .statics
            .get(shape_name)
            .map(|ident| quote!(&crate::validation::rules::#ident));
        let sensitive = sensitive || shape.sensitive;
        Some(match &shape.kind {
            ValueKind::String | ValueKind::Enum => {
                let limits = limits?;
                let pattern = match &shape.constraints.pattern {
                    Some(_) => {
                        let p = format_ident!("{}_PATTERN", self.statics[shape_name]);
                        quote!(::std::option::Option::Some(&crate::validation::rules::#p))
                    }
                    None => quote!(::std::option::Option::None),
                };
                let text = if shape.kind == ValueKind::Enum {
                    quote!(#value.as_str())
                } else {
                    quote!(#value)
                };
                quote!(v.string(#text, #limits, #pattern, #sensitive);)
            }
            ValueKind::Number(ty) => {
                let limits = limits?;
                let number = match ty {
                    Type::F64 => quote!(*#value),
                    Type::I64 => quote!(*#value as f64),
                    _ => quote!(f64::from(*#value)),
                };
                quote!(v.number(#number, #limits);)
            }
            ValueKind::Blob => {
                let limits = limits?;
                quote!(v.length(#value.as_bytes().len(), #limits);)
            }
            ValueKind::List(element) => {
                let length = limits.map(|l| quote!(v.length(#value.len(), #l);));
                let items = self
                    .check(quote!(item), element, sensitive)
                    .map(|check| quote!(v.items(#value, |v, item| { #check });));
                quote!(#length #items)
            }
            ValueKind::Map(key, val) => {
                let length = limits.map(|l| quote!(v.length(#value.len(), #l);));
                let key_check = self.check(quote!(key.as_str()), key, sensitive);
                let value_check = self.check(quote!(value), val, sensitive);
                let entries = (key_check.is_some() || value_check.is_some()).then(|| {
                    let key_binding = if key_check.is_some() { quote!(key) } else { quote!(_) };
                    let value_binding = if value_check.is_some() { quote!(value) } else { quote!(_) };
                    quote!(v.entries(#value, |v, #key_binding, #value_binding| { #key_check #value_check });)
                });
                quote!(#length #entries)
            }
            ValueKind::Structure(rust_name) => {
                let name = ident(rust_name);
                quote!(<crate::types::#name as crate::validation::Validate>::validate_members(#value, v);)
            }
            ValueKind::Bool | ValueKind::Timestamp | ValueKind::Document => return None,
        })
    }
}

fn option(value: Option<f64>) -> TokenStream {
    match value {
        Some(v) => quote!(::std::option::Option::Some(#v)),
        None => quote!(::std::option::Option::None),
    }
}

fn formula_tokens(formula: &Formula) -> TokenStream {
    match formula {
        Formula::Match(re) => quote!(crate::runtime::validate::Formula::Match(#re)),
        Formula::Not(inner) => {
            let inner = formula_tokens(inner);
            quote!(crate::runtime::validate::Formula::Not(&#inner))
        }
        Formula::All(items) => {
            let items = items.iter().map(formula_tokens);
            quote!(crate::runtime::validate::Formula::All(&[#(#items),*]))
        }
        Formula::Any(items) => {
            let items = items.iter().map(formula_tokens);
            quote!(crate::runtime::validate::Formula::Any(&[#(#items),*]))
        }
    }
}
