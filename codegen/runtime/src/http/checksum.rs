//! `Content-MD5` for request bodies of operations whose model requires a checksum.

use base64::Engine as _;
use md5::{Digest, Md5};

/// The `Content-MD5` header of `body`: its MD5 digest, base64-encoded.
pub fn content_md5(body: &[u8]) -> (&'static str, String) {
    let digest = Md5::digest(body);
    (
        "content-md5",
        base64::engine::general_purpose::STANDARD.encode(digest),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_rfc_1321_digests() {
        // RFC 1321's test vectors, base64-encoded.
        assert_eq!(content_md5(b"").1, "1B2M2Y8AsgTpgAmY7PhCfg==");
        assert_eq!(content_md5(b"abc").1, "kAFQmDzST7DWlj99KOF/cg==");
    }
}
