//! The one translation layer every page uses: Chinese by default, English on request.
//!
//! Each language is a `const Texts`, both written at once by [`catalog!`] from
//! `field: (Chinese, English)` pairs; a field or a language left out is a compile error, so a
//! missing translation can never ship.
//!
//! Split by area, one mechanism throughout (one exhaustive `match` whose arms give both
//! languages, [`Words`]): the labels of domain enums in `labels.rs` ([`Label`]), error codes in
//! `errors.rs`, refused fields in `fields.rs`, dates in `dates.rs`, the screen texts in
//! `catalogs.rs`; the reactive access from the pages (a signal in context, browser only) in
//! `reactive.rs`. All but `reactive.rs` also compiles on the host, where `tests.rs` checks the
//! catalogs.

/// A catalog's two languages from one list of `field: (Chinese, English)` pairs: the consts
/// `ZH` and `EN` and the [`Catalog`] impl. A field left out, or given one language only, does
/// not compile.
macro_rules! catalog {
    ($vis:vis $ty:ident { $($field:ident: ($zh:expr, $en:expr $(,)?),)* }) => {
        $vis const ZH: $ty = $ty { lang: $crate::app::i18n::Lang::Zh, $($field: $zh,)* };
        $vis const EN: $ty = $ty { lang: $crate::app::i18n::Lang::En, $($field: $en,)* };
        impl $crate::app::i18n::Catalog for $ty {
            const ZH: &'static Self = &ZH;
            const EN: &'static Self = &EN;
        }
        #[allow(dead_code)]
        impl $ty {
            /// A value of a labelled enum ([`Label`](crate::app::i18n::Label)) in this
            /// catalog's language.
            pub fn label(&self, x: impl $crate::app::i18n::Label) -> &'static str {
                x.words().get(self.lang)
            }
        }
    };
}
#[cfg_attr(not(target_arch = "wasm32"), allow(unused_imports))]
pub(crate) use catalog;

mod catalogs;
mod dates;
mod errors;
mod fields;
mod labels;
#[cfg(target_arch = "wasm32")]
mod reactive;
#[cfg(test)]
mod tests;

pub use catalogs::{EN, ZH};
pub use fields::{field_text, Unit};
#[cfg(target_arch = "wasm32")]
pub use reactive::{provide_i18n, text, tx, use_catalog, use_lang, use_texts};

use chrono::{DateTime, NaiveDate, Utc};

use crate::domain::error::FieldReason;

/// The languages the portal speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    Zh,
    En,
}

impl Lang {
    /// The `<html lang>` / storage tag.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::Zh => "zh-CN",
            Lang::En => "en",
        }
    }

    /// The texts of this language.
    pub fn texts(self) -> &'static Texts {
        match self {
            Lang::Zh => &ZH,
            Lang::En => &EN,
        }
    }

    /// The other language (the header toggle switches between two).
    pub fn other(self) -> Lang {
        match self {
            Lang::Zh => Lang::En,
            Lang::En => Lang::Zh,
        }
    }
}

/// One text in both languages. The labelled enums' `match`es give both in each arm
/// (`w("晴", "Sunny")`), so a variant without words, or words without one of the languages, does
/// not compile; a catalog then picks its language's half (`t.label(weather)`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Words {
    pub zh: &'static str,
    pub en: &'static str,
}

/// [`Words`] from the Chinese and the English.
pub const fn w(zh: &'static str, en: &'static str) -> Words {
    Words { zh, en }
}

impl Words {
    /// The words in `lang`.
    pub fn get(self, lang: Lang) -> &'static str {
        match lang {
            Lang::Zh => self.zh,
            Lang::En => self.en,
        }
    }

    /// The words in `lang` as a template, each `{}` taking the next of `args` in turn (the
    /// two languages' sentences share one `match` arm and its figures).
    pub fn fill(self, lang: Lang, args: &[&dyn std::fmt::Display]) -> String {
        let mut out = String::new();
        let mut args = args.iter();
        for (i, part) in self.get(lang).split('{').enumerate() {
            // Every part but the first follows a `{`: its `}` closes the hole an argument fills.
            let part = match i {
                0 => part,
                _ => {
                    if let Some(arg) = args.next() {
                        out.push_str(&arg.to_string());
                    }
                    part.strip_prefix('}').unwrap_or(part)
                }
            };
            out.push_str(part);
        }
        out
    }
}

/// An enum shown in words: one exhaustive `match` gives each value its [`Words`] in both
/// languages.
pub trait Label: Copy {
    fn words(self) -> Words;
}

/// A catalog of texts, one value per language: the app's main [`Texts`] and each section's
/// own (quotes, service, inspections, feedback, security). A catalog without one of the
/// languages does not compile.
pub trait Catalog: Sync + 'static {
    const ZH: &'static Self;
    const EN: &'static Self;

    /// The texts of a language.
    fn of(lang: Lang) -> &'static Self {
        match lang {
            Lang::Zh => Self::ZH,
            Lang::En => Self::EN,
        }
    }
}

/// Every text the UI shows, in one language.
pub struct Texts {
    /// The language of these texts.
    pub lang: Lang,
    pub resend_in: fn(u32) -> String,
    pub diary_count: fn(i64) -> String,
    pub people_total: fn(u32) -> String,
    pub people: fn(u32) -> String,
    pub revision: fn(i64) -> String,
    pub photos_hint: fn(usize, usize) -> String,
    pub too_many_photos: fn(usize) -> String,
    pub file_too_big: fn(&str) -> String,
    /// A wrong one-time code, with the tries left.
    pub code_wrong: fn(u32) -> String,
    /// Too many attempts: try again in so many seconds (said in seconds, minutes or hours).
    pub retry_in: fn(u32) -> String,
    /// The accessible name of the `n`-th star of a rating ("3 星" / "3 stars").
    pub stars_n: fn(u8) -> String,
    /// The accessible name of the `n`-th item of a list being edited.
    pub item_n: fn(usize) -> String,
    /// The accessible name of a "×" button that removes a row being edited.
    pub remove_row: &'static str,
    /// The first and last day of a period picked with two date fields.
    pub period_from: &'static str,
    pub period_to: &'static str,
    /// The name of an input field the server or a form may refuse, if the UI knows it.
    pub field_label: fn(&str) -> Option<&'static str>,
    /// Why a field was refused, as a sentence: `(label, unit, reason, limit)`; without a
    /// label the sentence still says what is wrong.
    pub field_reason: fn(Option<&str>, Unit, FieldReason, Option<u32>) -> String,
    /// Formats a site day, e.g. "11月3日 周二" / "Tue 3 Nov".
    pub date: fn(NaiveDate) -> String,
    /// Formats a moment in the browser's time zone.
    pub date_time: fn(DateTime<Utc>) -> String,
    pub doc_title: &'static str,
    pub portal_suffix: &'static str,
    pub default_company: &'static str,
    pub lang_toggle: &'static str,
    pub lang_toggle_label: &'static str,
    pub sign_out: &'static str,
    pub loading: &'static str,
    pub retry: &'static str,
    /// Load the newest copy (after someone else changed what is being edited).
    pub reload_newest: &'static str,
    pub back: &'static str,
    pub close: &'static str,
    pub cancel: &'static str,
    pub not_found_title: &'static str,
    pub not_found_body: &'static str,
    pub go_home: &'static str,

    // Sign-in

    // Sign-in
    pub login_title: &'static str,
    pub login_subtitle: &'static str,
    pub tab_password: &'static str,
    pub tab_otp: &'static str,
    pub login_label: &'static str,
    pub login_placeholder: &'static str,
    pub password_label: &'static str,
    pub phone_label: &'static str,
    pub phone_placeholder: &'static str,
    pub code_label: &'static str,
    pub code_placeholder: &'static str,
    pub get_code: &'static str,
    pub code_sent: &'static str,
    pub sign_in: &'static str,
    pub signing_in: &'static str,
    pub login_required: &'static str,
    pub phone_invalid: &'static str,
    /// A homeowner's number that belongs to someone else's account.
    pub phone_taken: &'static str,
    pub code_invalid: &'static str,
    pub demo_hint: &'static str,
    pub demo_outbox_link: &'static str,

    // The second sign-in factor (staff and admins)

    // The second sign-in factor (staff and admins)
    pub second_factor_label: &'static str,

    // Projects

    // Projects
    pub projects_title: &'static str,
    pub projects_empty: &'static str,
    pub search_projects: &'static str,
    pub all_stages: &'static str,
    pub search: &'static str,
    pub no_matches: &'static str,
    pub stage_label: &'static str,
    pub crew_label: &'static str,
    pub no_crew: &'static str,
    pub homeowner_label: &'static str,
    pub last_diary: &'static str,
    pub no_diary_yet: &'static str,
    pub post_today: &'static str,
    pub edit_today: &'static str,
    pub view_diary: &'static str,
    pub progress_link: &'static str,
    pub quotes_link: &'static str,
    pub inspect_link: &'static str,
    pub new_project: &'static str,
    pub edit_project: &'static str,
    pub checklists_link: &'static str,
    pub service_link: &'static str,
    pub queue_link: &'static str,
    pub feedback_link: &'static str,
    pub board_link: &'static str,
    pub period: &'static str,

    // Timeline

    // Timeline
    pub diary_title: &'static str,
    pub timeline_empty: &'static str,
    pub load_more: &'static str,
    pub end_of_timeline: &'static str,
    pub weather_label: &'static str,
    pub work_done_label: &'static str,
    pub trades_label: &'static str,
    pub materials_label: &'static str,
    pub problems_label: &'static str,
    pub photos_label: &'static str,
    pub author_label: &'static str,
    pub edited: &'static str,
    pub history_title: &'static str,
    pub history_empty: &'static str,
    pub replaced_at: &'static str,
    pub edit: &'static str,

    // Viewer

    // Viewer
    pub view_original: &'static str,
    pub prev: &'static str,
    pub next: &'static str,
    pub photo_alt: &'static str,

    // Form

    // Form
    pub new_entry_title: &'static str,
    pub edit_entry_title: &'static str,
    pub today_exists: &'static str,
    pub diary_closed: &'static str,
    pub cannot_post: &'static str,
    pub work_done_placeholder: &'static str,
    pub materials_placeholder: &'static str,
    pub problems_placeholder: &'static str,
    pub add_trade: &'static str,
    pub remove: &'static str,
    pub fewer: &'static str,
    pub more: &'static str,
    pub pick_photos: &'static str,
    pub take_photo: &'static str,
    pub uploading: &'static str,
    pub upload_failed: &'static str,
    pub waiting: &'static str,
    pub submit: &'static str,
    pub saving: &'static str,
    pub wait_uploads: &'static str,
    pub fix_photos: &'static str,
    pub work_done_required: &'static str,
    pub trades_invalid: &'static str,

    // Outbox

    // Outbox
    pub outbox_title: &'static str,
    pub outbox_intro: &'static str,
    pub outbox_empty: &'static str,
    pub refresh: &'static str,
    pub to_label: &'static str,
    pub network_error: &'static str,
    pub unexpected_error: &'static str,
}
