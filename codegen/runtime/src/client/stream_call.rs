//! The call path of an operation that streams events: one attempt (a stream cannot be
//! replayed), the request body streamed and signed event by event when the input has a
//! stream, and the output handed back as soon as the response's head (and, for the RPC
//! protocols, its initial-response event) is in, its events still arriving.

use crate::client::event_signing::{request_signature, EventSigner};
use crate::client::events::{IncomingEvents, StreamFailure};
use crate::client::invoke::{self, build_request, Protocol, Target};
use crate::client::operation::Operation;
use crate::client::response::read_response;
use crate::config::settings::Config;
use crate::error::{SdkError, SdkErrorKind};
use crate::http::transport::{HttpResponse, TransportError, TransportErrorKind};
use crate::validate::Policy;
use crate::wire::eventstream::frame::Message;
use std::time::SystemTime;

/// The content type of an event stream body.
const EVENT_STREAM_TYPE: &str = "application/vnd.amazon.eventstream";

/// Validates, sends and reads one call of an operation that streams events.
pub async fn invoke<O: Operation>(
    config: &Config,
    target: &Target,
    input: &O,
    policy: Option<Policy>,
) -> Result<O::Output, SdkError<O::Error>> {
    let operation = O::NAME;
    let (mut traits, mut parts) = invoke::prepare(config, target, input, policy)?;
    let credentials = invoke::credentials::<O>(config).await?;
    let construction = |e: String| SdkError::new(operation, SdkErrorKind::Construction(e));
    let protocol = target.protocol().map_err(construction)?;
    // The RPC protocols carry the input's other members in an `initial-request` event,
    // the REST ones in the request's HTTP bindings.
    let rpc = !matches!(protocol, Protocol::RestJson);
    let (streams_input, streams_output) = O::EVENT_STREAMS;
    let mut initial_request = None;
    if streams_input {
        traits.streams_body = true;
        let body = std::mem::take(&mut parts.body);
        if rpc {
            let content_type = parts
                .headers
                .iter()
                .find(|(name, _)| name == "content-type")
                .map_or("application/json".to_owned(), |(_, value)| value.clone());
            initial_request = Some(Message::new(
                &[
                    (":event-type", "initial-request"),
                    (":message-type", "event"),
                    (":content-type", &content_type),
                ],
                body,
            ));
        }
        parts.headers.retain(|(name, _)| name != "content-type");
        parts
            .headers
            .push(("content-type".to_owned(), EVENT_STREAM_TYPE.to_owned()));
    }
    let now = SystemTime::now();
    let request =
        build_request(config, &credentials, target, &traits, parts, now).map_err(construction)?;
    let body = streams_input.then(|| {
        let seed = request
            .header("authorization")
            .and_then(request_signature)
            .unwrap_or_default();
        let signer = EventSigner::new(
            &credentials,
            (&config.region, target.service.signing_name),
            seed,
        );
        crate::client::events::signed_body(initial_request, input.input_events(), signer)
    });
    let dispatch = |e: TransportError| SdkError::new(operation, SdkErrorKind::Dispatch(e));
    // The timeouts bound the wait for the response's head: a stream may then stay open as
    // long as it has events.
    let opening = config.transport.open(request, body);
    let limit = config.attempt_timeout.or(config.operation_timeout);
    let response = match limit {
        Some(limit) => tokio::time::timeout(limit, opening)
            .await
            .unwrap_or_else(|_| {
                Err(TransportError::new(
                    TransportErrorKind::Timeout,
                    format!("no response within {limit:?}"),
                ))
            }),
        None => opening.await,
    }
    .map_err(dispatch)?;
    let (codec, read_output) = invoke::output_reader::<O>(target);
    if !(200..300).contains(&response.status) || !streams_output {
        let response = response.collect().await.map_err(dispatch)?;
        return read_response::<O::Output, O::Error>(operation, &response, read_output, codec);
    }
    let head = HttpResponse {
        status: response.status,
        headers: response.headers,
        body: Vec::new(),
    };
    let mut messages = IncomingEvents::new(response.body);
    let unparseable = |reason: String| {
        SdkError::new(
            operation,
            SdkErrorKind::Unparseable {
                status: head.status,
                reason,
                body_start: String::new(),
            },
        )
    };
    let mut output = if rpc {
        // The output's other members come in an `initial-response` event, if the service
        // sends one first.
        let body = match messages.next_message().await {
            Some(Ok(message)) if message.text(":event-type") == Some("initial-response") => {
                message.payload
            }
            Some(Ok(message)) => {
                messages.put_back(message);
                Vec::new()
            }
            Some(Err(StreamFailure::Frame(e) | StreamFailure::Transport(e))) => {
                return Err(unparseable(format!(
                    "the event stream failed before its first event: {e}"
                )))
            }
            None => Vec::new(),
        };
        read_output(&HttpResponse {
            body,
            ..head.clone()
        })
    } else {
        read_output(&head)
    }
    .map_err(|e| unparseable(format!("the output is not valid: {e}")))?;
    O::attach_events(&mut output, messages);
    Ok(output)
}
