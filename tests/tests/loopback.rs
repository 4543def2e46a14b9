//! Reading HTTP/1.1 requests off a socket, for the tests' scripted loopback servers.

use tokio::io::AsyncReadExt;
use tokio::net::TcpStream;

/// One request read off the wire.
// Shared by two test binaries, each of which reads only the fields it checks.
#[allow(dead_code)]
pub struct Request {
    /// The request line and headers, as sent.
    pub head: String,
    /// The `Content-Length` bytes after the head.
    pub body: Vec<u8>,
}

/// Reads one request (head and `Content-Length` body); `None` at end of stream.
pub async fn read_request(stream: &mut TcpStream, buffer: &mut Vec<u8>) -> Option<Request> {
    loop {
        if let Some(end) = buffer.windows(4).position(|w| w == b"\r\n\r\n") {
            let head = String::from_utf8_lossy(&buffer[..end]).into_owned();
            let length: usize = head
                .to_ascii_lowercase()
                .lines()
                .find_map(|l| l.strip_prefix("content-length:"))
                .and_then(|v| v.trim().parse().ok())
                .unwrap_or(0);
            if buffer.len() >= end + 4 + length {
                let body = buffer[end + 4..end + 4 + length].to_vec();
                buffer.drain(..end + 4 + length);
                return Some(Request { head, body });
            }
        }
        let mut chunk = [0u8; 8192];
        match stream.read(&mut chunk).await {
            Ok(0) | Err(_) => return None,
            Ok(n) => buffer.extend_from_slice(&chunk[..n]),
        }
    }
}
