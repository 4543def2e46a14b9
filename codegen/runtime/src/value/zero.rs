//! Smithy's client error correction: the value a required member takes when a response leaves it out (an empty string, zero, false, an empty list or map, the epoch, an unknown enum value or union member, a structure of such values), so a service that fails to send one does not make the whole response unreadable.

use std::collections::HashMap;
use std::hash::BuildHasher;

/// A type's error-correction value (Smithy calls it the zero value).
pub trait Zero {
    /// The value a required member of this type takes when a response leaves it out.
    fn zero() -> Self;
}

macro_rules! zero_is_default {
    ($($ty:ty),*) => {
        $(impl Zero for $ty {
            fn zero() -> Self {
                Self::default()
            }
        })*
    };
}

zero_is_default!(String, bool, i32, i64, f32, f64);

impl<T> Zero for Option<T> {
    fn zero() -> Self {
        None
    }
}

impl<T> Zero for Vec<T> {
    fn zero() -> Self {
        Vec::new()
    }
}

impl<K, V, S: BuildHasher + Default> Zero for HashMap<K, V, S> {
    fn zero() -> Self {
        HashMap::default()
    }
}

impl<T: Zero> Zero for Box<T> {
    fn zero() -> Self {
        Box::new(T::zero())
    }
}

/// A document's zero value is `null`.
impl Zero for serde_json::Value {
    fn zero() -> Self {
        serde_json::Value::Null
    }
}

impl Zero for super::datetime::DateTime {
    fn zero() -> Self {
        Self::UNIX_EPOCH
    }
}

#[cfg(feature = "blob")]
impl Zero for super::blob::Blob {
    fn zero() -> Self {
        Self::default()
    }
}

#[cfg(test)]
mod tests {
    use super::Zero;
    use crate::value::datetime::DateTime;
    use std::collections::HashMap;

    #[test]
    fn zero_values_are_smithys() {
        assert_eq!(String::zero(), "");
        assert!(!bool::zero());
        assert_eq!(i32::zero(), 0);
        assert_eq!(f64::zero(), 0.0);
        assert_eq!(Vec::<String>::zero(), Vec::<String>::new());
        assert!(HashMap::<String, i32>::zero().is_empty());
        assert_eq!(Option::<Box<i32>>::zero(), None);
        assert_eq!(Box::<i64>::zero(), Box::new(0));
        assert_eq!(DateTime::zero().secs(), 0);
        assert_eq!(serde_json::Value::zero(), serde_json::Value::Null);
        assert_eq!(crate::value::number::BigInteger::zero().as_str(), "0");
    }
}
