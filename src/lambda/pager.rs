//! Every listing's one paging loop: each page asked for with the marker the last one gave,
//! until none is given. An endpoint that never stops giving markers (one repeated, a cycle, or
//! an endless run of new ones) is stopped with an error instead of filling memory.

use super::error::LambdaError;
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
    /// Counts a page and says which marker asks for the next one (`None`: the listing is done).
    pub fn advance(
        &mut self,
        items: usize,
        bytes: usize,
        next_marker: Option<&str>,
    ) -> Result<Option<String>, LambdaError> {
        use std::hash::BuildHasher;
        self.pages += 1;
        self.items += items;
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

/// Every page of a listing, each delivered as it arrives; `fetch` asks for the page after a
/// marker (`None`: the first).
pub fn pages<'a, T, F, Fut>(fetch: F) -> impl Stream<Item = Result<Page<T>, LambdaError>> + 'a
where
    T: 'a,
    F: Fn(Option<String>) -> Fut + 'a,
    Fut: Future<Output = Result<Page<T>, LambdaError>> + 'a,
{
    let start = (Some(None::<String>), Progress::default());
    futures_util::stream::try_unfold(start, move |(marker, mut progress)| {
        let next = marker.map(&fetch);
        async move {
            let Some(next) = next else { return Ok(None) };
            let page = next.await?;
            let following =
                progress.advance(page.items.len(), page.bytes, page.next_marker.as_deref())?;
            Ok(Some((page, (following.map(Some), progress))))
        }
    })
}

/// Every item of a listing, all pages.
pub async fn all<'a, T, F, Fut>(fetch: F) -> Result<Vec<T>, LambdaError>
where
    T: 'a,
    F: Fn(Option<String>) -> Fut + 'a,
    Fut: Future<Output = Result<Page<T>, LambdaError>> + 'a,
{
    use futures_util::TryStreamExt;
    pages(fetch)
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
            progress.advance(1, 0, Some("A")).unwrap().as_deref(),
            Some("A")
        );
        assert_eq!(
            progress.advance(1, 0, Some("B")).unwrap().as_deref(),
            Some("B")
        );
        let error = progress.advance(1, 0, Some("A")).unwrap_err();
        assert!(error.to_string().contains("\"A\" a second time"), "{error}");
    }

    #[test]
    fn an_endless_run_of_new_markers_is_stopped_at_the_bound() {
        let mut progress = Progress::default();
        let mut stopped_at = None;
        for page in 1..=MAX_PAGES + 1 {
            if progress.advance(0, 0, Some(&page.to_string())).is_err() {
                stopped_at = Some(page);
                break;
            }
        }
        assert_eq!(stopped_at, Some(MAX_PAGES));
        let mut progress = Progress::default();
        assert!(progress.advance(MAX_ITEMS, 0, Some("next")).is_err());
        let mut progress = Progress::default();
        assert!(progress.advance(1, MAX_BYTES, Some("next")).is_err());
        let long = "m".repeat(MAX_MARKER_BYTES + 1);
        assert!(Progress::default().advance(1, 0, Some(&long)).is_err());
    }

    #[test]
    fn an_empty_marker_ends_the_listing() {
        assert_eq!(Progress::default().advance(3, 0, Some("")).unwrap(), None);
        assert_eq!(Progress::default().advance(3, 0, None).unwrap(), None);
    }
}
