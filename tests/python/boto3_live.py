"""Makes calls with boto3 against moto, one per input line, for comparison with the Rust
client making the same call against the same server state.

Usage: boto3_live.py ENDPOINT [SERVICE] (default ds). Each stdin line is {"operation", "params"}; each stdout line
is the parsed output as JSON (timestamps as epoch seconds), or {"__error__": "..."}.
"""
import datetime
import json
import sys

import boto3
from botocore import xform_name


def normalise(value):
    if isinstance(value, datetime.datetime):
        if value.tzinfo is None:  # taken as UTC, as the client takes it
            value = value.replace(tzinfo=datetime.timezone.utc)
        return round(value.timestamp(), 6)
    if isinstance(value, dict):
        return {k: normalise(v) for k, v in value.items()}
    if isinstance(value, list):
        return [normalise(v) for v in value]
    return value


def main():
    client = boto3.client(
        sys.argv[2] if len(sys.argv) > 2 else "ds",
        endpoint_url=sys.argv[1],
        region_name="us-east-1",
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )
    for line in sys.stdin:
        call = json.loads(line)
        try:
            output = getattr(client, xform_name(call["operation"]))(**call["params"])
            output.pop("ResponseMetadata", None)
            print(json.dumps(normalise(output)), flush=True)
        except Exception as error:  # reported to the Rust side, which fails the test
            print(json.dumps({"__error__": f"{type(error).__name__}: {error}"}), flush=True)


if __name__ == "__main__":
    main()
