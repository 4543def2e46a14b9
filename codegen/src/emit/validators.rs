//! Emits validators: a static per constrained shape (limits, translated pattern) and an
//! `impl Validate` for every structure reachable from an operation input.

use super::ident;
use super::runtime_symbols::*;
use crate::ir::{
    RuleStatics, Service, ShapeId, Structure, StructureKind, Type, ValueKind, ValueShape,
};
use crate::lang::pattern::{Formula, PatternCheck};
use proc_macro2::TokenStream;
use quote::quote;
use std::cell::RefCell;
use std::collections::BTreeSet;

/// `src/validation.rs` and its two submodules (which the caller registers and declares).
pub fn emit(service: &Service) -> Vec<(&'static str, TokenStream)> {
    let walker = Walker {
        service,
        root: super::root(service),
        named: RefCell::new(BTreeSet::new()),
    };
    // The validators first: they record the statics they name.
    let validators = walker.validators();
    let validation = quote! {
        //! Checks of input values against the model's constraints, before they are sent.
        //!
        //! Every input type implements [`Validate`]: `validate()` checks everything,
        //! `validate_with(Policy::Default)` only what botocore checks. Required members
        //! need no check here: the types cannot be built without them.
        pub use #VALIDATE::{Policy, Rule, Validate, ValidationError, Violation};
        #[doc(hidden)]
        pub use #VALIDATE::{sorted_entries, Validator};
    };
    vec![
        ("src/validation.rs", validation),
        ("src/validation/rules.rs", walker.rules()),
        ("src/validation/validators.rs", validators),
    ]
}

/// Which shapes need checks and the names of their statics are decided when lowering
/// (`ValueShape::needs_check`, `ValueShape::rules`).
struct Walker<'a> {
    service: &'a Service,
    /// The service's root module.
    root: CrateRoot,
    /// The limits statics the validators emitted so far name: a split service's crate has
    /// only the statics its own validators use.
    named: RefCell<BTreeSet<String>>,
}

impl Walker<'_> {
    fn rules(&self) -> TokenStream {
        let named = self.named.borrow();
        let items = self.service.shapes.iter().filter_map(|shape| {
            let rules = shape.rules.as_ref()?;
            if self.service.split.is_some() && !named.contains(&rules.limits) {
                return None;
            }
            Some(rule_statics(&shape.wire_name, shape, rules))
        });
        quote! {
            //! The constraints of the model's shapes, with patterns translated to Rust regexes.
            #(#items)*
        }
    }

    fn validators(&self) -> TokenStream {
        let impls = super::structures::held_structures(self.service)
            .filter(|s| s.validated)
            .map(|s| self.validator(s));
        quote! {
            //! `Validate` for every structure reachable from an operation input.
            #(#impls)*
        }
    }

    fn validator(&self, s: &Structure) -> TokenStream {
        let name = ident(&s.rust_name);
        let validation_root = &s.validation_root;
        let root = &self.root;
        let validation_mod = &root.validation;
        let types_mod = &root.types;
        let body = if s.kind == StructureKind::Union {
            let checked: Vec<(proc_macro2::Ident, TokenStream)> = s
                .members
                .iter()
                .filter_map(|m| {
                    let variant = ident(&m.variant_name);
                    let label = &m.label;
                    let check = self.member_check(label, m.target, m.sensitive)?;
                    Some((variant, check))
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
            // A stream's events or bytes are not in hand when the input is checked.
            let members = s
                .members
                .iter()
                .filter(|m| !matches!(m.ty, Type::EventStream(_) | Type::StreamingBlob))
                .filter_map(|m| {
                    let field = ident(&m.field_name);
                    let label = &m.label;
                    let check = self.member_check(label, m.target, m.sensitive)?;
                    Some(if m.required {
                        quote!({ let value = &self.#field; #check })
                    } else {
                        quote! {
                            if let ::std::option::Option::Some(value) = &self.#field {
                                #check
                            }
                        }
                    })
                });
            quote!(#(#members)*)
        };
        // A structure whose only checked member is an event stream checks nothing.
        let needs_check = !body.is_empty()
            && s.shape
                .is_some_and(|shape| self.service.shape(shape).needs_check);
        let unused = (!needs_check).then(|| quote!(let _ = v;));
        let allow = super::allow_deprecated(&s.members);
        // `#[inline]`: a validator is compiled where something validates the structure (an
        // operation's call, or `validate()`), not in the crate for every structure.
        quote! {
            #allow
            impl #validation_mod::Validate for #types_mod::#name {
                const ROOT: &'static str = #validation_root;
                #[inline]
                fn validate_members(&self, v: &mut #validation_mod::Validator) {
                    #unused
                    #body
                }
            }
        }
    }

    /// The statements that check the member `label`, bound to `value` (a reference), of
    /// shape `shape`, or `None` when there is nothing to check. A check of one call takes
    /// the label as its first argument; others put it on the path (`enter`) and take it off
    /// again (`leave`).
    fn member_check(&self, label: &str, shape: ShapeId, sensitive: bool) -> Option<TokenStream> {
        Some(match self.check_parts(quote!(value), shape, sensitive)? {
            Check::Call(method, args) => {
                let method = ident(&format!("member_{method}"));
                quote!(v.#method(#label, #args);)
            }
            Check::Statements(check) => quote!(let mark = v.enter(#label); #check v.leave(mark);),
        })
    }

    /// The statements that check `value` (a reference) of shape `shape`, or `None` when
    /// there is nothing to check.
    fn check(&self, value: TokenStream, shape: ShapeId, sensitive: bool) -> Option<TokenStream> {
        Some(match self.check_parts(value, shape, sensitive)? {
            Check::Call(method, args) => {
                let method = ident(method);
                quote!(v.#method(#args);)
            }
            Check::Statements(check) => check,
        })
    }

    /// A string or enum shape's limits and pattern, as arguments of a check, or `None` when
    /// it has none.
    fn string_rules(&self, shape: &ValueShape) -> Option<TokenStream> {
        let rules_mod = &self.root.rules;
        let rules = shape.rules.as_ref()?;
        self.named.borrow_mut().insert(rules.limits.clone());
        let limits = ident(&rules.limits);
        let pattern = match &rules.pattern {
            Some(p) => {
                let p = ident(p);
                quote!(::std::option::Option::Some(&#rules_mod::#p))
            }
            None => quote!(::std::option::Option::None),
        };
        Some(quote!(&#rules_mod::#limits, #pattern))
    }

    /// Whether a list of `element` is checked by one call: its items are structures with
    /// checks, or strings (not enums) with rules.
    fn is_list_call(&self, element: ShapeId) -> bool {
        let element = self.service.shape(element);
        element.needs_check
            && match element.kind {
                ValueKind::Structure(_) => true,
                ValueKind::String => element.rules.is_some(),
                _ => false,
            }
    }

    /// What checks `value` (a reference) of shape `shape`, or `None` when there is nothing
    /// to check.
    fn check_parts(&self, value: TokenStream, shape: ShapeId, sensitive: bool) -> Option<Check> {
        let shape: &ValueShape = self.service.shape(shape);
        if !shape.needs_check {
            return None;
        }
        let root = &self.root;
        let validation_mod = &root.validation;
        let rules_mod = &root.rules;
        let limits = shape.rules.as_ref().map(|rules| {
            self.named.borrow_mut().insert(rules.limits.clone());
            let ident = ident(&rules.limits);
            quote!(&#rules_mod::#ident)
        });
        let sensitive = sensitive || shape.sensitive;
        Some(match &shape.kind {
            ValueKind::String | ValueKind::Enum => {
                let rules = self.string_rules(shape)?;
                let text = if shape.kind == ValueKind::Enum {
                    quote!(#value.as_str())
                } else {
                    quote!(#value)
                };
                Check::Call("string", quote!(#text, #rules, #sensitive))
            }
            ValueKind::Number(ty) => {
                let limits = limits?;
                let number = match ty {
                    Type::F64 => quote!(*#value),
                    Type::I64 => quote!(*#value as f64),
                    Type::BigInteger | Type::BigDecimal => quote!(#value.to_f64()),
                    _ => quote!(f64::from(*#value)),
                };
                Check::Call("number", quote!(#number, #limits))
            }
            ValueKind::Blob => {
                let limits = limits?;
                Check::Call("length", quote!(#value.as_bytes().len(), #limits))
            }
            // A list of structures or of strings is one call on the validator (a sparse
            // list's null items have nothing to check, so it keeps its loop).
            ValueKind::List(element) if !shape.sparse && self.is_list_call(*element) => {
                let limits = match limits {
                    Some(l) => quote!(::std::option::Option::Some(#l)),
                    None => quote!(::std::option::Option::None),
                };
                let element = self.service.shape(*element);
                match element.kind {
                    ValueKind::Structure(_) => Check::Call("structures", quote!(#value, #limits)),
                    _ => {
                        let rules = self.string_rules(element)?;
                        let sensitive = sensitive || element.sensitive;
                        Check::Call("strings", quote!(#value, #limits, #rules, #sensitive))
                    }
                }
            }
            ValueKind::List(element) => {
                let length = limits.map(|l| quote!(v.length(#value.len(), #l);));
                let items = self.check(quote!(item), *element, sensitive).map(|check| {
                    // A sparse list's null items have nothing to check.
                    let check = present(shape.sparse, quote!(item), check);
                    quote! {
                        for (index, item) in #value.iter().enumerate() {
                            let mark = v.enter_item(index);
                            #check
                            v.leave(mark);
                        }
                    }
                });
                Check::Statements(quote!(#length #items))
            }
            ValueKind::Map(key, val) => {
                let length = limits.map(|l| quote!(v.length(#value.len(), #l);));
                // An enum key's check takes the enum (it reads `as_str` itself).
                let key_is_enum = self.service.shape(*key).kind == ValueKind::Enum;
                let key_value = if key_is_enum {
                    quote!(key)
                } else {
                    quote!(key.as_str())
                };
                let key_check = self.check(key_value, *key, sensitive);
                let value_check = self
                    .check(quote!(value), *val, sensitive)
                    .map(|check| present(shape.sparse, quote!(value), check));
                let entries = (key_check.is_some() || value_check.is_some()).then(|| {
                    let value_binding = if value_check.is_some() {
                        quote!(value)
                    } else {
                        quote!(_)
                    };
                    quote! {
                        for (key, #value_binding) in #validation_mod::sorted_entries(#value) {
                            let mark = v.enter_key(key.as_ref());
                            #key_check
                            #value_check
                            v.leave(mark);
                        }
                    }
                });
                Check::Statements(quote!(#length #entries))
            }
            // A boxed member's value is a `Box`, which validates as what it holds.
            ValueKind::Structure(_) => Check::Call("structure", quote!(#value)),
            ValueKind::Bool | ValueKind::Timestamp | ValueKind::Document => return None,
        })
    }
}

/// How a value is checked.
enum Check {
    /// One call on the validator: the method's name and its arguments.
    Call(&'static str, TokenStream),
    /// Statements.
    Statements(TokenStream),
}

/// The statics of a shape's limits and pattern.
fn rule_statics(name: &str, shape: &ValueShape, rules: &RuleStatics) -> TokenStream {
    let limits = ident(&rules.limits);
    let c = &shape.constraints;
    let min = option(c.min);
    let max = option(c.max);
    let pattern = c
        .pattern
        .as_ref()
        .zip(rules.pattern.as_ref())
        .map(|(p, static_name)| {
            let java = &p.java;
            let pattern = ident(static_name);
            let (doc, value) = match &p.check {
                PatternCheck::Linear(formula) => {
                    let formula = formula_tokens(formula);
                    (
                        format!(" `{name}`"),
                        quote!(#VALIDATE::Pattern::new(#java, &#formula)),
                    )
                }
                // The reasons are in the generator's warnings; rustdoc would read their regex
                // text as Markdown.
                PatternCheck::Backtracking { regex, .. } => (
                    format!(" `{name}`, checked by a backtracking engine under a step limit, as a linear-time regex cannot express it; a value that runs out of steps is accepted with a warning."),
                    quote!(#VALIDATE::Pattern::backtracking(#java, #regex)),
                ),
                PatternCheck::Unchecked { why } => (
                    format!(" `{name}`, not checked: neither regex engine can run it, so values are accepted with a warning that says why."),
                    quote!(#VALIDATE::Pattern::unchecked(#java, #why)),
                ),
            };
            quote! {
                #[doc = #doc]
                pub(crate) static #pattern: #VALIDATE::Pattern = #value;
            }
        });
    let doc = format!(" Limits of `{name}`.");
    quote! {
        #[doc = #doc]
        pub(crate) static #limits: #VALIDATE::Limits =
            #VALIDATE::Limits { min: #min, max: #max };
        #pattern
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
        Formula::Match(re) => quote!(#VALIDATE::Formula::Match(#re)),
        Formula::Not(inner) => {
            let inner = formula_tokens(inner);
            quote!(#VALIDATE::Formula::Not(&#inner))
        }
        Formula::All(items) => {
            let items = items.iter().map(formula_tokens);
            quote!(#VALIDATE::Formula::All(&[#(#items),*]))
        }
        Formula::Any(items) => {
            let items = items.iter().map(formula_tokens);
            quote!(#VALIDATE::Formula::Any(&[#(#items),*]))
        }
    }
}

/// `check` of `value`, run only when the value is not null in a sparse collection.
fn present(sparse: bool, value: TokenStream, check: TokenStream) -> TokenStream {
    if sparse {
        quote!(if let ::std::option::Option::Some(#value) = #value { #check })
    } else {
        check
    }
}
