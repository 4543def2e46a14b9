//! Emits paginators (`into_paginator()`, a stream of pages and of items) and waiters
//! (`wait_until_*()` with compiled acceptors).

use super::client::delegating_setters;
use super::jmespath::{literal, token_type, typed, value};
use super::{ident, type_tokens};
use crate::ir::jmespath::Expr;
use crate::ir::names;
use crate::ir::{AcceptorState, Matcher, Paginator, Service, Type, Waiter};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

/// `src/paginator.rs`.
pub fn paginators(service: &Service) -> TokenStream {
    let items = service
        .paginators
        .iter()
        .filter_map(|p| paginator(service, p));
    quote! {
        //! Paginators: `into_paginator()` on a paginated operation's builder gives a stream of
        //! pages (`send()`) or of items (`items()`).
        pub use crate::runtime::paginate::{Items, Pages};
        #(#items)*
    }
}

fn operation_types(
    service: &Service,
    operation: &str,
) -> Option<(TokenStream, TokenStream, TokenStream, proc_macro2::Ident)> {
    let op = service
        .operations
        .iter()
        .find(|o| o.wire_name == operation)?;
    let input = ident(op.input.as_ref()?);
    let output = super::client::output_type(op);
    let error = format_ident!("{}Error", names::type_name(operation));
    let fluent = format_ident!("{}FluentBuilder", names::type_name(operation));
    Some((
        quote!(crate::types::#input),
        quote!(#output),
        quote!(crate::error::#error),
        fluent,
    ))
}

/// The IR operation named `operation` and its input structure, if it has one.
fn operation_and_input<'a>(
    service: &'a Service,
    operation: &str,
) -> Option<(&'a crate::ir::Operation, Option<&'a crate::ir::Structure>)> {
    let op = service
        .operations
        .iter()
        .find(|o| o.wire_name == operation)?;
    let input = service
        .structures
        .iter()
        .find(|s| Some(&s.rust_name) == op.input.as_ref());
    Some((op, input))
}

/// Whether `None`/empty tokens end pagination for a token type.
fn non_empty(ty: &Type, token: TokenStream) -> TokenStream {
    match ty {
        Type::String | Type::List(_) | Type::Map(..) => quote!(#token.filter(|t| !t.is_empty())),
        _ => token,
    }
}

fn paginator(service: &Service, p: &Paginator) -> Option<TokenStream> {
    let (_input, output, error, fluent) = operation_types(service, &p.operation)?;
    let (op, input_structure) = operation_and_input(service, &p.operation)?;
    let traits = super::client::request_traits(op, input_structure, &quote!(input));
    let name = format_ident!("{}Paginator", names::type_name(&p.operation));
    let next_token_fn = format_ident!("{}_next_token", names::bare(&names::fn_name(&p.operation)));
    let items_fn = format_ident!("{}_items", names::bare(&names::fn_name(&p.operation)));
    let wire = &p.operation;
    let token_types: Vec<TokenStream> = p
        .output_tokens
        .iter()
        .map(|(_, ty)| token_type(ty))
        .collect();
    let single = p.output_tokens.len() == 1;
    let token_ty = if single {
        token_types[0].clone()
    } else {
        quote!((#(::std::option::Option<#token_types>),*))
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
                return ::std::option::Option::None;
            }
        }
    });
    let next_token_body = if single {
        let read = &reads[0];
        quote!(#read)
    } else {
        let names: Vec<_> = (0..reads.len())
            .map(|i| format_ident!("token_{}", i))
            .collect();
        quote! {
            #(let #names = #reads;)*
            if #(#names.is_none())&&* {
                return ::std::option::Option::None;
            }
            ::std::option::Option::Some((#(#names),*))
        }
    };
    let set_tokens = if single {
        let field = ident(&p.input_tokens[0]);
        quote!(input.#field = token;)
    } else {
        let fields: Vec<_> = p.input_tokens.iter().map(|f| ident(f)).collect();
        let parts: Vec<_> = (0..fields.len())
            .map(|i| format_ident!("token_{}", i))
            .collect();
        let nones = fields.iter().map(|_| quote!(::std::option::Option::None));
        quote! {
            let (#(#parts),*) = token.unwrap_or((#(#nones),*));
            #(input.#fields = #parts;)*
        }
    };
    let page_size = p.limit.as_ref().map(|(field, ty)| {
        let method = ident(field);
        let ty = type_tokens(ty);
        let doc = format!(
            " Asks for at most `size` items per page (sets `{}`).",
            names::bare(field)
        );
        quote! {
            #[doc = #doc]
            pub fn page_size(mut self, size: #ty) -> Self {
                self.fluent = self.fluent.#method(size);
                self
            }
        }
    });
    let items = match p.result_keys.as_slice() {
        [(expr, item)] => {
            let item = type_tokens(item);
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
                    quote!({ let cur = ::std::option::Option::Some(&page); #read.cloned().unwrap_or_default() })
                }
            };
            Some(quote! {
                /// Every item of every page, as a stream.
                pub fn items(self) -> crate::runtime::paginate::Items<#output, #error, #token_ty, #item> {
                    crate::runtime::paginate::Items::new(self.send(), #items_fn)
                }
            })
            .map(|method| (method, quote! {
                fn #items_fn(page: #output) -> ::std::vec::Vec<#item> {
                    #take
                }
            }))
        }
        _ => None,
    };
    let (items_method, items_fn_def) = items.unzip();
    let doc = format!(" Pages of `{wire}`; drop the stream to stop early.");
    let into_doc = format!(" Pages through `{wire}`, following its page token.");
    Some(quote! {
        impl crate::operation::#fluent {
            #[doc = #into_doc]
            pub fn into_paginator(self) -> #name {
                #name { fluent: self }
            }
        }

        #[doc = #doc]
        #[derive(Clone, Debug)]
        pub struct #name {
            fluent: crate::operation::#fluent,
        }

        impl #name {
            #page_size

            /// The pages, as a stream.
            pub fn send(self) -> crate::runtime::paginate::Pages<#output, #error, #token_ty> {
                let client = self.fluent.client;
                let policy = self.fluent.validation;
                let fetch = self
                    .fluent
                    .input
                    .build()
                    .map(|input| -> crate::runtime::paginate::Fetch<#output, #error, #token_ty> {
                        ::std::boxed::Box::new(move |token| {
                            let mut input = input.clone();
                            #set_tokens
                            let client = client.clone();
                            let traits = #traits;
                            ::std::boxed::Box::pin(async move { client.invoke::<_, #output, #error>(#wire, &input, policy, traits).await })
                        })
                    })
                    .map_err(|e| crate::error::SdkError::new(#wire, crate::error::SdkErrorKind::Construction(::std::string::ToString::to_string(&e))));
                crate::runtime::paginate::Pages::new(#wire, fetch, #next_token_fn)
            }

            #items_method
        }

        fn #next_token_fn(output: &#output) -> ::std::option::Option<#token_ty> {
            let cur = ::std::option::Option::Some(output);
            #more
            #next_token_body
        }

        #items_fn_def
    })
}

/// `src/waiter.rs`.
pub fn waiters(service: &Service) -> TokenStream {
    let items = service.waiters.iter().filter_map(|w| waiter(service, w));
    quote! {
        //! Waiters: `client.wait_until_*()` polls an operation until its acceptors decide.
        pub use crate::runtime::waiter::WaiterError;
        #(#items)*
    }
}

fn waiter(service: &Service, w: &Waiter) -> Option<TokenStream> {
    let (_input, output, error, fluent) = operation_types(service, &w.operation)?;
    let (op, input) = operation_and_input(service, &w.operation)?;
    let input = input?;
    let traits = super::client::request_traits(op, Some(input), &quote!(input));
    let name = ident(&w.type_name);
    let method = ident(&w.fn_name);
    let op_method = ident(&op.fn_name);
    let classify = format_ident!("classify_{}", names::bare(&names::fn_name(&w.name)));
    let waiter_name = &w.name;
    let op_wire = &w.operation;
    let delay = u64::from(w.delay);
    let setters = delegating_setters(input, quote!(fluent));
    let acceptors = w.acceptors.iter().map(|a| {
        let state = match a.state {
            AcceptorState::Success => quote!(Success),
            AcceptorState::Failure => quote!(Failure),
            AcceptorState::Retry => quote!(Retry),
        };
        let description = &a.description;
        let found = quote!(return ::std::option::Option::Some((crate::runtime::waiter::State::#state, #description)););
        match &a.matcher {
            Matcher::Path(expr, expected) | Matcher::PathAll(expr, expected) | Matcher::PathAny(expr, expected) => {
                let v = value(service, expr);
                let expected = literal(expected);
                let test = match &a.matcher {
                    Matcher::Path(..) => quote!(value == #expected),
                    Matcher::PathAll(..) => quote!(crate::runtime::jmes::all_equal(&value, &#expected)),
                    _ => quote!(crate::runtime::jmes::any_equal(&value, &#expected)),
                };
                quote! {
                    if let ::std::result::Result::Ok(output) = result {
                        let cur = ::std::option::Option::Some(output);
                        let value = #v;
                        if #test {
                            #found
                        }
                    }
                }
            }
            Matcher::Status(code) => quote! {
                let status = match result {
                    ::std::result::Result::Ok(_) => 200,
                    ::std::result::Result::Err(e) => e.meta().map_or(0, |m| m.status),
                };
                if status == #code {
                    #found
                }
            },
            Matcher::ErrorCode(code) => quote! {
                if let ::std::result::Result::Err(e) = result {
                    if e.meta().and_then(|m| m.code.as_deref()) == ::std::option::Option::Some(#code) {
                        #found
                    }
                }
            },
            Matcher::AnyError(any) => {
                let test = if *any { quote!(result.is_err()) } else { quote!(result.is_ok()) };
                quote! {
                    if #test {
                        #found
                    }
                }
            }
        }
    });
    let doc = match &w.description {
        Some(d) => format!(" {d}"),
        None => format!(" Waits for `{}` by polling `{}`.", w.name, w.operation),
    };
    let method_doc = format!(
        " Polls `{}` every {} s until the `{}` waiter's acceptors decide; set the input like the operation's builder, then call `wait(max_wait)`. botocore gives up after {} polls.",
        w.operation, w.delay, w.name, w.max_attempts
    );
    let allow = super::allow_deprecated(&input.members);
    Some(quote! {
        impl crate::client::Client {
            #[doc = #method_doc]
            pub fn #method(&self) -> #name {
                #name { fluent: self.#op_method(), delay: ::std::time::Duration::from_secs(#delay) }
            }
        }

        #[doc = #doc]
        #[derive(Clone, Debug)]
        pub struct #name {
            fluent: crate::operation::#fluent,
            delay: ::std::time::Duration,
        }

        #allow
        impl #name {
            #(#setters)*

            /// The time between polls (the model's default unless set).
            pub fn delay(mut self, delay: ::std::time::Duration) -> Self {
                self.delay = delay;
                self
            }

            /// Polls until an acceptor decides or `max_wait` has passed. Returns the last
            /// output, or `None` when the success acceptor matched an error.
            pub async fn wait(self, max_wait: ::std::time::Duration) -> ::std::result::Result<::std::option::Option<#output>, crate::runtime::waiter::WaiterError<#error>> {
                let client = self.fluent.client;
                let policy = self.fluent.validation;
                let input = self.fluent.input.build().map_err(|e| crate::runtime::waiter::WaiterError::Unexpected {
                    waiter: #waiter_name,
                    error: crate::error::SdkError::new(#waiter_name, crate::error::SdkErrorKind::Construction(::std::string::ToString::to_string(&e))),
                })?;
                crate::runtime::waiter::wait(
                    #waiter_name,
                    self.delay,
                    max_wait,
                    move || {
                        let client = client.clone();
                        let input = input.clone();
                        let traits = #traits;
                        ::std::boxed::Box::pin(async move { client.invoke::<_, #output, #error>(#op_wire, &input, policy, traits).await })
                    },
                    #classify,
                )
                .await
            }
        }

        fn #classify(result: &::std::result::Result<#output, crate::error::SdkError<#error>>) -> ::std::option::Option<(crate::runtime::waiter::State, &'static str)> {
            #(#acceptors)*
            ::std::option::Option::None
        }
    })
}
