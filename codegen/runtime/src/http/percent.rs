//! Percent-encoding of URI paths, query strings and SigV4's canonical request.

use std::fmt::Write;

/// Appends `bytes`, every byte but the unreserved ones (`A-Z a-z 0-9 - . _ ~`, and `/` when
/// `keep_slash`) as `%XX`.
pub fn encode_into(out: &mut String, bytes: &[u8], keep_slash: bool) {
    for &b in bytes {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) || (keep_slash && b == b'/') {
            out.push(char::from(b));
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
}
