"""Signs requests with SigV4a as botocore does with awscrt (`CrtSigV4AsymAuth`, and its S3
variant), for comparison with the Rust client's signer.

Input (stdin, JSON): a list of {"method", "url", "headers": [[name, value]], "body_hex",
"access_key", "secret_key", "token", "region_set", "service", "s3", "amz_date"}. Output: a
list of the signed requests' headers as [[name, value]], in order. awscrt comes from
target/venv-crt, which `cargo xtask test` installs apart from the venv.
"""
import datetime
import json
import pathlib
import sys
from unittest import mock

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[2] / "target" / "venv-crt"))

import botocore.auth  # noqa: E402,F401  (botocore.crt.auth imports it first)
import botocore.crt.auth as crt_auth  # noqa: E402
from botocore.awsrequest import AWSRequest  # noqa: E402
from botocore.credentials import Credentials  # noqa: E402


def main():
    results = []
    for case in json.load(sys.stdin):
        credentials = Credentials(case["access_key"], case["secret_key"], case.get("token"))
        signer_cls = crt_auth.CrtS3SigV4AsymAuth if case["s3"] else crt_auth.CrtSigV4AsymAuth
        signer = signer_cls(credentials, case["service"], case["region_set"])
        request = AWSRequest(
            method=case["method"],
            url=case["url"],
            headers=dict(case["headers"]),
            data=bytes.fromhex(case["body_hex"]),
        )
        when = datetime.datetime.strptime(case["amz_date"], "%Y%m%dT%H%M%SZ")
        with mock.patch.object(crt_auth, "get_current_datetime", return_value=when):
            signer.add_auth(request)
        results.append([[name, value] for name, value in request.headers.items()])
    json.dump(results, sys.stdout)


if __name__ == "__main__":
    main()
