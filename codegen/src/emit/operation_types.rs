//! The Rust types an operation's code names, shared by the client and the flows: the operation's type (its input, or a wrapper of an input several operations share), how code reaches the input's fields, and the output type.

use super::ident;
use crate::ir::{Operation, Service};
use proc_macro2::TokenStream;
use quote::quote;

/// The Rust output type of an operation: its output structure, or `Empty` when the model
/// gives it none.
pub(super) fn output_type(service: &Service, op: &Operation) -> TokenStream {
    let root = super::root(service);
    let types_mod = &root.types;
    let operation_mod = &root.operation;
    match op.output {
        Some(id) => {
            let name = ident(&service.structure(id).rust_name);
            quote!(#types_mod::#name)
        }
        None => quote!(#operation_mod::Empty),
    }
}

/// The type that stands for an operation (`Client::send` takes it, `Call` is bound to it):
/// its input structure, or the wrapper of an input several operations share.
pub(super) fn operation_type(service: &Service, op: &Operation) -> TokenStream {
    let root = super::root(service);
    let types_mod = &root.types;
    let operation_mod = &root.operation;
    match &op.shared_input_name {
        Some(name) => {
            let name = ident(name);
            quote!(#operation_mod::#name)
        }
        None => {
            let name = ident(&service.input_of(op).rust_name);
            quote!(#types_mod::#name)
        }
    }
}

/// How code with `self` of the operation's type reaches the input's fields.
pub(super) fn input_access(op: &Operation) -> TokenStream {
    if op.shared_input_name.is_some() {
        quote!(self.0)
    } else {
        quote!(self)
    }
}
