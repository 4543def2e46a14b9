//! Presigned requests against botocore's `generate_presigned_url`: the same URL for the same
//! operation, parameters, credentials, clock and expiry, over the query protocols (STS, IAM,
//! EC2) and awsJson (ds, DynamoDB).

use crate::python::run_python;
use aws_codegen_runtime::client::operation::Operation;
use aws_codegen_runtime::client::presign::PresignedRequest;
use serde_json::{json, Value};
use std::time::{Duration, SystemTime};

pub(crate) const AMZ_DATE: &str = "20261204T101500Z";
pub(crate) const EXPIRES: u64 = 3600;
pub(crate) const ACCESS_KEY: &str = "AKIDEXAMPLE";
pub(crate) const SECRET_KEY: &str = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
pub(crate) const TOKEN: &str = "FQoGZXIvYXdzEXAMPLE/TOKEN+=";

fn start() -> SystemTime {
    // 2026-12-04T10:15:00Z.
    SystemTime::UNIX_EPOCH + Duration::from_secs(1_796_379_300)
}

macro_rules! presigner {
    ($name:ident, $krate:ident) => {
        async fn $name<I: Operation + serde::de::DeserializeOwned>(
            token: Option<&str>,
            params: &Value,
        ) -> PresignedRequest {
            let client = $krate::Client::new(
                $krate::Config::builder()
                    .region("us-west-2")
                    .credentials($krate::Credentials::new(
                        ACCESS_KEY,
                        SECRET_KEY,
                        token.map(str::to_owned),
                    ))
                    .build()
                    .unwrap(),
            );
            let input: I = serde_json::from_value(params.clone())
                .unwrap_or_else(|e| panic!("{}: {e}", I::NAME));
            client
                .presign(&input, Duration::from_secs(EXPIRES), Some(start()))
                .await
                .unwrap_or_else(|e| panic!("{}: {e}", I::NAME))
        }
    };
}

presigner!(sts, aws_sts);
presigner!(iam, aws_iam);
presigner!(ec2, aws_ec2);
presigner!(ds, directory_service);
presigner!(dynamodb, aws_dynamodb);

#[tokio::test]
async fn presigned_urls_equal_botocores() {
    use aws_dynamodb::types as y;
    use aws_ec2::types as e;
    use aws_iam::types as i;
    use aws_sts::types as s;
    use directory_service::types as d;
    let token = Some(TOKEN);
    let mut cases: Vec<(&str, &str, Value, PresignedRequest)> = Vec::new();
    macro_rules! case {
        ($presign:ident, $service:literal, $ty:ty, $params:expr, $token:expr) => {{
            let params = $params;
            let ours = $presign::<$ty>($token, &params).await;
            cases.push(($service, <$ty as Operation>::NAME, params, ours));
        }};
    }
    // STS (awsQuery).
    case!(sts, "sts", s::GetCallerIdentityRequest, json!({}), None);
    case!(sts, "sts", s::GetCallerIdentityRequest, json!({}), token);
    case!(
        sts,
        "sts",
        s::GetSessionTokenRequest,
        json!({"DurationSeconds": 900}),
        None
    );
    case!(
        sts,
        "sts",
        s::AssumeRoleRequest,
        json!({"RoleArn": "arn:aws:iam::123456789012:role/demo", "RoleSessionName": "s p/a+c=e"}),
        None
    );
    case!(
        sts,
        "sts",
        s::GetAccessKeyInfoRequest,
        json!({"AccessKeyId": "AKIAIOSFODNN7EXAMPLE"}),
        None
    );
    case!(
        sts,
        "sts",
        s::DecodeAuthorizationMessageRequest,
        json!({"EncodedMessage": "abc~def*ghi"}),
        None
    );
    case!(
        sts,
        "sts",
        s::GetFederationTokenRequest,
        json!({"Name": "bob", "DurationSeconds": 3600}),
        token
    );
    // IAM (awsQuery, a global endpoint).
    case!(iam, "iam", i::ListUsersRequest, json!({}), None);
    case!(
        iam,
        "iam",
        i::ListUsersRequest,
        json!({"PathPrefix": "/division_abc/", "MaxItems": 10}),
        None
    );
    case!(
        iam,
        "iam",
        i::GetUserRequest,
        json!({"UserName": "Bob"}),
        None
    );
    case!(
        iam,
        "iam",
        i::CreateUserRequest,
        json!({"Path": "/ops/", "UserName": "Bob"}),
        token
    );
    case!(
        iam,
        "iam",
        i::DeleteUserRequest,
        json!({"UserName": "Bob"}),
        None
    );
    case!(iam, "iam", i::ListGroupsRequest, json!({}), None);
    case!(
        iam,
        "iam",
        i::GetGroupRequest,
        json!({"GroupName": "Admins"}),
        None
    );
    case!(
        iam,
        "iam",
        i::AddUserToGroupRequest,
        json!({"GroupName": "Admins", "UserName": "Bob"}),
        None
    );
    case!(
        iam,
        "iam",
        i::ListPoliciesRequest,
        json!({"Scope": "Local", "OnlyAttached": true}),
        None
    );
    case!(
        iam,
        "iam",
        i::GetPolicyRequest,
        json!({"PolicyArn": "arn:aws:iam::123456789012:policy/p"}),
        None
    );
    case!(
        iam,
        "iam",
        i::ListGroupsForUserRequest,
        json!({"UserName": "Bob"}),
        None
    );
    // EC2 (ec2Query: lists as `Name.N`).
    case!(ec2, "ec2", e::DescribeInstancesRequest, json!({}), None);
    case!(
        ec2,
        "ec2",
        e::DescribeInstancesRequest,
        json!({"InstanceIds": ["i-1234567890abcdef0", "i-0598c7d356eba48d7"]}),
        None
    );
    case!(
        ec2,
        "ec2",
        e::DescribeKeyPairsRequest,
        json!({"KeyNames": ["my key"]}),
        None
    );
    case!(
        ec2,
        "ec2",
        e::CreateKeyPairRequest,
        json!({"KeyName": "my-key"}),
        token
    );
    case!(
        ec2,
        "ec2",
        e::DeleteKeyPairRequest,
        json!({"KeyName": "my-key"}),
        None
    );
    case!(
        ec2,
        "ec2",
        e::DescribeSecurityGroupsRequest,
        json!({"GroupNames": ["default"]}),
        None
    );
    case!(
        ec2,
        "ec2",
        e::CreateSecurityGroupRequest,
        json!({"Description": "Web servers", "GroupName": "web"}),
        None
    );
    case!(
        ec2,
        "ec2",
        e::StartInstancesRequest,
        json!({"InstanceIds": ["i-1234567890abcdef0"]}),
        None
    );
    case!(
        ec2,
        "ec2",
        e::StopInstancesRequest,
        json!({"InstanceIds": ["i-1234567890abcdef0"], "Force": true}),
        None
    );
    // ds (awsJson 1.1: the JSON body's members go in the query string).
    case!(ds, "ds", d::DescribeDirectoriesRequest, json!({}), None);
    case!(
        ds,
        "ds",
        d::DescribeDirectoriesRequest,
        json!({"DirectoryIds": ["d-1234567890", "d-0987654321"], "Limit": 5}),
        None
    );
    case!(
        ds,
        "ds",
        d::DeleteDirectoryRequest,
        json!({"DirectoryId": "d-1234567890"}),
        token
    );
    case!(ds, "ds", d::GetDirectoryLimitsRequest, json!({}), None);
    case!(
        ds,
        "ds",
        d::DescribeSnapshotsRequest,
        json!({"DirectoryId": "d-1234567890", "NextToken": "a b/c"}),
        None
    );
    case!(
        ds,
        "ds",
        d::CreateAliasRequest,
        json!({"DirectoryId": "d-1234567890", "Alias": "corp"}),
        None
    );
    // DynamoDB (awsJson 1.0).
    case!(dynamodb, "dynamodb", y::ListTablesInput, json!({}), None);
    case!(
        dynamodb,
        "dynamodb",
        y::ListTablesInput,
        json!({"ExclusiveStartTableName": "music", "Limit": 10}),
        token
    );
    case!(
        dynamodb,
        "dynamodb",
        y::DescribeTableInput,
        json!({"TableName": "Music"}),
        None
    );
    case!(
        dynamodb,
        "dynamodb",
        y::DeleteTableInput,
        json!({"TableName": "Music"}),
        token
    );
    case!(
        dynamodb,
        "dynamodb",
        y::DescribeTimeToLiveInput,
        json!({"TableName": "Music"}),
        None
    );
    case!(
        dynamodb,
        "dynamodb",
        y::DescribeLimitsInput,
        json!({}),
        None
    );
    case!(
        dynamodb,
        "dynamodb",
        y::ListTagsOfResourceInput,
        json!({
            "ResourceArn": "arn:aws:dynamodb:us-west-2:123456789012:table/Music",
            "NextToken": "a b/c"
        }),
        None
    );
    case!(
        dynamodb,
        "dynamodb",
        y::DescribeBackupInput,
        json!({
            "BackupArn": "arn:aws:dynamodb:us-west-2:123456789012:table/Music/backup/01"
        }),
        None
    );
    let theirs = botocore_urls(
        cases
            .iter()
            .map(|(service, operation, params, ours)| (*service, *operation, params, ours)),
    );
    let (identical, differences) = compare(
        cases
            .iter()
            .map(|(service, operation, _, ours)| (format!("{service} {operation}"), &ours.url))
            .zip(&theirs),
    );
    println!(
        "presign: {} cases, {identical} URLs identical byte for byte, {} differ",
        cases.len(),
        differences.len()
    );
    assert_eq!(cases.len(), 41);
    // Given in the model's member order, botocore writes the parameters as the generated
    // serializers do: every URL is the same, byte for byte.
    assert!(
        differences.is_empty(),
        "{} of {} presigned URLs differ from botocore's:\n{}",
        differences.len(),
        cases.len(),
        differences.join("\n")
    );
}

/// DynamoDB sends a call naming a resource ARN to the ARN's account endpoint unless the
/// account endpoint mode says otherwise (the default, `preferred`, is botocore's too).
#[tokio::test]
async fn the_account_endpoint_mode_decides_dynamodbs_host() {
    use aws_dynamodb::client::AccountIdEndpointMode as Mode;
    let input: aws_dynamodb::types::DescribeBackupInput = serde_json::from_value(json!({
        "BackupArn": "arn:aws:dynamodb:us-west-2:123456789012:table/Music/backup/01"
    }))
    .unwrap();
    for (mode, host) in [
        (None, "https://123456789012.ddb.us-west-2.amazonaws.com/?"),
        (
            Some(Mode::Preferred),
            "https://123456789012.ddb.us-west-2.amazonaws.com/?",
        ),
        (
            Some(Mode::Disabled),
            "https://dynamodb.us-west-2.amazonaws.com/?",
        ),
    ] {
        let mut config = aws_dynamodb::Config::builder()
            .region("us-west-2")
            .credentials(aws_dynamodb::Credentials::new(ACCESS_KEY, SECRET_KEY, None));
        if let Some(mode) = mode {
            config = config.account_id_endpoint_mode(mode);
        }
        let client = aws_dynamodb::Client::new(config.build().unwrap());
        let presigned = client
            .presign(&input, Duration::from_secs(EXPIRES), Some(start()))
            .await
            .unwrap();
        assert!(
            presigned.url.starts_with(host),
            "{mode:?}: {}",
            presigned.url
        );
    }
    // The environment's setting, and a value that is none of the three.
    let environment = |mode: &str| {
        aws_dynamodb::client::Environment::from_vars([
            ("AWS_REGION".to_owned(), "us-west-2".to_owned()),
            ("AWS_ACCESS_KEY_ID".to_owned(), ACCESS_KEY.to_owned()),
            ("AWS_SECRET_ACCESS_KEY".to_owned(), SECRET_KEY.to_owned()),
            ("AWS_ACCOUNT_ID_ENDPOINT_MODE".to_owned(), mode.to_owned()),
        ])
    };
    let client = aws_dynamodb::Client::new(
        aws_dynamodb::Config::from_environment(environment("DISABLED")).unwrap(),
    );
    let presigned = client
        .presign(&input, Duration::from_secs(EXPIRES), Some(start()))
        .await
        .unwrap();
    assert!(
        presigned
            .url
            .starts_with("https://dynamodb.us-west-2.amazonaws.com/?"),
        "{}",
        presigned.url
    );
    let error = aws_dynamodb::Config::from_environment(environment("sometimes")).unwrap_err();
    assert_eq!(
        error.to_string(),
        "invalid client configuration: AWS_ACCOUNT_ID_ENDPOINT_MODE is `sometimes`, not `preferred`, `required` or `disabled`"
    );
}

#[tokio::test]
async fn presigning_refuses_a_structured_json_member_by_name() {
    let client = aws_dynamodb::Client::new(
        aws_dynamodb::Config::builder()
            .region("us-west-2")
            .credentials(aws_dynamodb::Credentials::new(ACCESS_KEY, SECRET_KEY, None))
            .build()
            .unwrap(),
    );
    let input: aws_dynamodb::types::GetItemInput = serde_json::from_value(json!({
        "TableName": "Music",
        "Key": {"Artist": {"S": "No One You Know"}}
    }))
    .unwrap();
    let error = client
        .presign(&input, Duration::from_secs(EXPIRES), Some(start()))
        .await
        .expect_err("a map of structures has no query string form");
    let message = error.to_string();
    assert!(message.contains("Key"), "{message}");
}

/// botocore's presigned URL for each `(service, operation, params, ours)`, with the same
/// credentials (a session token where ours has one), clock and expiry.
pub(crate) fn botocore_urls<'a>(
    cases: impl Iterator<Item = (&'a str, &'a str, &'a Value, &'a PresignedRequest)>,
) -> Vec<String> {
    let requests: Vec<Value> = cases
        .map(|(service, operation, params, ours)| {
            let token = ours.url.contains("X-Amz-Security-Token").then_some(TOKEN);
            json!({
                "service": service, "operation": operation, "params": params,
                "region": "us-west-2", "access_key": ACCESS_KEY,
                "secret_key": SECRET_KEY, "token": token,
                "amz_date": AMZ_DATE, "expires": EXPIRES,
            })
        })
        .collect();
    serde_json::from_value(run_python("presign.py", &Value::Array(requests))).unwrap()
}

/// Each presigned URL against botocore's: how many are identical byte for byte, and the
/// others shown side by side.
pub(crate) fn compare<'a>(
    pairs: impl Iterator<Item = ((String, &'a String), &'a String)>,
) -> (usize, Vec<String>) {
    let mut identical = 0;
    let mut differences = Vec::new();
    for ((label, ours), theirs) in pairs {
        if ours == theirs {
            identical += 1;
        } else {
            differences.push(format!(
                "{label}:\n  ours:     {ours}\n  botocore: {theirs}"
            ));
        }
    }
    (identical, differences)
}
