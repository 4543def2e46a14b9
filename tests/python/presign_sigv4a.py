"""Presigns S3 requests whose endpoint asks for SigV4a (Multi-Region Access Points) with
botocore's generate_presigned_url, which signs them with awscrt (`s3v4a`), for comparison
with the Rust client's.

Input (stdin, JSON): a list of {"operation", "params", "region", "access_key", "secret_key",
"token", "amz_date", "expires"}. Output: a list of presigned URLs, in order. awscrt comes
from target/venv-crt, which `cargo xtask test` installs apart from the venv.
"""
import datetime
import json
import pathlib
import sys
from unittest import mock

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[2] / "target" / "venv-crt"))

import botocore.auth  # noqa: E402,F401  (botocore.crt.auth imports it first)
import botocore.crt.auth as crt_auth  # noqa: E402
import botocore.session  # noqa: E402
from botocore import xform_name  # noqa: E402
from botocore.config import Config  # noqa: E402


def main():
    session = botocore.session.get_session()
    results = []
    for case in json.load(sys.stdin):
        client = session.create_client(
            "s3",
            region_name=case["region"],
            aws_access_key_id=case["access_key"],
            aws_secret_access_key=case["secret_key"],
            aws_session_token=case.get("token"),
            config=Config(s3={"addressing_style": "virtual"}),
        )
        when = datetime.datetime.strptime(case["amz_date"], "%Y%m%dT%H%M%SZ")
        with mock.patch.object(crt_auth, "get_current_datetime", return_value=when):
            url = client.generate_presigned_url(
                xform_name(case["operation"]), Params=case["params"], ExpiresIn=case["expires"]
            )
        results.append(url)
    json.dump(results, sys.stdout)


if __name__ == "__main__":
    main()
