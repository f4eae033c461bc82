//! The state machines: which action moves an item of each kind from which status to which,
//! who may take it, and which buttons each side sees.

use super::inputs::text;
use super::status::{ActionError, ActionKind, ItemAction, ItemStatus, ServiceKind};
use crate::domain::error::FieldError;
use crate::domain::service_levels::Level;
use crate::domain::warranty;

/// The status after an action of `action`'s kind, by the state machine of `kind`, or `None`
/// when the machine has no such move (details and roles are not checked here). `Assign` and
/// `Classify` keep the status; only complaints are classified; closed items allow nothing.
pub fn step(kind: ServiceKind, status: ItemStatus, action: ActionKind) -> Option<ItemStatus> {
    use ActionKind as A;
    use ItemStatus as S;
    if is_closed(kind, status) {
        return None;
    }
    match (kind, action) {
        (_, A::Assign) => return Some(status),
        (ServiceKind::Complaint, A::Classify) => return Some(status),
        (_, A::Classify) => return None,
        _ => {}
    }
    match kind {
        // Staff: received/reopened → acknowledged → scheduled (again to move the visit) → on
        // site → resolved, or on site → scheduled when another visit is needed. The homeowner
        // acts only on a resolved claim: confirms it (closed) or reopens it.
        ServiceKind::Claim => match (status, action) {
            (S::Received | S::Reopened, A::Acknowledge) => Some(S::Acknowledged),
            (S::Acknowledged | S::Scheduled | S::OnSite, A::Schedule) => Some(S::Scheduled),
            (S::Scheduled, A::ArriveOnSite) => Some(S::OnSite),
            (S::OnSite, A::Resolve) => Some(S::Resolved),
            (S::Resolved, A::Confirm) => Some(S::Confirmed),
            (S::Resolved, A::Reopen) => Some(S::Reopened),
            _ => None,
        },
        ServiceKind::Complaint => match (status, action) {
            (S::Received | S::Reopened, A::Acknowledge) => Some(S::Acknowledged),
            (S::Acknowledged, A::Resolve) => Some(S::Resolved),
            (S::Resolved, A::Confirm) => Some(S::Confirmed),
            (S::Resolved, A::Reopen) => Some(S::Reopened),
            _ => None,
        },
        ServiceKind::Callback => match (status, action) {
            (S::Booked, A::Acknowledge | A::Move) => Some(S::Booked),
            (S::Booked, A::MarkCalled) => Some(S::Called),
            (S::Booked, A::Cancel) => Some(S::Cancelled),
            _ => None,
        },
        ServiceKind::FollowUp => match (status, action) {
            (S::Open, A::Acknowledge) => Some(S::Acknowledged),
            (S::Open | S::Acknowledged, A::Close) => Some(S::Closed),
            _ => None,
        },
    }
}

/// The actions someone may take on an item now: the buttons the UI shows.
pub fn allowed_actions(kind: ServiceKind, status: ItemStatus, staff: bool) -> Vec<ActionKind> {
    ActionKind::ALL
        .into_iter()
        .filter(|a| a.is_homeowners() != staff && step(kind, status, *a).is_some())
        .collect()
}

/// Statuses in which an item needs nobody any more.
pub fn is_closed(kind: ServiceKind, status: ItemStatus) -> bool {
    match kind {
        ServiceKind::Claim | ServiceKind::Complaint => status == ItemStatus::Confirmed,
        ServiceKind::Callback => matches!(status, ItemStatus::Called | ItemStatus::Cancelled),
        ServiceKind::FollowUp => status == ItemStatus::Closed,
    }
}

/// The status after `action` on an item of `kind` in `status`, or why not: the role first,
/// then the state machine ([`step`]), then the action's details. The caller checks `now` for
/// schedules.
pub fn next_status(
    kind: ServiceKind,
    status: ItemStatus,
    action: &ItemAction,
    actor_is_staff: bool,
) -> Result<ItemStatus, ActionError> {
    if action.is_homeowners() == actor_is_staff {
        return Err(ActionError::WrongRole(if actor_is_staff {
            "the homeowner"
        } else {
            "staff"
        }));
    }
    let next = step(kind, status, action.kind()).ok_or(ActionError::Illegal {
        kind: kind.as_str(),
        from: status.as_str(),
        action: action.kind().as_str(),
    })?;
    match action {
        ItemAction::Assign { user_id } if user_id.trim().is_empty() => {
            return Err(FieldError::required("user_id", "choose who takes it").into())
        }
        ItemAction::Classify { level } => {
            Level::new(*level)?;
        }
        // Claims keep the warranty manual's shorter notes.
        ItemAction::Resolve { note } if kind == ServiceKind::Claim => {
            warranty::required_text("note", note, "say what was done")?
        }
        ItemAction::Reopen { reason } if kind == ServiceKind::Claim => {
            warranty::required_text("reason", reason, "say what is still wrong")?
        }
        ItemAction::Resolve { note } => text("note", note, "say how it was resolved")?,
        ItemAction::Reopen { reason } => text("reason", reason, "say what is still wrong")?,
        ItemAction::Close { note } => text("note", note, "say what was done")?,
        _ => {}
    }
    Ok(next)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::service_desk::test_support::t;

    fn st(s: &str) -> ItemStatus {
        ItemStatus::parse(s).unwrap()
    }

    #[test]
    fn claims_follow_the_warranty_machine_and_roles() {
        let staff = |s: &str, a: ItemAction| {
            next_status(ServiceKind::Claim, st(s), &a, true).map(ItemStatus::as_str)
        };
        assert_eq!(
            staff("received", ItemAction::Acknowledge).unwrap(),
            "acknowledged"
        );
        let at = t("2026-11-24T02:00:00Z");
        assert_eq!(
            staff("acknowledged", ItemAction::Schedule { at }).unwrap(),
            "scheduled"
        );
        assert_eq!(
            staff("scheduled", ItemAction::ArriveOnSite).unwrap(),
            "on_site"
        );
        assert!(matches!(
            staff("received", ItemAction::ArriveOnSite),
            Err(ActionError::Illegal { .. })
        ));
        assert!(matches!(
            next_status(
                ServiceKind::Claim,
                st("resolved"),
                &ItemAction::Confirm,
                true
            ),
            Err(ActionError::WrongRole(_))
        ));
        assert_eq!(
            next_status(
                ServiceKind::Claim,
                st("resolved"),
                &ItemAction::Confirm,
                false
            )
            .unwrap(),
            ItemStatus::Confirmed
        );
        // Confirmed is closed for good.
        assert!(matches!(
            next_status(
                ServiceKind::Claim,
                st("confirmed"),
                &ItemAction::Reopen {
                    reason: "漏水".into()
                },
                false
            ),
            Err(ActionError::Illegal { .. })
        ));
    }

    /// A claim action with good details.
    fn claim_action(a: ActionKind) -> ItemAction {
        match a {
            ActionKind::Schedule => ItemAction::Schedule {
                at: t("2026-11-24T02:00:00Z"),
            },
            ActionKind::Resolve => ItemAction::Resolve {
                note: "更换角阀，试水无渗漏".into(),
            },
            ActionKind::Reopen => ItemAction::Reopen {
                reason: "仍然滴水".into(),
            },
            ActionKind::Acknowledge => ItemAction::Acknowledge,
            ActionKind::ArriveOnSite => ItemAction::ArriveOnSite,
            ActionKind::Confirm => ItemAction::Confirm,
            other => panic!("not a claim step: {other:?}"),
        }
    }

    /// The claim's own steps: the first six of [`ActionKind::ALL`].
    fn claim_steps() -> [ActionKind; 6] {
        let mut steps = [ActionKind::Acknowledge; 6];
        steps.copy_from_slice(&ActionKind::ALL[..6]);
        steps
    }

    /// The claim machine's whole legal table: (from, action, by staff, to).
    const CLAIM_LEGAL: [(ItemStatus, ActionKind, bool, ItemStatus); 9] = [
        (
            ItemStatus::Received,
            ActionKind::Acknowledge,
            true,
            ItemStatus::Acknowledged,
        ),
        (
            ItemStatus::Reopened,
            ActionKind::Acknowledge,
            true,
            ItemStatus::Acknowledged,
        ),
        (
            ItemStatus::Acknowledged,
            ActionKind::Schedule,
            true,
            ItemStatus::Scheduled,
        ),
        (
            ItemStatus::Scheduled,
            ActionKind::Schedule,
            true,
            ItemStatus::Scheduled,
        ),
        (
            ItemStatus::OnSite,
            ActionKind::Schedule,
            true,
            ItemStatus::Scheduled,
        ),
        (
            ItemStatus::Scheduled,
            ActionKind::ArriveOnSite,
            true,
            ItemStatus::OnSite,
        ),
        (
            ItemStatus::OnSite,
            ActionKind::Resolve,
            true,
            ItemStatus::Resolved,
        ),
        (
            ItemStatus::Resolved,
            ActionKind::Confirm,
            false,
            ItemStatus::Confirmed,
        ),
        (
            ItemStatus::Resolved,
            ActionKind::Reopen,
            false,
            ItemStatus::Reopened,
        ),
    ];

    #[test]
    fn claims_allow_exactly_the_legal_table_and_refuse_the_rest_with_the_right_error() {
        // Exhaustive over status × step × role: legal iff in the table; otherwise the wrong
        // role is refused as such, and the right role at the wrong time is illegal (409).
        let claim_statuses = &ItemStatus::ALL[..7];
        let mut legal_count = 0;
        for from in claim_statuses.iter().copied() {
            for a in claim_steps() {
                for staff in [true, false] {
                    let r = next_status(ServiceKind::Claim, from, &claim_action(a), staff);
                    let legal = CLAIM_LEGAL
                        .iter()
                        .find(|(f, x, s, _)| *f == from && *x == a && *s == staff);
                    match (legal, r) {
                        (Some((.., to)), Ok(got)) => {
                            assert_eq!(got, *to);
                            legal_count += 1;
                        }
                        (None, Err(ActionError::WrongRole(_))) => {
                            assert_eq!(a.is_homeowners(), staff, "{from:?} {a:?}")
                        }
                        (None, Err(ActionError::Illegal { .. })) => {
                            assert_eq!(a.is_homeowners(), !staff, "{from:?} {a:?}")
                        }
                        (l, r) => panic!("{from:?} {a:?} staff={staff}: {l:?} vs {r:?}"),
                    }
                }
            }
        }
        assert_eq!(legal_count, 9);
        assert_eq!(
            next_status(
                ServiceKind::Claim,
                st("received"),
                &ItemAction::ArriveOnSite,
                true
            )
            .unwrap_err()
            .to_string(),
            "cannot arrive_on_site a claim that is received"
        );
    }

    #[test]
    fn a_claim_walks_through_and_back() {
        use ActionKind as A;
        let script = [
            (A::Acknowledge, true),
            (A::Schedule, true),
            (A::ArriveOnSite, true),
            (A::Resolve, true),
            (A::Reopen, false),
            (A::Acknowledge, true),
            (A::Schedule, true),
            (A::ArriveOnSite, true),
            (A::Schedule, true),
            (A::ArriveOnSite, true),
            (A::Resolve, true),
            (A::Confirm, false),
        ];
        let mut s = ItemStatus::Received;
        for (a, staff) in script {
            s = next_status(ServiceKind::Claim, s, &claim_action(a), staff).unwrap();
        }
        assert_eq!(s, ItemStatus::Confirmed);
        assert!(is_closed(ServiceKind::Claim, s));
        assert_eq!(
            serde_json::to_value(claim_action(A::Reopen)).unwrap(),
            serde_json::json!({"action": "reopen", "reason": "仍然滴水"})
        );
    }

    #[test]
    fn a_claim_reopen_needs_a_reason_and_resolve_a_note_of_claim_length() {
        use crate::domain::warranty::MAX_NOTE_CHARS;
        let claim =
            |from: &str, a: ItemAction, staff| next_status(ServiceKind::Claim, st(from), &a, staff);
        for blank in ["", "   ", "\n\t"] {
            let reopen = ItemAction::Reopen {
                reason: blank.into(),
            };
            assert!(
                matches!(claim("resolved", reopen, false), Err(ActionError::Invalid(f)) if f.field == "reason")
            );
            let resolve = ItemAction::Resolve { note: blank.into() };
            assert!(
                matches!(claim("on_site", resolve, true), Err(ActionError::Invalid(f)) if f.field == "note")
            );
        }
        let reopen = |n| ItemAction::Reopen {
            reason: "漏".repeat(n),
        };
        assert!(claim("resolved", reopen(MAX_NOTE_CHARS + 1), false).is_err());
        assert!(claim("resolved", reopen(MAX_NOTE_CHARS), false).is_ok());
    }

    #[test]
    fn complaints_are_classified_answered_and_closed() {
        let s = |from: &str, a: ItemAction, staff: bool| {
            next_status(ServiceKind::Complaint, st(from), &a, staff).map(ItemStatus::as_str)
        };
        assert_eq!(
            s("received", ItemAction::Classify { level: 4 }, true).unwrap(),
            "received"
        );
        assert!(matches!(
            s("received", ItemAction::Classify { level: 6 }, true),
            Err(ActionError::Invalid(_))
        ));
        assert_eq!(
            s("received", ItemAction::Acknowledge, true).unwrap(),
            "acknowledged"
        );
        assert!(matches!(
            s(
                "acknowledged",
                ItemAction::Resolve { note: " ".into() },
                true
            ),
            Err(ActionError::Invalid(_))
        ));
        assert_eq!(
            s(
                "acknowledged",
                ItemAction::Resolve {
                    note: "已赔偿".into()
                },
                true
            )
            .unwrap(),
            "resolved"
        );
        assert_eq!(
            s(
                "resolved",
                ItemAction::Reopen {
                    reason: "还没修好".into()
                },
                false
            )
            .unwrap(),
            "reopened"
        );
        assert!(matches!(
            s("received", ItemAction::ArriveOnSite, true),
            Err(ActionError::Illegal { .. })
        ));
        // Only complaints have levels.
        assert!(matches!(
            next_status(
                ServiceKind::Claim,
                st("received"),
                &ItemAction::Classify { level: 2 },
                true
            ),
            Err(ActionError::Illegal { .. })
        ));
    }

    #[test]
    fn callbacks_and_follow_ups() {
        let cb = |from: &str, a: ItemAction, staff: bool| {
            next_status(ServiceKind::Callback, st(from), &a, staff).map(ItemStatus::as_str)
        };
        assert_eq!(
            cb("booked", ItemAction::Cancel, false).unwrap(),
            "cancelled"
        );
        assert!(matches!(
            cb("booked", ItemAction::Cancel, true),
            Err(ActionError::WrongRole(_))
        ));
        assert_eq!(
            cb(
                "booked",
                ItemAction::MarkCalled {
                    note: String::new()
                },
                true
            )
            .unwrap(),
            "called"
        );
        assert!(matches!(
            cb("called", ItemAction::Cancel, false),
            Err(ActionError::Illegal { .. })
        ));
        let fu = |from: &str, a: ItemAction| {
            next_status(ServiceKind::FollowUp, st(from), &a, true).map(ItemStatus::as_str)
        };
        assert_eq!(
            fu(
                "open",
                ItemAction::Close {
                    note: "已回访".into()
                }
            )
            .unwrap(),
            "closed"
        );
        assert!(is_closed(ServiceKind::FollowUp, ItemStatus::Closed));
        assert!(!is_closed(ServiceKind::Claim, ItemStatus::Resolved));
    }

    #[test]
    fn allowed_actions_per_role_come_from_the_machines() {
        // Which buttons each side gets per status: every_kind_offers_each_side_exactly_its_buttons_in_each_status.
        let (staff, owner) = (true, false);
        // Closed items offer nothing to anyone.
        for (k, s) in [
            (ServiceKind::Claim, "confirmed"),
            (ServiceKind::Callback, "called"),
            (ServiceKind::Callback, "cancelled"),
            (ServiceKind::FollowUp, "closed"),
        ] {
            for by_staff in [staff, owner] {
                assert!(allowed_actions(k, st(s), by_staff).is_empty(), "{s}");
            }
        }
        // Every offered action is one the machine accepts (with good details).
        for kind in ServiceKind::ALL {
            for status in ItemStatus::ALL {
                for staff in [true, false] {
                    for a in allowed_actions(kind, status, staff) {
                        assert!(step(kind, status, a).is_some());
                        assert_eq!(a.is_homeowners(), !staff);
                    }
                }
            }
        }
    }

    #[test]
    fn every_kind_offers_each_side_exactly_its_buttons_in_each_status() {
        use ActionKind as A;
        use ActionKind::*;
        use ServiceKind as K;
        // (kind, status, staff's actions, the homeowner's actions), in the order the UI offers
        // them; every status a kind passes through is listed.
        let table: &[(K, &str, &[A], &[A])] = &[
            (K::Claim, "received", &[Acknowledge, Assign], &[]),
            (K::Claim, "acknowledged", &[Schedule, Assign], &[]),
            (
                K::Claim,
                "scheduled",
                &[Schedule, ArriveOnSite, Assign],
                &[],
            ),
            (K::Claim, "on_site", &[Schedule, Resolve, Assign], &[]),
            (K::Claim, "resolved", &[Assign], &[Confirm, Reopen]),
            (K::Claim, "reopened", &[Acknowledge, Assign], &[]),
            (K::Claim, "confirmed", &[], &[]),
            (
                K::Complaint,
                "received",
                &[Acknowledge, Assign, Classify],
                &[],
            ),
            (
                K::Complaint,
                "acknowledged",
                &[Resolve, Assign, Classify],
                &[],
            ),
            (
                K::Complaint,
                "resolved",
                &[Assign, Classify],
                &[Confirm, Reopen],
            ),
            (
                K::Complaint,
                "reopened",
                &[Acknowledge, Assign, Classify],
                &[],
            ),
            (K::Complaint, "confirmed", &[], &[]),
            (
                K::Callback,
                "booked",
                &[Acknowledge, Assign, MarkCalled],
                &[Cancel, Move],
            ),
            (K::Callback, "called", &[], &[]),
            (K::Callback, "cancelled", &[], &[]),
            (K::FollowUp, "open", &[Acknowledge, Assign, Close], &[]),
            (K::FollowUp, "acknowledged", &[Assign, Close], &[]),
            (K::FollowUp, "closed", &[], &[]),
        ];
        for (kind, status, staff, owner) in table {
            assert_eq!(
                allowed_actions(*kind, st(status), true),
                *staff,
                "{kind:?} {status} staff"
            );
            assert_eq!(
                allowed_actions(*kind, st(status), false),
                *owner,
                "{kind:?} {status} homeowner"
            );
        }
        // The table covers every status a kind can reach from where it starts.
        for kind in K::ALL {
            let mut seen = vec![ItemStatus::initial(kind)];
            let mut i = 0;
            while i < seen.len() {
                for a in A::ALL {
                    if let Some(next) = step(kind, seen[i], a) {
                        if !seen.contains(&next) {
                            seen.push(next);
                        }
                    }
                }
                i += 1;
            }
            for s in seen {
                assert!(
                    table
                        .iter()
                        .any(|(k, name, ..)| *k == kind && st(name) == s),
                    "{kind:?} reaches {s:?}, which the table leaves out"
                );
            }
        }
    }
}
