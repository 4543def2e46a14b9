//! Waiters: poll an operation until an acceptor says success or failure, or time runs out.

use super::build_error::BuildError;
use super::call::{construction, Call, Operation};
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
            WaiterError::Failure {
                waiter,
                acceptor,
                error,
            } => {
                write!(
                    f,
                    "waiter {waiter} failed: the failure acceptor {acceptor} matched"
                )?;
                if let Some(e) = error {
                    write!(f, " ({e})")?;
                }
                Ok(())
            }
            WaiterError::Unexpected { waiter, error } => {
                write!(f, "waiter {waiter} stopped on an unexpected error: {error}")
            }
            WaiterError::TimedOut {
                waiter,
                attempts,
                waited,
            } => {
                write!(
                    f,
                    "waiter {waiter} timed out after {attempts} attempts in {waited:?}"
                )
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
                return Err(WaiterError::Failure {
                    waiter,
                    acceptor,
                    error: result.err(),
                });
            }
            (Some((State::Retry, _)), _) | (None, Ok(_)) => {}
            // botocore: an error that no acceptor expects ends the wait.
            (None, Err(error)) => return Err(WaiterError::Unexpected { waiter, error }),
        }
        let waited = started.elapsed();
        if waited + delay > max_wait {
            return Err(WaiterError::TimedOut {
                waiter,
                attempts,
                waited,
            });
        }
        tokio::time::sleep(delay).await;
    }
}

/// A waiter's binding of an input builder: `XBuilder<Wait<X>>` has the setters of the
/// operation's input, `delay` and `wait`.
pub struct Wait<O: Operation> {
    call: Call<O>,
    waiter: &'static str,
    delay: Duration,
    classify: Classify<O::Output, O::Error>,
}

impl<O: Operation> Clone for Wait<O> {
    fn clone(&self) -> Self {
        Wait {
            call: self.call.clone(),
            waiter: self.waiter,
            delay: self.delay,
            classify: self.classify,
        }
    }
}

impl<O: Operation> fmt::Debug for Wait<O> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Wait")
            .field("waiter", &self.waiter)
            .field("delay", &self.delay)
            .field("call", &self.call)
            .finish()
    }
}

impl<O: Operation> Wait<O> {
    /// The waiter `waiter` over `call`, polling every `delay`, deciding with `classify`.
    pub fn new(
        call: Call<O>,
        waiter: &'static str,
        delay: Duration,
        classify: Classify<O::Output, O::Error>,
    ) -> Self {
        Wait {
            call,
            waiter,
            delay,
            classify,
        }
    }

    /// The same waiter with another delay between polls.
    pub fn delay(mut self, delay: Duration) -> Self {
        self.delay = delay;
        self
    }

    /// Polls with `input` until an acceptor decides or `max_wait` has passed.
    pub async fn run(
        self,
        input: Result<O, BuildError>,
        max_wait: Duration,
    ) -> Result<Option<O::Output>, WaiterError<O::Error>> {
        let waiter = self.waiter;
        let input = input.map_err(|e| WaiterError::Unexpected {
            waiter,
            error: construction::<O>(e),
        })?;
        let call = self.call;
        let poll = move || -> Poll<O::Output, O::Error> {
            let call = call.clone();
            let input = input.clone();
            Box::pin(async move { call.send(&input).await })
        };
        wait(waiter, self.delay, max_wait, poll, self.classify).await
    }
}

/// The HTTP status of a poll: 200 for an output, the error response's status, or 0 when no
/// response came (what a `status` acceptor compares).
pub fn status<O, E>(result: &Result<O, SdkError<E>>) -> u16 {
    match result {
        Ok(_) => 200,
        Err(e) => e.meta().map_or(0, |m| m.status),
    }
}

/// The error code of a failed poll (what an `error` acceptor compares).
pub fn error_code<O, E>(result: &Result<O, SdkError<E>>) -> Option<&str> {
    result
        .as_ref()
        .err()
        .and_then(|e| e.meta())
        .and_then(|m| m.code.as_deref())
}
