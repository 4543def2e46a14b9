//! The generated S3 Control client against botocore's S3 Control endpoint suite: each case
//! that names an operation is built from the case's parameters, sent through the mock transport with the case's client settings, and must go where the
//! case's endpoint says (the account id in the host once, an Outposts ARN to the Outposts
//! endpoint with its headers), signed for its region and name; a case that expects an error
//! must fail with its message before sending.

use crate::s3_client::{assert_none_wrong, error_problem, record, request_problem, suite};
use aws_s3control::client::RetryConfig;
use aws_s3control::test_util::MockTransport;
use aws_s3control::types as t;
use aws_s3control::{Client, Config, Credentials};
use serde_json::Value;

/// A client configured with an operation case's built-in parameters.
fn client(built_ins: &Value, mock: &MockTransport) -> Result<Client, String> {
    let flag = |name: &str| built_ins[name].as_bool().unwrap_or(false);
    let mut builder = Config::builder()
        .region(built_ins["AWS::Region"].as_str().unwrap_or("us-east-1"))
        .credentials(Credentials::new("AKID", "SECRET", None))
        .use_fips(flag("AWS::UseFIPS"))
        .use_dual_stack(flag("AWS::UseDualStack"))
        .retry(RetryConfig::disabled())
        .transport(mock.clone());
    // Unset differs from false for `UseArnRegion`.
    if let Some(value) = built_ins["AWS::S3Control::UseArnRegion"].as_bool() {
        builder = builder.use_arn_region(value);
    }
    if let Some(url) = built_ins["SDK::Endpoint"].as_str() {
        builder = builder.endpoint_url(url);
    }
    builder.build().map(Client::new).map_err(|e| e.to_string())
}

/// Builds the case's input from its parameters and sends it; the error's text when it fails.
async fn send(client: &Client, operation: &str, params: &Value) -> Result<(), String> {
    let text = |name: &str| params[name].as_str().map(str::to_owned);
    // The suite's structures are empty or hold one enum value; its lists are empty.
    let scope = params
        .get("Scope")
        .map(|_| t::Scope::builder().build().expect("no required members"));
    let versioning = params["VersioningConfiguration"]["Status"]
        .as_str()
        .map(|status| {
            t::VersioningConfiguration::builder()
                .status(t::BucketVersioningStatus::from(status))
                .build()
                .expect("no required members")
        });
    macro_rules! send_with {
        ($method:ident $(, $setter:ident = $param:literal)* $(; $($extra:tt)*)?) => {
            client
                .$method()
                $(.$setter(text($param)))*
                $($($extra)*)?
                .send()
                .await
                .map(drop)
                .map_err(|e| e.to_string())
        };
    }
    match operation {
        "GetAccessPoint" => send_with!(
            get_access_point,
            set_account_id = "AccountId",
            set_name = "Name"
        ),
        "DeleteAccessPoint" => send_with!(
            delete_access_point,
            set_account_id = "AccountId",
            set_name = "Name"
        ),
        "GetBucket" => send_with!(
            get_bucket,
            set_account_id = "AccountId",
            set_bucket = "Bucket"
        ),
        "ListRegionalBuckets" => send_with!(
            list_regional_buckets,
            set_account_id = "AccountId",
            set_outpost_id = "OutpostId"
        ),
        "CreateAccessPoint" => {
            send_with!(create_access_point, set_account_id = "AccountId", set_name = "Name", set_bucket = "Bucket"; .set_scope(scope))
        }
        "TagResource" => {
            send_with!(tag_resource, set_account_id = "AccountId", set_resource_arn = "ResourceArn"; .set_tags(Some(Vec::new())))
        }
        "UntagResource" => {
            send_with!(untag_resource, set_account_id = "AccountId", set_resource_arn = "ResourceArn"; .set_tag_keys(Some(Vec::new())))
        }
        "ListTagsForResource" => send_with!(
            list_tags_for_resource,
            set_account_id = "AccountId",
            set_resource_arn = "ResourceArn"
        ),
        "PutAccessPointPolicy" => send_with!(
            put_access_point_policy,
            set_account_id = "AccountId",
            set_name = "Name",
            set_policy = "Policy"
        ),
        "GetAccessPointPolicy" => send_with!(
            get_access_point_policy,
            set_account_id = "AccountId",
            set_name = "Name"
        ),
        "DeleteAccessPointPolicy" => send_with!(
            delete_access_point_policy,
            set_account_id = "AccountId",
            set_name = "Name"
        ),
        "GetAccessPointPolicyStatus" => send_with!(
            get_access_point_policy_status,
            set_account_id = "AccountId",
            set_name = "Name"
        ),
        "ListAccessPointsForDirectoryBuckets" => send_with!(
            list_access_points_for_directory_buckets,
            set_account_id = "AccountId",
            set_directory_bucket = "DirectoryBucket"
        ),
        "PutAccessPointScope" => {
            send_with!(put_access_point_scope, set_account_id = "AccountId", set_name = "Name"; .set_scope(scope))
        }
        "GetAccessPointScope" => send_with!(
            get_access_point_scope,
            set_account_id = "AccountId",
            set_name = "Name"
        ),
        "DeleteAccessPointScope" => send_with!(
            delete_access_point_scope,
            set_account_id = "AccountId",
            set_name = "Name"
        ),
        "CreateBucket" => send_with!(
            create_bucket,
            set_bucket = "Bucket",
            set_outpost_id = "OutpostId"
        ),
        "GetBucketVersioning" => send_with!(
            get_bucket_versioning,
            set_account_id = "AccountId",
            set_bucket = "Bucket"
        ),
        "PutBucketVersioning" => {
            send_with!(put_bucket_versioning, set_account_id = "AccountId", set_bucket = "Bucket"; .set_versioning_configuration(versioning))
        }
        other => Err(format!("the test does not send `{other}`")),
    }
}

#[tokio::test]
async fn the_s3_control_client_sends_each_operation_case_where_botocore_expects() {
    let suite = suite("s3control");
    let (mut sent, mut errors) = (0, 0);
    let mut failures = Vec::new();
    for case in suite["testCases"].as_array().unwrap() {
        let expect = &case["expect"];
        for input in case["operationInputs"].as_array().into_iter().flatten() {
            let operation = input["operationName"].as_str().unwrap_or_default();
            let mock = MockTransport::new();
            mock.respond(200, &[], "");
            let outcome = match client(&input["builtInParams"], &mock) {
                Ok(client) => send(&client, operation, &input["operationParams"]).await,
                Err(e) => Err(e),
            };
            let request = mock.last_request();
            let problem = match (expect["error"].as_str(), expect["endpoint"]["url"].as_str()) {
                (Some(message), _) => {
                    errors += 1;
                    error_problem(message, &outcome, request.is_some())
                }
                (None, Some(url)) => {
                    sent += 1;
                    request_problem(url, &expect["endpoint"], operation, request.as_ref())
                }
                (None, None) => Some("the case expects neither an endpoint nor an error".into()),
            };
            record(&mut failures, case, operation, problem);
        }
    }
    println!(
        "s3control operation cases: {sent} sent where expected, {errors} failed with the expected error, {} wrong",
        failures.len()
    );
    assert_none_wrong(&failures);
    assert_eq!((sent, errors), (131, 56));
}
