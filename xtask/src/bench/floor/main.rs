//! One HTTPS POST with the client stack alone: TLS and HMAC (rustls and ring, or with feature `openssl` the system's OpenSSL), hyper's connection, body, JSON, time.
use http_body_util::{BodyExt, Full};
use std::pin::Pin;
use std::task::{Context, Poll};
use tokio::io::{AsyncRead, AsyncWrite};

/// Tokio's I/O traits in the shape hyper wants, as the runtime's pool has it.
struct Io<S>(S);

impl<S: AsyncRead + Unpin> hyper::rt::Read for Io<S> {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        mut buf: hyper::rt::ReadBufCursor<'_>,
    ) -> Poll<std::io::Result<()>> {
        // SAFETY: tokio's ReadBuf writes only the bytes it reports filled.
        let filled = unsafe {
            let mut tokio_buf = tokio::io::ReadBuf::uninit(buf.as_mut());
            match Pin::new(&mut self.get_mut().0).poll_read(cx, &mut tokio_buf) {
                Poll::Ready(Ok(())) => tokio_buf.filled().len(),
                other => return other,
            }
        };
        // SAFETY: those bytes were initialised by the read.
        unsafe { buf.advance(filled) };
        Poll::Ready(Ok(()))
    }
}

impl<S: AsyncWrite + Unpin> hyper::rt::Write for Io<S> {
    fn poll_write(self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &[u8]) -> Poll<std::io::Result<usize>> {
        Pin::new(&mut self.get_mut().0).poll_write(cx, buf)
    }
    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.get_mut().0).poll_flush(cx)
    }
    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.get_mut().0).poll_shutdown(cx)
    }
}

#[cfg(not(feature = "openssl"))]
async fn connect(address: &str) -> Result<impl AsyncRead + AsyncWrite + Unpin, Box<dyn std::error::Error>> {
    let roots = rustls::RootCertStore { roots: webpki_roots::TLS_SERVER_ROOTS.to_vec() };
    let config = rustls::ClientConfig::builder_with_provider(std::sync::Arc::new(rustls::crypto::ring::default_provider()))
        .with_safe_default_protocol_versions()?
        .with_root_certificates(roots)
        .with_no_client_auth();
    let tcp = tokio::net::TcpStream::connect(address).await?;
    let name = rustls::pki_types::ServerName::try_from("localhost")?;
    Ok(tokio_rustls::TlsConnector::from(std::sync::Arc::new(config)).connect(name, tcp).await?)
}

#[cfg(feature = "openssl")]
async fn connect(address: &str) -> Result<impl AsyncRead + AsyncWrite + Unpin, Box<dyn std::error::Error>> {
    let connector = tokio_native_tls::TlsConnector::from(native_tls::TlsConnector::new()?);
    let tcp = tokio::net::TcpStream::connect(address).await?;
    Ok(connector.connect("localhost", tcp).await?)
}

#[cfg(not(feature = "openssl"))]
fn sign(data: &[u8]) -> Vec<u8> {
    let key = ring::hmac::Key::new(ring::hmac::HMAC_SHA256, b"key");
    ring::hmac::sign(&key, data).as_ref().to_vec()
}

#[cfg(feature = "openssl")]
fn sign(data: &[u8]) -> Vec<u8> {
    let key = openssl::pkey::PKey::hmac(b"key").unwrap();
    let mut signer = openssl::sign::Signer::new(openssl::hash::MessageDigest::sha256(), &key).unwrap();
    signer.update(data).unwrap();
    signer.sign_to_vec().unwrap()
}

async fn call(address: &str, request: http::Request<Full<bytes::Bytes>>) -> Result<bytes::Bytes, Box<dyn std::error::Error>> {
    let tls = connect(address).await?;
    let (mut sender, connection) = hyper::client::conn::http1::handshake(Io(tls)).await?;
    tokio::spawn(connection);
    let response = sender.send_request(request).await?;
    Ok(response.into_body().collect().await?.to_bytes())
}

fn main() {
    let address = std::env::args().nth(1).unwrap_or_else(|| "127.0.0.1:1".to_owned());
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    runtime.block_on(async {
        let signature = sign(address.as_bytes());
        let now = time::OffsetDateTime::now_utc()
            .format(&time::format_description::well_known::Rfc3339)
            .unwrap();
        let request = http::Request::post("/")
            .header("host", address.as_str())
            .header("x-amz-date", now)
            .header("authorization", format!("{signature:?}"))
            .body(Full::new(bytes::Bytes::from_static(b"{}")))
            .unwrap();
        let answer = tokio::time::timeout(std::time::Duration::from_secs(5), call(&address, request));
        match answer.await {
            Ok(Ok(body)) => {
                let value: serde_json::Value = serde_json::from_slice(&body).unwrap_or_default();
                tracing::info!(?value, "answer");
                let region = regex_lite::Regex::new(r"^us-\w+-\d+$").unwrap();
                println!("{} {}", value, region.is_match("us-east-1"));
            }
            other => println!("{}", other.is_ok()),
        }
    });
}
