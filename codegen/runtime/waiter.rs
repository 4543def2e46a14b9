//! Waiters: poll an operation until an acceptor says success or failure, or time runs out.

use super::sdk_error::SdkError;
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::time::Duration;

/// What an acceptor decides.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum State {
    /// The wait is over: what was waited for happened.
    Success,
    /// The wait is over: it will not happen.
    Failure,
    /// Poll again.
    Retry,
}

/// Why a wait ended without success.
#[derive(Debug)]
pub enum WaiterError<E> {
    /// A failure acceptor matched.
    Failure {
        /// The waiter.
        waiter: &'static str,
        /// The acceptor that matched, as written in the model.
        acceptor: &'static str,
        /// The error of the last poll, when the acceptor matched an error.
        error: Option<SdkError<E>>,
    },
    /// A poll failed in a way no acceptor expects.
    Unexpected {
        /// The waiter.
        waiter: &'static str,
        /// The failure.
        error: SdkError<E>,
    },
    /// No acceptor decided before the maximum wait.
    TimedOut {
        /// The waiter.
        waiter: &'static str,
        /// Polls made.
        attempts: u32,
        /// Time spent.
        waited: Duration,
    },
}

impl<E: fmt::Display> fmt::Display for WaiterError<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WaiterError::Failure { waiter, acceptor, error } => {
                write!(f, "waiter {waiter} failed: the failure acceptor {acceptor} matched")?;
                if let Some(e) = error {
                    write!(f, " ({e})")?;
                }
                Ok(())
            }
            WaiterError::Unexpected { waiter, error } => write!(f, "waiter {waiter} stopped on an unexpected error: {error}"),
            WaiterError::TimedOut { waiter, attempts, waited } => {
                write!(f, "waiter {waiter} timed out after {attempts} attempts in {waited:?}")
            }
        }
    }
}

impl<E: fmt::Display + fmt::Debug> std::error::Error for WaiterError<E> {}

type Poll<O, E> = Pin<Box<dyn Future<Output = Result<O, SdkError<E>>> + Send>>;

/// Decides a poll's result: the state and the acceptor that matched, or `None`.
pub type Classify<O, E> = fn(&Result<O, SdkError<E>>) -> Option<(State, &'static str)>;

/// Polls until `classify` says success or failure, sleeping `delay` between polls, for at
/// most `max_wait`. Returns the last output, or `None` when an error acceptor meant success.
pub async fn wait<O, E>(
    waiter: &'static str,
    delay: Duration,
    max_wait: Duration,
    mut poll: impl FnMut() -> Poll<O, E>,
    classify: Classify<O, E>,
) -> Result<Option<O>, WaiterError<E>> {
    let started = tokio::time::Instant::now();
    let mut attempts = 0;
    loop {
        attempts += 1;
        let result = poll().await;
        match (classify(&result), result) {
            (Some((State::Success, _)), result) => return Ok(result.ok()),
            (Some((State::Failure, acceptor)), result) => {
                return Err(WaiterError::Failure { waiter, acceptor, error: result.err() });
            }
            (Some((State::Retry, _)), _) | (None, Ok(_)) => {}
            // botocore: an error that no acceptor expects ends the wait.
            (None, Err(error)) => return Err(WaiterError::Unexpected { waiter, error }),
        }
        let waited = started.elapsed();
        if waited + delay > max_wait {
            return Err(WaiterError::TimedOut { waiter, attempts, waited });
        }
        tokio::time::sleep(delay).await;
    }
}
