//! Pagination against moto: every directory and every tag of a region walked once, in pages.

use crate::moto_harness::{code, ds_client, vpc_with_subnets};
use directory_service::types::*;

/// 21 directories (moto's per-region maximum) in pages of 5, and 30 tags in pages of 7.
pub(crate) async fn paginators_walk_every_directory_and_tag_once() {
    let region = "us-west-2";
    let (vpc_id, subnets) = vpc_with_subnets(region, 1).await;
    let client = ds_client(region, None);
    let vpc_settings = DirectoryVpcSettings::builder()
        .vpc_id(&vpc_id)
        .subnet_ids(&subnets[0])
        .subnet_ids(&subnets[1])
        .build()
        .unwrap();
    let mut created = std::collections::BTreeSet::new();
    for i in 0..21 {
        let id = if i < 10 {
            let out = client
                .create_directory()
                .name(format!("d{i}.example.com"))
                .password("Passw0rd!")
                .size(DirectorySize::Small)
                .vpc_settings(vpc_settings.clone())
                .send()
                .await
                .unwrap();
            out.directory_id().unwrap().to_owned()
        } else {
            let out = client
                .create_microsoft_ad()
                .name(format!("m{i}.example.com"))
                .password("Passw0rd!")
                .vpc_settings(vpc_settings.clone())
                .send()
                .await
                .unwrap();
            out.directory_id().unwrap().to_owned()
        };
        created.insert(id);
    }
    let e = code(
        client
            .create_microsoft_ad()
            .name("one-too-many.example.com")
            .password("Passw0rd!")
            .vpc_settings(vpc_settings)
            .send()
            .await,
    );
    assert!(
        e.as_service_error()
            .unwrap()
            .is_directory_limit_exceeded_exception(),
        "{e}"
    );

    let pages = client
        .describe_directories()
        .into_paginator()
        .page_size(5)
        .send()
        .collect()
        .await
        .unwrap();
    let sizes: Vec<usize> = pages
        .iter()
        .map(|p| p.directory_descriptions().len())
        .collect();
    assert_eq!(sizes, [5, 5, 5, 5, 1]);
    let items = client
        .describe_directories()
        .into_paginator()
        .page_size(5)
        .items()
        .collect()
        .await
        .unwrap();
    let seen: Vec<String> = items
        .iter()
        .map(|d| d.directory_id().unwrap().to_owned())
        .collect();
    let unique: std::collections::BTreeSet<String> = seen.iter().cloned().collect();
    assert_eq!(
        (seen.len(), &unique),
        (21, &created),
        "every directory exactly once"
    );

    let tagged = created.iter().next().unwrap().clone();
    for batch in 0..3 {
        let mut add = client.add_tags_to_resource().resource_id(&tagged);
        for i in 0..10 {
            let n = batch * 10 + i;
            add = add.tags(
                Tag::builder()
                    .key(format!("key-{n:02}"))
                    .value(format!("value-{n}"))
                    .build()
                    .unwrap(),
            );
        }
        add.send().await.unwrap();
    }
    let pages = client
        .list_tags_for_resource()
        .resource_id(&tagged)
        .into_paginator()
        .page_size(7)
        .send()
        .collect()
        .await
        .unwrap();
    let sizes: Vec<usize> = pages.iter().map(|p| p.tags().len()).collect();
    assert_eq!(sizes, [7, 7, 7, 7, 2]);
    let tags = client
        .list_tags_for_resource()
        .resource_id(&tagged)
        .into_paginator()
        .page_size(7)
        .items()
        .collect()
        .await
        .unwrap();
    let keys: Vec<String> = tags.iter().map(|t| t.key().to_owned()).collect();
    let expected: Vec<String> = (0..30).map(|n| format!("key-{n:02}")).collect();
    assert_eq!(keys, expected, "all 30 tags, once each, in order");
    println!(
        "moto pagination: 21 directories over {} pages of 5, 30 tags over 5 pages of 7",
        5
    );
}
