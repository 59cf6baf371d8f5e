"""Signs requests with botocore's SigV4Auth, for comparison with lambda-policy's signer.

Reads a JSON list of cases on stdin, each {method, url, headers, body, access_key, secret_key,
token (or null), region, timestamp (yyyymmddTHHMMSSZ)}, and prints a JSON list of the headers
botocore added: {authorization, x_amz_date, x_amz_security_token}.
"""

import datetime
import json
import sys
from unittest import mock

from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials


def sign(case):
    request = AWSRequest(
        method=case["method"],
        url=case["url"],
        headers=dict(case["headers"]),
        data=case["body"].encode("utf-8"),
    )
    instant = datetime.datetime.strptime(case["timestamp"], "%Y%m%dT%H%M%SZ").replace(
        tzinfo=datetime.timezone.utc
    )
    credentials = Credentials(case["access_key"], case["secret_key"], case["token"])
    with mock.patch("botocore.auth.get_current_datetime", return_value=instant):
        SigV4Auth(credentials, "lambda", case["region"]).add_auth(request)
    return {
        "authorization": request.headers["Authorization"],
        "x_amz_date": request.headers["X-Amz-Date"],
        "x_amz_security_token": request.headers.get("X-Amz-Security-Token"),
    }


def main():
    cases = json.load(sys.stdin)
    print(json.dumps([sign(case) for case in cases]))


if __name__ == "__main__":
    main()
