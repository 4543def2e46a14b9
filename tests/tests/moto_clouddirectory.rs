//! Cloud Directory (rest-json) end to end against moto: the 13 operations moto implements,
//! called through the generated client and checked field by field; modeled errors arrive
//! typed; the paginator walks `ListDirectories`; botocore's rest-json parser reads every
//! recorded response as the client did, and boto3 makes the read-only calls on the same
//! state and agrees.

use crate::moto_harness::{assert_botocore_agrees, endpoint, Boto3, Recorder};
use aws_clouddirectory::client::RetryConfig;
use aws_clouddirectory::types::*;
use aws_clouddirectory::{Client, Config, Credentials};
use serde_json::{json, Value};

const ACCOUNT: &str = "123456789012";
/// The region boto3 uses too (moto keeps state per region).
const REGION: &str = "us-east-1";

fn client(recorder: &Recorder) -> Client {
    let config = Config::builder()
        .region(REGION)
        .credentials(Credentials::new("testing", "testing", None))
        .endpoint_url(endpoint())
        .retry(RetryConfig::disabled())
        .transport(recorder.clone())
        .build()
        .unwrap();
    Client::new(config)
}

fn arn(rest: &str) -> String {
    format!("arn:aws:clouddirectory:{REGION}:{ACCOUNT}:{rest}")
}

#[tokio::test]
async fn the_13_operations_moto_implements_work_end_to_end() {
    let recorder = Recorder::default();
    let client = client(&recorder);
    let mut boto3 = Boto3::start_for("clouddirectory");

    // Schemas: created in development, published, listed in each state.
    let created = client.create_schema().name("people").send().await.unwrap();
    let development = arn("schema/development/people");
    assert_eq!(created.schema_arn.as_deref(), Some(development.as_str()));
    let spare = client.create_schema().name("spare").send().await.unwrap();
    let spare_arn = spare.schema_arn.clone().unwrap();
    let listed = client.list_development_schema_arns().send().await.unwrap();
    assert_eq!(
        listed.schema_arns.as_deref(),
        Some(&[development.clone(), spare_arn.clone()][..])
    );
    assert_eq!(listed.next_token, None);
    boto3.same("ListDevelopmentSchemaArns", json!({}), &listed);

    let published = client
        .publish_schema()
        .development_schema_arn(&development)
        .version("1")
        .minor_version("0")
        .name("people")
        .send()
        .await
        .unwrap();
    let published_arn = arn("schema/published/people/1/0");
    assert_eq!(
        published.published_schema_arn.as_deref(),
        Some(published_arn.as_str())
    );
    let listed = client.list_published_schema_arns().send().await.unwrap();
    assert_eq!(
        listed.schema_arns.as_deref(),
        Some(&[published_arn.clone()][..])
    );
    boto3.same("ListPublishedSchemaArns", json!({}), &listed);
    let listed = client.list_development_schema_arns().send().await.unwrap();
    assert_eq!(
        listed.schema_arns.as_deref(),
        Some(&[spare_arn.clone()][..])
    );

    // A directory: created on the published schema, read back, its schema applied.
    let created = client
        .create_directory()
        .name("corp")
        .schema_arn(&published_arn)
        .send()
        .await
        .unwrap();
    let directory_arn = arn("directory/corp");
    assert_eq!(created.directory_arn, directory_arn);
    assert_eq!(created.name, "corp");
    assert_eq!(created.object_identifier, "directory-corp");
    assert_eq!(created.applied_schema_arn, published_arn);
    let got = client
        .get_directory()
        .directory_arn(&directory_arn)
        .send()
        .await
        .unwrap();
    let directory = &got.directory;
    assert_eq!(directory.name.as_deref(), Some("corp"));
    assert_eq!(
        directory.directory_arn.as_deref(),
        Some(directory_arn.as_str())
    );
    assert_eq!(directory.state, Some(DirectoryState::Enabled));
    let created_at = directory.creation_date_time.expect("a creation time");
    let age = aws_clouddirectory::primitives::DateTime::now().secs() - created_at.secs();
    assert!((-5..600).contains(&age), "created {age} s ago");
    boto3.same("GetDirectory", json!({"DirectoryArn": directory_arn}), &got);
    let applied = client
        .apply_schema()
        .published_schema_arn(&published_arn)
        .directory_arn(&directory_arn)
        .send()
        .await
        .unwrap();
    assert_eq!(
        applied.applied_schema_arn.as_deref(),
        Some(published_arn.as_str())
    );
    assert_eq!(
        applied.directory_arn.as_deref(),
        Some(directory_arn.as_str())
    );

    // Tags: added, listed, one removed.
    client
        .tag_resource()
        .resource_arn(&directory_arn)
        .tags(
            Tag::builder()
                .key("team")
                .value("identity")
                .build()
                .unwrap(),
        )
        .tags(Tag::builder().key("stage").value("test").build().unwrap())
        .send()
        .await
        .unwrap();
    let tags = client
        .list_tags_for_resource()
        .resource_arn(&directory_arn)
        .send()
        .await
        .unwrap();
    let pairs: Vec<(Option<&str>, Option<&str>)> = tags
        .tags
        .iter()
        .flatten()
        .map(|t| (t.key.as_deref(), t.value.as_deref()))
        .collect();
    assert_eq!(
        pairs,
        [
            (Some("team"), Some("identity")),
            (Some("stage"), Some("test"))
        ]
    );
    boto3.same(
        "ListTagsForResource",
        json!({"ResourceArn": directory_arn}),
        &tags,
    );
    client
        .untag_resource()
        .resource_arn(&directory_arn)
        .tag_keys("team")
        .send()
        .await
        .unwrap();
    let tags = client
        .list_tags_for_resource()
        .resource_arn(&directory_arn)
        .send()
        .await
        .unwrap();
    assert_eq!(tags.tags.as_ref().map(Vec::len), Some(1));
    assert_eq!(tags.tags.as_ref().unwrap()[0].key.as_deref(), Some("stage"));

    // The paginator walks every directory once, in pages of 3.
    for n in 0..7 {
        client
            .create_directory()
            .name(format!("branch-{n}"))
            .schema_arn(&published_arn)
            .send()
            .await
            .unwrap();
    }
    let pages: Vec<ListDirectoriesResponse> = client
        .list_directories()
        .into_paginator()
        .page_size(3)
        .send()
        .collect()
        .await
        .unwrap();
    assert_eq!(
        pages
            .iter()
            .map(|p| p.directories.len())
            .collect::<Vec<_>>(),
        [3, 3, 2]
    );
    let names: Vec<&str> = pages
        .iter()
        .flat_map(|p| &p.directories)
        .filter_map(|d| d.name.as_deref())
        .collect();
    let mut expected = vec!["corp".to_owned()];
    expected.extend((0..7).map(|n| format!("branch-{n}")));
    assert_eq!(names, expected);
    let everything = client.list_directories().send().await.unwrap();
    boto3.same("ListDirectories", json!({}), &everything);

    // Modeled errors arrive typed.
    let e = client
        .get_directory()
        .directory_arn(arn("directory/missing"))
        .send()
        .await
        .unwrap_err();
    assert!(
        e.as_service_error().unwrap().is_invalid_arn_exception(),
        "{e}"
    );
    let e = client
        .publish_schema()
        .development_schema_arn(arn("schema/development/missing"))
        .version("1")
        .send()
        .await
        .unwrap_err();
    let error = e.as_service_error().unwrap();
    assert!(error.is_resource_not_found_exception(), "{e}");
    assert_eq!(e.meta().unwrap().status, 400);
    let e = client
        .publish_schema()
        .development_schema_arn(&published_arn)
        .version("2")
        .send()
        .await
        .unwrap_err();
    assert!(
        e.as_service_error()
            .unwrap()
            .is_schema_already_published_exception(),
        "{e}"
    );
    let e = client
        .apply_schema()
        .published_schema_arn(&published_arn)
        .directory_arn(arn("directory/missing"))
        .send()
        .await
        .unwrap_err();
    assert!(
        e.as_service_error()
            .unwrap()
            .is_resource_not_found_exception(),
        "{e}"
    );

    // Deleting: a directory, then both schemas; a schema that is gone is an error.
    let deleted = client
        .delete_directory()
        .directory_arn(&directory_arn)
        .send()
        .await
        .unwrap();
    assert_eq!(deleted.directory_arn, directory_arn);
    for schema in [&published_arn, &spare_arn] {
        let deleted = client
            .delete_schema()
            .schema_arn(schema)
            .send()
            .await
            .unwrap();
        assert_eq!(deleted.schema_arn.as_deref(), Some(schema.as_str()));
    }
    let e = client
        .delete_schema()
        .schema_arn(&spare_arn)
        .send()
        .await
        .unwrap_err();
    assert!(
        e.as_service_error()
            .unwrap()
            .is_resource_not_found_exception(),
        "{e}"
    );

    // botocore's rest-json parser reads every successful response as the client did.
    let exchanges = recorder.exchanges.lock().unwrap().clone();
    let cases: Vec<Value> = exchanges
        .iter()
        .filter(|(_, response)| response.status == 200)
        .map(|(request, response)| {
            let operation = operation_of(&request.method, &request.url);
            json!({
                "service": "clouddirectory", "protocol": "rest-json",
                "operation": operation, "status": response.status, "headers": response.headers,
                "body": String::from_utf8_lossy(&response.body),
                "rust": rust_output(operation, response),
            })
        })
        .collect();
    assert_botocore_agrees("Cloud Directory on moto", &cases, 13, &boto3);
    assert_eq!(boto3.compared.len(), 5);
}

/// The operation a recorded request was, by its method and path.
fn operation_of(method: &str, url: &str) -> &'static str {
    let path = url
        .split("/amazonclouddirectory/2017-01-11")
        .nth(1)
        .unwrap_or_default();
    match (method, path) {
        ("PUT", "/schema/create") => "CreateSchema",
        ("PUT", "/schema/publish") => "PublishSchema",
        ("PUT", "/schema/apply") => "ApplySchema",
        ("PUT", "/schema") => "DeleteSchema",
        ("POST", "/schema/development") => "ListDevelopmentSchemaArns",
        ("POST", "/schema/published") => "ListPublishedSchemaArns",
        ("PUT", "/directory/create") => "CreateDirectory",
        ("POST", "/directory/get") => "GetDirectory",
        ("POST", "/directory/list") => "ListDirectories",
        ("PUT", "/directory") => "DeleteDirectory",
        ("PUT", "/tags/add") => "TagResource",
        ("PUT", "/tags/remove") => "UntagResource",
        ("POST", "/tags") => "ListTagsForResource",
        other => panic!("unexpected request {other:?}"),
    }
}

/// The client's parse of a recorded response, as JSON (through the operation's own reader).
fn rust_output(operation: &str, response: &aws_clouddirectory::transport::HttpResponse) -> Value {
    use aws_clouddirectory::operation::Operation;
    macro_rules! parse {
        ($($op:literal => $input:ty),* $(,)?) => {
            match operation {
                $($op => serde_json::to_value(<$input as Operation>::read_output(response).unwrap()).unwrap(),)*
                other => panic!("unexpected operation {other}"),
            }
        };
    }
    parse!(
        "CreateSchema" => CreateSchemaRequest, "PublishSchema" => PublishSchemaRequest,
        "ApplySchema" => ApplySchemaRequest, "DeleteSchema" => DeleteSchemaRequest,
        "ListDevelopmentSchemaArns" => ListDevelopmentSchemaArnsRequest,
        "ListPublishedSchemaArns" => ListPublishedSchemaArnsRequest,
        "CreateDirectory" => CreateDirectoryRequest, "GetDirectory" => GetDirectoryRequest,
        "ListDirectories" => ListDirectoriesRequest, "DeleteDirectory" => DeleteDirectoryRequest,
        "TagResource" => TagResourceRequest, "UntagResource" => UntagResourceRequest,
        "ListTagsForResource" => ListTagsForResourceRequest,
    )
}
