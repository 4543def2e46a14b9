//! Bytes as text: percent-encoding of URI paths, query strings and SigV4's canonical request, and lower-case hex of digests.

use std::fmt::Write;

/// Appends `bytes` in lower-case hexadecimal.
pub fn push_hex(out: &mut String, bytes: &[u8]) {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    for &b in bytes {
        out.push(char::from(DIGITS[usize::from(b >> 4)]));
        out.push(char::from(DIGITS[usize::from(b & 15)]));
    }
}

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
