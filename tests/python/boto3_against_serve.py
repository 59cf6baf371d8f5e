"""boto3 against `lambda-policy serve`: every call lambda-policy's emulator answers, and what
botocore parsed from each answer. Prints one JSON object; tests/peer_aws_clients.rs asserts on it.

Usage: python boto3_against_serve.py MODE URL ACCESS_KEY SECRET_KEY
MODE is `main` (the demo account plus synthetic functions), `throttle` (every call throttled),
`urls` (the function URL operations), `resource-policy` (PutResourcePolicy and its kin, 2026)
or `public-block` (the same against a server started with --block-public-policies).
"""

import json
import sys

import boto3
from botocore.config import Config
from botocore.exceptions import ClientError

ACCOUNT = "123456789012"
ARN = f"arn:aws:lambda:us-east-1:{ACCOUNT}:function"


def client(url, key, secret, attempts=1):
    return boto3.client(
        "lambda",
        endpoint_url=url,
        region_name="us-east-1",
        aws_access_key_id=key,
        aws_secret_access_key=secret,
        config=Config(
            retries={"total_max_attempts": attempts, "mode": "standard"},
            connect_timeout=5,
            read_timeout=10,
        ),
    )


def meta(response):
    m = response["ResponseMetadata"]
    return {
        "status": m["HTTPStatusCode"],
        "request_id": m["RequestId"],
        "retry_attempts": m["RetryAttempts"],
    }


def error(call):
    """What botocore parsed from an error answer (the call must fail)."""
    try:
        call()
    except ClientError as e:
        r = e.response
        out = {
            "code": r["Error"]["Code"],
            "message": r["Error"]["Message"],
            "exception": type(e).__name__,
            # The body's own members, as botocore keeps them beside Error.
            "type_member": r.get("Type"),
            "lower_message": r.get("message"),
            "upper_message": r.get("Message"),
            "reason": r.get("Reason"),
        }
        out.update(meta(r))
        return out
    raise AssertionError("the call succeeded, an error was expected")


def main_mode(url, key, secret):
    c = client(url, key, secret)
    out = {}

    paginator = c.get_paginator("list_functions")
    pages = list(paginator.paginate())
    names = [f["FunctionName"] for p in pages for f in p["Functions"]]
    out["list_pages"] = [len(p["Functions"]) for p in pages]
    out["list_names_unique"] = len(set(names))
    out["list_markers"] = ["NextMarker" in p for p in pages]
    out["list_first_arn"] = pages[0]["Functions"][0]["FunctionArn"]
    small = list(paginator.paginate(PaginationConfig={"PageSize": 40}))
    out["list_pages_of_40"] = [len(p["Functions"]) for p in small]
    big = c.list_functions(MaxItems=1000)
    out["list_max_items_1000"] = len(big["Functions"])

    f = c.get_function(FunctionName=f"{ARN}:orders-api", Qualifier="live")
    out["get_function_alias"] = {
        "arn": f["Configuration"]["FunctionArn"],
        "version": f["Configuration"]["Version"],
        "status": f["ResponseMetadata"]["HTTPStatusCode"],
    }
    f = c.get_function(FunctionName=f"{ARN}:orders-api:1")
    out["get_function_version_in_arn"] = f["Configuration"]["Version"]

    versions = c.list_versions_by_function(FunctionName="orders-api")
    out["versions"] = [(v["Version"], v["FunctionArn"]) for v in versions["Versions"]]

    aliases = c.list_aliases(FunctionName="orders-api")
    out["aliases"] = [a["Name"] for a in aliases["Aliases"]]
    routed = c.list_aliases(FunctionName="orders-api", FunctionVersion="2")
    out["aliases_for_version_2"] = [a["Name"] for a in routed["Aliases"]]

    alias = c.get_alias(FunctionName="orders-api", Name="live")
    out["get_alias"] = {
        "status": alias["ResponseMetadata"]["HTTPStatusCode"],
        "arn": alias["AliasArn"],
        "version": alias["FunctionVersion"],
        "weights": alias["RoutingConfig"]["AdditionalVersionWeights"],
        "revision_id": alias["RevisionId"],
    }

    added = c.add_permission(
        FunctionName="user-signup",
        StatementId="s3-invoke",
        Action="lambda:InvokeFunction",
        Principal="s3.amazonaws.com",
        SourceArn="arn:aws:s3:::uploads",
        SourceAccount=ACCOUNT,
    )
    out["add"] = {"statement": json.loads(added["Statement"]), "raw": added["Statement"]}
    out["add"].update(meta(added))

    policy = c.get_policy(FunctionName="user-signup")
    out["get_policy"] = {
        "policy": json.loads(policy["Policy"]),
        "revision_id": policy["RevisionId"],
    }
    out["get_policy"].update(meta(policy))

    # A write with the current RevisionId passes; the old one is refused afterwards.
    current = policy["RevisionId"]
    c.add_permission(
        FunctionName="user-signup",
        StatementId="sns-invoke",
        Action="lambda:InvokeFunction",
        Principal="sns.amazonaws.com",
        RevisionId=current,
    )
    out["stale_revision"] = error(
        lambda: c.add_permission(
            FunctionName="user-signup",
            StatementId="sns-again",
            Action="lambda:InvokeFunction",
            Principal="sns.amazonaws.com",
            RevisionId=current,
        )
    )

    out["duplicate_sid"] = error(
        lambda: c.add_permission(
            FunctionName="user-signup",
            StatementId="s3-invoke",
            Action="lambda:InvokeFunction",
            Principal="s3.amazonaws.com",
        )
    )
    grant = dict(StatementId="x", Action="lambda:InvokeFunction", Principal="sns.amazonaws.com")
    out["unknown_function"] = error(lambda: c.add_permission(FunctionName="doesnotexist", **grant))
    out["unknown_alias"] = error(
        lambda: c.add_permission(FunctionName="orders-api", Qualifier="alias-doesnotexist", **grant)
    )
    out["unknown_version"] = error(
        lambda: c.add_permission(FunctionName="orders-api", Qualifier="42", **grant)
    )
    out["get_alias_unknown"] = error(lambda: c.get_alias(FunctionName="orders-api", Name="nope"))
    out["latest_qualifier"] = error(
        lambda: c.add_permission(FunctionName="orders-api", Qualifier="$LATEST", **grant)
    )
    out["qualifier_mismatch"] = error(
        lambda: c.add_permission(FunctionName="orders-api:live", Qualifier="beta", **grant)
    )
    out["invalid_principal"] = error(
        lambda: c.add_permission(
            FunctionName="orders-api",
            StatementId="x",
            Action="lambda:InvokeFunction",
            Principal="invalid.nonaws.com",
        )
    )
    out["bad_statement_id"] = error(
        lambda: c.add_permission(
            FunctionName="orders-api",
            StatementId="example.com",
            Action="lambda:InvokeFunction",
            Principal="sns.amazonaws.com",
        )
    )
    out["no_policy"] = error(lambda: c.get_policy(FunctionName="image-resizer"))

    removed = c.remove_permission(FunctionName="user-signup", StatementId="s3-invoke")
    out["remove"] = meta(removed)
    after = c.get_policy(FunctionName="user-signup")
    out["after_remove_sids"] = [s["Sid"] for s in json.loads(after["Policy"])["Statement"]]
    out["remove_unknown_sid"] = error(
        lambda: c.remove_permission(FunctionName="user-signup", StatementId="s3-invoke")
    )

    temporary = boto3.client(
        "lambda",
        endpoint_url=url,
        region_name="us-east-1",
        aws_access_key_id=key,
        aws_secret_access_key=secret,
        aws_session_token="FQoGZXIvYXdzEXAMPLE/session+token=",
    )
    signed = temporary.get_policy(FunctionName=f"{ARN}:orders-api", Qualifier="live")
    out["session_token_get_policy"] = {
        "sids": [s["Sid"] for s in json.loads(signed["Policy"])["Statement"]],
    }
    out["session_token_get_policy"].update(meta(signed))

    wrong = client(url, key, secret + "x")
    out["wrong_secret"] = error(lambda: wrong.list_functions())
    return out


def throttle_mode(url, key, secret):
    c = client(url, key, secret, attempts=2)
    return {"throttled": error(lambda: c.get_policy(FunctionName="orders-api"))}


def urls_mode(url, key, secret):
    c = client(url, key, secret)
    out = {}
    created = c.create_function_url_config(FunctionName="user-signup", AuthType="NONE")
    out["create"] = {k: created.get(k) for k in ["FunctionUrl", "FunctionArn", "AuthType", "InvokeMode", "LastModifiedTime"]}
    out["create"]["creation_time"] = created["CreationTime"]
    out["create"].update(meta(created))
    alias = c.create_function_url_config(
        FunctionName="orders-api",
        Qualifier="live",
        AuthType="AWS_IAM",
        InvokeMode="RESPONSE_STREAM",
        Cors={"AllowOrigins": ["https://example.com"], "MaxAge": 60},
    )
    out["create_alias"] = {k: alias.get(k) for k in ["FunctionArn", "AuthType", "InvokeMode", "Cors"]}
    out["create_again"] = error(lambda: c.create_function_url_config(FunctionName="user-signup", AuthType="NONE"))
    got = c.get_function_url_config(FunctionName="user-signup")
    out["get"] = {k: got.get(k) for k in ["FunctionUrl", "AuthType", "InvokeMode"]}
    out["get"]["has_last_modified"] = "LastModifiedTime" in got
    out["get"].update(meta(got))
    out["get_none"] = error(lambda: c.get_function_url_config(FunctionName="thumbnailer"))
    out["get_version"] = error(lambda: c.get_function_url_config(FunctionName="orders-api", Qualifier="1"))
    out["create_missing_function"] = error(lambda: c.create_function_url_config(FunctionName="no-such-fn", AuthType="NONE"))
    out["create_bad_auth"] = error(lambda: c.create_function_url_config(FunctionName="thumbnailer", AuthType="OPEN"))
    updated = c.update_function_url_config(FunctionName="user-signup", AuthType="AWS_IAM")
    out["update"] = {"AuthType": updated["AuthType"], "status": meta(updated)["status"]}
    listed = c.list_function_url_configs(FunctionName="orders-api")
    out["list_orders"] = sorted(u["FunctionArn"] for u in listed["FunctionUrlConfigs"])
    deleted = c.delete_function_url_config(FunctionName="user-signup")
    out["delete_status"] = meta(deleted)["status"]
    out["get_after_delete"] = error(lambda: c.get_function_url_config(FunctionName="user-signup"))
    out["delete_again"] = error(lambda: c.delete_function_url_config(FunctionName="user-signup"))
    return out


def whole_policy(resource, *statements):
    return json.dumps({"Version": "2012-10-17", "Statement": [dict(s, Resource=resource) for s in statements]}, ensure_ascii=False)


DENY_INSECURE = {"Sid": "deny-insecure", "Effect": "Deny", "Principal": "*", "Action": "lambda:*",
                 "Condition": {"Bool": {"aws:SecureTransport": "false"}}}
TWO_ACCOUNTS = {"Sid": "two-accounts", "Effect": "Allow",
                "Principal": {"AWS": ["111122223333", "arn:aws:iam::444455556666:root"]},
                "Action": "lambda:InvokeFunction"}
PUBLIC = {"Sid": "anyone", "Effect": "Allow", "Principal": "*", "Action": "lambda:InvokeFunction"}


def resource_policy_mode(url, key, secret):
    c = client(url, key, secret)
    out = {}
    fn = f"{ARN}:thumbnailer"
    before = c.get_resource_policy(ResourceArn=fn)
    out["get_before"] = {"statements": len(json.loads(before["Policy"])["Statement"]), "status": meta(before)["status"]}
    put = c.put_resource_policy(ResourceArn=fn, Policy=whole_policy(fn, DENY_INSECURE, TWO_ACCOUNTS), RevisionId=before["RevisionId"])
    out["put"] = {"policy": json.loads(put["Policy"]), "revision_changed": put["RevisionId"] != before["RevisionId"]}
    out["put"].update(meta(put))
    got = c.get_policy(FunctionName="thumbnailer")
    out["get_policy_after_put"] = {"same": got["Policy"] == put["Policy"] and got["RevisionId"] == put["RevisionId"]}
    out["stale_put"] = error(lambda: c.put_resource_policy(ResourceArn=fn, Policy=whole_policy(fn, TWO_ACCOUNTS), RevisionId=before["RevisionId"]))
    bad = json.dumps({"Version": "2012-10-17", "Statement": [{"Sid": "x", "Effect": "Permit", "Principal": "*", "Action": "lambda:InvokeFunction", "Resource": fn}]})
    out["invalid_put"] = error(lambda: c.put_resource_policy(ResourceArn=fn, Policy=bad))
    # Within the member's 20,480 characters, over 20,480 bytes compact: "é" takes two.
    wide = dict(TWO_ACCOUNTS, Condition={"StringEquals": {"aws:PrincipalTag/team": "é" * 10300}})
    out["too_large"] = error(lambda: c.put_resource_policy(ResourceArn=fn, Policy=whole_policy(fn, wide)))
    out["short_name"] = error(lambda: c.get_resource_policy(ResourceArn="thumbnailer"))
    out["missing_function"] = error(lambda: c.get_resource_policy(ResourceArn=f"{ARN}:no-such-fn"))
    c.add_permission(FunctionName="thumbnailer", StatementId="added-later", Action="lambda:InvokeFunction", Principal="sns.amazonaws.com")
    after_add = c.get_resource_policy(ResourceArn=fn)
    out["after_add"] = [s["Sid"] for s in json.loads(after_add["Policy"])["Statement"]]
    alias = f"{ARN}:orders-api:live"
    alias_put = c.put_resource_policy(ResourceArn=alias, Policy=whole_policy(alias, TWO_ACCOUNTS))
    out["alias_resource"] = json.loads(alias_put["Policy"])["Statement"][0]["Resource"]
    out["stale_delete"] = error(lambda: c.delete_resource_policy(ResourceArn=fn, RevisionId=put["RevisionId"]))
    deleted = c.delete_resource_policy(ResourceArn=fn, RevisionId=after_add["RevisionId"])
    out["delete_status"] = meta(deleted)["status"]
    out["get_after_delete"] = error(lambda: c.get_resource_policy(ResourceArn=fn))
    out["delete_again"] = error(lambda: c.delete_resource_policy(ResourceArn=fn))
    return out


def public_block_mode(url, key, secret):
    c = client(url, key, secret)
    fn = f"{ARN}:thumbnailer"
    out = {"public_put": error(lambda: c.put_resource_policy(ResourceArn=fn, Policy=whole_policy(fn, PUBLIC)))}
    out["public_add"] = error(lambda: c.add_permission(FunctionName="thumbnailer", StatementId="anyone", Action="lambda:InvokeFunction", Principal="*"))
    narrowed = dict(PUBLIC, Condition={"StringEquals": {"aws:PrincipalOrgID": "o-abcdefghij"}})
    put = c.put_resource_policy(ResourceArn=fn, Policy=whole_policy(fn, narrowed))
    out["narrowed_put_status"] = meta(put)["status"]
    return out


def layers_mode(url, key, secret):
    """Publishes a layer version, grants it to an account and an organisation, reads the policy
    back, and tries a duplicate Sid, a stale RevisionId and a removal."""
    import base64
    c = client(url, key, secret)
    out = {}
    zip_bytes = base64.b64decode("UEsFBgAAAAAAAAAAAAAAAAAAAAAAAA==")  # an empty zip
    published = c.publish_layer_version(LayerName="peer-layer", Description="from boto3",
                                        Content={"ZipFile": zip_bytes}, CompatibleRuntimes=["python3.12"],
                                        CompatibleArchitectures=["arm64"])
    out["published"] = {"status": meta(published)["status"], "version": published["Version"],
                        "arn": published["LayerVersionArn"], "sha": published["Content"]["CodeSha256"],
                        "size": published["Content"]["CodeSize"]}
    version = published["Version"]
    account = c.add_layer_version_permission(LayerName="peer-layer", VersionNumber=version, StatementId="xaccount",
                                             Action="lambda:GetLayerVersion", Principal="210987654321")
    out["account_grant"] = {"status": meta(account)["status"], "statement": json.loads(account["Statement"])}
    org = c.add_layer_version_permission(LayerName="peer-layer", VersionNumber=version, StatementId="org",
                                         Action="lambda:GetLayerVersion", Principal="*",
                                         OrganizationId="o-a1b2c3d4e5", RevisionId=account["RevisionId"])
    out["org_grant"] = json.loads(org["Statement"])
    policy = c.get_layer_version_policy(LayerName="peer-layer", VersionNumber=version)
    out["policy"] = json.loads(policy["Policy"])
    out["revision_id"] = policy["RevisionId"]
    out["duplicate"] = error(lambda: c.add_layer_version_permission(
        LayerName="peer-layer", VersionNumber=version, StatementId="org", Action="lambda:GetLayerVersion", Principal="*"))
    out["stale"] = error(lambda: c.add_layer_version_permission(
        LayerName="peer-layer", VersionNumber=version, StatementId="late", Action="lambda:GetLayerVersion",
        Principal="123456789012", RevisionId=account["RevisionId"]))
    out["bad_action"] = error(lambda: c.add_layer_version_permission(
        LayerName="peer-layer", VersionNumber=version, StatementId="bad", Action="lambda:InvokeFunction",
        Principal="123456789012"))
    out["missing_version"] = error(lambda: c.get_layer_version_policy(LayerName="peer-layer", VersionNumber=99))
    listed = c.list_layers(CompatibleRuntime="python3.12")
    out["listed"] = [(l["LayerName"], l["LatestMatchingVersion"]["Version"]) for l in listed["Layers"]]
    versions = c.list_layer_versions(LayerName=published["LayerArn"])
    out["versions_by_arn"] = [v["Version"] for v in versions["LayerVersions"]]
    removed = c.remove_layer_version_permission(LayerName="peer-layer", VersionNumber=version, StatementId="org",
                                                RevisionId=policy["RevisionId"])
    out["removed_status"] = meta(removed)["status"]
    after = c.get_layer_version_policy(LayerName="peer-layer", VersionNumber=version)
    out["after_remove"] = [s["Sid"] for s in json.loads(after["Policy"])["Statement"]]
    out["remove_again"] = error(lambda: c.remove_layer_version_permission(
        LayerName="peer-layer", VersionNumber=version, StatementId="org"))
    by_arn = c.get_layer_version_by_arn(Arn=published["LayerVersionArn"])
    out["by_arn_version"] = by_arn["Version"]
    deleted = c.delete_layer_version(LayerName="peer-layer", VersionNumber=version)
    out["deleted_status"] = meta(deleted)["status"]
    again = c.publish_layer_version(LayerName="peer-layer", Content={"ZipFile": zip_bytes})
    out["next_version"] = again["Version"]
    demo = c.get_layer_version_policy(LayerName="public-certs", VersionNumber=2)
    out["demo_policy"] = {"policy": json.loads(demo["Policy"]), "revision_id": demo["RevisionId"]}
    return out


def main():
    mode, url, key, secret = sys.argv[1:5]
    modes = {"main": main_mode, "throttle": throttle_mode, "urls": urls_mode,
             "resource-policy": resource_policy_mode, "public-block": public_block_mode,
             "layers": layers_mode}
    result = modes[mode](url, key, secret)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
