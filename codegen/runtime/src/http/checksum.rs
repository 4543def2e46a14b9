//! Checksum headers of request bodies: `Content-MD5` where the model requires a checksum, and Glacier's SHA-256 and tree hash.

use crate::http::percent::push_hex;
use base64::Engine as _;
use md5::{Digest, Md5};
use ring::digest::{digest, Context, SHA256};

/// Adds `Content-MD5`, the MD5 digest of `body` in base64, unless the input set it.
pub fn content_md5(body: &[u8], headers: &mut Vec<(String, String)>) {
    if !has(headers, "content-md5") {
        let digest = Md5::digest(body);
        let value = base64::engine::general_purpose::STANDARD.encode(digest);
        headers.push(("content-md5".to_owned(), value));
    }
}

/// Adds Glacier's `x-amz-content-sha256` (the SHA-256 of `body`) and
/// `x-amz-sha256-tree-hash` (the root of the SHA-256 tree over its 1 MiB chunks), each
/// unless the input set it, as the SDKs do for uploads.
pub fn glacier_checksums(body: &[u8], headers: &mut Vec<(String, String)>) {
    for (name, hash) in [
        ("x-amz-content-sha256", linear_hash as fn(&[u8]) -> Vec<u8>),
        ("x-amz-sha256-tree-hash", tree_hash),
    ] {
        if !has(headers, name) {
            let mut value = String::with_capacity(64);
            push_hex(&mut value, &hash(body));
            headers.push((name.to_owned(), value));
        }
    }
}

fn has(headers: &[(String, String)], name: &str) -> bool {
    headers.iter().any(|(n, _)| n.eq_ignore_ascii_case(name))
}

fn linear_hash(body: &[u8]) -> Vec<u8> {
    digest(&SHA256, body).as_ref().to_vec()
}

/// Glacier's tree hash: the SHA-256 of each 1 MiB chunk (one empty chunk for an empty
/// body), then of each pair of adjacent hashes, level by level (an odd last hash moves up
/// as it is), down to one.
fn tree_hash(body: &[u8]) -> Vec<u8> {
    const CHUNK: usize = 1 << 20;
    let mut level: Vec<Vec<u8>> = if body.is_empty() {
        vec![linear_hash(body)]
    } else {
        body.chunks(CHUNK).map(linear_hash).collect()
    };
    while level.len() > 1 {
        level = level
            .chunks(2)
            .map(|pair| match pair {
                [left, right] => {
                    let mut context = Context::new(&SHA256);
                    context.update(left);
                    context.update(right);
                    context.finish().as_ref().to_vec()
                }
                // The odd one out, alone.
                _ => pair.concat(),
            })
            .collect();
    }
    level.pop().unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers_of(checksum: Checksum, body: &[u8]) -> Vec<(String, String)> {
        let mut headers = Vec::new();
        checksum(body, &mut headers);
        headers
    }

    type Checksum = fn(&[u8], &mut Vec<(String, String)>);

    #[test]
    fn matches_rfc_1321_digests() {
        // RFC 1321's test vectors, base64-encoded.
        let md5 = |body: &[u8]| headers_of(content_md5, body)[0].1.clone();
        assert_eq!(md5(b""), "1B2M2Y8AsgTpgAmY7PhCfg==");
        assert_eq!(md5(b"abc"), "kAFQmDzST7DWlj99KOF/cg==");
    }

    #[test]
    fn a_header_the_input_set_is_kept() {
        let mut headers = vec![("Content-MD5".to_owned(), "mine".to_owned())];
        content_md5(b"abc", &mut headers);
        assert_eq!(headers, [("Content-MD5".to_owned(), "mine".to_owned())]);
        let mut headers = vec![("X-Amz-Sha256-Tree-Hash".to_owned(), "mine".to_owned())];
        glacier_checksums(b"abc", &mut headers);
        assert_eq!(headers.len(), 2);
        assert_eq!(headers[0].1, "mine");
        assert_eq!(headers[1].0, "x-amz-content-sha256");
    }

    #[test]
    fn glacier_tree_hash_of_one_chunk_is_the_sha256() {
        let headers = headers_of(glacier_checksums, b"hello world");
        let sha = "b94d27b9934d3e08a52e52d7da7dabfac484efe37a5380ee9088f7ace2efcde9";
        assert_eq!(
            headers[0],
            ("x-amz-content-sha256".to_owned(), sha.to_owned())
        );
        assert_eq!(
            headers[1],
            ("x-amz-sha256-tree-hash".to_owned(), sha.to_owned())
        );
    }

    #[test]
    fn glacier_tree_hash_combines_chunks_pairwise() {
        // Three chunks: hash(hash(a, b), c), the odd last chunk's hash moving up as it is.
        let body: Vec<u8> = (0..(2 << 20) + 5).map(|i| (i % 251) as u8).collect();
        let chunk = |range: std::ops::Range<usize>| linear_hash(&body[range]);
        let (a, b, c) = (
            chunk(0..1 << 20),
            chunk(1 << 20..2 << 20),
            chunk(2 << 20..body.len()),
        );
        let ab = linear_hash(&[a, b].concat());
        assert_eq!(tree_hash(&body), linear_hash(&[ab, c].concat()));
        assert_ne!(tree_hash(&body), linear_hash(&body));
    }
}
