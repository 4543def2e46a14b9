//! The client's side of event streams: a response's messages read into typed events as
//! they arrive, and an input's events written, signed and streamed as a request body.

use crate::client::event_signing::EventSigner;
use crate::http::transport::{ByteStream, PollChunks, TransportError, TransportErrorKind};
use crate::value::event_stream::{EventStream, EventStreamError, PollEvents};
use crate::wire::body::Codec;
use crate::wire::eventstream::decoder::Decoder;
use crate::wire::eventstream::events::{read_event, write_event, EventUnion};
use crate::wire::eventstream::frame::Message;
use std::marker::PhantomData;
use std::task::{Context, Poll};
use std::time::SystemTime;

/// A response body of event stream messages, read one message at a time.
pub struct IncomingEvents {
    body: ByteStream,
    decoder: Decoder,
    /// How the events' documents are encoded: the protocol's codec.
    codec: Codec,
    /// A message read ahead (to look for an initial response) and not yet handed out.
    pending: Option<Message>,
    ended: bool,
}

impl std::fmt::Debug for IncomingEvents {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("IncomingEvents")
    }
}

/// Why no next message came.
#[derive(Debug)]
pub enum StreamFailure {
    /// A bad frame, or a body that ended inside a message.
    Frame(String),
    /// The connection failed.
    Transport(String),
}

impl IncomingEvents {
    /// The messages of a response body, their documents in `codec`.
    pub fn new(body: ByteStream, codec: Codec) -> Self {
        IncomingEvents {
            body,
            decoder: Decoder::new(),
            codec,
            pending: None,
            ended: false,
        }
    }

    /// Polls for the next message; `None` when the body ended between messages.
    pub fn poll_message(
        &mut self,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Message, StreamFailure>>> {
        if let Some(message) = self.pending.take() {
            return Poll::Ready(Some(Ok(message)));
        }
        loop {
            match self.decoder.next_message() {
                Err(e) => return Poll::Ready(Some(Err(StreamFailure::Frame(e.to_string())))),
                Ok(Some(message)) => return Poll::Ready(Some(Ok(message))),
                Ok(None) if self.ended => {
                    return Poll::Ready(match self.decoder.finish() {
                        Ok(()) => None,
                        Err(e) => Some(Err(StreamFailure::Frame(e.to_string()))),
                    })
                }
                Ok(None) => {}
            }
            match self.body.as_mut().poll_next(cx) {
                Poll::Pending => return Poll::Pending,
                Poll::Ready(None) => self.ended = true,
                Poll::Ready(Some(Ok(chunk))) => self.decoder.push(&chunk),
                Poll::Ready(Some(Err(e))) => {
                    return Poll::Ready(Some(Err(StreamFailure::Transport(e.to_string()))))
                }
            }
        }
    }

    /// The next message.
    pub async fn next_message(&mut self) -> Option<Result<Message, StreamFailure>> {
        std::future::poll_fn(|cx| self.poll_message(cx)).await
    }

    /// Hands `message` out again as the next one.
    pub fn put_back(&mut self, message: Message) {
        self.pending = Some(message);
    }
}

/// Reads the events of union `U` from messages.
struct Receiver<U> {
    messages: IncomingEvents,
    union: PhantomData<fn() -> U>,
}

impl<U: EventUnion> PollEvents<U> for Receiver<U> {
    fn poll_event(&mut self, cx: &mut Context<'_>) -> Poll<Option<Result<U, EventStreamError<U>>>> {
        let message = match self.messages.poll_message(cx) {
            Poll::Pending => return Poll::Pending,
            Poll::Ready(None) => return Poll::Ready(None),
            Poll::Ready(Some(Err(StreamFailure::Frame(e)))) => {
                return Poll::Ready(Some(Err(EventStreamError::Frame(e))))
            }
            Poll::Ready(Some(Err(StreamFailure::Transport(e)))) => {
                return Poll::Ready(Some(Err(EventStreamError::Transport(e))))
            }
            Poll::Ready(Some(Ok(message))) => message,
        };
        Poll::Ready(Some(event_of(&message, self.messages.codec)))
    }
}

/// The event, exception or error a message holds, its document in `codec`.
pub fn event_of<U: EventUnion>(message: &Message, codec: Codec) -> Result<U, EventStreamError<U>> {
    let text = |name: &str| message.text(name).map(str::to_owned);
    let named = |header: &str| {
        message.text(header).ok_or_else(|| {
            EventStreamError::Unreadable(format!("a message without a string `{header}` header"))
        })
    };
    match message.text(":message-type") {
        Some("event") => {
            read_event(named(":event-type")?, message, codec).map_err(EventStreamError::Unreadable)
        }
        Some("exception") => match read_event(named(":exception-type")?, message, codec) {
            Ok(exception) => Err(EventStreamError::Exception(exception)),
            Err(e) => Err(EventStreamError::Unreadable(e)),
        },
        Some("error") => Err(EventStreamError::Service {
            code: text(":error-code").unwrap_or_default(),
            message: text(":error-message"),
        }),
        other => Err(EventStreamError::Unreadable(format!(
            "a message of type {other:?}, not an event, exception or error"
        ))),
    }
}

/// An output's stream of the events in `messages`.
pub fn incoming<U: EventUnion>(messages: IncomingEvents) -> EventStream<U> {
    EventStream::new(Receiver {
        messages,
        union: PhantomData,
    })
}

/// An input's events as messages to send, whatever the union, their documents in the
/// codec given.
pub type OutgoingEvents =
    Box<dyn FnMut(&mut Context<'_>, Codec) -> Poll<Option<Result<Message, String>>> + Send>;

/// The messages of an input's event stream (none when it is unset).
pub fn outgoing<U: EventUnion>(stream: Option<&EventStream<U>>) -> OutgoingEvents {
    let mut source = stream.and_then(EventStream::take_source);
    Box::new(move |cx, codec| {
        let Some(events) = source.as_mut() else {
            return Poll::Ready(None);
        };
        events.poll_event(cx).map(|event| {
            event.map(|event| match event {
                Ok(event) => write_event(&event, codec),
                Err(e) => Err(format!("the input's event stream failed: {e:?}")),
            })
        })
    })
}

/// A request body of signed messages: `first` (an initial request), each event in
/// `codec`, then the empty signed message that ends the stream.
pub fn signed_body(
    first: Option<Message>,
    (mut events, codec): (OutgoingEvents, Codec),
    mut signer: EventSigner,
) -> ByteStream {
    let mut first = first;
    let mut done = false;
    Box::pin(PollChunks(move |cx: &mut Context<'_>| {
        if done {
            return Poll::Ready(None);
        }
        let message = match first.take() {
            Some(message) => Some(Ok(message)),
            None => match events(cx, codec) {
                Poll::Pending => return Poll::Pending,
                Poll::Ready(next) => next,
            },
        };
        let now = SystemTime::now();
        let signed = match message {
            Some(Ok(message)) => signer.sign_message(&message, now),
            Some(Err(e)) => Err(e),
            None => {
                done = true;
                crate::wire::eventstream::frame::encode_message(&signer.sign(&[], now))
                    .map_err(|e| e.to_string())
            }
        };
        Poll::Ready(Some(match signed {
            Ok(bytes) => Ok(bytes::Bytes::from(bytes)),
            Err(e) => {
                done = true;
                Err(TransportError::new(
                    TransportErrorKind::Other,
                    format!("an event was not sent: {e}"),
                ))
            }
        }))
    }))
}
