"""Reads what `audit --output sarif` and `--output junit` wrote, as CI consumers would, and
prints what they saw as JSON.

  read_audit_reports.py sarif FILE SCHEMA   validate against the SARIF 2.1.0 schema
  read_audit_reports.py junit FILE          parse with junitparser
"""
import json
import sys


def sarif(path, schema_path):
    import jsonschema

    with open(path) as f:
        log = json.load(f)
    with open(schema_path) as f:
        schema = json.load(f)
    validator = jsonschema.validators.validator_for(schema)(schema)
    errors = [f"{list(e.path)}: {e.message}" for e in validator.iter_errors(log)]
    return {"schema_errors": errors}


def junit(path):
    from junitparser import JUnitXml, Failure

    xml = JUnitXml.fromfile(path)
    suites = []
    for suite in xml:
        cases = []
        for case in suite:
            failed = any(isinstance(r, Failure) for r in case.result)
            cases.append({"name": case.name, "failed": failed})
        suites.append({"name": suite.name, "tests": suite.tests, "failures": suite.failures,
                       "cases": cases})
    return {"suites": suites}


if __name__ == "__main__":
    kind = sys.argv[1]
    if kind == "sarif":
        print(json.dumps(sarif(sys.argv[2], sys.argv[3])))
    else:
        print(json.dumps(junit(sys.argv[2])))
