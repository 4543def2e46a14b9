"""Runs botocore's own ParamValidator on ds inputs read as JSON from stdin.

Input: a list of {"operation": "CreateDirectory", "params": {...}}.
Output: a list of {"rejected": bool, "report": str}, one per input, in order.
"""
import json
import sys

import botocore.session
from botocore.validate import ParamValidator


def main():
    model = botocore.session.get_session().get_service_model("ds")
    validator = ParamValidator()
    results = []
    for case in json.load(sys.stdin):
        shape = model.operation_model(case["operation"]).input_shape
        report = validator.validate(case["params"], shape)
        results.append({"rejected": report.has_errors(), "report": report.generate_report() if report.has_errors() else ""})
    json.dump(results, sys.stdout)


if __name__ == "__main__":
    main()
