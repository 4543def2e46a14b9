//! Values for compiled JMESPath expressions (waiter acceptors): the generated code walks the
//! typed output and produces these where JMESPath needs dynamic values.

/// A JMESPath value, borrowing strings from the output it was computed from.
#[derive(Clone, Debug, PartialEq)]
pub enum Value<'a> {
    /// `null`: absent.
    Null,
    /// A boolean.
    Bool(bool),
    /// A number.
    Number(f64),
    /// A string (or an enum's wire value).
    Str(&'a str),
    /// A list.
    List(Vec<Value<'a>>),
    /// A structure or map; its contents are not needed by any expression the generator
    /// compiles.
    Object,
}

impl Value<'_> {
    /// JMESPath truthiness: false, null, empty strings and empty lists are false.
    pub fn truthy(&self) -> bool {
        match self {
            Value::Null => false,
            Value::Bool(b) => *b,
            Value::Number(_) | Value::Object => true,
            Value::Str(s) => !s.is_empty(),
            Value::List(items) => !items.is_empty(),
        }
    }
}

/// Comparison operators.
#[derive(Clone, Copy, Debug)]
pub enum Cmp {
    /// `==`
    Eq,
    /// `!=`
    Ne,
    /// `<`
    Lt,
    /// `<=`
    Le,
    /// `>`
    Gt,
    /// `>=`
    Ge,
}

/// `a op b`: equality for any values, ordering for numbers only (else null).
pub fn compare<'a>(op: Cmp, a: &Value<'a>, b: &Value<'a>) -> Value<'a> {
    match op {
        Cmp::Eq => Value::Bool(a == b),
        Cmp::Ne => Value::Bool(a != b),
        _ => match (a, b) {
            (Value::Number(x), Value::Number(y)) => Value::Bool(match op {
                Cmp::Lt => x < y,
                Cmp::Le => x <= y,
                Cmp::Gt => x > y,
                _ => x >= y,
            }),
            _ => Value::Null,
        },
    }
}

/// `length(v)`: characters of a string, items of a list, else null.
pub fn length<'a>(v: &Value<'a>) -> Value<'a> {
    match v {
        Value::Str(s) => Value::Number(s.chars().count() as f64),
        Value::List(items) => Value::Number(items.len() as f64),
        _ => Value::Null,
    }
}

/// `contains(haystack, needle)`.
pub fn contains<'a>(haystack: &Value<'a>, needle: &Value<'a>) -> Value<'a> {
    match (haystack, needle) {
        (Value::List(items), _) => Value::Bool(items.contains(needle)),
        (Value::Str(s), Value::Str(n)) => Value::Bool(s.contains(n)),
        _ => Value::Null,
    }
}

/// A projection: `rhs` of every element that passes `filter`, nulls dropped; null when the
/// list is absent.
pub fn project<'a, T>(
    list: Option<&'a [T]>,
    filter: impl Fn(Option<&'a T>) -> bool,
    rhs: impl Fn(Option<&'a T>) -> Value<'a>,
) -> Value<'a> {
    let passing = list.map(|items| items.iter().filter(move |item| filter(Some(item))));
    project_values(passing, rhs)
}

/// `base.*.rhs`: `rhs` of each value of a map (`None` when the map is absent), nulls
/// dropped; a list projection is the same over the elements that pass its filter.
pub fn project_values<'a, T: 'a>(
    values: Option<impl Iterator<Item = &'a T>>,
    rhs: impl Fn(Option<&'a T>) -> Value<'a>,
) -> Value<'a> {
    match values {
        None => Value::Null,
        Some(values) => Value::List(
            values
                .map(|value| rhs(Some(value)))
                .filter(|v| *v != Value::Null)
                .collect(),
        ),
    }
}

/// JMESPath's flatten: a list with each list among its items replaced by that list's
/// items; anything but a list is null.
pub fn flatten(value: Value<'_>) -> Value<'_> {
    match value {
        Value::List(items) => Value::List(
            items
                .into_iter()
                .flat_map(|item| match item {
                    Value::List(inner) => inner,
                    other => vec![other],
                })
                .collect(),
        ),
        _ => Value::Null,
    }
}

/// botocore's `pathAll`: a non-empty list whose every element equals `expected`.
pub fn all_equal(v: &Value<'_>, expected: &Value<'_>) -> bool {
    matches!(v, Value::List(items) if !items.is_empty() && items.iter().all(|i| i == expected))
}

/// botocore's `pathAny`: a non-empty list with an element equal to `expected`.
pub fn any_equal(v: &Value<'_>, expected: &Value<'_>) -> bool {
    matches!(v, Value::List(items) if items.iter().any(|i| i == expected))
}
