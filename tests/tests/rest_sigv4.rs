//! SigV4 of rest-json requests against botocore's signer: URI labels that need encoding, a
//! greedy label, repeated query keys, a query map, header bindings and a Content-MD5, built
//! by the runtime's HTTP bindings and by the generated Cloud Directory client.

use crate::client_mock::{botocore_signatures, signing_case, SESSION_TOKEN};
use aws_codegen_runtime::client::auth::Identity;
use aws_codegen_runtime::client::endpoint::{Endpoint, EndpointError, EndpointParams};
use aws_codegen_runtime::client::invoke::{build_request, Protocol, ServiceInfo, Target};
use aws_codegen_runtime::client::operation::RequestTraits;
use aws_codegen_runtime::config::credentials::Credentials;
use aws_codegen_runtime::config::settings::Config;
use aws_codegen_runtime::http::transport::HttpRequest;
use aws_codegen_runtime::value::datetime::DateTime;
use aws_codegen_runtime::wire::rest::Request;
use std::collections::HashMap;

fn resolve(_: &EndpointParams) -> Result<Endpoint, EndpointError> {
    Ok(Endpoint::url("https://things.eu-west-1.amazonaws.com"))
}

static THINGS: ServiceInfo = ServiceInfo {
    protocols: &[Protocol::RestJson],
    signing_name: "things",
    endpoint_prefix: "things",
    resolve_endpoint: resolve,
    user_agent: "rest-sigv4-test",
    query_compatible: false,
    default_headers: &[],
};

const SECRET: &str = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";

/// A signer of the runtime's requests for the service `THINGS` in eu-west-1, with the
/// session token given.
fn signer(token: Option<&str>) -> impl Fn(Request, RequestTraits) -> HttpRequest {
    let credentials = Credentials::new("AKIDEXAMPLE", SECRET, token.map(str::to_owned));
    let config = Config::builder()
        .region("eu-west-1")
        .credentials(credentials.clone())
        .build()
        .unwrap();
    let target = Target::new(&config, &THINGS);
    move |request: Request, traits: RequestTraits| {
        let parts = request.finish().unwrap();
        build_request(
            &config,
            &Identity::SigV4(credentials.clone()),
            &target,
            &traits,
            parts,
            std::time::SystemTime::now(),
        )
        .unwrap()
    }
}

/// The requests of the runtime's bindings, signed by `build_request`.
fn bound_requests() -> Vec<HttpRequest> {
    let signer = signer(Some(SESSION_TOKEN));
    let mut requests = Vec::new();
    let mut sign = |request: Request, traits: RequestTraits| requests.push(signer(request, traits));
    // A label that needs encoding, repeated query keys, headers of three kinds.
    let mut r = Request::new("GET", "/things/{Name}/versions");
    r.label("Name", &"a b/ü+ሴ".to_owned()).unwrap();
    r.query(
        "tag",
        &vec!["x".to_owned(), "y z".to_owned(), "x".to_owned()],
    )
    .unwrap();
    r.query("since", &DateTime::from_secs(1_576_540_098).unwrap())
        .unwrap();
    r.header("x-amz-meta-owner", &"Zoë".to_owned()).unwrap();
    r.header("x-list", &vec!["a,b".to_owned(), "c".to_owned()])
        .unwrap();
    r.header("x-when", &DateTime::from_secs(1_576_540_098).unwrap())
        .unwrap();
    sign(r, RequestTraits::default());
    // A greedy label and a JSON body.
    let mut r = Request::new("PUT", "/objects/{Bucket}/{Key+}");
    r.label("Bucket", &"my-bucket".to_owned()).unwrap();
    r.label("Key", &"dir/sub dir/file~1 (ü).txt".to_owned())
        .unwrap();
    r.json_payload(Some(&serde_json::json!({"size": 3, "name": "ü"})), true)
        .unwrap();
    sign(r, RequestTraits::default());
    // A constant query in the URI, a query map, a prefix-header map and Content-MD5.
    let mut r = Request::new("POST", "/search?fixed=1&flag");
    let map: HashMap<String, String> = [("q", "ü & ="), ("page", "2"), ("fixed", "ignored")]
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .collect();
    r.query_map(&map).unwrap();
    let meta: HashMap<String, String> = [("color", "blue"), ("size", "L")]
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .collect();
    r.prefix_headers("x-amz-meta-", &meta).unwrap();
    r.text_payload(Some("plain text ü"));
    sign(
        r,
        RequestTraits {
            checksum: Some(aws_codegen_runtime::http::checksum::content_md5),
            ..RequestTraits::default()
        },
    );
    // No body at all.
    let mut r = Request::new("DELETE", "/things/{Id}");
    r.label("Id", &42).unwrap();
    sign(r, RequestTraits::default());
    requests
}

#[tokio::test]
async fn rest_json_signatures_equal_botocores() {
    let mut requests = bound_requests();
    assert_eq!(
        requests[0].url,
        "https://things.eu-west-1.amazonaws.com/things/a%20b%2F%C3%BC%2B%E1%88%B4/versions?tag=x&tag=y%20z&tag=x&since=2019-12-16T23%3A48%3A18Z"
    );
    assert_eq!(
        requests[1].url,
        "https://things.eu-west-1.amazonaws.com/objects/my-bucket/dir/sub%20dir/file~1%20%28%C3%BC%29.txt"
    );
    assert_eq!(
        requests[2].url,
        "https://things.eu-west-1.amazonaws.com/search?fixed=1&flag&page=2&q=%C3%BC%20%26%20%3D"
    );
    // The generated Cloud Directory client: a header binding, a body, a PUT.
    let mock = aws_clouddirectory::test_util::MockTransport::new();
    let client = aws_clouddirectory::Client::new(
        aws_clouddirectory::Config::builder()
            .region("ap-southeast-2")
            .credentials(aws_clouddirectory::Credentials::new(
                "AKIDEXAMPLE",
                SECRET,
                Some(SESSION_TOKEN.into()),
            ))
            .transport(mock.clone())
            .build()
            .unwrap(),
    );
    let directory =
        "arn:aws:clouddirectory:ap-southeast-2:123456789012:directory/AXQXDXvdgkOWktRXV4HnRa8";
    mock.respond(200, &[], r#"{"Directory": {}}"#);
    client
        .get_directory()
        .directory_arn(directory)
        .send()
        .await
        .unwrap();
    mock.respond(200, &[], r#"{"Directories": []}"#);
    client
        .list_directories()
        .max_results(5)
        .send()
        .await
        .unwrap();
    mock.respond(200, &[], r#"{"SchemaArn": "s"}"#);
    client
        .create_schema()
        .name("ü schema")
        .send()
        .await
        .unwrap();
    let generated = mock.requests();
    assert_eq!(
        generated[0].header("x-amz-data-partition"),
        Some(directory),
        "the header binding"
    );
    let mut cases: Vec<serde_json::Value> = requests
        .iter()
        .map(|r| signing_case(r, "eu-west-1", "things"))
        .collect();
    cases.extend(
        generated
            .iter()
            .map(|r| signing_case(r, "ap-southeast-2", "clouddirectory")),
    );
    requests.extend(generated);
    let theirs = botocore_signatures(cases);
    assert_eq!(theirs.len(), 7);
    for (request, theirs) in requests.iter().zip(&theirs) {
        assert_eq!(
            request.header("authorization"),
            Some(theirs.as_str()),
            "{} {}",
            request.method,
            request.url
        );
    }
}

#[test]
fn a_header_bound_by_its_own_member_wins_over_a_prefix_map_entry() {
    // `@httpPrefixHeaders("")` beside a member bound to `hello`: the member's value is sent.
    let mut r = Request::new("POST", "/");
    let map = std::collections::HashMap::from([
        ("hello".to_owned(), "Hello".to_owned()),
        ("x-foo".to_owned(), "Foo".to_owned()),
    ]);
    r.prefix_headers("", &map).unwrap();
    r.header("hello", &"There".to_owned()).unwrap();
    let headers = r.finish().unwrap().headers;
    let values: Vec<(&str, &str)> = headers
        .iter()
        .map(|(n, v)| (n.as_str(), v.as_str()))
        .collect();
    assert_eq!(values, [("hello", "There"), ("x-foo", "Foo")]);
}

#[test]
fn customizations_an_empty_labels_fallback_and_an_endpoint_the_input_names() {
    let sign = signer(None);
    let build = |account: &str, traits: RequestTraits| {
        let mut r = Request::new("POST", "/{accountId}/vaults");
        r.label_or("accountId", account, "-").unwrap();
        sign(r, traits)
    };
    // Glacier's account id: empty stands for the caller's own, `-`.
    let request = build("", RequestTraits::default());
    assert_eq!(
        request.url,
        "https://things.eu-west-1.amazonaws.com/-/vaults"
    );
    assert_eq!(
        build("123", RequestTraits::default()).url,
        "https://things.eu-west-1.amazonaws.com/123/vaults"
    );
    // Machine Learning's `Predict`: the input's endpoint replaces the resolved one, and
    // is the signed host.
    let request = build(
        "1",
        RequestTraits {
            endpoint: Some("https://custom.example.com/".to_owned()),
            ..RequestTraits::default()
        },
    );
    assert_eq!(request.url, "https://custom.example.com/1/vaults");
    assert_eq!(request.header("host"), Some("custom.example.com"));
    let signed = request.header("authorization").unwrap_or_default();
    let signed_headers = signed.split("SignedHeaders=").nth(1).unwrap_or_default();
    assert!(
        signed_headers.split([';', ',']).any(|h| h == "host"),
        "{signed}"
    );
}
