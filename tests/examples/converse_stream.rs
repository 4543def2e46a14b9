//! A Bedrock chat that prints the model's answer token by token as it streams in, with
//! `ConverseStream`. With `BEDROCK_MODEL_ID` set (and AWS credentials in the environment) it
//! asks Bedrock; without, a loopback server in this program streams a canned answer.
//!
//!     cargo run -p tests --example converse_stream -- "Why is the sky blue?"
//!     BEDROCK_MODEL_ID=anthropic.claude-3-haiku-20240307-v1:0 cargo run -p tests --example converse_stream -- "Why is the sky blue?"

use aws_bedrock_runtime::types::{
    ContentBlock, ContentBlockDelta, ConversationRole, ConverseStreamOutput, Message,
};
use aws_bedrock_runtime::{Client, Config, Credentials};
use std::error::Error;
use std::io::Write;

/// Sends `prompt` to `model` and writes the answer's tokens to `out` as they arrive;
/// returns the whole answer.
pub async fn chat(
    client: &Client,
    model: &str,
    prompt: &str,
    out: &mut impl Write,
) -> Result<String, Box<dyn Error>> {
    let question = Message::builder()
        .role(ConversationRole::User)
        .content(ContentBlock::Text(prompt.to_owned()))
        .build()?;
    let output = client
        .converse_stream()
        .model_id(model)
        .messages(question)
        .send()
        .await?;
    let events = output.stream.unwrap_or_default();
    let mut answer = String::new();
    // An exception event (throttling, a model error) ends the loop as an error.
    while let Some(event) = events.recv().await? {
        if let ConverseStreamOutput::ContentBlockDelta(delta) = event {
            if let ContentBlockDelta::Text(token) = delta.delta {
                write!(out, "{token}")?;
                out.flush()?;
                answer.push_str(&token);
            }
        }
    }
    writeln!(out)?;
    Ok(answer)
}

/// A loopback server that answers one `ConverseStream` call with `tokens`, one event each,
/// a little apart; returns its URL.
pub async fn canned_server(tokens: &'static [&'static str]) -> String {
    use aws_codegen_runtime::wire::eventstream::frame::{encode_message, Message as Frame};
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("a port");
    let url = format!("http://{}", listener.local_addr().expect("an address"));
    tokio::spawn(async move {
        let Ok((mut socket, _)) = listener.accept().await else {
            return;
        };
        // The request: its head, then the body its Content-Length gives.
        let mut request = Vec::new();
        let mut chunk = [0u8; 4096];
        while !request.windows(4).any(|w| w == b"\r\n\r\n") {
            match socket.read(&mut chunk).await {
                Ok(0) | Err(_) => return,
                Ok(n) => request.extend_from_slice(&chunk[..n]),
            }
        }
        let event = |kind: &str, payload: String| {
            let frame = Frame::new(
                &[
                    (":message-type", "event"),
                    (":event-type", kind),
                    (":content-type", "application/json"),
                ],
                payload,
            );
            let bytes = encode_message(&frame).expect("a small message encodes");
            [
                format!("{:x}\r\n", bytes.len()).into_bytes(),
                bytes,
                b"\r\n".to_vec(),
            ]
            .concat()
        };
        let head = "HTTP/1.1 200 OK\r\ncontent-type: application/vnd.amazon.eventstream\r\ntransfer-encoding: chunked\r\n\r\n";
        let _ = socket.write_all(head.as_bytes()).await;
        let _ = socket
            .write_all(&event("messageStart", r#"{"role":"assistant"}"#.to_owned()))
            .await;
        for token in tokens {
            let delta = serde_json::json!({"contentBlockIndex": 0, "delta": {"text": token}});
            let _ = socket
                .write_all(&event("contentBlockDelta", delta.to_string()))
                .await;
            tokio::time::sleep(std::time::Duration::from_millis(40)).await;
        }
        let _ = socket
            .write_all(&event(
                "messageStop",
                r#"{"stopReason":"end_turn"}"#.to_owned(),
            ))
            .await;
        let _ = socket.write_all(b"0\r\n\r\n").await;
    });
    url
}

/// The answer the loopback server streams.
pub const CANNED: &[&str] = &[
    "Rayleigh",
    " scattering",
    ":",
    " blue",
    " light",
    " scatters",
    " most",
    ".",
];

#[tokio::main]
#[allow(dead_code)] // the tests include this file for `chat` and `canned_server`
async fn main() -> Result<(), Box<dyn Error>> {
    let prompt = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "Why is the sky blue?".to_owned());
    let (client, model) = match std::env::var("BEDROCK_MODEL_ID") {
        Ok(model) => (Client::from_env().await?, model),
        Err(_) => {
            let url = canned_server(CANNED).await;
            let config = Config::builder()
                .region("us-east-1")
                .credentials(Credentials::new("AKID", "SECRET", None))
                .endpoint_url(url)
                .build()?;
            (Client::new(config), "loopback".to_owned())
        }
    };
    chat(&client, &model, &prompt, &mut std::io::stdout()).await?;
    Ok(())
}
