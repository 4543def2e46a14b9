"""Signs S3 Express One Zone requests with a session's credentials as botocore does
(`S3ExpressAuth`: SigV4 for S3, the session token in `x-amz-s3session-token`), for comparison
with the Rust client's signer.

Input (stdin, JSON): a list of {"method", "url", "headers": [[name, value]], "body_hex",
"access_key", "secret_key", "token", "region", "amz_date"}. Output: a list of the signed
requests' headers as [[name, value]], in order.
"""
import botocore.auth
from botocore.credentials import Credentials

from signed_headers import sign_cases


def signer(case):
    credentials = Credentials(case["access_key"], case["secret_key"], case["token"])
    return botocore.auth.S3ExpressAuth(credentials, "s3express", case["region"], identity_cache=None)


if __name__ == "__main__":
    sign_cases(signer, botocore.auth)
