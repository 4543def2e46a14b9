//! The AWS SigV4 test suite from the botocore sdist: every raw request signed by the
//! runtime's signer, its canonical request, string to sign and `Authorization` compared.

use crate::support::files_with_extension;
use aws_codegen_runtime::client::sigv4::{amz_date, sign, signature, KeyCache, Scope};
use aws_codegen_runtime::config::credentials::Credentials;
use aws_codegen_runtime::http::transport::HttpRequest;
use std::path::PathBuf;
use std::time::{Duration, SystemTime};

const ACCESS_KEY: &str = "AKIDEXAMPLE";
const SECRET_KEY: &str = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";

/// A raw HTTP request of the suite: method, request target, headers in order, body.
struct RawRequest {
    method: String,
    target: String,
    headers: Vec<(String, String)>,
    body: String,
}

/// Reads `METHOD TARGET HTTP/1.1`, header lines (a line starting with white space continues
/// the previous value), a blank line and the body. The target may hold spaces.
fn parse(text: &str) -> RawRequest {
    let text = text.replace('\r', "");
    let (head, body) = text.split_once("\n\n").unwrap_or((&text, ""));
    let mut lines = head.lines();
    let request_line = lines.next().expect("a request line");
    let (method, rest) = request_line.split_once(' ').expect("a method");
    let (target, _version) = rest.rsplit_once(' ').expect("an HTTP version");
    let mut headers: Vec<(String, String)> = Vec::new();
    for line in lines {
        if line.starts_with([' ', '\t']) {
            let last = headers.last_mut().expect("a header before a continuation");
            last.1.push('\n');
            last.1.push_str(line);
        } else {
            let (name, value) = line.split_once(':').expect("a header line");
            headers.push((name.to_owned(), value.to_owned()));
        }
    }
    RawRequest {
        method: method.to_owned(),
        target: target.to_owned(),
        headers,
        body: body.to_owned(),
    }
}

#[test]
fn every_case_of_the_aws_sigv4_suite_signs_exactly() {
    let dir = std::env::var_os("SIGV4_TESTS").map(PathBuf::from).unwrap_or_else(|| {
        panic!("SIGV4_TESTS is not set: run `cargo xtask test`, which downloads botocore's test suites")
    });
    let mut cases = Vec::new();
    files_with_extension(&dir, "req", &mut cases);
    cases.sort();
    let mut failures = Vec::new();
    for case in &cases {
        let read = |ext: &str| {
            let path = case.with_extension(ext);
            std::fs::read_to_string(&path)
                .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
                .replace('\r', "")
        };
        let raw = parse(&read("req"));
        let canonical_request = read("creq");
        // The suite's requests carry their date; the signer adds its own, from the clock.
        let time = SystemTime::UNIX_EPOCH + Duration::from_secs(1_440_938_160);
        let date = raw
            .headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case("x-amz-date"));
        assert_eq!(date.map(|(_, v)| v.clone()), Some(amz_date(time)));
        // As botocore's runner does: a token the canonical request signs but the raw request
        // lacks comes from the credentials.
        let has_token = raw
            .headers
            .iter()
            .any(|(k, _)| k.eq_ignore_ascii_case("x-amz-security-token"));
        let token = canonical_request
            .lines()
            .find_map(|line| line.strip_prefix("x-amz-security-token:"))
            .filter(|_| !has_token)
            .map(str::to_owned);
        let host = raw
            .headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case("host"))
            .map(|(_, v)| v.clone())
            .expect("Host");
        let mut request = HttpRequest {
            method: raw.method.clone(),
            url: format!("https://{host}{}", raw.target),
            headers: raw
                .headers
                .iter()
                .filter(|(k, _)| !k.eq_ignore_ascii_case("x-amz-date"))
                .cloned()
                .collect(),
            body: raw.body.clone().into_bytes(),
        };
        // A fresh cache: the key is derived for every case.
        sign(
            &mut request,
            &Credentials::new(ACCESS_KEY, SECRET_KEY, token),
            aws_codegen_runtime::client::sigv4::SigningScope::new("us-east-1", "service"),
            time,
            &KeyCache::default(),
        );
        let authorization = request
            .header("authorization")
            .unwrap_or_default()
            .to_owned();
        // The intermediate values, for the headers the signer signed.
        let signed: Vec<(&str, &str)> = request
            .headers
            .iter()
            .filter(|(k, _)| k != "authorization")
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        let amz_date = amz_date(time);
        let scope = Scope {
            region: "us-east-1",
            service: "service",
            amz_date: &amz_date,
        };
        let got = signature(
            &raw.method,
            &raw.target,
            &signed,
            raw.body.as_bytes(),
            ACCESS_KEY,
            SECRET_KEY,
            scope,
        );
        let name = case.strip_prefix(&dir).unwrap().display().to_string();
        for (part, got, expected) in [
            (
                "canonical request",
                &got.canonical_request,
                canonical_request.clone(),
            ),
            ("string to sign", &got.string_to_sign, read("sts")),
            ("signature", &got.authorization, read("authz")),
            ("authorization header", &authorization, read("authz")),
        ] {
            if *got != expected {
                failures.push(format!(
                    "{name}: {part}\n  got:      {got:?}\n  expected: {expected:?}"
                ));
            }
        }
    }
    let failed: std::collections::BTreeSet<&str> = failures
        .iter()
        .map(|f| f.split(':').next().unwrap())
        .collect();
    eprintln!(
        "AWS SigV4 suite: {} passed, {} failed",
        cases.len() - failed.len(),
        failed.len()
    );
    assert_eq!(cases.len(), 34, "the suite has 34 requests");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
