"""Parses recorded responses with botocore's own parser (what boto3 returns) and compares
the result with the Rust client's output for the same bytes.

Input (stdin, JSON): a list of {"operation", "status", "headers": [[k, v]...], "body",
"rust": <the Rust client's output as JSON>, and optionally "service" (default ds) and
"protocol" (default json), and "model_defaults" (true when the client was generated from a
Smithy model whose `@default` values botocore does not know: a member only the client has,
at false or 0, is then no difference), and "body_members_only" (true when "rust" holds the
members read from the body only: botocore's members bound to headers or the status code are
then left out)}. Output: a list of {"operation", "differences"}.
Timestamps are compared as epoch seconds; one without an offset is taken as UTC, as the
client takes it.
"""
import datetime
import json
import sys

import botocore.session
from botocore import parsers
from botocore.utils import parse_timestamp


def normalise(value):
    if isinstance(value, datetime.datetime):
        if value.tzinfo is None:
            value = value.replace(tzinfo=datetime.timezone.utc)
        return round(value.timestamp(), 6)
    if isinstance(value, dict):
        return {k: normalise(v) for k, v in value.items()}
    if isinstance(value, list):
        return [normalise(v) for v in value]
    if isinstance(value, float):
        return round(value, 6)
    return value


def differences(path, ours, theirs, out, model_defaults=False):
    if isinstance(ours, dict) and isinstance(theirs, dict):
        for key in sorted(set(ours) | set(theirs)):
            if model_defaults and key not in theirs and ours[key] in (False, 0):
                continue
            differences(f"{path}.{key}", ours.get(key), theirs.get(key), out, model_defaults)
    elif isinstance(ours, list) and isinstance(theirs, list) and len(ours) == len(theirs):
        for i, (a, b) in enumerate(zip(ours, theirs)):
            differences(f"{path}[{i}]", a, b, out, model_defaults)
    elif isinstance(ours, str) and isinstance(theirs, float) and as_epoch(ours) == theirs:
        pass  # a timestamp: an XML protocol's client writes it as text in JSON
    elif ours != theirs:
        out.append(f"{path}: rust {ours!r} != boto3 {theirs!r}")


def as_epoch(text):
    try:
        return normalise(parse_timestamp(text))
    except (ValueError, TypeError):
        return None


def main():
    session = botocore.session.get_session()
    results = []
    for case in json.load(sys.stdin):
        model = session.get_service_model(case.get("service", "ds"))
        parser = parsers.create_parser(case.get("protocol", "json"))
        shape = model.operation_model(case["operation"]).output_shape
        response = {"status_code": case["status"], "headers": dict(case["headers"]), "body": case["body"].encode()}
        parsed = parser.parse(response, shape)
        parsed.pop("ResponseMetadata", None)
        if case.get("body_members_only"):
            for name, member in shape.members.items():
                if member.serialization.get("location") in ("header", "headers", "statusCode"):
                    parsed.pop(name, None)
        out = []
        differences(
            case["operation"],
            normalise(case["rust"]),
            normalise(parsed),
            out,
            case.get("model_defaults", False),
        )
        results.append({"operation": case["operation"], "differences": out})
    json.dump(results, sys.stdout)


if __name__ == "__main__":
    main()
