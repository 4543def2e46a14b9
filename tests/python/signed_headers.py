"""What the signing comparisons share: read cases from stdin, sign each request at its
`amz_date` with the signer a script makes for it, and write each signed request's headers.

A case has {"method", "url", "headers": [[name, value]], "body_hex", "amz_date"} and what the
script's signer needs. Output: a list of the signed requests' headers as [[name, value]], in
order.
"""
import datetime
import json
import sys
from unittest import mock

from botocore.awsrequest import AWSRequest


def sign_cases(make_signer, clock_module):
    """Signs every case on stdin with `make_signer(case)`, freezing `clock_module`'s clock."""
    results = []
    for case in json.load(sys.stdin):
        signer = make_signer(case)
        request = AWSRequest(
            method=case["method"],
            url=case["url"],
            headers=dict(case["headers"]),
            data=bytes.fromhex(case["body_hex"]),
        )
        when = datetime.datetime.strptime(case["amz_date"], "%Y%m%dT%H%M%SZ")
        with mock.patch.object(clock_module, "get_current_datetime", return_value=when):
            signer.add_auth(request)
        results.append([[name, value] for name, value in request.headers.items()])
    json.dump(results, sys.stdout)
