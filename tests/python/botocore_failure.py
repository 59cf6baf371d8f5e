"""What a botocore call refused: its HTTP status, error code and message, for the peer scripts
to print (their tests assert on them)."""

from botocore.exceptions import ClientError


def failure(call):
    try:
        call()
    except ClientError as e:
        return {
            "status": e.response["ResponseMetadata"]["HTTPStatusCode"],
            "code": e.response["Error"]["Code"],
            "message": e.response["Error"]["Message"],
        }
    return {"code": None}
