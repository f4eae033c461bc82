use super::*;
use crate::domain::variants::assert_round_trips;
use chrono::Datelike;
use chrono_tz::{Asia::Shanghai, Europe::Berlin};

fn at(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
}

fn cfg() -> ServiceLevelConfig {
    ServiceLevelConfig::default()
}

#[test]
fn levels_are_one_to_five_and_four_is_major() {
    for n in 0..=u8::MAX {
        let l = Level::new(n);
        assert_eq!(l.is_ok(), (1..=5).contains(&n), "{n}");
        if let Ok(l) = l {
            assert_eq!(l.get(), n);
            assert_eq!(l.is_major(), n >= 4);
        }
    }
    assert_eq!(serde_json::to_string(&Level::new(4).unwrap()).unwrap(), "4");
    assert_eq!(serde_json::from_str::<Level>("5").unwrap(), Level::MAX);
    assert!(serde_json::from_str::<Level>("0").is_err());
    assert!(serde_json::from_str::<Level>("6").is_err());
}

#[test]
fn names_round_trip() {
    assert_round_trips(&ItemKind::ALL, ItemKind::parse, ItemKind::as_str);
    for u in [Urgency::Routine, Urgency::Urgent] {
        assert_eq!(Urgency::parse(u.as_str()), Some(u));
    }
    assert_eq!(ItemKind::parse("Complaint"), None);
}

#[test]
fn config_defaults_are_the_manual_and_are_checked() {
    let c = cfg().validated().unwrap();
    assert_eq!(c.routine_first_response_min, 15);
    assert_eq!(c.urgent_on_site_min, 30);
    assert_eq!(c.major_complaint_team_min, 120);
    assert_eq!(c.complaint_answer_min, 1440);
    assert_eq!(c.complaint_close_min, 4320);
    // A stored config missing newer fields falls back to the defaults.
    let partial: ServiceLevelConfig =
        serde_json::from_str(r#"{"routine_first_response_min": 8}"#).unwrap();
    assert_eq!(partial.routine_first_response_min, 8);
    assert_eq!(partial.amber_remaining_bp, 2_000);
    let bad = [
        ServiceLevelConfig {
            routine_first_response_min: 0,
            ..cfg()
        },
        ServiceLevelConfig {
            complaint_close_min: MAX_TARGET_MIN + 1,
            ..cfg()
        },
        ServiceLevelConfig {
            complaint_answer_min: 80 * 60,
            ..cfg()
        },
        ServiceLevelConfig {
            repair_callback_from_min: 48 * 60,
            ..cfg()
        },
        ServiceLevelConfig {
            install_follow_up_day: 3,
            ..cfg()
        },
        ServiceLevelConfig {
            install_follow_up_day: 0,
            ..cfg()
        },
        ServiceLevelConfig {
            amber_remaining_bp: 10_001,
            ..cfg()
        },
    ];
    for b in bad {
        assert!(b.validated().is_err(), "{b:?}");
    }
}

#[test]
fn deadlines_by_kind_urgency_and_level() {
    let c = at("2026-11-23T23:50:00+08:00");
    let kinds = |ds: &[Deadline]| ds.iter().map(|d| d.what).collect::<Vec<_>>();

    let routine = deadlines(ItemKind::WarrantyClaim, Urgency::Routine, None, c, &cfg());
    assert_eq!(kinds(&routine), [DeadlineKind::FirstResponse]);
    // Across local midnight: a duration, not a calendar rule.
    assert_eq!(routine[0].due_at, at("2026-11-24T00:05:00+08:00"));

    let urgent = deadlines(ItemKind::WarrantyClaim, Urgency::Urgent, None, c, &cfg());
    assert_eq!(
        kinds(&urgent),
        [DeadlineKind::FirstResponse, DeadlineKind::OnSite]
    );
    assert_eq!(urgent[1].due_at, c + Duration::minutes(30));

    // Urgency only puts staff on site for claims.
    let callback = deadlines(ItemKind::Callback, Urgency::Urgent, None, c, &cfg());
    assert_eq!(kinds(&callback), [DeadlineKind::FirstResponse]);

    for n in 1..=5u8 {
        let level = Level::new(n).ok();
        let ds = deadlines(ItemKind::Complaint, Urgency::Urgent, level, c, &cfg());
        let mut want = vec![];
        if n >= 4 {
            want.push(DeadlineKind::MajorComplaintTeam);
        }
        want.extend([DeadlineKind::ComplaintAnswer, DeadlineKind::ComplaintClose]);
        assert_eq!(kinds(&ds), want, "level {n}");
        assert_eq!(ds.last().unwrap().due_at, c + Duration::hours(72));
        assert!(ds.windows(2).all(|w| w[0].due_at <= w[1].due_at));
        assert!(ds.iter().all(|d| d.starts_at == c));
    }
    let unknown = deadlines(ItemKind::Complaint, Urgency::Routine, None, c, &cfg());
    assert_eq!(unknown.len(), 2);
    assert_eq!(unknown[0].target_len(), Duration::hours(24));

    // A faster company.
    let fast = ServiceLevelConfig {
        routine_first_response_min: 8,
        ..cfg()
    };
    let ds = deadlines(ItemKind::Callback, Urgency::Routine, None, c, &fast);
    assert_eq!(ds[0].due_at, c + Duration::minutes(8));
}

#[test]
fn clock_runs_turns_amber_at_twenty_percent_and_breaches() {
    let d = Deadline::after(DeadlineKind::FirstResponse, at("2026-11-23T10:00:00Z"), 15);
    let s = |now: &str| d.state(None, at(now), &cfg());
    assert_eq!(
        s("2026-11-23T10:00:00Z"),
        ClockState::Running {
            remaining_secs: 900
        }
    );
    // 15 minutes: amber with 3 minutes (20%) left, not a millisecond before.
    assert_eq!(
        d.state(None, at("2026-11-23T10:11:59.999Z"), &cfg()),
        ClockState::Running {
            remaining_secs: 180
        }
    );
    assert_eq!(
        s("2026-11-23T10:12:00Z"),
        ClockState::Amber {
            remaining_secs: 180
        }
    );
    // Exactly at the due time: still open, not breached.
    assert_eq!(
        s("2026-11-23T10:15:00Z"),
        ClockState::Amber { remaining_secs: 0 }
    );
    assert!(!breached(d.due_at, None, d.due_at));
    assert_eq!(
        d.state(None, at("2026-11-23T10:15:00.001Z"), &cfg()),
        ClockState::Breached { overdue_secs: 0 }
    );
    assert!(breached(d.due_at, None, at("2026-11-23T10:15:00.001Z")));
    assert_eq!(
        s("2026-11-23T11:15:00Z"),
        ClockState::Breached { overdue_secs: 3600 }
    );
}

#[test]
fn amber_threshold_is_configurable() {
    let due = at("2026-11-23T12:00:00Z");
    let len = Duration::hours(2);
    let now = at("2026-11-23T11:20:00Z"); // 40 of 120 minutes left = 33%
    let with = |bp| ServiceLevelConfig {
        amber_remaining_bp: bp,
        ..cfg()
    };
    assert!(matches!(
        clock_state(due, None, now, len, &with(2_000)),
        ClockState::Running { .. }
    ));
    assert!(matches!(
        clock_state(due, None, now, len, &with(3_334)),
        ClockState::Amber { .. }
    ));
    // 0%: amber only at the very due time; 100%: amber from the start.
    assert!(matches!(
        clock_state(due, None, due - Duration::seconds(1), len, &with(0)),
        ClockState::Running { .. }
    ));
    assert!(matches!(
        clock_state(due, None, due, len, &with(0)),
        ClockState::Amber { .. }
    ));
    assert!(matches!(
        clock_state(due, None, due - len, len, &with(10_000)),
        ClockState::Amber { .. }
    ));
    // Property: for every minute of a 15-minute clock, amber iff ≤ 3 minutes left.
    let d = Deadline::after(DeadlineKind::FirstResponse, due - Duration::minutes(15), 15);
    for m in 0..=15 {
        let now = d.starts_at + Duration::minutes(m);
        let st = d.state(None, now, &cfg());
        assert_eq!(
            matches!(st, ClockState::Amber { .. }),
            m >= 12,
            "minute {m}"
        );
        assert!(st.is_open() && !st.is_breach());
    }
}

#[test]
fn met_at_the_boundary_is_met_and_a_breach_is_sticky() {
    let d = Deadline::after(DeadlineKind::OnSite, at("2026-11-23T10:00:00Z"), 30);
    let later = at("2026-11-30T00:00:00Z");
    assert_eq!(
        d.state(Some(d.due_at), later, &cfg()),
        ClockState::Met { early_by_secs: 0 }
    );
    assert!(!breached(d.due_at, Some(d.due_at), later));
    assert_eq!(
        d.state(Some(at("2026-11-23T10:20:00Z")), later, &cfg()),
        ClockState::Met { early_by_secs: 600 }
    );
    let late = d.due_at + Duration::seconds(1);
    let st = d.state(Some(late), later, &cfg());
    assert_eq!(st, ClockState::MetLate { late_by_secs: 1 });
    assert!(st.is_breach() && !st.is_open());
    // Property: once a minute past due, breached for ever after, met or not.
    for met_offset in [None, Some(1), Some(60), Some(6_000)] {
        let met = met_offset.map(|s| d.due_at + Duration::seconds(s));
        for h in 1..200 {
            let now = d.due_at + Duration::minutes(h);
            if met.is_none_or(|m| m <= now) {
                assert!(breached(d.due_at, met, now));
                assert!(d.state(met, now, &cfg()).is_breach());
            }
        }
    }
    // The stored flag survives a later, more generous due time.
    assert!(breach_flag(true, later, None, d.due_at));
    assert!(!breach_flag(false, later, None, d.due_at));
    assert!(breach_flag(false, d.due_at, None, later));
}

#[test]
fn local_days_in_shanghai_have_no_dst() {
    // Every day of 2026 in Shanghai is exactly 24 h and starts at 16:00 UTC the day before.
    let mut day = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
    while day.year() == 2026 {
        let start = local_day_start(Shanghai, day);
        assert_eq!(
            start,
            day.and_hms_opt(0, 0, 0).unwrap().and_utc() - Duration::hours(8)
        );
        assert_eq!(local_day_end(Shanghai, day) - start, Duration::hours(24));
        day = day.succ_opt().unwrap();
    }
}

#[test]
fn berlin_dst_days_are_23_and_25_hours() {
    let d = |m, day| NaiveDate::from_ymd_opt(2026, m, day).unwrap();
    let len = |day| local_day_end(Berlin, day) - local_day_start(Berlin, day);
    assert_eq!(len(d(3, 29)), Duration::hours(23));
    assert_eq!(len(d(10, 25)), Duration::hours(25));
    assert_eq!(len(d(3, 30)), Duration::hours(24));
    assert_eq!(
        local_day_start(Berlin, d(3, 29)),
        at("2026-03-28T23:00:00Z")
    );
    assert_eq!(
        local_day_start(Berlin, d(3, 30)),
        at("2026-03-29T22:00:00Z")
    );
    assert_eq!(
        local_day_start(Berlin, d(10, 26)),
        at("2026-10-25T23:00:00Z")
    );
}

#[test]
fn midnight_gap_starts_the_day_after_the_gap() {
    // Santiago springs forward at midnight: 2026-09-06 starts at 01:00 local (-03).
    let tz: Tz = chrono_tz::America::Santiago;
    let day = NaiveDate::from_ymd_opt(2026, 9, 6).unwrap();
    let start = local_day_start(tz, day);
    assert_eq!(start.with_timezone(&tz).date_naive(), day);
    assert_eq!(start, at("2026-09-06T04:00:00Z"));
    // Samoa skipped 2011-12-30: the "day" starts when the 31st does.
    let ws: Tz = chrono_tz::Pacific::Apia;
    let skipped = NaiveDate::from_ymd_opt(2011, 12, 30).unwrap();
    assert_eq!(
        local_day_start(ws, skipped),
        local_day_start(ws, skipped.succ_opt().unwrap())
    );
}

#[test]
fn install_follow_up_is_next_local_day_and_at_most_two() {
    // Installed 23:30 in Shanghai on the 22nd (15:30 UTC): follow up on the 23rd,
    // by midnight; never later than midnight ending the 24th.
    let f = install_follow_up(at("2026-11-22T23:30:00+08:00"), Shanghai, &cfg());
    assert_eq!(f.day, NaiveDate::from_ymd_opt(2026, 11, 23).unwrap());
    assert_eq!(f.preferred_by, at("2026-11-24T00:00:00+08:00"));
    assert_eq!(f.due_at, at("2026-11-25T00:00:00+08:00"));
    // Half an hour later it is already the 23rd locally (still the 22nd in UTC).
    let f = install_follow_up(at("2026-11-23T00:30:00+08:00"), Shanghai, &cfg());
    assert_eq!(f.day, NaiveDate::from_ymd_opt(2026, 11, 24).unwrap());
    // Exactly at local midnight belongs to the new day.
    let f = install_follow_up(at("2026-11-23T00:00:00+08:00"), Shanghai, &cfg());
    assert_eq!(f.day, NaiveDate::from_ymd_opt(2026, 11, 24).unwrap());
    let f = install_follow_up(at("2026-11-22T23:59:59+08:00"), Shanghai, &cfg());
    assert_eq!(f.day, NaiveDate::from_ymd_opt(2026, 11, 23).unwrap());

    // Boundary: a follow-up at the due midnight is on time, a second later is late.
    let d = install_follow_up_deadline(at("2026-11-22T10:00:00+08:00"), Shanghai, &cfg());
    assert_eq!(d.due_at, at("2026-11-25T00:00:00+08:00"));
    assert!(!breached(
        d.due_at,
        Some(at("2026-11-25T00:00:00+08:00")),
        d.due_at
    ));
    assert!(breached(
        d.due_at,
        Some(at("2026-11-25T00:00:01+08:00")),
        d.due_at
    ));
}

#[test]
fn install_follow_up_across_berlin_dst() {
    // Installed Saturday 2026-03-28 at 12:00 CET; Sunday is 23 h long.
    let f = install_follow_up(at("2026-03-28T12:00:00+01:00"), Berlin, &cfg());
    assert_eq!(f.day, NaiveDate::from_ymd_opt(2026, 3, 29).unwrap());
    assert_eq!(f.preferred_by, at("2026-03-30T00:00:00+02:00"));
    assert_eq!(f.due_at, at("2026-03-31T00:00:00+02:00"));
    assert_eq!(
        f.due_at - at("2026-03-28T12:00:00+01:00"),
        Duration::hours(59)
    );
    // Autumn: installed 2026-10-24 at 23:30 CEST, Sunday is 25 h long.
    let f = install_follow_up(at("2026-10-24T23:30:00+02:00"), Berlin, &cfg());
    assert_eq!(f.preferred_by, at("2026-10-26T00:00:00+01:00"));
    assert_eq!(
        f.preferred_by - at("2026-10-24T23:30:00+02:00"),
        Duration::minutes(25 * 60 + 30)
    );
    // Property: for every quarter hour of a year, the follow-up day is the next local
    // day and both due times are local midnights.
    let mut t = at("2026-01-01T00:00:00Z");
    while t < at("2027-01-01T00:00:00Z") {
        for tz in [Shanghai, Berlin] {
            let f = install_follow_up(t, tz, &cfg());
            let local_day = t.with_timezone(&tz).date_naive();
            assert_eq!(f.day, local_day.succ_opt().unwrap(), "{t} {tz}");
            for due in [f.preferred_by, f.due_at] {
                let l = due.with_timezone(&tz);
                assert_eq!(l.time(), NaiveTime::MIN, "{t} {tz}");
            }
            assert_eq!(
                f.preferred_by.with_timezone(&tz).date_naive(),
                f.day.succ_opt().unwrap()
            );
            assert!(f.due_at - t > Duration::hours(47) && f.due_at - t <= Duration::hours(73));
        }
        t += Duration::minutes(15);
    }
}

#[test]
fn repair_callback_window_is_24_to_48_elapsed_hours() {
    let r = at("2026-11-23T10:00:00Z");
    let w = repair_callback_window(r, &cfg());
    assert_eq!(w.opens_at, at("2026-11-24T10:00:00Z"));
    assert_eq!(w.due_at, at("2026-11-25T10:00:00Z"));
    assert!(w.contains(w.opens_at) && w.contains(w.due_at));
    assert!(!w.contains(w.opens_at - Duration::seconds(1)));
    assert!(!w.contains(w.due_at + Duration::seconds(1)));
    let d = repair_callback_deadline(r, &cfg());
    assert_eq!(d.what, DeadlineKind::RepairCallback);
    assert_eq!(d.target_len(), Duration::hours(48));
    // Over the Berlin spring change the local clock moves an hour: 10:00 → 11:00.
    let w = repair_callback_window(at("2026-03-28T10:00:00+01:00"), &cfg());
    assert_eq!(w.opens_at, at("2026-03-29T11:00:00+02:00"));
}

#[test]
fn delay_compensation_is_three_per_mille_a_day_rounded_half_up() {
    // ¥200,000.00, 3 days late: 0.9% = ¥1,800.00.
    assert_eq!(delay_compensation(20_000_000, 3), 180_000);
    assert_eq!(delay_compensation(20_000_000, 0), 0);
    // 0.3% of ¥1.50 = 0.45 fen → 0; of ¥1.67 = 0.501 fen → 1; exactly half → up.
    assert_eq!(delay_compensation(150, 1), 0);
    assert_eq!(delay_compensation(167, 1), 1);
    assert_eq!(delay_compensation(500, 1), 2); // 1.5 fen
    assert_eq!(delay_compensation(499, 1), 1); // 1.497 fen
                                               // Rounded on the total, not per day: 0.45 fen × 10 days = 4.5 → 5.
    assert_eq!(delay_compensation(150, 10), 5);
    assert_eq!(delay_compensation(-5, 10), 0);
    assert_eq!(delay_compensation(i64::MAX, u32::MAX), i64::MAX);
    // Property: exact against a reference in integers for many values.
    for v in (0..200_000i64).step_by(37) {
        for days in [1u32, 2, 7, 30, 365] {
            let thousandths = v * 3 * i64::from(days);
            let want = thousandths / 1000 + i64::from(thousandths % 1000 >= 500);
            assert_eq!(delay_compensation(v, days), want, "{v} {days}");
        }
    }
}

#[test]
fn queue_sorts_nearest_deadline_first() {
    let t = |h| at("2026-11-23T00:00:00Z") + Duration::hours(h);
    let mut q = vec![
        ("no clock", None),
        ("later", Some(t(5))),
        ("overdue", Some(t(-2))),
        ("soon", Some(t(1))),
        ("also soon", Some(t(1))),
    ];
    nearest_deadline_first(&mut q, |(_, due)| *due);
    let names: Vec<_> = q.iter().map(|(n, _)| *n).collect();
    assert_eq!(names, ["overdue", "soon", "also soon", "later", "no clock"]);

    let ds = deadlines(
        ItemKind::Complaint,
        Urgency::Routine,
        Level::new(5).ok(),
        t(0),
        &cfg(),
    );
    let next = next_open_deadline(&ds, |d| d.what == DeadlineKind::MajorComplaintTeam);
    assert_eq!(next.map(|d| d.what), Some(DeadlineKind::ComplaintAnswer));
    assert!(next_open_deadline(&ds, |_| true).is_none());
}

#[test]
fn share_within_target_counts_decided_items() {
    let now = at("2026-11-23T12:00:00Z");
    let due = at("2026-11-23T11:00:00Z");
    let future = at("2026-11-23T13:00:00Z");
    let items = [
        (due, Some(at("2026-11-23T10:59:00Z"))),    // on time
        (due, Some(due)),                           // on time, at the boundary
        (due, Some(at("2026-11-23T11:30:00Z"))),    // late
        (due, None),                                // open, breached
        (future, None),                             // open, undecided
        (future, Some(at("2026-11-23T11:59:00Z"))), // met early
    ];
    assert_eq!(share_within_target(&items, now), Some(6_000));
    assert_eq!(share_within_target(&items[..2], now), Some(10_000));
    // Rounded down: 2 of 3 is 6666, and 100% only without a breach.
    assert_eq!(share_within_target(&items[1..4], now), Some(3_333));
    assert_eq!(share_within_target(&[(future, None)], now), None);
    assert_eq!(share_within_target(&[], now), None);
    let mut many = vec![(due, Some(due)); 19_999];
    many.push((due, None));
    assert_eq!(share_within_target(&many, now), Some(9_999));
}

#[test]
fn average_first_response() {
    let c = at("2026-11-23T10:00:00Z");
    let items = [
        (c, c + Duration::minutes(5)),
        (c, c + Duration::minutes(10)),
        (c, c + Duration::seconds(1)),
    ];
    // (300 + 600 + 1) / 3 = 300.33 s → 300.
    assert_eq!(average_first_response_secs(&items), Some(300));
    assert_eq!(
        average_first_response_secs(&[(c, c + Duration::milliseconds(1500))]),
        Some(2)
    );
    assert_eq!(
        average_first_response_secs(&[(c, c - Duration::hours(1))]),
        Some(0)
    );
    assert_eq!(average_first_response_secs(&[]), None);
}

#[test]
fn clock_state_serializes_with_a_tag() {
    let json = serde_json::to_value(ClockState::Amber { remaining_secs: 60 }).unwrap();
    assert_eq!(
        json,
        serde_json::json!({"state": "amber", "remaining_secs": 60})
    );
    let d = Deadline::after(DeadlineKind::ComplaintClose, at("2026-11-23T10:00:00Z"), 60);
    let back: Deadline = serde_json::from_value(serde_json::to_value(d).unwrap()).unwrap();
    assert_eq!(back, d);
}

#[test]
fn refusals_are_out_of_range() {
    use crate::domain::error::FieldReason;
    let e = Level::new(6).unwrap_err();
    assert_eq!(
        (e.field, e.reason, e.limit),
        ("level", FieldReason::OutOfRange, None)
    );
    let e = ServiceLevelConfig {
        urgent_on_site_min: 0,
        ..cfg()
    }
    .validated()
    .unwrap_err();
    assert_eq!(
        (e.field, e.reason),
        ("urgent_on_site_min", FieldReason::OutOfRange)
    );
}
