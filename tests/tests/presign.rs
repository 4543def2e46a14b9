//! Presigned requests against botocore's `generate_presigned_url`: the same URL for the same
//! operation, parameters, credentials, clock and expiry, over the query protocols (STS, IAM,
//! EC2) and awsJson (ds).

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

#[tokio::test]
async fn presigned_urls_equal_botocores() {
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
    assert_eq!(cases.len(), 33);
    // Given in the model's member order, botocore writes the parameters as the generated
    // serializers do: every URL is the same, byte for byte.
    assert_eq!(identical, cases.len(), "{identical} identical");
    assert!(
        differences.is_empty(),
        "{} of {} presigned URLs differ from botocore's:\n{}",
        differences.len(),
        cases.len(),
        differences.join("\n")
    );
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

/// Each presigned URL against botocore's: how many are identical byte for byte, and those
/// that differ otherwise than in the order of their parameters (botocore writes them in
/// the order the caller gives them, the generated serializers in the model's member order;
/// the signature covers them sorted, so it is the same either way).
pub(crate) fn compare<'a>(
    pairs: impl Iterator<Item = ((String, &'a String), &'a String)>,
) -> (usize, Vec<String>) {
    let mut identical = 0;
    let mut differences = Vec::new();
    for ((label, ours), theirs) in pairs {
        identical += usize::from(ours == theirs);
        if parts(ours) != parts(theirs) {
            differences.push(format!(
                "{label}:\n  ours:     {ours}\n  botocore: {theirs}"
            ));
        }
    }
    (identical, differences)
}

/// A URL as its address and its sorted query parameters (the signature among them).
fn parts(url: &str) -> (String, Vec<String>) {
    let (base, query) = url.split_once('?').unwrap_or((url, ""));
    let mut params: Vec<String> = query.split('&').map(str::to_owned).collect();
    params.sort();
    (base.to_owned(), params)
}
