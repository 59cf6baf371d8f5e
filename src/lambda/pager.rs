//! Every listing's one paging loop: each page asked for with the marker the last one gave,
//! until none is given. An endpoint that never stops giving markers (one repeated, a cycle, or
//! an endless run of new ones) is stopped with an error instead of filling memory.

use super::error::LambdaError;
use super::response::RawResponse;
use super::types::Page;
use futures_util::Stream;
use std::collections::HashSet;
use std::future::Future;

/// More pages than any account has: 5,000 pages of 50 is 250,000 items.
pub const MAX_PAGES: usize = 5_000;
/// More items than any listing of one account holds.
pub const MAX_ITEMS: usize = 100_000;
/// More than the answers of any listing add up to: 100,000 configurations of about 1 KB.
pub const MAX_BYTES: usize = 256 * 1024 * 1024;
/// Lambda's markers are opaque tokens of a few hundred bytes; a longer one is not Lambda's.
pub const MAX_MARKER_BYTES: usize = 4096;

/// What has been seen of one listing so far. Markers are kept as hashes: a listing of many
/// pages costs a few bytes a page, whatever the markers are.
#[derive(Debug, Default)]
pub struct Progress {
    markers: HashSet<u64>,
    hasher: std::hash::RandomState,
    pages: usize,
    items: usize,
    bytes: usize,
}

impl Progress {
    /// Counts the items of a page. The next page is asked for before this one's items are
    /// parsed, so [`Progress::advance`] weighs the items of the pages before it.
    pub fn count_items(&mut self, items: usize) {
        self.items += items;
    }

    /// Counts a page of `bytes` and says which marker asks for the next one (`None`: the
    /// listing is done). The bounds are checked here, and only while there is a next page: a
    /// listing that ends is never refused.
    pub fn advance(
        &mut self,
        bytes: usize,
        next_marker: Option<&str>,
    ) -> Result<Option<String>, LambdaError> {
        use std::hash::BuildHasher;
        self.pages += 1;
        self.bytes += bytes;
        let Some(marker) = next_marker.filter(|m| !m.is_empty()) else {
            return Ok(None);
        };
        if marker.len() > MAX_MARKER_BYTES {
            return Err(LambdaError::EndlessListing(format!(
                "the endpoint gave a marker of {} bytes; Lambda's are far shorter",
                marker.len()
            )));
        }
        if !self.markers.insert(self.hasher.hash_one(marker)) {
            return Err(LambdaError::EndlessListing(format!(
                "the endpoint gave the marker {marker:?} a second time, after {} pages: the listing would never end",
                self.pages
            )));
        }
        if self.pages >= MAX_PAGES || self.items >= MAX_ITEMS || self.bytes >= MAX_BYTES {
            return Err(LambdaError::EndlessListing(format!(
                "{} pages, {} items and {} MiB read and the endpoint still gives a next marker; no account has that many (at most {MAX_PAGES} pages, {MAX_ITEMS} items or {} MiB are read)",
                self.pages,
                self.items,
                self.bytes / (1024 * 1024),
                MAX_BYTES / (1024 * 1024)
            )));
        }
        Ok(Some(marker.to_string()))
    }
}

/// One page's answer, read but not parsed: its marker is already known, so that the next page
/// can be asked for while this one is parsed.
#[derive(Debug)]
pub struct RawPage {
    pub response: RawResponse,
    pub next_marker: Option<String>,
}

impl RawPage {
    /// Reads the marker of an answer (only the marker: the items are skipped, not built). Lambda
    /// writes `NextMarker` last, so it is looked for at the end first; the parse of the items
    /// checks it (see [`RawPage::check_marker`]).
    pub fn of(response: RawResponse) -> Result<RawPage, LambdaError> {
        #[derive(serde::Deserialize)]
        struct MarkerOnly {
            #[serde(rename = "NextMarker", default)]
            next_marker: Option<String>,
        }
        let is_json = response
            .content_type
            .as_deref()
            .is_some_and(|t| t.contains("json"));
        let trailing = if is_json {
            trailing_marker(&response.body)
        } else {
            None
        };
        let next_marker = match trailing {
            Some(marker) => Some(marker),
            None => response.clone_json::<MarkerOnly>()?.next_marker,
        };
        Ok(RawPage {
            next_marker: next_marker.filter(|m| !m.is_empty()),
            response,
        })
    }

    /// The page's items: `split` takes the parsed answer apart into its items and the marker
    /// it holds, which must be the one already followed.
    pub fn parse<Out, T>(
        self,
        split: impl FnOnce(Out) -> (Vec<T>, Option<String>),
    ) -> Result<Page<T>, LambdaError>
    where
        Out: serde::de::DeserializeOwned,
    {
        let (items, parsed_marker) = split(self.response.clone_json::<Out>()?);
        if parsed_marker.filter(|m| !m.is_empty()) != self.next_marker {
            return Err(self.response.malformed());
        }
        Ok(Page {
            items,
            next_marker: self.next_marker,
        })
    }
}

/// `NextMarker` when it is the last member of the answer: the body ends with
/// `,"NextMarker":"TOKEN"}` (or `{"NextMarker":"TOKEN"}`), TOKEN without quotes or backslashes.
/// Anything else (the last page, which has none, too): `None`, and the answer is read in full.
fn trailing_marker(body: &[u8]) -> Option<String> {
    let body = body.trim_ascii_end();
    let body = body.strip_suffix(b"}")?;
    let body = body.strip_suffix(b"\"")?;
    let start = body.iter().rposition(|b| *b == b'"')?;
    let token = &body[start + 1..];
    if token.contains(&b'\\') {
        return None;
    }
    let before = body[..start].strip_suffix(b"\"NextMarker\":")?;
    if !(before.ends_with(b",") || before.ends_with(b"{")) {
        return None;
    }
    String::from_utf8(token.to_vec()).ok()
}

/// The request for a page, running on its own task; stopped if it is no longer wanted (the
/// listing was dropped: a reload, another region).
struct Prefetch(tokio::task::JoinHandle<Result<RawPage, LambdaError>>);

impl Prefetch {
    fn start<Fut>(request: Fut) -> Prefetch
    where
        Fut: Future<Output = Result<RawPage, LambdaError>> + Send + 'static,
    {
        Prefetch(tokio::spawn(request))
    }

    async fn answer(mut self) -> Result<RawPage, LambdaError> {
        (&mut self.0)
            .await
            .map_err(|e| LambdaError::Unavailable(format!("a page request ended early: {e}")))?
    }
}

impl Drop for Prefetch {
    fn drop(&mut self) {
        self.0.abort();
    }
}

struct Listing<F, P> {
    next: Next,
    progress: Progress,
    fetch: F,
    parse: P,
}

/// The listing's next request.
enum Next {
    /// Not asked for yet: the first page is asked for when the listing is first polled.
    First,
    Asked(Prefetch),
    /// The listing is over (done, or stopped by an error).
    None,
}

/// Every page of a listing, each delivered as it arrives. `fetch` asks for the page after a
/// marker (`None`: the first) and `parse` builds its items. The next page is asked for as soon
/// as this one's marker is read, before its items are parsed: Lambda and the parsing work at
/// the same time, not in turn.
pub fn pages<T, F, Fut, P>(fetch: F, parse: P) -> impl Stream<Item = Result<Page<T>, LambdaError>>
where
    F: Fn(Option<String>) -> Fut,
    Fut: Future<Output = Result<RawPage, LambdaError>> + Send + 'static,
    P: Fn(RawPage) -> Result<Page<T>, LambdaError>,
{
    let listing = Listing {
        next: Next::First,
        progress: Progress::default(),
        fetch,
        parse,
    };
    futures_util::stream::unfold(listing, |mut listing| async move {
        let request = match std::mem::replace(&mut listing.next, Next::None) {
            Next::First => Prefetch::start((listing.fetch)(None)),
            Next::Asked(request) => request,
            Next::None => return None,
        };
        let step = async {
            let raw = request.answer().await?;
            let bytes = raw.response.body.len();
            let following = listing
                .progress
                .advance(bytes, raw.next_marker.as_deref())?;
            if let Some(marker) = following {
                listing.next = Next::Asked(Prefetch::start((listing.fetch)(Some(marker))));
            }
            let page = (listing.parse)(raw)?;
            listing.progress.count_items(page.items.len());
            Ok(page)
        };
        let result = step.await;
        if result.is_err() {
            listing.next = Next::None;
        }
        Some((result, listing))
    })
}

/// Every item of a listing, all pages.
pub async fn all<T>(
    pages: impl Stream<Item = Result<Page<T>, LambdaError>>,
) -> Result<Vec<T>, LambdaError> {
    use futures_util::TryStreamExt;
    pages
        .try_fold(Vec::new(), |mut items, page| async move {
            items.extend(page.items);
            Ok(items)
        })
        .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cycle_of_markers_is_stopped_at_its_first_repeat() {
        let mut progress = Progress::default();
        assert_eq!(
            progress.advance(0, Some("A")).unwrap().as_deref(),
            Some("A")
        );
        assert_eq!(
            progress.advance(0, Some("B")).unwrap().as_deref(),
            Some("B")
        );
        let error = progress.advance(0, Some("A")).unwrap_err();
        assert!(error.to_string().contains("\"A\" a second time"), "{error}");
    }

    #[test]
    fn an_endless_run_of_new_markers_is_stopped_at_the_bound() {
        let mut progress = Progress::default();
        let mut stopped_at = None;
        for page in 1..=MAX_PAGES + 1 {
            if progress.advance(0, Some(&page.to_string())).is_err() {
                stopped_at = Some(page);
                break;
            }
        }
        assert_eq!(stopped_at, Some(MAX_PAGES));
        let mut progress = Progress::default();
        progress.count_items(MAX_ITEMS);
        assert!(progress.advance(0, Some("next")).is_err());
        let mut progress = Progress::default();
        progress.count_items(MAX_ITEMS + 5);
        assert_eq!(
            progress.advance(0, None).unwrap(),
            None,
            "a listing that ends is never refused"
        );
        let mut progress = Progress::default();
        assert!(progress.advance(MAX_BYTES, Some("next")).is_err());
        let long = "m".repeat(MAX_MARKER_BYTES + 1);
        assert!(Progress::default().advance(0, Some(&long)).is_err());
    }

    #[test]
    fn a_trailing_marker_is_read_only_when_it_is_unambiguous() {
        let marker = |body: &str| trailing_marker(body.as_bytes());
        assert_eq!(
            marker(r#"{"Functions":[{"A":1}],"NextMarker":"abc="}"#),
            Some("abc=".into())
        );
        assert_eq!(marker(r#"{"Functions":[{"A":1}]}"#), None);
        assert_eq!(marker(r#"{"NextMarker":"x","Functions":[]}"#), None);
        assert_eq!(marker(r#"{"Functions":[],"NextMarker":"a\"b"}"#), None);
        assert_eq!(
            marker(r#"{"Functions":[],"Other":{"NextMarker":"x"}}"#),
            None
        );
        assert_eq!(
            marker(r#"{"Functions":[],"Description":"y\"NextMarker\":\"x"}"#),
            None
        );
        assert_eq!(marker("not json"), None);
    }

    fn answer(content_type: &str, body: &str) -> RawResponse {
        RawResponse {
            status: 200,
            content_type: Some(content_type.into()),
            error_type: None,
            request_id: None,
            retry_after: None,
            body: body.as_bytes().to_vec(),
        }
    }

    #[derive(serde::Deserialize)]
    struct Listed {
        #[serde(rename = "Items")]
        items: Vec<u32>,
        #[serde(rename = "NextMarker", default)]
        next_marker: Option<String>,
    }

    fn parse(raw: RawPage) -> Result<Page<u32>, LambdaError> {
        raw.parse(|l: Listed| (l.items, l.next_marker))
    }

    #[test]
    fn a_marker_anywhere_in_the_answer_is_read_and_checked_by_the_parse() {
        let first = RawPage::of(answer(
            "application/json",
            r#"{"NextMarker":"m1","Items":[1,2]}"#,
        ))
        .unwrap();
        assert_eq!(first.next_marker.as_deref(), Some("m1"));
        assert_eq!(parse(first).unwrap().items, [1, 2]);
        // Not JSON by its content type: the end of the body is not trusted.
        let text = RawPage::of(answer("text/plain", r#"{"Items":[],"NextMarker":"m2"}"#)).unwrap();
        assert_eq!(text.next_marker.as_deref(), Some("m2"));
        // A marker read from the end that the parse does not find is an error, not followed.
        let forged = RawPage {
            response: answer("application/json", r#"{"Items":[3],"NextMarker":"real"}"#),
            next_marker: Some("forged".into()),
        };
        assert!(matches!(parse(forged), Err(LambdaError::Malformed { .. })));
    }

    #[test]
    fn an_empty_marker_ends_the_listing() {
        assert_eq!(Progress::default().advance(3, Some("")).unwrap(), None);
        assert_eq!(Progress::default().advance(3, None).unwrap(), None);
    }
}
