"""Signs requests with botocore's own SigV4Auth, for comparison with the Rust client.

Input (stdin, JSON): a list of {"method", "url", "headers": [[name, value]...], "body",
"amz_date": "YYYYMMDDTHHMMSSZ", "region", "service", "access_key", "secret_key", "token"}.
Output: a list of Authorization header values, in order.
"""
import datetime
import json
import sys
from unittest import mock

import botocore.auth
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

# botocore adds these itself; passing ours would sign them twice.
ADDED_BY_SIGNER = {"authorization", "x-amz-date", "x-amz-security-token", "host", "user-agent"}


def main():
    results = []
    for case in json.load(sys.stdin):
        headers = {k: v for k, v in case["headers"] if k.lower() not in ADDED_BY_SIGNER}
        request = AWSRequest(method=case["method"], url=case["url"], data=case["body"].encode(), headers=headers)
        credentials = Credentials(case["access_key"], case["secret_key"], case.get("token"))
        when = datetime.datetime.strptime(case["amz_date"], "%Y%m%dT%H%M%SZ")
        with mock.patch.object(botocore.auth, "get_current_datetime", return_value=when):
            SigV4Auth(credentials, case["service"], case["region"]).add_auth(request)
        results.append(request.headers["Authorization"])
    json.dump(results, sys.stdout)


if __name__ == "__main__":
    main()
