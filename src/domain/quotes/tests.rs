use super::*;
use crate::domain::error::too_long_refusal;
use chrono::Duration;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn tile(q: i64, price: i64) -> MaterialLine {
    MaterialLine {
        category: "瓷砖".into(),
        room: "客厅".into(),
        brand: "马可波罗".into(),
        model: "CH8001".into(),
        env_grade: "A类".into(),
        quantity_milli: q,
        unit: "㎡".into(),
        unit_price: Fen(price),
    }
}

fn labour(process: &str, q: i64, price: i64) -> LabourLine {
    LabourLine {
        process: process.into(),
        room: String::new(),
        quantity_milli: q,
        unit: "㎡".into(),
        unit_price: Fen(price),
    }
}

fn content() -> QuoteRevisionContent {
    QuoteRevisionContent {
        materials: vec![tile(30_000, 12_000)],
        labour: vec![labour("墙面找平", 80_000, 3_500)],
        schedule: Schedule {
            start: d(2026, 3, 1),
            end: d(2026, 5, 31),
        },
        payment_plan: [("开工款", 3000), ("中期款", 6500), ("尾款", 500)]
            .map(|(name, percent_bp)| PaymentStage {
                name: name.into(),
                percent_bp,
            })
            .into(),
        special_notes: "主材环保等级不低于E0级".into(),
    }
}

#[test]
fn formats_yuan_with_separators() {
    assert_eq!(format_yuan(Fen(123_456)), "¥1,234.56");
    assert_eq!(format_yuan(Fen(0)), "¥0.00");
    assert_eq!(format_yuan(Fen(5)), "¥0.05");
    assert_eq!(format_yuan(Fen(-5)), "-¥0.05");
    assert_eq!(format_yuan(Fen(100_000_000)), "¥1,000,000.00");
    assert_eq!(format_yuan(Fen(99_999)), "¥999.99");
    assert_eq!(Fen(123_456).to_string(), "¥1,234.56");
    assert_eq!(format_yuan(Fen(i64::MIN)), "-¥92,233,720,368,547,758.08");
}

#[test]
fn parses_yuan_strings() {
    assert_eq!(Fen::parse("1234.56"), Some(Fen(123_456)));
    assert_eq!(Fen::parse("1234.5"), Some(Fen(123_450)));
    assert_eq!(Fen::parse("1234"), Some(Fen(123_400)));
    assert_eq!(Fen::parse(" 0.05 "), Some(Fen(5)));
    assert_eq!(Fen::parse("¥1,234.56"), Some(Fen(123_456)));
    assert_eq!(Fen::parse("-12.30"), Some(Fen(-1230)));
    assert_eq!("7.00".parse::<Fen>(), Ok(Fen(700)));
    for bad in [
        "",
        ".",
        "1.",
        ".5",
        "1.234",
        "1,23",
        "12,3456",
        ",123",
        "abc",
        "1e3",
        "--1",
        "+1",
        "1.2.3",
        "99999999999999999999",
    ] {
        assert_eq!(Fen::parse(bad), None, "{bad:?}");
    }
    assert_eq!("x".parse::<Fen>(), Err(ParseFenError));
}

#[test]
fn format_and_parse_round_trip() {
    // A small deterministic LCG instead of a property-testing crate.
    let mut x: u64 = 0x2545_f491_4f6c_dd1d;
    for _ in 0..2000 {
        x = x.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
        let v = (x >> 11) as i64 % 10_000_000_000_000 - 5_000_000_000_000;
        let f = Fen(v);
        assert_eq!(Fen::parse(&format_yuan(f)), Some(f), "{v}");
    }
}

#[test]
fn quantities_parse_and_format() {
    assert_eq!(parse_quantity("12.5"), Some(12_500));
    assert_eq!(parse_quantity("3"), Some(3_000));
    assert_eq!(parse_quantity("0.001"), Some(1));
    assert_eq!(parse_quantity("0.0001"), None);
    assert_eq!(format_quantity(12_500), "12.5");
    assert_eq!(format_quantity(3_000), "3");
    assert_eq!(format_quantity(1), "0.001");
    assert_eq!(format_quantity(-1_010), "-1.01");
    for q in (0..50_000).step_by(7) {
        assert_eq!(parse_quantity(&format_quantity(q)), Some(q));
    }
}

#[test]
fn checked_arithmetic() {
    assert_eq!(Fen(1).checked_add(Fen(2)), Some(Fen(3)));
    assert_eq!(Fen(i64::MAX).checked_add(Fen(1)), None);
    assert_eq!(Fen(i64::MIN).checked_sub(Fen(1)), None);
    assert_eq!(Fen(250).checked_mul(4), Some(Fen(1000)));
    assert_eq!(Fen(i64::MAX).checked_mul(2), None);
    assert_eq!(Fen::from_yuan(12), Some(Fen(1200)));
    assert_eq!(Fen::from_yuan(i64::MAX), None);
    assert_eq!(Fen::sum([Fen(1), Fen(2), Fen(3)]), Some(Fen(6)));
    assert_eq!(Fen::sum([Fen(i64::MAX), Fen(1)]), None);
    assert_eq!(Fen(i64::MAX).mul_milli(2000), None);
}

#[test]
fn line_totals_round_half_up() {
    // 0.5 fen rounds up.
    assert_eq!(tile(500, 1).total(), Some(Fen(1)));
    // 0.499 fen rounds down.
    assert_eq!(tile(499, 1).total(), Some(Fen(0)));
    // 12.345 ㎡ × ¥0.99 = 1222.155 fen → 1222
    assert_eq!(tile(12_345, 99).total(), Some(Fen(1222)));
    // 1.5 × ¥0.03 = 4.5 fen → 5
    assert_eq!(tile(1_500, 3).total(), Some(Fen(5)));
    // 2.5 × ¥0.01 = 2.5 fen → 3 (half-up, not banker's)
    assert_eq!(labour("x", 2_500, 1).total(), Some(Fen(3)));
    assert_eq!(tile(1_000, 12_345).total(), Some(Fen(12_345)));
    // Negative amounts round half away from zero.
    assert_eq!(Fen(-1).mul_milli(500), Some(Fen(-1)));
    assert_eq!(Fen(-1).mul_milli(499), Some(Fen(0)));
}

#[test]
fn totals_range_and_buffer() {
    let t = totals(&content()).unwrap();
    assert_eq!(t.materials, Fen(360_000));
    assert_eq!(t.labour, Fen(280_000));
    assert_eq!(t.total, Fen(640_000));
    assert_eq!(t.range_low, Fen(608_000));
    assert_eq!(t.range_high, Fen(672_000));
    assert_eq!(t.buffer_advised, Fen(51_200));
}

#[test]
fn range_on_odd_totals_rounds_half_up() {
    let mut c = content();
    c.labour.clear();
    // total 10 fen: ±5 % = ±0.5 → 9.5 → 10, 10.5 → 11
    c.materials = vec![tile(1_000, 10)];
    let t = totals(&c).unwrap();
    assert_eq!((t.range_low, t.range_high), (Fen(10), Fen(11)));
    // 8 % of 10 = 0.8 → 1
    assert_eq!(t.buffer_advised, Fen(1));
    // total 12_345 fen: 11727.75 → 11728, 12962.25 → 12962, 8 % = 987.6 → 988
    c.materials = vec![tile(1_000, 12_345)];
    let t = totals(&c).unwrap();
    assert_eq!(t.range_low, Fen(11_728));
    assert_eq!(t.range_high, Fen(12_962));
    assert_eq!(t.buffer_advised, Fen(988));
    // total 1 fen: 0.95 → 1, 1.05 → 1
    c.materials = vec![tile(1_000, 1)];
    let t = totals(&c).unwrap();
    assert_eq!((t.range_low, t.range_high), (Fen(1), Fen(1)));
}

#[test]
fn range_property_over_many_totals() {
    let mut c = content();
    c.labour.clear();
    for fen in (0..20_000).step_by(13) {
        c.materials = vec![tile(1_000, fen)];
        let t = totals(&c).unwrap();
        assert_eq!(t.total, Fen(fen));
        // |exact − rounded| ≤ 0.5 fen, with exact = fen × 0.95 (×100 to stay integral).
        assert!((t.range_low.0 * 100 - fen * 95).abs() <= 50, "{fen}");
        assert!((t.range_high.0 * 100 - fen * 105).abs() <= 50, "{fen}");
        // Exactly half rounds up.
        if (fen * 95) % 100 == 50 {
            assert_eq!(t.range_low.0 * 100, fen * 95 + 50);
        }
        assert!(t.range_low <= t.total && t.total <= t.range_high);
    }
}

#[test]
fn valid_content_passes_and_is_trimmed() {
    let mut c = content();
    c.materials[0].brand = "  马可波罗 ".into();
    c.special_notes = "  注意 ".into();
    let v = c.validated().unwrap();
    assert_eq!(v.materials[0].brand, "马可波罗");
    assert_eq!(v.special_notes, "注意");
    assert_eq!(validate(&v).unwrap().total, Fen(640_000));
}

#[test]
fn validation_rules() {
    let field = |c: QuoteRevisionContent| c.validated().unwrap_err().field;

    let mut c = content();
    c.materials.clear();
    c.labour.clear();
    assert_eq!(field(c), "materials");

    let mut c = content();
    c.materials.clear();
    assert!(c.validated().is_ok(), "labour only is fine");

    let mut c = content();
    c.materials[0].quantity_milli = 0;
    assert_eq!(field(c), "materials");
    let mut c = content();
    c.labour[0].quantity_milli = -1;
    assert_eq!(field(c), "labour");
    let mut c = content();
    c.labour[0].quantity_milli = MAX_QUANTITY_MILLI + 1;
    assert_eq!(field(c), "labour");

    let mut c = content();
    c.materials[0].unit_price = Fen(-1);
    assert_eq!(field(c), "materials");
    let mut c = content();
    c.materials[0].unit_price = Fen(0);
    assert!(c.validated().is_ok(), "free items are allowed");
    let mut c = content();
    c.materials[0].unit_price = Fen(MAX_UNIT_PRICE.0 + 1);
    assert_eq!(field(c), "materials");

    let mut c = content();
    c.materials[0].brand = "  ".into();
    assert_eq!(field(c), "materials");
    let mut c = content();
    c.materials[0].env_grade = String::new();
    assert_eq!(field(c), "materials");
    let mut c = content();
    c.materials[0].model = "字".repeat(MAX_NAME_CHARS + 1);
    assert_eq!(field(c), "materials");
    let mut c = content();
    c.materials[0].model = "字".repeat(MAX_NAME_CHARS);
    assert!(c.validated().is_ok());
    let mut c = content();
    c.materials[0].model = "a\u{1f}b".into();
    assert_eq!(field(c), "materials");
    let mut c = content();
    c.labour[0].unit = "平方米平方米平方米".into();
    assert_eq!(field(c), "labour");

    let mut c = content();
    c.materials.push(tile(1_000, 1));
    let e = c.validated().unwrap_err();
    assert_eq!(e.field, "materials");
    assert!(e.message.contains("line 2"), "{}", e.message);

    let mut c = content();
    c.labour.push(labour("墙面找平", 1_000, 1));
    assert_eq!(field(c), "labour");

    let mut c = content();
    c.materials = (0..=MAX_LINES)
        .map(|i| {
            let mut t = tile(1_000, 1);
            t.model = i.to_string();
            t
        })
        .collect();
    assert_eq!(field(c), "materials");

    let mut c = content();
    c.special_notes = "x".repeat(MAX_NOTES_CHARS + 1);
    assert_eq!(field(c), "special_notes");
}

#[test]
fn schedule_end_not_before_start() {
    let mut c = content();
    c.schedule.end = c.schedule.start;
    assert!(c.clone().validated().is_ok());
    assert_eq!(c.schedule.days(), 1);
    c.schedule.end = c.schedule.start.pred_opt().unwrap();
    assert_eq!(c.validated().unwrap_err().field, "schedule");
    let mut c = content();
    c.schedule.end = c.schedule.start + Duration::days(MAX_SCHEDULE_DAYS);
    assert_eq!(c.validated().unwrap_err().field, "schedule");
}

#[test]
fn payment_plan_sums_to_100_percent() {
    let stage = |bp| PaymentStage {
        name: "款".into(),
        percent_bp: bp,
    };
    assert!(validate_payment_plan(&[stage(10_000)]).is_ok());
    assert!(validate_payment_plan(&[stage(3_000), stage(7_000)]).is_ok());
    assert!(validate_payment_plan(&[stage(3_000), stage(6_999)]).is_err());
    assert!(validate_payment_plan(&[stage(3_000), stage(7_001)]).is_err());
    assert!(validate_payment_plan(&[]).is_err());
    assert!(validate_payment_plan(&[stage(0), stage(10_000)]).is_err());
    let mut unnamed = stage(10_000);
    unnamed.name = " ".into();
    assert!(validate_payment_plan(&[unnamed]).is_err());
    let many: Vec<_> = (0..MAX_PAYMENT_STAGES + 1).map(|_| stage(1)).collect();
    assert!(validate_payment_plan(&many).is_err());
    let mut c = content();
    c.payment_plan[0].percent_bp = 2_999;
    assert_eq!(c.validated().unwrap_err().field, "payment_plan");
}

#[test]
fn payment_amounts_sum_to_total() {
    let plan = content().payment_plan;
    let amounts = payment_amounts(&plan, Fen(100_001)).unwrap();
    assert_eq!(amounts, vec![Fen(30_000), Fen(65_001), Fen(5_000)]);
    for total in (0..5_000).step_by(7) {
        let a = payment_amounts(&plan, Fen(total)).unwrap();
        assert_eq!(Fen::sum(a), Some(Fen(total)));
    }
}

#[test]
fn budget_split_is_5_3_2() {
    assert_eq!(
        budget_split(Fen(100_000)),
        Some([Fen(50_000), Fen(30_000), Fen(20_000)])
    );
    let [h, s, a] = budget_split(Fen(1_001)).unwrap();
    assert_eq!(h.0 + s.0 + a.0, 1_001);
}

#[test]
fn diff_reports_added_removed_changed() {
    let prev = content();
    let mut next = content();
    // change: price of the tile line
    next.materials[0].unit_price = Fen(12_500);
    // added: a new material line
    let mut floor = tile(20_000, 20_000);
    floor.category = "地板".into();
    floor.room = "主卧".into();
    next.materials.push(floor);
    // removed: the labour line, replaced by another process
    next.labour = vec![labour("水电改造", 100_000, 2_000)];

    let diff = diff(&prev, &next).unwrap();
    assert_eq!(diff.added.len(), 2);
    assert_eq!(diff.added[0].total, Fen(400_000));
    assert_eq!(diff.added[1].key, next.labour[0].line_key());
    assert_eq!(diff.removed.len(), 1);
    assert_eq!(diff.removed[0].key, prev.labour[0].line_key());
    assert_eq!(diff.removed[0].total, Fen(280_000));
    assert_eq!(diff.changed.len(), 1);
    let ch = &diff.changed[0];
    assert_eq!(ch.before, QuoteLine::Material(prev.materials[0].clone()));
    assert_eq!(ch.after, QuoteLine::Material(next.materials[0].clone()));
    assert_eq!(
        (ch.total_before, ch.total_after),
        (Fen(360_000), Fen(375_000))
    );
    assert_eq!(ch.delta, Fen(15_000));
    assert!(!diff.terms_changed);
    assert_eq!(diff.total_before, Fen(640_000));
    assert_eq!(diff.total_after, Fen(975_000));
    assert_eq!(diff.total_delta, Fen(335_000));
    assert_eq!(diff.delta_ratio_bp, 5_234); // 52.34375 %
    assert!(diff.needs_approval);
}

#[test]
fn identical_revisions_have_an_empty_diff() {
    let diff = diff(&content(), &content()).unwrap();
    assert!(diff.added.is_empty() && diff.removed.is_empty() && diff.changed.is_empty());
    assert_eq!(diff.total_delta, Fen::ZERO);
    assert_eq!(diff.delta_ratio_bp, 0);
    assert!(!diff.needs_approval);
}

#[test]
fn key_is_stable_but_env_grade_change_is_a_change() {
    let prev = content();
    let mut next = content();
    next.materials[0].env_grade = "E0".into();
    next.special_notes = "新的说明".into();
    let diff = diff(&prev, &next).unwrap();
    assert!(diff.added.is_empty() && diff.removed.is_empty());
    assert_eq!(diff.changed.len(), 1);
    assert_eq!(diff.changed[0].delta, Fen::ZERO);
    assert!(diff.terms_changed);
    assert!(!diff.needs_approval);
}

#[test]
fn material_and_labour_keys_never_collide() {
    let m = MaterialLine {
        category: "a".into(),
        room: "b".into(),
        brand: String::new(),
        model: String::new(),
        env_grade: "E0".into(),
        quantity_milli: 1,
        unit: "个".into(),
        unit_price: Fen(1),
    };
    let l = LabourLine {
        process: "a".into(),
        room: "b".into(),
        quantity_milli: 1,
        unit: "个".into(),
        unit_price: Fen(1),
    };
    assert_ne!(m.line_key(), l.line_key());
    let mut m2 = m.clone();
    m2.room = " b ".into();
    assert_eq!(
        m.line_key(),
        m2.line_key(),
        "keys ignore surrounding spaces"
    );
}

#[test]
fn approval_boundary_is_exactly_5_percent() {
    let before = Fen(100_000);
    assert!(!needs_approval(before, Fen(105_000)));
    assert!(needs_approval(before, Fen(105_001)));
    assert!(!needs_approval(before, Fen(95_000)));
    assert!(needs_approval(before, Fen(94_999)));
    assert_eq!(delta_ratio_bp(before, Fen(105_000)), 500);
    assert_eq!(delta_ratio_bp(before, Fen(95_000)), -500);
    // 5.0004 % rounds to 500 bp but is still more than 5 %.
    let before = Fen(1_000_000_000);
    let after = Fen(1_050_040_000);
    assert_eq!(delta_ratio_bp(before, after), 500);
    assert!(needs_approval(before, after));
    // From zero, any change needs approval.
    assert!(needs_approval(Fen::ZERO, Fen(1)));
    assert!(!needs_approval(Fen::ZERO, Fen::ZERO));
    assert_eq!(delta_ratio_bp(Fen::ZERO, Fen(1)), BP_WHOLE);
}

#[test]
fn approval_boundary_through_diff() {
    let prev = content(); // total 640_000; 5 % = 32_000
    let mut next = content();
    next.labour[0].unit_price = Fen(3_900); // labour 312_000: +32_000 exactly
    let diff1 = diff(&prev, &next).unwrap();
    assert_eq!(diff1.total_delta, Fen(32_000));
    assert_eq!(diff1.delta_ratio_bp, 500);
    assert!(!diff1.needs_approval);
    next.labour[0].quantity_milli = 80_001; // +0.35 fen → +32_000.35 → 312_004 … more
    let diff2 = diff(&prev, &next).unwrap();
    assert!(diff2.total_delta > Fen(32_000));
    assert!(diff2.needs_approval);
}

#[test]
fn approval_property_matches_exact_ratio() {
    let mut x: u64 = 42;
    for _ in 0..5000 {
        x = x
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        let before = (x >> 33) as i64 % 1_000_000;
        let after = (x >> 13) as i64 % 1_000_000;
        let exact_over = (after - before).abs() * 100 > before * 5;
        assert_eq!(
            needs_approval(Fen(before), Fen(after)),
            exact_over,
            "{before} {after}"
        );
    }
}

#[test]
fn canonical_json_is_stable_and_content_dependent() {
    let a = canonical_json(&content());
    assert_eq!(a, canonical_json(&content()));
    assert!(
        a.starts_with("{\"materials\":[{\"category\":\"瓷砖\""),
        "{a}"
    );
    assert!(a.contains("\"unit_price\":12000"));
    assert!(a.contains("\"start\":\"2026-03-01\""));
    let mut c = content();
    c.materials[0].quantity_milli += 1;
    assert_ne!(a, canonical_json(&c));
    let back: QuoteRevisionContent = serde_json::from_str(&a).unwrap();
    assert_eq!(back, content());
}

#[test]
fn confirmation_walks_every_step() {
    let s = ConfirmStep::BasicTerms;
    let s = advance(&s, ConfirmAction::AcceptBasicTerms).unwrap();
    assert_eq!(s, ConfirmStep::SpecialNotes);
    let s = advance(&s, ConfirmAction::AcceptSpecialNotes).unwrap();
    assert_eq!(s, ConfirmStep::CodeSent);
    let s = advance(&s, ConfirmAction::ResendCode).unwrap();
    assert_eq!(s, ConfirmStep::CodeSent);
    let s = advance(&s, ConfirmAction::CodeVerified).unwrap();
    assert_eq!(s, ConfirmStep::Confirmed);
    assert!(s.is_final());
}

#[test]
fn confirmation_cannot_skip_or_go_back() {
    use ConfirmAction as A;
    use ConfirmStep as S;
    let refused = [
        (S::BasicTerms, A::AcceptSpecialNotes),
        (S::BasicTerms, A::CodeVerified),
        (S::BasicTerms, A::ResendCode),
        (S::SpecialNotes, A::AcceptBasicTerms),
        (S::SpecialNotes, A::CodeVerified),
        (S::SpecialNotes, A::ResendCode),
        (S::CodeSent, A::AcceptBasicTerms),
        (S::CodeSent, A::AcceptSpecialNotes),
    ];
    for (s, a) in refused {
        assert_eq!(
            advance(&s, a.clone()),
            Err(StepError::OutOfOrder { step: s.as_str() }),
            "{s:?} {a:?}"
        );
    }
}

/// Every action a homeowner can take, rejecting with `reason`.
fn every_action(reason: &str) -> [ConfirmAction; 5] {
    [
        ConfirmAction::AcceptBasicTerms,
        ConfirmAction::AcceptSpecialNotes,
        ConfirmAction::ResendCode,
        ConfirmAction::CodeVerified,
        ConfirmAction::Reject {
            reason: reason.into(),
        },
    ]
}

#[test]
fn confirmed_and_rejected_are_final() {
    let actions = every_action("价格太高了");
    let rejected = ConfirmStep::Rejected {
        reason: "价格太高了".into(),
    };
    for a in actions {
        assert_eq!(
            advance(&ConfirmStep::Confirmed, a.clone()),
            Err(StepError::Finished("confirmed"))
        );
        assert_eq!(advance(&rejected, a), Err(StepError::Finished("rejected")));
    }
}

#[test]
fn rejection_needs_a_reason() {
    for s in [
        ConfirmStep::BasicTerms,
        ConfirmStep::SpecialNotes,
        ConfirmStep::CodeSent,
    ] {
        let ok = advance(
            &s,
            ConfirmAction::Reject {
                reason: "  工期太长了  ".into(),
            },
        );
        assert_eq!(
            ok,
            Ok(ConfirmStep::Rejected {
                reason: "工期太长了".into()
            })
        );
        let short = advance(
            &s,
            ConfirmAction::Reject {
                reason: " 不行 ".into(),
            },
        );
        assert!(matches!(short, Err(StepError::Invalid(_))));
    }
    assert!(validate_reason(&"字".repeat(REASON_MAX_CHARS)).is_ok());
    assert!(validate_reason(&"字".repeat(REASON_MAX_CHARS + 1)).is_err());
    assert!(validate_reason("12345").is_ok());
    assert!(validate_reason("1234").is_err());
}

#[test]
fn step_round_trips_and_serialises_with_a_tag() {
    for s in [
        ConfirmStep::BasicTerms,
        ConfirmStep::SpecialNotes,
        ConfirmStep::CodeSent,
        ConfirmStep::Confirmed,
        ConfirmStep::Rejected {
            reason: "理由写清楚".into(),
        },
    ] {
        let reason = match &s {
            ConfirmStep::Rejected { reason } => Some(reason.as_str()),
            _ => None,
        };
        assert_eq!(ConfirmStep::parse(s.as_str(), reason), Some(s.clone()));
    }
    assert_eq!(ConfirmStep::parse("rejected", None), None);
    assert_eq!(ConfirmStep::parse("nope", None), None);
    assert_eq!(
        serde_json::to_string(&ConfirmStep::CodeSent).unwrap(),
        r#"{"step":"code_sent"}"#
    );
    let a: ConfirmAction =
        serde_json::from_str(r#"{"action":"reject","reason":"太贵了太贵了"}"#).unwrap();
    assert_eq!(
        a,
        ConfirmAction::Reject {
            reason: "太贵了太贵了".into()
        }
    );
    assert_eq!(serde_json::to_string(&Fen(123)).unwrap(), "123");
    let line = QuoteLine::Labour(labour("x", 1, 1));
    let json = serde_json::to_string(&line).unwrap();
    assert!(
        json.starts_with(r#"{"kind":"labour","process":"x""#),
        "{json}"
    );
}

#[test]
fn otp_expires_after_300_seconds_and_5_tries() {
    let sent = DateTime::parse_from_rfc3339("2026-03-01T08:00:00Z")
        .unwrap()
        .with_timezone(&Utc);
    assert_eq!(check_otp_attempt(sent, sent, 0), Ok(()));
    let almost = sent + Duration::seconds(OTP_TTL_SECS - 1);
    assert_eq!(check_otp_attempt(sent, almost, OTP_MAX_TRIES - 1), Ok(()));
    let at = sent + Duration::seconds(OTP_TTL_SECS);
    assert_eq!(otp_expires_at(sent), at);
    assert_eq!(check_otp_attempt(sent, at, 0), Err(StepError::CodeExpired));
    assert_eq!(
        check_otp_attempt(sent, sent, OTP_MAX_TRIES),
        Err(StepError::TooManyTries)
    );
}

#[test]
fn design_changes_3_free_before_signing_2_after() {
    assert!(design_change_is_free(false, 0));
    assert!(design_change_is_free(false, 2));
    assert!(!design_change_is_free(false, 3));
    assert!(design_change_is_free(true, 1));
    assert!(!design_change_is_free(true, 2));
    let a = ChangeAllowance::default();
    assert_eq!(a.free_left(false, 0), 3);
    assert_eq!(a.free_left(true, 0), 2);
    assert_eq!(a.free_left(true, 7), 0);
    let custom = ChangeAllowance {
        before_signing: 1,
        after_signing: 0,
    };
    assert!(!custom.next_is_free(true, 0));
}

#[test]
fn clients_cannot_claim_a_verified_code() {
    let step = |a: &str| {
        serde_json::from_value::<StepInput>(serde_json::json!({ "action": a })).map(|s| s.action())
    };
    assert_eq!(
        step("accept_basic_terms").ok(),
        Some(ConfirmAction::AcceptBasicTerms)
    );
    assert!(step("code_verified").is_err());
    assert!(step("confirm").is_err());
}

#[test]
fn codes_are_six_digits() {
    let c = |s: &str| VerifyCodeInput { code: s.into() }.validated();
    assert_eq!(c(" 123 456 "), Ok("123456".into()));
    assert!(c("12345").is_err());
    assert!(c("12345a").is_err());
    assert!(c("1234567").is_err());
}

#[test]
fn quote_status_round_trips() {
    use QuoteStatus::*;
    for st in [Pending, Confirmed, Rejected, Superseded] {
        assert_eq!(QuoteStatus::parse(st.as_str()), Some(st));
    }
    assert_eq!(QuoteStatus::parse("draft"), None);
}

#[test]
fn reason_refusals_say_which_side_was_passed() {
    use crate::domain::error::FieldReason;
    let e = validate_reason("  abcd  ").unwrap_err();
    assert_eq!(
        (e.field, e.reason, e.limit),
        (
            "reason",
            FieldReason::TooShort,
            Some(REASON_MIN_CHARS as u32)
        )
    );
    let e = validate_reason(&"x".repeat(REASON_MAX_CHARS + 1)).unwrap_err();
    assert_eq!(
        (e.field, e.reason, e.limit),
        too_long_refusal("reason", REASON_MAX_CHARS)
    );
    assert!(validate_reason(&"x".repeat(REASON_MAX_CHARS)).is_ok());
    assert!(validate_reason(&"x".repeat(REASON_MIN_CHARS)).is_ok());
    let e = VerifyCodeInput {
        code: "12 34a6".into(),
    }
    .validated()
    .unwrap_err();
    assert_eq!((e.field, e.reason), ("code", FieldReason::BadFormat));
}

#[test]
fn content_refusals_carry_their_reason_and_limit() {
    use crate::domain::error::FieldReason;
    let refusal = |f: fn(&mut QuoteRevisionContent)| {
        let mut c = content();
        f(&mut c);
        let e = validate(&c).unwrap_err();
        (e.field, e.reason, e.limit)
    };
    assert_eq!(
        refusal(|c| {
            c.materials.clear();
            c.labour.clear();
        }),
        ("materials", FieldReason::Required, None)
    );
    assert_eq!(
        refusal(|c| c.materials[0].unit = " ".into()),
        ("materials", FieldReason::Required, None)
    );
    assert_eq!(
        refusal(|c| c.materials[0].unit = "u".repeat(MAX_UNIT_CHARS + 1)),
        too_long_refusal("materials", MAX_UNIT_CHARS)
    );
    assert_eq!(
        refusal(|c| c.labour[0].process = "找平\u{7}".into()),
        ("labour", FieldReason::BadFormat, None)
    );
    assert_eq!(
        refusal(|c| c.labour = vec![c.labour[0].clone(); MAX_LINES + 1]),
        ("labour", FieldReason::TooLong, Some(MAX_LINES as u32))
    );
    assert_eq!(
        refusal(|c| c.materials.push(c.materials[0].clone())),
        ("materials", FieldReason::Duplicate, None)
    );
    assert_eq!(
        refusal(|c| c.materials[0].quantity_milli = 0),
        ("materials", FieldReason::OutOfRange, None)
    );
    assert_eq!(
        refusal(|c| c.schedule.end = c.schedule.start - Duration::days(1)),
        ("schedule", FieldReason::OutOfRange, None)
    );
    assert_eq!(
        refusal(|c| c.payment_plan.clear()),
        ("payment_plan", FieldReason::Required, None)
    );
    assert_eq!(
        refusal(|c| c.payment_plan[2].percent_bp = 400),
        ("payment_plan", FieldReason::OutOfRange, None)
    );
    assert_eq!(
        refusal(|c| c.special_notes = "x".repeat(MAX_NOTES_CHARS + 1)),
        too_long_refusal("special_notes", MAX_NOTES_CHARS)
    );
}

#[test]
fn each_step_accepts_exactly_its_actions() {
    // The homeowner takes every action; `CodeVerified` only through a right code (the server).
    let reason = "价格太高了，再谈谈";
    let actions = every_action(reason);
    let rejected = ConfirmStep::Rejected {
        reason: reason.into(),
    };
    let steps = [
        ConfirmStep::BasicTerms,
        ConfirmStep::SpecialNotes,
        ConfirmStep::CodeSent,
        ConfirmStep::Confirmed,
        rejected.clone(),
    ];
    // (step, [(action index, step after)]): everything else is refused.
    let table: [(ConfirmStep, Vec<(usize, ConfirmStep)>); 5] = [
        (
            ConfirmStep::BasicTerms,
            vec![(0, ConfirmStep::SpecialNotes), (4, rejected.clone())],
        ),
        (
            ConfirmStep::SpecialNotes,
            vec![(1, ConfirmStep::CodeSent), (4, rejected.clone())],
        ),
        (
            ConfirmStep::CodeSent,
            vec![
                (2, ConfirmStep::CodeSent),
                (3, ConfirmStep::Confirmed),
                (4, rejected.clone()),
            ],
        ),
        (ConfirmStep::Confirmed, vec![]),
        (rejected.clone(), vec![]),
    ];
    for (step, (listed, allowed)) in steps.iter().zip(&table) {
        assert_eq!(step, listed);
        for (i, a) in actions.iter().enumerate() {
            let got = advance(step, a.clone());
            match allowed.iter().find(|(j, _)| *j == i) {
                Some((_, to)) => assert_eq!(got.as_ref(), Ok(to), "{step:?} {a:?}"),
                None if step.is_final() => {
                    assert_eq!(
                        got,
                        Err(StepError::Finished(step.as_str())),
                        "{step:?} {a:?}"
                    )
                }
                None => assert_eq!(
                    got,
                    Err(StepError::OutOfOrder {
                        step: step.as_str()
                    }),
                    "{step:?} {a:?}"
                ),
            }
        }
    }
}
