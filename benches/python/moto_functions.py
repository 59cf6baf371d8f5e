"""Creates what the throughput benchmark needs in a running moto server: an IAM role and COUNT
functions (load-000 ...), each with one permission so that GetPolicy has a policy to return.
Prints one JSON object: {"functions": [names]}.

Usage: python moto_functions.py URL COUNT
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
    url, count = sys.argv[1], int(sys.argv[2])
    session = boto3.session.Session(
        aws_access_key_id="AKIABENCHKEY00000001",
        aws_secret_access_key="bench-secret",
        region_name="us-east-1",
    )
    iam = session.client("iam", endpoint_url=url)
    lam = session.client("lambda", endpoint_url=url)
    role = iam.create_role(
        RoleName="bench-role", AssumeRolePolicyDocument=json.dumps(ROLE_POLICY)
    )["Role"]["Arn"]
    code = tiny_zip()
    names = []
    for i in range(count):
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
    print(json.dumps({"functions": names}))


if __name__ == "__main__":
    main()
