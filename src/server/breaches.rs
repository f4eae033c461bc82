//! Service-level breaches on the record. A deadline seen past due (or met late) is written
//! down once and stays breached, even if the company's targets change later. A transition
//! writes it in its own transaction and the housekeeping sweep catches the items nobody
//! touched; reading a queue or an item never writes (it shows the live clock and the record).

use chrono::{DateTime, Utc};
use sqlx::{Any, Transaction};

use super::error::AppResult;
use super::state::AppState;
use super::store::service::{self, ItemRow};
use crate::domain::service_desk::{item_deadlines, ItemStatus, ServiceKind};
use crate::domain::service_levels::{ClockState, Deadline, ServiceLevelConfig};

/// One deadline of an item on a given clock reading.
pub struct DeadlineClock {
    pub deadline: Deadline,
    pub met_at: Option<DateTime<Utc>>,
    pub clock: ClockState,
    /// The deadline's stable name, as stored with a breach.
    pub name: String,
    /// Does a breach of it count? (A cancelled callback owes nothing any more.)
    pub counts: bool,
}

impl DeadlineClock {
    /// A breach that should be on the record.
    pub fn is_breach(&self) -> bool {
        self.counts && self.clock.is_breach()
    }
}

/// Every deadline of an item with its clock at `now`, nearest first.
pub fn clocks(
    row: &ItemRow,
    cfg: &ServiceLevelConfig,
    now: DateTime<Utc>,
) -> AppResult<Vec<DeadlineClock>> {
    let kind = row.kind()?;
    let status = row.status()?;
    let met = row.met_times();
    let void = kind == ServiceKind::Callback && status == ItemStatus::Cancelled;
    Ok(item_deadlines(
        kind,
        row.urgency(),
        row.level(),
        super::clock::from_ms(row.created_at),
        row.slot_ends_at.map(super::clock::from_ms),
        cfg,
    )
    .into_iter()
    .map(|deadline| {
        let met_at = met.met(deadline.what);
        let clock = deadline.state(met_at, now, cfg);
        let name = serde_json::to_value(deadline.what)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default();
        DeadlineClock {
            deadline,
            met_at,
            clock,
            name,
            counts: !void,
        }
    })
    .collect())
}

/// Records the item's breached deadlines at `now` (each once), inside a transition's
/// transaction: called before the change, so a deadline met late by this very step counts.
pub async fn record(
    tx: &mut Transaction<'_, Any>,
    row: &ItemRow,
    cfg: &ServiceLevelConfig,
    now: DateTime<Utc>,
) -> AppResult<()> {
    for c in clocks(row, cfg, now)? {
        if c.is_breach() {
            service::record_breach(
                &mut **tx,
                &row.id,
                &c.name,
                c.deadline.due_at.timestamp_millis(),
                now.timestamp_millis(),
            )
            .await?;
        }
    }
    Ok(())
}

/// The housekeeping sweep: records the breaches of every open item of every company that
/// no transition has recorded yet. Returns how many items had one.
pub async fn sweep(state: &AppState) -> AppResult<usize> {
    let now = state.clock.now();
    let mut items = 0;
    for company in service::companies(&state.db).await? {
        let (cfg, _) = service::settings(&state.db, &company).await?;
        for row in service::open_for_company(&state.db, &company).await? {
            let breaches: Vec<DeadlineClock> = clocks(&row, &cfg, now)?
                .into_iter()
                .filter(DeadlineClock::is_breach)
                .collect();
            if breaches.is_empty() {
                continue;
            }
            items += 1;
            for c in breaches {
                service::record_breach(
                    &state.db.pool,
                    &row.id,
                    &c.name,
                    c.deadline.due_at.timestamp_millis(),
                    now.timestamp_millis(),
                )
                .await?;
            }
        }
    }
    Ok(items)
}
