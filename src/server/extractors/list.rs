//! The query of a paged staff list (`after`, `limit`, `q` and the list's typed filter), read
//! the same way for every list: the cursor decoded, the page size clamped, the search
//! trimmed and bounded, the filter parsed, each refusal a 422 naming its field.

use axum::extract::{FromRequestParts, Query};
use axum::http::request::Parts;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use utoipa::openapi::path::{Parameter, ParameterBuilder, ParameterIn};
use utoipa::openapi::{Required, Type};

use crate::domain::error::FieldError;
use crate::domain::paging::{page_size, KeyCursor};
use crate::domain::projects::{search_text, Stage};
use crate::domain::service_desk::ServiceKind;
use crate::server::error::AppError;

/// What a list is filtered by, besides its page: its filter's query parameter (if any) and
/// whether it is searched.
pub trait ListFilter: Sized {
    /// The filter's query parameter and its description, for lists with one.
    const FIELD: Option<(&'static str, &'static str)>;
    /// What `q` searches, for searched lists.
    const SEARCH: Option<&'static str>;
    /// Reads the filter's (trimmed, non-empty) value; a refusal names the field.
    fn parse(value: &str) -> Result<Self, FieldError>;
}

/// The service queue's filter: one kind of item.
impl ListFilter for ServiceKind {
    const FIELD: Option<(&'static str, &'static str)> = Some((
        "kind",
        "Only items of this kind (`claim`, `callback`, `complaint`, `follow_up`).",
    ));
    const SEARCH: Option<&'static str> =
        Some("Words in the item's title, the project's title or the homeowner's name");

    fn parse(value: &str) -> Result<Self, FieldError> {
        ServiceKind::parse(value)
            .ok_or_else(|| FieldError::not_allowed("kind", "not a service item kind"))
    }
}

/// The projects list's filter: one stage.
impl ListFilter for Stage {
    const FIELD: Option<(&'static str, &'static str)> =
        Some(("stage", "Only projects in this stage."));
    const SEARCH: Option<&'static str> = Some("Words in the title, address or homeowner's name");

    fn parse(value: &str) -> Result<Self, FieldError> {
        Stage::parse(value).ok_or_else(|| FieldError::not_allowed("stage", "not a project stage"))
    }
}

/// A list searched but not filtered (survey comments).
pub enum Searched {}

impl ListFilter for Searched {
    const FIELD: Option<(&'static str, &'static str)> = None;
    const SEARCH: Option<&'static str> = Some("Words in the suggestions");

    fn parse(_: &str) -> Result<Self, FieldError> {
        Err(FieldError::not_allowed("filter", "this list has no filter"))
    }
}

/// A list only paged (overdue surveys).
pub enum Paged {}

impl ListFilter for Paged {
    const FIELD: Option<(&'static str, &'static str)> = None;
    const SEARCH: Option<&'static str> = None;

    fn parse(_: &str) -> Result<Self, FieldError> {
        Err(FieldError::not_allowed("filter", "this list has no filter"))
    }
}

/// The query of a paged list, read and checked.
#[derive(Debug)]
pub struct ListQuery<F> {
    /// Where the previous page ended.
    pub after: Option<KeyCursor>,
    /// Rows per page (1–100, 30 unless asked).
    pub limit: u32,
    /// The search, trimmed (empty: none).
    pub search: String,
    pub filter: Option<F>,
}

impl<F> Default for ListQuery<F> {
    fn default() -> Self {
        ListQuery {
            after: None,
            limit: page_size(None),
            search: String::new(),
            filter: None,
        }
    }
}

/// The parameters as sent.
#[derive(Deserialize)]
struct RawList {
    after: Option<String>,
    limit: Option<u32>,
    q: Option<String>,
    kind: Option<String>,
    stage: Option<String>,
}

impl<F: ListFilter> ListQuery<F> {
    fn read(raw: RawList) -> Result<Self, FieldError> {
        let value = match F::FIELD.map(|(name, _)| name) {
            Some("kind") => raw.kind,
            Some("stage") => raw.stage,
            _ => None,
        };
        let filter = value
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(F::parse)
            .transpose()?;
        let search = match F::SEARCH {
            Some(_) => search_text(raw.q.as_deref())?,
            None => String::new(),
        };
        Ok(ListQuery {
            after: raw.after.as_deref().map(KeyCursor::decode).transpose()?,
            limit: page_size(raw.limit),
            search,
            filter,
        })
    }
}

impl<F: ListFilter, S: Send + Sync> FromRequestParts<S> for ListQuery<F> {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        // A query the framework cannot read (a `limit` that is no number) keeps its own
        // refusal (400 `bad_request`, made JSON with the others).
        let Query(raw) = Query::<RawList>::from_request_parts(parts, state)
            .await
            .map_err(IntoResponse::into_response)?;
        Self::read(raw).map_err(|e| AppError::from(e).into_response())
    }
}

impl<F: ListFilter> utoipa::IntoParams for ListQuery<F> {
    fn into_params(parameter_in: impl Fn() -> Option<ParameterIn>) -> Vec<Parameter> {
        let param = |name: &str, description: String, ty: Type| {
            ParameterBuilder::new()
                .name(name)
                .parameter_in(parameter_in().unwrap_or(ParameterIn::Query))
                .required(Required::False)
                .description(Some(description))
                .schema(Some(utoipa::openapi::ObjectBuilder::new().schema_type(ty)))
                .build()
        };
        let mut out = vec![
            param(
                "after",
                "The `next_cursor` of the previous page.".into(),
                Type::String,
            ),
            param(
                "limit",
                "Rows per page (1–100, default 30).".into(),
                Type::Integer,
            ),
        ];
        if let Some((name, description)) = F::FIELD {
            out.push(param(name, description.into(), Type::String));
        }
        if let Some(what) = F::SEARCH {
            let max = crate::domain::projects::MAX_SEARCH_CHARS;
            out.push(param(
                "q",
                format!("{what} (at most {max} characters)."),
                Type::String,
            ));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use utoipa::IntoParams;

    use super::*;

    fn raw(after: Option<&str>, q: Option<&str>, kind: Option<&str>) -> RawList {
        RawList {
            after: after.map(str::to_string),
            limit: Some(500),
            q: q.map(str::to_string),
            kind: kind.map(str::to_string),
            stage: kind.map(str::to_string),
        }
    }

    #[test]
    fn every_list_reads_its_page_search_and_filter_the_same_way() {
        let q = ListQuery::<ServiceKind>::read(raw(Some("5_a-1"), Some(" 李 "), Some(" claim ")))
            .expect("read");
        assert_eq!(q.limit, 100);
        assert_eq!(q.search, "李");
        assert_eq!(q.filter, Some(ServiceKind::Claim));
        assert_eq!(q.after.map(|c| c.key), Some(5));
        let q = ListQuery::<Stage>::read(raw(None, None, Some("design"))).expect("read");
        assert_eq!(q.filter, Some(Stage::Design));
        // Refusals name their field.
        let field = |e: FieldError| e.field;
        let long = "花".repeat(crate::domain::projects::MAX_SEARCH_CHARS + 1);
        for (r, name) in [
            (
                ListQuery::<ServiceKind>::read(raw(None, None, Some("leak"))),
                "kind",
            ),
            (
                ListQuery::<ServiceKind>::read(raw(Some("x"), None, None)),
                "after",
            ),
            (
                ListQuery::<ServiceKind>::read(raw(None, Some(&long), None)),
                "q",
            ),
        ] {
            assert_eq!(r.map(|_| ()).map_err(field), Err(name));
        }
        assert_eq!(
            ListQuery::<Stage>::read(raw(None, None, Some("demolition")))
                .map(|_| ())
                .map_err(field),
            Err("stage")
        );
        // A list without a filter or a search reads neither.
        let q = ListQuery::<Paged>::read(raw(None, Some(&long), Some("leak"))).expect("read");
        assert!(q.search.is_empty() && q.filter.is_none());
        let q = ListQuery::<Searched>::read(raw(None, Some("漏水"), Some("leak"))).expect("read");
        assert_eq!(q.search, "漏水");
    }

    #[test]
    fn each_list_documents_the_parameters_it_reads() {
        let names = |ps: Vec<Parameter>| ps.into_iter().map(|p| p.name).collect::<Vec<_>>();
        let query = || Some(ParameterIn::Query);
        assert_eq!(
            names(ListQuery::<ServiceKind>::into_params(query)),
            ["after", "limit", "kind", "q"]
        );
        assert_eq!(
            names(ListQuery::<Stage>::into_params(query)),
            ["after", "limit", "stage", "q"]
        );
        assert_eq!(
            names(ListQuery::<Searched>::into_params(query)),
            ["after", "limit", "q"]
        );
        assert_eq!(
            names(ListQuery::<Paged>::into_params(query)),
            ["after", "limit"]
        );
    }
}
