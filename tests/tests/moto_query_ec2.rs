//! EC2 (ec2Query) end to end against moto, through the checked-in crate: instances run,
//! filtered, paged, waited on and failing typed; botocore's ec2 parser reads every recorded
//! response as the client did, and boto3 makes the read-only calls on the same state and agrees.

use crate::moto_harness::{assert_botocore_agrees, Boto3, Recorder};
use crate::moto_query::{cases, client_of, parsed};
use aws_codegen_runtime::http::transport::HttpResponse;
use serde_json::{json, Value};

/// An AMI moto knows.
const IMAGE: &str = "ami-03cf127a";

#[tokio::test]
async fn ec2_instances_run_filter_page_wait_and_fail_typed() {
    use aws_ec2::types::*;
    let recorder = Recorder::default();
    let client = client_of!(aws_ec2, recorder);
    let mut boto3 = Boto3::start_for("ec2");

    let key = client
        .create_key_pair()
        .key_name("query-key")
        .send()
        .await
        .unwrap();
    assert_eq!(key.key_name.as_deref(), Some("query-key"));
    assert!(key.key_material.is_some_and(|m| m.contains("PRIVATE KEY")));
    let keys = client
        .describe_key_pairs()
        .key_names("query-key")
        .send()
        .await
        .unwrap();
    boto3.same(
        "DescribeKeyPairs",
        json!({"KeyNames": ["query-key"]}),
        &keys,
    );
    let group = client
        .create_security_group()
        .group_name("query-sg")
        .description("for the query tests")
        .send()
        .await
        .unwrap();
    let group_id = group.group_id.expect("a group id");
    assert!(group_id.starts_with("sg-"), "{group_id}");

    // Three launches (moto pages by reservation), tagged by run.
    let mut launched = Vec::new();
    for run in ["a", "b", "c"] {
        let reservation = client
            .run_instances()
            .image_id(IMAGE)
            .min_count(2)
            .max_count(2)
            .instance_type(InstanceType::from("t3.micro"))
            .key_name("query-key")
            .security_group_ids(&group_id)
            .tag_specifications(
                TagSpecification::builder()
                    .resource_type(ResourceType::from("instance"))
                    .tags(Tag::builder().key("run").value(run).build().unwrap())
                    .build()
                    .unwrap(),
            )
            .send()
            .await
            .unwrap();
        let instances = reservation.instances.expect("instances");
        assert_eq!(instances.len(), 2);
        for instance in &instances {
            assert_eq!(instance.image_id.as_deref(), Some(IMAGE));
            assert_eq!(instance.key_name.as_deref(), Some("query-key"));
        }
        launched.extend(instances.into_iter().filter_map(|i| i.instance_id));
    }

    // The waiter polls `DescribeInstances` until every one is running.
    let running = client
        .wait_until_instance_running()
        .set_instance_ids(Some(launched.clone()))
        .delay(std::time::Duration::from_millis(50))
        .wait(std::time::Duration::from_secs(30))
        .await
        .unwrap()
        .expect("the last output");
    let states: Vec<Option<&InstanceStateName>> = running
        .reservations
        .iter()
        .flatten()
        .flat_map(|r| r.instances.iter().flatten())
        .map(|i| i.state.as_ref().and_then(|s| s.name.as_ref()))
        .collect();
    assert_eq!(states.len(), 6);
    assert!(states
        .iter()
        .all(|s| *s == Some(&InstanceStateName::from("running"))));

    // A tag filter finds one run's two; the paginator pages one reservation at a time.
    let filtered = client
        .describe_instances()
        .filters(
            Filter::builder()
                .name("tag:run")
                .values("b")
                .build()
                .unwrap(),
        )
        .send()
        .await
        .unwrap();
    let reservations = filtered.reservations.clone().unwrap_or_default();
    assert_eq!(reservations.len(), 1);
    assert_eq!(reservations[0].instances.as_ref().map(Vec::len), Some(2));
    boto3.same(
        "DescribeInstances",
        json!({"Filters": [{"Name": "tag:run", "Values": ["b"]}]}),
        &filtered,
    );
    let pages = client
        .describe_instances()
        .filters(
            Filter::builder()
                .name("instance-state-name")
                .values("running")
                .build()
                .unwrap(),
        )
        .into_paginator()
        .page_size(1)
        .send()
        .collect()
        .await
        .unwrap();
    let per_page: Vec<usize> = pages
        .iter()
        .map(|p| p.reservations.as_ref().map_or(0, Vec::len))
        .collect();
    assert_eq!(per_page, [1, 1, 1]);

    // Stop one, tag it, terminate all; an unknown id is EC2's typed code.
    let stopped = client
        .stop_instances()
        .instance_ids(&launched[0])
        .send()
        .await
        .unwrap();
    let change = &stopped.stopping_instances.expect("a change")[0];
    assert_eq!(change.instance_id.as_deref(), Some(launched[0].as_str()));
    client
        .create_tags()
        .resources(&launched[0])
        .tags(
            Tag::builder()
                .key("state")
                .value("stopped")
                .build()
                .unwrap(),
        )
        .send()
        .await
        .unwrap();
    let tags = client
        .describe_tags()
        .filters(
            Filter::builder()
                .name("resource-id")
                .values(&launched[0])
                .build()
                .unwrap(),
        )
        .send()
        .await
        .unwrap();
    let keys: Vec<Option<&str>> = tags
        .tags
        .iter()
        .flatten()
        .map(|t| t.key.as_deref())
        .collect();
    assert_eq!(keys.len(), 2, "{keys:?}");
    let terminated = client
        .terminate_instances()
        .set_instance_ids(Some(launched.clone()))
        .send()
        .await
        .unwrap();
    assert_eq!(terminated.terminating_instances.map(|t| t.len()), Some(6));
    let unknown = client
        .terminate_instances()
        .instance_ids("i-0123456789abcdef0")
        .send()
        .await
        .expect_err("no such instance");
    let meta = unknown.meta().expect("a service error");
    assert_eq!(meta.code.as_deref(), Some("InvalidInstanceID.NotFound"));
    assert_eq!(meta.status, 400);
    assert!(meta.request_id.is_some(), "{meta:?}");
    client
        .delete_security_group()
        .group_id(&group_id)
        .send()
        .await
        .unwrap();
    client
        .delete_key_pair()
        .key_name("query-key")
        .send()
        .await
        .unwrap();

    fn parse(op: &str, response: &HttpResponse) -> Option<Value> {
        Some(match op {
            "CreateKeyPair" => parsed::<KeyPair>(op, response, false),
            "DescribeKeyPairs" => parsed::<DescribeKeyPairsResult>(op, response, false),
            "CreateSecurityGroup" => parsed::<CreateSecurityGroupResult>(op, response, false),
            "RunInstances" => parsed::<Reservation>(op, response, false),
            "DescribeInstances" => parsed::<DescribeInstancesResult>(op, response, false),
            "StopInstances" => parsed::<StopInstancesResult>(op, response, false),
            "DescribeTags" => parsed::<DescribeTagsResult>(op, response, false),
            "TerminateInstances" => parsed::<TerminateInstancesResult>(op, response, false),
            _ => return None,
        })
    }
    let cases = cases(&recorder, "ec2", "ec2", parse);
    assert_botocore_agrees("EC2", &cases, 8, &boto3);
}
