//! Checks of the event stream cases: the signed messages a request streamed, decoded here
//! independently of the runtime, against the events a case expects.

/// What an `eventStreamTests` case expects of one event sent.
pub struct ExpectedEvent<'a> {
    /// Headers as `(name, type, value)`: blobs in base64, timestamps as the case writes them.
    pub headers: &'a [(&'a str, &'a str, &'a str)],
    /// The payload, compared by `media_type`; `None` checks nothing.
    pub body: Option<&'a str>,
    /// The payload's media type.
    pub media_type: &'a str,
}

/// Base64 text's bytes.
pub fn base64(text: &str) -> Result<Vec<u8>, String> {
    use base64::Engine as _;
    base64::engine::general_purpose::STANDARD
        .decode(text)
        .map_err(|e| format!("not base64: {e}"))
}

/// A message: its headers as `(name, type, value)` and its payload.
type Message = (Vec<(String, String, String)>, Vec<u8>);

/// The messages of an event stream body, read without the runtime's decoder.
fn messages(mut body: &[u8]) -> Result<Vec<Message>, String> {
    let mut out = Vec::new();
    let word = |b: &[u8], at: usize| -> Result<u32, String> {
        b.get(at..at + 4)
            .map(|w| u32::from_be_bytes([w[0], w[1], w[2], w[3]]))
            .ok_or_else(|| "a message is cut short".to_owned())
    };
    while !body.is_empty() {
        let (total, headers_len) = (word(body, 0)? as usize, word(body, 4)? as usize);
        if total < 16 || body.len() < total || headers_len > total - 16 {
            return Err(format!("a message of {total} bytes does not fit the body"));
        }
        let mut headers = Vec::new();
        let mut h = &body[12..12 + headers_len];
        while !h.is_empty() {
            let name_len = h[0] as usize;
            let name = String::from_utf8_lossy(h.get(1..1 + name_len).ok_or("bad header")?).into_owned();
            let kind = *h.get(1 + name_len).ok_or("bad header")?;
            h = &h[2 + name_len..];
            let fixed = |h: &[u8], n: usize| -> Result<i64, String> {
                let bytes = h.get(..n).ok_or("bad header value")?;
                Ok(bytes.iter().fold(if bytes[0] & 0x80 != 0 { -1i64 } else { 0 }, |acc, b| (acc << 8) | i64::from(*b)))
            };
            let (kind, value, used) = match kind {
                0 => ("boolean", "true".to_owned(), 0),
                1 => ("boolean", "false".to_owned(), 0),
                2 => ("byte", fixed(h, 1)?.to_string(), 1),
                3 => ("short", fixed(h, 2)?.to_string(), 2),
                4 => ("integer", fixed(h, 4)?.to_string(), 4),
                5 => ("long", fixed(h, 8)?.to_string(), 8),
                6 | 7 => {
                    let len = h.get(..2).map(|l| usize::from(u16::from_be_bytes([l[0], l[1]]))).ok_or("bad header")?;
                    let value = h.get(2..2 + len).ok_or("bad header")?;
                    if kind == 6 {
                        use base64::Engine as _;
                        ("blob", base64::engine::general_purpose::STANDARD.encode(value), 2 + len)
                    } else {
                        ("string", String::from_utf8_lossy(value).into_owned(), 2 + len)
                    }
                }
                8 => ("timestamp", fixed(h, 8)?.to_string(), 8),
                9 => ("uuid", h.get(..16).ok_or("bad header")?.iter().map(|b| format!("{b:02x}")).collect(), 16),
                other => return Err(format!("header type {other}")),
            };
            h = &h[used..];
            headers.push((name, kind.to_owned(), value));
        }
        out.push((headers, body[12 + headers_len..total - 4].to_vec()));
        body = &body[total..];
    }
    Ok(out)
}

/// Epoch milliseconds of `YYYY-MM-DDTHH:MM:SS(.fff)Z`.
fn epoch_ms(text: &str) -> Option<i64> {
    let number = |range: std::ops::Range<usize>| text.get(range)?.parse::<i64>().ok();
    let (y, m, d) = (number(0..4)?, number(5..7)?, number(8..10)?);
    let (hh, mm, ss) = (number(11..13)?, number(14..16)?, number(17..19)?);
    // Days from the civil date (Howard Hinnant's algorithm).
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    Some(((days * 24 + hh) * 60 + mm) * 60_000 + ss * 1000)
}

/// The events a request streamed, each inside a signed envelope (`:date`,
/// `:chunk-signature`) and the last an empty one, against the events a case expects.
pub fn check_event_request(headers: &[(String, String)], body: &[u8], expected: &[ExpectedEvent<'_>]) -> Result<(), String> {
    let content_type = headers.iter().find(|(n, _)| n.eq_ignore_ascii_case("content-type")).map(|(_, v)| v.as_str());
    if content_type != Some("application/vnd.amazon.eventstream") {
        return Err(format!("content type {content_type:?}, expected the event stream's"));
    }
    let envelopes = messages(body)?;
    let Some((last, events)) = envelopes.split_last() else {
        return Err("no messages were sent".to_owned());
    };
    if !last.1.is_empty() {
        return Err("the stream does not end with an empty signed message".to_owned());
    }
    for (headers, _) in &envelopes {
        let signed = headers.iter().any(|(n, k, v)| n == ":chunk-signature" && k == "blob" && base64(v).map_or(false, |s| s.len() == 32));
        let dated = headers.iter().any(|(n, k, _)| n == ":date" && k == "timestamp");
        if !(signed && dated) {
            return Err(format!("a message is not signed: {headers:?}"));
        }
    }
    if events.len() != expected.len() {
        return Err(format!("{} events were sent, expected {}", events.len(), expected.len()));
    }
    for (index, ((_, envelope_payload), want)) in events.iter().zip(expected).enumerate() {
        let inner = messages(envelope_payload)?;
        let [(headers, payload)] = inner.as_slice() else {
            return Err(format!("event {index}: a signed message does not hold one message"));
        };
        for (name, kind, value) in want.headers {
            let found = headers.iter().find(|(n, _, _)| n == name);
            let matches = found.is_some_and(|(_, k, v)| {
                k == kind && (v == value || (*kind == "timestamp" && epoch_ms(value).map(|ms| ms.to_string()).as_deref() == Some(v.as_str())))
            });
            if !matches {
                return Err(format!("event {index}: header {name} is {found:?}, expected {kind} {value}"));
            }
        }
        if let Some(text) = want.body {
            super::same_body(payload, text, want.media_type).map_err(|e| format!("event {index}: {e}"))?;
        }
    }
    Ok(())
}
