"""Creates what the peer tests and the benchmarks need in a running moto server: an IAM role, a
function with a published version and an alias, and a second function; with --load COUNT also
COUNT functions (load-000 ...), each with one permission so that GetPolicy has a policy to
return. Prints one JSON object: {"role", "functions", "version", "load": [names]}.

Usage: python moto_setup.py URL [--load COUNT]
"""

import io
import json
import sys
import zipfile

import boto3

ROLE_POLICY = {
    "Version": "2012-10-17",
    "Statement": [
        {
            "Effect": "Allow",
            "Principal": {"Service": "lambda.amazonaws.com"},
            "Action": "sts:AssumeRole",
        }
    ],
}


def tiny_zip():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("index.py", "def handler(event, context):\n    return event\n")
    return buffer.getvalue()


def main():
    url = sys.argv[1]
    load = int(sys.argv[3]) if len(sys.argv) > 3 and sys.argv[2] == "--load" else 0
    session = boto3.session.Session(
        aws_access_key_id="AKIDMOTOPEER",
        aws_secret_access_key="moto-peer-secret",
        region_name="us-east-1",
    )
    iam = session.client("iam", endpoint_url=url)
    lam = session.client("lambda", endpoint_url=url)
    role = iam.create_role(
        RoleName="peer-role", AssumeRolePolicyDocument=json.dumps(ROLE_POLICY)
    )["Role"]["Arn"]
    code = tiny_zip()
    created = {}
    for name in ["peer-fn", "peer-other"]:
        f = lam.create_function(
            FunctionName=name,
            Runtime="python3.12",
            Role=role,
            Handler="index.handler",
            Code={"ZipFile": code},
            Description=f"{name} for the peer tests",
        )
        created[name] = f["FunctionArn"]
    version = lam.publish_version(FunctionName="peer-fn")["Version"]
    lam.publish_layer_version(
        LayerName="peer-layer",
        Description="a layer for the peer tests",
        Content={"ZipFile": code},
        CompatibleRuntimes=["python3.12"],
    )
    lam.create_alias(FunctionName="peer-fn", Name="live", FunctionVersion=version)
    names = []
    for i in range(load):
        name = f"load-{i:03d}"
        lam.create_function(
            FunctionName=name,
            Runtime="python3.12",
            Role=role,
            Handler="index.handler",
            Code={"ZipFile": code},
        )
        lam.add_permission(
            FunctionName=name,
            StatementId="sns-invoke",
            Action="lambda:InvokeFunction",
            Principal="sns.amazonaws.com",
            SourceArn=f"arn:aws:sns:us-east-1:123456789012:topic-{i}",
        )
        names.append(name)
    print(
        json.dumps(
            {"role": role, "functions": created, "version": version, "load": names}
        )
    )


if __name__ == "__main__":
    main()
