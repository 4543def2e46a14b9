//! STS, IAM and SNS (awsQuery) end to end against moto, through the checked-in crates: calls
//! checked field by field, modeled errors typed, paginators; botocore's query parser reads
//! every recorded response as the client did, and boto3 makes the read-only calls on the same
//! state and agrees. EC2 (ec2Query) is in `moto_query_ec2`, over the helpers here.

use crate::moto_harness::{assert_botocore_agrees, Boto3, Recorder};
use aws_codegen_runtime::http::transport::HttpResponse;
use aws_codegen_runtime::wire::xml::read_output;
use serde_json::{json, Value};

const ACCOUNT: &str = "123456789012";
/// The region boto3 uses too (moto keeps state per region).
pub(crate) const REGION: &str = "us-east-1";

macro_rules! client_of {
    ($krate:ident, $recorder:expr) => {{
        let config = $krate::Config::builder()
            .region($crate::moto_query::REGION)
            .credentials($krate::Credentials::new("testing", "testing", None))
            .endpoint_url($crate::moto_harness::endpoint())
            .retry($krate::client::RetryConfig::disabled())
            .transport($recorder.clone())
            .build()
            .unwrap();
        $krate::Client::new(config)
    }};
}
pub(crate) use client_of;

/// The recorded exchanges as cases for botocore's parser: the operation (from the form's
/// `Action`), the response, and the client's own parse of it by `parse`.
pub(crate) fn cases(
    recorder: &Recorder,
    service: &str,
    protocol: &str,
    parse: fn(&str, &HttpResponse) -> Option<Value>,
) -> Vec<Value> {
    let exchanges = recorder.exchanges.lock().unwrap();
    exchanges
        .iter()
        .filter(|(_, response)| response.status == 200)
        .filter_map(|(request, response)| {
            let body = String::from_utf8_lossy(&request.body);
            let action = body
                .split('&')
                .find_map(|p| p.strip_prefix("Action="))?
                .to_owned();
            let rust = parse(&action, response)?;
            Some(json!({
                "service": service,
                "protocol": protocol,
                "operation": action,
                "status": response.status,
                "headers": response.headers,
                "body": String::from_utf8_lossy(&response.body),
                "rust": rust,
            }))
        })
        .collect()
}

/// Reads `response` as output type `T` of operation `op` (awsQuery: in `<{op}Result>`).
pub(crate) fn parsed<T: serde::de::DeserializeOwned + serde::Serialize>(
    op: &str,
    response: &HttpResponse,
    wrapped: bool,
) -> Value {
    let wrapper = format!("{op}Result");
    let output: T = read_output(response, wrapped.then_some(wrapper.as_str()))
        .unwrap_or_else(|e| panic!("{op}: {e}"));
    serde_json::to_value(output).unwrap()
}

#[tokio::test]
async fn sts_says_who_is_calling_and_assumes_a_role() {
    use aws_sts::types::*;
    let recorder = Recorder::default();
    let client = client_of!(aws_sts, recorder);
    let mut boto3 = Boto3::start_for("sts");

    let identity = client.get_caller_identity().send().await.unwrap();
    assert_eq!(identity.account.as_deref(), Some(ACCOUNT));
    assert_eq!(
        identity.arn.as_deref(),
        Some(format!("arn:aws:sts::{ACCOUNT}:user/moto").as_str())
    );
    boto3.same("GetCallerIdentity", json!({}), &identity);

    let role = format!("arn:aws:iam::{ACCOUNT}:role/reader");
    let assumed = client
        .assume_role()
        .role_arn(&role)
        .role_session_name("session-1")
        .duration_seconds(900)
        .send()
        .await
        .unwrap();
    let credentials = assumed.credentials.expect("credentials");
    assert!(
        credentials.access_key_id.starts_with("ASIA"),
        "{credentials:?}"
    );
    assert!(!credentials.secret_access_key.is_empty());
    assert!(!credentials.session_token.is_empty());
    let user = assumed.assumed_role_user.expect("the assumed role");
    assert_eq!(
        user.arn,
        format!("arn:aws:sts::{ACCOUNT}:assumed-role/reader/session-1")
    );
    assert!(user.assumed_role_id.ends_with(":session-1"), "{user:?}");

    // A session shorter than the model's 900 seconds is refused before sending.
    let sent = recorder.exchanges.lock().unwrap().len();
    let refused = client
        .assume_role()
        .role_arn(&role)
        .role_session_name("session-2")
        .duration_seconds(60)
        .send()
        .await
        .expect_err("invalid");
    assert!(
        refused.to_string().contains("duration_seconds"),
        "{refused}"
    );
    assert_eq!(recorder.exchanges.lock().unwrap().len(), sent);

    fn parse(op: &str, response: &HttpResponse) -> Option<Value> {
        Some(match op {
            "GetCallerIdentity" => parsed::<GetCallerIdentityResponse>(op, response, true),
            "AssumeRole" => parsed::<AssumeRoleResponse>(op, response, true),
            _ => return None,
        })
    }
    let cases = cases(&recorder, "sts", "query", parse);
    assert_botocore_agrees("STS", &cases, 2, &boto3);
}

#[tokio::test]
async fn iam_users_groups_and_policies_page_and_fail_typed() {
    use aws_iam::types::*;
    let recorder = Recorder::default();
    let client = client_of!(aws_iam, recorder);
    let mut boto3 = Boto3::start_for("iam");

    for name in ["ana", "bo", "cy"] {
        let created = client
            .create_user()
            .user_name(name)
            .path("/team/")
            .tags(Tag::builder().key("team").value("query").build().unwrap())
            .send()
            .await
            .unwrap();
        let user = created.user.expect("the user");
        assert_eq!(user.user_name, name);
        assert_eq!(user.arn, format!("arn:aws:iam::{ACCOUNT}:user/team/{name}"));
    }
    let again = client
        .create_user()
        .user_name("ana")
        .send()
        .await
        .expect_err("exists");
    let typed = again.as_service_error().expect("a service error");
    assert!(typed.is_entity_already_exists_exception(), "{again}");
    assert_eq!(again.meta().unwrap().status, 409);

    let listed = client
        .list_users()
        .path_prefix("/team/")
        .send()
        .await
        .unwrap();
    let names: Vec<&str> = listed.users.iter().map(|u| u.user_name.as_str()).collect();
    assert_eq!(names, ["ana", "bo", "cy"]);
    boto3.same("ListUsers", json!({"PathPrefix": "/team/"}), &listed);
    let tags = client
        .list_user_tags()
        .user_name("bo")
        .send()
        .await
        .unwrap();
    assert_eq!(tags.tags.len(), 1);
    assert_eq!(
        (tags.tags[0].key.as_str(), tags.tags[0].value.as_str()),
        ("team", "query")
    );

    client
        .create_group()
        .group_name("readers")
        .send()
        .await
        .unwrap();
    for name in ["ana", "cy"] {
        client
            .add_user_to_group()
            .group_name("readers")
            .user_name(name)
            .send()
            .await
            .unwrap();
    }
    let group = client
        .get_group()
        .group_name("readers")
        .send()
        .await
        .unwrap();
    let members: Vec<&str> = group.users.iter().map(|u| u.user_name.as_str()).collect();
    assert_eq!(members, ["ana", "cy"]);
    boto3.same("GetGroup", json!({"GroupName": "readers"}), &group);
    let groups = client
        .list_groups_for_user()
        .user_name("cy")
        .send()
        .await
        .unwrap();
    assert_eq!(groups.groups[0].group_name, "readers");

    let document = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}"#;
    let mut policies = Vec::new();
    for name in ["read-objects", "list-buckets", "tag-objects"] {
        let created = client
            .create_policy()
            .policy_name(name)
            .policy_document(document)
            .description("for the query tests")
            .send()
            .await
            .unwrap();
        policies.push(created.policy.expect("the policy"));
    }
    // One policy a page (moto pages these; it ignores `MaxItems` for users): three pages,
    // through the paginator's `Marker` while `IsTruncated`.
    let pages = client
        .list_policies()
        .scope(PolicyScopeType::Local)
        .into_paginator()
        .page_size(1)
        .send()
        .collect()
        .await
        .unwrap();
    // moto lists by name and says the third page is truncated too, so a fourth, empty one
    // follows: the paginator goes on while the service says there is more.
    let per_page: Vec<Vec<Option<&str>>> = pages
        .iter()
        .map(|p| {
            p.policies
                .iter()
                .flatten()
                .map(|p| p.policy_name.as_deref())
                .collect()
        })
        .collect();
    assert_eq!(
        per_page,
        [
            vec![Some("list-buckets")],
            vec![Some("read-objects")],
            vec![Some("tag-objects")],
            vec![]
        ]
    );
    assert_eq!(pages[0].is_truncated, Some(true));
    assert_eq!(pages[3].is_truncated, Some(false));
    let policy = policies.remove(0);
    let policy_arn = policy.arn.clone().expect("an ARN");
    assert_eq!(
        policy_arn,
        format!("arn:aws:iam::{ACCOUNT}:policy/read-objects")
    );
    assert_eq!(policy.attachment_count, Some(0));
    client
        .attach_user_policy()
        .user_name("ana")
        .policy_arn(&policy_arn)
        .send()
        .await
        .unwrap();
    let attached = client
        .list_attached_user_policies()
        .user_name("ana")
        .send()
        .await
        .unwrap();
    let attached: Vec<Option<&str>> = attached
        .attached_policies
        .iter()
        .flatten()
        .map(|p| p.policy_name.as_deref())
        .collect();
    assert_eq!(attached, [Some("read-objects")]);
    let fetched = client
        .get_policy()
        .policy_arn(&policy_arn)
        .send()
        .await
        .unwrap();
    assert_eq!(fetched.policy.and_then(|p| p.attachment_count), Some(1));

    // Taken apart again; the user is gone, and saying so is typed too.
    client
        .detach_user_policy()
        .user_name("ana")
        .policy_arn(&policy_arn)
        .send()
        .await
        .unwrap();
    for policy in policies
        .iter()
        .filter_map(|p| p.arn.as_deref())
        .chain([policy_arn.as_str()])
    {
        client
            .delete_policy()
            .policy_arn(policy)
            .send()
            .await
            .unwrap();
    }
    for name in ["ana", "cy"] {
        client
            .remove_user_from_group()
            .group_name("readers")
            .user_name(name)
            .send()
            .await
            .unwrap();
    }
    client
        .delete_group()
        .group_name("readers")
        .send()
        .await
        .unwrap();
    client.delete_user().user_name("bo").send().await.unwrap();
    let gone = client
        .get_user()
        .user_name("bo")
        .send()
        .await
        .expect_err("deleted");
    assert!(
        gone.as_service_error()
            .is_some_and(|e| e.is_no_such_entity_exception()),
        "{gone}"
    );

    fn parse(op: &str, response: &HttpResponse) -> Option<Value> {
        Some(match op {
            "CreateUser" => parsed::<CreateUserResponse>(op, response, true),
            "ListUsers" => parsed::<ListUsersResponse>(op, response, true),
            "ListUserTags" => parsed::<ListUserTagsResponse>(op, response, true),
            "CreateGroup" => parsed::<CreateGroupResponse>(op, response, true),
            "GetGroup" => parsed::<GetGroupResponse>(op, response, true),
            "ListGroupsForUser" => parsed::<ListGroupsForUserResponse>(op, response, true),
            "CreatePolicy" => parsed::<CreatePolicyResponse>(op, response, true),
            "ListAttachedUserPolicies" => {
                parsed::<ListAttachedUserPoliciesResponse>(op, response, true)
            }
            "GetPolicy" => parsed::<GetPolicyResponse>(op, response, true),
            "ListPolicies" => parsed::<ListPoliciesResponse>(op, response, true),
            _ => return None,
        })
    }
    let cases = cases(&recorder, "iam", "query", parse);
    assert_botocore_agrees("IAM", &cases, 10, &boto3);
}

#[tokio::test]
async fn sns_topics_and_subscriptions_round_trip() {
    use aws_sns::types::*;
    let recorder = Recorder::default();
    let client = client_of!(aws_sns, recorder);
    let mut boto3 = Boto3::start_for("sns");

    let created = client
        .create_topic()
        .name("orders")
        .attributes("DisplayName", "Orders")
        .tags(Tag::builder().key("team").value("query").build().unwrap())
        .send()
        .await
        .unwrap();
    let orders = created.topic_arn.expect("an ARN");
    assert_eq!(orders, format!("arn:aws:sns:{REGION}:{ACCOUNT}:orders"));
    let spare = client.create_topic().name("spare").send().await.unwrap();
    let spare = spare.topic_arn.unwrap();
    let topics = client.list_topics().send().await.unwrap();
    let arns: Vec<&str> = topics
        .topics
        .iter()
        .flatten()
        .filter_map(|t| t.topic_arn.as_deref())
        .collect();
    assert!(
        arns.contains(&orders.as_str()) && arns.contains(&spare.as_str()),
        "{arns:?}"
    );
    boto3.same("ListTopics", json!({}), &topics);

    // Attributes are a map on the wire (`entry`, `key`, `value`).
    client
        .set_topic_attributes()
        .topic_arn(&orders)
        .attribute_name("DisplayName")
        .attribute_value("All orders")
        .send()
        .await
        .unwrap();
    let attributes = client
        .get_topic_attributes()
        .topic_arn(&orders)
        .send()
        .await
        .unwrap();
    let map = attributes.attributes.clone().expect("attributes");
    assert_eq!(
        map.get("DisplayName").map(String::as_str),
        Some("All orders")
    );
    assert_eq!(map.get("TopicArn"), Some(&orders));
    boto3.same(
        "GetTopicAttributes",
        json!({"TopicArn": orders}),
        &attributes,
    );
    let tags = client
        .list_tags_for_resource()
        .resource_arn(&orders)
        .send()
        .await
        .unwrap();
    assert_eq!(tags.tags.as_ref().map(Vec::len), Some(1));

    let subscribed = client
        .subscribe()
        .topic_arn(&orders)
        .protocol("email")
        .endpoint("ops@example.com")
        .return_subscription_arn(true)
        .send()
        .await
        .unwrap();
    let subscription = subscribed.subscription_arn.expect("a subscription");
    assert!(
        subscription.starts_with(&format!("{orders}:")),
        "{subscription}"
    );
    let listed = client
        .list_subscriptions_by_topic()
        .topic_arn(&orders)
        .send()
        .await
        .unwrap();
    let subscriptions = listed.subscriptions.clone().unwrap_or_default();
    assert_eq!(subscriptions.len(), 1);
    assert_eq!(
        subscriptions[0].endpoint.as_deref(),
        Some("ops@example.com")
    );
    assert_eq!(subscriptions[0].protocol.as_deref(), Some("email"));
    boto3.same(
        "ListSubscriptionsByTopic",
        json!({"TopicArn": orders}),
        &listed,
    );
    let published = client
        .publish()
        .topic_arn(&orders)
        .message("an order")
        .subject("new")
        .send()
        .await
        .unwrap();
    assert!(published.message_id.is_some_and(|id| !id.is_empty()));

    client
        .unsubscribe()
        .subscription_arn(&subscription)
        .send()
        .await
        .unwrap();
    client
        .delete_topic()
        .topic_arn(&spare)
        .send()
        .await
        .unwrap();
    let missing = client
        .get_topic_attributes()
        .topic_arn(&spare)
        .send()
        .await
        .expect_err("deleted");
    assert!(
        missing
            .as_service_error()
            .is_some_and(|e| e.is_not_found_exception()),
        "{missing}"
    );
    assert_eq!(missing.meta().unwrap().status, 404);
    client
        .delete_topic()
        .topic_arn(&orders)
        .send()
        .await
        .unwrap();

    fn parse(op: &str, response: &HttpResponse) -> Option<Value> {
        Some(match op {
            "CreateTopic" => parsed::<CreateTopicResponse>(op, response, true),
            "ListTopics" => parsed::<ListTopicsResponse>(op, response, true),
            "GetTopicAttributes" => parsed::<GetTopicAttributesResponse>(op, response, true),
            "ListTagsForResource" => parsed::<ListTagsForResourceResponse>(op, response, true),
            "Subscribe" => parsed::<SubscribeResponse>(op, response, true),
            "ListSubscriptionsByTopic" => {
                parsed::<ListSubscriptionsByTopicResponse>(op, response, true)
            }
            "Publish" => parsed::<PublishResponse>(op, response, true),
            _ => return None,
        })
    }
    let cases = cases(&recorder, "sns", "query", parse);
    assert_botocore_agrees("SNS", &cases, 7, &boto3);
}
