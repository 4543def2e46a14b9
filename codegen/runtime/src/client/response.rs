//! Reading a response: the output of a success, and for an error its code, message and
//! request id and its modeled shape, from a JSON (or CBOR) body and the headers.

use crate::error::{ErrorMeta, OperationError, SdkError, SdkErrorKind};
use crate::http::transport::HttpResponse;
use crate::wire::body::{error_fields, is_cbor, Codec};

/// Longest part of an unreadable body quoted in an error.
const BODY_START: usize = 200;

/// `text` with what it quotes (between `"` or backticks) replaced by `...`.
fn unquote(text: &str) -> String {
    ['"', '`'].iter().fold(text.to_owned(), |text, quote| {
        let pieces = text.split(*quote).enumerate();
        let pieces = pieces.map(|(i, piece)| if i % 2 == 1 { "..." } else { piece });
        pieces.collect::<Vec<_>>().join(&quote.to_string())
    })
}

/// The output of a successful response (read by `read_output`), or the error the response
/// describes.
pub fn read_response<O, E: OperationError>(
    operation: &'static str,
    response: &HttpResponse,
    read_output: fn(&HttpResponse) -> Result<O, String>,
    codec: Codec,
) -> Result<O, SdkError<E>> {
    let unparseable = |reason: String| {
        let (reason, body_start) = if E::QUOTE_BODY {
            let body = String::from_utf8_lossy(&response.body);
            (reason, body.chars().take(BODY_START).collect())
        } else {
            // The decoder's reason may quote a value too (`invalid type: string "..."`).
            let content_type = response.header("content-type").unwrap_or("none");
            let reason = format!(
                "{}; the body ({} bytes, content type {content_type}) is not quoted, as it can carry sensitive values",
                unquote(&reason),
                response.body.len()
            );
            (reason, String::new())
        };
        SdkError::new(
            operation,
            SdkErrorKind::Unparseable {
                status: response.status,
                reason,
                body_start,
            },
        )
    };
    if (200..300).contains(&response.status) {
        return read_output(response)
            .map_err(|e| unparseable(format!("the output is not valid: {e}")));
    }
    // An rpcv2Cbor error without `Smithy-Protocol` did not come from the service's
    // protocol (a proxy, a load balancer): its status is all there is to go on.
    if codec == Codec::Cbor && !is_cbor(response) {
        return Err(unparseable(
            "an error response without `Smithy-Protocol: rpc-v2-cbor`".to_owned(),
        ));
    }
    let meta = error_meta(response);
    if meta.code.is_none() {
        return Err(unparseable(
            "an error response without an error code".to_owned(),
        ));
    }
    let error = E::from_response(&meta, response);
    Err(SdkError::service(operation, error, meta))
}

/// A `200 OK` whose body is an `<Error>` document, or no XML document at all (the answer
/// broke off), as the `500` the SDKs take it for; any other response as it is.
pub fn error_in_ok(response: HttpResponse) -> HttpResponse {
    #[cfg(feature = "xml")]
    if response.status == 200
        && crate::wire::xml::parse(&response.body).map_or(true, |root| root.name == "Error")
    {
        return HttpResponse {
            status: 500,
            ..response
        };
    }
    response
}

/// Code, message and request id of an error response. The code comes from the
/// `X-Amzn-ErrorType` header, else from `__type` or `code` in the body; any namespace
/// (before a `#`) and any URI (after a `:`) is dropped.
pub fn error_meta(response: &HttpResponse) -> ErrorMeta {
    let body = error_fields(response);
    let text = |key: &str| {
        body.iter()
            .find(|(k, _)| k == key)
            .map(|(_, value)| value.clone())
    };
    // A query-compatible service names the error's query code first, before its `;`.
    let query_code = response
        .header("x-amzn-query-error")
        .and_then(|value| value.split(';').next())
        .map(str::to_owned);
    let code = query_code
        .or_else(|| response.header("x-amzn-errortype").map(str::to_owned))
        .or_else(|| text("__type"))
        .or_else(|| text("code"))
        .map(|raw| error_code(&raw).to_owned())
        .filter(|c| !c.is_empty());
    // A response with no body (the answer to a `HEAD`, such as S3's `HeadObject`) says
    // only its status: that is its code, as botocore makes it (`404`, `Not Found`).
    let bodiless = response.body.is_empty() && code.is_none();
    let code = code.or_else(|| bodiless.then(|| response.status.to_string()));
    let reason = bodiless
        .then(|| http::StatusCode::from_u16(response.status).ok())
        .flatten()
        .and_then(|status| status.canonical_reason())
        .map(str::to_owned);
    ErrorMeta {
        code,
        message: text("message").or_else(|| text("Message")).or(reason),
        request_id: response
            .header("x-amzn-requestid")
            .or_else(|| response.header("x-amz-request-id"))
            .map(str::to_owned)
            .or_else(|| text("requestid")),
        status: response.status,
    }
}

/// The bare error code in `aws.namespace#Code:http://uri`.
fn error_code(raw: &str) -> &str {
    let without_uri = raw.split(':').next().unwrap_or(raw);
    without_uri.rsplit('#').next().unwrap_or(without_uri).trim()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_codes_come_from_the_header_or_the_body() {
        let header = HttpResponse::new(
            400,
            &[
                (
                    "X-Amzn-ErrorType",
                    "EntityDoesNotExistException:http://internal/",
                ),
                ("x-amzn-RequestId", "r-1"),
            ],
            r#"{"message": "gone"}"#,
        );
        let meta = error_meta(&header);
        assert_eq!(meta.code.as_deref(), Some("EntityDoesNotExistException"));
        assert_eq!(meta.message.as_deref(), Some("gone"));
        assert_eq!(meta.request_id.as_deref(), Some("r-1"));
        let body = HttpResponse::new(
            400,
            &[],
            r#"{"__type": "com.amazonaws.ds#ClientException", "Message": "bad"}"#,
        );
        let meta = error_meta(&body);
        assert_eq!(meta.code.as_deref(), Some("ClientException"));
        assert_eq!(meta.message.as_deref(), Some("bad"));
        assert_eq!(
            error_meta(&HttpResponse::new(500, &[], "<html>oops</html>")).code,
            None
        );
        let coded = HttpResponse::new(
            500,
            &[],
            r#"{"code": "aws.protocoltests#FooError:http://internal/"}"#,
        );
        assert_eq!(error_meta(&coded).code.as_deref(), Some("FooError"));
        let both = HttpResponse::new(
            500,
            &[("X-Amzn-ErrorType", "ns#FooError:http://x/")],
            r#"{"__type": "BarError"}"#,
        );
        assert_eq!(error_meta(&both).code.as_deref(), Some("FooError"));
    }
}
