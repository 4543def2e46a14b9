//! Emits the client: `Client` with a method per operation, a fluent builder per operation,
//! `Client::send` for prebuilt inputs, and the transport and test-util re-exports.

use super::structures::setter_params;
use super::{doc_attrs, ident, type_tokens};
use crate::ir::docs::first_sentence;
use crate::ir::{ClientProtocol, CrateOptions, HostPrefixPart, Operation, Service, Structure};
use proc_macro2::TokenStream;
use quote::quote;

/// `src/client.rs`, `src/operation.rs`, `src/transport.rs` and `src/test_util.rs`, or
/// nothing when the service speaks no protocol the generator supports.
pub fn emit(service: &Service, options: &CrateOptions) -> Vec<(&'static str, TokenStream)> {
    let Some(ClientProtocol::AwsJson(json_version)) = &service.protocol.client else {
        return Vec::new();
    };
    let mut files = vec![
        (
            "src/client.rs",
            client(service, options, json_version.as_str()),
        ),
        ("src/operation.rs", operations(service)),
        (
            "src/transport.rs",
            quote! {
                //! The HTTP layer the client sends through; implement [`Transport`] to replace it.
                pub use crate::runtime::transport::{HttpRequest, HttpResponse, HyperTransport, Transport, TransportError, TransportErrorKind, TransportFuture};
            },
        ),
        (
            "src/test_util.rs",
            quote! {
                //! Test helpers (feature `test-util`): a transport that replays canned responses.
                pub use crate::runtime::mock::MockTransport;
            },
        ),
    ];
    files.push(("src/endpoint.rs", endpoint(service)));
    files
}

/// `src/endpoint.rs`: the model's rule set and the partitions, resolved by the runtime's
/// rules engine; without a rule set, the regional endpoint `https://{prefix}.{region}.amazonaws.com`.
fn endpoint(service: &Service) -> TokenStream {
    let body = match &service.endpoint_rules {
        Some((rules, partitions)) => quote! {
            static RULES: &str = #rules;
            static PARTITIONS: &str = #partitions;
            static PARSED: ::std::sync::OnceLock<::std::result::Result<(::serde_json::Value, ::serde_json::Value), ::std::string::String>> =
                ::std::sync::OnceLock::new();
            let (rules, partitions) = PARSED
                .get_or_init(|| {
                    let rules = ::serde_json::from_str(RULES).map_err(|e| e.to_string())?;
                    let partitions = ::serde_json::from_str(PARTITIONS).map_err(|e| e.to_string())?;
                    ::std::result::Result::Ok((rules, partitions))
                })
                .as_ref()
                .map_err(|e| EndpointError(::std::format!("the embedded rule set does not parse: {e}")))?;
            crate::runtime::endpoint::resolve(rules, partitions, params)
        },
        None => {
            let prefix = &service.protocol.endpoint_prefix;
            quote! {
                if let ::std::option::Option::Some(url) = &params.endpoint {
                    return ::std::result::Result::Ok(url.clone());
                }
                let region = params.region.as_deref().ok_or_else(|| EndpointError("no region".into()))?;
                ::std::result::Result::Ok(::std::format!("https://{}.{}.amazonaws.com", #prefix, region))
            }
        }
    };
    quote! {
        //! Endpoint resolution: region, FIPS, dual-stack and an override URL, through the
        //! model's endpoint rule set.
        pub use crate::runtime::endpoint::{EndpointError, EndpointParams};

        /// The endpoint URL for these parameters, or why there is none.
        pub fn resolve(params: &EndpointParams) -> ::std::result::Result<::std::string::String, EndpointError> {
            #body
        }
    }
}

fn client(service: &Service, options: &CrateOptions, json_version: &str) -> TokenStream {
    let root = super::root(service);
    let p = &service.protocol;
    let target_prefix = p.target_prefix.clone().unwrap_or_default();
    let signing_name = &p.signing_name;
    let endpoint_prefix = &p.endpoint_prefix;
    let user_agent = format!(
        "{}/{} (rust; generated from botocore)",
        options.package_name, options.version
    );
    let methods = service.operations.iter().map(|op| {
        let method = ident(&op.fn_name);
        let fluent = ident(&op.fluent_name);
        let docs = doc_attrs(&op.docs, &format!("Calls `{}`.", op.wire_name));
        let deprecated = op.deprecated.then(|| quote!(#[deprecated]));
        quote! {
            #docs
            #deprecated
            pub fn #method(&self) -> #root::operation::#fluent {
                #root::operation::#fluent::new(self.clone())
            }
        }
    });
    quote! {
        //! The client: a method per operation, each returning a fluent builder whose `send()`
        //! validates, signs and sends the request.
        pub use crate::runtime::config::{Config, ConfigBuilder, ConfigError, Credentials};
        pub use crate::runtime::profile::{CredentialsError, CredentialsFuture, DefaultCredentialsChain, Environment, ProvideCredentials, SdkCredentialsProvider};
        pub use crate::runtime::retry::RetryConfig;

        pub(crate) static SERVICE: crate::runtime::json_rpc::ServiceInfo = crate::runtime::json_rpc::ServiceInfo {
            target_prefix: #target_prefix,
            json_version: #json_version,
            signing_name: #signing_name,
            endpoint_prefix: #endpoint_prefix,
            resolve_endpoint: #root::endpoint::resolve,
            user_agent: #user_agent,
        };

        /// A client for the service. Cheap to clone: clones share configuration and connections.
        #[derive(Clone, Debug)]
        pub struct Client {
            config: ::std::sync::Arc<Config>,
        }

        impl Client {
            /// A client with this configuration.
            pub fn new(config: Config) -> Self {
                Client { config: ::std::sync::Arc::new(config) }
            }

            /// A client configured from the environment (see [`Config::from_env`]).
            pub async fn from_env() -> ::std::result::Result<Self, ConfigError> {
                Config::from_env().map(Self::new)
            }

            /// The configuration.
            pub fn config(&self) -> &Config {
                &self.config
            }

            /// Sends a prebuilt input of any operation.
            pub async fn send<I: #root::operation::Operation>(
                &self,
                input: &I,
            ) -> ::std::result::Result<I::Output, #root::error::SdkError<I::Error>> {
                crate::runtime::json_rpc::invoke(&self.config, &SERVICE, I::NAME, input, ::std::option::Option::None, input.request_traits()).await
            }

            /// Sends `input` as `operation`; the types say what comes back.
            pub(crate) async fn invoke<I, O, E>(
                &self,
                operation: &'static str,
                input: &I,
                policy: ::std::option::Option<#root::validation::Policy>,
                traits: crate::runtime::json_rpc::RequestTraits,
            ) -> ::std::result::Result<O, #root::error::SdkError<E>>
            where
                I: ::serde::Serialize + #root::validation::Validate,
                O: ::serde::de::DeserializeOwned,
                E: #root::error::OperationError,
            {
                crate::runtime::json_rpc::invoke(&self.config, &SERVICE, operation, input, policy, traits).await
            }

            #(#methods)*
        }
    }
}

fn operations(service: &Service) -> TokenStream {
    let items = service
        .operations
        .iter()
        .filter_map(|op| operation(service, op));
    quote! {
        //! A fluent builder per operation, and [`Operation`] for sending prebuilt inputs.
        pub use crate::runtime::json_rpc::{Empty, Operation};
        #(#items)*
    }
}

/// The Rust output type of an operation: its output structure, or `Empty` when the model
/// gives it none.
pub(super) fn output_type(service: &Service, op: &Operation) -> TokenStream {
    let root = super::root(service);
    match op.output {
        Some(id) => {
            let name = ident(&service.structure(id).rust_name);
            quote!(#root::types::#name)
        }
        None => quote!(#root::operation::Empty),
    }
}

/// Setters that pass each input member on to the builder in `self.#target`, with a one-line
/// summary and a link to the builder's full docs.
pub(super) fn delegating_setters(
    root: &TokenStream,
    input: &Structure,
    target: TokenStream,
) -> Vec<TokenStream> {
    let builder = &input.builder_name;
    input
        .members
        .iter()
        .map(|m| {
            let setter = ident(&m.setter_name);
            let set = ident(&m.set_name);
            let ty = type_tokens(root, &m.ty);
            let (params, args) = setter_params(root, m);
            // Doc links stay crate-relative: the docs of a bundle's modules are not built.
            let link = format!(
                " See [`{builder}::{0}`](crate::types::builders::{builder}::{0}).",
                m.label
            );
            let summary = format!(" {}", first_sentence(&m.docs));
            let deprecated = m.deprecated.then(|| quote!(#[deprecated]));
            quote! {
                #[doc = #summary]
                #[doc = ""]
                #[doc = #link]
                #deprecated
                pub fn #setter(mut self, #params) -> Self {
                    self.#target = self.#target.#setter(#args);
                    self
                }
                #[doc = #link]
                #deprecated
                pub fn #set(mut self, value: ::std::option::Option<#ty>) -> Self {
                    self.#target = self.#target.#set(value);
                    self
                }
            }
        })
        .collect()
}

fn operation(service: &Service, op: &Operation) -> Option<TokenStream> {
    let root = super::root(service);
    let output = output_type(service, op);
    let wire = &op.wire_name;
    let error = ident(&op.error_name);
    let fluent = ident(&op.fluent_name);
    let Some(input) = service.input_of(op) else {
        let traits = request_traits(op, None, &quote!(input));
        // The model gives no input: the request body is an empty object.
        let doc = format!(" Sends `{wire}`: {}", first_sentence(&op.docs));
        return Some(quote! {
            #[doc = #doc]
            #[derive(Clone, Debug)]
            pub struct #fluent {
                pub(crate) client: #root::client::Client,
            }

            impl #fluent {
                pub(crate) fn new(client: #root::client::Client) -> Self {
                    #fluent { client }
                }

                /// Sends the request.
                pub async fn send(self) -> ::std::result::Result<#output, #root::error::SdkError<#root::error::#error>> {
                    self.client.invoke::<_, #output, #root::error::#error>(#wire, &Empty {}, ::std::option::Option::None, #traits).await
                }
            }
        });
    };
    let input_name = ident(&input.rust_name);
    let traits = request_traits(op, Some(input), &quote!(input));
    let own_traits = request_traits(op, Some(input), &quote!(self));
    let traits_method = (op.host_prefix.is_some() || op.gzip_request).then(|| {
        quote! {
            fn request_traits(&self) -> crate::runtime::json_rpc::RequestTraits {
                #own_traits
            }
        }
    });
    let builder = ident(&input.builder_name);
    let doc = format!(" Builds and sends `{wire}`: {}", first_sentence(&op.docs));
    let setters = delegating_setters(&root, input, quote!(input));
    let allow = super::allow_deprecated(&input.members);
    // `Client::send` finds the operation from the input type, so only an input that belongs
    // to one operation can implement `Operation`.
    let operation_impl = (!op.input_shared).then(|| {
        quote! {
            impl Operation for #root::types::#input_name {
                type Output = #output;
                type Error = #root::error::#error;
                const NAME: &'static str = #wire;
                #traits_method
            }
        }
    });
    Some(quote! {
        #operation_impl

        #[doc = #doc]
        #[derive(Clone, Debug)]
        pub struct #fluent {
            pub(crate) client: #root::client::Client,
            pub(crate) input: #root::types::builders::#builder,
            pub(crate) validation: ::std::option::Option<#root::validation::Policy>,
        }

        #allow
        impl #fluent {
            pub(crate) fn new(client: #root::client::Client) -> Self {
                #fluent { client, input: ::std::default::Default::default(), validation: ::std::option::Option::None }
            }

            #(#setters)*

            /// Starts from a prebuilt input; setters called afterwards change it.
            pub fn with_input(mut self, input: #root::types::#input_name) -> Self {
                self.input = input.into();
                self
            }

            /// Validates with this policy instead of the client's, for this request only.
            pub fn validation(mut self, policy: #root::validation::Policy) -> Self {
                self.validation = ::std::option::Option::Some(policy);
                self
            }

            /// Builds the input, validates it, and sends it.
            pub async fn send(self) -> ::std::result::Result<#output, #root::error::SdkError<#root::error::#error>> {
                let input = self.input.build().map_err(|e| {
                    #root::error::SdkError::new(#wire, #root::error::SdkErrorKind::Construction(::std::string::ToString::to_string(&e)))
                })?;
                let traits = #traits;
                self.client.invoke::<_, #output, #root::error::#error>(#wire, &input, self.validation, traits).await
            }
        }
    })
}

/// What the operation's model adds to the request for the input in `input`: the host
/// prefix with its labels filled in, and the compressor.
pub(super) fn request_traits(
    op: &Operation,
    input: Option<&Structure>,
    value: &TokenStream,
) -> TokenStream {
    let host_prefix = match &op.host_prefix {
        None => quote!(::std::option::Option::None),
        Some(prefix) => {
            let mut format = String::new();
            let mut args = Vec::new();
            for part in &prefix.parts {
                match part {
                    HostPrefixPart::Literal(text) => format.push_str(text),
                    HostPrefixPart::Label(i) => {
                        format.push_str("{}");
                        // The checks guarantee a string member of the input.
                        if let Some(m) = input.and_then(|input| input.members.get(*i)) {
                            let field = ident(&m.field_name);
                            args.push(if m.required {
                                quote!(#value.#field.as_str())
                            } else {
                                quote!(#value.#field.as_deref().unwrap_or_default())
                            });
                        }
                    }
                }
            }
            quote!(::std::option::Option::Some(
                ::std::format!(#format #(, #args)*)
            ))
        }
    };
    let compression = if op.gzip_request {
        quote!(::std::option::Option::Some((
            "gzip",
            crate::runtime::compress::gzip as crate::runtime::json_rpc::Compressor
        )))
    } else {
        quote!(::std::option::Option::None)
    };
    quote!(crate::runtime::json_rpc::RequestTraits { host_prefix: #host_prefix, compression: #compression })
}
