//! Emits paginators (`into_paginator()`, a stream of pages and of items) and waiters
//! (`wait_until_*()` with compiled acceptors).

use super::client::delegating_setters;
use super::jmespath::{literal, typed, value};
use super::{ident, type_tokens};
use crate::ir::jmespath::Expr;
use crate::ir::{AcceptorState, Matcher, Operation, Paginator, Service, Type, Waiter};
use proc_macro2::TokenStream;
use quote::quote;

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

/// The paths of an operation's output type, its error enum and its fluent builder.
fn operation_types(service: &Service, op: &Operation) -> (TokenStream, TokenStream, TokenStream) {
    let root = super::root(service);
    let output = super::client::output_type(service, op);
    let error = ident(&op.error_name);
    let fluent = ident(&op.fluent_name);
    (
        output,
        quote!(#root::error::#error),
        quote!(#root::operation::#fluent),
    )
}

/// Whether `None`/empty tokens end pagination for a token type.
fn non_empty(ty: &Type, token: TokenStream) -> TokenStream {
    match ty {
        Type::String | Type::List(_) | Type::Map(..) => quote!(#token.filter(|t| !t.is_empty())),
        _ => token,
    }
}

fn paginator(service: &Service, p: &Paginator) -> Option<TokenStream> {
    let root = super::root(service);
    let op = service.operation(p.operation);
    // Lowering drops the paginators of operations without input.
    let input = service.input_of(op)?;
    let (output, error, fluent) = operation_types(service, op);
    let traits = super::client::request_traits(op, Some(input), &quote!(input));
    let name = ident(&p.type_name);
    let next_token_fn = ident(&p.next_token_fn);
    let items_fn = ident(&p.items_fn);
    let wire = &op.wire_name;
    let token_types: Vec<TokenStream> = p
        .output_tokens
        .iter()
        .map(|(_, ty)| type_tokens(&root, ty))
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
        let names: Vec<_> = p.token_locals.iter().map(|t| ident(t)).collect();
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
        let parts: Vec<_> = p.token_locals.iter().map(|t| ident(t)).collect();
        let nones = fields.iter().map(|_| quote!(::std::option::Option::None));
        quote! {
            let (#(#parts),*) = token.unwrap_or((#(#nones),*));
            #(input.#fields = #parts;)*
        }
    };
    let page_size = p.limit.as_ref().map(|limit| {
        let method = ident(&limit.setter_name);
        let ty = type_tokens(&root, &limit.ty);
        let doc = format!(
            " Asks for at most `size` items per page (sets `{}`).",
            limit.label
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
            let item = type_tokens(&root, item);
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
        impl #fluent {
            #[doc = #into_doc]
            pub fn into_paginator(self) -> #name {
                #name { fluent: self }
            }
        }

        #[doc = #doc]
        #[derive(Clone, Debug)]
        pub struct #name {
            fluent: #fluent,
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
                    .map_err(|e| #root::error::SdkError::new(#wire, #root::error::SdkErrorKind::Construction(::std::string::ToString::to_string(&e))));
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
    let root = super::root(service);
    let op = service.operation(w.operation);
    let input = service.input_of(op)?;
    let (output, error, fluent) = operation_types(service, op);
    let traits = super::client::request_traits(op, Some(input), &quote!(input));
    let name = ident(&w.type_name);
    let method = ident(&w.fn_name);
    let op_method = ident(&op.fn_name);
    let classify = ident(&w.classify_fn);
    let waiter_name = &w.name;
    let op_wire = &op.wire_name;
    let delay = u64::from(w.delay);
    let setters = delegating_setters(&root, input, quote!(fluent));
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
        None => format!(" Waits for `{}` by polling `{op_wire}`.", w.name),
    };
    let method_doc = format!(
        " Polls `{op_wire}` every {} s until the `{}` waiter's acceptors decide; set the input like the operation's builder, then call `wait(max_wait)`. botocore gives up after {} polls.",
        w.delay, w.name, w.max_attempts
    );
    let allow = super::allow_deprecated(&input.members);
    Some(quote! {
        impl #root::client::Client {
            #[doc = #method_doc]
            pub fn #method(&self) -> #name {
                #name { fluent: self.#op_method(), delay: ::std::time::Duration::from_secs(#delay) }
            }
        }

        #[doc = #doc]
        #[derive(Clone, Debug)]
        pub struct #name {
            fluent: #fluent,
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
                    error: #root::error::SdkError::new(#waiter_name, #root::error::SdkErrorKind::Construction(::std::string::ToString::to_string(&e))),
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

        fn #classify(result: &::std::result::Result<#output, #root::error::SdkError<#error>>) -> ::std::option::Option<(crate::runtime::waiter::State, &'static str)> {
            #(#acceptors)*
            ::std::option::Option::None
        }
    })
}
