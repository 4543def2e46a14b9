//! AWS Signature Version 4a (`AWS4-ECDSA-P256-SHA256`): SigV4's canonical request, signed with an ECDSA P-256 key derived from the credentials, for a set of regions.

use crate::client::sigv4::{
    add_signed_headers, amz_date, canonical_request, signed_parts, string_to_sign,
};
use crate::config::credentials::Credentials;
use crate::http::percent::push_hex;
use crate::http::transport::HttpRequest;
use p256::ecdsa::signature::Signer;
use p256::ecdsa::{DerSignature, SigningKey};
use ring::hmac;
use std::time::SystemTime;

/// The algorithm name that starts the string to sign and the `Authorization` header.
pub const ALGORITHM: &str = "AWS4-ECDSA-P256-SHA256";

/// The order of P-256 less two, big-endian: a derived candidate above it is discarded and
/// the next counter tried, so the key (the candidate plus one) lies in `1..n`.
const ORDER_MINUS_TWO: [u8; 32] = [
    0xff, 0xff, 0xff, 0xff, 0x00, 0x00, 0x00, 0x00, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0xbc, 0xe6, 0xfa, 0xad, 0xa7, 0x17, 0x9e, 0x84, 0xf3, 0xb9, 0xca, 0xc2, 0xfc, 0x63, 0x25, 0x4f,
];

/// Who a SigV4a request is signed for: a service in a set of regions (`us-east-1,us-west-2`
/// or `*`), and whether it is signed as S3 asks (see [`crate::client::sigv4::SigningScope`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RegionSetScope<'a> {
    /// The regions, comma-separated; `*` for all.
    pub region_set: String,
    /// The signing name of the service, such as `s3`.
    pub service: &'a str,
    /// S3's variant: the path as sent and an `x-amz-content-sha256` header.
    pub s3_variant: bool,
}

/// The ECDSA key a set of credentials signs SigV4a requests with: derived from the secret
/// and the access key id by HMAC-SHA256 in counter mode (NIST SP 800-108), the first
/// candidate below the curve's order less one, plus one.
pub fn signing_key(access_key_id: &str, secret_access_key: &str) -> Result<SigningKey, String> {
    let input_key = hmac::Key::new(
        hmac::HMAC_SHA256,
        format!("AWS4A{secret_access_key}").as_bytes(),
    );
    for counter in 1..=254u8 {
        let mut fixed_input = Vec::with_capacity(64 + access_key_id.len());
        fixed_input.extend_from_slice(&1u32.to_be_bytes());
        fixed_input.extend_from_slice(ALGORITHM.as_bytes());
        fixed_input.push(0);
        fixed_input.extend_from_slice(access_key_id.as_bytes());
        fixed_input.push(counter);
        fixed_input.extend_from_slice(&256u32.to_be_bytes());
        let tag = hmac::sign(&input_key, &fixed_input);
        let mut candidate = [0u8; 32];
        candidate.copy_from_slice(tag.as_ref());
        // Big-endian byte strings of one length compare as the numbers they hold.
        if candidate <= ORDER_MINUS_TWO {
            for byte in candidate.iter_mut().rev() {
                let (sum, carry) = byte.overflowing_add(1);
                *byte = sum;
                if !carry {
                    break;
                }
            }
            return SigningKey::from_slice(&candidate)
                .map_err(|e| format!("the derived SigV4a key is not a P-256 key: {e}"));
        }
    }
    Err("no SigV4a key could be derived from these credentials".to_owned())
}

/// The intermediate values and the result of signing one request with SigV4a.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Signature {
    /// The canonical request, as SigV4 writes it.
    pub canonical_request: String,
    /// What the key signs: algorithm, date, region-free scope and the canonical request's
    /// hash.
    pub string_to_sign: String,
    /// The value of the `Authorization` header (the signature in DER, hexadecimal).
    pub authorization: String,
}

/// Adds `x-amz-date`, `x-amz-region-set`, `x-amz-security-token` (for temporary
/// credentials), for S3 `x-amz-content-sha256`, and `authorization` to a request about to
/// be sent (its URL absolute), signed with SigV4a.
pub fn sign(
    request: &mut HttpRequest,
    credentials: &Credentials,
    scope: RegionSetScope<'_>,
    time: SystemTime,
) -> Result<Signature, String> {
    let key = signing_key(credentials.access_key_id(), credentials.secret_access_key())?;
    let amz_date = amz_date(time);
    request
        .headers
        .push(("x-amz-region-set".to_owned(), scope.region_set));
    add_signed_headers(request, credentials, scope.s3_variant, &amz_date);
    let (path_and_query, signed) = signed_parts(request);
    let (canonical_request, signed_headers) = canonical_request(
        &request.method,
        path_and_query,
        &signed,
        Some(&request.body),
        scope.s3_variant,
    );
    let date = amz_date.get(..8).unwrap_or(&amz_date);
    let credential_scope = format!("{date}/{}/aws4_request", scope.service);
    let string_to_sign =
        string_to_sign(ALGORITHM, &amz_date, &credential_scope, &canonical_request);
    let signature: DerSignature = key.sign(string_to_sign.as_bytes());
    let mut authorization = format!(
        "{ALGORITHM} Credential={}/{credential_scope}, SignedHeaders={signed_headers}, Signature=",
        credentials.access_key_id()
    );
    push_hex(&mut authorization, signature.as_bytes());
    request
        .headers
        .push(("authorization".to_owned(), authorization.clone()));
    Ok(Signature {
        canonical_request,
        string_to_sign,
        authorization,
    })
}

/// The hexadecimal DER signature of a presigned request (the `X-Amz-*` parameters already
/// in its query), signed over an empty body, or for S3 over `UNSIGNED-PAYLOAD` with its path
/// as sent, for the credential scope `{date}/{service}/aws4_request`.
pub(crate) fn presigned_signature(
    method: &str,
    path_and_query: &str,
    headers: &[(&str, &str)],
    credentials: &Credentials,
    (amz_date, credential_scope): (&str, &str),
    s3_variant: bool,
) -> Result<String, String> {
    let key = signing_key(credentials.access_key_id(), credentials.secret_access_key())?;
    let (canonical_request, _) = canonical_request(
        method,
        path_and_query,
        headers,
        (!s3_variant).then_some(b"".as_slice()),
        s3_variant,
    );
    let string_to_sign = string_to_sign(ALGORITHM, amz_date, credential_scope, &canonical_request);
    let signature: DerSignature = key.sign(string_to_sign.as_bytes());
    let mut hex = String::with_capacity(144);
    push_hex(&mut hex, signature.as_bytes());
    Ok(hex)
}

#[cfg(test)]
mod tests {
    use super::*;
    use p256::ecdsa::signature::Verifier;

    #[test]
    fn the_key_is_the_first_candidate_below_the_order_plus_one() {
        // The derivation is deterministic, and the key signs what its public key verifies.
        let key = signing_key("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY").unwrap();
        let again = signing_key("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY").unwrap();
        assert_eq!(key.to_bytes(), again.to_bytes());
        let other = signing_key("AKIDOTHER", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY").unwrap();
        assert_ne!(key.to_bytes(), other.to_bytes());
        let signature: p256::ecdsa::Signature = key.sign(b"string to sign");
        key.verifying_key()
            .verify(b"string to sign", &signature)
            .unwrap();
    }

    #[test]
    fn requests_are_signed_for_the_region_set_without_a_region_in_the_scope() {
        let mut request = HttpRequest {
            method: "GET".to_owned(),
            url: "https://mfzwi23gnjvgw.mrap.accesspoint.s3-global.amazonaws.com/key".to_owned(),
            headers: Vec::new(),
            body: Default::default(),
        };
        let credentials = Credentials::new("AKIDEXAMPLE", "secret", Some("token".to_owned()));
        let scope = RegionSetScope {
            region_set: "*".to_owned(),
            service: "s3",
            s3_variant: true,
        };
        let time = SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(1_796_379_300);
        let signature = sign(&mut request, &credentials, scope, time).unwrap();
        assert!(signature
            .string_to_sign
            .starts_with("AWS4-ECDSA-P256-SHA256\n20261204T101500Z\n20261204/s3/aws4_request\n"));
        assert!(signature.authorization.starts_with(
            "AWS4-ECDSA-P256-SHA256 Credential=AKIDEXAMPLE/20261204/s3/aws4_request, SignedHeaders=host;x-amz-content-sha256;x-amz-date;x-amz-region-set;x-amz-security-token, Signature=30"
        ));
        let names: Vec<&str> = request.headers.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(
            names,
            [
                "x-amz-region-set",
                "host",
                "x-amz-date",
                "x-amz-security-token",
                "x-amz-content-sha256",
                "authorization"
            ]
        );
    }
}
