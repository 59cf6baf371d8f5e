//! The `:` command line's words, and `Tab` completing them: command names, then a profile of
//! the config files for `:profile`, a region for `:region`.

/// Every command, as typed after `:`.
pub const COMMANDS: [&str; 12] = [
    "conflict",
    "functions",
    "keys",
    "layers",
    "messages",
    "profile",
    "q",
    "region",
    "reset",
    "screenshot",
    "tour",
    "quit",
];

/// Commands that take a word after them.
const TAKES_WORD: [&str; 3] = ["profile", "region", "screenshot"];

/// What `Tab` makes of the typed text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Completion {
    /// The text, completed as far as the candidates agree.
    Text(String),
    /// The candidates disagree past what is typed: these are they.
    Choices(Vec<String>),
    /// Nothing matches.
    Nothing,
}

/// Completes `text` (what follows `:`) against the commands, `profiles` and the regions.
pub fn complete(text: &str, profiles: &[String]) -> Completion {
    let (done, word, candidates): (String, &str, Vec<&str>) = match text.split_once(' ') {
        None => (String::new(), text, COMMANDS.to_vec()),
        Some((command, word)) if !word.contains(' ') => {
            let candidates = match command {
                "profile" => profiles.iter().map(String::as_str).collect(),
                "region" => crate::lambda::regions::COMMERCIAL.to_vec(),
                _ => Vec::new(),
            };
            (format!("{command} "), word, candidates)
        }
        Some(_) => (String::new(), text, Vec::new()),
    };
    let matching: Vec<&str> = candidates
        .into_iter()
        .filter(|c| c.starts_with(word))
        .collect();
    match matching.as_slice() {
        [] => Completion::Nothing,
        [only] => {
            let space = if done.is_empty() && TAKES_WORD.contains(only) {
                " "
            } else {
                ""
            };
            Completion::Text(format!("{done}{only}{space}"))
        }
        several => {
            let common = common_prefix(several);
            if common.len() > word.len() {
                Completion::Text(format!("{done}{common}"))
            } else {
                let mut choices: Vec<String> = several.iter().map(|c| c.to_string()).collect();
                choices.sort();
                Completion::Choices(choices)
            }
        }
    }
}

fn common_prefix<'a>(words: &[&'a str]) -> &'a str {
    let first = words[0];
    let mut end = first.len();
    for word in &words[1..] {
        end = first
            .char_indices()
            .zip(word.chars())
            .take_while(|((_, a), b)| a == b)
            .map(|((i, a), _)| i + a.len_utf8())
            .last()
            .unwrap_or(0)
            .min(end);
    }
    &first[..end]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn profiles() -> Vec<String> {
        ["default", "prod", "prod-eu", "staging"]
            .map(String::from)
            .to_vec()
    }

    #[test]
    fn a_command_completes_with_a_space_when_it_takes_a_word() {
        assert_eq!(complete("pro", &[]), Completion::Text("profile ".into()));
        assert_eq!(complete("la", &[]), Completion::Text("layers".into()));
        assert_eq!(
            complete("re", &[]),
            Completion::Choices(vec!["region".into(), "reset".into()])
        );
        assert_eq!(complete("zz", &[]), Completion::Nothing);
    }

    #[test]
    fn profiles_and_regions_complete_after_their_command() {
        assert_eq!(
            complete("profile st", &profiles()),
            Completion::Text("profile staging".into())
        );
        assert_eq!(
            complete("profile p", &profiles()),
            Completion::Text("profile prod".into()),
            "as far as they agree"
        );
        assert_eq!(
            complete("profile prod", &profiles()),
            Completion::Choices(vec!["prod".into(), "prod-eu".into()])
        );
        assert_eq!(
            complete("region eu-w", &[]),
            Completion::Text("region eu-west-".into())
        );
        assert_eq!(
            complete("region eu-west-3", &[]),
            Completion::Text("region eu-west-3".into())
        );
        assert_eq!(complete("keys x", &[]), Completion::Nothing);
    }
}
