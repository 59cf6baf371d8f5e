//! Where requests go: `--endpoint-url`, `AWS_ENDPOINT_URL_LAMBDA`, `AWS_ENDPOINT_URL`, the
//! config file's `services` section or the profile's `endpoint_url`, else the regional endpoint
//! of the region's partition (FIPS and dual-stack when asked).

use super::error::LambdaError;
use crate::policy::function_ref::partition_of_region;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Endpoint {
    /// Without a trailing slash.
    pub url: String,
    /// Where it came from, for the header line and for errors.
    pub source: String,
}

/// The DNS suffixes of a partition: (standard, dual-stack).
fn dns_suffixes(partition: &str) -> (&'static str, &'static str) {
    match partition {
        "aws-cn" => ("amazonaws.com.cn", "api.amazonwebservices.com.cn"),
        "aws-eusc" => ("amazonaws.eu", "api.amazonwebservices.eu"),
        "aws-iso" => ("c2s.ic.gov", "c2s.ic.gov"),
        "aws-iso-b" => ("sc2s.sgov.gov", "sc2s.sgov.gov"),
        "aws-iso-e" => ("cloud.adc-e.uk", "cloud.adc-e.uk"),
        "aws-iso-f" => ("csp.hci.ic.gov", "csp.hci.ic.gov"),
        _ => ("amazonaws.com", "api.aws"),
    }
}

/// The regional endpoint of Lambda in `region`.
pub fn regional_endpoint(region: &str, fips: bool, dual_stack: bool) -> String {
    let (standard, dual) = dns_suffixes(partition_of_region(region));
    let host = if fips { "lambda-fips" } else { "lambda" };
    let suffix = if dual_stack { dual } else { standard };
    format!("https://{host}.{region}.{suffix}")
}

/// Whether `url` is one of AWS's own endpoints: a host under a partition's DNS suffix, standard
/// or dual-stack (`lambda.us-east-1.api.aws` too). The one place this is decided.
pub fn is_aws_endpoint(url: &str) -> bool {
    const PARTITIONS: [&str; 7] = [
        "aws",
        "aws-cn",
        "aws-eusc",
        "aws-iso",
        "aws-iso-b",
        "aws-iso-e",
        "aws-iso-f",
    ];
    let Some(host) = reqwest::Url::parse(url)
        .ok()
        .and_then(|u| u.host_str().map(str::to_ascii_lowercase))
    else {
        return false;
    };
    PARTITIONS.iter().any(|partition| {
        let (standard, dual) = dns_suffixes(partition);
        [standard, dual]
            .iter()
            .any(|suffix| host.ends_with(&format!(".{suffix}")))
    })
}

pub fn is_loopback_host(host: &str) -> bool {
    let host = host.trim_start_matches('[').trim_end_matches(']');
    host == "localhost"
        || host
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

/// A URL as it may be shown: without the user and password it may carry.
pub fn display_url(url: &str) -> String {
    match reqwest::Url::parse(url) {
        Ok(mut parsed) if !parsed.username().is_empty() || parsed.password().is_some() => {
            let _ = parsed.set_username("");
            let _ = parsed.set_password(None);
            parsed.to_string().trim_end_matches('/').to_string()
        }
        Ok(_) => url.to_string(),
        Err(_) => "(an endpoint that is not a URL)".to_string(),
    }
}

/// Checks a configured endpoint: http(s), a host, and plain http only to loopback unless allowed.
pub fn check_endpoint(
    url: &str,
    source: &str,
    allow_insecure_http: bool,
) -> Result<Endpoint, LambdaError> {
    let shown = display_url(url);
    let parsed = reqwest::Url::parse(url).map_err(|e| {
        LambdaError::Config(format!(
            "endpoint {shown} (from {source}) is not a URL: {e}"
        ))
    })?;
    let host = parsed.host_str().filter(|h| !h.is_empty()).ok_or_else(|| {
        LambdaError::Config(format!("endpoint {shown} (from {source}) has no host"))
    })?;
    if !parsed.username().is_empty() || parsed.password().is_some() {
        return Err(LambdaError::Config(format!(
            "endpoint {shown} (from {source}) carries a user name or password, which Lambda never uses: remove it (credentials come from the AWS credential chain)"
        )));
    }
    match parsed.scheme() {
        "https" => {}
        "http" if is_loopback_host(host) || allow_insecure_http => {}
        "http" => {
            return Err(LambdaError::Config(format!(
                "endpoint {shown} (from {source}) is plain http to a host that is not loopback: use https, or pass --allow-insecure-http"
            )));
        }
        other => {
            return Err(LambdaError::Config(format!(
                "endpoint {shown} (from {source}) has scheme {other}: use https"
            )));
        }
    }
    Ok(Endpoint {
        url: url.trim_end_matches('/').to_string(),
        source: source.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aws_s_own_endpoints_are_known_by_their_partition_suffixes() {
        for url in [
            "https://lambda.us-east-1.amazonaws.com",
            "https://lambda.us-east-1.api.aws",
            "https://lambda-fips.us-gov-west-1.amazonaws.com/",
            "https://lambda.cn-north-1.amazonaws.com.cn",
            "https://lambda.cn-north-1.api.amazonwebservices.com.cn",
        ] {
            assert!(is_aws_endpoint(url), "{url}");
        }
        for url in [
            "http://127.0.0.1:9777",
            "https://proxy.corp.example:8443/lambda",
            "https://amazonaws.com.evil.example",
            "https://lambda.us-east-1.amazonaws.com.evil.example",
            "demo 127.0.0.1:40123",
        ] {
            assert!(!is_aws_endpoint(url), "{url}");
        }
    }

    #[test]
    fn regional_endpoints_follow_the_partition() {
        assert_eq!(
            regional_endpoint("us-east-1", false, false),
            "https://lambda.us-east-1.amazonaws.com"
        );
        assert_eq!(
            regional_endpoint("cn-north-1", false, false),
            "https://lambda.cn-north-1.amazonaws.com.cn"
        );
        assert_eq!(
            regional_endpoint("us-gov-west-1", true, false),
            "https://lambda-fips.us-gov-west-1.amazonaws.com"
        );
        assert_eq!(
            regional_endpoint("eu-west-1", false, true),
            "https://lambda.eu-west-1.api.aws"
        );
        assert_eq!(
            regional_endpoint("us-east-1", true, true),
            "https://lambda-fips.us-east-1.api.aws"
        );
    }

    #[test]
    fn plain_http_is_for_loopback_unless_allowed() {
        assert!(check_endpoint("http://127.0.0.1:9777/", "flag", false).is_ok());
        assert!(check_endpoint("http://localhost:9777", "flag", false).is_ok());
        assert!(check_endpoint("http://[::1]:9777", "flag", false).is_ok());
        let err = check_endpoint("http://10.0.0.5:9777", "AWS_ENDPOINT_URL", false).unwrap_err();
        assert!(err.to_string().contains("--allow-insecure-http"));
        assert!(check_endpoint("http://10.0.0.5:9777", "flag", true).is_ok());
        assert!(check_endpoint("ftp://x", "flag", false).is_err());
        assert!(check_endpoint("", "flag", false).is_err());
        let err = check_endpoint("http://user:hunter2@127.0.0.1:1", "flag", false).unwrap_err();
        assert!(!err.to_string().contains("hunter2"), "{err}");
        assert_eq!(
            check_endpoint("https://lambda.example/", "flag", false)
                .unwrap()
                .url,
            "https://lambda.example"
        );
    }
}
