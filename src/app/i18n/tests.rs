//! The catalogs on the host: every error code, field reason, unit and labelled enum has words
//! in both languages; refused fields read as sentences with their limits; dates read right.

use chrono::NaiveDate;

use super::dates::{en_date_in, en_date_time_in, zh_date_in, zh_date_time_in, Local};
use super::*;
use crate::domain::auth::Role;
use crate::domain::diary::{Trade, Weather};
use crate::domain::error::FieldReason;
use crate::domain::inspections::MAX_CHECKLIST_ITEMS;
use crate::domain::inspections::{ItemResult, NodeKind, NodeStatus};
use crate::domain::projects::Stage;
use crate::domain::quotes::{MAX_LINES, MAX_PAYMENT_STAGES};
use crate::domain::service_desk::{ActionKind, CallbackTopic, ItemStatus, ServiceKind};
use crate::domain::surveys::SurveyAspect;
use crate::domain::variants::assert_lists_every_variant;
use crate::domain::warranty::WarrantyCategory;
use crate::domain::ErrorCode;

const LANGS: [Lang; 2] = [Lang::Zh, Lang::En];

const ROLES: [Role; 4] = [Role::Homeowner, Role::Crew, Role::Staff, Role::Admin];

fn has_cjk(s: &str) -> bool {
    s.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
}

/// Words in `lang`: not empty, Chinese in Chinese, no Chinese characters in English.
fn assert_words(lang: Lang, what: &str, s: &str) {
    assert!(!s.trim().is_empty(), "{what}: no words in {lang:?}");
    match lang {
        Lang::Zh => assert!(has_cjk(s), "{what}: {s:?} is not Chinese"),
        Lang::En => assert!(!has_cjk(s), "{what}: {s:?} is not English"),
    }
}

/// Each value gets its own words in each language, and the two languages differ.
fn assert_labels<T: Copy + std::fmt::Debug>(all: &[T], word: impl Fn(&Texts, T) -> String) {
    for lang in LANGS {
        let t = lang.texts();
        let words: Vec<String> = all.iter().map(|v| word(t, *v)).collect();
        for (v, w) in all.iter().zip(&words) {
            assert_words(lang, &format!("{v:?}"), w);
            assert_eq!(
                words.iter().filter(|o| *o == w).count(),
                1,
                "{lang:?}: {w:?} is used for more than one value"
            );
        }
    }
    for v in all {
        assert_ne!(word(&ZH, *v), word(&EN, *v), "{v:?}");
    }
}

/// Where a unit stands in [`Unit::ALL`]; a new unit fails to compile here until listed.
fn unit_position(u: Unit) -> usize {
    match u {
        Unit::Chars => 0,
        Unit::Items => 1,
        Unit::Lines => 2,
        Unit::Photos => 3,
        Unit::Choice => 4,
        Unit::Time => 5,
        Unit::Number => 6,
    }
}

#[test]
fn the_hand_kept_lists_name_every_variant() {
    assert_lists_every_variant(&ErrorCode::ALL);
    assert_lists_every_variant(&FieldReason::ALL);
    assert_lists_every_variant(&Weather::ALL);
    assert_lists_every_variant(&Trade::ALL);
    assert_lists_every_variant(&Stage::ALL);
    assert_lists_every_variant(&ROLES);
    for (i, u) in Unit::ALL.into_iter().enumerate() {
        assert_eq!(unit_position(u), i, "{u:?}");
    }
}

#[test]
fn every_error_code_has_its_own_words_in_both_languages() {
    assert_labels(&ErrorCode::ALL, |t, c| t.label(c).to_string());
}

#[test]
fn every_labelled_enum_has_words_in_both_languages() {
    assert_labels(&Weather::ALL, |t, w| t.label(w).to_string());
    assert_labels(&Trade::ALL, |t, x| t.label(x).to_string());
    assert_labels(&Stage::ALL, |t, s| t.label(s).to_string());
    assert_labels(&ROLES, |t, r| t.label(r).to_string());
    // The sections' enums (their `ALL` lists are checked against the enums in the domain).
    assert_labels(&NodeKind::ALL, |t, x| t.label(x).to_string());
    assert_labels(&NodeStatus::ALL, |t, x| t.label(x).to_string());
    assert_labels(&ItemResult::ALL, |t, x| t.label(x).to_string());
    assert_labels(&ServiceKind::ALL, |t, x| t.label(x).to_string());
    assert_labels(&ItemStatus::ALL, |t, x| t.label(x).to_string());
    assert_labels(&ActionKind::ALL, |t, x| t.label(x).to_string());
    assert_labels(&CallbackTopic::ALL, |t, x| t.label(x).to_string());
    assert_labels(&WarrantyCategory::ALL, |t, x| t.label(x).to_string());
    assert_labels(&SurveyAspect::ALL, |t, x| t.label(x).to_string());
}

#[test]
fn a_wrong_code_says_how_many_tries_are_left() {
    for lang in LANGS {
        let t = lang.texts();
        let none = (t.code_wrong)(0);
        assert_words(lang, "no tries left", &none);
        for n in 1..=5 {
            let s = (t.code_wrong)(n);
            assert_words(lang, "tries left", &s);
            assert!(s.contains(&n.to_string()), "{s}");
            assert_ne!(s, none);
        }
    }
    assert_eq!((EN.code_wrong)(1), "That code is not right; 1 try left.");
}

#[test]
fn a_refusal_for_too_many_attempts_says_when_to_try_again() {
    assert_eq!(
        (EN.retry_in)(30),
        "Too many attempts. Please try again in 30 seconds."
    );
    assert_eq!(
        (EN.retry_in)(1),
        "Too many attempts. Please try again in 1 second."
    );
    assert_eq!(
        (EN.retry_in)(60),
        "Too many attempts. Please try again in 1 minute."
    );
    assert_eq!(
        (EN.retry_in)(61),
        "Too many attempts. Please try again in 2 minutes."
    );
    assert_eq!((ZH.retry_in)(900), "尝试次数太多，请 15 分钟后再试。");
    assert_eq!((ZH.retry_in)(45), "尝试次数太多，请 45 秒后再试。");
    assert_eq!(
        (EN.retry_in)(86_400),
        "Too many attempts. Please try again in 24 hours."
    );
    for lang in LANGS {
        let t = lang.texts();
        for secs in [0, 1, 59, 60, 119, 900, 7_199, 7_200, 86_400] {
            let s = (t.retry_in)(secs);
            assert!(s.chars().any(|c| c.is_ascii_digit()), "{s}");
            assert!(!s.contains('{'), "{s}");
        }
    }
}

#[test]
fn every_reason_in_every_unit_reads_as_a_sentence_in_both_languages() {
    for reason in FieldReason::ALL {
        for unit in Unit::ALL {
            for limit in [None, Some(1), Some(7)] {
                let what = format!("{reason:?} {unit:?} {limit:?}");
                for (lang, label) in [(Lang::Zh, "标题"), (Lang::En, "Title")] {
                    let t = lang.texts();
                    let with = (t.field_reason)(Some(label), unit, reason, limit);
                    let without = (t.field_reason)(None, unit, reason, limit);
                    assert_words(lang, &what, &with);
                    assert_words(lang, &what, &without);
                    assert!(with.starts_with(label), "{what}: {with}");
                    assert!(!without.contains(label), "{what}: {without}");
                }
                let zh = (ZH.field_reason)(None, unit, reason, limit);
                let en = (EN.field_reason)(None, unit, reason, limit);
                assert_ne!(zh, en, "{what}");
                // A length limit is always said, in the unit it counts.
                let length = matches!(reason, FieldReason::TooShort | FieldReason::TooLong);
                let counted =
                    matches!(unit, Unit::Chars | Unit::Items | Unit::Lines | Unit::Photos);
                if let (true, true, Some(n)) = (length, counted, limit) {
                    assert!(
                        zh.contains(&n.to_string()) && en.contains(&n.to_string()),
                        "{what}"
                    );
                }
            }
        }
    }
    let en = |unit, reason, n| (EN.field_reason)(Some("Note"), unit, reason, Some(n));
    assert_eq!(
        en(Unit::Chars, FieldReason::TooLong, 1),
        "Note: at most 1 character."
    );
    assert_eq!(
        en(Unit::Chars, FieldReason::TooLong, 500),
        "Note: at most 500 characters."
    );
    assert_eq!(
        en(Unit::Photos, FieldReason::TooShort, 1),
        "Note: at least 1 photo."
    );
    assert_eq!(
        (ZH.field_reason)(Some("说明"), Unit::Chars, FieldReason::TooLong, Some(500)),
        "说明：最多 500 个字。"
    );
}

/// The field names a label function knows, read from its `match` in `fields.rs`.
fn label_keys(function: &str) -> Vec<&'static str> {
    let src = include_str!("fields.rs");
    let body = &src[src.find(&format!("fn {function}(")).expect(function)..];
    let body = &body[..body.find("_ => return None").expect(function)];
    body.lines()
        .filter_map(|l| l.trim().strip_prefix('"'))
        .filter_map(|l| l.split_once("\" =>").map(|(k, _)| k))
        .collect()
}

#[test]
fn both_languages_name_the_same_fields() {
    let fields = label_keys("field_label");
    assert!(fields.len() > 30, "{fields:?}");
    for field in &fields {
        let z = (ZH.field_label)(field).unwrap_or_default();
        let e = (EN.field_label)(field).unwrap_or_default();
        assert_words(Lang::Zh, field, z);
        assert_words(Lang::En, field, e);
    }
    assert_eq!((ZH.field_label)("no_such_field"), None);
    assert_eq!((EN.field_label)("no_such_field"), None);
}

#[test]
fn a_refused_field_is_worded_by_field_reason_and_the_unit_its_limit_counts() {
    use FieldReason as R;
    let lines = MAX_LINES as u32;
    let stages = MAX_PAYMENT_STAGES as u32;
    let items = MAX_CHECKLIST_ITEMS as u32;
    let cases: &[(&str, FieldReason, Option<u32>, &str, &str)] = &[
        // Fields with their own, more helpful words.
        ("phone", R::BadFormat, None, ZH.phone_invalid, EN.phone_invalid),
        ("code", R::TooShort, Some(6), ZH.code_invalid, EN.code_invalid),
        ("password", R::Required, None, ZH.login_required, EN.login_required),
        ("work_done", R::Required, None, ZH.work_done_required, EN.work_done_required),
        ("trades", R::Duplicate, None, ZH.trades_invalid, EN.trades_invalid),
        // The field's label and the reason in the unit its limit counts.
        ("note", R::TooLong, Some(500), "说明：最多 500 个字。", "Note: at most 500 characters."),
        ("photo_ids", R::TooLong, Some(9), "照片：最多 9 张照片。", "Photos: at most 9 photos."),
        ("photo_ids", R::Required, None, "照片：请至少添加一张照片。", "Photos: add at least one photo."),
        ("materials", R::TooLong, Some(lines), "材料：最多 200 行。", "Materials: at most 200 lines."),
        ("materials", R::TooLong, Some(64), "材料：最多 64 个字。", "Materials: at most 64 characters."),
        ("payment_plan", R::TooLong, Some(stages), "付款方式：最多 10 项。", "Payment plan: at most 10."),
        ("items", R::TooLong, Some(items), "检查项：最多 50 项。", "Checklist items: at most 50."),
        ("items", R::TooLong, Some(200), "检查项：最多 200 个字。", "Checklist items: at most 200 characters."),
        ("scheduled_at", R::OutOfRange, None, "验收时间：时间不在允许的范围内（可能已经过去，或结束早于开始）。", "Inspection time: that time is not allowed (it may have passed, or the end is before the start)."),
        ("stars", R::OutOfRange, None, "评分：有数值超出了允许的范围，请检查。", "Stars: a number is outside the allowed range; please check it."),
        ("category", R::Required, None, "问题类别：请选择一项。", "Category: please choose one."),
        // A field the UI has no name for still says what is wrong.
        ("zz_unknown", R::Required, None, "有一项填写需要修改：请填写。", "One entry needs a change: please fill this in."),
    ];
    for (field, reason, limit, zh, en) in cases {
        assert_eq!(
            field_text(&ZH, field, *reason, *limit),
            *zh,
            "{field} {reason:?}"
        );
        assert_eq!(
            field_text(&EN, field, *reason, *limit),
            *en,
            "{field} {reason:?}"
        );
    }
}

#[test]
fn dates_leave_out_this_year_and_keep_other_years() {
    let d = NaiveDate::from_ymd_opt(2026, 11, 3).unwrap_or_default();
    assert_eq!(zh_date_in(d, 2026), "11月3日 周二");
    assert_eq!(zh_date_in(d, 2027), "2026年11月3日 周二");
    assert_eq!(en_date_in(d, 2026), "Tue 3 Nov");
    assert_eq!(en_date_in(d, 2027), "Tue 3 Nov 2026");
    let at = Local {
        year: 2026,
        month: 1,
        day: 9,
        hour: 7,
        minute: 5,
    };
    assert_eq!(zh_date_time_in(at, 2026), "1月9日 07:05");
    assert_eq!(zh_date_time_in(at, 2025), "2026年1月9日 07:05");
    assert_eq!(en_date_time_in(at, 2026), "9 Jan 07:05");
    assert_eq!(en_date_time_in(at, 2025), "9 Jan 2026 07:05");
}

#[test]
fn the_languages_toggle_to_each_other() {
    for lang in LANGS {
        assert_eq!(lang.other().other(), lang);
        assert_ne!(lang.other(), lang);
        assert_ne!(lang.tag(), lang.other().tag());
        assert_ne!(lang.texts().doc_title, lang.other().texts().doc_title);
    }
}
