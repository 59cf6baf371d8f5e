"""boto3's Organizations client against a `lambda-policy serve` fleet: DescribeOrganization and
ListAccounts (paged by botocore's paginator, two accounts a page) from the management account,
ListAccounts refused from a member, MaxResults out of the model's bounds refused, and a forged
signature refused. Prints one JSON object of what botocore parsed.

Usage: python organizations_peer.py URL MANAGEMENT MEMBER (AWS_CONFIG_FILE: the fleet's profiles)
"""

import json
import sys

import boto3
from botocore.config import Config
from botocore_failure import failure

NO_RETRIES = Config(retries={"total_max_attempts": 1, "mode": "standard"})


def client(url, account, **keys):
    session = boto3.Session(profile_name=f"fleet-{account}", **keys)
    return session.client(
        "organizations", endpoint_url=url, region_name="us-east-1", config=NO_RETRIES
    )


def main():
    url, management, member = sys.argv[1], sys.argv[2], sys.argv[3]
    org = client(url, management)
    described = org.describe_organization()["Organization"]
    pages = org.get_paginator("list_accounts").paginate(PaginationConfig={"PageSize": 2})
    accounts = [a for page in pages for a in page["Accounts"]]
    member_client = client(url, member)
    forged = boto3.client(
        "organizations",
        endpoint_url=url,
        region_name="us-east-1",
        aws_access_key_id=org._request_signer._credentials.access_key,
        aws_secret_access_key="forged/secret/0123456789abcdefghijklmnopqr",
        config=NO_RETRIES,
    )
    print(
        json.dumps(
            {
                "id": described["Id"],
                "management": described["MasterAccountId"],
                "arn": described["Arn"],
                "accounts": [a["Id"] for a in accounts],
                "states": sorted({a["State"] for a in accounts}),
                "member_describes": member_client.describe_organization()["Organization"]["Id"],
                "member_lists": failure(lambda: member_client.list_accounts()),
                "too_many": failure(lambda: org.list_accounts(MaxResults=21)),
                "forged": failure(lambda: forged.describe_organization()),
            }
        )
    )


if __name__ == "__main__":
    main()
