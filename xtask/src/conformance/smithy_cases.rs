//! One request case of Smithy's `httpRequestTests` as Rust tokens: the input built from `params` with the generated builders, the call, and the checks the trait defines (path, query parameters, host, headers, body by media type).

use super::shape_values::Values;
use super::values::{client_setup, header_pairs, operation, send_input, Target};
use proc_macro2::TokenStream;
use quote::quote;
use serde_json::Value;

/// The runner function for a request case; `given` names the operation and its input shape
/// in the loaded model.
pub fn request_code(
    values: &Values<'_>,
    given: &Value,
    case: &Value,
    target: &Target<'_>,
) -> Result<TokenStream, String> {
    let operation = operation(values.service, &serde_json::json!({ "given": given }))?;
    // A case without `params` sends the empty input.
    let empty = serde_json::json!({});
    let params = match &case["params"] {
        Value::Null => &empty,
        params => params,
    };
    let send = send_input(values, operation, (given, params, &case["vendorParams"]))?;
    let strings = |key: &str| {
        let items = case[key]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(Value::as_str);
        quote!(&[#(#items),*])
    };
    let optional = |key: &str| match case[key].as_str() {
        Some(text) => quote!(Some(#text)),
        None => quote!(None),
    };
    let http_method = case["method"].as_str().unwrap_or("POST");
    let uri = case["uri"].as_str().unwrap_or("/");
    let (query, forbid_query, require_query) = (
        strings("queryParams"),
        strings("forbidQueryParams"),
        strings("requireQueryParams"),
    );
    // The case's `host` is the endpoint the client is configured with (see `smithy.rs`).
    let (resolved_host, body) = (optional("resolvedHost"), optional("body"));
    let headers = header_pairs(&case["headers"]);
    let (forbid_headers, require_headers) = (strings("forbidHeaders"), strings("requireHeaders"));
    let media_type = case["bodyMediaType"].as_str().unwrap_or_default();
    let function = target.function;
    let setup = client_setup(target.module, target.endpoint, &case["vendorParams"]);
    Ok(quote! {
        async fn #function() -> Result<(), String> {
            #setup
            mock.respond(200, &[], "{}");
            #send
            let request = mock.last_request().ok_or("no request was sent")?;
            support::check_smithy_request(&request.method, &request.url, &request.headers, &request.body, &support::SmithyRequest {
                method: #http_method,
                path: #uri,
                query: #query,
                forbid_query: #forbid_query,
                require_query: #require_query,
                resolved_host: #resolved_host,
                headers: #headers,
                forbid_headers: #forbid_headers,
                require_headers: #require_headers,
                body: #body,
                media_type: #media_type,
            })
        }
    })
}
