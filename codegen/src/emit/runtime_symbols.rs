//! Every path generated code spells into the runtime or into its own crate's modules: emitters name items through these symbols, so a module that moves changes here alone.

use proc_macro2::{Delimiter, Spacing, TokenStream, TokenTree};
use quote::{quote, ToTokens};

/// A module of the runtime crate that generated code reaches, as `crate::runtime::...`
/// (a re-export of the runtime crate, or its vendored copy).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum RuntimeModule {
    /// The runtime's root, where its exported macros live.
    Root,
    Blob,
    BuildError,
    Call,
    Checksum,
    FlexibleChecksum,
    Multipart,
    Compress,
    Config,
    Datetime,
    Endpoint,
    EventStream,
    Events,
    EventShapes,
    Float,
    Invoke,
    Jmes,
    Mock,
    Number,
    Paginate,
    Presign,
    Credentials,
    Operation,
    Pool,
    Redact,
    StreamingBody,
    Rest,
    RestEncoding,
    RestOutput,
    Retry,
    SdkError,
    Token,
    Transport,
    Union,
    Validate,
    Waiter,
}

/// The runtime feature that compiles a module's items.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum RuntimeFeature {
    /// Always compiled: types, builders, serde helpers and validation.
    Always,
    /// `client`: the call path, protocols, signing, transport, paginators and waiters.
    Client,
    /// `blob`: base64 blobs.
    Blob,
    /// `gzip`: request compression.
    Gzip,
    /// `checksum`: `Content-MD5` and the flexible checksums.
    Checksum,
    /// `eventstream`: event streams and their signing.
    EventStream,
    /// `test-util`: the mock transport.
    TestUtil,
}

impl RuntimeModule {
    /// The module's path segments under the runtime's root.
    pub(crate) const fn segments(self) -> &'static [&'static str] {
        match self {
            RuntimeModule::Root => &[],
            RuntimeModule::Blob => &["value", "blob"],
            RuntimeModule::BuildError => &["value", "build_error"],
            RuntimeModule::Datetime => &["value", "datetime"],
            RuntimeModule::EventStream => &["value", "event_stream"],
            RuntimeModule::Events => &["client", "events"],
            RuntimeModule::EventShapes => &["wire", "eventstream", "events"],
            RuntimeModule::Float => &["value", "float"],
            RuntimeModule::Number => &["value", "number"],
            RuntimeModule::Redact => &["value", "redact"],
            RuntimeModule::StreamingBody => &["value", "streaming_body"],
            RuntimeModule::Token => &["value", "token"],
            RuntimeModule::Union => &["value", "union"],
            RuntimeModule::Validate => &["validate"],
            RuntimeModule::Transport => &["http", "transport"],
            RuntimeModule::Mock => &["http", "mock"],
            RuntimeModule::Compress => &["http", "compress"],
            RuntimeModule::Checksum => &["http", "checksum"],
            RuntimeModule::FlexibleChecksum => &["http", "flexible_checksum"],
            RuntimeModule::Pool => &["http", "pool"],
            RuntimeModule::Rest => &["wire", "rest"],
            RuntimeModule::RestEncoding => &["wire", "rest_encoding"],
            RuntimeModule::RestOutput => &["wire", "rest_output"],
            RuntimeModule::SdkError => &["error"],
            RuntimeModule::Credentials => &["config", "credentials"],
            RuntimeModule::Retry => &["config", "retry"],
            RuntimeModule::Config => &["config", "settings"],
            RuntimeModule::Operation => &["client", "operation"],
            RuntimeModule::Endpoint => &["client", "endpoint"],
            RuntimeModule::Invoke => &["client", "invoke"],
            RuntimeModule::Multipart => &["client", "multipart"],
            RuntimeModule::Call => &["client", "call"],
            RuntimeModule::Paginate => &["client", "pages"],
            RuntimeModule::Presign => &["client", "presign"],
            RuntimeModule::Waiter => &["client", "waiter"],
            RuntimeModule::Jmes => &["client", "jmes"],
        }
    }

    /// The runtime feature the module is compiled under.
    pub(crate) const fn feature(self) -> RuntimeFeature {
        match self {
            RuntimeModule::Root
            | RuntimeModule::BuildError
            | RuntimeModule::Datetime
            | RuntimeModule::EventStream
            | RuntimeModule::Float
            | RuntimeModule::Number
            | RuntimeModule::Redact
            | RuntimeModule::StreamingBody
            | RuntimeModule::Token
            | RuntimeModule::Union
            | RuntimeModule::Validate => RuntimeFeature::Always,
            RuntimeModule::Blob => RuntimeFeature::Blob,
            RuntimeModule::Compress => RuntimeFeature::Gzip,
            RuntimeModule::Checksum | RuntimeModule::FlexibleChecksum => RuntimeFeature::Checksum,
            RuntimeModule::Events | RuntimeModule::EventShapes => RuntimeFeature::EventStream,
            RuntimeModule::Mock => RuntimeFeature::TestUtil,
            RuntimeModule::Transport
            | RuntimeModule::Pool
            | RuntimeModule::Rest
            | RuntimeModule::RestEncoding
            | RuntimeModule::RestOutput
            | RuntimeModule::Credentials
            | RuntimeModule::Operation
            | RuntimeModule::Retry
            | RuntimeModule::Config
            | RuntimeModule::SdkError
            | RuntimeModule::Endpoint
            | RuntimeModule::Invoke
            | RuntimeModule::Multipart
            | RuntimeModule::Call
            | RuntimeModule::Paginate
            | RuntimeModule::Presign
            | RuntimeModule::Waiter
            | RuntimeModule::Jmes => RuntimeFeature::Client,
        }
    }
}

impl ToTokens for RuntimeModule {
    fn to_tokens(&self, tokens: &mut TokenStream) {
        let segments = self.segments().iter().map(|s| super::ident(s));
        tokens.extend(quote!(crate::runtime #(::#segments)*));
    }
}

// Short names for the symbols, to interpolate in `quote!` (`#INVOKE::Protocol`).
pub(crate) const RUNTIME: RuntimeModule = RuntimeModule::Root;
pub(crate) const BLOB: RuntimeModule = RuntimeModule::Blob;
pub(crate) const BUILD_ERROR: RuntimeModule = RuntimeModule::BuildError;
pub(crate) const CALL: RuntimeModule = RuntimeModule::Call;
pub(crate) const CHECKSUM: RuntimeModule = RuntimeModule::Checksum;
pub(crate) const FLEXIBLE_CHECKSUM: RuntimeModule = RuntimeModule::FlexibleChecksum;
pub(crate) const COMPRESS: RuntimeModule = RuntimeModule::Compress;
pub(crate) const CONFIG: RuntimeModule = RuntimeModule::Config;
pub(crate) const DATETIME: RuntimeModule = RuntimeModule::Datetime;
pub(crate) const ENDPOINT: RuntimeModule = RuntimeModule::Endpoint;
pub(crate) const EVENT_STREAM: RuntimeModule = RuntimeModule::EventStream;
pub(crate) const EVENTS: RuntimeModule = RuntimeModule::Events;
pub(crate) const EVENT_SHAPES: RuntimeModule = RuntimeModule::EventShapes;
pub(crate) const FLOAT: RuntimeModule = RuntimeModule::Float;
pub(crate) const INVOKE: RuntimeModule = RuntimeModule::Invoke;
pub(crate) const JMES: RuntimeModule = RuntimeModule::Jmes;
pub(crate) const MOCK: RuntimeModule = RuntimeModule::Mock;
pub(crate) const MULTIPART: RuntimeModule = RuntimeModule::Multipart;
pub(crate) const NUMBER: RuntimeModule = RuntimeModule::Number;
pub(crate) const PAGINATE: RuntimeModule = RuntimeModule::Paginate;
pub(crate) const PRESIGN: RuntimeModule = RuntimeModule::Presign;
pub(crate) const CREDENTIALS: RuntimeModule = RuntimeModule::Credentials;
pub(crate) const OPERATION: RuntimeModule = RuntimeModule::Operation;
pub(crate) const POOL: RuntimeModule = RuntimeModule::Pool;
pub(crate) const REDACT: RuntimeModule = RuntimeModule::Redact;
pub(crate) const STREAMING_BODY: RuntimeModule = RuntimeModule::StreamingBody;
pub(crate) const REST: RuntimeModule = RuntimeModule::Rest;
pub(crate) const REST_ENCODING: RuntimeModule = RuntimeModule::RestEncoding;
pub(crate) const REST_OUTPUT: RuntimeModule = RuntimeModule::RestOutput;
pub(crate) const RETRY: RuntimeModule = RuntimeModule::Retry;
pub(crate) const SDK_ERROR: RuntimeModule = RuntimeModule::SdkError;
pub(crate) const TOKEN: RuntimeModule = RuntimeModule::Token;
pub(crate) const TRANSPORT: RuntimeModule = RuntimeModule::Transport;
pub(crate) const UNION: RuntimeModule = RuntimeModule::Union;
pub(crate) const VALIDATE: RuntimeModule = RuntimeModule::Validate;
pub(crate) const WAITER: RuntimeModule = RuntimeModule::Waiter;

/// Every module, for finding the ones emitted code names.
const ALL_MODULES: &[RuntimeModule] = &[
    RUNTIME,
    BLOB,
    BUILD_ERROR,
    CALL,
    CHECKSUM,
    FLEXIBLE_CHECKSUM,
    COMPRESS,
    CONFIG,
    CREDENTIALS,
    DATETIME,
    ENDPOINT,
    EVENT_STREAM,
    EVENTS,
    EVENT_SHAPES,
    FLOAT,
    INVOKE,
    JMES,
    MOCK,
    MULTIPART,
    NUMBER,
    OPERATION,
    PAGINATE,
    POOL,
    REDACT,
    STREAMING_BODY,
    REST,
    REST_ENCODING,
    REST_OUTPUT,
    RETRY,
    SDK_ERROR,
    TOKEN,
    TRANSPORT,
    UNION,
    VALIDATE,
    WAITER,
];

/// What emitted code uses beyond its own crate: the runtime's modules it names, and whether
/// it names `serde_json`. A crate's features and dependencies are derived from it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Used {
    /// Runtime modules named, by path (`crate::runtime::<segments>::...`).
    pub modules: std::collections::BTreeSet<&'static [&'static str]>,
    /// Whether `serde_json` is named (documents), so the crate depends on it.
    pub serde_json: bool,
}

impl Used {
    /// What `tokens` name.
    pub(crate) fn add(&mut self, tokens: &TokenStream) {
        let trees: Vec<TokenTree> = tokens.clone().into_iter().collect();
        for (i, tree) in trees.iter().enumerate() {
            match tree {
                TokenTree::Ident(ident) if ident == "serde_json" => self.serde_json = true,
                TokenTree::Ident(ident) if ident == "crate" => {
                    let mut at = i + 1;
                    if path_sep(&trees, at) && is_ident(trees.get(at + 2), "runtime") {
                        at += 3;
                        let mut paths = Vec::new();
                        use_tree(&trees, &mut at, Vec::new(), &mut paths);
                        for path in paths {
                            self.insert(&path);
                        }
                    }
                }
                TokenTree::Group(group) => self.add(&group.stream()),
                _ => {}
            }
        }
    }

    /// Records the module that `segments` (a path under the runtime) lies in: the longest
    /// module path it starts with.
    fn insert(&mut self, segments: &[String]) {
        let module = ALL_MODULES
            .iter()
            .filter(|m| {
                let path = m.segments();
                path.len() <= segments.len() && path.iter().zip(segments).all(|(a, b)| a == b)
            })
            .max_by_key(|m| m.segments().len());
        if let Some(module) = module {
            self.modules.insert(module.segments());
        }
    }

    /// Whether code names anything compiled under `feature`.
    pub(crate) fn feature(&self, feature: RuntimeFeature) -> bool {
        ALL_MODULES
            .iter()
            .any(|m| m.feature() == feature && self.modules.contains(m.segments()))
    }
}

/// Whether `trees[at..]` starts with `::`.
fn path_sep(trees: &[TokenTree], at: usize) -> bool {
    matches!(
        (trees.get(at), trees.get(at + 1)),
        (Some(TokenTree::Punct(a)), Some(TokenTree::Punct(b)))
            if a.as_char() == ':' && a.spacing() == Spacing::Joint && b.as_char() == ':'
    )
}

fn is_ident(tree: Option<&TokenTree>, name: &str) -> bool {
    matches!(tree, Some(TokenTree::Ident(ident)) if ident == name)
}

/// The paths a path continuing at `trees[*at]` names, after `prefix`: `::a::b` is one,
/// `::a::{b, c::{d, e}}` three. Stops at the first token that continues no path.
fn use_tree(trees: &[TokenTree], at: &mut usize, prefix: Vec<String>, out: &mut Vec<Vec<String>>) {
    let mut path = prefix;
    while path_sep(trees, *at) {
        match trees.get(*at + 2) {
            Some(TokenTree::Ident(ident)) => {
                path.push(ident.to_string());
                *at += 3;
            }
            Some(TokenTree::Group(group)) if group.delimiter() == Delimiter::Brace => {
                *at += 3;
                let inner: Vec<TokenTree> = group.stream().into_iter().collect();
                // Each comma-separated tree of the group, read as `name(::...)*`.
                let mut start = 0;
                while start < inner.len() {
                    let mut end = start;
                    while end < inner.len()
                        && !matches!(&inner[end], TokenTree::Punct(p) if p.as_char() == ',')
                    {
                        end += 1;
                    }
                    if let Some(TokenTree::Ident(first)) = inner.get(start) {
                        let mut item = path.clone();
                        item.push(first.to_string());
                        let mut i = start + 1;
                        use_tree(&inner[..end], &mut i, item, out);
                    }
                    start = end + 1;
                }
                return;
            }
            _ => break,
        }
    }
    out.push(path);
}

/// `pub use` of items of several runtime modules, as one item under their common prefix
/// (`pub use crate::runtime::client::{call::Call, operation::{Empty, Operation}};`).
pub(crate) fn pub_use(groups: &[(RuntimeModule, &[&str])]) -> TokenStream {
    let common = groups
        .iter()
        .map(|(m, _)| m.segments())
        .reduce(|a, b| {
            let same = a.iter().zip(b).take_while(|(x, y)| x == y).count();
            &a[..same]
        })
        .unwrap_or(&[]);
    let prefix = common.iter().map(|s| super::ident(s));
    let trees = groups.iter().map(|(module, items)| {
        let rest = module.segments()[common.len()..]
            .iter()
            .map(|s| super::ident(s));
        let items: Vec<_> = items.iter().map(|i| super::ident(i)).collect();
        let leaf = match items.as_slice() {
            [one] => quote!(#one),
            _ => quote!({ #(#items),* }),
        };
        quote!(#(#rest::)* #leaf)
    });
    quote!(pub use crate::runtime #(::#prefix)* ::{ #(#trees),* };)
}

/// What a vendored copy of the runtime writes for the macros' `$crate::`: the module the
/// copy lives in.
pub(crate) const VENDORED_MACRO_PATH: &str = "$crate::runtime::";

/// What a vendored copy of the runtime writes for its own modules' `crate::`.
pub(crate) const VENDORED_CRATE_PATH: &str = "crate::runtime::";

/// The modules of one service's own code, under its root (`crate`, or `crate::<module>` in
/// a bundle).
pub(crate) struct CrateRoot {
    /// `types`: structures, errors, unions and enums.
    pub types: TokenStream,
    /// `types::builders`.
    pub builders: TokenStream,
    /// `error`: the error enums, `SdkError`, `BuildError`.
    pub error: TokenStream,
    /// `operation`: one type per operation.
    pub operation: TokenStream,
    /// `validation`: the `Validate` impls.
    pub validation: TokenStream,
    /// `validation::rules`: the constraints as statics.
    pub rules: TokenStream,
    /// `primitives`: timestamps, blobs, big numbers, documents.
    pub primitives: TokenStream,
    /// `client`: the `Client`.
    pub client: TokenStream,
    /// `endpoint`: endpoint resolution.
    pub endpoint: TokenStream,
}

impl CrateRoot {
    /// The modules under `module_root` (`crate` or `crate::<module>`).
    pub(crate) fn new(module_root: &str) -> Self {
        let segments = module_root.split("::").map(super::ident);
        let root = quote!(#(#segments)::*);
        CrateRoot {
            types: quote!(#root::types),
            builders: quote!(#root::types::builders),
            error: quote!(#root::error),
            operation: quote!(#root::operation),
            validation: quote!(#root::validation),
            rules: quote!(#root::validation::rules),
            primitives: quote!(#root::primitives),
            client: quote!(#root::client),
            endpoint: quote!(#root::endpoint),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ALL: &[RuntimeModule] = ALL_MODULES;

    #[test]
    fn items_of_several_modules_are_one_use() {
        let tokens = pub_use(&[(CALL, &["Call"]), (OPERATION, &["Empty", "Operation"])]);
        let file: syn::File = syn::parse2(tokens.clone()).expect("a use item");
        assert_eq!(file.items.len(), 1);
        assert_eq!(
            tokens.to_string().replace(' ', ""),
            "pubusecrate::runtime::client::{call::Call,operation::{Empty,Operation}};"
        );
        let mut used = Used::default();
        used.add(&tokens);
        assert!(used.modules.contains(CALL.segments()));
        assert!(used.modules.contains(OPERATION.segments()));
        assert!(!used.modules.contains(RUNTIME.segments()));
    }

    #[test]
    fn used_modules_are_found_in_paths_groups_and_macros() {
        let mut used = Used::default();
        let blob = BLOB;
        let compress = COMPRESS;
        used.add(&quote!(pub use #blob::Blob; fn f() { g(#compress::gzip as fn()) }));
        used.add(&quote!(#RUNTIME::open_enum!(X {})));
        used.add(&quote!(
            type D = ::serde_json::Value;
        ));
        assert!(used.modules.contains(BLOB.segments()));
        assert!(used.modules.contains(COMPRESS.segments()));
        assert!(used.modules.contains(RUNTIME.segments()));
        assert!(!used.modules.contains(CHECKSUM.segments()));
        assert!(used.serde_json);
        assert!(used.feature(RuntimeFeature::Gzip) && used.feature(RuntimeFeature::Blob));
        assert!(!used.feature(RuntimeFeature::Client));
        let mut other = Used::default();
        other.add(&quote!(crate::runtimes::value::blob::Blob; crate::other::runtime::x));
        assert_eq!(other, Used::default());
    }

    #[test]
    fn runtime_modules_are_paths_under_the_runtime() {
        assert_eq!(
            INVOKE.to_token_stream().to_string(),
            "crate :: runtime :: client :: invoke"
        );
        assert_eq!(RUNTIME.to_token_stream().to_string(), "crate :: runtime");
        assert_eq!(
            CrateRoot::new("crate::ds").rules.to_string(),
            "crate :: ds :: validation :: rules"
        );
    }

    /// Every symbol names a module the runtime has, compiled under the feature the symbol
    /// says: the `#[cfg(feature = ...)]` on its declaration, or on its folder's in `lib.rs`.
    #[test]
    fn every_symbol_is_a_runtime_module_with_its_feature() {
        let source = |path: &str| {
            super::super::vendored::RUNTIME_SOURCES
                .iter()
                .find(|(p, _)| *p == path)
                .map(|(_, text)| *text)
        };
        let gate = |parent: &str, name: &str| -> Option<String> {
            let text = source(parent).unwrap_or_else(|| panic!("no runtime file {parent}"));
            let lines: Vec<&str> = text.lines().collect();
            let at = lines
                .iter()
                .position(|l| l.trim() == format!("pub mod {name};"))
                .unwrap_or_else(|| panic!("{parent} declares no `pub mod {name};`"));
            let above = lines[..at]
                .iter()
                .rev()
                .take_while(|l| l.trim_start().starts_with("#["));
            above
                .filter_map(|l| l.trim().strip_prefix("#[cfg(feature = \""))
                .map(|f| f.trim_end_matches("\")]").to_owned())
                .next()
        };
        for &module in ALL {
            let segments = module.segments();
            let mut features = Vec::new();
            let mut parent = "lib.rs".to_owned();
            for (i, segment) in segments.iter().enumerate() {
                features.extend(gate(&parent, segment));
                let dir: Vec<&str> = segments[..=i].to_vec();
                let file = format!("{}.rs", dir.join("/"));
                let folder = format!("{}/mod.rs", dir.join("/"));
                parent = if source(&folder).is_some() {
                    folder
                } else {
                    file
                };
                assert!(
                    source(&parent).is_some(),
                    "{module:?}: no runtime file {parent}"
                );
            }
            let expected = match module.feature() {
                RuntimeFeature::Always => None,
                RuntimeFeature::Client => Some("client"),
                RuntimeFeature::Blob => Some("blob"),
                RuntimeFeature::Gzip => Some("gzip"),
                RuntimeFeature::Checksum => Some("checksum"),
                RuntimeFeature::TestUtil => Some("test-util"),
                RuntimeFeature::EventStream => Some("eventstream"),
            };
            assert_eq!(
                features.last().map(String::as_str),
                expected,
                "{module:?}: gates {features:?}"
            );
        }
    }
}
