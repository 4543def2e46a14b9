//! The runtime's CBOR codec and union helpers through their public API: tags, indefinite lengths, garbage, one-member unions.

use aws_codegen_runtime::value::datetime::DateTime;
use aws_codegen_runtime::value::union::{serialize_entry, single_entry, variant, MemberValue};
use aws_codegen_runtime::wire::cbor;
use serde::{Deserialize, Deserializer};
use std::collections::BTreeMap;

#[test]
fn writes_definite_lengths_tags_and_byte_strings() {
    let mut map = BTreeMap::new();
    map.insert("a", 1);
    assert_eq!(cbor::to_vec(&map).unwrap(), [0xa1, 0x61, b'a', 0x01]);
    let when = DateTime::from_secs(1_576_540_098).unwrap();
    assert_eq!(
        cbor::to_vec(&when).unwrap(),
        [0xc1, 0x1a, 0x5d, 0xf8, 0x17, 0xc2],
        "tag 1, then the seconds"
    );
    let blob = aws_codegen_runtime::value::blob::Blob::new(vec![1u8, 2]);
    assert_eq!(cbor::to_vec(&blob).unwrap(), [0x42, 1, 2]);
    assert_eq!(
        cbor::to_vec(&aws_codegen_runtime::value::float::Write(&f64::NAN)).unwrap()[0],
        0xfb
    );
}

#[test]
fn reads_indefinite_lengths_half_floats_undefined_and_tags() {
    // {_ "s": (_ "ab", "c"), "h": 1.5 as f16, "u": undefined, "t": 1(1.5), "l": [_ 1, 2]}
    let bytes = [
        0xbf, 0x61, b's', 0x7f, 0x62, b'a', b'b', 0x61, b'c', 0xff, 0x61, b'h', 0xf9, 0x3e, 0x00,
        0x61, b'u', 0xf7, 0x61, b't', 0xc1, 0xf9, 0x3e, 0x00, 0x61, b'l', 0x9f, 0x01, 0x02, 0xff,
        0xff,
    ];
    let value: BTreeMap<String, Option<serde_json::Value>> = cbor::from_slice(&bytes).unwrap();
    assert_eq!(value["s"], Some(serde_json::json!("abc")));
    assert_eq!(value["h"], Some(serde_json::json!(1.5)));
    assert_eq!(value["u"], None);
    assert_eq!(value["t"], Some(serde_json::json!(1.5)));
    assert_eq!(value["l"], Some(serde_json::json!([1, 2])));
    let when: DateTime = cbor::from_slice(&[0xc1, 0xf9, 0x3e, 0x00]).unwrap();
    assert_eq!((when.secs(), when.subsec_nanos()), (1, 500_000_000));
}

#[test]
fn garbage_is_an_error_not_a_panic() {
    for bytes in [
        &[0xff][..],
        &[0xa1, 0x61],
        &[0x5f, 0x41],
        &[0x1b, 0, 0],
        &[0xa0, 0x00],
    ] {
        assert!(
            cbor::from_slice::<BTreeMap<String, i32>>(bytes).is_err(),
            "{bytes:?}"
        );
    }
    let deep = [0x81u8; 1000];
    assert!(cbor::from_slice::<serde_json::Value>(&deep).is_err());
    assert_eq!(cbor::text_members(&[0x01]), Vec::new());
    let error =
        cbor::to_vec(&serde_json::json!({"__type": "ns#Bad", "Message": "no", "n": 1})).unwrap();
    let mut members = cbor::text_members(&error);
    members.sort();
    assert_eq!(
        members,
        [
            ("Message".to_owned(), "no".to_owned()),
            ("__type".to_owned(), "ns#Bad".to_owned())
        ]
    );
}

fn entry(json: &str) -> Result<(String, MemberValue), serde_json::Error> {
    let mut de = serde_json::Deserializer::from_str(json);
    single_entry(&mut de, "U")
}

#[test]
fn takes_exactly_one_member() {
    assert_eq!(
        entry(r#"{"A": 1, "B": null, "__type": "x"}"#).unwrap().0,
        "A"
    );
    assert!(entry("{}")
        .unwrap_err()
        .to_string()
        .contains("no member set"));
    assert!(entry(r#"{"A": 1, "B": 2}"#)
        .unwrap_err()
        .to_string()
        .contains("more than one"));
    let (_, value) = entry(r#"{"A": [1, 2]}"#).unwrap();
    let n: Vec<i32> = variant::<_, serde_json::Error>(value).unwrap();
    assert_eq!(n, [1, 2]);
    let mut out = Vec::new();
    serialize_entry(&mut serde_json::Serializer::new(&mut out), "A", &5).unwrap();
    assert_eq!(out, br#"{"A":5}"#);
}

#[test]
fn a_cbor_union_member_keeps_its_byte_string_and_tag() {
    struct Bytes(aws_codegen_runtime::value::blob::Blob);
    impl<'de> Deserialize<'de> for Bytes {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            let (key, value) = single_entry(d, "U")?;
            assert_eq!(key, "b");
            variant(value).map(Bytes)
        }
    }
    // {"b": h'0102', "n": null}
    let bytes = [0xa2, 0x61, b'b', 0x42, 1, 2, 0x61, b'n', 0xf6];
    let read: Bytes = cbor::from_slice(&bytes).unwrap();
    assert_eq!(read.0.as_bytes(), [1, 2]);
    struct When(DateTime);
    impl<'de> Deserialize<'de> for When {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            let (_, value) = single_entry(d, "U")?;
            variant(value).map(When)
        }
    }
    // {"t": 1(1.5)}
    let when: When = cbor::from_slice(&[0xa1, 0x61, b't', 0xc1, 0xf9, 0x3e, 0x00]).unwrap();
    assert_eq!((when.0.secs(), when.0.subsec_nanos()), (1, 500_000_000));
}
