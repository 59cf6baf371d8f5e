//! Pages of a listing: `MaxItems` (capped where AWS caps it) and an opaque `NextMarker`.

use crate::policy::aws_error::messages;
use crate::policy::validation_error::{Violation, constraint};
use crate::policy::{AwsError, ErrorType};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;

/// ListFunctions and ListVersionsByFunction return at most 50 items, whatever MaxItems says.
pub const AWS_PAGE_CAP: usize = 50;
/// The largest `MaxItems` the model allows.
pub const MAX_ITEMS: usize = 10_000;
/// ListFunctionUrlConfigs: `MaxItems` 1 to 50, and never more than 50 a page.
pub const MAX_URL_ITEMS: usize = 50;

fn marker_for(offset: usize) -> String {
    URL_SAFE_NO_PAD.encode(format!("lambda-policy/1/{offset}"))
}

fn offset_of(marker: &str) -> Option<usize> {
    let bytes = URL_SAFE_NO_PAD.decode(marker).ok()?;
    String::from_utf8(bytes)
        .ok()?
        .strip_prefix("lambda-policy/1/")?
        .parse()
        .ok()
}

/// Checks a `MaxItems` query value: an integer from 1 to 10000.
pub fn max_items(raw: Option<&str>) -> Result<Option<usize>, AwsError> {
    max_items_up_to(raw, MAX_ITEMS)
}

/// Checks a `MaxItems` query value: an integer from 1 to `max`.
pub fn max_items_up_to(raw: Option<&str>, max: usize) -> Result<Option<usize>, AwsError> {
    let Some(raw) = raw else { return Ok(None) };
    let value: i64 = raw.parse().map_err(|_| {
        AwsError::new(
            ErrorType::InvalidParameterValue,
            messages::max_items_not_integer(raw),
        )
    })?;
    let broken = if value < 1 {
        constraint::min_value(1)
    } else if value > max as i64 {
        constraint::max_value(max as i64)
    } else {
        return Ok(Some(value as usize));
    };
    Err(AwsError::validation(&[Violation::new(
        "maxItems",
        Some(&value.to_string()),
        broken,
    )]))
}

/// The page of `items` that starts at `marker`, and the marker of the next page if any.
pub fn page<T>(
    items: Vec<T>,
    marker: Option<&str>,
    max_items: Option<usize>,
    cap: Option<usize>,
) -> Result<(Vec<T>, Option<String>), AwsError> {
    let total = items.len();
    page_of(items.into_iter(), total, marker, max_items, cap)
}

/// A page of a listing read lazily from `items` (of `total` in all): nothing before the marker
/// is collected, so paging through thousands costs only the page.
pub fn page_of<I: Iterator>(
    items: I,
    total: usize,
    marker: Option<&str>,
    max_items: Option<usize>,
    cap: Option<usize>,
) -> Result<(Vec<I::Item>, Option<String>), AwsError> {
    let start = match marker {
        None | Some("") => 0,
        Some(m) => offset_of(m).filter(|o| *o <= total).ok_or_else(|| {
            AwsError::new(
                ErrorType::InvalidParameterValue,
                messages::invalid_marker(m),
            )
        })?,
    };
    let limit = match (max_items, cap) {
        (Some(m), Some(c)) => m.min(c),
        (Some(m), None) => m,
        (None, Some(c)) => c,
        (None, None) => usize::MAX,
    };
    let page: Vec<I::Item> = items.skip(start).take(limit).collect();
    let end = start + page.len();
    Ok((page, (end < total).then(|| marker_for(end))))
}
