//! Emits paginators (the runtime's `Paginated` impls: where tokens go and come from) and
//! waiters (`wait_until_*()` with their acceptors compiled to Rust).

use super::ident;
use super::jmespath::{literal, typed, value};
use super::operation_types::{input_access, operation_type, output_type};
use super::runtime_symbols::*;
use crate::ir::{Acceptor, AcceptorState, Matcher, Paginator, Service, Type, WaitSchedule, Waiter};
use crate::lang::jmespath::Expr;
use proc_macro2::TokenStream;
use quote::quote;

/// `src/paginator.rs`.
pub fn paginators(service: &Service) -> TokenStream {
    let items = service.paginators.iter().map(|p| paginator(service, p));
    quote! {
        //! Paginators: `into_paginator()` on a paginated operation's builder gives a stream of
        //! pages (`send()`) or of items (`items()`); the impls here say where the page tokens go.
        pub use #PAGINATE::{Items, PagedItems, Pages, Paginated, Paginator};
        #(#items)*
    }
}

/// Whether `None`/empty tokens end pagination for a token type.
fn non_empty(ty: &Type, token: TokenStream) -> TokenStream {
    match ty {
        Type::String | Type::List(_) | Type::Map(..) => quote!(#token.filter(|t| !t.is_empty())),
        _ => token,
    }
}

fn paginator(service: &Service, p: &Paginator) -> TokenStream {
    let op = service.operation(p.operation);
    let input_structure = service.input_of(op);
    let op_type = operation_type(service, op);
    let access = input_access(op);
    let output = output_type(service, op);
    let token_types: Vec<TokenStream> = p
        .output_tokens
        .iter()
        .map(|(_, ty)| super::Std::short(service).ty(ty))
        .collect();
    let single = p.output_tokens.len() == 1;
    let token_ty = if single {
        token_types[0].clone()
    } else {
        quote!((#(Option<#token_types>),*))
    };
    let reads: Vec<TokenStream> = p
        .output_tokens
        .iter()
        .map(|(expr, ty)| {
            let read = typed(expr);
            non_empty(ty, quote!(#read.cloned()))
        })
        .collect();
    let more = p.more_results.as_ref().map(|expr| {
        let v = value(service, expr);
        quote! {
            if !#v.truthy() {
                return None;
            }
        }
    });
    let next_token_body = if single {
        let read = &reads[0];
        quote!(#read)
    } else {
        let names: Vec<_> = p.token_locals.iter().map(|t| ident(t)).collect();
        quote! {
            #(let #names = #reads;)*
            if #(#names.is_none())&&* {
                return None;
            }
            Some((#(#names),*))
        }
    };
    // A required member is set directly; an optional one takes the `Option`.
    let assign = |field: &str, value: TokenStream| {
        let required = input_structure
            .members
            .iter()
            .any(|m| m.field_name == field && m.required);
        let field = ident(field);
        if required {
            quote!(if let Some(value) = #value { #access.#field = value; })
        } else {
            quote!(#access.#field = #value;)
        }
    };
    let set_tokens = if single {
        assign(&p.input_tokens[0], quote!(token))
    } else {
        let parts: Vec<_> = p.token_locals.iter().map(|t| ident(t)).collect();
        let nones = parts.iter().map(|_| quote!(None));
        let sets = p
            .input_tokens
            .iter()
            .zip(&parts)
            .map(|(field, part)| assign(field, quote!(#part)));
        quote! {
            let (#(#parts),*) = token.unwrap_or((#(#nones),*));
            #(#sets)*
        }
    };
    let (page_size_ty, set_page_size) = match &p.limit {
        Some(limit) => {
            let ty = super::Std::short(service).ty(&limit.ty);
            (ty, assign(&limit.setter_name, quote!(Some(size))))
        }
        None => (quote!(::std::convert::Infallible), quote!(match size {})),
    };
    let items = match p.result_keys.as_slice() {
        [(expr, item)] => {
            let item = super::Std::short(service).ty(item);
            let take = match expr {
                Expr::Field {
                    base,
                    field,
                    required,
                    boxed: false,
                    ..
                } if matches!(**base, Expr::Current { .. }) => {
                    let field = ident(field);
                    if *required {
                        quote!(page.#field)
                    } else {
                        quote!(page.#field.unwrap_or_default())
                    }
                }
                other => {
                    let read = typed(other);
                    quote!({ let cur = Some(&page); #read.cloned().unwrap_or_default() })
                }
            };
            Some(quote! {
                impl PagedItems for #op_type {
                    type Item = #item;
                    fn items(page: #output) -> Vec<#item> {
                        #take
                    }
                }
            })
        }
        _ => None,
    };
    quote! {
        impl Paginated for #op_type {
            type Token = #token_ty;
            type PageSize = #page_size_ty;
            fn set_token(&mut self, token: Option<#token_ty>) {
                #set_tokens
            }
            fn next_token(page: &#output) -> Option<#token_ty> {
                let cur = Some(page);
                #more
                #next_token_body
            }
            fn set_page_size(&mut self, size: #page_size_ty) {
                #set_page_size
            }
        }
        #items
    }
}

/// `src/waiter.rs`.
pub fn waiters(service: &Service) -> TokenStream {
    // The waiter methods of a builder are generic: written once per polled operation.
    let mut seen = std::collections::BTreeSet::new();
    let items: Vec<_> = service
        .waiters
        .iter()
        .map(|w| waiter(service, w, seen.insert(w.operation)))
        .collect();
    quote! {
        //! Waiters: `client.wait_until_*()` gives the polled operation's input builder bound to
        //! the waiter; set the input, then `wait(max_wait)` polls until the acceptors decide.
        pub use #WAITER::{Wait, WaiterError};
        #(#items)*
    }
}

/// A path acceptor's expression, whether it reads `{input, output}`, and its test of the
/// expression's `value`; `None` for other acceptors.
fn path_test(a: &Acceptor) -> Option<(&Expr, bool, TokenStream)> {
    let (expr, test) = match &a.matcher {
        Matcher::Path(expr, expected) => {
            let expected = literal(expected);
            (expr, quote!(value == #expected))
        }
        Matcher::PathAll(expr, expected) => {
            let expected = literal(expected);
            (expr, quote!(#JMES::all_equal(&value, &#expected)))
        }
        Matcher::PathAny(expr, expected) => {
            let expected = literal(expected);
            (expr, quote!(#JMES::any_equal(&value, &#expected)))
        }
        _ => return None,
    };
    Some((expr, a.reads_input, test))
}

/// The acceptors in order, each an `if` that returns its decision; consecutive path
/// acceptors of one expression (ec2's `InstanceRunning` tests
/// `Reservations[].Instances[].State.Name` four times) evaluate it once. `input` is the
/// `InputOutput` field that reaches the input struct from the classifier's `input`
/// parameter.
fn acceptors(service: &Service, acceptors: &[Acceptor], input: &TokenStream) -> Vec<TokenStream> {
    let mut out = Vec::new();
    let mut rest = acceptors;
    while let Some(first) = rest.first() {
        let Some((expr, reads_input, _)) = path_test(first) else {
            out.push(other_acceptor(first));
            rest = &rest[1..];
            continue;
        };
        let run: Vec<(&Acceptor, TokenStream)> = rest
            .iter()
            .map_while(|a| match path_test(a) {
                Some((e, r, test)) if e == expr && r == reads_input => Some((a, test)),
                _ => None,
            })
            .collect();
        let v = value(service, expr);
        let root = if reads_input {
            quote!(let both = #WAITER::InputOutput { #input, output }; let cur = Some(&both);)
        } else {
            quote!(let cur = Some(output);)
        };
        let tests = run.iter().map(|(a, test)| {
            let found = decision(a);
            quote!(if #test { #found })
        });
        out.push(quote! {
            if let Ok(output) = result {
                #root
                let value = #v;
                #(#tests)*
            }
        });
        rest = &rest[run.len()..];
    }
    out
}

/// The statement that returns an acceptor's decision.
fn decision(a: &Acceptor) -> TokenStream {
    let state = match a.state {
        AcceptorState::Success => quote!(Success),
        AcceptorState::Failure => quote!(Failure),
        AcceptorState::Retry => quote!(Retry),
    };
    let description = &a.description;
    quote!(return Some((#WAITER::State::#state, #description));)
}

/// An acceptor on the status or the error, as an `if` that returns its decision.
fn other_acceptor(a: &Acceptor) -> TokenStream {
    let found = decision(a);
    let test = match &a.matcher {
        Matcher::Status(code) => quote!(#WAITER::status(result) == #code),
        Matcher::ErrorCode(code) => quote!(#WAITER::error_code(result) == Some(#code)),
        Matcher::AnyError(true) => quote!(result.is_err()),
        Matcher::AnyError(false) => quote!(result.is_ok()),
        Matcher::Path(..) | Matcher::PathAll(..) | Matcher::PathAny(..) => quote!(false),
    };
    quote! {
        if #test {
            #found
        }
    }
}

fn waiter(service: &Service, w: &Waiter, first: bool) -> TokenStream {
    let root = super::root(service);
    let types_mod = &root.types;
    let error_mod = &root.error;
    let client_mod = &root.client;
    let builders_mod = &root.builders;
    let op = service.operation(w.operation);
    let input_structure = service.input_of(op);
    let input = ident(&input_structure.rust_name);
    let op_type = operation_type(service, op);
    let builder = ident(&input_structure.builder_name);
    let output = output_type(service, op);
    let error = ident(&op.error_name);
    let name = ident(&w.type_name);
    let method = ident(&w.fn_name);
    let classify = ident(&w.classify_fn);
    let waiter_name = &w.name;
    let (schedule, polls) = match w.schedule {
        WaitSchedule::Fixed {
            delay,
            max_attempts,
        } => {
            let secs = u64::from(delay);
            (
                quote!(#WAITER::Schedule::Fixed(::std::time::Duration::from_secs(#secs))),
                format!("every {delay} s until the `{}` waiter's acceptors decide; set the input like the operation's builder, then call `wait(max_wait)`. botocore gives up after {max_attempts} polls.", w.name),
            )
        }
        WaitSchedule::Backoff {
            min_delay,
            max_delay,
        } => {
            let (min, max) = (u64::from(min_delay), u64::from(max_delay));
            (
                quote!(#WAITER::Schedule::Backoff {
                    min: ::std::time::Duration::from_secs(#min),
                    max: ::std::time::Duration::from_secs(#max),
                }),
                format!("with jittered delays that double from {min_delay} s up to {max_delay} s until the `{}` waiter's acceptors decide; set the input like the operation's builder, then call `wait(max_wait)`.", w.name),
            )
        }
    };
    let input_struct = if op.shared_input_name.is_some() {
        quote!(input: &input.0)
    } else {
        quote!(input)
    };
    let acceptors = acceptors(service, &w.acceptors, &input_struct);
    let input_param = if w.acceptors.iter().any(|a| a.reads_input) {
        quote!(input)
    } else {
        quote!(_input)
    };
    let doc = match &w.description {
        Some(d) => format!(" {d}"),
        None => format!(" Waits for `{}` by polling `{}`.", w.name, op.wire_name),
    };
    let method_doc = format!(" Polls `{}` {polls}", op.wire_name);
    let methods = first
        .then(|| quote!(#RUNTIME::waiter_builder!(#builders_mod::#builder, #types_mod::#input);));
    quote! {
        impl #client_mod::Client {
            #[doc = #method_doc]
            pub fn #method(&self) -> #name {
                let wait = Wait::new(self.0.call(), #waiter_name, #schedule, #classify);
                #builders_mod::#builder::new(wait)
            }
        }

        #[doc = #doc]
        pub type #name = #builders_mod::#builder<Wait<#op_type>>;
        #methods

        fn #classify(#input_param: &#op_type, result: &Result<#output, #error_mod::SdkError<#error_mod::#error>>) -> Option<(#WAITER::State, &'static str)> {
            #(#acceptors)*
            None
        }
    }
}
