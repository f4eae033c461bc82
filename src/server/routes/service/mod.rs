//! The service desk: homeowners file warranty claims (coverage checked first), book callbacks
//! into slots and raise complaints; staff work one queue sorted by the nearest deadline, with
//! each item's service-level clock computed here on the server's clock. Every change is
//! audit-logged; every item has a conversation with read state.
//!
//! The endpoints are split by audience: `homeowner` (coverage, claims, callbacks and moving
//! them, complaints, a project's items), `items` (one item, for either side), `desk` (the
//! staff's slots, queue, metrics, settings and staff list); `views` builds the item views
//! they all answer with.

mod desk;
mod homeowner;
mod items;
mod views;

use utoipa_axum::router::OpenApiRouter;

use crate::server::state::AppState;

pub use desk::{PeriodQuery, Settings, StaffMember};
pub use homeowner::CoverageQuery;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .merge(homeowner::router())
        .merge(items::router())
        .merge(desk::router())
}
