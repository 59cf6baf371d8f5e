//! The function filter's order: exact, then prefix, then substring matches, then fuzzy ones,
//! each tier by nucleo's score (fzf's scoring), ties in the list's order. So `/fn-049` over
//! thousands of functions puts `fn-049…` first, not `fn-00049`.

use nucleo_matcher::pattern::{AtomKind, CaseMatching, Normalization, Pattern};
use nucleo_matcher::{Config, Matcher, Utf32Str};

/// How well a name matches: lower tiers first, then higher scores.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Rank {
    tier: u8,
    /// Negated, so that a higher score sorts first.
    score: std::cmp::Reverse<u32>,
}

/// A filter, parsed once for every name it is matched against.
pub struct FilterRanker {
    lower: String,
    pattern: Pattern,
    matcher: Matcher,
    buffer: Vec<char>,
}

impl FilterRanker {
    pub fn new(filter: &str) -> FilterRanker {
        FilterRanker {
            lower: filter.to_lowercase(),
            // Taken as typed: a name filter has no use for fzf's `^`, `$`, `!` and spaces.
            pattern: Pattern::new(
                filter,
                CaseMatching::Ignore,
                Normalization::Smart,
                AtomKind::Fuzzy,
            ),
            matcher: Matcher::new(Config::DEFAULT),
            buffer: Vec::new(),
        }
    }

    /// The rank of `name`, or `None` when it does not match at all.
    pub fn rank(&mut self, name: &str) -> Option<Rank> {
        let score = self
            .pattern
            .score(Utf32Str::new(name, &mut self.buffer), &mut self.matcher)?;
        let lower = name.to_lowercase();
        let tier = if lower == self.lower {
            0
        } else if lower.starts_with(&self.lower) {
            1
        } else if lower.contains(&self.lower) {
            2
        } else {
            3
        };
        Some(Rank {
            tier,
            score: std::cmp::Reverse(score),
        })
    }

    /// The characters of `name` to highlight: the substring when it holds the filter whole,
    /// else the fuzzy match's.
    pub fn positions(&mut self, name: &str) -> Vec<usize> {
        let lower = name.to_lowercase();
        // Lowercasing keeps an ASCII name's positions; other names take the fuzzy positions.
        if name.is_ascii()
            && let Some(at) = lower.find(&self.lower)
        {
            return (at..at + self.lower.len()).collect();
        }
        let mut indices = Vec::new();
        self.pattern.indices(
            Utf32Str::new(name, &mut self.buffer),
            &mut self.matcher,
            &mut indices,
        );
        indices.sort_unstable();
        indices.dedup();
        indices.into_iter().map(|i| i as usize).collect()
    }
}

/// The indices of `names` that match `filter`, best first (all of them, in order, for an
/// empty filter).
pub fn ranked<'a>(names: impl Iterator<Item = &'a str>, filter: &str) -> Vec<usize> {
    if filter.is_empty() {
        return names.enumerate().map(|(i, _)| i).collect();
    }
    let mut ranker = FilterRanker::new(filter);
    let mut found: Vec<(Rank, usize)> = names
        .enumerate()
        .filter_map(|(i, name)| ranker.rank(name).map(|rank| (rank, i)))
        .collect();
    found.sort();
    found.into_iter().map(|(_, i)| i).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exact_then_prefix_then_substring_then_fuzzy() {
        let names = [
            "fn-00049",
            "fn-00149",
            "audit-fn-049-copy",
            "fn-04912",
            "fn-049",
            "other",
        ];
        let order: Vec<&str> = ranked(names.iter().copied(), "fn-049")
            .into_iter()
            .map(|i| names[i])
            .collect();
        assert_eq!(
            order[..3],
            ["fn-049", "fn-04912", "audit-fn-049-copy"],
            "{order:?}"
        );
        assert!(order[3..].contains(&"fn-00049") && !order.contains(&"other"));
        assert_eq!(ranked(names.iter().copied(), "").len(), names.len());
    }

    #[test]
    fn a_substring_is_highlighted_whole() {
        let mut ranker = FilterRanker::new("ORDERS");
        assert_eq!(ranker.positions("my-orders-api"), [3, 4, 5, 6, 7, 8]);
        let mut fuzzy = FilterRanker::new("oa");
        assert_eq!(fuzzy.positions("orders-api"), [0, 7]);
    }
}
