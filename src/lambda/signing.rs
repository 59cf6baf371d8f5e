//! SigV4 for Lambda: the headers that make a request acceptable to AWS (and to the emulator in
//! verifying mode). Kept apart from the client so it can be compared with botocore's signer.

use super::error::LambdaError;
use crate::sigv4::SignedHeaders;
use aws_credential_types::Credentials;
use std::time::SystemTime;

pub use crate::sigv4::SIGNING_NAME;

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
    crate::sigv4::compute(
        crate::sigv4::SIGNING_NAME,
        method,
        url,
        &signed,
        body,
        credentials,
        region,
        time,
        SignedHeaders::AsClients,
    )
    .map(|signature| signature.headers)
    .map_err(|e| cannot(&e))
}
