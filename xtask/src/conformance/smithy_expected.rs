//! The Smithy compliance cases the generated clients do not pass yet, each with its reason: `cargo xtask conformance` fails when one of them passes (take it off the list) or when any other case fails.

/// `@default` values are not filled in on the client: a member left unset is sent without
/// its default, and one missing from a response stays `None`.
const DEFAULTS: &str = "`@default` values are not filled in on the client";
/// Smithy's client error correction: a required output member the server left out is not
/// filled with its type's zero value, so the response is unreadable.
const ERROR_CORRECTION: &str =
    "a required output member the server left out is not filled with its zero value (client error correction)";
/// `@sparse` lists and maps: nulls are dropped, the generated types have no `Option` items.
const SPARSE: &str = "`@sparse` lists and maps: the generated types hold no null items";
/// Glacier's customizations beyond its version header: tree-hash checksums, account id `-`.
const GLACIER: &str = "Glacier's customizations: tree-hash checksums and the account id `-`";
/// Machine Learning's `Predict` goes to the endpoint its input names.
const MACHINE_LEARNING: &str = "Machine Learning's `PredictEndpoint` customization";

/// `(suite, case id, why it fails)`; the suite is `<service file> requests|responses`.
pub const EXPECTED_FAILURES: &[(&str, &str, &str)] = &[
    (
        "aws.protocoltests.json.JsonProtocol responses",
        "AwsJson11SparseMapsDeserializeNullValues",
        SPARSE,
    ),
    (
        "aws.protocoltests.json.JsonProtocol responses",
        "AwsJson11SparseListsDeserializeNull",
        SPARSE,
    ),
    (
        "aws.protocoltests.json.JsonProtocol requests",
        "AwsJson11SparseMapsSerializeNullValues",
        SPARSE,
    ),
    (
        "aws.protocoltests.json.JsonProtocol requests",
        "AwsJson11SparseListsSerializeNull",
        SPARSE,
    ),
    (
        "aws.protocoltests.json10.JsonRpc10 responses",
        "AwsJson10ClientPopulatesDefaultsValuesWhenMissingInResponse",
        DEFAULTS,
    ),
    (
        "aws.protocoltests.json10.JsonRpc10 responses",
        "AwsJson10ClientPopulatesNestedDefaultsWhenMissingInResponseBody",
        DEFAULTS,
    ),
    (
        "aws.protocoltests.json10.JsonRpc10 responses",
        "AwsJson10ClientErrorCorrectsWhenServerFailsToSerializeRequiredValues",
        ERROR_CORRECTION,
    ),
    (
        "aws.protocoltests.json10.JsonRpc10 responses",
        "AwsJson10ClientErrorCorrectsWithDefaultValuesWhenServerFailsToSerializeRequiredValues",
        ERROR_CORRECTION,
    ),
    (
        "aws.protocoltests.json10.JsonRpc10 requests",
        "AwsJson10ClientPopulatesDefaultValuesInInput",
        DEFAULTS,
    ),
    (
        "aws.protocoltests.json10.JsonRpc10 requests",
        "AwsJson10ClientPopulatesNestedDefaultValuesWhenMissing",
        DEFAULTS,
    ),
    (
        "aws.protocoltests.restjson.RestJson requests",
        "RestJsonClientPopulatesDefaultValuesInInput",
        DEFAULTS,
    ),
    (
        "aws.protocoltests.restjson.RestJson requests",
        "RestJsonClientPopulatesNestedDefaultValuesWhenMissing",
        DEFAULTS,
    ),
    (
        "aws.protocoltests.restjson.RestJson requests",
        "RestJsonSparseListsSerializeNull",
        SPARSE,
    ),
    (
        "aws.protocoltests.restjson.RestJson requests",
        "RestJsonSerializesSparseNullMapValues",
        SPARSE,
    ),
    (
        "aws.protocoltests.restjson.RestJson requests",
        "RestJsonSerializesSparseSetMapAndRetainsNull",
        SPARSE,
    ),
    (
        "aws.protocoltests.restjson.RestJson responses",
        "RestJsonClientPopulatesDefaultsValuesWhenMissingInResponse",
        DEFAULTS,
    ),
    (
        "aws.protocoltests.restjson.RestJson responses",
        "RestJsonClientPopulatesNestedDefaultsWhenMissingInResponseBody",
        DEFAULTS,
    ),
    (
        "aws.protocoltests.restjson.RestJson responses",
        "RestJsonSparseListsSerializeNull",
        SPARSE,
    ),
    (
        "aws.protocoltests.restjson.RestJson responses",
        "RestJsonDeserializesSparseNullMapValues",
        SPARSE,
    ),
    (
        "aws.protocoltests.restjson.RestJson responses",
        "RestJsonDeserializesSparseSetMapAndRetainsNull",
        SPARSE,
    ),
    (
        "com.amazonaws.glacier.Glacier requests",
        "GlacierChecksums",
        GLACIER,
    ),
    (
        "com.amazonaws.glacier.Glacier requests",
        "GlacierAccountId",
        GLACIER,
    ),
    (
        "com.amazonaws.glacier.Glacier requests",
        "GlacierMultipartChecksums",
        GLACIER,
    ),
    (
        "com.amazonaws.machinelearning.AmazonML_20141212 requests",
        "MachinelearningPredictEndpoint",
        MACHINE_LEARNING,
    ),
    (
        "smithy.protocoltests.rpcv2Cbor.RpcV2Protocol responses",
        "RpcV2CborClientPopulatesDefaultsValuesWhenMissingInResponse",
        DEFAULTS,
    ),
    (
        "smithy.protocoltests.rpcv2Cbor.RpcV2Protocol responses",
        "RpcV2CborDeserializesNullMapValues",
        SPARSE,
    ),
    (
        "smithy.protocoltests.rpcv2Cbor.RpcV2Protocol responses",
        "RpcV2CborDeserializesSparseSetMapAndRetainsNull",
        SPARSE,
    ),
    (
        "smithy.protocoltests.rpcv2Cbor.RpcV2Protocol responses",
        "RpcV2CborSparseMapsDeserializeNullValues",
        SPARSE,
    ),
    (
        "smithy.protocoltests.rpcv2Cbor.RpcV2Protocol responses",
        "RpcV2CborSparseListsDeserializeNull",
        SPARSE,
    ),
    (
        "smithy.protocoltests.rpcv2Cbor.RpcV2Protocol requests",
        "RpcV2CborClientPopulatesDefaultValuesInInput",
        DEFAULTS,
    ),
    (
        "smithy.protocoltests.rpcv2Cbor.RpcV2Protocol requests",
        "RpcV2CborSerializesNullMapValues",
        SPARSE,
    ),
    (
        "smithy.protocoltests.rpcv2Cbor.RpcV2Protocol requests",
        "RpcV2CborSerializesSparseSetMapAndRetainsNull",
        SPARSE,
    ),
    (
        "smithy.protocoltests.rpcv2Cbor.RpcV2Protocol requests",
        "RpcV2CborSparseMapsSerializeNullValues",
        SPARSE,
    ),
    (
        "smithy.protocoltests.rpcv2Cbor.RpcV2Protocol requests",
        "RpcV2CborSparseListsSerializeNull",
        SPARSE,
    ),
];
