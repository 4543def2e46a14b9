"""Event stream framing against botocore's parser (botocore.eventstream), both ways.

Input (stdin, JSON): {"ours": [base64 of messages the Rust encoder wrote], "theirs": N,
"seed": S, "signing": [signing cases]}.
Output: {"ours": [each message as botocore decodes it, or {"error": ...}],
"theirs": [N random messages: their bytes, written here with struct and zlib and first
checked to decode in botocore to what was written, and what they hold],
"signing": [the chained event signatures, worked from the SigV4 rules with hmac/hashlib]}.

botocore has a decoder only, so the messages for the Rust decoder are encoded by this
script's own writer (independent of the Rust code), and botocore must agree with it first.
Headers are given as [name, type, value]: bool, int, bytes (base64), string; botocore does
not keep the wire type of integers, timestamps (ints) or uuids (bytes).
"""
import base64
import hashlib
import hmac
import json
import random
import struct
import sys
import zlib

from botocore.eventstream import EventStreamBuffer


def typed(value):
    if isinstance(value, bool):
        return ["bool", value]
    if isinstance(value, int):
        return ["int", value]
    if isinstance(value, bytes):
        return ["bytes", base64.b64encode(value).decode()]
    return ["string", value]


def decode_all(data):
    buffer = EventStreamBuffer()
    buffer.add_data(data)
    out = []
    for message in buffer:
        out.append({
            "headers": [[name] + typed(value) for name, value in message.headers.items()],
            "payload": base64.b64encode(message.payload).decode(),
        })
    return out


def encode(headers, payload):
    body = b""
    for name, kind, value in headers:
        raw = name.encode()
        body += struct.pack("!B", len(raw)) + raw
        if kind == "bool":
            body += struct.pack("!B", 0 if value else 1)
        elif kind == "byte":
            body += struct.pack("!Bb", 2, value)
        elif kind == "short":
            body += struct.pack("!Bh", 3, value)
        elif kind == "int":
            body += struct.pack("!Bi", 4, value)
        elif kind == "long":
            body += struct.pack("!Bq", 5, value)
        elif kind == "bytes":
            body += struct.pack("!BH", 6, len(value)) + value
        elif kind == "string":
            data = value.encode()
            body += struct.pack("!BH", 7, len(data)) + data
        elif kind == "timestamp":
            body += struct.pack("!Bq", 8, value)
        else:
            body += struct.pack("!B", 9) + value
    total = 16 + len(body) + len(payload)
    prelude = struct.pack("!II", total, len(body))
    prelude += struct.pack("!I", zlib.crc32(prelude) & 0xFFFFFFFF)
    message = prelude + body + payload
    return message + struct.pack("!I", zlib.crc32(message) & 0xFFFFFFFF)


def random_message(rng):
    headers = []
    names = set()
    for _ in range(rng.randrange(0, 9)):
        name = "".join(rng.choice("abcdefghij:-_") for _ in range(rng.choice([1, 3, 12, 255])))
        if name in names:
            continue
        names.add(name)
        kind = rng.choice(["bool", "byte", "short", "int", "long", "bytes", "string", "timestamp", "uuid"])
        value = {
            "bool": lambda: rng.random() < 0.5,
            "byte": lambda: rng.randrange(-128, 128),
            "short": lambda: rng.randrange(-32768, 32768),
            "int": lambda: rng.randrange(-2**31, 2**31),
            "long": lambda: rng.randrange(-2**63, 2**63),
            "bytes": lambda: bytes(rng.randrange(256) for _ in range(rng.choice([0, 5, 300]))),
            "string": lambda: "".join(rng.choice("aé€𝄞 z") for _ in range(rng.choice([0, 7, 100]))),
            "timestamp": lambda: rng.randrange(-2**40, 2**40),
            "uuid": lambda: bytes(rng.randrange(256) for _ in range(16)),
        }[kind]()
        headers.append((name, kind, value))
    payload = bytes(rng.randrange(256) for _ in range(rng.choice([0, 1, 64, 1000, 5000])))
    return headers, payload


def expected_typed(kind, value):
    if kind == "bool":
        return ["bool", value]
    if kind in ("bytes", "uuid"):
        return ["bytes", base64.b64encode(value).decode()]
    if kind == "string":
        return ["string", value]
    return ["int", value]


def sign_chain(case):
    """The chained event signatures of AWS's event signing, by hand: each signs the SHA-256
    of its `:date` header's bytes and of its payload, after the signature before it."""
    import datetime

    def mac(key, text):
        return hmac.new(key, text, hashlib.sha256).digest()
    prior = case["seed"]
    out = []
    for payload, seconds in zip(case["payloads"], case["seconds"]):
        amz_date = datetime.datetime.fromtimestamp(seconds, datetime.timezone.utc).strftime("%Y%m%dT%H%M%SZ")
        key = mac(("AWS4" + case["secret_key"]).encode(), amz_date[:8].encode())
        for part in (case["region"], case["service"], "aws4_request"):
            key = mac(key, part.encode())
        payload = base64.b64decode(payload)
        date_header = struct.pack("!B", 5) + b":date" + struct.pack("!Bq", 8, seconds * 1000)
        scope = f"{amz_date[:8]}/{case['region']}/{case['service']}/aws4_request"
        text = "\n".join([
            "AWS4-HMAC-SHA256-PAYLOAD", amz_date, scope, prior,
            hashlib.sha256(date_header).hexdigest(), hashlib.sha256(payload).hexdigest(),
        ])
        prior = hmac.new(key, text.encode(), hashlib.sha256).hexdigest()
        out.append(prior)
    return out


def main():
    request = json.load(sys.stdin)
    ours = []
    for text in request["ours"]:
        try:
            decoded = decode_all(base64.b64decode(text))
            ours.append(decoded[0] if len(decoded) == 1 else {"error": f"{len(decoded)} messages"})
        except Exception as e:  # botocore's parser errors are reported, not raised
            ours.append({"error": repr(e)})
    rng = random.Random(request["seed"])
    theirs = []
    for _ in range(request["theirs"]):
        headers, payload = random_message(rng)
        data = encode(headers, payload)
        decoded = decode_all(data)
        want = {
            "headers": [[n] + expected_typed(k, v) for n, k, v in headers],
            "payload": base64.b64encode(payload).decode(),
        }
        if decoded != [want]:
            raise SystemExit(f"botocore disagrees with this script's writer: {decoded} != {want}")
        theirs.append({"bytes": base64.b64encode(data).decode(), "headers": [[n, k, base64.b64encode(v).decode() if isinstance(v, bytes) else v] for n, k, v in headers], "payload": want["payload"]})
    signing = [sign_chain(case) for case in request.get("signing", [])]
    json.dump({"ours": ours, "theirs": theirs, "signing": signing}, sys.stdout)


if __name__ == "__main__":
    main()
