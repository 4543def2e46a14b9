//! Emitters: one module per concern, each turning IR into token streams or text files.

mod builders;
mod client;
mod crate_files;
pub use crate_files::runtime_version;
mod defaults;
pub use defaults::json_tokens;
mod enums;
mod errors;
mod flows;
mod http;
mod jmespath;
mod manifest;
mod operation_types;
mod parts;
mod readme;
pub(crate) mod runtime_symbols;
mod streams;
mod structures;
mod transfer;
mod validators;
mod vendored;

use crate::ir::{CrateOptions, Service, Type};
use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;
use runtime_symbols::EVENT_STREAM;
use std::path::PathBuf;

/// The contents of one generated file, before rendering.
pub enum FileContent {
    /// Rust tokens, pretty-printed by the renderer.
    Rust(TokenStream),
    /// Rust source copied verbatim (runtime helpers).
    RustVerbatim(String),
    /// A TOML file (`Cargo.toml`, `rustfmt.toml`).
    Text(String),
    /// A Markdown file (`README.md`).
    Markdown(String),
}

/// One generated file.
pub struct EmittedFile {
    /// Path relative to the crate root.
    pub path: PathBuf,
    /// What goes in it.
    pub content: FileContent,
}

/// Emits every file of the crate: the service's code first, then the frame (manifest and,
/// vendored, the runtime) for what that code uses.
pub fn emit(service: &Service, options: &CrateOptions) -> Vec<EmittedFile> {
    let vendored = options.runtime == crate::ir::RuntimeSource::Vendored;
    let (mut files, modules) = service_code(service, options);
    files.extend(crate_files::service_files(
        service, &modules, true, vendored,
    ));
    let needs = crate_files::Needs::of(service, &used(&files));
    files.extend(crate_files::frame(
        needs,
        options,
        &crate_files::description(service),
        Some(service),
    ));
    if let Some(split) = &service.split {
        for (index, part) in split.parts.iter().enumerate() {
            files.extend(parts::part_files(
                &service.as_part(index),
                options,
                &part.dir,
            ));
        }
    }
    files
}

/// What the Rust files name outside their crate.
pub(super) fn used(files: &[EmittedFile]) -> runtime_symbols::Used {
    let mut used = runtime_symbols::Used::default();
    for file in files {
        if let FileContent::Rust(tokens) = &file.content {
            used.add(tokens);
        }
    }
    used
}

/// Emits one crate holding several services, each in its own module, over one runtime: the
/// services are compiled together, once.
pub fn emit_bundle(
    members: &[(String, Service)],
    options: &CrateOptions,
    description: &str,
) -> Vec<EmittedFile> {
    let mut files = Vec::new();
    let mut needs = crate_files::Needs::default();
    for (module, service) in members {
        let mut service = service.clone();
        service.place_in_module(module);
        let (mut own, modules) = service_code(&service, options);
        own.extend(crate_files::service_files(&service, &modules, false, false));
        needs = needs.union(crate_files::Needs::of(&service, &used(&own)));
        for file in own {
            let relative = file.path.strip_prefix("src").unwrap_or(&file.path);
            let path = if relative == std::path::Path::new("lib.rs") {
                PathBuf::from("src").join(module).join("mod.rs")
            } else {
                PathBuf::from("src").join(module).join(relative)
            };
            files.push(EmittedFile {
                path,
                content: file.content,
            });
        }
    }
    files.extend(crate_files::frame(needs, options, description, None));
    let modules: Vec<String> = members.iter().map(|(m, _)| m.clone()).collect();
    files.push(rust(
        "src/lib.rs",
        crate_files::bundle_lib_rs(
            description,
            &modules,
            options.runtime == crate::ir::RuntimeSource::Vendored,
        ),
    ));
    files
}

/// A module of a service (`error`, `client`, `types::builders`, ...), registered by the
/// emitter that writes it, with its visibility and the crate feature that compiles it. Its
/// parent (the service's `lib.rs` or bundle `mod.rs`, `types/mod.rs`, `validation.rs`)
/// declares what was registered under it.
pub(crate) struct Module {
    /// The parent module's path from the service's root (`""` for the root itself).
    pub parent: &'static str,
    /// The module's name.
    pub name: &'static str,
    /// Whether it is `pub`.
    pub public: bool,
    /// The crate feature it needs, if any.
    pub gate: Option<&'static str>,
}

impl Module {
    /// A public module at the service's root.
    fn root(name: &'static str, gate: Option<&'static str>) -> Self {
        Module {
            parent: "",
            name,
            public: true,
            gate,
        }
    }

    /// A module inside `parent`.
    fn inside(parent: &'static str, name: &'static str, public: bool) -> Self {
        Module {
            parent,
            name,
            public,
            gate: None,
        }
    }
}

/// The declarations of the modules registered under `parent`, in name order.
pub(crate) fn declarations(modules: &[Module], parent: &str) -> TokenStream {
    let mut children: Vec<&Module> = modules.iter().filter(|m| m.parent == parent).collect();
    children.sort_by_key(|m| m.name);
    let declarations = children.into_iter().map(|m| {
        let name = ident(m.name);
        let gate = m.gate.map(|feature| quote!(#[cfg(feature = #feature)]));
        let vis = m.public.then(|| quote!(pub));
        quote! {
            #gate
            #[rustfmt::skip]
            #vis mod #name;
        }
    });
    quote!(#(#declarations)*)
}

/// The modules every crate of a service has: its errors, primitives and types.
pub(super) fn type_modules() -> Vec<Module> {
    vec![
        Module::root("error", None),
        Module::root("primitives", None),
        Module::root("types", None),
        Module::inside("types", "builders", true),
        Module::inside("types", "enums", false),
        Module::inside("types", "structures", false),
    ]
}

/// The service's code, and the modules it registers; `validation.rs` declares its own.
pub(super) fn service_code(
    service: &Service,
    options: &CrateOptions,
) -> (Vec<EmittedFile>, Vec<Module>) {
    let mut files = vec![
        rust(
            "src/types/structures.rs",
            structures::emit_structures(service),
        ),
        rust("src/types/builders.rs", builders::emit_builders(service)),
        rust("src/types/enums.rs", enums::emit(service)),
        rust("src/error.rs", errors::emit(service)),
    ];
    let mut modules = type_modules();
    if service.has_validation_module() {
        let validation = vec![
            Module::inside("validation", "rules", false),
            Module::inside("validation", "validators", false),
        ];
        for (path, mut tokens) in validators::emit(service) {
            if path == "src/validation.rs" {
                tokens.extend(declarations(&validation, "validation"));
            }
            files.push(rust(path, tokens));
        }
        modules.extend(validation);
        modules.push(Module::root("validation", None));
    }
    // A part of a split service holds types only; the client is the service's crate's.
    if service.part.is_some() {
        return (files, modules);
    }
    for (name, gate, tokens) in client::emit(service, options) {
        files.push(rust(&format!("src/{name}.rs"), tokens));
        modules.push(Module::root(name, Some(gate)));
    }
    if service.protocol.client.is_some() {
        files.push(rust("src/paginator.rs", flows::paginators(service)));
        files.push(rust("src/waiter.rs", flows::waiters(service)));
        for name in ["paginator", "waiter"] {
            modules.push(Module::root(name, Some("client")));
        }
    }
    (files, modules)
}

fn rust(path: &str, tokens: TokenStream) -> EmittedFile {
    EmittedFile {
        path: PathBuf::from(path),
        content: FileContent::Rust(tokens),
    }
}

/// The path of the service's root module (`crate`, or `crate::<module>` in a bundle), which
/// every path into the service's own modules starts with.
pub(crate) fn root(service: &Service) -> runtime_symbols::CrateRoot {
    runtime_symbols::CrateRoot::new(&service.module_root)
}

/// An identifier from a name decided by `ir::names` (`r#type` becomes a raw identifier).
pub(crate) fn ident(name: &str) -> Ident {
    match name.strip_prefix("r#") {
        Some(raw) => Ident::new_raw(raw, Span::call_site()),
        None => Ident::new(name, Span::call_site()),
    }
}

/// Doc lines with the leading space prettyplease needs to print `/// text`.
fn doc_lines(text: &str) -> impl Iterator<Item = String> + '_ {
    text.lines().map(|line| {
        if line.is_empty() {
            String::new()
        } else {
            format!(" {line}")
        }
    })
}

/// `#[doc = " ..."]` attributes for Markdown, one per line; `fallback` when there is none.
pub(crate) fn doc_attrs(markdown: &str, fallback: &str) -> TokenStream {
    let text = if markdown.trim().is_empty() {
        fallback
    } else {
        markdown
    };
    let lines = doc_lines(text);
    quote!(#(#[doc = #lines])*)
}

/// `#![doc = " ..."]` attributes for Markdown, for crate and module docs.
pub(crate) fn inner_doc_attrs(markdown: &str) -> TokenStream {
    let lines = doc_lines(markdown);
    quote!(#(#![doc = #lines])*)
}

/// The Rust type of a value, with full paths so shapes named `Option` or `String` still work;
/// `root` is the service's root module.
pub(crate) fn type_tokens(root: &runtime_symbols::CrateRoot, ty: &Type) -> TokenStream {
    let primitives_mod = &root.primitives;
    let types_mod = &root.types;
    match ty {
        Type::String => quote!(::std::string::String),
        Type::Bool => quote!(bool),
        Type::I32 => quote!(i32),
        Type::I64 => quote!(i64),
        Type::F32 => quote!(f32),
        Type::F64 => quote!(f64),
        Type::Timestamp => quote!(#primitives_mod::DateTime),
        Type::BigInteger => quote!(#primitives_mod::BigInteger),
        Type::BigDecimal => quote!(#primitives_mod::BigDecimal),
        Type::Blob => quote!(#primitives_mod::Blob),
        Type::StreamingBlob => quote!(#primitives_mod::StreamingBody),
        Type::Document => quote!(#primitives_mod::Document),
        Type::Named { rust_name, .. } => {
            let name = ident(rust_name);
            quote!(#types_mod::#name)
        }
        Type::List(element) => {
            let element = type_tokens(root, element);
            quote!(::std::vec::Vec<#element>)
        }
        Type::Map(key, value) => {
            let key = type_tokens(root, key);
            let value = type_tokens(root, value);
            quote!(::std::collections::HashMap<#key, #value>)
        }
        Type::Nullable(item) => {
            let item = type_tokens(root, item);
            quote!(::std::option::Option<#item>)
        }
        Type::EventStream(union) => {
            let union = type_tokens(root, union);
            quote!(#EVENT_STREAM::EventStream<#union>)
        }
    }
}

/// `#[allow(deprecated)]` for code that touches members of which some are deprecated.
pub(crate) fn allow_deprecated(members: &[crate::ir::Member]) -> Option<TokenStream> {
    members
        .iter()
        .any(|m| m.deprecated)
        .then(|| quote!(#[allow(deprecated)]))
}

/// How the standard library's prelude items are spelled in one generated file: short, or
/// in full where a model type defined in that file shadows a prelude name (the symbol
/// provider's [`Service::prelude_shadowed`](crate::ir::Service::prelude_shadowed)).
pub(crate) struct Std {
    pub root: runtime_symbols::CrateRoot,
    pub option: TokenStream,
    pub string: TokenStream,
    pub vec: TokenStream,
    pub boxed: TokenStream,
    pub into: TokenStream,
    pub default_fn: TokenStream,
}

impl Std {
    /// Short names: for files that define no model types.
    pub fn short(service: &Service) -> Self {
        Std {
            root: root(service),
            option: quote!(Option),
            string: quote!(String),
            vec: quote!(Vec),
            boxed: quote!(Box),
            into: quote!(Into),
            default_fn: quote!(Default::default),
        }
    }

    /// Full paths where the service's types shadow a prelude name, else short names: for
    /// the files that define the types.
    pub fn for_types(service: &Service) -> Self {
        if !service.prelude_shadowed {
            return Self::short(service);
        }
        Std {
            root: root(service),
            option: quote!(::std::option::Option),
            string: quote!(::std::string::String),
            vec: quote!(::std::vec::Vec),
            boxed: quote!(::std::boxed::Box),
            into: quote!(::std::convert::Into),
            default_fn: quote!(::std::default::Default::default),
        }
    }

    /// The Rust type of a value.
    pub fn ty(&self, ty: &Type) -> TokenStream {
        match ty {
            Type::String => self.string.clone(),
            Type::Bool => quote!(bool),
            Type::I32 => quote!(i32),
            Type::I64 => quote!(i64),
            Type::F32 => quote!(f32),
            Type::F64 => quote!(f64),
            // Paths into the crate are the same either way.
            Type::Timestamp
            | Type::Blob
            | Type::StreamingBlob
            | Type::BigInteger
            | Type::BigDecimal
            | Type::Document
            | Type::Named { .. }
            | Type::EventStream(_) => type_tokens(&self.root, ty),
            Type::List(element) => {
                let element = self.ty(element);
                let vec = &self.vec;
                quote!(#vec<#element>)
            }
            Type::Map(key, value) => {
                let key = self.ty(key);
                let value = self.ty(value);
                quote!(::std::collections::HashMap<#key, #value>)
            }
            Type::Nullable(item) => {
                let item = self.ty(item);
                let option = &self.option;
                quote!(#option<#item>)
            }
        }
    }
}

/// Whether values of the type are `Copy`, so getters return them by value.
pub(crate) fn is_copy(ty: &Type) -> bool {
    matches!(
        ty,
        Type::Bool | Type::I32 | Type::I64 | Type::F32 | Type::F64 | Type::Timestamp
    )
}

#[cfg(test)]
mod tests;
