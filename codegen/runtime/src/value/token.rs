//! Idempotency tokens: random version 4 UUIDs for members the caller left unset.

use std::collections::hash_map::RandomState;
use std::hash::{BuildHasher, Hasher};
use std::sync::atomic::{AtomicU64, Ordering};

/// Distinguishes tokens made in the same instant.
static COUNTER: AtomicU64 = AtomicU64::new(0);

thread_local! {
    /// The token every call on this thread makes, while a test has fixed one.
    static FIXED: std::cell::RefCell<Option<String>> = const { std::cell::RefCell::new(None) };
}

/// Makes every token made on this thread `token` (or random again with `None`): for tests
/// that compare requests with expectations written with a fixed token, as the protocol
/// test suites are.
pub fn fix_on_this_thread(token: Option<&str>) {
    FIXED.with(|fixed| *fixed.borrow_mut() = token.map(str::to_owned));
}

/// A fresh token such as `6c0f4a3e-1b2d-4c5e-9f00-0a1b2c3d4e5f`.
///
/// The bits come from std's randomly keyed SipHash (keys drawn from the operating system)
/// over a counter and the time: unpredictable enough for deduplicating retries, which is
/// all a token is for, without a random-number crate.
pub fn idempotency_token() -> String {
    if let Some(token) = FIXED.with(|fixed| fixed.borrow().clone()) {
        return token;
    }
    let state = RandomState::new();
    let count = COUNTER.fetch_add(1, Ordering::Relaxed);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    let half = |salt: u64| {
        let mut hasher = state.build_hasher();
        hasher.write_u64(salt);
        hasher.write_u64(count);
        hasher.write_u128(nanos);
        hasher.finish()
    };
    let mut bytes = [0u8; 16];
    bytes[..8].copy_from_slice(&half(1).to_be_bytes());
    bytes[8..].copy_from_slice(&half(2).to_be_bytes());
    bytes[6] = (bytes[6] & 0x0f) | 0x40; // version 4
    bytes[8] = (bytes[8] & 0x3f) | 0x80; // RFC 4122 variant
    let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    format!(
        "{}-{}-{}-{}-{}",
        &hex[..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..]
    )
}
