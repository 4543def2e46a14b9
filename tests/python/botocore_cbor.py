"""botocore's own rpcv2Cbor serializer and parser, as an oracle for the Rust client.

Input (stdin, JSON): a list of cases {"operation", "kind", ...} for ds:
- "request": "body" is the hex of a CBOR request body the client sent; botocore parses it
  with the operation's input shape and returns the parameters.
- "response": "value" is an output as JSON (timestamps as epoch seconds); botocore
  serializes it with the operation's output shape and returns the hex of the CBOR.
Output: a list, in order, of {"params": ...} or {"body": hex}. Timestamps come back as
epoch seconds.
"""
import datetime
import json
import sys

import botocore.session
from botocore import parsers, serialize


def normalise(value):
    if isinstance(value, datetime.datetime):
        if value.tzinfo is None:
            value = value.replace(tzinfo=datetime.timezone.utc)
        return round(value.timestamp(), 6)
    if isinstance(value, dict):
        return {k: normalise(v) for k, v in value.items()}
    if isinstance(value, list):
        return [normalise(v) for v in value]
    if isinstance(value, (bytes, bytearray)):
        return value.decode("latin-1")
    return value


def main():
    model = botocore.session.get_session().get_service_model("ds")
    parser = parsers.create_parser("smithy-rpc-v2-cbor")
    serializer = serialize.create_serializer("smithy-rpc-v2-cbor", include_validation=False)
    results = []
    for case in json.load(sys.stdin):
        operation = model.operation_model(case["operation"])
        if case["kind"] == "request":
            response = {"status_code": 200, "headers": {}, "body": bytes.fromhex(case["body"])}
            parsed = parser.parse(response, operation.input_shape)
            parsed.pop("ResponseMetadata", None)
            results.append({"params": normalise(parsed)})
        else:
            body = bytearray()
            serializer._serialize_data_item(body, case["value"], operation.output_shape)
            results.append({"body": bytes(body).hex()})
    json.dump(results, sys.stdout)


if __name__ == "__main__":
    main()
