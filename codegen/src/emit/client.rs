//! Emits the client: `Client` with a method per operation, each operation's `Operation`
//! impl and fluent-builder alias, and the endpoint, transport and test-util modules.

use super::operation_types::{input_access, operation_type, output_type};
use super::runtime_symbols::*;
use super::{doc_attrs, ident};
use crate::ir::{
    BodyChecksum, ClientProtocol, CrateOptions, EndpointParamValue, HostPrefixPart, Operation,
    Service, Structure, Type,
};
use crate::lang::docs::first_sentence;
use proc_macro2::TokenStream;
use quote::quote;

/// The modules `client`, `operation`, `endpoint`, `transport` and `test_util`, each with the
/// crate feature that compiles it, or nothing when the service speaks no protocol the
/// generator supports.
pub fn emit(
    service: &Service,
    options: &CrateOptions,
) -> Vec<(&'static str, &'static str, TokenStream)> {
    if service.protocol.client.is_none() {
        return Vec::new();
    }
    vec![
        ("client", "client", client(service, options)),
        ("operation", "client", operations(service)),
        (
            "transport",
            "client",
            quote! {
                //! The HTTP layer the client sends through; implement [`Transport`] to replace it.
                pub use #TRANSPORT::{HttpRequest, HttpResponse, Transport, TransportError, TransportErrorKind, TransportFuture};
                pub use #POOL::HyperTransport;
            },
        ),
        (
            "test_util",
            "test-util",
            quote! {
                //! Test helpers (feature `test-util`): a transport that replays canned responses.
                pub use #MOCK::MockTransport;
            },
        ),
        ("endpoint", "client", endpoint(service)),
    ]
}

/// `src/endpoint.rs`: the model's rule set and the partitions, resolved by the runtime's
/// rules engine; without a rule set, the regional endpoint `https://{prefix}.{region}.amazonaws.com`.
fn endpoint(service: &Service) -> TokenStream {
    let body = match &service.endpoint_rules {
        Some((rules, partitions)) => quote! {
            static RULES: #ENDPOINT::RuleSet = #ENDPOINT::RuleSet::new(#rules, #partitions);
            RULES.resolve(params)
        },
        None => {
            let prefix = &service.protocol.endpoint_prefix;
            quote!(#ENDPOINT::regional(#prefix, params))
        }
    };
    quote! {
        //! Endpoint resolution: region, FIPS, dual-stack and an override URL, through the
        //! model's endpoint rule set.
        pub use #ENDPOINT::{Endpoint, EndpointError, EndpointParams};

        /// The endpoint for these parameters (its URL and signing scope), or why there is none.
        pub fn resolve(params: &EndpointParams) -> Result<Endpoint, EndpointError> {
            #body
        }
    }
}

/// The runtime's description of one protocol the client speaks.
fn protocol_tokens(service: &Service, protocol: &ClientProtocol) -> TokenStream {
    let target_prefix = service.protocol.target_prefix.clone().unwrap_or_default();
    match protocol {
        ClientProtocol::AwsJson(version) => {
            let version = version.as_str();
            quote!(#INVOKE::Protocol::AwsJson { target_prefix: #target_prefix, version: #version })
        }
        ClientProtocol::RestJson => quote!(#INVOKE::Protocol::RestJson),
        ClientProtocol::RpcV2Cbor => {
            quote!(#INVOKE::Protocol::RpcV2Cbor { service_name: #target_prefix })
        }
        ClientProtocol::AwsQuery => {
            let version = &service.api_version;
            quote!(#INVOKE::Protocol::AwsQuery { version: #version })
        }
        ClientProtocol::Ec2Query => {
            let version = &service.api_version;
            quote!(#INVOKE::Protocol::Ec2Query { version: #version })
        }
        ClientProtocol::RestXml => quote!(#INVOKE::Protocol::RestXml),
    }
}

/// The `PROTOCOLS` static: every protocol the client speaks, the default first; rpcv2Cbor
/// only with the crate's `cbor` feature.
fn protocols_static(service: &Service) -> TokenStream {
    let all: Vec<TokenStream> = service
        .protocol
        .clients
        .iter()
        .map(|p| protocol_tokens(service, p))
        .collect();
    let without_cbor: Vec<TokenStream> = service
        .protocol
        .clients
        .iter()
        .filter(|p| **p != ClientProtocol::RpcV2Cbor)
        .map(|p| protocol_tokens(service, p))
        .collect();
    if all.len() == without_cbor.len() {
        return quote!(static PROTOCOLS: &[#INVOKE::Protocol] = &[#(#all),*];);
    }
    quote! {
        #[cfg(feature = "cbor")]
        static PROTOCOLS: &[#INVOKE::Protocol] = &[#(#all),*];
        #[cfg(not(feature = "cbor"))]
        static PROTOCOLS: &[#INVOKE::Protocol] = &[#(#without_cbor),*];
    }
}

fn client(service: &Service, options: &CrateOptions) -> TokenStream {
    let protocols = protocols_static(service);
    let query_compatible = service.protocol.query_compatible;
    let default_headers = service
        .protocol
        .default_headers
        .iter()
        .map(|(name, value)| quote!((#name, #value)));
    let root = super::root(service);
    let operation_mod = &root.operation;
    let error_mod = &root.error;
    let endpoint_mod = &root.endpoint;
    let builders_mod = &root.builders;
    let p = &service.protocol;
    let signing_name = &p.signing_name;
    let endpoint_prefix = &p.endpoint_prefix;
    let user_agent = format!(
        "{}/{} (rust; generated from botocore)",
        options.package_name, options.version
    );
    let methods = service.operations.iter().map(|op| {
        let method = ident(&op.fn_name);
        let fluent = ident(&op.fluent_name);
        let builder = ident(&service.input_of(op).builder_name);
        let docs = doc_attrs(&op.docs, &format!("Calls `{}`.", op.wire_name));
        let deprecated = op.deprecated.then(|| quote!(#[deprecated]));
        quote! {
            #docs
            #deprecated
            #[inline]
            pub fn #method(&self) -> #operation_mod::#fluent {
                #builders_mod::#builder::new(self.0.call())
            }
        }
    });
    let transfer = super::transfer::upload_in_parts(service);
    quote! {
        //! The client: a method per operation, each returning the operation's input builder
        //! bound to the client, whose `send()` validates, signs and sends the request.
        pub use #CONFIG::{AccountIdEndpointMode, ChecksumWhen, Config, ConfigBuilder, ConfigError};
        pub use #CREDENTIALS::{Credentials, CredentialsError, CredentialsFuture, DefaultCredentialsChain, Environment, ProvideCredentials};
        #[cfg(feature = "sdk-credentials")]
        pub use #CREDENTIALS::SdkCredentialsProvider;
        pub use #RETRY::{QuotaCounters, RetryConfig};

        pub use #CONFIG::ProtocolChoice;

        #protocols

        static SERVICE: #INVOKE::ServiceInfo = #INVOKE::ServiceInfo {
            protocols: PROTOCOLS,
            signing_name: #signing_name,
            endpoint_prefix: #endpoint_prefix,
            resolve_endpoint: #endpoint_mod::resolve,
            user_agent: #user_agent,
            query_compatible: #query_compatible,
            default_headers: &[#(#default_headers),*],
        };

        /// A client for the service. Cheap to clone: clones share configuration and connections.
        #[derive(Clone, Debug)]
        pub struct Client(pub(crate) #CALL::Handle);

        impl Client {
            /// A client with this configuration.
            pub fn new(config: Config) -> Self {
                Client(#CALL::Handle::new(config, &SERVICE))
            }

            /// A client configured from the environment (see [`Config::from_env`]).
            pub async fn from_env() -> Result<Self, ConfigError> {
                Config::from_env().map(Self::new)
            }

            /// The configuration.
            pub fn config(&self) -> &Config {
                self.0.config()
            }

            /// Sends a prebuilt input of any operation.
            pub async fn send<I: #operation_mod::Operation>(&self, input: &I) -> Result<I::Output, #error_mod::SdkError<I::Error>> {
                self.0.send(input, None).await
            }

            /// Presigns a prebuilt input of any operation, valid for `expires_in` (at most 7
            /// days) from `start` (`None`: now); each builder's `presigned` does it for one.
            pub async fn presign<I: #operation_mod::Operation>(&self, input: &I, expires_in: ::std::time::Duration, start: Option<::std::time::SystemTime>) -> Result<#PRESIGN::PresignedRequest, #error_mod::SdkError<I::Error>> {
                self.0.presign(input, expires_in, start).await
            }

            #(#methods)*
        }

        #transfer
    }
}

fn operations(service: &Service) -> TokenStream {
    let items = service.operations.iter().map(|op| operation(service, op));
    let uses = pub_use(&[(CALL, &["Call"]), (OPERATION, &["Empty", "Operation"])]);
    quote! {
        //! Each operation's [`Operation`] impl (what `send` needs to know) and its fluent
        //! builder: the input's builder bound to a client.
        #uses
        #(#items)*
    }
}

/// The operation's type and its `Operation` impl, and its fluent builder.
fn operation(service: &Service, op: &Operation) -> TokenStream {
    let root = super::root(service);
    let validation_mod = &root.validation;
    let types_mod = &root.types;
    let error_mod = &root.error;
    let builders_mod = &root.builders;
    let output = output_type(service, op);
    let wire = &op.wire_name;
    let error = ident(&op.error_name);
    let fluent = ident(&op.fluent_name);
    let input = service.input_of(op);
    let input_name = ident(&input.rust_name);
    let builder = ident(&input.builder_name);
    let access = input_access(op);
    let traits = (op.host_prefix.is_some()
        || op.gzip_request
        || op.checksum.is_some()
        || op.endpoint_member.is_some()
        || !op.endpoint_params.is_empty()
        || op.flexible_checksum.is_some())
    .then(|| {
        let traits = request_traits(op, input, &access);
        quote! {
            fn request_traits(&self) -> #OPERATION::RequestTraits {
                #traits
            }
        }
    });
    let auth = (op.auth != [crate::ir::AuthScheme::SigV4]).then(|| {
        let schemes = op.auth.iter().map(auth_scheme);
        quote!(const AUTH: &'static [#OPERATION::AuthScheme] = &[#(#schemes),*];)
    });
    let binds_http = service
        .protocol
        .client
        .as_ref()
        .is_some_and(ClientProtocol::binds_http);
    let http = binds_http.then(|| {
        let request = super::http::request_fn(op, input, &access);
        let output = super::http::read_output_fn(service, op);
        quote!(#request #output)
    });
    // rpcv2Cbor sends no body for an operation the model gives no input.
    let no_input = (service
        .protocol
        .clients
        .contains(&ClientProtocol::RpcV2Cbor)
        && op.input_synthetic)
        .then(|| {
            quote!(
                const NO_INPUT: bool = true;
            )
        });
    let streams = super::streams::operation_streams(service, op, &access);
    let error_in_ok = op.error_in_ok.then(|| {
        quote!(
            const ERROR_IN_OK: bool = true;
        )
    });
    let doc = format!(" Builds and sends `{wire}`: {}", first_sentence(&op.docs));
    let op_type = operation_type(service, op);
    // `Client::send` finds the operation from the input's type, so an input several
    // operations share is wrapped in a type of each operation's own.
    let wrapper = op.shared_input_name.as_ref().map(|name| {
        let name = ident(name);
        let root_name = &input.validation_root;
        let doc = format!(
            " The input of `{wire}`: a [`{0}`]({root_str}::types::{0}) sent as `{wire}` (the model shares it between operations).",
            input.rust_name,
            root_str = service.module_root,
        );
        quote! {
            #[doc = #doc]
            #[derive(Clone, Debug, PartialEq)]
            pub struct #name(pub #types_mod::#input_name);
            impl ::serde::Serialize for #name {
                fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                    self.0.serialize(serializer)
                }
            }
            impl From<#types_mod::#input_name> for #name {
                fn from(input: #types_mod::#input_name) -> Self {
                    Self(input)
                }
            }
            impl #validation_mod::Validate for #name {
                const ROOT: &'static str = #root_name;
                fn validate_members(&self, v: &mut #validation_mod::Validator) {
                    #validation_mod::Validate::validate_members(&self.0, v)
                }
            }
        }
    });
    let operation_impl = quote! {
        impl Operation for #op_type {
            type Output = #output;
            type Error = #error_mod::#error;
            const NAME: &'static str = #wire;
            #no_input
            #auth
            #error_in_ok
            #traits
            #http
            #streams
        }
    };
    // The builder's fluent methods are generic over the operation: written once per input.
    let first = input
        .input_of
        .map(|id| service.operation(id).wire_name == op.wire_name);
    let fluent_impl = (first == Some(true)).then(
        || quote!(#RUNTIME::fluent_builder!(#builders_mod::#builder, #types_mod::#input_name);),
    );
    quote! {
        #wrapper
        #operation_impl
        #[doc = #doc]
        pub type #fluent = #builders_mod::#builder<Call<#op_type>>;
        #fluent_impl
    }
}

/// What the operation's model adds to the request for the input at `access`: the host
/// prefix with its labels filled in, and the compressor.
fn request_traits(op: &Operation, input: &Structure, access: &TokenStream) -> TokenStream {
    let host_prefix = match &op.host_prefix {
        None => quote!(None),
        Some(prefix) => {
            let mut format = String::new();
            let mut args = Vec::new();
            for part in &prefix.parts {
                match part {
                    HostPrefixPart::Literal(text) => {
                        format.push_str(&text.replace('{', "{{").replace('}', "}}"))
                    }
                    HostPrefixPart::Label(index) => {
                        format.push_str("{}");
                        let m = &input.members[*index];
                        let field = ident(&m.field_name);
                        args.push(if m.required {
                            quote!(#access.#field.as_str())
                        } else {
                            quote!(#access.#field.as_deref().unwrap_or_default())
                        });
                    }
                }
            }
            if args.is_empty() {
                // A prefix without labels is a constant.
                let literal = prefix
                    .parts
                    .iter()
                    .map(|p| match p {
                        HostPrefixPart::Literal(text) => text.as_str(),
                        HostPrefixPart::Label(_) => "",
                    })
                    .collect::<String>();
                quote!(Some(#literal.to_owned()))
            } else {
                quote!(Some(format!(#format #(, #args)*)))
            }
        }
    };
    let compression = op
        .gzip_request
        .then(|| quote!(compression: Some(("gzip", #COMPRESS::gzip as #OPERATION::Compressor)),));
    let checksum = op.checksum.map(|checksum| {
        let function = match checksum {
            BodyChecksum::ContentMd5 => quote!(content_md5),
            BodyChecksum::GlacierTreeHash => quote!(glacier_checksums),
        };
        quote!(checksum: Some(#CHECKSUM::#function as #OPERATION::Checksum),)
    });
    let endpoint = op.endpoint_member.map(|index| {
        let m = &input.members[index];
        let field = ident(&m.field_name);
        if m.required {
            quote!(endpoint: Some(#access.#field.clone()),)
        } else {
            quote!(endpoint: #access.#field.clone(),)
        }
    });
    let host_prefix = op
        .host_prefix
        .is_some()
        .then(|| quote!(host_prefix: #host_prefix,));
    let endpoint_params = (!op.endpoint_params.is_empty()).then(|| {
        let params = op.endpoint_params.iter().map(|param| {
            let name = &param.name;
            let value = match &param.value {
                EndpointParamValue::Bool(b) => quote!(Some(#ENDPOINT::EndpointValue::Bool(#b))),
                EndpointParamValue::String(s) => {
                    quote!(Some(#ENDPOINT::EndpointValue::from(#s)))
                }
                EndpointParamValue::Member(index) => {
                    endpoint_param_value(&input.members[*index], access)
                }
            };
            quote!((#name, #value))
        });
        quote!(endpoint_params: #OPERATION::endpoint_params([#(#params),*]),)
    });
    let flexible = op
        .flexible_checksum
        .as_ref()
        .map(|c| flexible_checksum(c, input, access));
    quote! {
        #OPERATION::RequestTraits {
            #host_prefix
            #compression
            #checksum
            #endpoint
            #endpoint_params
            #flexible
            ..::std::default::Default::default()
        }
    }
}

/// An operation's flexible checksums as the runtime's value: the facts of its model and
/// what its input sets.
fn flexible_checksum(
    c: &crate::ir::FlexibleChecksum,
    input: &Structure,
    access: &TokenStream,
) -> TokenStream {
    let header = |member: &Option<(usize, Option<String>)>| match member {
        Some((_, Some(header))) => quote!(Some(#header)),
        _ => quote!(None),
    };
    let algorithm = match &c.algorithm_member {
        Some((index, _)) => {
            let m = &input.members[*index];
            let field = ident(&m.field_name);
            match (&m.ty, m.required) {
                (Type::Named { .. }, true) => quote!(Some(#access.#field.as_str().to_owned())),
                (Type::Named { .. }, false) => {
                    quote!(#access.#field.as_ref().map(|v| v.as_str().to_owned()))
                }
                (_, true) => quote!(Some(#access.#field.clone())),
                (_, false) => quote!(#access.#field.clone()),
            }
        }
        None => quote!(None),
    };
    let validation_requested = match &c.validation_member {
        Some((index, _)) if input.members[*index].required => quote!(true),
        Some((index, _)) => {
            let field = ident(&input.members[*index].field_name);
            quote!(#access.#field.is_some())
        }
        None => quote!(false),
    };
    let (algorithm_header, validation_header) =
        (header(&c.algorithm_member), header(&c.validation_member));
    let required = c.required;
    let algorithms = &c.response_algorithms;
    quote! {
        flexible_checksum: Some(#FLEXIBLE_CHECKSUM::FlexibleChecksum {
            algorithm: #algorithm,
            algorithm_header: #algorithm_header,
            required: #required,
            validation_requested: #validation_requested,
            validation_header: #validation_header,
            response_algorithms: &[#(#algorithms),*],
            validate_response: false,
        }),
    }
}

/// An input member's value as an endpoint parameter's, `None` when it is unset.
fn endpoint_param_value(m: &crate::ir::Member, access: &TokenStream) -> TokenStream {
    let field = ident(&m.field_name);
    let value = quote!(#ENDPOINT::EndpointValue);
    match (&m.ty, m.required) {
        (Type::Bool, true) => quote!(Some(#value::Bool(#access.#field))),
        (Type::Bool, false) => quote!(#access.#field.map(#value::Bool)),
        (Type::List(_), true) => quote!(Some(#value::StringArray(#access.#field.clone()))),
        (Type::List(_), false) => quote!(#access.#field.clone().map(#value::StringArray)),
        (Type::Named { .. }, true) => quote!(Some(#value::from(#access.#field.as_str()))),
        (Type::Named { .. }, false) => {
            quote!(#access.#field.as_ref().map(|v| #value::from(v.as_str())))
        }
        (_, true) => quote!(Some(#value::from(#access.#field.as_str()))),
        (_, false) => quote!(#access.#field.as_deref().map(#value::from)),
    }
}

/// One of an operation's auth schemes, as the runtime's value.
fn auth_scheme(scheme: &crate::ir::AuthScheme) -> proc_macro2::TokenStream {
    use crate::ir::AuthScheme;
    match scheme {
        AuthScheme::SigV4 => quote!(#OPERATION::AuthScheme::SigV4),
        AuthScheme::HttpBearer => quote!(#OPERATION::AuthScheme::HttpBearer),
        AuthScheme::HttpBasic => quote!(#OPERATION::AuthScheme::HttpBasic),
        AuthScheme::Anonymous => quote!(#OPERATION::AuthScheme::Anonymous),
        AuthScheme::HttpApiKey {
            name,
            in_query,
            scheme,
        } => {
            let scheme = match scheme {
                Some(s) => quote!(::std::option::Option::Some(#s)),
                None => quote!(::std::option::Option::None),
            };
            quote!(#OPERATION::AuthScheme::HttpApiKey {
                name: #name,
                in_query: #in_query,
                scheme: #scheme,
            })
        }
    }
}
