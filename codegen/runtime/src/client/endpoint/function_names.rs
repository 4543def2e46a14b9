//! The functions the endpoint rules engine implements, by the names rule sets call them: one list that the engine's tests hold it to and the generator checks rule sets against.

/// Every rule function the engine in `endpoint` implements.
pub const RULE_FUNCTIONS: &[&str] = &[
    "isSet",
    "not",
    "booleanEquals",
    "stringEquals",
    "getAttr",
    "aws.partition",
    "aws.parseArn",
    "aws.isVirtualHostableS3Bucket",
    "isValidHostLabel",
    "parseURL",
    "substring",
    "uriEncode",
];
