//! Staff set the company up: register a project with its homeowner, edit it (crew, owner,
//! dates, stage).

pub mod project_form;
pub mod texts;
