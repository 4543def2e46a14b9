//! gzip for request bodies of operations whose model asks for request compression.

use std::io::Write;

/// `body` gzip-compressed.
pub fn gzip(body: &[u8]) -> Result<Vec<u8>, String> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    encoder
        .write_all(body)
        .map_err(|e| format!("cannot compress the request: {e}"))?;
    encoder
        .finish()
        .map_err(|e| format!("cannot compress the request: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    #[test]
    fn round_trips_through_a_gzip_reader() {
        let body = br#"{"data":"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"}"#
            .repeat(200);
        let compressed = gzip(&body).unwrap();
        assert!(compressed.len() < body.len() / 10);
        let mut back = Vec::new();
        flate2::read::GzDecoder::new(&compressed[..])
            .read_to_end(&mut back)
            .unwrap();
        assert_eq!(back, body);
    }
}
