//! A 12-digit AWS account id, ASCII digits only (what AWS's `\d{12}` means).

pub fn is_account_id(text: &str) -> bool {
    text.len() == 12 && text.bytes().all(|b| b.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_twelve_ascii_digits_are_an_account() {
        assert!(is_account_id("123456789012"));
        assert!(!is_account_id("12345678901"));
        assert!(!is_account_id("١٢٣٤٥٦٧٨٩٠١٢"));
    }
}
