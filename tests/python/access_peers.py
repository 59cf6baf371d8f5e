"""The peers of the access engine on the case table (tests/data/access_cases.json): policyuniverse's
is_internet_accessible() on each access case, parliament's findings on each validation case.
Prints {"policyuniverse": {case: bool}, "parliament": {case: [issue, ...]}} as JSON."""

import json
import sys

from parliament import analyze_policy_string
from policyuniverse.policy import Policy


def document(statements):
    return {"Version": "2012-10-17", "Statement": statements}


def main(path):
    with open(path, encoding="utf-8") as f:
        table = json.load(f)
    universe = {
        case["name"]: Policy(document(case["statements"])).is_internet_accessible()
        for case in table["access"]
    }
    findings = {}
    for case in table["validation"]:
        try:
            analyzed = analyze_policy_string(
                json.dumps(document([case["statement"]])), include_community_auditors=False
            )
            findings[case["name"]] = sorted({f.issue for f in analyzed.findings})
        except Exception as error:  # a peer that cannot read a case says so, as a finding
            findings[case["name"]] = [f"EXCEPTION {type(error).__name__}"]
    json.dump({"policyuniverse": universe, "parliament": findings}, sys.stdout, indent=1)


if __name__ == "__main__":
    main(sys.argv[1])
