//! Messages out of a byte stream that arrives in chunks of any size: each prelude is checked
//! as soon as its 12 bytes are in, so a bad length is an error before the body is awaited.

use crate::wire::eventstream::frame::{
    decode_message, read_prelude, FrameError, FrameErrorKind, Message, Prelude, PRELUDE_LEN,
};

/// Buffers chunks and hands out whole messages.
#[derive(Debug, Default)]
pub struct Decoder {
    buffer: Vec<u8>,
    /// Where the next message starts in `buffer`.
    start: usize,
    /// The current message's prelude, once checked.
    prelude: Option<Prelude>,
    /// A decoder that failed stays failed: what follows a bad frame cannot be trusted.
    failed: Option<FrameError>,
}

impl Decoder {
    /// An empty decoder.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds the next chunk of the stream.
    pub fn push(&mut self, chunk: &[u8]) {
        if self.start > 0 && self.start >= self.buffer.len() / 2 {
            self.buffer.drain(..self.start);
            self.start = 0;
        }
        self.buffer.extend_from_slice(chunk);
    }

    /// The next whole message, `None` until its bytes are all in, or why the stream is bad.
    pub fn next_message(&mut self) -> Result<Option<Message>, FrameError> {
        if let Some(error) = &self.failed {
            return Err(error.clone());
        }
        let result = self.decode_next();
        if let Err(error) = &result {
            self.failed = Some(error.clone());
        }
        result
    }

    fn decode_next(&mut self) -> Result<Option<Message>, FrameError> {
        let pending = &self.buffer[self.start..];
        let prelude = match self.prelude {
            Some(prelude) => prelude,
            None => {
                let prelude_bytes = pending.get(..PRELUDE_LEN).and_then(|b| b.try_into().ok());
                let Some(bytes) = prelude_bytes else {
                    return Ok(None);
                };
                *self.prelude.insert(read_prelude(bytes)?)
            }
        };
        if pending.len() < prelude.total_len {
            return Ok(None);
        }
        let message = decode_message(&pending[..prelude.total_len])?;
        self.start += prelude.total_len;
        self.prelude = None;
        Ok(Some(message))
    }

    /// Whether the stream may end here: no partial message is buffered.
    pub fn finish(&self) -> Result<(), FrameError> {
        match self.buffer.len() - self.start {
            0 => Ok(()),
            left => Err(FrameError {
                kind: FrameErrorKind::Truncated,
                message: format!(
                    "the stream ended inside a message, {left} bytes into it{}",
                    self.prelude
                        .map(|p| format!(" of {}", p.total_len))
                        .unwrap_or_default()
                ),
            }),
        }
    }
}
