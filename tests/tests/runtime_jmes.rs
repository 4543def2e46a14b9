//! The runtime's JMESPath values for waiter acceptors: truthiness, comparison, projection.

use aws_codegen_runtime::client::jmes::{
    all_equal, any_equal, compare, contains, length, project, Cmp, Value,
};

#[test]
fn jmespath_semantics() {
    assert!(
        !Value::List(vec![]).truthy() && !Value::Str("").truthy() && Value::Number(0.0).truthy()
    );
    assert_eq!(
        compare(Cmp::Gt, &Value::Number(2.0), &Value::Number(1.0)),
        Value::Bool(true)
    );
    assert_eq!(
        compare(Cmp::Gt, &Value::Str("b"), &Value::Str("a")),
        Value::Null
    );
    assert_eq!(length(&Value::Str("äb")), Value::Number(2.0));
    let list = Value::List(vec![Value::Str("Updated"), Value::Str("Updated")]);
    assert!(all_equal(&list, &Value::Str("Updated")));
    assert!(
        !all_equal(&Value::List(vec![]), &Value::Str("Updated")),
        "an empty list is not all-equal"
    );
    assert!(!any_equal(&Value::List(vec![]), &Value::Str("Updated")));
    let items = ["a".to_owned(), String::new(), "c".to_owned()];
    let projected = project(
        Some(&items[..]),
        |s| s.is_some_and(|s| !s.is_empty()),
        |s| s.map_or(Value::Null, |s| Value::Str(s)),
    );
    assert_eq!(
        projected,
        Value::List(vec![Value::Str("a"), Value::Str("c")])
    );
    assert_eq!(contains(&projected, &Value::Str("c")), Value::Bool(true));
}

#[test]
fn flatten_and_object_projection() {
    use aws_codegen_runtime::client::jmes::{flatten, project_values};
    let nested = Value::List(vec![
        Value::List(vec![Value::Str("a"), Value::Str("b")]),
        Value::Str("c"),
        Value::List(vec![]),
    ]);
    assert_eq!(
        flatten(nested),
        Value::List(vec![Value::Str("a"), Value::Str("b"), Value::Str("c")])
    );
    assert_eq!(
        flatten(Value::Str("x")),
        Value::Null,
        "only a list flattens"
    );
    let values = ["ready".to_owned(), String::new()];
    let projected = project_values(Some(values.iter()), |v| {
        v.filter(|v| !v.is_empty())
            .map_or(Value::Null, |v| Value::Str(v))
    });
    assert_eq!(
        projected,
        Value::List(vec![Value::Str("ready")]),
        "nulls dropped"
    );
    let absent: Option<std::slice::Iter<'_, String>> = None;
    assert_eq!(project_values(absent, |_| Value::Null), Value::Null);
}
