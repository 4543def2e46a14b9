//! The runtime's timestamps: epoch seconds read and written exactly, every string form, and each wire format.

use aws_codegen_runtime::value::datetime::{DateTime, Format, Formatted};

#[test]
fn reads_date_times_without_an_offset_as_utc() {
    let spaced = DateTime::parse_any("2026-12-01 19:30:09.123456").unwrap();
    assert_eq!(spaced.secs(), 1_796_153_409);
    assert_eq!(spaced.subsec_nanos(), 123_456_000);
    let plain = DateTime::parse_any("2026-12-01T19:30:09").unwrap();
    assert_eq!(plain.secs(), 1_796_153_409);
    assert!(DateTime::parse_any("2026-12-01").is_err());
    assert!(DateTime::parse_any("yesterday").is_err());
}

#[test]
fn json_numbers_read_as_the_decimal_written() {
    let read = |json: &str| serde_json::from_str::<DateTime>(json);
    let t = read("1795310428.118").unwrap();
    assert_eq!((t.secs(), t.subsec_nanos()), (1_795_310_428, 118_000_000));
    let t = read("1700000000.25").unwrap();
    assert_eq!((t.secs(), t.subsec_nanos()), (1_700_000_000, 250_000_000));
    // Finer than milliseconds, and negative: the shortest decimal, exactly.
    let t = read("1795310428.000001").unwrap();
    assert_eq!((t.secs(), t.subsec_nanos()), (1_795_310_428, 1_000));
    let t = read("-1.5").unwrap();
    assert_eq!((t.secs(), t.subsec_nanos()), (-2, 500_000_000));
    // serde_json parses floats exactly (`float_roundtrip`), as botocore does; without
    // it this one came back as .4939115.
    let t = read("1222961931.4939117").unwrap();
    assert_eq!((t.secs(), t.subsec_nanos()), (1_222_961_931, 493_911_700));
    let t = read("0.1234567").unwrap();
    assert_eq!((t.secs(), t.subsec_nanos()), (0, 123_456_700));
    let t = read("-0.001").unwrap();
    assert_eq!((t.secs(), t.subsec_nanos()), (-1, 999_000_000));
    // Longer than any timestamp: an error, not a panic or a cut-off number.
    let err = read("1e300").unwrap_err().to_string();
    assert!(err.contains("out of range for a timestamp"), "{err}");
    assert!(read("-1e30").is_err());
}

#[test]
fn reads_and_writes_epoch_seconds_exactly() {
    for text in [
        "1795310428.118",
        "0",
        "12",
        "-1.5",
        "1795310428.000001",
        "1.123456789",
    ] {
        let t = DateTime::parse_epoch_seconds(text).unwrap();
        assert_eq!(t.to_epoch_seconds_string(), text);
    }
    let t = DateTime::parse_epoch_seconds("-1.5").unwrap();
    assert_eq!((t.secs(), t.subsec_nanos()), (-2, 500_000_000));
    assert!(DateTime::parse_epoch_seconds("1.2.3").is_err());
    assert!(DateTime::parse_epoch_seconds("").is_err());
    assert!(DateTime::parse_epoch_seconds("1e9").is_err());
    assert!(DateTime::parse_epoch_seconds("99999999999999999999").is_err());
}

#[test]
fn serde_round_trips_through_json_numbers() {
    for json in ["1795310428.118", "1795310428", "1.5"] {
        let t: DateTime = serde_json::from_str(json).unwrap();
        assert_eq!(serde_json::to_string(&t).unwrap(), json);
    }
    let t: DateTime = serde_json::from_str("\"1795310428.25\"").unwrap();
    assert_eq!(t.subsec_nanos(), 250_000_000);
    assert!(serde_json::from_str::<DateTime>("true").is_err());
    assert!(serde_json::from_str::<DateTime>("1e300").is_err());
}

#[test]
fn displays_rfc3339() {
    let t = DateTime::from_secs_and_nanos(1_795_310_428, 118_000_000).unwrap();
    assert_eq!(t.to_string(), "2026-11-22T01:20:28.118Z");
    assert!(DateTime::from_secs_and_nanos(0, 1_000_000_000).is_err());
}

#[test]
fn reads_every_string_form_and_writes_each_format() {
    for json in [
        r#""2000-01-02T20:34:56Z""#,
        r#""2000-01-02T21:34:56+01:00""#,
        r#""Sun, 02 Jan 2000 20:34:56 GMT""#,
        r#""946845296""#,
    ] {
        let t: DateTime = serde_json::from_str(json).unwrap();
        assert_eq!((t.secs(), t.subsec_nanos()), (946_845_296, 0), "{json}");
    }
    let t: DateTime = serde_json::from_str(r#""2000-01-02T20:34:56.123Z""#).unwrap();
    assert_eq!(t.subsec_nanos(), 123_000_000);
    assert!(serde_json::from_str::<DateTime>(r#""yesterday""#)
        .unwrap_err()
        .to_string()
        .contains("not a timestamp"));
    let t = DateTime::from_secs(946_845_296).unwrap();
    let write = |format| serde_json::to_string(&Formatted(&Some(vec![t]), format)).unwrap();
    assert_eq!(write(Format::EpochSeconds), "[946845296]");
    assert_eq!(write(Format::DateTime), r#"["2000-01-02T20:34:56Z"]"#);
    assert_eq!(
        write(Format::HttpDate),
        r#"["Sun, 02 Jan 2000 20:34:56 GMT"]"#
    );
    let map = std::collections::HashMap::from([("k", t)]);
    assert_eq!(
        serde_json::to_string(&Formatted(&map, Format::DateTime)).unwrap(),
        r#"{"k":"2000-01-02T20:34:56Z"}"#
    );
}
