//! SigV4 for Lambda, set up once: the client signs with it, and the emulator checks a signature
//! by computing it again the same way.

use aws_credential_types::Credentials;
use aws_sigv4::http_request::{SignableBody, SignableRequest, SigningSettings, sign};
use aws_sigv4::sign::v4;
use std::time::SystemTime;

/// The signing name of Lambda (the service part of the credential scope).
pub const SIGNING_NAME: &str = "lambda";

/// Which of the given headers go into the signature.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SignedHeaders {
    /// As an SDK signs: every header given but those SigV4 leaves out (`user-agent`, …).
    AsClients,
    /// Exactly those given: a verifier recomputes over the headers the client listed.
    Exactly,
}

/// A request signed: the headers to add, and the signature itself.
#[derive(Debug, Clone)]
pub struct Signature {
    /// `x-amz-date`, `authorization`, and `x-amz-security-token` for temporary credentials.
    pub headers: Vec<(String, String)>,
    pub signature: String,
}

/// What is signed of a request. `url` is the full URL with its path labels percent-encoded once
/// (as sent); the canonical URI encodes them again, as botocore does for every service but S3.
#[derive(Debug, Clone, Copy)]
pub struct Unsigned<'a> {
    pub method: &'a str,
    pub url: &'a str,
    /// The headers to sign.
    pub headers: &'a [(&'a str, &'a str)],
    pub body: &'a [u8],
}

/// Who signs, for which region, and when.
#[derive(Debug, Clone, Copy)]
pub struct Signer<'a> {
    pub credentials: &'a Credentials,
    pub region: &'a str,
    pub time: SystemTime,
}

/// Signs `request` for `service` (the signing name: `lambda`; `sts` in the emulator's fleet).
pub fn compute(
    service: &str,
    request: &Unsigned<'_>,
    signer: &Signer<'_>,
    signed_headers: SignedHeaders,
) -> Result<Signature, String> {
    let Unsigned {
        method,
        url,
        headers,
        body,
    } = *request;
    let Signer {
        credentials,
        region,
        time,
    } = *signer;
    let identity = credentials.clone().into();
    let mut settings = SigningSettings::default();
    if signed_headers == SignedHeaders::Exactly {
        settings.excluded_headers = None;
    }
    let params = v4::SigningParams::builder()
        .identity(&identity)
        .region(region)
        .name(service)
        .time(time)
        .settings(settings)
        .build()
        .map_err(|e| e.to_string())?
        .into();
    let request = SignableRequest::new(
        method,
        url,
        headers.iter().copied(),
        SignableBody::Bytes(body),
    )
    .map_err(|e| e.to_string())?;
    let (instructions, signature) = sign(request, &params)
        .map_err(|e| e.to_string())?
        .into_parts();
    Ok(Signature {
        headers: instructions
            .headers()
            .map(|(name, value)| (name.to_string(), value.to_string()))
            .collect(),
        signature,
    })
}
