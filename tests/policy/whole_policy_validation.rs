//! Whole resource policies checked as Lambda checks them before a Put: a table of documents,
//! each with the exact problems expected (line, column and length in characters, and the words
//! that name the statement and the member).

use lambda_policy::policy::{Arn, ProblemKind, validate_document};

const FUNCTION: &str = "arn:aws:lambda:us-east-1:111122223333:function:orders";

fn resource(arn: &str) -> Arn {
    Arn::parse(arn).expect("test ARN")
}

/// (line, column, length, kind, message) of every problem of `text` on `arn`.
fn problems_on(arn: &str, text: &str) -> Vec<(usize, usize, usize, ProblemKind, String)> {
    validate_document(text, &resource(arn))
        .into_iter()
        .map(|p| (p.span.line, p.span.column, p.span.length, p.kind, p.message))
        .collect()
}

fn problems(text: &str) -> Vec<(usize, usize, usize, ProblemKind, String)> {
    problems_on(FUNCTION, text)
}

use ProblemKind::{Invalid, Suspicious};

#[test]
fn a_document_lambda_accepts_has_no_problems() {
    let valid = [
        // What AddPermission writes.
        r#"{"Version":"2012-10-17","Id":"default","Statement":[{"Sid":"s3","Effect":"Allow","Principal":{"Service":"s3.amazonaws.com"},"Action":"lambda:InvokeFunction","Resource":"arn:aws:lambda:us-east-1:111122223333:function:orders","Condition":{"ArnLike":{"AWS:SourceArn":"arn:aws:s3:::bucket"}}}]}"#,
        // The whole grammar: Deny, two principals, NotAction, a wildcard resource, set operators.
        r#"{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "TwoAccounts",
      "Effect": "Allow",
      "Principal": {"AWS": ["111122223333", "arn:aws:iam::444455556666:role/app"]},
      "Action": ["lambda:Invoke*", "lambda:GetFunction"],
      "Resource": "arn:aws:lambda:*:111122223333:function:orders*"
    },
    {
      "Effect": "Deny",
      "NotPrincipal": {"AWS": "arn:aws:iam::111122223333:root"},
      "NotAction": "lambda:GetPolicy",
      "Resource": "*",
      "Condition": {
        "ForAnyValue:StringLikeIfExists": {"aws:PrincipalTag/team": ["ops", "sre"]},
        "Bool": {"aws:SecureTransport": false},
        "NumericLessThan": {"aws:MultiFactorAuthAge": 3600}
      }
    }
  ]
}"#,
        // A single statement object, the older Version, and "*" as action and principal.
        r#"{"Version":"2008-10-17","Statement":{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*","Condition":{"StringEquals":{"aws:PrincipalOrgID":"o-abcdefghij"}}}}"#,
    ];
    for text in valid {
        assert_eq!(problems(text), vec![], "{text}");
    }
}

#[test]
fn syntax_errors_carry_the_line_and_column_serde_reports() {
    assert_eq!(
        problems(
            "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\"Effect\": \"Allow\",}\n  ]\n}"
        ),
        vec![(4, 24, 1, Invalid, "not valid JSON: trailing comma".into())]
    );
    let truncated = problems("{\"Version\": \"2012-10-17\", \"Statement\": [");
    assert_eq!(truncated.len(), 1);
    assert_eq!((truncated[0].0, truncated[0].1), (1, 40));
    assert!(
        truncated[0].4.starts_with("not valid JSON: EOF"),
        "{truncated:?}"
    );
    assert_eq!(
        problems("[]"),
        vec![(
            1,
            1,
            2,
            Invalid,
            "the policy must be a JSON object with Version and Statement".into()
        )]
    );
}

#[test]
fn every_problem_of_a_document_is_reported_at_once_with_its_span() {
    let text = r#"{
  "Version": "2012-10-18",
  "Statment": [],
  "Statement": [
    {
      "Sid": "Public",
      "Effect": "Permit",
      "Principal": "111122223333",
      "Action": ["lambda:InvokeFuction", "s3:GetObject"],
      "Resource": "arn:aws:lambda:us-east-1:111122223333:function:billing",
      "Condition": {"stringequals": {"SourceAccount": "111122223333"}}
    },
    {
      "Sid": "Public",
      "Principal": {"AWS": "*", "Services": "s3.amazonaws.com"},
      "Action": "lambda:InvokeFunction",
      "NotAction": "lambda:GetPolicy",
      "NotResource": "arn:aws:lambda:us-east-1:111122223333:function:*"
    }
  ]
}"#;
    let expected = vec![
        (
            2,
            14,
            12,
            Invalid,
            r#"Version must be "2012-10-17" (or the older "2008-10-17")"#,
        ),
        (
            3,
            3,
            10,
            Invalid,
            "Statment is not a member of a policy (Version, Id, Statement)",
        ),
        (
            7,
            17,
            8,
            Invalid,
            r#"Statement 1 ("Public"), Effect: must be "Allow" or "Deny""#,
        ),
        (
            8,
            20,
            14,
            Invalid,
            r#"Statement 1 ("Public"), Principal: a principal written as a string must be "*"; name others as {"AWS": ...} or {"Service": ...}"#,
        ),
        (
            9,
            18,
            22,
            Suspicious,
            r#"Statement 1 ("Public"), Action: "lambda:InvokeFuction" is not a Lambda action; Lambda accepts it, and it grants nothing"#,
        ),
        (
            9,
            42,
            14,
            Invalid,
            r#"Statement 1 ("Public"), Action: "s3:GetObject" is not a Lambda action; a function's policy may name only lambda: actions or "*""#,
        ),
        (
            10,
            19,
            56,
            Invalid,
            r#"Statement 1 ("Public"), Resource: "arn:aws:lambda:us-east-1:111122223333:function:billing" does not name this resource (arn:aws:lambda:us-east-1:111122223333:function:orders)"#,
        ),
        (
            11,
            21,
            14,
            Invalid,
            r#"Statement 1 ("Public"), Condition: stringequals is not a condition operator (did you mean StringEquals?)"#,
        ),
        (
            14,
            14,
            8,
            Invalid,
            r#"Statement 2 ("Public"), Sid: "Public" is already the Sid of statement 1; Sids must be unique"#,
        ),
        (
            14,
            14,
            8,
            Invalid,
            r#"Statement 2 ("Public") has no Effect"#,
        ),
        (
            15,
            33,
            10,
            Invalid,
            r#"Statement 2 ("Public"), Principal: Services is not a kind of principal (AWS, Service, Federated, CanonicalUser)"#,
        ),
        (
            17,
            7,
            11,
            Invalid,
            r#"Statement 2 ("Public"): give Action or NotAction, not both"#,
        ),
        (
            18,
            22,
            50,
            Invalid,
            r#"Statement 2 ("Public"), NotResource: "arn:aws:lambda:us-east-1:111122223333:function:*" excludes this resource (arn:aws:lambda:us-east-1:111122223333:function:orders), so the statement would apply to nothing"#,
        ),
    ];
    let found = problems(text);
    for (found, expected) in found.iter().zip(&expected) {
        assert_eq!(
            (found.0, found.1, found.2, found.3, found.4.as_str()),
            *expected
        );
    }
    assert_eq!(found.len(), expected.len(), "{found:#?}");
}

#[test]
fn statements_are_named_by_position_when_they_have_no_sid() {
    let text = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"lambda:*","Resource":"*"},{"Effect":"Allow","Principal":{},"Action":[],"Resource":"*","Resource":"*"}]}"#;
    let found: Vec<String> = problems(text).into_iter().map(|p| p.4).collect();
    assert_eq!(
        found,
        [
            "Statement 2, Principal: names no principal",
            "Statement 2, Action: an empty list names nothing",
            "Statement 2: Resource is given twice; give it once",
        ]
    );
}

#[test]
fn resources_are_checked_against_the_version_or_alias_the_policy_belongs_to() {
    let alias = "arn:aws:lambda:us-east-1:111122223333:function:orders:live";
    let doc = |resource: &str| {
        format!(
            r#"{{"Version":"2012-10-17","Statement":[{{"Effect":"Allow","Principal":{{"Service":"sns.amazonaws.com"}},"Action":"lambda:InvokeFunction","Resource":"{resource}"}}]}}"#
        )
    };
    assert_eq!(problems_on(alias, &doc(alias)), vec![]);
    assert_eq!(
        problems_on(
            alias,
            &doc("arn:aws:lambda:us-east-1:111122223333:function:orders:*")
        ),
        vec![]
    );
    let unqualified = problems_on(alias, &doc(FUNCTION));
    assert_eq!(unqualified.len(), 1);
    assert!(
        unqualified[0].4.contains("does not name this resource"),
        "{unqualified:?}"
    );
    let not_an_arn = problems_on(alias, &doc("orders"));
    assert_eq!(
        not_an_arn[0].4,
        r#"Statement 1, Resource: "orders" is not a Lambda ARN (or "*")"#
    );
}

#[test]
fn condition_values_and_keys_are_checked() {
    let text = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"lambda:InvokeFunction","Resource":"*","Condition":{"NullIfExists":{"aws:SourceArn":"true"},"StringEquals":{"SourceAccount":"1","aws:SourceArn":[],"aws:PrincipalOrgID":null}}}]}"#;
    let found: Vec<String> = problems(text).into_iter().map(|p| p.4).collect();
    assert_eq!(
        found,
        [
            "Statement 1, Condition: Null takes no IfExists: it already tests whether the key exists",
            "Statement 1, Condition.StringEquals: \"SourceAccount\" is not a condition key; keys are PREFIX:NAME, such as aws:SourceArn",
            "Statement 1, Condition.StringEquals.aws:SourceArn: an empty list matches nothing",
            "Statement 1, Condition.StringEquals.aws:PrincipalOrgID: a condition value is a string, a boolean, a number or a list of them",
        ]
    );
}

#[test]
fn the_size_limit_counts_the_compact_document() {
    let statement = |i: usize| {
        format!(
            r#"{{"Sid":"s{i}","Effect":"Allow","Principal":{{"Service":"s3.amazonaws.com"}},"Action":"lambda:InvokeFunction","Resource":"{FUNCTION}"}}"#
        )
    };
    let build = |n: usize, indent: &str| {
        let body: Vec<String> = (0..n).map(statement).collect();
        format!(
            "{{\"Version\":\"2012-10-17\",\"Statement\":[\n{indent}{}]}}",
            body.join(&format!(",\n{indent}"))
        )
    };
    // Indentation does not count: Lambda stores the compact form.
    let under = build(110, "                                        ");
    assert!(under.len() > 20480);
    assert_eq!(problems(&under), vec![]);
    let over = problems(&build(200, ""));
    assert_eq!(over.len(), 1);
    assert!(over[0].4.ends_with("the limit is 20480"), "{over:?}");
    assert_eq!((over[0].0, over[0].1, over[0].2), (1, 1, 1));
}

#[test]
fn principals_of_each_kind_are_checked() {
    let doc = |principal: &str| {
        format!(
            r#"{{"Version":"2012-10-17","Statement":[{{"Effect":"Allow","Principal":{principal},"Action":"lambda:InvokeFunction","Resource":"*"}}]}}"#
        )
    };
    for ok in [
        r#"{"AWS":"*"}"#,
        r#"{"AWS":"arn:aws:sts::111122223333:assumed-role/app/session"}"#,
        r#"{"CanonicalUser":"79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be"}"#,
    ] {
        assert_eq!(problems(&doc(ok)), vec![], "{ok}");
    }
    // What Access Analyzer refuses in a resource policy: a federated principal, and a wildcard
    // inside a principal's ARN (which matches no principal).
    for refused in [
        r#"{"Federated":"cognito-identity.amazonaws.com"}"#,
        r#"{"AWS":"arn:aws:iam::123456789012:role/*"}"#,
    ] {
        assert_eq!(problems(&doc(refused)).len(), 1, "{refused}");
    }
    let found: Vec<String> = problems(&doc(r#"{"AWS":["11112222333",7],"Service":"S3"}"#))
        .into_iter()
        .map(|p| p.4)
        .collect();
    assert_eq!(
        found,
        [
            "Statement 1, Principal.AWS: \"11112222333\" is not \"*\", an account ID or an IAM or STS ARN",
            "Statement 1, Principal.AWS: each entry must be a string",
            "Statement 1, Principal.Service: \"S3\" is not a service principal such as s3.amazonaws.com",
        ]
    );
}

#[test]
fn the_check_reads_where_each_statement_starts_and_the_json_in_the_same_pass() {
    let text = "{\"Version\":\"2012-10-17\",\"Statement\":[\n {\"Sid\":\"first\",\"Effect\":\"Allow\"},\n {\"Effect\":\"Deny\"}]}";
    let checked = lambda_policy::policy::check_document(text, &resource(FUNCTION));
    let anchored: Vec<&str> = checked
        .statement_anchors
        .iter()
        .map(|r| &text[r.clone()])
        .collect();
    assert_eq!(
        anchored,
        ["\"first\"", "{"],
        "the Sid's value, else the brace"
    );
    assert_eq!(checked.value.unwrap()["Statement"][1]["Effect"], "Deny");
    let broken = lambda_policy::policy::check_document("{\"Version\":", &resource(FUNCTION));
    assert!(broken.value.is_none() && broken.statement_anchors.is_empty());
    assert_eq!(broken.problems.len(), 1);
}

#[test]
fn condition_values_are_checked_against_their_operator_and_keys_warned_of() {
    let doc = |condition: &str| {
        format!(
            r#"{{"Version":"2012-10-17","Statement":[{{"Effect":"Allow","Principal":"*","Action":"lambda:InvokeFunction","Resource":"*","Condition":{condition}}}]}}"#
        )
    };
    for (condition, kind, words) in [
        (
            r#"{"Bool":{"aws:SecureTransport":"yes"}}"#,
            ProblemKind::Invalid,
            "is not true or false",
        ),
        (
            r#"{"Bool":{"aws:SecureTransport":["true","false"]}}"#,
            ProblemKind::Invalid,
            "Bool takes one value",
        ),
        (
            r#"{"DateGreaterThan":{"aws:CurrentTime":"bad"}}"#,
            ProblemKind::Invalid,
            "is not a date",
        ),
        (
            r#"{"IpAddress":{"aws:SourceIp":"not-an-ip"}}"#,
            ProblemKind::Invalid,
            "is not an IP address",
        ),
        (
            r#"{"NumericLessThan":{"aws:MultiFactorAuthAge":"abc"}}"#,
            ProblemKind::Invalid,
            "is not a number",
        ),
        (
            r#"{"StringEquals":{"aws:PrincipalTag/team":"${aws:username"}}"#,
            ProblemKind::Invalid,
            "does not close",
        ),
        (
            r#"{"StringEquals":{"aws:SourceAccount":"1","AWS:sourceaccount":"2"}}"#,
            ProblemKind::Invalid,
            "keys ignore case",
        ),
        (
            r#"{"StringEquals":{"aws:SourceAcount":"123456789012"}}"#,
            ProblemKind::Suspicious,
            "did you mean aws:SourceAccount?",
        ),
        (
            r#"{"StringEquals":{"aws:SourceArn":"arn:aws:sns:*"}}"#,
            ProblemKind::Suspicious,
            "use StringLike",
        ),
        (
            r#"{"ForAllValues:StringEquals":{"aws:SourceAccount":"123456789012"}}"#,
            ProblemKind::Suspicious,
            "restricts nothing",
        ),
        (r#"{}"#, ProblemKind::Suspicious, "an empty Condition"),
    ] {
        let found = problems(&doc(condition));
        assert!(
            found.iter().any(|p| p.3 == kind && p.4.contains(words)),
            "{condition}: {found:?}"
        );
    }
    assert_eq!(
        problems(&doc(
            r#"{"StringEquals":{"aws:SourceAccount":"123456789012"},"Bool":{"aws:SecureTransport":"true"}}"#
        )),
        vec![]
    );
}

#[test]
fn syntax_errors_are_said_in_words_where_the_text_must_change() {
    // A comma missing at the end of line 3: said there, not where the parser stopped (line 4).
    let missing_comma = "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [{\"Effect\": \"Allow\"}]\n  \"Id\": \"x\"\n}";
    let found = problems(missing_comma);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].0, 3, "{found:?}");
    assert!(
        found[0].4.contains("a comma is missing after this value"),
        "{found:?}"
    );
    // A string left open: said as such, on its line.
    let open_string = "{\n  \"Version\": \"2012-10-17,\n  \"Statement\": []\n}";
    let found = problems(open_string);
    assert_eq!(found[0].0, 2, "{found:?}");
    assert!(found[0].4.contains("a string is not closed"), "{found:?}");
}
