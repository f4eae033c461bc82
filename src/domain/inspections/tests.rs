use super::*;
use crate::domain::error::too_long_refusal;
use crate::domain::error::ErrorCode;
use crate::domain::variants::assert_round_trips;
use chrono::Duration;

fn t(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
}

fn checklist() -> Vec<ChecklistItem> {
    default_checklist_items(NodeKind::PlumbingElectrical)
}

fn result(id: &str, result: ItemResult) -> ItemResultInput {
    ItemResultInput {
        item_id: id.into(),
        result,
        note: String::new(),
        photo_ids: vec![],
    }
}

fn rework(failed_at: &str, closed_at: Option<&str>) -> ReworkItem {
    let failed_at = t(failed_at);
    ReworkItem {
        id: "r1".into(),
        node: NodeKind::Waterproofing,
        item_id: "waterproofing-01".into(),
        item_text: "闭水试验48小时无渗漏".into(),
        note: "楼下顶面有水渍".into(),
        failed_at,
        due_at: rework_due(failed_at),
        closed_at: closed_at.map(t),
        closing_note: String::new(),
        closing_photos: vec![],
        overdue: false,
    }
}

#[test]
fn nodes_are_ordered_and_round_trip() {
    assert_eq!(NodeKind::ALL[0], NodeKind::Kickoff);
    assert_eq!(NodeKind::ALL[5], NodeKind::Completion);
    for (i, k) in NodeKind::ALL.into_iter().enumerate() {
        assert_eq!(NodeKind::parse(k.as_str()), Some(k));
        assert_eq!(k.index(), i);
        assert!(!k.label_zh().is_empty());
    }
    assert_eq!(NodeKind::parse("nope"), None);
    assert_eq!(NodeKind::Kickoff.previous(), None);
    assert_eq!(NodeKind::Completion.following(), None);
    assert_eq!(
        NodeKind::PlumbingElectrical.following(),
        Some(NodeKind::Waterproofing)
    );
    assert!(NodeKind::Kickoff < NodeKind::Completion);
    assert_eq!(
        serde_json::to_string(&NodeKind::TilingCarpentry).unwrap(),
        "\"tiling_carpentry\""
    );
}

#[test]
fn default_checklists_are_seeded() {
    let mut all_ids = Vec::new();
    for k in NodeKind::ALL {
        let list = k.default_checklist();
        if k == NodeKind::Completion {
            assert_eq!(list.len(), 12, "12 hard indicators");
        } else {
            assert!((5..=8).contains(&list.len()), "{k:?}");
        }
        for item in list {
            assert!(
                item.id.starts_with(&format!("{}-", k.as_str())),
                "{}",
                item.id
            );
            assert!(!item.text.is_empty());
            assert!(!all_ids.contains(&item.id), "duplicate {}", item.id);
            all_ids.push(item.id);
        }
        assert_eq!(default_checklist_items(k).len(), list.len());
    }
    let texts: Vec<_> = NodeKind::Waterproofing
        .default_checklist()
        .iter()
        .map(|i| i.text)
        .collect();
    assert!(texts.iter().any(|t| t.contains("闭水试验48小时")));
    assert!(texts.iter().any(|t| t.contains("1.8m")));
    let pe: Vec<_> = NodeKind::PlumbingElectrical
        .default_checklist()
        .iter()
        .map(|i| i.text)
        .collect();
    assert!(pe.iter().any(|t| t.contains("0.8MPa")));
    assert!(pe.iter().any(|t| t.contains("≥30cm")));
}

#[test]
fn results_and_statuses_round_trip() {
    for r in ItemResult::ALL {
        assert_eq!(ItemResult::parse(r.as_str()), Some(r));
    }
    assert_round_trips(&NodeStatus::ALL, NodeStatus::parse, NodeStatus::as_str);
    assert_eq!(ItemResult::parse("maybe"), None);
    assert_eq!(NodeStatus::parse(""), None);
}

#[test]
fn happy_path_through_the_node() {
    use NodeStatus as S;
    let s = next_status(S::Upcoming, &NodeEvent::Schedule).unwrap();
    assert_eq!(s, S::Scheduled);
    let s = next_status(s, &NodeEvent::Schedule).unwrap();
    assert_eq!(s, S::Scheduled, "rescheduling is fine");
    let s = next_status(s, &NodeEvent::Start).unwrap();
    assert_eq!(s, S::InProgress);
    let s = next_status(s, &NodeEvent::Recorded { failed: 2 }).unwrap();
    assert_eq!(s, S::ReworkOpen);
    let s = next_status(s, &NodeEvent::ReworkClosed { still_open: 1 }).unwrap();
    assert_eq!(s, S::ReworkOpen);
    let s = next_status(s, &NodeEvent::ReworkClosed { still_open: 0 }).unwrap();
    assert_eq!(s, S::InProgress);
    let s = next_status(s, &NodeEvent::Recorded { failed: 0 }).unwrap();
    assert_eq!(s, S::InProgress);
    let s = next_status(s, &NodeEvent::Pass { open_rework: 0 }).unwrap();
    assert_eq!(s, S::Passed);
    let s = next_status(s, &NodeEvent::SignOff).unwrap();
    assert_eq!(s, S::SignedOff);
}

#[test]
fn cannot_pass_with_open_rework() {
    assert!(can_pass(0));
    assert!(!can_pass(1));
    for from in [NodeStatus::InProgress, NodeStatus::ReworkOpen] {
        assert_eq!(
            next_status(from, &NodeEvent::Pass { open_rework: 3 }),
            Err(TransitionError::OpenRework { open: 3 })
        );
    }
    assert_eq!(
        next_status(NodeStatus::ReworkOpen, &NodeEvent::Pass { open_rework: 0 }),
        Ok(NodeStatus::Passed)
    );
    assert_eq!(
        TransitionError::OpenRework { open: 1 }.code(),
        ErrorCode::ReworkOpen
    );
}

#[test]
fn signed_off_is_frozen() {
    let events = [
        NodeEvent::Schedule,
        NodeEvent::Start,
        NodeEvent::Recorded { failed: 1 },
        NodeEvent::ReworkClosed { still_open: 0 },
        NodeEvent::Pass { open_rework: 0 },
        NodeEvent::SignOff,
        NodeEvent::Dispute {
            reason: "瓷砖有空鼓现象".into(),
        },
        NodeEvent::Reinspect,
    ];
    for e in &events {
        assert_eq!(
            next_status(NodeStatus::SignedOff, e),
            Err(TransitionError::Frozen),
            "{e:?}"
        );
    }
}

#[test]
fn dispute_needs_a_reason_of_5_to_500_chars() {
    let dispute =
        |r: &str| next_status(NodeStatus::Passed, &NodeEvent::Dispute { reason: r.into() });
    assert_eq!(dispute("墙面有裂纹"), Ok(NodeStatus::Disputed));
    assert_eq!(dispute(&"字".repeat(500)), Ok(NodeStatus::Disputed));
    let err = dispute("  不行  ").unwrap_err();
    assert!(matches!(err, TransitionError::Invalid(ref f) if f.field == "reason"));
    assert_eq!(err.code(), ErrorCode::Validation);
    assert!(dispute(&"字".repeat(501)).is_err());
    assert!(dispute("").is_err());
    assert_eq!(
        next_status(NodeStatus::Disputed, &NodeEvent::Reinspect),
        Ok(NodeStatus::InProgress)
    );
    let d = Dispute {
        reason: "  地漏返味严重  ".into(),
    }
    .validated()
    .unwrap();
    assert_eq!(d.reason, "地漏返味严重");
    assert!(Dispute { reason: "x".into() }.validated().is_err());
}

#[test]
fn illegal_transitions_are_refused() {
    use NodeStatus as S;
    let refused = [
        (S::Upcoming, NodeEvent::Start),
        (S::Upcoming, NodeEvent::Pass { open_rework: 0 }),
        (S::Upcoming, NodeEvent::SignOff),
        (S::Scheduled, NodeEvent::Pass { open_rework: 0 }),
        (S::Scheduled, NodeEvent::Recorded { failed: 0 }),
        (S::InProgress, NodeEvent::SignOff),
        (S::InProgress, NodeEvent::Schedule),
        (S::ReworkOpen, NodeEvent::SignOff),
        (S::Passed, NodeEvent::Pass { open_rework: 0 }),
        (S::Passed, NodeEvent::Start),
        (S::Passed, NodeEvent::Recorded { failed: 1 }),
        (S::Disputed, NodeEvent::SignOff),
        (S::Disputed, NodeEvent::Pass { open_rework: 0 }),
        (
            S::InProgress,
            NodeEvent::Dispute {
                reason: "理由理由理由".into(),
            },
        ),
    ];
    for (from, e) in refused {
        assert_eq!(
            next_status(from, &e),
            Err(TransitionError::NotAllowed {
                from: from.as_str(),
                event: e.as_str()
            }),
            "{from:?} {e:?}"
        );
    }
}

/// One event of each kind, and of each outcome where the details decide it.
fn sample_events() -> [NodeEvent; 11] {
    [
        NodeEvent::Schedule,
        NodeEvent::Start,
        NodeEvent::Recorded { failed: 0 },
        NodeEvent::Recorded { failed: 1 },
        NodeEvent::ReworkClosed { still_open: 0 },
        NodeEvent::ReworkClosed { still_open: 2 },
        NodeEvent::Pass { open_rework: 0 },
        NodeEvent::Pass { open_rework: 1 },
        NodeEvent::SignOff,
        NodeEvent::Dispute {
            reason: "五个字以上".into(),
        },
        NodeEvent::Reinspect,
    ]
}

#[test]
fn transitions_never_leave_signed_off_and_only_passed_signs_off() {
    // Exhaustive over statuses × a representative set of events.
    let events = sample_events();
    for from in NodeStatus::ALL {
        for e in &events {
            if let Ok(to) = next_status(from, e) {
                assert_ne!(from, NodeStatus::SignedOff);
                if to == NodeStatus::SignedOff {
                    assert_eq!(from, NodeStatus::Passed);
                }
                if to == NodeStatus::Passed {
                    assert!(matches!(e, NodeEvent::Pass { open_rework: 0 }));
                }
            }
        }
    }
}

#[test]
fn next_node_is_the_first_not_signed_off() {
    use NodeKind as K;
    use NodeStatus as S;
    assert_eq!(next_node(&[]), Some(K::Kickoff));
    assert_eq!(
        next_node(&[
            (K::Kickoff, S::SignedOff),
            (K::PlumbingElectrical, S::Passed)
        ]),
        Some(K::PlumbingElectrical)
    );
    assert_eq!(
        next_node(&[
            (K::Kickoff, S::SignedOff),
            (K::PlumbingElectrical, S::SignedOff)
        ]),
        Some(K::Waterproofing)
    );
    let all: Vec<_> = K::ALL.into_iter().map(|k| (k, S::SignedOff)).collect();
    assert_eq!(next_node(&all), None);
    // Order of the slice does not matter.
    let mut rev = all.clone();
    rev.reverse();
    rev[0].1 = S::ReworkOpen; // completion
    assert_eq!(next_node(&rev), Some(K::Completion));
}

#[test]
fn a_node_starts_only_after_the_previous_passed() {
    use NodeKind as K;
    use NodeStatus as S;
    assert!(may_start(K::Kickoff, &[]));
    assert!(!may_start(K::PlumbingElectrical, &[]));
    assert!(!may_start(
        K::TilingCarpentry,
        &[(K::Waterproofing, S::ReworkOpen)]
    ));
    assert!(may_start(
        K::TilingCarpentry,
        &[(K::Waterproofing, S::Passed)]
    ));
    assert!(may_start(
        K::TilingCarpentry,
        &[(K::Waterproofing, S::SignedOff)]
    ));
}

#[test]
fn rework_is_due_exactly_48_hours_later() {
    let failed = t("2026-03-01T10:30:00Z");
    assert_eq!(rework_due(failed), t("2026-03-03T10:30:00Z"));
    let r = rework("2026-03-01T10:30:00Z", None);
    assert!(
        !r.is_overdue(t("2026-03-03T10:30:00Z")),
        "due exactly now: not yet"
    );
    assert!(r.is_overdue(t("2026-03-03T10:30:01Z")));
    assert!(!r.is_overdue(t("2026-03-02T10:30:00Z")));
    let closed = rework("2026-03-01T10:30:00Z", Some("2026-03-04T00:00:00Z"));
    assert!(
        !closed.is_overdue(t("2026-03-10T00:00:00Z")),
        "closed late is not overdue"
    );
}

#[test]
fn counts_open_and_overdue_rework() {
    let items = vec![
        rework("2026-03-01T00:00:00Z", None),
        rework("2026-03-02T00:00:00Z", None),
        rework("2026-03-01T00:00:00Z", Some("2026-03-02T00:00:00Z")),
    ];
    assert_eq!(open_rework_count(&items), 2);
    let now = t("2026-03-03T12:00:00Z");
    let overdue = overdue_rework(&items, now);
    assert_eq!(overdue.len(), 1);
    assert_eq!(overdue[0].failed_at, t("2026-03-01T00:00:00Z"));
    assert!(!can_pass(open_rework_count(&items)));
    // Property: over a week of minutes, overdue ⇔ now > failed + 48h.
    let failed = t("2026-03-01T00:00:00Z");
    for m in (0..7 * 24 * 60).step_by(17) {
        let now = failed + Duration::minutes(m);
        assert_eq!(
            is_overdue(rework_due(failed), None, now),
            m > REWORK_HOURS * 60
        );
    }
}

#[test]
fn closed_water_test_runs_48_hours() {
    let start = t("2026-03-01T09:00:00Z");
    assert_eq!(closed_water_test_ends(start), t("2026-03-03T09:00:00Z"));
    assert!(!closed_water_test_done(start, t("2026-03-03T08:59:59Z")));
    assert!(closed_water_test_done(start, t("2026-03-03T09:00:00Z")));
}

#[test]
fn inspection_input_is_checked_against_the_checklist() {
    let list = checklist();
    let mut fail = result("plumbing_electrical-02", ItemResult::Fail);
    fail.note = "  保压30分钟压降0.1MPa ".into();
    let input = InspectionInput {
        items: vec![
            result("plumbing_electrical-01", ItemResult::Pass),
            fail,
            result("plumbing_electrical-03", ItemResult::NotApplicable),
        ],
    };
    let v = input.validated(&list).unwrap();
    assert_eq!(v.items[1].note, "保压30分钟压降0.1MPa");
    assert_eq!(v.failed().count(), 1);
    assert_eq!(v.missing(&list).len(), list.len() - 3);

    let empty = InspectionInput { items: vec![] };
    assert_eq!(empty.validated(&list).unwrap_err().field, "items");

    let unknown = InspectionInput {
        items: vec![result("waterproofing-01", ItemResult::Pass)],
    };
    assert_eq!(unknown.validated(&list).unwrap_err().field, "items");

    let twice = InspectionInput {
        items: vec![
            result("plumbing_electrical-01", ItemResult::Pass),
            result("plumbing_electrical-01", ItemResult::Fail),
        ],
    };
    assert_eq!(twice.validated(&list).unwrap_err().field, "items");

    let silent_fail = InspectionInput {
        items: vec![result("plumbing_electrical-01", ItemResult::Fail)],
    };
    assert_eq!(silent_fail.validated(&list).unwrap_err().field, "note");

    let mut long = result("plumbing_electrical-01", ItemResult::Pass);
    long.note = "字".repeat(MAX_NOTE_CHARS + 1);
    let long = InspectionInput { items: vec![long] };
    assert_eq!(long.validated(&list).unwrap_err().field, "note");

    let mut photos = result("plumbing_electrical-01", ItemResult::Pass);
    photos.photo_ids = (0..=MAX_PHOTOS_PER_ITEM).map(|n| n.to_string()).collect();
    let many = InspectionInput {
        items: vec![photos.clone()],
    };
    assert_eq!(many.validated(&list).unwrap_err().field, "photo_ids");
    photos.photo_ids = vec!["a".into(), "a".into()];
    let dup = InspectionInput {
        items: vec![photos],
    };
    assert_eq!(dup.validated(&list).unwrap_err().field, "photo_ids");
}

#[test]
fn inspection_input_json_defaults() {
    let v: InspectionInput =
        serde_json::from_str(r#"{"items":[{"item_id":"kickoff-01","result":"not_applicable"}]}"#)
            .unwrap();
    assert_eq!(v.items[0].result, ItemResult::NotApplicable);
    assert!(v.items[0].note.is_empty() && v.items[0].photo_ids.is_empty());
}

#[test]
fn sign_off_note_is_bounded() {
    let s = SignOff {
        note: "  满意 ".into(),
    }
    .validated()
    .unwrap();
    assert_eq!(s.note, "满意");
    assert!(SignOff {
        note: "x".repeat(MAX_NOTE_CHARS + 1)
    }
    .validated()
    .is_err());
}

#[test]
fn handover_steps_in_order() {
    assert_eq!(HandoverStep::ALL.len(), 5);
    for s in HandoverStep::ALL {
        assert_eq!(HandoverStep::parse(s.as_str()), Some(s));
    }
    assert_eq!(
        HandoverStep::PreAcceptance.following(),
        Some(HandoverStep::ExperienceDay)
    );
    assert_eq!(HandoverStep::Handover.following(), None);
}

fn view(kind: NodeKind, status: NodeStatus, rework: Vec<ReworkItem>) -> NodeView {
    NodeView {
        kind,
        label: kind.label_zh().into(),
        status,
        scheduled_at: None,
        inspected_at: None,
        inspector_name: None,
        third_party_invited: false,
        items: vec![],
        rework,
        signed_off_at: None,
        dispute_reason: None,
        can_sign_off: false,
    }
}

fn rework_at(failed: &str, closed: Option<&str>) -> ReworkItem {
    let failed_at = t(failed);
    ReworkItem {
        id: "r".into(),
        node: NodeKind::PlumbingElectrical,
        item_id: "x".into(),
        item_text: "x".into(),
        note: "n".into(),
        failed_at,
        due_at: rework_due(failed_at),
        closed_at: closed.map(t),
        closing_note: String::new(),
        closing_photos: vec![],
        overdue: false,
    }
}

#[test]
fn progress_counts_done_nodes_and_rework() {
    let nodes = vec![
        view(NodeKind::Kickoff, NodeStatus::SignedOff, vec![]),
        view(
            NodeKind::PlumbingElectrical,
            NodeStatus::ReworkOpen,
            vec![
                rework_at("2026-11-01T08:00:00Z", None),
                rework_at("2026-11-03T08:00:00Z", None),
                rework_at("2026-10-30T08:00:00Z", Some("2026-10-31T08:00:00Z")),
            ],
        ),
        view(NodeKind::Waterproofing, NodeStatus::Upcoming, vec![]),
    ];
    let p = ProjectProgress::new("p".into(), nodes, t("2026-11-04T07:00:00Z"), false);
    assert_eq!(p.done, 1);
    assert_eq!(p.next, Some(NodeKind::PlumbingElectrical));
    assert_eq!(p.open_rework, 2);
    // Due 2026-11-03T08:00 is past; due 2026-11-05T08:00 is not.
    assert_eq!(p.overdue_rework, 1);
}

#[test]
fn schedule_must_not_be_in_the_past() {
    let now = t("2026-11-04T07:00:00Z");
    let past = ScheduleInput {
        scheduled_at: t("2026-11-04T06:59:59Z"),
        third_party_invited: false,
    };
    assert_eq!(past.validated(now).unwrap_err().field, "scheduled_at");
    let ok = ScheduleInput {
        scheduled_at: now,
        third_party_invited: true,
    };
    assert!(ok.validated(now).is_ok());
}

#[test]
fn closing_rework_needs_a_note_and_photos() {
    let no_photo = CloseRework {
        note: " 已返工 ".into(),
        photo_ids: vec![],
    };
    assert_eq!(no_photo.validated().unwrap_err().field, "photo_ids");
    let no_note = CloseRework {
        note: "  ".into(),
        photo_ids: vec!["a".into()],
    };
    assert_eq!(no_note.validated().unwrap_err().field, "note");
    let ok = CloseRework {
        note: " 已返工 ".into(),
        photo_ids: vec!["a".into()],
    }
    .validated()
    .unwrap();
    assert_eq!(ok.note, "已返工");
}

#[test]
fn checklist_input_needs_distinct_ids() {
    let item = |id: &str| ChecklistItem {
        id: id.into(),
        text: "检查".into(),
    };
    assert!(ChecklistInput { items: vec![] }.validated().is_err());
    assert!(ChecklistInput {
        items: vec![item("a"), item(" a ")]
    }
    .validated()
    .is_err());
    assert_eq!(
        ChecklistInput {
            items: vec![item(" a "), item("b")]
        }
        .validated()
        .unwrap()
        .items[0]
            .id,
        "a"
    );
}

#[test]
fn refusals_carry_their_reason_and_limit() {
    use crate::domain::error::FieldReason;
    let why = |e: FieldError| (e.field, e.reason, e.limit);
    // A range check says which side was passed.
    assert_eq!(
        why(validate_dispute_reason(" abcd ").unwrap_err()),
        (
            "reason",
            FieldReason::TooShort,
            Some(DISPUTE_REASON_MIN_CHARS as u32)
        )
    );
    assert_eq!(
        why(validate_dispute_reason(&"x".repeat(DISPUTE_REASON_MAX_CHARS + 1)).unwrap_err()),
        too_long_refusal("reason", DISPUTE_REASON_MAX_CHARS)
    );
    let list = checklist();
    let first = list[0].id.as_str();
    let check =
        |items: Vec<ItemResultInput>| why(InspectionInput { items }.validated(&list).unwrap_err());
    assert_eq!(check(vec![]), ("items", FieldReason::Required, None));
    assert_eq!(
        check(vec![result("nope-01", ItemResult::Pass)]),
        ("items", FieldReason::NotAllowed, None)
    );
    assert_eq!(
        check(vec![
            result(first, ItemResult::Pass),
            result(first, ItemResult::Pass)
        ]),
        ("items", FieldReason::Duplicate, None)
    );
    assert_eq!(
        check(vec![result(first, ItemResult::Fail)]),
        ("note", FieldReason::Required, None)
    );
    let mut long = result(first, ItemResult::Pass);
    long.note = "x".repeat(MAX_NOTE_CHARS + 1);
    assert_eq!(
        check(vec![long]),
        ("note", FieldReason::TooLong, Some(MAX_NOTE_CHARS as u32))
    );
    let mut many = result(first, ItemResult::Pass);
    many.photo_ids = (0..=MAX_PHOTOS_PER_ITEM).map(|n| n.to_string()).collect();
    assert_eq!(
        check(vec![many]),
        too_long_refusal("photo_ids", MAX_PHOTOS_PER_ITEM)
    );
    let past = ScheduleInput {
        scheduled_at: t("2026-01-01T08:00:00Z"),
        third_party_invited: false,
    };
    assert_eq!(
        why(past.validated(t("2026-01-02T08:00:00Z")).unwrap_err()),
        ("scheduled_at", FieldReason::OutOfRange, None)
    );
    let close = |note: &str, photo_ids: Vec<String>| {
        why(CloseRework {
            note: note.into(),
            photo_ids,
        }
        .validated()
        .unwrap_err())
    };
    assert_eq!(
        close(" ", vec!["p".into()]),
        ("note", FieldReason::Required, None)
    );
    assert_eq!(
        close("fixed", vec![]),
        ("photo_ids", FieldReason::Required, None)
    );
}

#[test]
fn checklist_refusals_carry_their_reason_and_limit() {
    use crate::domain::error::FieldReason;
    let item = |id: &str, text: &str| ChecklistItem {
        id: id.into(),
        text: text.into(),
    };
    let check = |items: Vec<ChecklistItem>| {
        let e = ChecklistInput { items }.validated().unwrap_err();
        (e.field, e.reason, e.limit)
    };
    assert_eq!(check(vec![]), ("items", FieldReason::Required, None));
    assert_eq!(
        check(
            (0..=MAX_CHECKLIST_ITEMS)
                .map(|n| item(&n.to_string(), "t"))
                .collect()
        ),
        too_long_refusal("items", MAX_CHECKLIST_ITEMS)
    );
    assert_eq!(
        check(vec![item(" ", "t")]),
        ("items", FieldReason::Required, None)
    );
    assert_eq!(
        check(vec![item(&"i".repeat(MAX_CHECKLIST_ID_CHARS + 1), "t")]),
        too_long_refusal("items", MAX_CHECKLIST_ID_CHARS)
    );
    assert_eq!(
        check(vec![item("a", "")]),
        ("items", FieldReason::Required, None)
    );
    assert_eq!(
        check(vec![item("a", &"t".repeat(MAX_CHECKLIST_TEXT_CHARS + 1))]),
        too_long_refusal("items", MAX_CHECKLIST_TEXT_CHARS)
    );
    assert_eq!(
        check(vec![item("a", "t"), item("a", "u")]),
        ("items", FieldReason::Duplicate, None)
    );
    assert!(ChecklistInput {
        items: vec![item(
            &"i".repeat(MAX_CHECKLIST_ID_CHARS),
            &"t".repeat(MAX_CHECKLIST_TEXT_CHARS)
        )]
    }
    .validated()
    .is_ok());
}

/// Who takes a node event (the server checks the role; the machine checks the order).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Actor {
    /// Staff recording the inspection.
    Inspector,
    /// The crew (or staff) closing rework.
    Crew,
    Homeowner,
}

fn actor(e: &NodeEvent) -> Actor {
    match e {
        NodeEvent::Schedule
        | NodeEvent::Start
        | NodeEvent::Recorded { .. }
        | NodeEvent::Pass { .. }
        | NodeEvent::Reinspect => Actor::Inspector,
        NodeEvent::ReworkClosed { .. } => Actor::Crew,
        NodeEvent::SignOff | NodeEvent::Dispute { .. } => Actor::Homeowner,
    }
}

#[test]
fn each_status_accepts_exactly_its_events_per_actor() {
    use NodeStatus as S;
    let events = sample_events();
    // (status, actor, [(event index, status after)]): everything else is refused.
    type Row = (S, Actor, &'static [(usize, S)]);
    let table: &[Row] = &[
        (S::Upcoming, Actor::Inspector, &[(0, S::Scheduled)]),
        (
            S::Scheduled,
            Actor::Inspector,
            &[(0, S::Scheduled), (1, S::InProgress)],
        ),
        (
            S::InProgress,
            Actor::Inspector,
            &[(2, S::InProgress), (3, S::ReworkOpen), (6, S::Passed)],
        ),
        (
            S::ReworkOpen,
            Actor::Inspector,
            &[(2, S::ReworkOpen), (3, S::ReworkOpen), (6, S::Passed)],
        ),
        (
            S::ReworkOpen,
            Actor::Crew,
            &[(4, S::InProgress), (5, S::ReworkOpen)],
        ),
        (
            S::Passed,
            Actor::Homeowner,
            &[(8, S::SignedOff), (9, S::Disputed)],
        ),
        (S::Disputed, Actor::Inspector, &[(10, S::InProgress)]),
    ];
    let mut accepted = 0;
    for from in NodeStatus::ALL {
        for who in [Actor::Inspector, Actor::Crew, Actor::Homeowner] {
            let expected: &[(usize, S)] = table
                .iter()
                .find(|(s, a, _)| *s == from && *a == who)
                .map_or(&[], |(.., allowed)| allowed);
            for (i, e) in events.iter().enumerate().filter(|(_, e)| actor(e) == who) {
                let got = next_status(from, e);
                match expected.iter().find(|(j, _)| *j == i) {
                    Some((_, to)) => {
                        assert_eq!(got, Ok(*to), "{from:?} {e:?}");
                        accepted += 1;
                    }
                    None => {
                        let err = got.expect_err(&format!("{from:?} accepts {e:?}"));
                        let why = match (from, e) {
                            (S::SignedOff, _) => TransitionError::Frozen,
                            (S::InProgress | S::ReworkOpen, NodeEvent::Pass { open_rework }) => {
                                TransitionError::OpenRework { open: *open_rework }
                            }
                            _ => TransitionError::NotAllowed {
                                from: from.as_str(),
                                event: e.as_str(),
                            },
                        };
                        assert_eq!(err, why, "{from:?} {e:?}");
                        assert_eq!(
                            err.code() == ErrorCode::ReworkOpen,
                            matches!(why, TransitionError::OpenRework { .. })
                        );
                    }
                }
            }
        }
    }
    assert_eq!(accepted, table.iter().map(|(.., a)| a.len()).sum::<usize>());
}
