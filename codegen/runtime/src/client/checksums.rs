//! The call path's part of flexible checksums (`httpChecksum`): the request's checksum header before signing, the header asking for the response's, and the response's body checked against the checksum it carries.

use crate::client::operation::RequestTraits;
use crate::config::settings::{ChecksumWhen, Config};
use crate::http::flexible_checksum::{
    mismatch, response_checksum, ChecksumAlgorithm, ChecksumHasher,
};
use crate::http::transport::{HttpResponse, TransportError, TransportErrorKind};
use crate::wire::rest::Parts;

/// Prepares a request's flexible checksums, as the SDKs do: the algorithm the input names,
/// else CRC32 where the model requires a checksum or the configuration takes one whenever
/// the operation supports it (then the algorithm's header says CRC32); none when the input
/// set a checksum header itself. The checksum of a body in `parts` goes in its header now;
/// for a body that streams, the algorithm is returned, for the caller to take it over the
/// body's bytes. The header asking for the response's checksum is added where the input or
/// the configuration asks for it.
pub fn prepare(
    config: &Config,
    traits: &mut RequestTraits,
    parts: &mut Parts,
    streamed: bool,
) -> Result<Option<ChecksumAlgorithm>, String> {
    let Some(flexible) = traits.flexible_checksum.as_mut() else {
        return Ok(None);
    };
    if flexible.validation_requested
        || (flexible.validation_header.is_some()
            && config.response_checksum_validation == ChecksumWhen::WhenSupported)
    {
        flexible.validate_response = true;
        if let Some(header) = flexible.validation_header {
            if !has(&parts.headers, header) {
                parts
                    .headers
                    .push((header.to_owned(), "ENABLED".to_owned()));
            }
        }
    }
    let given = parts.headers.iter().any(|(name, _)| {
        name.to_ascii_lowercase().starts_with("x-amz-checksum-")
            && !name.eq_ignore_ascii_case("x-amz-checksum-mode")
    });
    if given {
        return Ok(None);
    }
    let algorithm = match &flexible.algorithm {
        Some(name) => ChecksumAlgorithm::from_name(name)
            .ok_or_else(|| format!("the checksum algorithm `{name}` is not one the client computes (CRC32, CRC32C, CRC64NVME, SHA1, SHA256)"))?,
        None if flexible.required
            || (flexible.algorithm_header.is_some()
                && config.request_checksum_calculation == ChecksumWhen::WhenSupported) =>
        {
            if let Some(header) = flexible.algorithm_header {
                parts
                    .headers
                    .push((header.to_owned(), ChecksumAlgorithm::Crc32.name().to_owned()));
            }
            ChecksumAlgorithm::Crc32
        }
        None => return Ok(None),
    };
    if streamed {
        return Ok(Some(algorithm));
    }
    let value = algorithm.checksum(&parts.body);
    parts.headers.push((algorithm.header().to_owned(), value));
    Ok(None)
}

/// Checks a whole response body against the checksum its headers carry, where the call
/// asked for it and the response has one the client can check.
pub fn check(traits: &RequestTraits, response: &HttpResponse) -> Result<(), String> {
    let Some((algorithm, expected)) = expected(traits, &response.headers) else {
        return Ok(());
    };
    match mismatch(algorithm, &expected, &algorithm.checksum(&response.body)) {
        Some(reason) => Err(reason),
        None => Ok(()),
    }
}

/// The checksum a response body must have, where the call asked for it to be checked.
pub fn expected(
    traits: &RequestTraits,
    headers: &[(String, String)],
) -> Option<(ChecksumAlgorithm, String)> {
    let flexible = traits.flexible_checksum.as_ref()?;
    if !flexible.validate_response {
        return None;
    }
    response_checksum(headers, flexible.response_algorithms)
}

/// Checks a streamed body chunk by chunk: the last chunk is followed by an error instead
/// of the end when the checksum does not match.
#[derive(Debug)]
pub struct StreamCheck {
    algorithm: ChecksumAlgorithm,
    expected: String,
    hasher: Option<ChecksumHasher>,
}

impl StreamCheck {
    /// A check of a body that must have `expected` as its `algorithm` checksum.
    pub fn new(algorithm: ChecksumAlgorithm, expected: String) -> Self {
        StreamCheck {
            hasher: Some(algorithm.hasher()),
            algorithm,
            expected,
        }
    }

    /// Takes in the next chunk.
    pub fn update(&mut self, chunk: &[u8]) {
        if let Some(hasher) = &mut self.hasher {
            hasher.update(chunk);
        }
    }

    /// At the body's end: an error if the checksum does not match (once).
    pub fn finish(&mut self) -> Option<TransportError> {
        let computed = self.hasher.take()?.finish();
        mismatch(self.algorithm, &self.expected, &computed)
            .map(|reason| TransportError::new(TransportErrorKind::Io, reason))
    }
}

fn has(headers: &[(String, String)], name: &str) -> bool {
    headers.iter().any(|(n, _)| n.eq_ignore_ascii_case(name))
}
