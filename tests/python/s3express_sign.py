"""Signs S3 Express One Zone requests with a session's credentials as botocore does
(`S3ExpressAuth`: SigV4 for S3, the session token in `x-amz-s3session-token`), for comparison
with the Rust client's signer.

Input (stdin, JSON): a list of {"method", "url", "headers": [[name, value]], "body_hex",
"access_key", "secret_key", "token", "region", "amz_date"}. Output: a list of the signed
requests' headers as [[name, value]], in order.
"""
import datetime
import json
import sys
from unittest import mock

import botocore.auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials


def main():
    results = []
    for case in json.load(sys.stdin):
        credentials = Credentials(case["access_key"], case["secret_key"], case["token"])
        signer = botocore.auth.S3ExpressAuth(
            credentials, "s3express", case["region"], identity_cache=None
        )
        request = AWSRequest(
            method=case["method"],
            url=case["url"],
            headers=dict(case["headers"]),
            data=bytes.fromhex(case["body_hex"]),
        )
        when = datetime.datetime.strptime(case["amz_date"], "%Y%m%dT%H%M%SZ")
        with mock.patch.object(botocore.auth, "get_current_datetime", return_value=when):
            signer.add_auth(request)
        results.append([[name, value] for name, value in request.headers.items()])
    json.dump(results, sys.stdout)


if __name__ == "__main__":
    main()
