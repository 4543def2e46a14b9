//! The XML reader and the query writer on structures declared as generated code declares
//! them, with the facts in their keys.

use super::{error_fields, from_element, parse, read_error};
use crate::wire::query::{fields, form, Style};
use std::collections::HashMap;

#[derive(Clone, Debug, Default, PartialEq)]
struct Tag {
    key: Option<String>,
    value: Option<String>,
}

// Both directions, as generated code declares a structure the client sends and reads.
crate::serde_structure!(both Tag { key: opt plain "Key", value: opt plain "Value" });

#[derive(Clone, Debug, Default, PartialEq)]
struct Listing {
    id: Option<String>,
    names: Option<Vec<String>>,
    flat: Option<Vec<i32>>,
    tags: Option<Vec<Tag>>,
    attributes: Option<HashMap<String, String>>,
    nested: Option<Vec<Vec<String>>>,
    ratio: Option<f64>,
    on: Option<bool>,
    count: i32,
}

crate::serde_structure!(both Listing {
    id: opt plain "id" @ "id attr",
    names: opt plain "names" @ "names q=Name > item",
    flat: opt plain "flat" @ "flat q=Flat flat",
    tags: opt plain "tagSet" @ "tagSet q=TagSet > item",
    attributes: opt plain "attrs" @ "attrs q=Attrs key=k > v",
    nested: opt plain "nested" @ "nested > member > item",
    ratio: opt floats "ratio",
    on: opt plain "on",
    count: req plain "count",
});

fn listing() -> Listing {
    Listing {
        id: Some("i-1".into()),
        names: Some(vec!["a b".into(), "c&d".into()]),
        flat: Some(vec![1, 2]),
        tags: Some(vec![Tag {
            key: Some("k1".into()),
            value: None,
        }]),
        attributes: Some(HashMap::from([
            ("z".to_owned(), "last".to_owned()),
            ("a".to_owned(), "first".to_owned()),
        ])),
        nested: Some(vec![vec!["x".into()]]),
        ratio: Some(f64::NAN),
        on: Some(true),
        count: 3,
    }
}

#[test]
fn aws_query_wraps_lists_and_maps_and_numbers_entries_in_key_order() {
    // `q=` names the query key in both query protocols (the generator writes it for EC2).
    let written = fields(&listing(), Style::Query).expect("writes");
    let pairs: Vec<String> = written.iter().map(|(k, v)| format!("{k}={v}")).collect();
    assert_eq!(
        pairs,
        [
            "id=i-1",
            "Name.item.1=a b",
            "Name.item.2=c&d",
            "Flat.1=1",
            "Flat.2=2",
            "TagSet.item.1.Key=k1",
            "Attrs.entry.1.k=a",
            "Attrs.entry.1.v=first",
            "Attrs.entry.2.k=z",
            "Attrs.entry.2.v=last",
            "nested.member.1.item.1=x",
            "ratio=NaN",
            "on=true",
            "count=3",
        ]
    );
    let body = form("Describe", "2020-01-08", &listing(), Style::Query).expect("writes");
    let body = String::from_utf8(body).expect("ASCII");
    assert!(
        body.starts_with(
            "Action=Describe&Version=2020-01-08&id=i-1&Name.item.1=a%20b&Name.item.2=c%26d&"
        ),
        "{body}"
    );
}

#[test]
fn ec2_query_numbers_every_list_directly_and_uses_its_own_names() {
    let written = fields(&listing(), Style::Ec2).expect("writes");
    let keys: Vec<&str> = written.iter().map(|(k, _)| k.as_str()).collect();
    assert_eq!(
        keys,
        [
            "id",
            "Name.1",
            "Name.2",
            "Flat.1",
            "Flat.2",
            "TagSet.1.Key",
            "Attrs.1.k",
            "Attrs.1.v",
            "Attrs.2.k",
            "Attrs.2.v",
            "nested.1.1",
            "ratio",
            "on",
            "count"
        ]
    );
}

#[test]
fn empty_lists_are_an_empty_field_in_aws_query_and_nothing_in_ec2_query() {
    let empty = Listing {
        names: Some(Vec::new()),
        ..Listing::default()
    };
    let query = fields(&empty, Style::Query).expect("writes");
    assert_eq!(query[0], ("Name".to_owned(), String::new()));
    let ec2 = fields(&empty, Style::Ec2).expect("writes");
    assert!(!ec2.iter().any(|(k, _)| k.starts_with("Name")), "{ec2:?}");
}

#[test]
fn a_document_reads_back_into_the_structure() {
    let xml = r#"<?xml version="1.0"?>
        <Listing id="i-1" xmlns="https://example.com/">
          <names><item>a b</item><item>c&amp;d</item></names>
          <flat>1</flat>
          <tagSet><item><Key>k1</Key><Unknown>skipped</Unknown></item></tagSet>
          <attrs><entry><k>z</k><v>last</v></entry><entry><k>a</k><v>first</v></entry></attrs>
          <!-- a flattened list's elements need not be next to each other -->
          <nested><member><item>x</item></member></nested>
          <flat>2</flat>
          <ratio>NaN</ratio>
          <on>true</on>
          <count> 3 </count>
        </Listing>"#;
    let root = parse(xml.as_bytes()).expect("well-formed");
    let read: Listing = from_element(&root).expect("reads");
    let expected = listing();
    assert!(read.ratio.is_some_and(f64::is_nan));
    assert_eq!(
        Listing {
            ratio: None,
            ..read
        },
        Listing {
            ratio: None,
            ..expected
        }
    );
}

#[test]
fn an_empty_element_is_an_empty_value_and_a_missing_required_member_its_zero() {
    let root = parse(b"<Listing><names/><tagSet></tagSet></Listing>").expect("well-formed");
    let read: Listing = from_element(&root).expect("reads");
    assert_eq!(read.names, Some(Vec::new()));
    assert_eq!(read.tags, Some(Vec::new()));
    assert_eq!(read.count, 0);
}

#[test]
fn values_that_do_not_fit_are_clear_errors() {
    let root = parse(b"<Listing><count>three</count></Listing>").expect("well-formed");
    let error = from_element::<Listing>(&root).expect_err("not a number");
    assert!(
        error.contains("`count` holds `three`, not an integer"),
        "{error}"
    );
    let root = parse(b"<Listing><on>yes</on></Listing>").expect("well-formed");
    let error = from_element::<Listing>(&root).expect_err("not a boolean");
    assert!(error.contains("not a boolean"), "{error}");
    let root =
        parse(b"<Listing><attrs><entry><v>x</v></entry></attrs></Listing>").expect("well-formed");
    let error = from_element::<Listing>(&root).expect_err("an entry without a key");
    assert!(error.contains("has no `k`"), "{error}");
}

#[test]
fn malformed_documents_are_errors_not_panics() {
    let cases: &[(&[u8], &str)] = &[
        (b"", "no complete XML element"),
        (b"<a><b></a>", "malformed XML"),
        (b"<a>", "no complete XML element"),
        (b"<a/><b/>", "a second root element"),
        (b"text<a/>", "text outside the root element"),
        (b"<a>&bogus;</a>", "malformed XML"),
        (b"<a>\xff</a>", "not UTF-8"),
    ];
    for (body, expected) in cases {
        let error = parse(body).expect_err("malformed");
        assert!(
            error.contains(expected),
            "{:?}: {error}",
            String::from_utf8_lossy(body)
        );
    }
    let deep = "<a>".repeat(300) + &"</a>".repeat(300);
    assert!(parse(deep.as_bytes())
        .expect_err("too deep")
        .contains("deeper than"));
    let root = parse(b"<a><![CDATA[<raw> & ]]>&#65;&lt;</a>").expect("well-formed");
    assert_eq!(root.text, "<raw> & A<");
}

#[test]
fn each_protocol_error_shape_gives_code_message_and_request_id() {
    let query = br#"<ErrorResponse><Error><Type>Sender</Type><Code>Throttling</Code><Message>slow down</Message></Error><RequestId>r-1</RequestId></ErrorResponse>"#;
    let ec2 = br#"<Response><Errors><Error><Code>Throttling</Code><Message>slow down</Message></Error></Errors><RequestID>r-1</RequestID></Response>"#;
    let unwrapped = br#"<Error><Code>Throttling</Code><Message>slow down</Message><RequestId>r-1</RequestId></Error>"#;
    for body in [&query[..], &ec2[..], &unwrapped[..]] {
        let fields = error_fields(body);
        let get = |k: &str| {
            fields
                .iter()
                .find(|(key, _)| key == k)
                .map(|(_, v)| v.as_str())
        };
        assert_eq!(
            get("code"),
            Some("Throttling"),
            "{}",
            String::from_utf8_lossy(body)
        );
        assert_eq!(get("message"), Some("slow down"));
        assert_eq!(get("requestid"), Some("r-1"));
        let tag: Tag = read_error(body).expect("the error element reads");
        assert_eq!(tag, Tag::default());
    }
    assert!(error_fields(b"<html><body>Bad gateway").is_empty());
}
