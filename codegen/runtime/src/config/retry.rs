//! Standard retry mode, as the AWS SDKs define it: capped exponential backoff with full
//! jitter, a retry quota shared by a client's calls, and retries only for throttling,
//! transient service errors, 5xx and I/O failures.

use crate::error::{SdkError, SdkErrorKind};
use crate::http::transport::TransportErrorKind;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

/// Error codes that mean "slow down".
const THROTTLING: &[&str] = &[
    "Throttling",
    "ThrottlingException",
    "ThrottledException",
    "RequestThrottledException",
    "TooManyRequestsException",
    "ProvisionedThroughputExceededException",
    "TransactionInProgressException",
    "RequestLimitExceeded",
    "BandwidthLimitExceeded",
    "LimitExceededException",
    "RequestThrottled",
    "SlowDown",
    "PriorRequestNotComplete",
    "EC2ThrottledException",
];

/// Error codes of transient failures on the service's side.
const TRANSIENT: &[&str] = &[
    "RequestTimeout",
    "RequestTimeoutException",
    "InternalError",
    "InternalFailure",
    "ServiceUnavailable",
];

/// Status codes of transient failures.
const TRANSIENT_STATUS: &[u16] = &[500, 502, 503, 504];

/// Tokens a retry costs, and a retry after a timeout.
const RETRY_COST: u32 = 5;
const TIMEOUT_COST: u32 = 10;
/// Tokens a call that succeeds without a retry gives back.
const NO_RETRY_INCREMENT: u32 = 1;

/// How calls are retried.
#[derive(Clone, Debug)]
pub struct RetryConfig {
    max_attempts: u32,
    base: Duration,
    max_backoff: Duration,
    jitter: bool,
    quota: u32,
}

impl Default for RetryConfig {
    fn default() -> Self {
        Self::standard()
    }
}

impl RetryConfig {
    /// Standard mode: 3 attempts, backoff of up to 1 s, 2 s, 4 s ... capped at 20 s with
    /// full jitter, and a quota of 500 tokens.
    pub fn standard() -> Self {
        RetryConfig {
            max_attempts: 3,
            base: Duration::from_secs(1),
            max_backoff: Duration::from_secs(20),
            jitter: true,
            quota: 500,
        }
    }

    /// No retries.
    pub fn disabled() -> Self {
        RetryConfig {
            max_attempts: 1,
            ..Self::standard()
        }
    }

    /// Attempts per call, the first included (at least 1).
    pub fn max_attempts(mut self, attempts: u32) -> Self {
        self.max_attempts = attempts.max(1);
        self
    }

    /// The longest wait between attempts.
    pub fn max_backoff(mut self, max: Duration) -> Self {
        self.max_backoff = max;
        self
    }

    /// Whether to wait a random part of each backoff (on by default; off makes delays exact).
    pub fn jitter(mut self, jitter: bool) -> Self {
        self.jitter = jitter;
        self
    }

    /// The size of the retry quota a client starts with.
    pub fn quota(mut self, tokens: u32) -> Self {
        self.quota = tokens;
        self
    }

    /// The attempts a call may make.
    pub fn attempts(&self) -> u32 {
        self.max_attempts
    }

    /// The tokens a client's quota starts with.
    pub fn quota_size(&self) -> u32 {
        self.quota
    }

    /// The wait before retry number `retry` (1 for the first retry).
    pub fn backoff(&self, retry: u32) -> Duration {
        let cap = self
            .base
            .saturating_mul(2u32.saturating_pow(retry.saturating_sub(1)))
            .min(self.max_backoff);
        if self.jitter {
            cap.mul_f64(random_fraction())
        } else {
            cap
        }
    }
}

/// A random number in [0, 1), from the standard library's randomly keyed hasher.
pub(crate) fn random_fraction() -> f64 {
    use std::hash::{BuildHasher, Hasher};
    let bits = std::collections::hash_map::RandomState::new()
        .build_hasher()
        .finish();
    (bits >> 11) as f64 / (1u64 << 53) as f64
}

/// The retry quota, as the SDKs' standard retry mode keeps it: a retry takes its cost (5
/// tokens, 10 after a timeout), a call that succeeds gives back the cost of its last retry
/// (or 1 if it needed none), never above the starting size; when the quota cannot pay, no
/// call retries, so an outage does not multiply the load.
#[derive(Debug)]
pub struct RetryQuota {
    counters: Mutex<QuotaCounters>,
    max: u32,
}

/// What a retry quota holds and has done since the client was built.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct QuotaCounters {
    /// Tokens left.
    pub tokens: u32,
    /// Tokens retries took.
    pub taken: u64,
    /// Tokens successes gave back, before the cap.
    pub returned: u64,
    /// Of those, tokens the cap discarded, the quota being full or nearly.
    pub discarded: u64,
    /// Retries refused because the quota could not pay for them.
    pub refused: u64,
}

impl RetryQuota {
    /// A full quota.
    pub fn new(tokens: u32) -> Arc<Self> {
        Arc::new(RetryQuota {
            counters: Mutex::new(QuotaCounters {
                tokens,
                ..QuotaCounters::default()
            }),
            max: tokens,
        })
    }

    /// Takes the cost of a retry; `None` when the quota cannot pay it.
    pub fn acquire(&self, timeout: bool) -> Option<u32> {
        let cost = if timeout { TIMEOUT_COST } else { RETRY_COST };
        let mut counters = self.lock();
        let Some(left) = counters.tokens.checked_sub(cost) else {
            counters.refused += 1;
            return None;
        };
        counters.tokens = left;
        counters.taken += u64::from(cost);
        Some(cost)
    }

    /// Gives tokens back after a success: the cost of its last retry, or 1 if it needed
    /// none.
    pub fn release(&self, last_retry_cost: Option<u32>) {
        let amount = last_retry_cost.unwrap_or(NO_RETRY_INCREMENT);
        let mut counters = self.lock();
        let tokens = (counters.tokens + amount).min(self.max);
        counters.discarded += u64::from(counters.tokens + amount - tokens);
        counters.returned += u64::from(amount);
        counters.tokens = tokens;
    }

    /// The counters as they stand.
    pub fn counters(&self) -> QuotaCounters {
        *self.lock()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, QuotaCounters> {
        self.counters.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// Whether a failure is worth retrying, and whether it was a timeout.
pub fn retryable<O, E>(result: &Result<O, SdkError<E>>) -> Option<bool> {
    let error = result.as_ref().err()?;
    match error.kind() {
        SdkErrorKind::Dispatch(e) => Some(e.kind == TransportErrorKind::Timeout),
        SdkErrorKind::Service(_) => {
            let meta = error.meta()?;
            let code = meta.code.as_deref().unwrap_or_default();
            let transient = THROTTLING.contains(&code)
                || TRANSIENT.contains(&code)
                || TRANSIENT_STATUS.contains(&meta.status);
            transient.then_some(false)
        }
        SdkErrorKind::Unparseable { status, .. } => {
            TRANSIENT_STATUS.contains(status).then_some(false)
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_up_to_the_cap() {
        let config = RetryConfig::standard().jitter(false);
        let delays: Vec<u64> = (1..=7).map(|n| config.backoff(n).as_secs()).collect();
        assert_eq!(delays, [1, 2, 4, 8, 16, 20, 20]);
        let jittered = RetryConfig::standard().backoff(3);
        assert!(jittered < Duration::from_secs(4));
        assert_eq!(RetryConfig::disabled().attempts(), 1);
    }

    #[test]
    fn the_quota_runs_out_and_refills() {
        let quota = RetryQuota::new(12);
        assert_eq!(quota.acquire(false), Some(5));
        assert_eq!(quota.acquire(false), Some(5));
        assert_eq!(
            quota.acquire(false),
            None,
            "2 tokens cannot pay for a retry"
        );
        quota.release(Some(5));
        quota.release(None);
        assert_eq!(
            quota.acquire(true),
            None,
            "8 tokens cannot pay for a retry after a timeout (10)"
        );
        assert_eq!(quota.acquire(false), Some(5));
        quota.release(Some(10));
        quota.release(None);
        assert_eq!(
            quota.counters(),
            QuotaCounters {
                tokens: 12,
                taken: 15,
                returned: 17,
                discarded: 2,
                refused: 2,
            },
            "never more than the quota started with; what the cap discards is counted"
        );
    }
}
