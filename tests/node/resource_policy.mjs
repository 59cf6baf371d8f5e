// The AWS SDK for JavaScript v3 against `lambda-policy serve`: the 2026 whole-policy operations
// (PutResourcePolicy, GetResourcePolicy, DeleteResourcePolicy) beside GetPolicy and
// AddPermission. Usage: node resource_policy.mjs URL ACCESS_KEY SECRET_KEY. Prints one JSON
// object of what the SDK parsed; the Rust test asserts on it.

import {
  AddPermissionCommand,
  DeleteResourcePolicyCommand,
  GetPolicyCommand,
  GetResourcePolicyCommand,
  LambdaClient,
  PutResourcePolicyCommand,
} from "@aws-sdk/client-lambda";

const [url, accessKeyId, secretAccessKey] = process.argv.slice(2);
const ACCOUNT = "123456789012";
const FN = `arn:aws:lambda:us-east-1:${ACCOUNT}:function:thumbnailer`;

const client = new LambdaClient({
  endpoint: url,
  region: "us-east-1",
  credentials: { accessKeyId, secretAccessKey },
  maxAttempts: 1,
});

const send = (command) => client.send(command);

/** What the SDK made of an error answer (the call must fail). */
async function error(command) {
  try {
    await send(command);
  } catch (e) {
    return {
      name: e.name,
      status: e.$metadata?.httpStatusCode,
      message: e.message,
      request_id: e.$metadata?.requestId,
      fault: e.$fault,
    };
  }
  throw new Error(`${command.constructor.name} succeeded; an error was expected`);
}

const policy = (...statements) =>
  JSON.stringify({
    Version: "2012-10-17",
    Statement: statements.map((s) => ({ ...s, Resource: FN })),
  });

const DENY_INSECURE = {
  Sid: "deny-insecure",
  Effect: "Deny",
  Principal: "*",
  Action: "lambda:*",
  Condition: { Bool: { "aws:SecureTransport": "false" } },
};
const TWO_ACCOUNTS = {
  Sid: "two-accounts",
  Effect: "Allow",
  Principal: { AWS: ["111122223333", "arn:aws:iam::444455556666:root"] },
  Action: "lambda:InvokeFunction",
};

const out = {};
const before = await send(new GetResourcePolicyCommand({ ResourceArn: FN }));
const put = await send(
  new PutResourcePolicyCommand({
    ResourceArn: FN,
    Policy: policy(DENY_INSECURE, TWO_ACCOUNTS),
    RevisionId: before.RevisionId,
  }),
);
out.put = {
  status: put.$metadata.httpStatusCode,
  statements: JSON.parse(put.Policy).Statement,
  revision_changed: put.RevisionId !== before.RevisionId,
};
const whole = await send(new GetResourcePolicyCommand({ ResourceArn: FN }));
const viaGetPolicy = await send(new GetPolicyCommand({ FunctionName: "thumbnailer" }));
out.read_back = {
  same_policy: whole.Policy === put.Policy && viaGetPolicy.Policy === put.Policy,
  same_revision: whole.RevisionId === put.RevisionId && viaGetPolicy.RevisionId === put.RevisionId,
};
await send(
  new AddPermissionCommand({
    FunctionName: "thumbnailer",
    StatementId: "added-later",
    Action: "lambda:InvokeFunction",
    Principal: "sns.amazonaws.com",
  }),
);
const afterAdd = await send(new GetResourcePolicyCommand({ ResourceArn: FN }));
out.after_add = JSON.parse(afterAdd.Policy).Statement.map((s) => s.Sid);
out.stale_put = await error(
  new PutResourcePolicyCommand({
    ResourceArn: FN,
    Policy: policy(TWO_ACCOUNTS),
    RevisionId: put.RevisionId,
  }),
);
// Within the member's 20,480 characters, over 20,480 bytes: "é" takes two.
const wide = { ...TWO_ACCOUNTS, Condition: { StringEquals: { "aws:PrincipalTag/team": "é".repeat(10300) } } };
out.too_large = await error(new PutResourcePolicyCommand({ ResourceArn: FN, Policy: policy(wide) }));
out.too_long = await error(
  new PutResourcePolicyCommand({ ResourceArn: FN, Policy: policy(TWO_ACCOUNTS) + " ".repeat(20481) }),
);
out.invalid = await error(
  new PutResourcePolicyCommand({ ResourceArn: FN, Policy: policy({ ...TWO_ACCOUNTS, Effect: "Permit" }) }),
);
out.stale_delete = await error(
  new DeleteResourcePolicyCommand({ ResourceArn: FN, RevisionId: put.RevisionId }),
);
const deleted = await send(
  new DeleteResourcePolicyCommand({ ResourceArn: FN, RevisionId: afterAdd.RevisionId }),
);
out.delete_status = deleted.$metadata.httpStatusCode;
out.get_policy_after_delete = await error(new GetPolicyCommand({ FunctionName: "thumbnailer" }));
out.get_resource_policy_after_delete = await error(new GetResourcePolicyCommand({ ResourceArn: FN }));
console.log(JSON.stringify(out));
