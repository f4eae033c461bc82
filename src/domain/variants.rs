//! Test helpers for lists of an enum's variants kept by hand (`ALL` constants): serde's own
//! list of the variants' names is the reference, so a variant added to the enum but left out
//! of its list fails a test instead of going unchecked.

use serde::de::DeserializeOwned;
use serde::Serialize;

/// The JSON names of every variant of a unit-only enum, as serde knows them: deserialising an
/// unknown name fails with "unknown variant `…`, expected one of `a`, `b`, …".
pub fn serde_names<T: DeserializeOwned>() -> Vec<String> {
    let msg = match serde_json::from_str::<T>("\"zz-no-such-variant\"") {
        Ok(_) => panic!("a variant named zz-no-such-variant"),
        Err(e) => e.to_string(),
    };
    let expected = msg
        .split_once("expected ")
        .map(|(_, rest)| rest)
        .unwrap_or_else(|| panic!("not a list of variants: {msg}"));
    expected
        .split('`')
        .skip(1)
        .step_by(2)
        .map(str::to_string)
        .collect()
}

/// The JSON names of the values in a hand-kept list, in its order.
pub fn names<T: Serialize>(all: &[T]) -> Vec<String> {
    all.iter()
        .map(|v| match serde_json::to_value(v) {
            Ok(serde_json::Value::String(s)) => s,
            other => panic!("not a unit variant: {other:?}"),
        })
        .collect()
}

/// Checks that `all` lists every variant of `T` exactly once.
pub fn assert_lists_every_variant<T: Serialize + DeserializeOwned>(all: &[T]) {
    let mut listed = names(all);
    let mut known = serde_names::<T>();
    assert!(!known.is_empty());
    listed.sort();
    known.sort();
    assert_eq!(listed, known, "{}", std::any::type_name::<T>());
}

/// Each value parses back from its storage name, and serialises to that same name in JSON.
pub fn assert_round_trips<T: Copy + PartialEq + std::fmt::Debug + Serialize>(
    all: &[T],
    parse: impl Fn(&str) -> Option<T>,
    name: impl Fn(T) -> &'static str,
) {
    for v in all {
        assert_eq!(parse(name(*v)), Some(*v));
        assert_eq!(
            serde_json::to_value(v).ok(),
            Some(serde_json::json!(name(*v)))
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::auth::Role;

    #[test]
    fn serde_lists_the_variants_and_a_short_list_is_caught() {
        assert_eq!(
            serde_names::<Role>(),
            ["homeowner", "crew", "staff", "admin"]
        );
        assert_lists_every_variant(&[Role::Admin, Role::Crew, Role::Staff, Role::Homeowner]);
        let short = std::panic::catch_unwind(|| {
            assert_lists_every_variant(&[Role::Admin, Role::Crew, Role::Staff])
        });
        assert!(short.is_err());
    }
}
