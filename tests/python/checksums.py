"""Computes flexible checksums with botocore's own implementation, for comparison with the
Rust client's.

Input (stdin, JSON): a list of {"algorithm": "crc32" | "crc32c" | "crc64nvme" | "sha1" |
"sha256", "body_hex"}. Output: a list of base64 checksums, in order. botocore takes CRC32C
and CRC64NVME from awscrt, which `cargo xtask test` installs into target/venv-crt (apart
from the venv, since with it botocore changes more than checksums).
"""
import json
import pathlib
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[2] / "target" / "venv-crt"))

from botocore import httpchecksum  # noqa: E402


def main():
    results = []
    for case in json.load(sys.stdin):
        checksum_cls = httpchecksum._CHECKSUM_CLS[case["algorithm"]]
        checksum = checksum_cls()
        checksum.update(bytes.fromhex(case["body_hex"]))
        results.append(checksum.b64digest())
    json.dump(results, sys.stdout)


if __name__ == "__main__":
    main()
