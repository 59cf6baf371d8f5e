//! SigV4 for Lambda: the headers that make a request acceptable to AWS (and to the emulator in
//! verifying mode). Kept apart from the client so it can be compared with botocore's signer.

use super::error::LambdaError;
use aws_credential_types::Credentials;
use aws_sigv4::http_request::{SignableBody, SignableRequest, SigningSettings, sign};
use aws_sigv4::sign::v4;
use std::time::SystemTime;

/// The signing name of Lambda (the service part of the credential scope).
pub const SIGNING_NAME: &str = "lambda";

/// The `Host` a client sends for `url`: the host, with the port when it is not the scheme's
/// default.
pub fn host_of(url: &reqwest::Url) -> String {
    let host = url.host_str().unwrap_or_default();
    match url.port() {
        Some(port) => format!("{host}:{port}"),
        None => host.to_string(),
    }
}

/// The headers to add to a request so that it is signed: `x-amz-date`, `authorization`, and
/// `x-amz-security-token` for temporary credentials.
///
/// `url` is the full request URL with its path labels already percent-encoded once (as they are
/// sent); the canonical URI encodes them again, as botocore does for every service but S3.
/// `headers` are the other headers to sign besides `host`, which is always signed and derived
/// from `url`.
pub fn sign_headers(
    method: &str,
    url: &str,
    headers: &[(&str, &str)],
    body: &[u8],
    credentials: &Credentials,
    region: &str,
    time: SystemTime,
) -> Result<Vec<(String, String)>, LambdaError> {
    let cannot = |e: &dyn std::fmt::Display| LambdaError::Config(format!("cannot sign: {e}"));
    let parsed = reqwest::Url::parse(url)
        .map_err(|e| LambdaError::Config(format!("bad request URL {url}: {e}")))?;
    let host = host_of(&parsed);
    let signed: Vec<(&str, &str)> = std::iter::once(("host", host.as_str()))
        .chain(
            headers
                .iter()
                .filter(|(name, _)| !name.eq_ignore_ascii_case("host"))
                .copied(),
        )
        .collect();
    let identity = credentials.clone().into();
    let params = v4::SigningParams::builder()
        .identity(&identity)
        .region(region)
        .name(SIGNING_NAME)
        .time(time)
        .settings(SigningSettings::default())
        .build()
        .map_err(|e| cannot(&e))?
        .into();
    let signable = SignableRequest::new(method, url, signed.into_iter(), SignableBody::Bytes(body))
        .map_err(|e| cannot(&e))?;
    let (instructions, _) = sign(signable, &params)
        .map_err(|e| cannot(&e))?
        .into_parts();
    Ok(instructions
        .headers()
        .map(|(name, value)| (name.to_string(), value.to_string()))
        .collect())
}
