//! SigV4 event signing: each message of an input event stream goes inside a message whose
//! `:chunk-signature` chains from the one before it, starting from the request's own
//! signature, so the service can tell that no event was dropped, changed or reordered.

use crate::client::sigv4::{amz_date, signing_key, Scope};
use crate::config::credentials::Credentials;
use crate::http::percent::push_hex;
use crate::wire::eventstream::frame::{
    encode_header, encode_message, Header, HeaderValue, Message,
};
use ring::{digest, hmac};
use std::time::{SystemTime, UNIX_EPOCH};

/// The algorithm that starts an event's string to sign.
const ALGORITHM: &str = "AWS4-HMAC-SHA256-PAYLOAD";

/// What a signed request's body says its payload hash is.
pub const STREAMING_PAYLOAD: &str = "STREAMING-AWS4-HMAC-SHA256-EVENTS";

/// Signs the messages of one request's event stream in order.
pub struct EventSigner {
    secret_access_key: String,
    /// The signing key and the day (`YYYYMMDD`) it is for: a stream that outlives a day
    /// signs its later messages with the next day's key.
    key: Option<(String, hmac::Key)>,
    region: String,
    service: String,
    /// The last signature, as hex: the request's, then each message's.
    prior: String,
}

impl std::fmt::Debug for EventSigner {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("EventSigner")
            .field("region", &self.region)
            .field("service", &self.service)
            .finish_non_exhaustive()
    }
}

impl EventSigner {
    /// A signer whose chain starts at `request_signature` (the hex signature of the
    /// request's `Authorization`).
    pub fn new(
        credentials: &Credentials,
        (region, service): (&str, &str),
        request_signature: &str,
    ) -> Self {
        EventSigner {
            secret_access_key: credentials.secret_access_key().to_owned(),
            key: None,
            region: region.to_owned(),
            service: service.to_owned(),
            prior: request_signature.to_owned(),
        }
    }

    /// The envelope that carries `payload` (an encoded message, or nothing for the message
    /// that ends the stream), signed as of `time`: `:date` and `:chunk-signature` headers.
    pub fn sign(&mut self, payload: &[u8], time: SystemTime) -> Message {
        // The date header and the string to sign agree to the second.
        let seconds = time.duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs());
        let time = UNIX_EPOCH + std::time::Duration::from_secs(seconds);
        let date = Header {
            name: ":date".to_owned(),
            value: HeaderValue::Timestamp(seconds as i64 * 1000),
        };
        let mut date_bytes = Vec::new();
        // A name and a timestamp always encode.
        let _ = encode_header(&date, &mut date_bytes);
        let amz_date = amz_date(time);
        let day = amz_date.get(..8).unwrap_or(&amz_date);
        let mut string_to_sign = format!(
            "{ALGORITHM}\n{amz_date}\n{day}/{}/{}/aws4_request\n{}\n",
            self.region, self.service, self.prior
        );
        push_hex(
            &mut string_to_sign,
            digest::digest(&digest::SHA256, &date_bytes).as_ref(),
        );
        string_to_sign.push('\n');
        push_hex(
            &mut string_to_sign,
            digest::digest(&digest::SHA256, payload).as_ref(),
        );
        let key = match &self.key {
            Some((key_day, key)) if key_day == day => key.clone(),
            _ => {
                let scope = Scope {
                    region: &self.region,
                    service: &self.service,
                    amz_date: &amz_date,
                };
                let key = signing_key(&self.secret_access_key, scope);
                self.key = Some((day.to_owned(), key.clone()));
                key
            }
        };
        let signature = hmac::sign(&key, string_to_sign.as_bytes());
        self.prior.clear();
        push_hex(&mut self.prior, signature.as_ref());
        Message {
            headers: vec![
                date,
                Header {
                    name: ":chunk-signature".to_owned(),
                    value: HeaderValue::Bytes(signature.as_ref().to_vec()),
                },
            ],
            payload: payload.to_vec(),
        }
    }

    /// The bytes of `message` inside its signed envelope.
    pub fn sign_message(&mut self, message: &Message, time: SystemTime) -> Result<Vec<u8>, String> {
        let inner = encode_message(message).map_err(|e| e.to_string())?;
        encode_message(&self.sign(&inner, time)).map_err(|e| e.to_string())
    }
}

/// The signature in an `Authorization` header's `Signature=`.
pub fn request_signature(authorization: &str) -> Option<&str> {
    authorization
        .rsplit_once("Signature=")
        .map(|(_, signature)| signature.trim())
}
