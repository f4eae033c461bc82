//! The deadlines an item runs against and when each was met; the clocks themselves are the
//! shared service-level rules.

use chrono::{DateTime, Utc};

use super::status::ServiceKind;
use crate::domain::service_levels::{
    deadlines, Deadline, DeadlineKind, ItemKind, Level, ServiceLevelConfig, Urgency,
};

/// The deadlines an item runs against, nearest first. A callback booked into a slot is due
/// by the end of its slot; "as soon as possible" owes a routine first response. Follow-ups
/// are answered like complaints.
pub fn item_deadlines(
    kind: ServiceKind,
    urgency: Urgency,
    level: Option<Level>,
    created_at: DateTime<Utc>,
    slot_ends_at: Option<DateTime<Utc>>,
    cfg: &ServiceLevelConfig,
) -> Vec<Deadline> {
    match kind {
        ServiceKind::Claim => deadlines(ItemKind::WarrantyClaim, urgency, None, created_at, cfg),
        ServiceKind::Complaint => deadlines(ItemKind::Complaint, urgency, level, created_at, cfg),
        ServiceKind::Callback => match slot_ends_at {
            Some(end) => vec![Deadline {
                what: DeadlineKind::FirstResponse,
                starts_at: created_at,
                due_at: end.max(created_at),
            }],
            None => deadlines(ItemKind::Callback, urgency, None, created_at, cfg),
        },
        ServiceKind::FollowUp => vec![Deadline::after(
            DeadlineKind::ComplaintAnswer,
            created_at,
            cfg.complaint_answer_min,
        )],
    }
}

/// When each promise of an item was kept.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct MetTimes {
    /// First staff response (acknowledged, answered, or the callback made).
    pub first_response: Option<DateTime<Utc>>,
    pub on_site: Option<DateTime<Utc>>,
    /// A member of staff took a major complaint.
    pub team: Option<DateTime<Utc>>,
    /// Closed loop: confirmed by the homeowner (or the follow-up closed).
    pub closed: Option<DateTime<Utc>>,
}

impl MetTimes {
    /// When the deadline `what` was met, if it was.
    pub fn met(&self, what: DeadlineKind) -> Option<DateTime<Utc>> {
        match what {
            DeadlineKind::FirstResponse | DeadlineKind::ComplaintAnswer => self.first_response,
            DeadlineKind::OnSite => self.on_site,
            DeadlineKind::MajorComplaintTeam => self.team,
            DeadlineKind::ComplaintClose => self.closed,
            DeadlineKind::RepairCallback | DeadlineKind::InstallFollowUp => self.closed,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::service_desk::test_support::t;
    use chrono::Duration;

    #[test]
    fn deadlines_per_kind() {
        let cfg = ServiceLevelConfig::default();
        let at = t("2026-11-23T23:50:00Z");
        let urgent = item_deadlines(ServiceKind::Claim, Urgency::Urgent, None, at, None, &cfg);
        let mins: Vec<i64> = urgent
            .iter()
            .map(|d| (d.due_at - at).num_minutes())
            .collect();
        assert_eq!(mins, [15, 30]);
        let slot_end = at + Duration::hours(20);
        let cb = item_deadlines(
            ServiceKind::Callback,
            Urgency::Routine,
            None,
            at,
            Some(slot_end),
            &cfg,
        );
        assert_eq!(cb.len(), 1);
        assert_eq!(cb[0].due_at, slot_end);
        let asap = item_deadlines(
            ServiceKind::Callback,
            Urgency::Routine,
            None,
            at,
            None,
            &cfg,
        );
        assert_eq!((asap[0].due_at - at).num_minutes(), 15);
        let major = item_deadlines(
            ServiceKind::Complaint,
            Urgency::Routine,
            Level::new(5).ok(),
            at,
            None,
            &cfg,
        );
        let mins: Vec<i64> = major
            .iter()
            .map(|d| (d.due_at - at).num_minutes())
            .collect();
        assert_eq!(mins, [120, 24 * 60, 72 * 60]);
        let fu = item_deadlines(
            ServiceKind::FollowUp,
            Urgency::Routine,
            None,
            at,
            None,
            &cfg,
        );
        assert_eq!((fu[0].due_at - at).num_hours(), 24);
    }

    #[test]
    fn met_times_map_to_deadlines() {
        let m = MetTimes {
            first_response: Some(t("2026-11-23T01:00:00Z")),
            on_site: None,
            team: Some(t("2026-11-23T02:00:00Z")),
            closed: None,
        };
        assert_eq!(m.met(DeadlineKind::ComplaintAnswer), m.first_response);
        assert_eq!(m.met(DeadlineKind::MajorComplaintTeam), m.team);
        assert_eq!(m.met(DeadlineKind::ComplaintClose), None);
    }
}
