//! SigV4 checks on every request, with the 403s AWS answers.
//!
//! The signature is recomputed with `aws-sigv4` over exactly the headers the client signed,
//! so any SDK's request verifies the same way AWS would verify it.

use crate::policy::aws_error::messages;
use crate::policy::{AwsError, ErrorType};
use crate::sigv4::SignedHeaders;
use aws_credential_types::Credentials;
use std::time::SystemTime;

/// A key pair the emulator accepts. The secret never leaves this struct in `Debug` output.
#[derive(Clone)]
pub struct KeyPair {
    pub access_key_id: String,
    pub secret_access_key: String,
}

impl std::fmt::Debug for KeyPair {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("KeyPair")
            .field("access_key_id", &self.access_key_id)
            .field("secret_access_key", &"** redacted **")
            .finish()
    }
}

impl KeyPair {
    /// A fresh random pair, for `--demo`.
    pub fn generate() -> KeyPair {
        use rand::Rng;
        const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        let mut rng = rand::rng();
        let id: String = (0..16)
            .map(|_| ALPHABET[rng.random_range(0..ALPHABET.len())] as char)
            .collect();
        let secret: String = (0..40)
            .map(|_| {
                const SECRET: &[u8] =
                    b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
                SECRET[rng.random_range(0..SECRET.len())] as char
            })
            .collect();
        KeyPair {
            access_key_id: format!("AKIA{id}"),
            secret_access_key: secret,
        }
    }
}

#[derive(Debug, Clone)]
pub enum AuthMode {
    /// Verify every signature against this key pair.
    Verify(KeyPair),
    /// Accept any well-formed SigV4 signature (as moto and LocalStack do).
    AnyWellFormed,
}

/// The parts of an `Authorization: AWS4-HMAC-SHA256 …` header.
#[derive(Debug, PartialEq, Eq)]
pub struct Authorization {
    pub access_key_id: String,
    pub date: String,
    pub region: String,
    pub service: String,
    pub signed_headers: Vec<String>,
    pub signature: String,
}

fn incomplete(message: &str) -> AwsError {
    AwsError::new(ErrorType::IncompleteSignature, message)
}

pub fn parse_authorization(value: &str) -> Result<Authorization, AwsError> {
    let rest = value.strip_prefix("AWS4-HMAC-SHA256 ").ok_or_else(|| {
        incomplete("Authorization header must use the AWS4-HMAC-SHA256 algorithm.")
    })?;
    let mut credential = None;
    let mut signed = None;
    let mut signature = None;
    for part in rest.split(',') {
        let part = part.trim();
        if let Some(v) = part.strip_prefix("Credential=") {
            credential = Some(v);
        } else if let Some(v) = part.strip_prefix("SignedHeaders=") {
            signed = Some(v);
        } else if let Some(v) = part.strip_prefix("Signature=") {
            signature = Some(v);
        }
    }
    let credential = credential
        .ok_or_else(|| incomplete("Authorization header requires 'Credential' parameter."))?;
    let signed = signed
        .ok_or_else(|| incomplete("Authorization header requires 'SignedHeaders' parameter."))?;
    let signature = signature
        .ok_or_else(|| incomplete("Authorization header requires 'Signature' parameter."))?;
    let scope: Vec<&str> = credential.split('/').collect();
    let [access_key_id, date, region, service, terminator] = scope[..] else {
        return Err(incomplete(
            "Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term.",
        ));
    };
    if terminator != "aws4_request"
        || signature.len() != 64
        || !signature.bytes().all(|b| b.is_ascii_hexdigit())
    {
        return Err(incomplete(
            "Authorization header is not a well-formed SigV4 signature.",
        ));
    }
    Ok(Authorization {
        access_key_id: access_key_id.to_string(),
        date: date.to_string(),
        region: region.to_string(),
        service: service.to_string(),
        signed_headers: signed.split(';').map(str::to_string).collect(),
        signature: signature.to_string(),
    })
}

/// How far a request's `X-Amz-Date` may be from the server's clock, either way.
pub const SIGNING_WINDOW: time::Duration = time::Duration::minutes(15);

fn amz_date(time: time::OffsetDateTime) -> String {
    time.format(time::macros::format_description!(
        "[year][month][day]T[hour][minute][second]Z"
    ))
    .unwrap_or_default()
}

/// A signature older or newer than [`SIGNING_WINDOW`] is refused as AWS refuses it, so that a
/// captured request cannot be replayed later.
pub fn check_signing_time(
    signed: time::OffsetDateTime,
    now: time::OffsetDateTime,
) -> Result<(), AwsError> {
    let (earliest, latest) = (now - SIGNING_WINDOW, now + SIGNING_WINDOW);
    let now_text = amz_date(now);
    if signed < earliest {
        return Err(AwsError::new(
            ErrorType::InvalidSignature,
            format!(
                "Signature expired: {} is now earlier than {} ({now_text} - 15 min.)",
                amz_date(signed),
                amz_date(earliest)
            ),
        ));
    }
    if signed > latest {
        return Err(AwsError::new(
            ErrorType::InvalidSignature,
            format!(
                "Signature not yet current: {} is still later than {} ({now_text} + 15 min.)",
                amz_date(signed),
                amz_date(latest)
            ),
        ));
    }
    Ok(())
}

const MISMATCH: &str = "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.";

/// Checks a request's signature for `service` (`lambda`; `sts` in the emulator's fleet).
/// `headers` are all the request's headers (lowercase names).
#[allow(clippy::too_many_arguments)]
pub fn check(
    service: &str,
    mode: &AuthMode,
    region: &str,
    method: &str,
    path_and_query: &str,
    headers: &[(String, String)],
    body: &[u8],
) -> Result<(), AwsError> {
    let header = |name: &str| {
        headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    };
    let Some(raw) = header("authorization") else {
        return Err(AwsError::new(
            ErrorType::MissingAuthenticationToken,
            messages::MISSING_AUTHENTICATION_TOKEN,
        ));
    };
    let auth = parse_authorization(raw)?;
    if auth.service != service {
        return Err(AwsError::new(
            ErrorType::InvalidSignature,
            messages::credential_scope_service(service),
        ));
    }
    if auth.region != region {
        return Err(AwsError::new(
            ErrorType::InvalidSignature,
            format!(
                "Credential should be scoped to a valid region, not '{}'. This endpoint serves '{region}'.",
                auth.region
            ),
        ));
    }
    let Some(amz_date) = header("x-amz-date") else {
        return Err(incomplete(
            "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.",
        ));
    };
    let keys = match mode {
        AuthMode::AnyWellFormed => return Ok(()),
        AuthMode::Verify(keys) => keys,
    };
    if auth.access_key_id != keys.access_key_id {
        return Err(AwsError::new(
            ErrorType::UnrecognizedClient,
            messages::SECURITY_TOKEN_INVALID,
        ));
    }
    let time = time::PrimitiveDateTime::parse(
        amz_date,
        time::macros::format_description!("[year][month][day]T[hour][minute][second]Z"),
    )
    .map_err(|_| incomplete("X-Amz-Date is not a valid yyyyMMddTHHmmssZ time."))?
    .assume_utc();
    check_signing_time(time, time::OffsetDateTime::now_utc())?;
    let time: SystemTime = time.into();
    let signed: Vec<(&str, &str)> = auth
        .signed_headers
        .iter()
        .filter(|n| n.as_str() != "x-amz-date")
        .filter_map(|n| {
            headers
                .iter()
                .find(|(h, _)| h == n)
                .map(|(h, v)| (h.as_str(), v.as_str()))
        })
        .collect();
    let host = header("host").unwrap_or("localhost");
    let uri = format!("http://{host}{path_and_query}");
    let credentials = Credentials::new(
        &keys.access_key_id,
        &keys.secret_access_key,
        header("x-amz-security-token").map(str::to_string),
        None,
        "emulator",
    );
    let expected = crate::sigv4::compute(
        service,
        &crate::sigv4::Unsigned {
            method,
            url: &uri,
            headers: &signed,
            body,
        },
        &crate::sigv4::Signer {
            credentials: &credentials,
            region,
            time,
        },
        SignedHeaders::Exactly,
    )
    .map_err(|_| AwsError::new(ErrorType::InvalidSignature, MISMATCH))?
    .signature;
    if expected == auth.signature {
        Ok(())
    } else {
        Err(AwsError::new(ErrorType::InvalidSignature, MISMATCH))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn signatures_outside_fifteen_minutes_are_refused_with_aws_words() {
        let now = datetime!(2026-12-01 14:30:00 UTC);
        assert!(check_signing_time(now - time::Duration::minutes(14), now).is_ok());
        assert!(check_signing_time(now + time::Duration::minutes(14), now).is_ok());
        let old = check_signing_time(datetime!(2001-01-01 0:00 UTC), now).unwrap_err();
        assert_eq!(old.error_type, ErrorType::InvalidSignature);
        assert_eq!(
            old.message,
            "Signature expired: 20010101T000000Z is now earlier than 20261201T141500Z (20261201T143000Z - 15 min.)"
        );
        let future = check_signing_time(datetime!(2099-01-01 0:00 UTC), now).unwrap_err();
        assert_eq!(
            future.message,
            "Signature not yet current: 20990101T000000Z is still later than 20261201T144500Z (20261201T143000Z + 15 min.)"
        );
    }
}
