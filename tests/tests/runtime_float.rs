//! The runtime's serde for floats: `NaN` and the infinities as strings, numbers as numbers.

use aws_codegen_runtime::value::float::{Read, Write};
use std::collections::HashMap;

#[test]
fn writes_and_reads_specials_as_strings() {
    let read = |json: &str| serde_json::from_str::<Read<Vec<f64>>>(json).map(|r| r.0);
    let values = vec![f64::NAN, f64::INFINITY, f64::NEG_INFINITY, 1.5, -2.0];
    let json = serde_json::to_string(&Write(&values)).unwrap();
    assert_eq!(json, r#"["NaN","Infinity","-Infinity",1.5,-2.0]"#);
    let back = read(&json).unwrap();
    assert!(back[0].is_nan());
    assert_eq!(&back[1..], &values[1..]);
    let single = serde_json::from_str::<Read<Option<f32>>>(r#""-Infinity""#).unwrap();
    assert_eq!(single.0, Some(f32::NEG_INFINITY));
    let map = serde_json::from_str::<Read<HashMap<String, f32>>>(r#"{"a": 1, "b": "NaN"}"#)
        .unwrap()
        .0;
    assert_eq!(map["a"], 1.0);
    assert!(map["b"].is_nan());
    assert!(read(r#"["nan"]"#).is_err());
    assert!(read("[true]").is_err());
}
