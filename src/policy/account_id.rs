//! A 12-digit AWS account id, ASCII digits only (what AWS's `\d{12}` means).

pub fn is_account_id(text: &str) -> bool {
    text.len() == 12 && text.bytes().all(|b| b.is_ascii_digit())
}

/// The account of an ARN (`arn:PARTITION:SERVICE:REGION:ACCOUNT:...`), when it has one.
pub fn account_of_arn(arn: &str) -> Option<&str> {
    let account = arn.strip_prefix("arn:")?.split(':').nth(3)?;
    is_account_id(account).then_some(account)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_twelve_ascii_digits_are_an_account() {
        assert!(is_account_id("123456789012"));
        assert!(!is_account_id("12345678901"));
        assert!(!is_account_id("١٢٣٤٥٦٧٨٩٠١٢"));
        assert_eq!(
            account_of_arn("arn:aws:iam::210987654321:root"),
            Some("210987654321")
        );
        assert_eq!(account_of_arn("arn:aws:s3:::bucket"), None);
    }
}
