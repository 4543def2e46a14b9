"""Presigns requests with botocore's own generate_presigned_url, for comparison with the Rust client.

Input (stdin, JSON): a list of {"service", "operation" (API name), "params", "region",
"access_key", "secret_key", "token", "amz_date": "YYYYMMDDTHHMMSSZ", "expires"}.
Output: a list of presigned URLs, in order.
"""
import datetime
import json
import sys
from unittest import mock

import botocore.auth
import botocore.session
from botocore import xform_name
from botocore.config import Config

# S3 presigns with SigV2 unless told otherwise (the client signs with SigV4), and with the
# `auto` addressing style presigns for the legacy global host: `virtual` is what the rules
# resolve (the bucket in the regional host, or in the path when it cannot be a host label).
S3_CONFIG = Config(signature_version="s3v4", s3={"addressing_style": "virtual"})


def main():
    session = botocore.session.get_session()
    results = []
    for case in json.load(sys.stdin):
        client = session.create_client(
            case["service"],
            region_name=case["region"],
            aws_access_key_id=case["access_key"],
            aws_secret_access_key=case["secret_key"],
            aws_session_token=case.get("token"),
            config=S3_CONFIG if case["service"] == "s3" else None,
        )
        when = datetime.datetime.strptime(case["amz_date"], "%Y%m%dT%H%M%SZ")
        with mock.patch.object(botocore.auth, "get_current_datetime", return_value=when):
            url = client.generate_presigned_url(
                xform_name(case["operation"]), Params=case["params"], ExpiresIn=case["expires"]
            )
        results.append(url)
    json.dump(results, sys.stdout)


if __name__ == "__main__":
    main()
