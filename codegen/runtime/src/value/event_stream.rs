//! `EventStream`: the events an operation streams, a member of its input or output.
//!
//! An output's stream is filled by the client with the events a response carries; an
//! input's stream is what the caller gives the client to send. Clones share one stream.

use std::fmt;
use std::future::poll_fn;
use std::sync::{Arc, Mutex, PoisonError};
use std::task::{Context, Poll};

/// Where a stream's events come from: a response being read, or what a caller sends.
pub trait PollEvents<U>: Send {
    /// The next event, `None` at the end of the stream.
    fn poll_event(&mut self, cx: &mut Context<'_>) -> Poll<Option<Result<U, EventStreamError<U>>>>;
}

/// A stream of events of the union `U`. An unset stream (`Default`) has no events.
pub struct EventStream<U> {
    source: Arc<Mutex<Option<Box<dyn PollEvents<U>>>>>,
}

impl<U> EventStream<U> {
    /// A stream of the events `source` yields.
    pub fn new(source: impl PollEvents<U> + 'static) -> Self {
        EventStream {
            source: Arc::new(Mutex::new(Some(Box::new(source)))),
        }
    }

    /// A stream of these events, for an input.
    pub fn from_events(events: impl IntoIterator<Item = U>) -> Self
    where
        U: Send + 'static,
    {
        Self::new(Events(events.into_iter().collect::<Vec<_>>().into_iter()))
    }

    /// The next event: `Ok(None)` once the stream has ended, `Err` for an exception event,
    /// an error message or a broken stream (after which it has ended).
    pub async fn recv(&self) -> Result<Option<U>, EventStreamError<U>> {
        poll_fn(|cx| self.poll_recv(cx)).await.transpose()
    }

    /// Polls for the next event.
    pub fn poll_recv(&self, cx: &mut Context<'_>) -> Poll<Option<Result<U, EventStreamError<U>>>> {
        let mut source = self.source.lock().unwrap_or_else(PoisonError::into_inner);
        let Some(events) = source.as_mut() else {
            return Poll::Ready(None);
        };
        let next = events.poll_event(cx);
        if matches!(next, Poll::Ready(None | Some(Err(_)))) {
            // An error ends a stream: nothing after it can be trusted.
            *source = None;
        }
        next
    }

    /// Takes the source out of the stream (the client does, to send an input's events).
    #[doc(hidden)]
    pub fn take_source(&self) -> Option<Box<dyn PollEvents<U>>> {
        self.source
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .take()
    }
}

impl<U> Default for EventStream<U> {
    fn default() -> Self {
        EventStream {
            source: Arc::new(Mutex::new(None)),
        }
    }
}

impl<U> Clone for EventStream<U> {
    fn clone(&self) -> Self {
        EventStream {
            source: self.source.clone(),
        }
    }
}

/// Two streams are equal when they are clones of each other.
impl<U> PartialEq for EventStream<U> {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.source, &other.source)
    }
}

impl<U> fmt::Debug for EventStream<U> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("EventStream")
    }
}

#[cfg(feature = "client")]
impl<U> futures_core::Stream for EventStream<U> {
    type Item = Result<U, EventStreamError<U>>;

    fn poll_next(self: std::pin::Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.poll_recv(cx)
    }
}

struct Events<I>(I);

impl<U, I: Iterator<Item = U> + Send> PollEvents<U> for Events<I> {
    fn poll_event(&mut self, _: &mut Context<'_>) -> Poll<Option<Result<U, EventStreamError<U>>>> {
        Poll::Ready(self.0.next().map(Ok))
    }
}

#[cfg(feature = "client")]
mod channel {
    use super::{EventStream, EventStreamError, PollEvents};
    use std::task::{Context, Poll};
    use tokio::sync::mpsc;

    /// Sends events into an input's [`EventStream`]; the stream ends when every sender is
    /// dropped.
    #[derive(Debug)]
    pub struct EventSender<U>(mpsc::Sender<U>);

    impl<U> Clone for EventSender<U> {
        fn clone(&self) -> Self {
            EventSender(self.0.clone())
        }
    }

    impl<U: Send> EventSender<U> {
        /// Sends an event, waiting while `capacity` events wait to go out; gives it back if
        /// the stream is no longer being sent (the call ended).
        pub async fn send(&self, event: U) -> Result<(), U> {
            self.0.send(event).await.map_err(|e| e.0)
        }
    }

    struct Receiver<U>(mpsc::Receiver<U>);

    impl<U: Send> PollEvents<U> for Receiver<U> {
        fn poll_event(
            &mut self,
            cx: &mut Context<'_>,
        ) -> Poll<Option<Result<U, EventStreamError<U>>>> {
            self.0.poll_recv(cx).map(|event| event.map(Ok))
        }
    }

    impl<U: Send + 'static> EventStream<U> {
        /// A stream for an input, and the sender that feeds it; at most `capacity` events
        /// wait to be sent.
        pub fn channel(capacity: usize) -> (EventSender<U>, Self) {
            let (sender, receiver) = mpsc::channel(capacity.max(1));
            (EventSender(sender), Self::new(Receiver(receiver)))
        }
    }
}

#[cfg(feature = "client")]
pub use channel::EventSender;

/// Why a stream gave no next event.
#[derive(Clone, Debug, PartialEq)]
pub enum EventStreamError<U> {
    /// A modeled exception event: the union's member for it.
    Exception(U),
    /// An error message the model does not describe: its `:error-code` and
    /// `:error-message`.
    Service {
        /// The error code.
        code: String,
        /// The message, if any.
        message: Option<String>,
    },
    /// A frame that is not a valid message (bad CRC, lengths or headers), or a stream that
    /// ended inside one.
    Frame(String),
    /// The connection failed while the stream was open.
    Transport(String),
    /// A valid message whose event could not be read or written.
    Unreadable(String),
}

impl<U: fmt::Debug> fmt::Display for EventStreamError<U> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            EventStreamError::Exception(event) => write!(f, "exception event: {event:?}"),
            EventStreamError::Service { code, message } => {
                write!(f, "error event {code}")?;
                message.iter().try_for_each(|m| write!(f, ": {m}"))
            }
            EventStreamError::Frame(reason) => write!(f, "{reason}"),
            EventStreamError::Transport(reason) => {
                write!(f, "the event stream broke off: {reason}")
            }
            EventStreamError::Unreadable(reason) => write!(f, "unreadable event: {reason}"),
        }
    }
}

impl<U: fmt::Debug> std::error::Error for EventStreamError<U> {}
