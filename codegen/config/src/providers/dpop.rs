//! DPoP proofs (RFC 9449) for the sign-in service: an ES256-signed JWT binding each request's method and URL to the session's P-256 key, added by a transport wrapper.

use crate::os::Clock;
use aws_codegen_runtime::http::transport::{HttpRequest, Transport, TransportFuture};
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use base64::Engine as _;
use ring::rand::{SecureRandom, SystemRandom};
use ring::signature::{EcdsaKeyPair, KeyPair, ECDSA_P256_SHA256_FIXED_SIGNING};
use serde_json::json;
use std::fmt;
use std::sync::Arc;
use std::time::UNIX_EPOCH;

/// The object identifiers of an EC public key on the P-256 curve, as PKCS#8 names them:
/// `SEQUENCE { OID 1.2.840.10045.2.1, OID 1.2.840.10045.3.1.7 }`.
const P256_ALGORITHM: [u8; 21] = [
    0x30, 0x13, 0x06, 0x07, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01, 0x06, 0x08, 0x2a, 0x86, 0x48,
    0xce, 0x3d, 0x03, 0x01, 0x07,
];

/// A DER length.
fn der_length(length: usize, out: &mut Vec<u8>) {
    match length {
        0..=0x7f => out.push(length as u8),
        0x80..=0xff => out.extend([0x81, length as u8]),
        _ => out.extend([0x82, (length >> 8) as u8, length as u8]),
    }
}

/// A DER element of `tag` around `content`.
fn der(tag: u8, content: &[u8]) -> Vec<u8> {
    let mut out = vec![tag];
    der_length(content.len(), &mut out);
    out.extend_from_slice(content);
    out
}

/// A P-256 key that signs DPoP proofs; `Debug` shows only its public half.
#[derive(Clone)]
pub struct DpopKey {
    pair: Arc<EcdsaKeyPair>,
}

impl fmt::Debug for DpopKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DpopKey")
            .field(
                "public",
                &URL_SAFE_NO_PAD.encode(self.pair.public_key().as_ref()),
            )
            .finish()
    }
}

impl DpopKey {
    /// The key in a PEM `EC PRIVATE KEY` (SEC 1, as `aws login` writes it) or `PRIVATE KEY`
    /// (PKCS#8) block; the error says what is wrong without quoting the key.
    pub fn from_pem(pem: &str) -> Result<Self, String> {
        let (label, body) = ["EC PRIVATE KEY", "PRIVATE KEY"]
            .iter()
            .find_map(|label| {
                let begin = format!("-----BEGIN {label}-----");
                let end = format!("-----END {label}-----");
                let start = pem.find(&begin)? + begin.len();
                let stop = pem[start..].find(&end)? + start;
                Some((*label, &pem[start..stop]))
            })
            .ok_or("is not a PEM private key")?;
        let text: String = body.chars().filter(|c| !c.is_whitespace()).collect();
        let der_bytes = STANDARD.decode(text).map_err(|_| "is not valid base64")?;
        // SEC 1's ECPrivateKey goes inside a PKCS#8 PrivateKeyInfo, which ring reads.
        let pkcs8 = if label == "EC PRIVATE KEY" {
            let mut content = vec![0x02, 0x01, 0x00];
            content.extend_from_slice(&P256_ALGORITHM);
            content.extend(der(0x04, &der_bytes));
            der(0x30, &content)
        } else {
            der_bytes
        };
        let pair = EcdsaKeyPair::from_pkcs8(
            &ECDSA_P256_SHA256_FIXED_SIGNING,
            &pkcs8,
            &SystemRandom::new(),
        )
        .map_err(|_| "is not a P-256 private key ring accepts")?;
        Ok(DpopKey {
            pair: Arc::new(pair),
        })
    }

    /// The proof for a request of `method` to `url` at `now_secs`: header (`dpop+jwt`, ES256,
    /// the public key as a JWK), claims (a random `jti`, `htm`, `htu` without query or
    /// fragment, `iat`), and the signature.
    pub fn proof(&self, method: &str, url: &str, now_secs: u64) -> Result<String, String> {
        let public = self.pair.public_key().as_ref();
        // An uncompressed point: 0x04, then x and y of 32 bytes each.
        let (x, y) = (&public[1..33], &public[33..65]);
        let header = json!({
            "typ": "dpop+jwt",
            "alg": "ES256",
            "jwk": {"kty": "EC", "crv": "P-256", "x": URL_SAFE_NO_PAD.encode(x), "y": URL_SAFE_NO_PAD.encode(y)},
        });
        let rng = SystemRandom::new();
        let mut jti = [0u8; 16];
        rng.fill(&mut jti)
            .map_err(|_| "no randomness for the proof's id")?;
        let htu = url.split(['?', '#']).next().unwrap_or(url);
        let claims = json!({
            "jti": jti.iter().map(|b| format!("{b:02x}")).collect::<String>(),
            "htm": method,
            "htu": htu,
            "iat": now_secs,
        });
        let signing_input = format!(
            "{}.{}",
            URL_SAFE_NO_PAD.encode(header.to_string()),
            URL_SAFE_NO_PAD.encode(claims.to_string())
        );
        let signature = self
            .pair
            .sign(&rng, signing_input.as_bytes())
            .map_err(|_| "the proof could not be signed")?;
        Ok(format!(
            "{signing_input}.{}",
            URL_SAFE_NO_PAD.encode(signature.as_ref())
        ))
    }
}

/// Sends through `inner`, each request with a `DPoP` proof for its method and URL.
#[derive(Debug)]
pub struct DpopTransport {
    inner: Arc<dyn Transport>,
    key: DpopKey,
    clock: Clock,
}

impl DpopTransport {
    /// Proofs by `key`, dated by `clock`, on requests sent through `inner`.
    pub fn new(inner: Arc<dyn Transport>, key: DpopKey, clock: Clock) -> Self {
        DpopTransport { inner, key, clock }
    }
}

impl Transport for DpopTransport {
    fn send(&self, mut request: HttpRequest) -> TransportFuture<'_> {
        let now = self
            .clock
            .now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_secs());
        match self.key.proof(&request.method, &request.url, now) {
            Ok(proof) => {
                request.headers.push(("dpop".to_owned(), proof));
                self.inner.send(request)
            }
            Err(why) => Box::pin(async move {
                Err(aws_codegen_runtime::http::transport::TransportError::new(
                    aws_codegen_runtime::http::transport::TransportErrorKind::Other,
                    format!("no DPoP proof: {why}"),
                ))
            }),
        }
    }
}
