"""boto3's STS and Lambda clients against a `lambda-policy serve` fleet, trying what AWS refuses:
assumed keys without their session token or with a forged one, roles the fleet does not define,
RoleSessionName and DurationSeconds out of the model's bounds, STS over the rate limit, and
PublishLayerVersion members past their limits and past the account's code storage. Prints one
JSON object of what botocore parsed; tests/security_guarantees.rs asserts on it.

Usage: python strict_sts_and_layers.py MODE URL ACCOUNT (AWS_CONFIG_FILE: the fleet's profiles)
MODE is `strict` (all but the rate) or `throttle` (STS against a server with --rate-limit).
"""

import base64
import json
import sys

import boto3
from botocore.config import Config
from botocore_failure import failure

NO_RETRIES = Config(retries={"total_max_attempts": 1, "mode": "standard"})


def main():
    mode, url, account = sys.argv[1], sys.argv[2], sys.argv[3]
    session = boto3.Session(profile_name=f"fleet-{account}")
    sts = session.client("sts", endpoint_url=url, config=NO_RETRIES)
    out = {}
    if mode == "throttle":
        calls = [failure(lambda: sts.get_caller_identity()) for _ in range(12)]
        out["throttled"] = [c for c in calls if c["code"] is not None]
        print(json.dumps(out))
        return

    role = f"arn:aws:iam::{account}:role/OrganizationAccountAccessRole"
    creds = sts.assume_role(RoleArn=role, RoleSessionName="audit-1")["Credentials"]
    out["organization_role_expires"] = creds["Expiration"].isoformat()

    def assumed(service, token):
        return boto3.client(
            service,
            endpoint_url=url,
            region_name="us-east-1",
            aws_access_key_id=creds["AccessKeyId"],
            aws_secret_access_key=creds["SecretAccessKey"],
            aws_session_token=token,
            config=NO_RETRIES,
        )

    def lam(token):
        return assumed("lambda", token)

    def assumed_sts(token):
        return assumed("sts", token)

    out["with_token"] = len(lam(creds["SessionToken"]).list_functions()["Functions"])
    out["without_token"] = failure(lambda: lam(None).list_functions())
    out["forged_token"] = failure(lambda: lam("forged" + creds["SessionToken"]).list_functions())
    out["sts_without_token"] = failure(lambda: assumed_sts(None).get_caller_identity())
    out["sts_with_token"] = assumed_sts(creds["SessionToken"]).get_caller_identity()["Arn"]

    out["undefined_role"] = failure(
        lambda: sts.assume_role(RoleArn=f"arn:aws:iam::{account}:role/anything", RoleSessionName="s1")
    )
    out["defined_role"] = sts.assume_role(
        RoleArn=f"arn:aws:iam::{account}:role/auditor", RoleSessionName="s1"
    )["AssumedRoleUser"]["Arn"]
    # botocore checks the lengths on its side; the service is asked with validation off.
    raw = session.client(
        "sts", endpoint_url=url, config=Config(parameter_validation=False, retries={"total_max_attempts": 1})
    )
    out["short_session_name"] = failure(lambda: raw.assume_role(RoleArn=role, RoleSessionName="a"))
    out["bad_session_name"] = failure(lambda: raw.assume_role(RoleArn=role, RoleSessionName="bad name!"))
    out["short_duration"] = failure(
        lambda: raw.assume_role(RoleArn=role, RoleSessionName="s1", DurationSeconds=100)
    )
    out["past_max_session"] = failure(
        lambda: sts.assume_role(RoleArn=role, RoleSessionName="s1", DurationSeconds=7200)
    )

    lam_raw = session.client(
        "lambda",
        endpoint_url=url,
        config=Config(parameter_validation=False, retries={"total_max_attempts": 1}),
    )
    zip_file = base64.b64decode(base64.b64encode(b"x" * 60))

    def publish(**members):
        return lambda: lam_raw.publish_layer_version(
            LayerName="strict", Content={"ZipFile": zip_file}, **members
        )

    out["long_description"] = failure(publish(Description="d" * 257))
    out["long_license"] = failure(publish(LicenseInfo="l" * 513))
    out["many_runtimes"] = failure(publish(CompatibleRuntimes=["python3.12"] * 16))
    out["unknown_runtime"] = failure(publish(CompatibleRuntimes=["cobol85"]))
    out["many_architectures"] = failure(publish(CompatibleArchitectures=["x86_64", "arm64", "x86_64"]))
    out["first_publish"] = lam_raw.publish_layer_version(
        LayerName="strict", Content={"ZipFile": zip_file}, Description="d" * 256
    )["Version"]
    out["past_storage"] = failure(publish())
    print(json.dumps(out))


main()
