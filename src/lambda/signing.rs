//! SigV4 for Lambda: the headers that make a request acceptable to AWS (and to the emulator in
//! verifying mode). Kept apart from the client so it can be compared with botocore's signer.

use super::error::LambdaError;
use crate::sigv4::SignedHeaders;
pub use crate::sigv4::{Signer, Unsigned};

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
/// `x-amz-security-token` for temporary credentials. `host` is always signed, derived from the
/// URL; `request.headers` are the others to sign.
pub fn sign_headers(
    request: &Unsigned<'_>,
    signer: &Signer<'_>,
) -> Result<Vec<(String, String)>, LambdaError> {
    sign_headers_for(crate::sigv4::SIGNING_NAME, request, signer)
}

/// [`sign_headers`] for another service (`organizations`).
pub fn sign_headers_for(
    service: &str,
    request: &Unsigned<'_>,
    signer: &Signer<'_>,
) -> Result<Vec<(String, String)>, LambdaError> {
    let cannot = |e: &dyn std::fmt::Display| LambdaError::Config(format!("cannot sign: {e}"));
    let parsed = reqwest::Url::parse(request.url)
        .map_err(|e| LambdaError::Config(format!("bad request URL {}: {e}", request.url)))?;
    let host = host_of(&parsed);
    let signed: Vec<(&str, &str)> = std::iter::once(("host", host.as_str()))
        .chain(
            request
                .headers
                .iter()
                .filter(|(name, _)| !name.eq_ignore_ascii_case("host"))
                .copied(),
        )
        .collect();
    crate::sigv4::compute(
        service,
        &Unsigned {
            headers: &signed,
            ..*request
        },
        signer,
        SignedHeaders::AsClients,
    )
    .map(|signature| signature.headers)
    .map_err(|e| cannot(&e))
}
