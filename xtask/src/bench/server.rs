//! The canned-response HTTP/1.1 server on loopback that the bench programs call.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};

/// An HTTP/1.1 server on loopback that answers every request with the same body.
pub(super) struct Server {
    pub(super) url: String,
}

impl Server {
    pub(super) fn start(body: Vec<u8>) -> Result<Server, String> {
        Self::start_with(body, "Content-Type: application/x-amz-json-1.1\r\n")
    }

    /// A server whose responses carry `headers` (each line ending in CRLF).
    pub(super) fn start_with(body: Vec<u8>, headers: &'static str) -> Result<Server, String> {
        let listener =
            TcpListener::bind("127.0.0.1:0").map_err(|e| format!("cannot listen: {e}"))?;
        let url = format!(
            "http://{}",
            listener.local_addr().map_err(|e| e.to_string())?
        );
        let body: &'static [u8] = Box::leak(body.into_boxed_slice());
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                std::thread::spawn(move || serve(stream, body, headers));
            }
        });
        Ok(Server { url })
    }
}

/// Answers requests on one keep-alive connection until the client closes it.
fn serve(stream: TcpStream, body: &[u8], headers: &str) {
    let _ = stream.set_nodelay(true);
    let mut writer = match stream.try_clone() {
        Ok(w) => w,
        Err(_) => return,
    };
    let mut reader = BufReader::new(stream);
    let head = format!(
        "HTTP/1.1 200 OK\r\n{headers}x-amzn-RequestId: bench\r\nContent-Length: {}\r\n\r\n",
        body.len()
    );
    loop {
        let mut length = 0usize;
        let mut line = String::new();
        loop {
            line.clear();
            match reader.read_line(&mut line) {
                Ok(0) | Err(_) => return,
                Ok(_) => {}
            }
            if line == "\r\n" {
                break;
            }
            if let Some((name, value)) = line.split_once(':') {
                if name.eq_ignore_ascii_case("content-length") {
                    length = value.trim().parse().unwrap_or(0);
                }
            }
        }
        let mut request = vec![0; length];
        if reader.read_exact(&mut request).is_err() {
            return;
        }
        if writer
            .write_all(head.as_bytes())
            .and_then(|()| writer.write_all(body))
            .is_err()
        {
            return;
        }
    }
}
