//! `StreamingBody`: a blob that streams, the body of an operation's input or output.
//!
//! An input's body comes from bytes, a file or a reader and is sent chunk by chunk; an
//! output's body is read chunk by chunk as it arrives, the next chunk not pulled from the
//! connection before the last is taken, so memory stays flat in the body's size. Clones
//! share one stream.

use std::fmt;
use std::future::poll_fn;
use std::sync::{Arc, Mutex, PoisonError};
use std::task::{Context, Poll};

/// Where a body's chunks come from.
pub trait PollChunk: Send {
    /// The next chunk, `None` at the end of the body.
    fn poll_chunk(&mut self, cx: &mut Context<'_>) -> Poll<Option<Result<Vec<u8>, BodyError>>>;
}

/// A body that could not be read or sent whole.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BodyError(pub String);

impl fmt::Display for BodyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "the body broke off: {}", self.0)
    }
}

impl std::error::Error for BodyError {}

/// How a body can be read again, to sign it before it is sent.
#[derive(Clone, Debug)]
#[doc(hidden)]
pub enum Replay {
    /// The bytes themselves.
    Bytes(Arc<Vec<u8>>),
    /// A file, read once to hash it and again to send it.
    Path(std::path::PathBuf),
}

/// A body of bytes that streams. Unset (`Default`), it is empty.
pub struct StreamingBody {
    source: Arc<Mutex<Option<Box<dyn PollChunk>>>>,
    length: Option<u64>,
    replay: Option<Replay>,
}

impl StreamingBody {
    /// A body of the chunks `source` yields, `length` bytes long if known.
    pub fn new(source: impl PollChunk + 'static, length: Option<u64>) -> Self {
        StreamingBody {
            source: Arc::new(Mutex::new(Some(Box::new(source)))),
            length,
            replay: None,
        }
    }

    /// A body of these bytes.
    pub fn from_bytes(bytes: impl Into<Vec<u8>>) -> Self {
        let bytes = Arc::new(bytes.into());
        let source = Whole {
            bytes: bytes.clone(),
            at: 0,
        };
        let mut body = Self::new(source, Some(bytes.len() as u64));
        body.replay = Some(Replay::Bytes(bytes));
        body
    }

    /// The body's length in bytes, when it is known (from the input's source, or the
    /// response's `Content-Length`).
    pub fn content_length(&self) -> Option<u64> {
        self.length
    }

    /// How the body can be read again, if it can.
    #[doc(hidden)]
    pub fn replay(&self) -> Option<&Replay> {
        self.replay.as_ref()
    }

    /// The next chunk, `None` at the end; an error ends the body.
    pub async fn next_chunk(&self) -> Option<Result<Vec<u8>, BodyError>> {
        poll_fn(|cx| self.poll_chunk(cx)).await
    }

    /// Polls for the next chunk.
    pub fn poll_chunk(&self, cx: &mut Context<'_>) -> Poll<Option<Result<Vec<u8>, BodyError>>> {
        let mut source = self.source.lock().unwrap_or_else(PoisonError::into_inner);
        let Some(chunks) = source.as_mut() else {
            return Poll::Ready(None);
        };
        let next = chunks.poll_chunk(cx);
        if matches!(next, Poll::Ready(None | Some(Err(_)))) {
            *source = None;
        }
        next
    }

    /// Reads the rest of the body into memory.
    pub async fn collect(&self) -> Result<Vec<u8>, BodyError> {
        let mut bytes = Vec::with_capacity(self.length.unwrap_or(0).min(64 << 20) as usize);
        while let Some(chunk) = self.next_chunk().await {
            bytes.extend_from_slice(&chunk?);
        }
        Ok(bytes)
    }

    /// Takes the source out of the body (the client does, to send an input's body).
    #[doc(hidden)]
    pub fn take_source(&self) -> Option<Box<dyn PollChunk>> {
        self.source
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .take()
    }
}

impl Default for StreamingBody {
    fn default() -> Self {
        StreamingBody {
            source: Arc::new(Mutex::new(None)),
            length: Some(0),
            replay: None,
        }
    }
}

impl Clone for StreamingBody {
    fn clone(&self) -> Self {
        StreamingBody {
            source: self.source.clone(),
            length: self.length,
            replay: self.replay.clone(),
        }
    }
}

/// Two bodies are equal when they are clones of each other.
impl PartialEq for StreamingBody {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.source, &other.source)
    }
}

impl fmt::Debug for StreamingBody {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("StreamingBody")
            .field("content_length", &self.length)
            .finish_non_exhaustive()
    }
}

impl From<Vec<u8>> for StreamingBody {
    fn from(bytes: Vec<u8>) -> Self {
        Self::from_bytes(bytes)
    }
}

impl From<&[u8]> for StreamingBody {
    fn from(bytes: &[u8]) -> Self {
        Self::from_bytes(bytes)
    }
}

impl From<&str> for StreamingBody {
    fn from(text: &str) -> Self {
        Self::from_bytes(text.as_bytes())
    }
}

/// Bytes in memory, handed out as one chunk.
/// Bytes in memory, yielded a slice at a time from the buffer the body keeps (to send them
/// again): never a second copy of the whole, which for a body of parts sent at once would
/// double what they hold.
struct Whole {
    bytes: Arc<Vec<u8>>,
    at: usize,
}

/// The most bytes of memory a chunk copies.
const SLICE: usize = 256 * 1024;

impl PollChunk for Whole {
    fn poll_chunk(&mut self, _: &mut Context<'_>) -> Poll<Option<Result<Vec<u8>, BodyError>>> {
        let end = self.bytes.len().min(self.at + SLICE);
        let chunk = self.bytes.get(self.at..end).filter(|c| !c.is_empty());
        let chunk = chunk.map(|c| Ok(c.to_vec()));
        self.at = end;
        Poll::Ready(chunk)
    }
}

#[cfg(feature = "client")]
mod files {
    use super::{BodyError, PollChunk, Replay, StreamingBody};
    use std::pin::Pin;
    use std::task::{Context, Poll};
    use tokio::io::{AsyncRead, ReadBuf};

    /// The size of the chunks read from a file or reader.
    const CHUNK: usize = 64 * 1024;

    /// A reader's bytes, a chunk at a time, `left` of them still expected.
    struct Reader<R> {
        reader: R,
        left: u64,
    }

    impl<R: AsyncRead + Send + Unpin> PollChunk for Reader<R> {
        fn poll_chunk(&mut self, cx: &mut Context<'_>) -> Poll<Option<Result<Vec<u8>, BodyError>>> {
            if self.left == 0 {
                return Poll::Ready(None);
            }
            let mut chunk = vec![0; CHUNK.min(self.left.try_into().unwrap_or(CHUNK))];
            let mut buffer = ReadBuf::new(&mut chunk);
            match Pin::new(&mut self.reader).poll_read(cx, &mut buffer) {
                Poll::Pending => Poll::Pending,
                Poll::Ready(Err(e)) => Poll::Ready(Some(Err(BodyError(e.to_string())))),
                Poll::Ready(Ok(())) if buffer.filled().is_empty() => {
                    Poll::Ready(Some(Err(BodyError(format!(
                        "the source ended {} bytes short of its length",
                        self.left
                    )))))
                }
                Poll::Ready(Ok(())) => {
                    let read = buffer.filled().len();
                    chunk.truncate(read);
                    self.left -= read as u64;
                    Poll::Ready(Some(Ok(chunk)))
                }
            }
        }
    }

    impl StreamingBody {
        /// A body of `length` bytes read from `reader` as they are sent. Such a body cannot
        /// be read twice: an operation whose requests sign their body needs
        /// [`from_path`](Self::from_path) or bytes instead.
        pub fn from_reader(reader: impl AsyncRead + Send + Unpin + 'static, length: u64) -> Self {
            Self::new(
                Reader {
                    reader,
                    left: length,
                },
                Some(length),
            )
        }

        /// A body of the file at `path`, read as it is sent (and, for an operation whose
        /// requests sign their body, once before to hash it).
        pub async fn from_path(path: impl AsRef<std::path::Path>) -> std::io::Result<Self> {
            let path = path.as_ref().to_path_buf();
            let file = tokio::fs::File::open(&path).await?;
            let length = file.metadata().await?.len();
            let mut body = Self::from_reader(file, length);
            body.replay = Some(Replay::Path(path));
            Ok(body)
        }
    }
}
