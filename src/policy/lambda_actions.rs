//! The actions IAM knows for Lambda functions, versions and aliases: what a statement's
//! `Action` may name on a function's resource policy.

pub(super) const FUNCTION_ACTIONS: &[&str] = &[
    "AddPermission",
    "CreateAlias",
    "CreateFunctionUrlConfig",
    "DeleteAlias",
    "DeleteFunction",
    "DeleteFunctionCodeSigningConfig",
    "DeleteFunctionConcurrency",
    "DeleteFunctionEventInvokeConfig",
    "DeleteFunctionUrlConfig",
    "DeleteProvisionedConcurrencyConfig",
    "DeleteResourcePolicy",
    "GetAlias",
    "GetFunction",
    "GetFunctionCodeSigningConfig",
    "GetFunctionConcurrency",
    "GetFunctionConfiguration",
    "GetFunctionEventInvokeConfig",
    "GetFunctionRecursionConfig",
    "GetFunctionUrlConfig",
    "GetPolicy",
    "GetProvisionedConcurrencyConfig",
    "GetResourcePolicy",
    "GetRuntimeManagementConfig",
    "InvokeAsync",
    "InvokeFunction",
    "InvokeFunctionUrl",
    "ListAliases",
    "ListFunctionEventInvokeConfigs",
    "ListFunctionUrlConfigs",
    "ListProvisionedConcurrencyConfigs",
    "ListTags",
    "ListVersionsByFunction",
    "PublishVersion",
    "PutFunctionCodeSigningConfig",
    "PutFunctionConcurrency",
    "PutFunctionEventInvokeConfig",
    "PutFunctionRecursionConfig",
    "PutProvisionedConcurrencyConfig",
    "PutResourcePolicy",
    "PutRuntimeManagementConfig",
    "RemovePermission",
    "TagResource",
    "UntagResource",
    "UpdateAlias",
    "UpdateFunctionCode",
    "UpdateFunctionCodeSigningConfig",
    "UpdateFunctionConfiguration",
    "UpdateFunctionEventInvokeConfig",
    "UpdateFunctionUrlConfig",
];

/// The actions IAM knows for a Lambda layer version (the Service Authorization Reference's
/// `layerVersion` resource): what a layer version's policy may name.
pub(super) const LAYER_VERSION_ACTIONS: &[&str] = &[
    "AddLayerVersionPermission",
    "DeleteLayerVersion",
    "GetLayerVersion",
    "GetLayerVersionPolicy",
    "RemoveLayerVersionPermission",
];

/// The Lambda actions `pattern` (the part after `lambda:`, wildcards allowed) names.
pub fn actions_matching(pattern: &str) -> impl Iterator<Item = &'static str> + '_ {
    FUNCTION_ACTIONS
        .iter()
        .copied()
        .filter(move |action| super::iam_wildcard::wildcard_match(pattern, action, false))
}

#[cfg(test)]
mod tests {
    use super::actions_matching;

    #[test]
    fn patterns_name_actions_without_regard_to_case() {
        assert_eq!(actions_matching("invokefunction").count(), 1);
        assert_eq!(
            actions_matching("Invoke*").collect::<Vec<_>>(),
            ["InvokeAsync", "InvokeFunction", "InvokeFunctionUrl"]
        );
        assert_eq!(actions_matching("InvokeFuction").count(), 0);
    }
}
