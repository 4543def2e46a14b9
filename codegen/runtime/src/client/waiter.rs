//! Waiters: poll an operation until an acceptor says success or failure, or time runs out.

use crate::client::call::Call;
use crate::client::operation::{construction, Operation};
use crate::error::SdkError;
use crate::value::build_error::BuildError;
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

/// Decides a poll's result, given the input polled with: the state and the acceptor that
/// matched, or `None`.
pub type Classify<I, O, E> = fn(&I, &Result<O, SdkError<E>>) -> Option<(State, &'static str)>;

/// When to poll again.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Schedule {
    /// botocore's waiters: the same delay between every two polls.
    Fixed(Duration),
    /// Smithy's waiters: a delay that doubles from `min` up to `max`, each one a random
    /// time between `min` and that bound, and never so long that less than `min` would be
    /// left of the maximum wait; with `min` or less left, the wait is over.
    Backoff {
        /// The least delay, and the first bound.
        min: Duration,
        /// The greatest delay.
        max: Duration,
    },
}

impl Schedule {
    /// The delay after poll `attempt` (1 for the first), `elapsed` into a wait of at most
    /// `max_wait`, or `None` when the wait is over; `random` is a fraction in `[0, 1)`.
    pub fn delay(
        &self,
        attempt: u32,
        elapsed: Duration,
        max_wait: Duration,
        random: f64,
    ) -> Option<Duration> {
        let remaining = max_wait.checked_sub(elapsed)?;
        match *self {
            Schedule::Fixed(delay) => (delay <= remaining).then_some(delay),
            Schedule::Backoff { min, max } => {
                // With no more than `min` left, a delay would be cut to nothing: stop.
                if remaining <= min {
                    return None;
                }
                // After this many polls the doubled bound passes `max`.
                let ceiling = ((max.as_secs_f64() / min.as_secs_f64().max(1e-9)).log2() + 1.0)
                    .max(1.0) as u32;
                let bound = if attempt > ceiling {
                    max
                } else {
                    min.saturating_mul(1 << (attempt - 1).min(31)).min(max)
                };
                let mut delay = min + (bound.saturating_sub(min)).mul_f64(random);
                if remaining.saturating_sub(delay) <= min {
                    delay = remaining.saturating_sub(min);
                }
                Some(delay)
            }
        }
    }
}

/// Polls until `classify` says success or failure, sleeping as `schedule` says between
/// polls, for at most `max_wait`. Returns the last output, or `None` when an error acceptor
/// meant success.
pub async fn wait<I, O, E>(
    waiter: &'static str,
    schedule: Schedule,
    max_wait: Duration,
    input: &I,
    mut poll: impl FnMut() -> Poll<O, E>,
    classify: Classify<I, O, E>,
) -> Result<Option<O>, WaiterError<E>> {
    let started = tokio::time::Instant::now();
    let mut attempts = 0;
    loop {
        attempts += 1;
        let result = poll().await;
        match (classify(input, &result), result) {
            (Some((State::Success, _)), result) => return Ok(result.ok()),
            (Some((State::Failure, acceptor)), result) => {
                return Err(WaiterError::Failure {
                    waiter,
                    acceptor,
                    error: result.err(),
                });
            }
            (Some((State::Retry, _)), _) | (None, Ok(_)) => {}
            // botocore and Smithy: an error that no acceptor expects ends the wait.
            (None, Err(error)) => return Err(WaiterError::Unexpected { waiter, error }),
        }
        let waited = started.elapsed();
        let random = crate::config::retry::random_fraction();
        let Some(delay) = schedule.delay(attempts, waited, max_wait, random) else {
            return Err(WaiterError::TimedOut {
                waiter,
                attempts,
                waited,
            });
        };
        tokio::time::sleep(delay).await;
    }
}

/// What an `inputOutput` acceptor's path reads: the input polled with and its output.
#[derive(Debug)]
pub struct InputOutput<'a, I, O> {
    /// The input.
    pub input: &'a I,
    /// The output.
    pub output: &'a O,
}

/// A waiter's binding of an input builder: `XBuilder<Wait<X>>` has the setters of the
/// operation's input, `delay` and `wait`.
pub struct Wait<O: Operation> {
    call: Call<O>,
    waiter: &'static str,
    schedule: Schedule,
    classify: Classify<O, O::Output, O::Error>,
}

impl<O: Operation> Clone for Wait<O> {
    fn clone(&self) -> Self {
        Wait {
            call: self.call.clone(),
            waiter: self.waiter,
            schedule: self.schedule,
            classify: self.classify,
        }
    }
}

impl<O: Operation> fmt::Debug for Wait<O> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Wait")
            .field("waiter", &self.waiter)
            .field("schedule", &self.schedule)
            .field("call", &self.call)
            .finish()
    }
}

impl<O: Operation> Wait<O> {
    /// The waiter `waiter` over `call`, polling on `schedule`, deciding with `classify`.
    pub fn new(
        call: Call<O>,
        waiter: &'static str,
        schedule: Schedule,
        classify: Classify<O, O::Output, O::Error>,
    ) -> Self {
        Wait {
            call,
            waiter,
            schedule,
            classify,
        }
    }

    /// The same waiter with a fixed delay between polls instead of the model's schedule.
    pub fn delay(mut self, delay: Duration) -> Self {
        self.schedule = Schedule::Fixed(delay);
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
        let polled = input.clone();
        let poll = move || -> Poll<O::Output, O::Error> {
            let call = call.clone();
            let input = polled.clone();
            Box::pin(async move { call.send(&input).await })
        };
        wait(waiter, self.schedule, max_wait, &input, poll, self.classify).await
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

#[cfg(test)]
mod tests {
    use super::Schedule;
    use std::time::Duration;

    const S: fn(u64) -> Duration = Duration::from_secs;

    #[test]
    fn fixed_delays_stop_when_the_next_would_pass_the_maximum_wait() {
        let fixed = Schedule::Fixed(S(5));
        assert_eq!(fixed.delay(1, S(0), S(60), 0.5), Some(S(5)));
        assert_eq!(fixed.delay(9, S(55), S(60), 0.5), Some(S(5)));
        assert_eq!(fixed.delay(10, S(56), S(60), 0.5), None);
    }

    #[test]
    fn backoff_doubles_its_bound_up_to_the_maximum_with_jitter_from_the_minimum() {
        let backoff = Schedule::Backoff {
            min: S(2),
            max: S(120),
        };
        let long = S(3600);
        // The bound is 2, 4, 8, ...: jitter 0 gives the minimum, jitter near 1 the bound.
        assert_eq!(backoff.delay(1, S(0), long, 0.0), Some(S(2)));
        assert_eq!(backoff.delay(1, S(0), long, 0.999), Some(S(2)));
        assert_eq!(backoff.delay(3, S(0), long, 0.5), Some(S(5)));
        assert_eq!(backoff.delay(4, S(0), long, 1.0), Some(S(16)));
        // ln(120 / 2) / ln 2 + 1 = 6.9: from the 7th poll on, the bound is the maximum.
        assert_eq!(backoff.delay(6, S(0), long, 1.0), Some(S(64)));
        assert_eq!(backoff.delay(7, S(0), long, 1.0), Some(S(120)));
        assert_eq!(backoff.delay(40, S(0), long, 1.0), Some(S(120)));
    }

    #[test]
    fn backoff_leaves_the_minimum_of_the_wait_and_stops_below_it() {
        let backoff = Schedule::Backoff {
            min: S(2),
            max: S(120),
        };
        // 10 s left: a 16 s delay is cut to leave 2 s for a last poll.
        assert_eq!(backoff.delay(5, S(50), S(60), 0.5), Some(S(8)));
        assert_eq!(backoff.delay(5, S(50), S(60), 1.0), Some(S(8)));
        assert_eq!(backoff.delay(5, S(58), S(60), 0.0), None);
        assert_eq!(backoff.delay(5, S(59), S(60), 0.0), None);
        assert_eq!(backoff.delay(5, S(61), S(60), 0.0), None);
    }
}
