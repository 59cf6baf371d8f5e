//! The regions of AWS's commercial partition (`aws`), where Lambda answers: what `:region`
//! completes and what a fleet audit means by every region. Opt-in regions among them answer
//! that they are not enabled until an account turns them on.

pub const COMMERCIAL: [&str; 34] = [
    "af-south-1",
    "ap-east-1",
    "ap-east-2",
    "ap-northeast-1",
    "ap-northeast-2",
    "ap-northeast-3",
    "ap-south-1",
    "ap-south-2",
    "ap-southeast-1",
    "ap-southeast-2",
    "ap-southeast-3",
    "ap-southeast-4",
    "ap-southeast-5",
    "ap-southeast-6",
    "ap-southeast-7",
    "ca-central-1",
    "ca-west-1",
    "eu-central-1",
    "eu-central-2",
    "eu-north-1",
    "eu-south-1",
    "eu-south-2",
    "eu-west-1",
    "eu-west-2",
    "eu-west-3",
    "il-central-1",
    "me-central-1",
    "me-south-1",
    "mx-central-1",
    "sa-east-1",
    "us-east-1",
    "us-east-2",
    "us-west-1",
    "us-west-2",
];

#[cfg(test)]
mod tests {
    #[test]
    fn every_region_is_a_region_once_and_in_order() {
        for region in super::COMMERCIAL {
            assert!(crate::policy::function_ref::is_region(region), "{region}");
        }
        assert!(super::COMMERCIAL.windows(2).all(|w| w[0] < w[1]));
    }
}
