//! Edits of shared content in place carry the version of the copy they were made from, so an
//! edit made from an out-of-date copy is refused (409 `stale_revision`) instead of silently
//! replacing the newer content. The diary entry counts its revisions (`revision_count`, sent
//! back as `base_revision`); a quote revision, a rating and the company settings carry a
//! `version` that every change raises.

use serde::{Deserialize, Serialize};

use super::error::FieldError;

/// A document edited in place, with its version: answers carry the stored version, an edit
/// sends back the version of the copy it was made from (required). The document's own
/// fields sit beside `version` in the same JSON object.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(utoipa::ToSchema))]
pub struct Versioned<T> {
    /// In an answer: the stored version. In an edit: the version it was made from; when the
    /// stored one is newer the edit is refused with 409 `stale_revision` and nothing changes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<i64>,
    #[serde(flatten)]
    pub value: T,
}

impl<T> Versioned<T> {
    /// The stored document at `version`.
    pub fn at(version: i64, value: T) -> Versioned<T> {
        Versioned {
            version: Some(version),
            value,
        }
    }
}

/// How an edit's base compares with what is stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BaseCheck {
    /// Made from the stored version: go ahead.
    Current,
    /// Made from an older (or unknown) copy: refuse with `stale_revision`.
    Stale,
}

/// Compares the version an edit was made from with the stored one. A missing base is a
/// refused field (`required`), never taken as "whatever is stored now".
pub fn check_base(
    field: &'static str,
    base: Option<i64>,
    stored: i64,
) -> Result<BaseCheck, FieldError> {
    let base = base
        .ok_or_else(|| FieldError::required(field, "say which version this edit was made from"))?;
    Ok(if base == stored {
        BaseCheck::Current
    } else {
        BaseCheck::Stale
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_stored_version_is_current() {
        assert_eq!(check_base("version", Some(3), 3), Ok(BaseCheck::Current));
        assert_eq!(check_base("version", Some(2), 3), Ok(BaseCheck::Stale));
        assert_eq!(check_base("version", Some(4), 3), Ok(BaseCheck::Stale));
        assert_eq!(
            check_base("version", None, 3).map_err(|e| e.field),
            Err("version")
        );
    }

    #[test]
    fn the_version_sits_beside_the_fields() {
        #[derive(Debug, PartialEq, Serialize, Deserialize)]
        struct Doc {
            name: String,
        }
        let v = Versioned::at(
            7,
            Doc {
                name: "a".to_string(),
            },
        );
        let json = serde_json::to_value(&v).unwrap();
        assert_eq!(json, serde_json::json!({"version": 7, "name": "a"}));
        let back: Versioned<Doc> = serde_json::from_value(json).unwrap();
        assert_eq!(back, v);
        let bare: Versioned<Doc> =
            serde_json::from_value(serde_json::json!({"name": "b"})).unwrap();
        assert_eq!(bare.version, None);
    }
}
