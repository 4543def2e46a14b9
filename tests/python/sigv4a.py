"""Signs requests with SigV4a as botocore does with awscrt (`CrtSigV4AsymAuth`, and its S3
variant), for comparison with the Rust client's signer.

Input (stdin, JSON): a list of {"method", "url", "headers": [[name, value]], "body_hex",
"access_key", "secret_key", "token", "region_set", "service", "s3", "amz_date"}. Output: a
list of the signed requests' headers as [[name, value]], in order. awscrt comes from
target/venv-crt, which `cargo xtask test` installs apart from the venv.
"""
import pathlib
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[2] / "target" / "venv-crt"))

import botocore.auth  # noqa: E402,F401  (botocore.crt.auth imports it first)
import botocore.crt.auth as crt_auth  # noqa: E402
from botocore.credentials import Credentials  # noqa: E402

from signed_headers import sign_cases  # noqa: E402


def signer(case):
    credentials = Credentials(case["access_key"], case["secret_key"], case.get("token"))
    signer_cls = crt_auth.CrtS3SigV4AsymAuth if case["s3"] else crt_auth.CrtSigV4AsymAuth
    return signer_cls(credentials, case["service"], case["region_set"])


if __name__ == "__main__":
    sign_cases(signer, crt_auth)
