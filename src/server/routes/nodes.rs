//! Node inspections (节点验收): the homeowner's progress view, staff scheduling and recording
//! inspections, rework closed with "after" photos, the homeowner's sign-off or dispute, and
//! the company checklists.

use std::collections::HashMap;

use axum::extract::{FromRequestParts, Path, State};
use axum::http::request::Parts;
use axum::Json;
use chrono::{DateTime, Utc};
use sqlx::{Any, Transaction};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::domain::auth::Role;
use crate::domain::inspections::{
    is_overdue, next_status, rework_due, ChecklistInput, ChecklistItem, CloseRework, Dispute,
    InspectionInput, ItemResult, ItemView, NodeEvent, NodeKind, NodeStatus, NodeView,
    ProjectProgress, ReworkItem, ScheduleInput, SignOff, TransitionError,
};
use crate::domain::photos::AttachedTo;
use crate::domain::photos::PhotoRef;
use crate::domain::versions::Versioned;
use crate::server::clock::from_ms;
use crate::server::error::refusal;
use crate::server::error::{AppError, AppResult};
use crate::server::extractors::{Admin, ApiJson, Caller, Staff, VisibleProject};
use crate::server::state::AppState;
use crate::server::store::filing::{self, NewItem};
use crate::server::store::nodes::{self, item_photo_key, NodeRow, ReworkRow, Stamp};
use crate::server::store::photos::{self, PhotoRow};
use crate::server::store::projects::{self, ProjectRow};
use crate::server::store::users;
use crate::server::store::versions::{self, SettingsDoc};
use crate::server::texts::{Text, SERVER_LANG};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(progress))
        .routes(routes!(get_node))
        .routes(routes!(schedule_node))
        .routes(routes!(record_inspection))
        .routes(routes!(pass_node))
        .routes(routes!(sign_off_node))
        .routes(routes!(dispute_node))
        .routes(routes!(reinspect_node))
        .routes(routes!(close_rework))
        .routes(routes!(get_checklist, put_checklist))
}

fn require_homeowner(user: &Caller, project: &ProjectRow) -> AppResult<()> {
    if user.role == Role::Homeowner && project.homeowner_id == user.id {
        Ok(())
    } else {
        Err(AppError::forbidden(
            "only the project's homeowner signs a node off or disputes it",
        ))
    }
}

fn parse_kind(kind: &str) -> AppResult<NodeKind> {
    NodeKind::parse(kind).ok_or_else(AppError::not_found)
}

fn transition_error(e: TransitionError) -> AppError {
    match e {
        TransitionError::Invalid(f) => f.into(),
        other => AppError::new(other.code(), other.to_string()),
    }
}

fn to_ref(p: &PhotoRow) -> PhotoRef {
    PhotoRef::for_id(&p.id, p.width as u32, p.height as u32)
}

fn group_photos(rows: Vec<PhotoRow>) -> HashMap<String, Vec<PhotoRef>> {
    let mut by: HashMap<String, Vec<PhotoRef>> = HashMap::new();
    for p in rows {
        if p.position.is_none() {
            continue;
        }
        if let Some(key) = &p.attached_id {
            by.entry(key.clone()).or_default().push(to_ref(&p));
        }
    }
    by
}

fn rework_view(
    r: ReworkRow,
    kind: NodeKind,
    photos: &mut HashMap<String, Vec<PhotoRef>>,
    now: DateTime<Utc>,
) -> ReworkItem {
    ReworkItem {
        overdue: is_overdue(from_ms(r.due_at), r.closed_at.map(from_ms), now),
        node: kind,
        closing_photos: photos.remove(&r.id).unwrap_or_default(),
        failed_at: from_ms(r.failed_at),
        due_at: from_ms(r.due_at),
        closed_at: r.closed_at.map(from_ms),
        id: r.id,
        item_id: r.item_id,
        item_text: r.item_text,
        note: r.note,
        closing_note: r.closing_note,
    }
}

/// Builds the node views of a project for this user: checklist, results, photos, rework.
async fn views(
    state: &AppState,
    user: &Caller,
    project: &ProjectRow,
    rows: Vec<NodeRow>,
) -> AppResult<Vec<NodeView>> {
    let ids: Vec<String> = rows.iter().map(|n| n.id.clone()).collect();
    let results = nodes::item_results(&state.db, &ids).await?;
    let rework = nodes::rework_for(&state.db, &ids).await?;
    let item_keys: Vec<String> = results
        .iter()
        .map(|r| item_photo_key(&r.node_id, &r.item_id))
        .collect();
    let mut item_photos = group_photos(
        photos::for_attached(&state.db, AttachedTo::InspectionItem, &item_keys).await?,
    );
    let rework_ids: Vec<String> = rework.iter().map(|r| r.id.clone()).collect();
    let mut rework_photos =
        group_photos(photos::for_attached(&state.db, AttachedTo::Rework, &rework_ids).await?);
    let homeowner = user.role == Role::Homeowner && project.homeowner_id == user.id;
    let mut checklists = nodes::all_checklists(&state.db, &project.company_id).await?;

    let mut out = Vec::with_capacity(rows.len());
    for n in rows {
        let kind = n.kind()?;
        let status = n.status()?;
        let checklist = checklists.remove(kind.as_str()).unwrap_or_default();
        let mine: Vec<_> = results.iter().filter(|r| r.node_id == n.id).collect();
        let mut items: Vec<ItemView> = checklist
            .iter()
            .map(|c| {
                let rec = mine.iter().find(|r| r.item_id == c.id);
                ItemView {
                    item_id: c.id.clone(),
                    text: rec
                        .map(|r| r.text.clone())
                        .unwrap_or_else(|| c.text.clone()),
                    result: rec.and_then(|r| ItemResult::parse(&r.result)),
                    note: rec.map(|r| r.note.clone()).unwrap_or_default(),
                    photos: item_photos
                        .remove(&item_photo_key(&n.id, &c.id))
                        .unwrap_or_default(),
                }
            })
            .collect();
        // Results of items since removed from the company checklist stay visible.
        for r in mine
            .iter()
            .filter(|r| !checklist.iter().any(|c| c.id == r.item_id))
        {
            items.push(ItemView {
                item_id: r.item_id.clone(),
                text: r.text.clone(),
                result: ItemResult::parse(&r.result),
                note: r.note.clone(),
                photos: item_photos
                    .remove(&item_photo_key(&n.id, &r.item_id))
                    .unwrap_or_default(),
            });
        }
        let node_rework = rework
            .iter()
            .filter(|r| r.node_id == n.id)
            .cloned()
            .map(|r| rework_view(r, kind, &mut rework_photos, state.clock.now()))
            .collect();
        out.push(NodeView {
            kind,
            label: kind.label_zh().to_string(),
            status,
            scheduled_at: n.scheduled_at.map(from_ms),
            inspected_at: n.inspected_at.map(from_ms),
            inspector_name: n.inspector_name.clone(),
            third_party_invited: n.third_party_invited != 0,
            items,
            rework: node_rework,
            signed_off_at: n.signed_off_at.map(from_ms),
            dispute_reason: n.dispute_reason.clone(),
            can_sign_off: homeowner && status == NodeStatus::Passed,
        });
    }
    Ok(out)
}

async fn node_view(
    state: &AppState,
    user: &Caller,
    project: &ProjectRow,
    kind: NodeKind,
) -> AppResult<Json<NodeView>> {
    let row = nodes::one(&state.db, &project.id, kind).await?;
    views(state, user, project, vec![row])
        .await?
        .pop()
        .map(Json)
        .ok_or_else(AppError::not_found)
}

/// The node of the path's `{id}` and `{kind}`, on a project the caller may see: another
/// company's project, one the caller has no part in, or an unknown kind answer 404 before the
/// handler runs.
struct ProjectNode {
    user: Caller,
    project: ProjectRow,
    kind: NodeKind,
    node: NodeRow,
}

impl FromRequestParts<AppState> for ProjectNode {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> AppResult<Self> {
        let VisibleProject(user, project) =
            VisibleProject::from_request_parts(parts, state).await?;
        let Path((_, kind)) = Path::<(String, String)>::from_request_parts(parts, state)
            .await
            .map_err(|_| AppError::not_found())?;
        let kind = parse_kind(&kind)?;
        let node = nodes::one(&state.db, &project.id, kind).await?;
        Ok(ProjectNode {
            user,
            project,
            kind,
            node,
        })
    }
}

/// A node about to move: who moves it, its project, the node as read, and the statuses from
/// and to.
struct Move {
    user: Caller,
    project: ProjectRow,
    kind: NodeKind,
    node: NodeRow,
    from: NodeStatus,
    to: NodeStatus,
}

/// Checks the caller's role for the node and works out where `event` takes it (409/422 when
/// it may not).
fn prepare_move(
    n: ProjectNode,
    allowed: fn(&Caller, &ProjectRow) -> AppResult<()>,
    event: &NodeEvent,
) -> AppResult<Move> {
    allowed(&n.user, &n.project)?;
    let from = n.node.status()?;
    let to = next_status(from, event).map_err(transition_error)?;
    Ok(Move {
        user: n.user,
        project: n.project,
        kind: n.kind,
        node: n.node,
        from,
        to,
    })
}

impl Move {
    /// Moves the node (version-guarded) and logs `event` with its detail.
    async fn apply(
        &self,
        tx: &mut Transaction<'_, Any>,
        event: &NodeEvent,
        detail: &str,
        now_ms: i64,
    ) -> AppResult<()> {
        nodes::set_status(tx, &self.node, self.to).await?;
        let (id, fromto) = (&self.node.id, (self.from, self.to));
        nodes::log_event(tx, id, &self.user.id, event, fromto, detail, now_ms).await
    }

    /// The node's view after the change.
    async fn view(&self, state: &AppState) -> AppResult<Json<NodeView>> {
        node_view(state, &self.user, &self.project, self.kind).await
    }
}

fn staff_only(user: &Caller, _project: &ProjectRow) -> AppResult<()> {
    user.require_staff()
}

/// The whole project's inspection progress: every node with its checklist, photos and rework.
#[utoipa::path(get, path = "/api/v1/projects/{id}/progress", tag = "inspections",
    params(("id" = String, Path, description = "project id")),
    responses((status = 200, body = ProjectProgress), refusal::Unauthorized, refusal::NotFound))]
async fn progress(
    State(state): State<AppState>,
    VisibleProject(user, project): VisibleProject,
) -> AppResult<Json<ProjectProgress>> {
    let rows = nodes::for_project(&state.db, &project.id).await?;
    let views = views(&state, &user, &project, rows).await?;
    Ok(Json(ProjectProgress::new(
        project.id,
        views,
        state.clock.now(),
        user.is_staff(),
    )))
}

/// One node.
#[utoipa::path(get, path = "/api/v1/projects/{id}/nodes/{kind}", tag = "inspections",
    params(("id" = String, Path, description = "project id"), ("kind" = String, Path, description = "node kind, e.g. plumbing_electrical")),
    responses((status = 200, body = NodeView), refusal::NotFound))]
async fn get_node(State(state): State<AppState>, n: ProjectNode) -> AppResult<Json<NodeView>> {
    views(&state, &n.user, &n.project, vec![n.node])
        .await?
        .pop()
        .map(Json)
        .ok_or_else(AppError::not_found)
}

/// Sets or moves a node's inspection time (staff); the homeowner gets a message asking them
/// to attend.
#[utoipa::path(post, path = "/api/v1/projects/{id}/nodes/{kind}/schedule", tag = "inspections",
    request_body = ScheduleInput,
    params(("id" = String, Path, description = "project id"), ("kind" = String, Path, description = "node kind")),
    responses((status = 200, body = NodeView), refusal::Forbidden, refusal::NotFound, refusal::Conflict, refusal::Invalid))]
async fn schedule_node(
    State(state): State<AppState>,
    n: ProjectNode,
    ApiJson(input): ApiJson<ScheduleInput>,
) -> AppResult<Json<NodeView>> {
    let m = prepare_move(n, staff_only, &NodeEvent::Schedule)?;
    let input = input.validated(state.clock.now())?;
    let now = state.clock.now_ms();
    let mut tx = state.db.write().await?;
    let at = input.scheduled_at.timestamp_millis();
    let third_party = input.third_party_invited;
    let at = Stamp::Scheduled {
        at_ms: at,
        third_party,
    };
    nodes::stamp(&mut tx, &m.node.id, at).await?;
    let detail = input.scheduled_at.to_rfc3339();
    m.apply(&mut tx, &NodeEvent::Schedule, &detail, now).await?;
    tx.commit().await?;

    // Ask the homeowner to attend (best effort: the schedule stands if the message fails).
    if let Some(owner) = users::by_id(&state.db, &m.project.homeowner_id).await? {
        if let Some(phone) = owner.phone.as_deref() {
            let text = Text::NodeAttendance {
                company: &m.user.company_name,
                project: &m.project.title,
                node: m.kind,
                when: input.scheduled_at.with_timezone(&m.user.tz()),
            }
            .text(SERVER_LANG);
            if let Err(e) = state.sender.send_sms(phone, &text, now).await {
                tracing::warn!(node = %m.node.id, error = %e, "attendance reminder not sent");
            }
        }
    }
    m.view(&state).await
}

/// Records checklist results (staff inspector). Failed items open rework due in 48 hours.
#[utoipa::path(post, path = "/api/v1/projects/{id}/nodes/{kind}/inspection", tag = "inspections",
    request_body = InspectionInput,
    params(("id" = String, Path, description = "project id"), ("kind" = String, Path, description = "node kind")),
    responses((status = 200, body = NodeView), refusal::Forbidden, refusal::NotFound, refusal::Conflict, refusal::Invalid))]
async fn record_inspection(
    State(state): State<AppState>,
    n: ProjectNode,
    ApiJson(input): ApiJson<InspectionInput>,
) -> AppResult<Json<NodeView>> {
    staff_only(&n.user, &n.project)?;
    let ProjectNode {
        user,
        project,
        kind,
        node,
    } = n;
    let checklist: Vec<ChecklistItem> =
        nodes::checklist(&state.db, &project.company_id, kind).await?;
    let input = input.validated(&checklist)?;
    let all = nodes::for_project(&state.db, &project.id).await?;
    let states: Vec<(NodeKind, NodeStatus)> = all
        .iter()
        .map(|n| Ok((n.kind()?, n.status()?)))
        .collect::<AppResult<_>>()?;
    if !crate::domain::inspections::may_start(kind, &states) {
        return Err(AppError::conflict(
            "the previous node must pass first (hidden works are checked before they are covered)",
        ));
    }
    let from = node.status()?;
    // Recording on an unscheduled node schedules and starts it on the spot.
    let mut status = from;
    if status == NodeStatus::Upcoming {
        status = next_status(status, &NodeEvent::Schedule).map_err(transition_error)?;
    }
    if status == NodeStatus::Scheduled {
        status = next_status(status, &NodeEvent::Start).map_err(transition_error)?;
    }
    let failed = input.failed().count();
    status = next_status(status, &NodeEvent::Recorded { failed }).map_err(transition_error)?;

    let now = state.clock.now();
    let now_ms = now.timestamp_millis();
    let due = rework_due(now).timestamp_millis();
    let mut tx = state.db.write().await?;
    nodes::record_results(&mut tx, &node, &checklist, &input, &user.id, now_ms, due).await?;
    let open = nodes::open_rework_count(&mut *tx, &node.id).await?;
    if status == NodeStatus::ReworkOpen && open == 0 {
        status = next_status(status, &NodeEvent::ReworkClosed { still_open: 0 })
            .map_err(transition_error)?;
    }
    let by = &user.id;
    nodes::stamp(&mut tx, &node.id, Stamp::Inspected { by, at_ms: now_ms }).await?;
    let detail = format!("{} items, {failed} failed", input.items.len());
    let m = Move {
        user,
        project,
        kind,
        node,
        from,
        to: status,
    };
    m.apply(&mut tx, &NodeEvent::Recorded { failed }, &detail, now_ms)
        .await?;
    tx.commit().await?;
    tracing::info!(node = %m.node.id, items = input.items.len(), failed, "inspection recorded");
    m.view(&state).await
}

/// Passes a node (staff): every checklist item has a result and no rework is open.
#[utoipa::path(post, path = "/api/v1/projects/{id}/nodes/{kind}/pass", tag = "inspections",
    params(("id" = String, Path, description = "project id"), ("kind" = String, Path, description = "node kind")),
    responses((status = 200, body = NodeView), refusal::Forbidden, refusal::NotFound, refusal::Conflict))]
async fn pass_node(State(state): State<AppState>, n: ProjectNode) -> AppResult<Json<NodeView>> {
    staff_only(&n.user, &n.project)?;
    let open_rework = nodes::open_rework_count(&state.db.pool, &n.node.id).await?;
    let pass = NodeEvent::Pass { open_rework };
    let m = prepare_move(n, staff_only, &pass)?;
    let checklist = nodes::checklist(&state.db, &m.project.company_id, m.kind).await?;
    let recorded = nodes::recorded_item_ids(&state.db, &m.node.id).await?;
    let missing = checklist
        .iter()
        .filter(|c| !recorded.contains(&c.id))
        .count();
    if missing > 0 {
        return Err(AppError::conflict(format!(
            "{missing} checklist item(s) have no result yet"
        )));
    }
    let now = state.clock.now_ms();
    let mut tx = state.db.write().await?;
    let first_pass = !nodes::ever_reworked(&mut tx, &m.node.id).await?;
    let passed = Stamp::Passed {
        at_ms: now,
        first_pass,
    };
    nodes::stamp(&mut tx, &m.node.id, passed).await?;
    m.apply(&mut tx, &pass, "", now).await?;
    tx.commit().await?;
    m.view(&state).await
}

/// The homeowner signs a passed node off; from then on the node never changes.
#[utoipa::path(post, path = "/api/v1/projects/{id}/nodes/{kind}/sign-off", tag = "inspections",
    request_body = SignOff,
    params(("id" = String, Path, description = "project id"), ("kind" = String, Path, description = "node kind")),
    responses((status = 200, body = NodeView), refusal::Forbidden, refusal::NotFound, refusal::Conflict, refusal::Invalid))]
async fn sign_off_node(
    State(state): State<AppState>,
    n: ProjectNode,
    ApiJson(input): ApiJson<SignOff>,
) -> AppResult<Json<NodeView>> {
    let input = input.validated()?;
    let m = prepare_move(n, require_homeowner, &NodeEvent::SignOff)?;
    let now = state.clock.now_ms();
    let mut tx = state.db.write().await?;
    let signed = Stamp::SignedOff {
        by: &m.user.id,
        at_ms: now,
        note: &input.note,
    };
    nodes::stamp(&mut tx, &m.node.id, signed).await?;
    m.apply(&mut tx, &NodeEvent::SignOff, "", now).await?;
    tx.commit().await?;
    m.view(&state).await
}

/// The homeowner disputes a passed node with a reason; staff get a follow-up in their queue.
#[utoipa::path(post, path = "/api/v1/projects/{id}/nodes/{kind}/dispute", tag = "inspections",
    request_body = Dispute,
    params(("id" = String, Path, description = "project id"), ("kind" = String, Path, description = "node kind")),
    responses((status = 200, body = NodeView), refusal::Forbidden, refusal::NotFound, refusal::Conflict, refusal::Invalid))]
async fn dispute_node(
    State(state): State<AppState>,
    n: ProjectNode,
    ApiJson(input): ApiJson<Dispute>,
) -> AppResult<Json<NodeView>> {
    let input = input.validated()?;
    let event = NodeEvent::Dispute {
        reason: input.reason.clone(),
    };
    let m = prepare_move(n, require_homeowner, &event)?;
    let now = state.clock.now_ms();
    let mut tx = state.db.write().await?;
    let disputed = Stamp::Disputed {
        at_ms: now,
        reason: &input.reason,
    };
    nodes::stamp(&mut tx, &m.node.id, disputed).await?;
    m.apply(&mut tx, &event, "", now).await?;
    let title = Text::NodeDisputeTitle(m.kind).text(SERVER_LANG);
    let source = format!("node:{}", m.node.id);
    let ids = (
        m.project.company_id.as_str(),
        m.project.id.as_str(),
        m.user.id.as_str(),
    );
    let item = NewItem::follow_up(ids, &title, &input.reason, &source);
    filing::file_in(&mut tx, item, now).await?;
    tx.commit().await?;
    m.view(&state).await
}

/// Staff take a disputed node back into inspection.
#[utoipa::path(post, path = "/api/v1/projects/{id}/nodes/{kind}/reinspect", tag = "inspections",
    params(("id" = String, Path, description = "project id"), ("kind" = String, Path, description = "node kind")),
    responses((status = 200, body = NodeView), refusal::Forbidden, refusal::NotFound, refusal::Conflict))]
async fn reinspect_node(
    State(state): State<AppState>,
    n: ProjectNode,
) -> AppResult<Json<NodeView>> {
    let m = prepare_move(n, staff_only, &NodeEvent::Reinspect)?;
    let now = state.clock.now_ms();
    let mut tx = state.db.write().await?;
    m.apply(&mut tx, &NodeEvent::Reinspect, "", now).await?;
    tx.commit().await?;
    m.view(&state).await
}

/// Closes a rework order with what was done and "after" photos (the assigned crew or staff);
/// the inspector then re-inspects the item.
#[utoipa::path(post, path = "/api/v1/rework/{id}/close", tag = "inspections", request_body = CloseRework,
    params(("id" = String, Path, description = "rework id")),
    responses((status = 200, body = ReworkItem), refusal::Forbidden, refusal::NotFound, refusal::Conflict, refusal::Invalid))]
async fn close_rework(
    State(state): State<AppState>,
    user: Caller,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<CloseRework>,
) -> AppResult<Json<ReworkItem>> {
    let rework = nodes::rework_one(&state.db, &id)
        .await?
        .ok_or_else(AppError::not_found)?;
    let project = projects::visible_one(&state.db, &user, &rework.project_id).await?;
    let crew_of_project = user.role == Role::Crew && user.crew_id == project.crew_id;
    if !(crew_of_project || user.is_staff()) {
        return Err(AppError::forbidden(
            "only the project's crew or staff close rework",
        ));
    }
    let input = input.validated()?;
    let node = sqlx::query_as::<_, (String, String)>(
        "SELECT kind, status FROM project_nodes WHERE id = $1",
    )
    .bind(&rework.node_id)
    .fetch_one(&state.db.pool)
    .await?;
    let kind = parse_kind(&node.0)?;
    if node.1 == NodeStatus::SignedOff.as_str() {
        return Err(AppError::conflict(
            "the node is signed off and can no longer change",
        ));
    }
    let row = nodes::one(&state.db, &project.id, kind).await?;
    let now = state.clock.now_ms();
    let mut tx = state.db.write().await?;
    nodes::close_rework(
        &mut tx,
        &rework,
        &user.id,
        &input.note,
        &input.photo_ids,
        now,
    )
    .await?;
    // The last open rework closed: the node goes back to inspection.
    let open = nodes::open_rework_count(&mut *tx, &rework.node_id).await?;
    let from = row.status()?;
    if from == NodeStatus::ReworkOpen {
        let event = NodeEvent::ReworkClosed { still_open: open };
        let to = next_status(from, &event).map_err(transition_error)?;
        if to != from {
            nodes::set_status(&mut tx, &row, to).await?;
        }
        nodes::log_event(
            &mut tx,
            &row.id,
            &user.id,
            &event,
            (from, to),
            &rework.item_id,
            now,
        )
        .await?;
    }
    tx.commit().await?;
    let closed = nodes::rework_one(&state.db, &id)
        .await?
        .ok_or_else(AppError::not_found)?;
    let mut photos = group_photos(
        photos::for_attached(&state.db, AttachedTo::Rework, std::slice::from_ref(&id)).await?,
    );
    Ok(Json(rework_view(
        closed,
        kind,
        &mut photos,
        state.clock.now(),
    )))
}

/// The company's checklist for a node, with its version.
async fn checklist_doc(
    state: &AppState,
    company_id: &str,
    kind: NodeKind,
) -> AppResult<Versioned<ChecklistInput>> {
    let items = nodes::checklist(&state.db, company_id, kind).await?;
    let version = versions::current(&state.db, company_id, SettingsDoc::Checklist(kind)).await?;
    Ok(Versioned::at(version, ChecklistInput { items }))
}

/// The company's checklist for a node, with the `version` an edit must send back.
#[utoipa::path(get, path = "/api/v1/checklists/{kind}", tag = "inspections",
    params(("kind" = String, Path, description = "node kind")),
    responses((status = 200, body = Versioned<ChecklistInput>), refusal::Forbidden, refusal::NotFound))]
async fn get_checklist(
    State(state): State<AppState>,
    Staff(user): Staff,
    Path(kind): Path<String>,
) -> AppResult<Json<Versioned<ChecklistInput>>> {
    let kind = parse_kind(&kind)?;
    Ok(Json(checklist_doc(&state, &user.company_id, kind).await?))
}

/// Replaces the company's checklist for a node (admin). The body carries the `version` of
/// the copy it was made from (required): 409 `stale_revision` when the checklist was saved
/// since, and nothing changes.
#[utoipa::path(put, path = "/api/v1/checklists/{kind}", tag = "inspections", request_body = Versioned<ChecklistInput>,
    params(("kind" = String, Path, description = "node kind")),
    responses((status = 200, body = Versioned<ChecklistInput>), refusal::Forbidden, refusal::NotFound, refusal::Conflict, refusal::Invalid))]
async fn put_checklist(
    State(state): State<AppState>,
    Admin(user): Admin,
    Path(kind): Path<String>,
    ApiJson(input): ApiJson<Versioned<ChecklistInput>>,
) -> AppResult<Json<Versioned<ChecklistInput>>> {
    let kind = parse_kind(&kind)?;
    let items = input.value.validated()?.items;
    nodes::replace_checklist(&state.db, &user.company_id, kind, &items, input.version).await?;
    Ok(Json(checklist_doc(&state, &user.company_id, kind).await?))
}
