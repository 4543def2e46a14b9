//! The event stream framing against botocore's parser, both ways, and event signing against
//! a signature chain worked out independently from the SigV4 rules (`tests/python/eventstream.py`):
//! random messages this runtime encodes decode in botocore to what was encoded, and random
//! messages encoded by the script (which botocore first decodes to what it wrote) decode here
//! to the same headers and payload.

use crate::python::run_python;
use aws_codegen_runtime::client::event_signing::EventSigner;
use aws_codegen_runtime::config::credentials::Credentials;
use aws_codegen_runtime::wire::eventstream::frame::{
    decode_message, encode_message, Header, HeaderValue, Message,
};
use base64::Engine as _;
use serde_json::{json, Value};
use std::time::{Duration, UNIX_EPOCH};

/// Messages each way.
const MESSAGES: usize = 2000;

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
    fn bytes(&mut self, n: usize) -> Vec<u8> {
        (0..n).map(|_| self.next() as u8).collect()
    }
}

fn random_message(rng: &mut Rng) -> Message {
    let mut headers: Vec<Header> = Vec::new();
    for _ in 0..rng.below(9) {
        let len = [1usize, 2, 9, 255][rng.below(4) as usize];
        let name: String = (0..len)
            .map(|_| b"abcdefgh:-_"[rng.below(11) as usize] as char)
            .collect();
        if headers.iter().any(|h| h.name == name) {
            continue;
        }
        let text_len = [0usize, 3, 70][rng.below(3) as usize];
        let value = match rng.below(10) {
            0 => HeaderValue::Bool(true),
            1 => HeaderValue::Bool(false),
            2 => HeaderValue::Byte(rng.next() as i8),
            3 => HeaderValue::Short(rng.next() as i16),
            4 => HeaderValue::Int(rng.next() as i32),
            5 => HeaderValue::Long(rng.next() as i64),
            6 => HeaderValue::Bytes(rng.bytes(text_len)),
            7 => HeaderValue::String(
                (0..text_len)
                    .map(|_| ['a', 'é', '€', '𝄞', ' '][rng.below(5) as usize])
                    .collect(),
            ),
            8 => HeaderValue::Timestamp(rng.next() as i64 >> 20),
            _ => HeaderValue::Uuid(rng.bytes(16).try_into().unwrap()),
        };
        headers.push(Header { name, value });
    }
    let payload_len = [0usize, 1, 100, 3000][rng.below(4) as usize];
    Message {
        headers,
        payload: rng.bytes(payload_len),
    }
}

fn b64(bytes: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

/// A header as botocore reports it: its value's Python type, not its wire type.
fn as_botocore(header: &Header) -> Value {
    let (kind, value) = match &header.value {
        HeaderValue::Bool(v) => ("bool", json!(v)),
        HeaderValue::Byte(v) => ("int", json!(v)),
        HeaderValue::Short(v) => ("int", json!(v)),
        HeaderValue::Int(v) => ("int", json!(v)),
        HeaderValue::Long(v) | HeaderValue::Timestamp(v) => ("int", json!(v)),
        HeaderValue::Bytes(v) => ("bytes", json!(b64(v))),
        HeaderValue::Uuid(v) => ("bytes", json!(b64(v))),
        HeaderValue::String(v) => ("string", json!(v)),
    };
    json!([header.name, kind, value])
}

/// A header the script wrote, with its wire type.
fn from_script(header: &Value) -> Header {
    let kind = header[1].as_str().unwrap();
    let value = &header[2];
    let bytes = || {
        base64::engine::general_purpose::STANDARD
            .decode(value.as_str().unwrap())
            .unwrap()
    };
    Header {
        name: header[0].as_str().unwrap().to_owned(),
        value: match kind {
            "bool" => HeaderValue::Bool(value.as_bool().unwrap()),
            "byte" => HeaderValue::Byte(value.as_i64().unwrap() as i8),
            "short" => HeaderValue::Short(value.as_i64().unwrap() as i16),
            "int" => HeaderValue::Int(value.as_i64().unwrap() as i32),
            "long" => HeaderValue::Long(value.as_i64().unwrap()),
            "timestamp" => HeaderValue::Timestamp(value.as_i64().unwrap()),
            "bytes" => HeaderValue::Bytes(bytes()),
            "uuid" => HeaderValue::Uuid(bytes().try_into().unwrap()),
            "string" => HeaderValue::String(value.as_str().unwrap().to_owned()),
            other => panic!("type {other}"),
        },
    }
}

#[test]
fn botocore_and_this_runtime_read_each_others_messages_identically_and_event_signatures_match() {
    let mut rng = Rng(0x5eed_cafe_f00d);
    let ours: Vec<Message> = (0..MESSAGES).map(|_| random_message(&mut rng)).collect();
    let encoded: Vec<String> = ours
        .iter()
        .map(|m| b64(&encode_message(m).unwrap()))
        .collect();
    // Event signing: a chain of payloads, the last empty (the message that ends a stream),
    // signed a second apart across a day boundary, so the key's date changes mid-chain.
    let seconds: Vec<u64> = vec![1_730_419_198, 1_730_419_199, 1_730_419_200, 1_730_419_201];
    let payloads: Vec<Vec<u8>> = vec![
        b"first".to_vec(),
        rng.bytes(5000),
        encode_message(&ours[1]).unwrap(),
        Vec::new(),
    ];
    let seed = "a5b6".repeat(16);
    let result = run_python(
        "eventstream.py",
        &json!({
            "ours": encoded,
            "theirs": MESSAGES,
            "seed": 20_261_205,
            "signing": [{
                "secret_key": "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
                "region": "us-west-2",
                "service": "bedrock",
                "seed": seed,
                "payloads": payloads.iter().map(|p| b64(p)).collect::<Vec<_>>(),
                "seconds": seconds,
            }],
        }),
    );

    // Ours in botocore.
    let decoded = result["ours"].as_array().unwrap();
    assert_eq!(decoded.len(), MESSAGES);
    let mut agreed = 0;
    for (i, (message, theirs)) in ours.iter().zip(decoded).enumerate() {
        let want = json!({
            "headers": message.headers.iter().map(as_botocore).collect::<Vec<_>>(),
            "payload": b64(&message.payload),
        });
        assert_eq!(theirs, &want, "message {i}: botocore read something else");
        agreed += 1;
    }
    // Theirs here.
    let theirs = result["theirs"].as_array().unwrap();
    assert_eq!(theirs.len(), MESSAGES);
    for (i, message) in theirs.iter().enumerate() {
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(message["bytes"].as_str().unwrap())
            .unwrap();
        let want = Message {
            headers: message["headers"]
                .as_array()
                .unwrap()
                .iter()
                .map(from_script)
                .collect(),
            payload: base64::engine::general_purpose::STANDARD
                .decode(message["payload"].as_str().unwrap())
                .unwrap(),
        };
        assert_eq!(
            decode_message(&bytes).as_ref(),
            Ok(&want),
            "their message {i}"
        );
        agreed += 1;
    }
    assert_eq!(agreed, 2 * MESSAGES);

    // Event signing.
    let credentials = Credentials::new(
        "AKIDEXAMPLE",
        "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
        None,
    );
    let mut signer = EventSigner::new(&credentials, ("us-west-2", "bedrock"), &seed);
    let ours: Vec<String> = payloads
        .iter()
        .zip(&seconds)
        .map(|(payload, s)| {
            // Sub-second parts are dropped: the `:date` header and the signature agree.
            let envelope = signer.sign(payload, UNIX_EPOCH + Duration::from_millis(s * 1000 + 765));
            match &envelope.headers[1].value {
                HeaderValue::Bytes(signature) => {
                    signature.iter().map(|b| format!("{b:02x}")).collect()
                }
                other => panic!("{other:?}"),
            }
        })
        .collect();
    let expected: Vec<String> = serde_json::from_value(result["signing"][0].clone()).unwrap();
    assert_eq!(ours, expected);
    eprintln!(
        "{MESSAGES} messages each way read identically; {} event signatures match",
        ours.len()
    );
}
