"""The checksum headers botocore sends for S3 requests, for comparison with the Rust client.

Input (stdin, JSON): a list of {"operation", "params" (a "Body_hex" param is the Body's
bytes in hex), "request_checksum_calculation", "scheme"}. Output: for each, {"headers": the
sorted list of [name, value] of its x-amz-checksum-*, x-amz-sdk-checksum-algorithm,
content-md5, x-amz-content-sha256, x-amz-trailer, x-amz-decoded-content-length and
content-encoding headers, "body_hex": the body as sent}. Over plain HTTP botocore puts a
streamed body's checksum in a header; over HTTPS it sends the body aws-chunked with the
checksum in a trailer. botocore takes CRC32C and CRC64NVME from awscrt, in target/venv-crt
(see checksums.py).
"""
import json
import pathlib
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[2] / "target" / "venv-crt"))

import botocore.session  # noqa: E402
from botocore import xform_name  # noqa: E402
from botocore.config import Config  # noqa: E402


class Captured(Exception):
    pass


def main():
    session = botocore.session.get_session()
    results = []
    for case in json.load(sys.stdin):
        client = session.create_client(
            "s3",
            region_name="us-west-2",
            endpoint_url=case["scheme"] + "://s3.us-west-2.amazonaws.com",
            aws_access_key_id="AKID",
            aws_secret_access_key="SECRET",
            config=Config(
                request_checksum_calculation=case["request_checksum_calculation"],
                s3={"addressing_style": "path"},
            ),
        )
        seen = {}

        def capture(request, **kwargs):
            seen["headers"] = {k.lower(): v for k, v in request.headers.items()}
            body = request.body
            if hasattr(body, "read"):
                body = body.read()
            seen["body"] = body or b""
            raise Captured()

        client.meta.events.register("before-send.s3", capture)
        params = dict(case["params"])
        if "Body_hex" in params:
            params["Body"] = bytes.fromhex(params.pop("Body_hex"))
        try:
            getattr(client, xform_name(case["operation"]))(**params)
        except Captured:
            pass
        headers = []
        for name, value in seen["headers"].items():
            if isinstance(value, bytes):
                value = value.decode()
            if name.startswith("x-amz-checksum-") or name in (
                "x-amz-sdk-checksum-algorithm",
                "content-md5",
                "x-amz-content-sha256",
                "x-amz-trailer",
                "x-amz-decoded-content-length",
                "content-encoding",
            ):
                headers.append([name, value])
        body = seen["body"]
        if isinstance(body, str):
            body = body.encode()
        results.append({"headers": sorted(headers), "body_hex": body.hex()})
    json.dump(results, sys.stdout)


if __name__ == "__main__":
    main()
