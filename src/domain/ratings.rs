//! Crew ratings by homeowners and the weekly quality leaderboard (质量红黑榜), DOMAIN.md
//! "Crew rating and the weekly quality leaderboard".
//!
//! Every stored or published figure is an integer so the wasm app and the server agree to the
//! last digit: stars in milli-stars (`4.250` ★ = `4250`), sub-scores in `0..=1000`, weights in
//! basis points (`10_000` = 100%) and the weekly score in milli-points (`0..=100_000`, i.e.
//! `0.000`–`100.000`). Every division rounds half up unless its doc says otherwise.

use chrono::{DateTime, Datelike, Days, Duration, NaiveDate, NaiveTime, TimeZone, Utc, Weekday};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

use super::error::FieldError;

/// Longest rating comment, in characters.
pub const MAX_COMMENT_CHARS: usize = 500;
/// Most photos one rating may carry.
pub const MAX_PHOTOS_PER_RATING: usize = 9;
/// How long the homeowner may change a rating after submitting it.
pub const RATING_EDIT_WINDOW_DAYS: i64 = 7;
/// A run with at least this many digits is treated as a phone (or ID) number and redacted.
pub const PHONE_MIN_DIGITS: usize = 11;
/// Lowest rating in milli-stars (1 ★).
pub const MIN_MILLI_STARS: u32 = 1000;
/// Highest rating in milli-stars (5 ★).
pub const MAX_MILLI_STARS: u32 = 5000;
/// Best sub-score of one leaderboard component.
pub const MAX_SUB_SCORE: u32 = 1000;
/// Sub-score given when a ratio has nothing to divide by (no inspections this week).
pub const NEUTRAL_SUB_SCORE: u32 = 500;
/// Highest weekly score: 100.000 points.
pub const MAX_TOTAL_MILLI: u32 = 100_000;
/// Weights are basis points and must add up to this (100%).
pub const TOTAL_WEIGHT_BP: u32 = 10_000;
/// Company-wide mean used when nobody has been rated yet (3.000 ★, the middle of the scale).
pub const FALLBACK_PRIOR_MEAN_MILLI: u32 = 3000;
/// Default Bayesian prior weight, in ratings.
pub const DEFAULT_PRIOR_WEIGHT: u32 = 5;
/// Largest prior weight accepted.
pub const MAX_PRIOR_WEIGHT: u32 = 1000;
/// Complaints per active project in one week that bring the complaints sub-score to 0.
pub const COMPLAINTS_PER_PROJECT_FOR_ZERO: u32 = 1;
/// Days late per active project in one week that bring the delays sub-score to 0 (the whole week).
pub const DELAY_DAYS_PER_PROJECT_FOR_ZERO: u32 = 7;
/// Default length of the red list and of the black list.
pub const DEFAULT_LIST_SIZE: u32 = 3;

/// `n / d` rounded half up (`d > 0`).
fn div_round(n: u64, d: u64) -> u64 {
    (n + d / 2) / d
}

/// A 1–5 star mark; deserialising anything else fails.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(utoipa::ToSchema))]
#[serde(try_from = "u8", into = "u8")]
pub struct Stars(u8);

impl Stars {
    /// Fewest stars.
    pub const MIN: u8 = 1;
    /// Most stars.
    pub const MAX: u8 = 5;

    /// Checks the range `1..=5`.
    pub fn new(stars: u8) -> Result<Stars, FieldError> {
        if (Self::MIN..=Self::MAX).contains(&stars) {
            Ok(Stars(stars))
        } else {
            Err(FieldError::out_of_range(
                "stars",
                format!("{} to {} stars", Self::MIN, Self::MAX),
            ))
        }
    }

    /// The number of stars, `1..=5`.
    pub fn get(self) -> u8 {
        self.0
    }

    /// The mark in milli-stars, `1000..=5000`.
    pub fn milli(self) -> u32 {
        u32::from(self.0) * 1000
    }
}

impl TryFrom<u8> for Stars {
    type Error = FieldError;
    fn try_from(value: u8) -> Result<Self, Self::Error> {
        Stars::new(value)
    }
}

impl From<Stars> for u8 {
    fn from(value: Stars) -> Self {
        value.0
    }
}

/// What a homeowner submits to rate a crew (per dimension, with a comment); create and edit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(utoipa::ToSchema))]
pub struct RatingInput {
    /// Workmanship.
    pub quality: Stars,
    /// Keeping to the schedule.
    pub punctuality: Stars,
    /// A clean, tidy site.
    pub tidiness: Stars,
    /// Explaining and answering.
    pub communication: Stars,
    /// Free text, at most [`MAX_COMMENT_CHARS`] characters.
    #[serde(default)]
    pub comment: String,
    /// Ids of photos uploaded beforehand, at most [`MAX_PHOTOS_PER_RATING`].
    #[serde(default)]
    pub photo_ids: Vec<String>,
}

impl RatingInput {
    /// Trims the comment and checks every rule; the server runs this again on every write.
    pub fn validated(mut self) -> Result<RatingInput, FieldError> {
        self.comment = self.comment.trim().to_string();
        if self.comment.chars().count() > MAX_COMMENT_CHARS {
            return Err(FieldError::too_long(
                "comment",
                MAX_COMMENT_CHARS,
                format!("at most {MAX_COMMENT_CHARS} characters"),
            ));
        }
        super::photos::validate_photo_ids(&self.photo_ids, MAX_PHOTOS_PER_RATING)?;
        Ok(self)
    }

    /// Mean of the four dimensions in milli-stars (exact: a multiple of 250).
    pub fn average_milli(&self) -> u32 {
        [
            self.quality,
            self.punctuality,
            self.tidiness,
            self.communication,
        ]
        .iter()
        .map(|s| s.milli())
        .sum::<u32>()
            / 4
    }
}

/// The last instant a rating created at `created_at` may still be edited (exclusive): +7 days.
pub fn editable_until(created_at: DateTime<Utc>) -> DateTime<Utc> {
    created_at
        .checked_add_signed(Duration::days(RATING_EDIT_WINDOW_DAYS))
        .unwrap_or(DateTime::<Utc>::MAX_UTC)
}

/// May a rating created at `created_at` still be edited at `now`?
pub fn rating_editable(created_at: DateTime<Utc>, now: DateTime<Utc>) -> bool {
    now < editable_until(created_at)
}

fn is_digit_char(c: char) -> bool {
    c.is_ascii_digit() || ('０'..='９').contains(&c)
}

fn is_number_separator(c: char) -> bool {
    matches!(c, ' ' | '-' | '－' | '\u{3000}')
}

/// Masks phone-like numbers in a comment before a crew sees it: every run of at least
/// [`PHONE_MIN_DIGITS`] digits (ASCII or full-width, optionally `+`-prefixed, single spaces or
/// hyphens allowed between digit groups: `138 1234 5678`, `+86-138-1234-5678`) has its digits
/// replaced by `*`; an 18-character ID number's final `X` is masked too. Shorter numbers
/// (prices, dates, room sizes) stay. It errs on the side of hiding; masking names is the server's job.
pub fn redact_phone_numbers(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let starts_run =
            is_digit_char(c) || (c == '+' && chars.get(i + 1).copied().is_some_and(is_digit_char));
        if !starts_run {
            out.push(c);
            i += 1;
            continue;
        }
        let mut j = i + 1;
        let mut digits = usize::from(is_digit_char(c));
        while j < chars.len() {
            if is_digit_char(chars[j]) {
                digits += 1;
                j += 1;
            } else if is_number_separator(chars[j])
                && is_digit_char(chars[j - 1])
                && chars.get(j + 1).copied().is_some_and(is_digit_char)
            {
                j += 1;
            } else {
                break;
            }
        }
        if digits == 17 && matches!(chars.get(j), Some('X' | 'x')) {
            j += 1;
        }
        for &ch in &chars[i..j] {
            if digits >= PHONE_MIN_DIGITS && (is_digit_char(ch) || ch == 'X' || ch == 'x') {
                out.push('*');
            } else {
                out.push(ch);
            }
        }
        i = j;
    }
    out
}

/// An ISO-8601 week (Monday to Sunday), e.g. `2026-W53`; serialised as `{year, week}`.
///
/// Always a week that exists: deserialising or [`IsoWeek::new`] with week 53 of a 52-week year fails.
/// Orders chronologically.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(utoipa::ToSchema))]
#[serde(try_from = "IsoWeekParts", into = "IsoWeekParts")]
pub struct IsoWeek {
    /// ISO week-numbering year (differs from the calendar year around New Year).
    year: i32,
    /// Week `1..=53`.
    week: u32,
}

/// The wire form of [`IsoWeek`], before validation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct IsoWeekParts {
    /// ISO week-numbering year.
    pub year: i32,
    /// Week `1..=53`.
    pub week: u32,
}

impl TryFrom<IsoWeekParts> for IsoWeek {
    type Error = FieldError;
    fn try_from(p: IsoWeekParts) -> Result<Self, Self::Error> {
        IsoWeek::new(p.year, p.week)
    }
}

impl From<IsoWeek> for IsoWeekParts {
    fn from(w: IsoWeek) -> Self {
        IsoWeekParts {
            year: w.year,
            week: w.week,
        }
    }
}

impl IsoWeek {
    /// Checks that the week exists in that ISO year (52 or 53 weeks).
    pub fn new(year: i32, week: u32) -> Result<IsoWeek, FieldError> {
        match NaiveDate::from_isoywd_opt(year, week, Weekday::Mon) {
            Some(_) => Ok(IsoWeek { year, week }),
            None => Err(FieldError::out_of_range(
                "week",
                format!("{year} has no ISO week {week}"),
            )),
        }
    }

    /// The ISO week a calendar date belongs to.
    pub fn of_date(date: NaiveDate) -> IsoWeek {
        let w = date.iso_week();
        IsoWeek {
            year: w.year(),
            week: w.week(),
        }
    }

    /// ISO week-numbering year.
    pub fn year(self) -> i32 {
        self.year
    }

    /// Week number `1..=53`.
    pub fn week(self) -> u32 {
        self.week
    }

    /// The Monday the week starts on.
    pub fn monday(self) -> NaiveDate {
        // Every constructor checked that this date exists.
        NaiveDate::from_isoywd_opt(self.year, self.week, Weekday::Mon).unwrap_or(NaiveDate::MIN)
    }

    /// The following week (saturates at the end of chrono's calendar).
    pub fn next(self) -> IsoWeek {
        self.monday()
            .checked_add_days(Days::new(7))
            .map_or(self, IsoWeek::of_date)
    }

    /// The preceding week (saturates at the start of chrono's calendar).
    pub fn prev(self) -> IsoWeek {
        self.monday()
            .checked_sub_days(Days::new(7))
            .map_or(self, IsoWeek::of_date)
    }

    /// Monday 00:00 in `tz`, as a UTC instant (inclusive).
    pub fn start_in(self, tz: Tz) -> DateTime<Utc> {
        local_start_of_day(self.monday(), tz)
    }

    /// The next Monday 00:00 in `tz`, as a UTC instant (exclusive end of the week).
    pub fn end_in(self, tz: Tz) -> DateTime<Utc> {
        match self.monday().checked_add_days(Days::new(7)) {
            Some(next_monday) => local_start_of_day(next_monday, tz),
            None => DateTime::<Utc>::MAX_UTC,
        }
    }

    /// Does `instant` fall in this week in `tz`?
    pub fn contains(self, instant: DateTime<Utc>, tz: Tz) -> bool {
        self.start_in(tz) <= instant && instant < self.end_in(tz)
    }
}

impl std::fmt::Display for IsoWeek {
    /// `2026-W03`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}-W{:02}", self.year, self.week)
    }
}

impl std::str::FromStr for IsoWeek {
    type Err = FieldError;
    /// Parses `2026-W03` (also `2026-w3`).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || FieldError::bad_format("week", "expected a week like 2026-W03");
        let (year, week) = s.trim().split_once(['W', 'w']).ok_or_else(bad)?;
        let year = year.strip_suffix('-').ok_or_else(bad)?;
        let year: i32 = year.parse().map_err(|_| bad())?;
        let week: u32 = week.parse().map_err(|_| bad())?;
        IsoWeek::new(year, week)
    }
}

/// The first instant of `date` in `tz`. Where the clocks jump over midnight (DST starting at
/// 00:00, e.g. old America/Sao_Paulo rules) the day starts at its first local time that exists.
fn local_start_of_day(date: NaiveDate, tz: Tz) -> DateTime<Utc> {
    let midnight = date.and_time(NaiveTime::MIN);
    for quarter_hours in 0..=(24 * 4) {
        let Some(local) = midnight.checked_add_signed(Duration::minutes(15 * quarter_hours)) else {
            break;
        };
        if let Some(t) = tz.from_local_datetime(&local).earliest() {
            return t.with_timezone(&Utc);
        }
    }
    Utc.from_utc_datetime(&midnight)
}

/// The ISO week `instant` falls in, by the calendar of the company's time zone `tz`.
pub fn iso_week_of(instant: DateTime<Utc>, tz: Tz) -> IsoWeek {
    IsoWeek::of_date(instant.with_timezone(&tz).date_naive())
}

/// A week is published, and frozen, once it has ended in the company's time zone.
pub fn is_week_published(week: IsoWeek, now: DateTime<Utc>, tz: Tz) -> bool {
    now >= week.end_in(tz)
}

/// The latest week that has ended at `now` (the one before the current week).
pub fn last_ended_week(now: DateTime<Utc>, tz: Tz) -> IsoWeek {
    iso_week_of(now, tz).prev()
}

/// The week an event (rating, inspection, complaint…) counts for: its own week, unless that
/// week is already published (`<= published_up_to`); late data then goes to the first open week
/// after `published_up_to`, so published leaderboards never change.
pub fn week_for_event(
    event_time: DateTime<Utc>,
    published_up_to: Option<IsoWeek>,
    tz: Tz,
) -> IsoWeek {
    let own = iso_week_of(event_time, tz);
    match published_up_to {
        Some(frozen) if own <= frozen => frozen.next(),
        _ => own,
    }
}

/// How the weekly score is split, in basis points adding up to 10_000.
///
/// DOMAIN.md: the homeowners' rating weighs 40%; the rest comes from quality records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(utoipa::ToSchema))]
pub struct ScoreWeights {
    /// Homeowners' ratings (default 4000 = 40%).
    pub customer_bp: u32,
    /// Inspection first-pass rate (default 2000).
    pub first_pass_bp: u32,
    /// Rework closed on time (default 1500).
    pub rework_on_time_bp: u32,
    /// Complaints (default 1500).
    pub complaints_bp: u32,
    /// Delays (default 1000).
    pub delays_bp: u32,
}

impl Default for ScoreWeights {
    fn default() -> Self {
        ScoreWeights {
            customer_bp: 4000,
            first_pass_bp: 2000,
            rework_on_time_bp: 1500,
            complaints_bp: 1500,
            delays_bp: 1000,
        }
    }
}

impl ScoreWeights {
    /// Checks that the weights add up to exactly 10_000 basis points (100%).
    pub fn validated(self) -> Result<ScoreWeights, FieldError> {
        let sum: u64 = [
            self.customer_bp,
            self.first_pass_bp,
            self.rework_on_time_bp,
            self.complaints_bp,
            self.delays_bp,
        ]
        .iter()
        .map(|&w| u64::from(w))
        .sum();
        if sum != u64::from(TOTAL_WEIGHT_BP) {
            return Err(FieldError::out_of_range(
                "weights",
                format!("weights must add up to {TOTAL_WEIGHT_BP} basis points (100%), not {sum}"),
            ));
        }
        Ok(self)
    }
}

/// The prior of the Bayesian average: the company-wide mean rating and how many ratings it
/// counts as.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(utoipa::ToSchema))]
pub struct RatingPrior {
    /// Company-wide mean rating in milli-stars, `1000..=5000`.
    pub mean_milli: u32,
    /// Prior weight `m`, in ratings (default 5).
    pub weight: u32,
}

impl Default for RatingPrior {
    fn default() -> Self {
        RatingPrior {
            mean_milli: FALLBACK_PRIOR_MEAN_MILLI,
            weight: DEFAULT_PRIOR_WEIGHT,
        }
    }
}

impl RatingPrior {
    /// The prior from all ratings in the company (each in milli-stars) with weight `m`;
    /// 3.000 ★ when there are none.
    pub fn from_company_ratings(all_ratings_milli: &[u32], weight: u32) -> RatingPrior {
        RatingPrior {
            mean_milli: mean_milli(all_ratings_milli).unwrap_or(FALLBACK_PRIOR_MEAN_MILLI),
            weight,
        }
    }

    /// Checks the mean is on the star scale and the weight at most [`MAX_PRIOR_WEIGHT`].
    pub fn validated(self) -> Result<RatingPrior, FieldError> {
        if !(MIN_MILLI_STARS..=MAX_MILLI_STARS).contains(&self.mean_milli) {
            return Err(FieldError::out_of_range(
                "mean_milli",
                format!("{MIN_MILLI_STARS} to {MAX_MILLI_STARS} milli-stars"),
            ));
        }
        if self.weight > MAX_PRIOR_WEIGHT {
            return Err(FieldError::out_of_range(
                "weight",
                format!("at most {MAX_PRIOR_WEIGHT} ratings"),
            ));
        }
        Ok(self)
    }
}

/// Mean of ratings in milli-stars (each clamped to `1000..=5000`), rounded half up; `None` if empty.
pub fn mean_milli(ratings_milli: &[u32]) -> Option<u32> {
    if ratings_milli.is_empty() {
        return None;
    }
    let sum: u64 = ratings_milli
        .iter()
        .map(|&r| u64::from(r.clamp(MIN_MILLI_STARS, MAX_MILLI_STARS)))
        .sum();
    u32::try_from(div_round(sum, ratings_milli.len() as u64)).ok()
}

/// Bayesian average of `ratings_milli`: `(m·C + Σr) / (m + n)`, rounded half up, where `C` is
/// the prior mean and `m` the prior weight. With no ratings it is `C`.
pub fn smoothed_rating_milli(ratings_milli: &[u32], prior: &RatingPrior) -> u32 {
    let c = u64::from(prior.mean_milli.clamp(MIN_MILLI_STARS, MAX_MILLI_STARS));
    let m = u64::from(prior.weight);
    let n = ratings_milli.len() as u64;
    if m + n == 0 {
        return c as u32;
    }
    let sum: u64 = ratings_milli
        .iter()
        .map(|&r| u64::from(r.clamp(MIN_MILLI_STARS, MAX_MILLI_STARS)))
        .sum();
    // Between the smallest and largest term, so within 1000..=5000.
    u32::try_from(div_round(m * c + sum, m + n)).unwrap_or(MAX_MILLI_STARS)
}

/// One crew's records for one week, gathered by the server.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(utoipa::ToSchema))]
pub struct CrewWeekInputs {
    /// Each rating received this week: its mean over the four dimensions, in milli-stars.
    #[serde(default)]
    pub ratings: Vec<u32>,
    /// Node inspections held.
    #[serde(default)]
    pub inspections_total: u32,
    /// Of those, passed at the first attempt.
    #[serde(default)]
    pub inspections_first_pass: u32,
    /// Rework items due this week.
    #[serde(default)]
    pub rework_total: u32,
    /// Of those, closed within their 48 hours.
    #[serde(default)]
    pub rework_on_time: u32,
    /// Complaints against the crew.
    #[serde(default)]
    pub complaints: u32,
    /// Days late, summed over projects (each project counts 0–7 per week).
    #[serde(default)]
    pub delay_days: u32,
    /// Projects the crew was working on.
    #[serde(default)]
    pub active_projects: u32,
}

impl CrewWeekInputs {
    /// Checks the counts are consistent (parts within totals, ratings on the star scale).
    pub fn validated(self) -> Result<CrewWeekInputs, FieldError> {
        if self
            .ratings
            .iter()
            .any(|r| !(MIN_MILLI_STARS..=MAX_MILLI_STARS).contains(r))
        {
            return Err(FieldError::out_of_range(
                "ratings",
                format!("{MIN_MILLI_STARS} to {MAX_MILLI_STARS} milli-stars"),
            ));
        }
        if self.inspections_first_pass > self.inspections_total {
            return Err(FieldError::out_of_range(
                "inspections_first_pass",
                "more first passes than inspections",
            ));
        }
        if self.rework_on_time > self.rework_total {
            return Err(FieldError::out_of_range(
                "rework_on_time",
                "more on-time rework than rework",
            ));
        }
        Ok(self)
    }

    /// Did anything happen: a rating, an inspection, rework, a complaint, a delay or an active project?
    pub fn has_activity(&self) -> bool {
        !self.ratings.is_empty()
            || self.inspections_total > 0
            || self.rework_total > 0
            || self.complaints > 0
            || self.delay_days > 0
            || self.active_projects > 0
    }
}

/// The five parts of the weekly score.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ScoreComponent {
    /// Homeowners' ratings, smoothed.
    Customer,
    /// Inspection first-pass rate.
    FirstPass,
    /// Rework closed within its 48 hours.
    ReworkOnTime,
    /// Complaints per active project.
    Complaints,
    /// Days late per active project.
    Delays,
}

/// One named input figure shown in a score explanation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(utoipa::ToSchema))]
pub struct ScoreInput {
    /// Machine name, e.g. `inspections_total`.
    pub name: String,
    /// Its value (milli-stars for `*_milli`, plain counts otherwise).
    pub value: i64,
}

/// One part of a score and how it was reached.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(utoipa::ToSchema))]
pub struct ScorePart {
    pub name: ScoreComponent,
    /// The figures it was computed from.
    pub inputs: Vec<ScoreInput>,
    /// How they were turned into the sub-score (English; the UI may translate by `name`).
    pub note: String,
    pub weight_bp: u32,
    /// `0..=1000`.
    pub sub_score: u32,
    /// Milli-points added to the total: `weight_bp × sub_score / 100`, rounded half up.
    pub contribution: u32,
}

/// A crew's weekly score, `0..=100_000` milli-points, with the parts it is the sum of.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(utoipa::ToSchema))]
pub struct ScoreExplanation {
    pub total_milli: u32,
    pub parts: Vec<ScorePart>,
}

fn input(name: &str, value: u32) -> ScoreInput {
    ScoreInput {
        name: name.to_string(),
        value: i64::from(value),
    }
}

/// `1000 − min(1000, bad·1000 / (per_project·max(projects, 1)))`, rounded half up.
fn penalty_sub_score(bad: u32, projects: u32, per_project_for_zero: u32) -> u32 {
    let allowance = u64::from(projects.max(1)) * u64::from(per_project_for_zero.max(1));
    let penalty = div_round(u64::from(bad) * u64::from(MAX_SUB_SCORE), allowance);
    MAX_SUB_SCORE - penalty.min(u64::from(MAX_SUB_SCORE)) as u32
}

/// A crew's weekly score (0–100 points in milli-points) and its explanation.
///
/// Each part gets a sub-score in `0..=1000`, contributes `weight_bp × sub_score / 100`
/// milli-points (rounded half up), and the total is the sum of the contributions, so the
/// explanation always adds up; with validated weights it lies in `0..=100_000`
/// (unvalidated weights are clamped to that range).
///
/// * **customer**: Bayesian average of the week's ratings, `S = (m·C + Σr) / (m + n)` with
///   `C` = company-wide mean (`prior.mean_milli`) and `m` = `prior.weight` (5 ratings by
///   default): a crew with few ratings is pulled towards the company mean and one with none
///   scores exactly `C`. `S` maps linearly from 1–5 ★ onto 0–1000.
/// * **first_pass**: `first_pass / inspections × 1000`; no inspections ⇒ neutral 500.
/// * **rework_on_time**: `on_time / rework × 1000`; no rework ⇒ 1000 (nothing was late, and a
///   crew without failures must not score below one that had rework).
/// * **complaints**: `1000 − complaints × 1000 / max(active_projects, 1)`, floored at 0
///   (one complaint per active project in a week ⇒ 0).
/// * **delays**: `1000 − delay_days × 1000 / (7 × max(active_projects, 1))`, floored at 0
///   (the share of project-days late).
///
/// Counts above their totals are clamped to the totals.
pub fn score(
    inputs: &CrewWeekInputs,
    weights: &ScoreWeights,
    prior: &RatingPrior,
) -> ScoreExplanation {
    let mut parts = Vec::with_capacity(5);

    let smoothed = smoothed_rating_milli(&inputs.ratings, prior);
    let customer = div_round(u64::from(smoothed - MIN_MILLI_STARS) * 1000, 4000) as u32;
    let n = u32::try_from(inputs.ratings.len()).unwrap_or(u32::MAX);
    parts.push((
        ScoreComponent::Customer,
        vec![
            input("ratings", n),
            input("mean_milli", mean_milli(&inputs.ratings).unwrap_or(0)),
            input("prior_mean_milli", prior.mean_milli),
            input("prior_weight", prior.weight),
            input("smoothed_milli", smoothed),
        ],
        if n == 0 {
            "no ratings this week: company-wide mean".to_string()
        } else {
            "Bayesian average (prior_weight × prior_mean + sum of ratings) / (prior_weight + ratings), 1–5 stars mapped to 0–1000".to_string()
        },
        weights.customer_bp,
        customer,
    ));

    let total = inputs.inspections_total;
    let first = inputs.inspections_first_pass.min(total);
    let (first_pass, note) = if total == 0 {
        (NEUTRAL_SUB_SCORE, "no inspections this week: neutral 500")
    } else {
        (
            div_round(u64::from(first) * 1000, u64::from(total)) as u32,
            "first-pass inspections / inspections × 1000",
        )
    };
    parts.push((
        ScoreComponent::FirstPass,
        vec![
            input("inspections_total", total),
            input("inspections_first_pass", first),
        ],
        note.to_string(),
        weights.first_pass_bp,
        first_pass,
    ));

    let rework = inputs.rework_total;
    let on_time = inputs.rework_on_time.min(rework);
    let (rework_score, note) = if rework == 0 {
        (MAX_SUB_SCORE, "no rework due this week: nothing late, 1000")
    } else {
        (
            div_round(u64::from(on_time) * 1000, u64::from(rework)) as u32,
            "rework closed on time / rework due × 1000",
        )
    };
    parts.push((
        ScoreComponent::ReworkOnTime,
        vec![
            input("rework_total", rework),
            input("rework_on_time", on_time),
        ],
        note.to_string(),
        weights.rework_on_time_bp,
        rework_score,
    ));

    let projects = inputs.active_projects;
    parts.push((
        ScoreComponent::Complaints,
        vec![
            input("complaints", inputs.complaints),
            input("active_projects", projects),
        ],
        format!(
            "1000 − complaints × 1000 / ({COMPLAINTS_PER_PROJECT_FOR_ZERO} × max(active_projects, 1)), at least 0"
        ),
        weights.complaints_bp,
        penalty_sub_score(inputs.complaints, projects, COMPLAINTS_PER_PROJECT_FOR_ZERO),
    ));

    parts.push((
        ScoreComponent::Delays,
        vec![
            input("delay_days", inputs.delay_days),
            input("active_projects", projects),
        ],
        format!(
            "1000 − delay_days × 1000 / ({DELAY_DAYS_PER_PROJECT_FOR_ZERO} × max(active_projects, 1)), at least 0"
        ),
        weights.delays_bp,
        penalty_sub_score(inputs.delay_days, projects, DELAY_DAYS_PER_PROJECT_FOR_ZERO),
    ));

    let parts: Vec<ScorePart> = parts
        .into_iter()
        .map(|(name, inputs, note, weight_bp, sub_score)| {
            let contribution = div_round(u64::from(weight_bp) * u64::from(sub_score), 100);
            ScorePart {
                name,
                inputs,
                note,
                weight_bp,
                sub_score,
                contribution: u32::try_from(contribution).unwrap_or(u32::MAX),
            }
        })
        .collect();
    let total: u64 = parts.iter().map(|p| u64::from(p.contribution)).sum();
    ScoreExplanation {
        total_milli: total.min(u64::from(MAX_TOTAL_MILLI)) as u32,
        parts,
    }
}

/// One crew's week, as handed to [`leaderboard`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(utoipa::ToSchema))]
pub struct CrewWeek {
    /// Unique per crew; the last tie-breaker.
    pub crew_id: String,
    /// The week's records.
    pub inputs: CrewWeekInputs,
}

/// The company's leaderboard configuration.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(utoipa::ToSchema))]
pub struct LeaderboardSettings {
    #[serde(default)]
    pub weights: ScoreWeights,
    #[serde(default)]
    pub prior: RatingPrior,
    /// Crews on the red list, and at most on the black list (default 3).
    #[serde(default = "default_list_size")]
    pub list_size: u32,
}

fn default_list_size() -> u32 {
    DEFAULT_LIST_SIZE
}

impl Default for LeaderboardSettings {
    fn default() -> Self {
        LeaderboardSettings {
            weights: ScoreWeights::default(),
            prior: RatingPrior::default(),
            list_size: DEFAULT_LIST_SIZE,
        }
    }
}

impl LeaderboardSettings {
    /// Checks weights, prior and a list size of at most 50.
    pub fn validated(self) -> Result<LeaderboardSettings, FieldError> {
        self.weights.validated()?;
        self.prior.validated()?;
        if self.list_size > 50 {
            return Err(FieldError::out_of_range(
                "list_size",
                "at most 50 crews per list",
            ));
        }
        Ok(self)
    }
}

/// Which list a crew is on this week.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ListMark {
    /// 红榜: the best crews.
    Red,
    /// 黑榜: the worst crews.
    Black,
}

/// A crew's row on the leaderboard.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(utoipa::ToSchema))]
pub struct Ranked {
    /// 1 = best; `None` for crews with no activity this week (not ranked, listed last).
    pub rank: Option<u32>,
    pub crew_id: String,
    /// Ratings received this week (the first tie-breaker).
    pub rating_count: u32,
    pub active: bool,
    pub list: Option<ListMark>,
    pub score: ScoreExplanation,
}

/// A week's leaderboard, best first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(utoipa::ToSchema))]
pub struct Leaderboard {
    pub week: IsoWeek,
    pub rows: Vec<Ranked>,
}

impl Leaderboard {
    /// The red list, best first.
    pub fn red_list(&self) -> Vec<&Ranked> {
        self.rows
            .iter()
            .filter(|r| r.list == Some(ListMark::Red))
            .collect()
    }

    /// The black list, in leaderboard order (worst last).
    pub fn black_list(&self) -> Vec<&Ranked> {
        self.rows
            .iter()
            .filter(|r| r.list == Some(ListMark::Black))
            .collect()
    }
}

/// Scores and ranks every crew for `week`.
///
/// Order: active crews by total score (higher first), ties broken by more ratings this week,
/// then by crew id (byte order, ascending); then crews with no activity, by crew id, unranked.
/// Red list = the first `list_size` active crews; black list = the last `list_size` active
/// crews that are not on the red list (shorter when there are fewer than `2 × list_size`
/// active crews). The result does not depend on the order of `crews`, as long as crew ids are
/// unique.
pub fn leaderboard(
    week: IsoWeek,
    crews: &[CrewWeek],
    settings: &LeaderboardSettings,
) -> Leaderboard {
    let mut rows: Vec<Ranked> = crews
        .iter()
        .map(|c| Ranked {
            rank: None,
            crew_id: c.crew_id.clone(),
            rating_count: u32::try_from(c.inputs.ratings.len()).unwrap_or(u32::MAX),
            active: c.inputs.has_activity(),
            list: None,
            score: score(&c.inputs, &settings.weights, &settings.prior),
        })
        .collect();
    rows.sort_by(|a, b| {
        b.active
            .cmp(&a.active)
            .then_with(|| match a.active {
                true => b
                    .score
                    .total_milli
                    .cmp(&a.score.total_milli)
                    .then_with(|| b.rating_count.cmp(&a.rating_count)),
                false => std::cmp::Ordering::Equal,
            })
            .then_with(|| a.crew_id.cmp(&b.crew_id))
    });
    let active = rows.iter().filter(|r| r.active).count();
    let n = settings.list_size as usize;
    let red_end = n.min(active);
    let black_start = active.saturating_sub(n).max(red_end);
    for (i, row) in rows.iter_mut().enumerate().take(active) {
        row.rank = u32::try_from(i + 1).ok();
        row.list = if i < red_end {
            Some(ListMark::Red)
        } else if i >= black_start {
            Some(ListMark::Black)
        } else {
            None
        };
    }
    Leaderboard { week, rows }
}

/// What a homeowner rates the crew for: a signed-off node, or the handover.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum RatingTarget {
    /// After the node was signed off.
    Node(super::inspections::NodeKind),
    /// At handover.
    Handover,
}

impl RatingTarget {
    /// Stable name for storage and URLs: the node kind, or `handover`.
    pub fn as_str(self) -> &'static str {
        match self {
            RatingTarget::Node(kind) => kind.as_str(),
            RatingTarget::Handover => "handover",
        }
    }

    /// The target named by [`RatingTarget::as_str`]; anything else is a validation error.
    pub fn parse(s: &str) -> Result<RatingTarget, FieldError> {
        if s == "handover" {
            return Ok(RatingTarget::Handover);
        }
        super::inspections::NodeKind::parse(s)
            .map(RatingTarget::Node)
            .ok_or_else(|| FieldError::not_allowed("target", "a node kind or handover"))
    }

    /// The Chinese name homeowners know.
    pub fn label_zh(self) -> &'static str {
        match self {
            RatingTarget::Node(kind) => kind.label_zh(),
            RatingTarget::Handover => "交付",
        }
    }
}

/// Days of `week` (Monday–Sunday, company calendar) on which a project was late: after its
/// planned end date and up to its handover date (the handover day counts), or up to `today`
/// while it is not handed over. Days after `today` never count. `0..=7`.
pub fn delay_days_in_week(
    week: IsoWeek,
    planned_end: NaiveDate,
    handover: Option<NaiveDate>,
    today: NaiveDate,
) -> u32 {
    let last_late = handover.map_or(today, |h| h.min(today));
    (0..7)
        .filter_map(|i| week.monday().checked_add_days(Days::new(i)))
        .filter(|d| *d > planned_end && *d <= last_late)
        .count() as u32
}

/// Was a project on site during `week`: started by its Sunday (a missing start date counts
/// as started) and not handed over before its Monday?
pub fn project_active_in_week(
    week: IsoWeek,
    start: Option<NaiveDate>,
    handover: Option<NaiveDate>,
) -> bool {
    let monday = week.monday();
    let sunday = monday.checked_add_days(Days::new(6)).unwrap_or(monday);
    start.is_none_or(|s| s <= sunday) && handover.is_none_or(|h| h >= monday)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono_tz::{America, Asia, Europe};

    /// Small deterministic generator for property-style loops.
    struct Rng(u64);
    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            self.0
        }
        fn below(&mut self, n: u32) -> u32 {
            (self.next() % u64::from(n)) as u32
        }
    }

    fn utc(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    fn local(tz: Tz, y: i32, m: u32, d: u32, h: u32, min: u32) -> DateTime<Utc> {
        tz.with_ymd_and_hms(y, m, d, h, min, 0)
            .single()
            .unwrap()
            .with_timezone(&Utc)
    }

    fn wk(year: i32, week: u32) -> IsoWeek {
        IsoWeek::new(year, week).unwrap()
    }

    fn stars(n: u8) -> Stars {
        Stars::new(n).unwrap()
    }

    fn rating() -> RatingInput {
        RatingInput {
            quality: stars(5),
            punctuality: stars(4),
            tidiness: stars(4),
            communication: stars(3),
            comment: "  师傅很细心  ".into(),
            photo_ids: vec!["p1".into()],
        }
    }

    fn random_inputs(rng: &mut Rng) -> CrewWeekInputs {
        let inspections_total = rng.below(8);
        let rework_total = rng.below(6);
        CrewWeekInputs {
            ratings: (0..rng.below(12))
                .map(|_| 1000 + 250 * rng.below(17))
                .collect(),
            inspections_total,
            inspections_first_pass: rng.below(inspections_total + 1),
            rework_total,
            rework_on_time: rng.below(rework_total + 1),
            complaints: rng.below(5),
            delay_days: rng.below(30),
            active_projects: rng.below(6),
        }
    }

    fn random_prior(rng: &mut Rng) -> RatingPrior {
        RatingPrior {
            mean_milli: 1000 + rng.below(4001),
            weight: rng.below(20),
        }
    }

    fn part(e: &ScoreExplanation, c: ScoreComponent) -> &ScorePart {
        e.parts.iter().find(|p| p.name == c).unwrap()
    }

    #[test]
    fn stars_are_one_to_five() {
        assert!(Stars::new(0).is_err());
        assert!(Stars::new(6).is_err());
        for n in 1..=5 {
            assert_eq!(stars(n).get(), n);
            assert_eq!(stars(n).milli(), u32::from(n) * 1000);
        }
        assert_eq!(serde_json::to_string(&stars(4)).unwrap(), "4");
        assert_eq!(serde_json::from_str::<Stars>("5").unwrap(), stars(5));
        assert!(serde_json::from_str::<Stars>("0").is_err());
        assert!(serde_json::from_str::<Stars>("6").is_err());
    }

    #[test]
    fn rating_input_is_trimmed_and_bounded() {
        let r = rating().validated().unwrap();
        assert_eq!(r.comment, "师傅很细心");
        assert_eq!(r.average_milli(), 4000);
        let mut r = rating();
        r.comment = "好".repeat(MAX_COMMENT_CHARS);
        assert!(r.validated().is_ok());
        let mut r = rating();
        r.comment = "好".repeat(MAX_COMMENT_CHARS + 1);
        assert_eq!(r.validated().unwrap_err().field, "comment");
        let mut r = rating();
        r.photo_ids = (0..MAX_PHOTOS_PER_RATING).map(|i| i.to_string()).collect();
        assert!(r.validated().is_ok());
        let mut r = rating();
        r.photo_ids = (0..=MAX_PHOTOS_PER_RATING).map(|i| i.to_string()).collect();
        assert_eq!(r.validated().unwrap_err().field, "photo_ids");
        let mut r = rating();
        r.photo_ids = vec!["a".into(), "a".into()];
        assert_eq!(r.validated().unwrap_err().field, "photo_ids");
        let mut r = rating();
        r.photo_ids = vec![" ".into()];
        assert!(r.validated().is_err());
        let json = r#"{"quality":5,"punctuality":5,"tidiness":0,"communication":5}"#;
        assert!(serde_json::from_str::<RatingInput>(json).is_err());
        let json = r#"{"quality":5,"punctuality":4,"tidiness":3,"communication":5}"#;
        let r: RatingInput = serde_json::from_str(json).unwrap();
        assert_eq!(r.average_milli(), 4250);
    }

    #[test]
    fn ratings_are_editable_for_seven_days() {
        let created = utc("2026-03-01T10:00:00Z");
        assert_eq!(editable_until(created), utc("2026-03-08T10:00:00Z"));
        assert!(rating_editable(created, utc("2026-03-08T09:59:59Z")));
        assert!(!rating_editable(created, utc("2026-03-08T10:00:00Z")));
        assert_eq!(
            editable_until(DateTime::<Utc>::MAX_UTC),
            DateTime::<Utc>::MAX_UTC
        );
    }

    #[test]
    fn phone_numbers_are_redacted() {
        assert_eq!(
            redact_phone_numbers("请打13812345678联系"),
            "请打***********联系"
        );
        assert_eq!(
            redact_phone_numbers("call 138 1234 5678 ok"),
            "call *** **** **** ok"
        );
        assert_eq!(
            redact_phone_numbers("+86-138-1234-5678"),
            "+**-***-****-****"
        );
        assert_eq!(
            redact_phone_numbers("０１０－１２３４５６７８"),
            "***－********"
        );
        assert_eq!(
            redact_phone_numbers("身份证11010519491231002X号"),
            "身份证******************号"
        );
        // Short numbers stay: prices, dates, areas, times.
        for keep in [
            "花了12000元",
            "2026-11-03 到 2026-11-10",
            "客厅35.5平米",
            "10:30 到场",
            "房号 3-2-1101",
            "",
        ] {
            assert_eq!(redact_phone_numbers(keep), keep);
        }
        // A separator needs digits on both sides; doubled separators break a run.
        assert_eq!(redact_phone_numbers("138  1234 5678"), "138  1234 5678");
        assert_eq!(redact_phone_numbers("12345678901-"), "***********-");
    }

    #[test]
    fn redaction_never_leaves_a_long_digit_run() {
        let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
        let alphabet = ['1', '3', '8', ' ', '-', '+', '字', 'a', '０', '9', 'X'];
        for _ in 0..3000 {
            let len = rng.below(40) as usize;
            let text: String = (0..len)
                .map(|_| alphabet[rng.below(alphabet.len() as u32) as usize])
                .collect();
            let out = redact_phone_numbers(&text);
            assert_eq!(out.chars().count(), text.chars().count(), "{text:?}");
            let mut run = 0;
            for c in out.chars() {
                run = if is_digit_char(c) { run + 1 } else { 0 };
                assert!(run < PHONE_MIN_DIGITS, "{text:?} -> {out:?}");
            }
        }
    }

    #[test]
    fn iso_week_validation_display_and_serde() {
        assert!(IsoWeek::new(2026, 53).is_ok());
        assert!(IsoWeek::new(2025, 53).is_err());
        assert!(IsoWeek::new(2026, 0).is_err());
        assert_eq!(wk(2026, 3).to_string(), "2026-W03");
        assert_eq!("2026-W03".parse::<IsoWeek>().unwrap(), wk(2026, 3));
        assert_eq!("2026-w3".parse::<IsoWeek>().unwrap(), wk(2026, 3));
        assert!("2025-W53".parse::<IsoWeek>().is_err());
        assert!("2026W03".parse::<IsoWeek>().is_err());
        assert!("W03".parse::<IsoWeek>().is_err());
        let json = serde_json::to_string(&wk(2026, 53)).unwrap();
        assert_eq!(json, r#"{"year":2026,"week":53}"#);
        assert_eq!(
            serde_json::from_str::<IsoWeek>(&json).unwrap(),
            wk(2026, 53)
        );
        assert!(serde_json::from_str::<IsoWeek>(r#"{"year":2025,"week":53}"#).is_err());
        assert!(wk(2025, 52) < wk(2026, 1));
        assert_eq!(wk(2026, 53).next(), wk(2027, 1));
        assert_eq!(wk(2026, 1).prev(), wk(2025, 52));
        assert_eq!(
            wk(2026, 1).monday(),
            NaiveDate::from_ymd_opt(2025, 12, 29).unwrap()
        );
    }

    #[test]
    fn weeks_follow_the_company_time_zone() {
        let sh = Asia::Shanghai;
        // Sunday 2026-01-04 23:30 in Shanghai is Sunday 15:30 UTC: ISO week 1 either way.
        let sunday_late = local(sh, 2026, 1, 4, 23, 30);
        assert_eq!(sunday_late, utc("2026-01-04T15:30:00Z"));
        assert_eq!(iso_week_of(sunday_late, sh), wk(2026, 1));
        // Monday 00:30 in Shanghai is still Sunday in UTC, but belongs to the next week.
        let monday_early = local(sh, 2026, 1, 5, 0, 30);
        assert_eq!(monday_early, utc("2026-01-04T16:30:00Z"));
        assert_eq!(iso_week_of(monday_early, sh), wk(2026, 2));
        assert_eq!(iso_week_of(monday_early, Tz::UTC), wk(2026, 1));
        // West of UTC it goes the other way: Sunday 22:00 in New York is Monday in UTC.
        let ny = America::New_York;
        let sunday_night = local(ny, 2026, 1, 4, 22, 0);
        assert_eq!(iso_week_of(sunday_night, ny), wk(2026, 1));
        assert_eq!(iso_week_of(sunday_night, Tz::UTC), wk(2026, 2));
    }

    #[test]
    fn year_end_weeks() {
        let sh = Asia::Shanghai;
        // 2026 has 53 ISO weeks; week 53 runs Mon 2026-12-28 to Sun 2027-01-03.
        assert_eq!(iso_week_of(local(sh, 2026, 12, 28, 9, 0), sh), wk(2026, 53));
        assert_eq!(iso_week_of(local(sh, 2027, 1, 3, 23, 59), sh), wk(2026, 53));
        let new_week = local(sh, 2027, 1, 4, 0, 30);
        assert_eq!(new_week, utc("2027-01-03T16:30:00Z"));
        assert_eq!(iso_week_of(new_week, sh), wk(2027, 1));
        assert_eq!(iso_week_of(new_week, Tz::UTC), wk(2026, 53));
        // 2025-12-29 is already in ISO year 2026.
        assert_eq!(iso_week_of(local(sh, 2025, 12, 29, 0, 0), sh), wk(2026, 1));
        assert_eq!(
            iso_week_of(local(sh, 2025, 12, 28, 23, 59), sh),
            wk(2025, 52)
        );
        // New Year's Eve 2026 UTC evening is already 2027-01-01 in Shanghai: still week 53.
        assert_eq!(iso_week_of(utc("2026-12-31T20:00:00Z"), sh), wk(2026, 53));
    }

    #[test]
    fn week_start_and_end_instants() {
        let w = wk(2026, 2);
        assert_eq!(w.start_in(Asia::Shanghai), utc("2026-01-04T16:00:00Z"));
        assert_eq!(w.end_in(Asia::Shanghai), utc("2026-01-11T16:00:00Z"));
        assert_eq!(w.start_in(Tz::UTC), utc("2026-01-05T00:00:00Z"));
        assert_eq!(w.start_in(America::New_York), utc("2026-01-05T05:00:00Z"));
        assert_eq!(w.end_in(Asia::Shanghai), w.next().start_in(Asia::Shanghai));
        // The week DST starts in Berlin is an hour short.
        let dst = wk(2026, 13);
        assert_eq!(dst.start_in(Europe::Berlin), utc("2026-03-22T23:00:00Z"));
        assert_eq!(dst.end_in(Europe::Berlin), utc("2026-03-29T22:00:00Z"));
        // Where DST started at midnight the day begins at 01:00.
        let d = NaiveDate::from_ymd_opt(2018, 11, 4).unwrap();
        assert_eq!(
            local_start_of_day(d, America::Sao_Paulo),
            utc("2018-11-04T03:00:00Z")
        );
        assert!(w.contains(utc("2026-01-04T16:00:00Z"), Asia::Shanghai));
        assert!(!w.contains(utc("2026-01-11T16:00:00Z"), Asia::Shanghai));
    }

    #[test]
    fn every_instant_lies_inside_its_week() {
        let zones = [
            Tz::UTC,
            Asia::Shanghai,
            America::New_York,
            Europe::Berlin,
            America::Sao_Paulo,
            chrono_tz::Pacific::Kiritimati,
            chrono_tz::Pacific::Pago_Pago,
        ];
        let mut rng = Rng(42);
        let base = utc("2015-01-01T00:00:00Z").timestamp();
        for _ in 0..5000 {
            let secs = base + (rng.next() % (20 * 366 * 86_400)) as i64;
            let instant = DateTime::<Utc>::from_timestamp(secs, 0).unwrap();
            let tz = zones[rng.below(zones.len() as u32) as usize];
            let w = iso_week_of(instant, tz);
            assert!(
                w.start_in(tz) <= instant && instant < w.end_in(tz),
                "{instant} {tz}"
            );
            assert_eq!(w.next().prev(), w);
        }
    }

    #[test]
    fn weeks_freeze_once_ended() {
        let sh = Asia::Shanghai;
        let w = wk(2026, 2);
        assert!(!is_week_published(w, utc("2026-01-11T15:59:59Z"), sh));
        assert!(is_week_published(w, utc("2026-01-11T16:00:00Z"), sh));
        // In UTC the same week is still open at that moment.
        assert!(!is_week_published(w, utc("2026-01-11T16:00:00Z"), Tz::UTC));
        assert_eq!(last_ended_week(utc("2026-01-11T16:00:00Z"), sh), w);
        assert_eq!(
            last_ended_week(utc("2026-01-11T15:59:59Z"), sh),
            wk(2026, 1)
        );
    }

    #[test]
    fn late_data_goes_to_the_next_open_week() {
        let sh = Asia::Shanghai;
        let in_w2 = local(sh, 2026, 1, 7, 12, 0);
        assert_eq!(week_for_event(in_w2, None, sh), wk(2026, 2));
        assert_eq!(week_for_event(in_w2, Some(wk(2026, 1)), sh), wk(2026, 2));
        assert_eq!(week_for_event(in_w2, Some(wk(2026, 2)), sh), wk(2026, 3));
        assert_eq!(week_for_event(in_w2, Some(wk(2026, 5)), sh), wk(2026, 6));
        // Across the year end.
        assert_eq!(week_for_event(in_w2, Some(wk(2026, 53)), sh), wk(2027, 1));
        // Never into a frozen week.
        let mut rng = Rng(7);
        for _ in 0..2000 {
            let t = utc("2025-06-01T00:00:00Z") + Duration::minutes(i64::from(rng.below(800_000)));
            let frozen = IsoWeek::of_date(
                NaiveDate::from_ymd_opt(2025, 6, 1).unwrap() + Days::new(u64::from(rng.below(600))),
            );
            let got = week_for_event(t, Some(frozen), sh);
            assert!(got > frozen);
            assert!(got >= iso_week_of(t, sh));
        }
    }

    #[test]
    fn default_weights_follow_the_domain() {
        let w = ScoreWeights::default();
        assert_eq!(w.customer_bp, 4000);
        assert_eq!(
            w.first_pass_bp + w.rework_on_time_bp + w.complaints_bp + w.delays_bp,
            6000
        );
        assert!(w.validated().is_ok());
        let bad = ScoreWeights {
            delays_bp: 1001,
            ..w
        };
        assert_eq!(bad.validated().unwrap_err().field, "weights");
        let overflow = ScoreWeights {
            customer_bp: u32::MAX,
            first_pass_bp: u32::MAX,
            ..w
        };
        assert!(overflow.validated().is_err());
        let all_customer = ScoreWeights {
            customer_bp: 10_000,
            first_pass_bp: 0,
            rework_on_time_bp: 0,
            complaints_bp: 0,
            delays_bp: 0,
        };
        assert!(all_customer.validated().is_ok());
        assert!(LeaderboardSettings::default().validated().is_ok());
        let s = LeaderboardSettings {
            weights: bad,
            ..LeaderboardSettings::default()
        };
        assert!(s.validated().is_err());
    }

    #[test]
    fn ratings_are_smoothed_towards_the_company_mean() {
        let prior = RatingPrior {
            mean_milli: 4000,
            weight: 5,
        };
        assert_eq!(smoothed_rating_milli(&[], &prior), 4000);
        // One 5-star rating: (5×4000 + 5000) / 6 = 4166.67.
        assert_eq!(smoothed_rating_milli(&[5000], &prior), 4167);
        // One 1-star rating: (20000 + 1000) / 6 = 3500.
        assert_eq!(smoothed_rating_milli(&[1000], &prior), 3500);
        // Many ratings dominate the prior.
        let many = vec![5000; 995];
        assert_eq!(smoothed_rating_milli(&many, &prior), 4995);
        // m = 0: the plain mean; m = 0 and no ratings: the prior mean.
        let flat = RatingPrior {
            mean_milli: 4000,
            weight: 0,
        };
        assert_eq!(smoothed_rating_milli(&[5000, 4000], &flat), 4500);
        assert_eq!(smoothed_rating_milli(&[], &flat), 4000);
        // Ratings off the scale are clamped.
        assert_eq!(smoothed_rating_milli(&[9000], &flat), 5000);
        assert_eq!(smoothed_rating_milli(&[0], &flat), 1000);
        // A crew with one 5-star rating does not beat one with twenty 4.8-star ratings.
        let one = smoothed_rating_milli(&[5000], &prior);
        let twenty = smoothed_rating_milli(&[4800; 20], &prior);
        assert!(twenty > one);
        assert_eq!(
            RatingPrior::from_company_ratings(&[4000, 5000], 5).mean_milli,
            4500
        );
        assert_eq!(
            RatingPrior::from_company_ratings(&[], 5).mean_milli,
            FALLBACK_PRIOR_MEAN_MILLI
        );
        assert!(RatingPrior::default().validated().is_ok());
        assert!(RatingPrior {
            mean_milli: 999,
            weight: 5
        }
        .validated()
        .is_err());
        assert!(RatingPrior {
            mean_milli: 4000,
            weight: MAX_PRIOR_WEIGHT + 1
        }
        .validated()
        .is_err());
    }

    #[test]
    fn perfect_and_worst_weeks() {
        let w = ScoreWeights::default();
        let prior = RatingPrior {
            mean_milli: 5000,
            weight: 5,
        };
        let best = CrewWeekInputs {
            ratings: vec![5000; 3],
            inspections_total: 4,
            inspections_first_pass: 4,
            rework_total: 2,
            rework_on_time: 2,
            complaints: 0,
            delay_days: 0,
            active_projects: 2,
        };
        assert_eq!(score(&best, &w, &prior).total_milli, MAX_TOTAL_MILLI);
        let worst = CrewWeekInputs {
            ratings: vec![1000; 3],
            inspections_total: 4,
            inspections_first_pass: 0,
            rework_total: 2,
            rework_on_time: 0,
            complaints: 2,
            delay_days: 14,
            active_projects: 2,
        };
        let prior = RatingPrior {
            mean_milli: 1000,
            weight: 5,
        };
        assert_eq!(score(&worst, &w, &prior).total_milli, 0);
    }

    #[test]
    fn explanation_adds_up() {
        let inputs = CrewWeekInputs {
            ratings: vec![4500, 5000, 3750],
            inspections_total: 3,
            inspections_first_pass: 2,
            rework_total: 1,
            rework_on_time: 0,
            complaints: 1,
            delay_days: 3,
            active_projects: 3,
        };
        let prior = RatingPrior {
            mean_milli: 4200,
            weight: 5,
        };
        let e = score(&inputs, &ScoreWeights::default(), &prior);
        assert_eq!(e.parts.len(), 5);
        // (5×4200 + 13250) / 8 = 4281.25 → 4281 → (3281 / 4) = 820.25 → 820.
        let c = part(&e, ScoreComponent::Customer);
        assert_eq!(c.sub_score, 820);
        assert_eq!(c.contribution, 32_800);
        assert!(c.inputs.contains(&input("smoothed_milli", 4281)));
        assert_eq!(part(&e, ScoreComponent::FirstPass).sub_score, 667);
        assert_eq!(part(&e, ScoreComponent::FirstPass).contribution, 13_340);
        assert_eq!(part(&e, ScoreComponent::ReworkOnTime).sub_score, 0);
        assert_eq!(part(&e, ScoreComponent::Complaints).sub_score, 667);
        assert_eq!(part(&e, ScoreComponent::Complaints).contribution, 10_005);
        // 3 days late of 3 × 7 project-days: 1000 − 142.86 → 857.
        assert_eq!(part(&e, ScoreComponent::Delays).sub_score, 857);
        assert_eq!(part(&e, ScoreComponent::Delays).contribution, 8570);
        assert_eq!(e.total_milli, 32_800 + 13_340 + 10_005 + 8570);
        let json = serde_json::to_value(&e).unwrap();
        assert_eq!(json["parts"][1]["name"], "first_pass");
    }

    #[test]
    fn zero_denominators_are_defined() {
        let prior = RatingPrior {
            mean_milli: 4000,
            weight: 5,
        };
        let nothing = CrewWeekInputs::default();
        assert!(!nothing.has_activity());
        let e = score(&nothing, &ScoreWeights::default(), &prior);
        assert_eq!(part(&e, ScoreComponent::Customer).sub_score, 750);
        assert_eq!(
            part(&e, ScoreComponent::FirstPass).sub_score,
            NEUTRAL_SUB_SCORE
        );
        assert_eq!(part(&e, ScoreComponent::ReworkOnTime).sub_score, 1000);
        assert_eq!(part(&e, ScoreComponent::Complaints).sub_score, 1000);
        assert_eq!(part(&e, ScoreComponent::Delays).sub_score, 1000);
        // No active projects: a complaint still counts, against one project.
        let c = CrewWeekInputs {
            complaints: 1,
            ..CrewWeekInputs::default()
        };
        assert!(c.has_activity());
        let e = score(&c, &ScoreWeights::default(), &prior);
        assert_eq!(part(&e, ScoreComponent::Complaints).sub_score, 0);
        // A crew without rework never scores below one whose rework was all on time.
        let clean = CrewWeekInputs {
            inspections_total: 2,
            inspections_first_pass: 2,
            active_projects: 1,
            ..CrewWeekInputs::default()
        };
        let reworked = CrewWeekInputs {
            inspections_first_pass: 1,
            rework_total: 1,
            rework_on_time: 1,
            ..clean.clone()
        };
        let w = ScoreWeights::default();
        assert!(score(&clean, &w, &prior).total_milli > score(&reworked, &w, &prior).total_milli);
        // Counts above their totals are clamped (and rejected by validation).
        let odd = CrewWeekInputs {
            inspections_total: 1,
            inspections_first_pass: 3,
            ..CrewWeekInputs::default()
        };
        assert_eq!(
            part(&score(&odd, &w, &prior), ScoreComponent::FirstPass).sub_score,
            1000
        );
        assert_eq!(odd.validated().unwrap_err().field, "inspections_first_pass");
        let odd = CrewWeekInputs {
            rework_total: 1,
            rework_on_time: 2,
            ..CrewWeekInputs::default()
        };
        assert_eq!(odd.validated().unwrap_err().field, "rework_on_time");
        let odd = CrewWeekInputs {
            ratings: vec![5001],
            ..CrewWeekInputs::default()
        };
        assert_eq!(odd.validated().unwrap_err().field, "ratings");
    }

    #[test]
    fn score_properties_over_many_inputs() {
        let mut rng = Rng(0xDEAD_BEEF);
        for _ in 0..5000 {
            let inputs = random_inputs(&mut rng);
            let prior = random_prior(&mut rng);
            let w = ScoreWeights::default();
            let e = score(&inputs, &w, &prior);
            assert!(e.total_milli <= MAX_TOTAL_MILLI);
            assert_eq!(
                e.total_milli,
                e.parts.iter().map(|p| p.contribution).sum::<u32>()
            );
            for p in &e.parts {
                assert!(p.sub_score <= MAX_SUB_SCORE);
            }
            // Deterministic.
            assert_eq!(score(&inputs, &w, &prior), e);

            // Monotone: one more first pass (same inspections) never lowers the score.
            if inputs.inspections_first_pass < inputs.inspections_total {
                let better = CrewWeekInputs {
                    inspections_first_pass: inputs.inspections_first_pass + 1,
                    ..inputs.clone()
                };
                assert!(score(&better, &w, &prior).total_milli >= e.total_milli);
            }
            // More on-time rework never lowers it.
            if inputs.rework_on_time < inputs.rework_total {
                let better = CrewWeekInputs {
                    rework_on_time: inputs.rework_on_time + 1,
                    ..inputs.clone()
                };
                assert!(score(&better, &w, &prior).total_milli >= e.total_milli);
            }
            // More complaints or delay days never raise it.
            let worse = CrewWeekInputs {
                complaints: inputs.complaints + 1,
                ..inputs.clone()
            };
            assert!(score(&worse, &w, &prior).total_milli <= e.total_milli);
            let worse = CrewWeekInputs {
                delay_days: inputs.delay_days + 1 + rng.below(5),
                ..inputs.clone()
            };
            assert!(score(&worse, &w, &prior).total_milli <= e.total_milli);
            // Raising one rating never lowers it.
            if let Some(i) = inputs.ratings.iter().position(|&r| r < 5000) {
                let mut better = inputs.clone();
                better.ratings[i] += 250;
                assert!(score(&better, &w, &prior).total_milli >= e.total_milli);
            }
        }
    }

    #[test]
    fn score_bounds_hold_for_any_valid_weights() {
        let mut rng = Rng(99);
        for _ in 0..3000 {
            let mut cuts = [
                rng.below(10_001),
                rng.below(10_001),
                rng.below(10_001),
                rng.below(10_001),
            ];
            cuts.sort();
            let w = ScoreWeights {
                customer_bp: cuts[0],
                first_pass_bp: cuts[1] - cuts[0],
                rework_on_time_bp: cuts[2] - cuts[1],
                complaints_bp: cuts[3] - cuts[2],
                delays_bp: 10_000 - cuts[3],
            }
            .validated()
            .unwrap();
            let inputs = random_inputs(&mut rng);
            let e = score(&inputs, &w, &random_prior(&mut rng));
            assert!(e.total_milli <= MAX_TOTAL_MILLI);
            for p in &e.parts {
                assert!(p.contribution <= p.weight_bp * 10);
            }
        }
        // Unvalidated weights are clamped.
        let heavy = ScoreWeights {
            customer_bp: 50_000,
            ..ScoreWeights::default()
        };
        let best = CrewWeekInputs {
            ratings: vec![5000],
            ..CrewWeekInputs::default()
        };
        let prior = RatingPrior {
            mean_milli: 5000,
            weight: 1,
        };
        assert_eq!(score(&best, &heavy, &prior).total_milli, MAX_TOTAL_MILLI);
    }

    fn crew(id: &str, inputs: CrewWeekInputs) -> CrewWeek {
        CrewWeek {
            crew_id: id.into(),
            inputs,
        }
    }

    fn active_with(ratings: Vec<u32>, first_pass: u32) -> CrewWeekInputs {
        CrewWeekInputs {
            ratings,
            inspections_total: 4,
            inspections_first_pass: first_pass,
            active_projects: 1,
            ..CrewWeekInputs::default()
        }
    }

    #[test]
    fn ties_break_on_rating_count_then_crew_id() {
        let s = LeaderboardSettings {
            prior: RatingPrior {
                mean_milli: 4000,
                weight: 5,
            },
            ..LeaderboardSettings::default()
        };
        // Ratings equal to the prior mean: the smoothed value stays 4000 however many there are.
        let crews = vec![
            crew("c-b", active_with(vec![4000], 2)),
            crew("c-a", active_with(vec![4000], 2)),
            crew("c-z", active_with(vec![4000; 3], 2)),
            crew("c-none", active_with(vec![], 2)),
        ];
        let board = leaderboard(wk(2026, 2), &crews, &s);
        let totals: Vec<u32> = board.rows.iter().map(|r| r.score.total_milli).collect();
        assert!(totals.windows(2).all(|p| p[0] == p[1]), "{totals:?}");
        let order: Vec<&str> = board.rows.iter().map(|r| r.crew_id.as_str()).collect();
        assert_eq!(order, ["c-z", "c-a", "c-b", "c-none"]);
        let ranks: Vec<Option<u32>> = board.rows.iter().map(|r| r.rank).collect();
        assert_eq!(ranks, [Some(1), Some(2), Some(3), Some(4)]);
        // The crew with no ratings is ranked on the prior alone.
        assert_eq!(board.rows[3].rating_count, 0);
        assert_eq!(
            part(&board.rows[3].score, ScoreComponent::Customer).sub_score,
            750
        );
        // The input order does not matter.
        let mut rng = Rng(5);
        for _ in 0..50 {
            let mut shuffled = crews.clone();
            for i in (1..shuffled.len()).rev() {
                shuffled.swap(i, rng.below(i as u32 + 1) as usize);
            }
            assert_eq!(leaderboard(wk(2026, 2), &shuffled, &s), board);
        }
    }

    #[test]
    fn red_and_black_lists() {
        let s = LeaderboardSettings::default();
        let mut crews: Vec<CrewWeek> = (0..8)
            .map(|i| crew(&format!("c{i}"), active_with(vec![5000], i % 5)))
            .collect();
        crews.push(crew("idle", CrewWeekInputs::default()));
        let board = leaderboard(wk(2026, 2), &crews, &s);
        assert_eq!(board.rows.len(), 9);
        let red: Vec<&str> = board
            .red_list()
            .iter()
            .map(|r| r.crew_id.as_str())
            .collect();
        let black: Vec<&str> = board
            .black_list()
            .iter()
            .map(|r| r.crew_id.as_str())
            .collect();
        // First passes c0..c7 = 0,1,2,3,4,0,1,2; equal scores fall back to crew id.
        // Order: c4, c3, c2, c7, c1, c6, c0, c5.
        assert_eq!(red, ["c4", "c3", "c2"]);
        assert_eq!(black, ["c6", "c0", "c5"]);
        let idle = board.rows.last().unwrap();
        assert_eq!(idle.crew_id, "idle");
        assert_eq!(idle.rank, None);
        assert_eq!(idle.list, None);
        assert!(!idle.active);

        // Four active crews: three red, only one black; the idle crew is never black.
        let few: Vec<CrewWeek> = crews[..4]
            .iter()
            .cloned()
            .chain([crew("idle", CrewWeekInputs::default())])
            .collect();
        let board = leaderboard(wk(2026, 2), &few, &s);
        assert_eq!(board.red_list().len(), 3);
        assert_eq!(board.black_list().len(), 1);
        assert_eq!(board.black_list()[0].crew_id, "c0");

        // Two active crews: both red, none black.
        let board = leaderboard(wk(2026, 2), &crews[..2], &s);
        assert_eq!(board.red_list().len(), 2);
        assert!(board.black_list().is_empty());

        // List size 0: no lists; empty input: empty board.
        let none = LeaderboardSettings { list_size: 0, ..s };
        let board = leaderboard(wk(2026, 2), &crews, &none);
        assert!(board.rows.iter().all(|r| r.list.is_none()));
        assert!(leaderboard(wk(2026, 2), &[], &s).rows.is_empty());
    }

    #[test]
    fn leaderboard_properties_over_many_weeks() {
        let mut rng = Rng(2026);
        let s = LeaderboardSettings::default();
        for _ in 0..400 {
            let crews: Vec<CrewWeek> = (0..rng.below(15))
                .map(|i| {
                    let inputs = if rng.below(5) == 0 {
                        CrewWeekInputs::default()
                    } else {
                        random_inputs(&mut rng)
                    };
                    crew(&format!("crew-{i:02}"), inputs)
                })
                .collect();
            let board = leaderboard(wk(2026, 10), &crews, &s);
            assert_eq!(board.rows.len(), crews.len());
            let active: Vec<&Ranked> = board.rows.iter().filter(|r| r.active).collect();
            // Active crews come first, ranked 1..=k, in non-increasing score order.
            for (i, r) in active.iter().enumerate() {
                assert_eq!(r.rank, Some(i as u32 + 1));
            }
            assert!(board.rows[..active.len()].iter().all(|r| r.active));
            for pair in active.windows(2) {
                let (a, b) = (pair[0], pair[1]);
                assert!(
                    (
                        a.score.total_milli,
                        a.rating_count,
                        std::cmp::Reverse(&a.crew_id)
                    ) > (
                        b.score.total_milli,
                        b.rating_count,
                        std::cmp::Reverse(&b.crew_id)
                    )
                );
            }
            let red = board.red_list().len();
            let black = board.black_list().len();
            assert_eq!(red, active.len().min(3));
            assert_eq!(black, active.len().saturating_sub(3).min(3));
            assert!(board
                .rows
                .iter()
                .all(|r| r.active || (r.list.is_none() && r.rank.is_none())));
        }
    }

    #[test]
    fn settings_deserialise_with_defaults() {
        let s: LeaderboardSettings = serde_json::from_str("{}").unwrap();
        assert_eq!(s, LeaderboardSettings::default());
        let s: LeaderboardSettings = serde_json::from_str(r#"{"list_size":5}"#).unwrap();
        assert_eq!(s.list_size, 5);
        let i: CrewWeekInputs = serde_json::from_str(r#"{"complaints":2}"#).unwrap();
        assert_eq!(i.complaints, 2);
        assert!(i.ratings.is_empty());
    }

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn rating_targets_round_trip() {
        for kind in crate::domain::inspections::NodeKind::ALL {
            let t = RatingTarget::Node(kind);
            assert_eq!(RatingTarget::parse(t.as_str()), Ok(t));
            assert_eq!(t.label_zh(), kind.label_zh());
        }
        assert_eq!(RatingTarget::parse("handover"), Ok(RatingTarget::Handover));
        assert_eq!(RatingTarget::Handover.label_zh(), "交付");
        assert_eq!(RatingTarget::parse("roof").unwrap_err().field, "target");
        assert!(RatingTarget::parse("").is_err());
    }

    #[test]
    fn delay_days_count_late_days_inside_the_week() {
        // Week 2026-W47: Mon 11-16 .. Sun 11-22.
        let w = wk(2026, 47);
        let today = date(2026, 11, 30);
        // Planned to end before the week, not handed over: the whole week is late.
        assert_eq!(delay_days_in_week(w, date(2026, 11, 1), None, today), 7);
        // Planned end on Wednesday: Thursday to Sunday late.
        assert_eq!(delay_days_in_week(w, date(2026, 11, 18), None, today), 4);
        // Handed over on Friday: Thursday and Friday late.
        assert_eq!(
            delay_days_in_week(w, date(2026, 11, 18), Some(date(2026, 11, 20)), today),
            2
        );
        // Handed over on time.
        assert_eq!(
            delay_days_in_week(w, date(2026, 11, 18), Some(date(2026, 11, 18)), today),
            0
        );
        // The week is still running: days after today do not count yet.
        assert_eq!(
            delay_days_in_week(w, date(2026, 11, 1), None, date(2026, 11, 17)),
            2
        );
        // Planned end after the week.
        assert_eq!(delay_days_in_week(w, date(2026, 12, 1), None, today), 0);
        // Property: always 0..=7, and never more than days since the planned end.
        let mut rng = Rng(11);
        for _ in 0..3000 {
            let planned = date(2026, 10, 1) + Days::new(u64::from(rng.below(90)));
            let handover = (rng.below(2) == 0)
                .then(|| date(2026, 10, 1) + Days::new(u64::from(rng.below(120))));
            let today = date(2026, 10, 1) + Days::new(u64::from(rng.below(120)));
            let week = IsoWeek::of_date(date(2026, 10, 1) + Days::new(u64::from(rng.below(120))));
            let n = delay_days_in_week(week, planned, handover, today);
            assert!(n <= 7);
            if handover.is_some_and(|h| h <= planned) || today <= planned {
                assert_eq!(n, 0);
            }
        }
    }

    #[test]
    fn projects_are_active_between_start_and_handover() {
        let w = wk(2026, 47);
        assert!(project_active_in_week(w, None, None));
        assert!(project_active_in_week(w, Some(date(2026, 11, 22)), None));
        assert!(!project_active_in_week(w, Some(date(2026, 11, 23)), None));
        assert!(project_active_in_week(
            w,
            Some(date(2026, 1, 1)),
            Some(date(2026, 11, 16))
        ));
        assert!(!project_active_in_week(
            w,
            Some(date(2026, 1, 1)),
            Some(date(2026, 11, 15))
        ));
    }

    #[test]
    fn one_rating_cannot_dominate() {
        let prior = RatingPrior {
            mean_milli: 4000,
            weight: DEFAULT_PRIOR_WEIGHT,
        };
        let w = ScoreWeights::default();
        let one_perfect = CrewWeekInputs {
            ratings: vec![5000],
            active_projects: 1,
            ..CrewWeekInputs::default()
        };
        let many_perfect = CrewWeekInputs {
            ratings: vec![5000; 20],
            active_projects: 1,
            ..CrewWeekInputs::default()
        };
        let one = part(&score(&one_perfect, &w, &prior), ScoreComponent::Customer).sub_score;
        let many = part(&score(&many_perfect, &w, &prior), ScoreComponent::Customer).sub_score;
        // (5·4000 + 5000) / 6 = 4167 → 792; twenty fives: (20000 + 100000) / 25 = 4800 → 950.
        assert_eq!(one, 792);
        assert_eq!(many, 950);
        // A single one-star rating moves a crew far less than a mean would.
        let one_bad = CrewWeekInputs {
            ratings: vec![1000],
            active_projects: 1,
            ..CrewWeekInputs::default()
        };
        assert_eq!(
            part(&score(&one_bad, &w, &prior), ScoreComponent::Customer).sub_score,
            625
        );
    }

    #[test]
    fn custom_weights_change_the_split() {
        let inputs = CrewWeekInputs {
            ratings: vec![5000; 50],
            inspections_total: 2,
            inspections_first_pass: 0,
            active_projects: 1,
            ..CrewWeekInputs::default()
        };
        let prior = RatingPrior {
            mean_milli: 5000,
            weight: 5,
        };
        let only_customers = ScoreWeights {
            customer_bp: 10_000,
            first_pass_bp: 0,
            rework_on_time_bp: 0,
            complaints_bp: 0,
            delays_bp: 0,
        };
        assert_eq!(score(&inputs, &only_customers, &prior).total_milli, 100_000);
        let only_first_pass = ScoreWeights {
            customer_bp: 0,
            first_pass_bp: 10_000,
            rework_on_time_bp: 0,
            complaints_bp: 0,
            delays_bp: 0,
        };
        assert_eq!(score(&inputs, &only_first_pass, &prior).total_milli, 0);
        // Default split: 40 customer points + 0 first pass + 15 + 15 + 10.
        assert_eq!(
            score(&inputs, &ScoreWeights::default(), &prior).total_milli,
            80_000
        );
    }

    #[test]
    fn frozen_week_bucketing_with_publication_across_time_zones() {
        // A rating on Monday 00:30 Shanghai time belongs to the new week in Shanghai even
        // though it is still Sunday in UTC; once that week is published, a late rating
        // with the same time counts in the week after.
        let sh = Asia::Shanghai;
        let t = local(sh, 2026, 11, 23, 0, 30);
        assert_eq!(week_for_event(t, Some(wk(2026, 47)), sh), wk(2026, 48));
        assert_eq!(week_for_event(t, Some(wk(2026, 48)), sh), wk(2026, 49));
        assert_eq!(week_for_event(t, Some(wk(2026, 47)), Tz::UTC), wk(2026, 48));
        assert_eq!(week_for_event(t, None, Tz::UTC), wk(2026, 47));
    }

    #[test]
    fn refusals_carry_their_reason_and_limit() {
        use crate::domain::error::FieldReason;
        for n in [0, 6] {
            let e = Stars::new(n).unwrap_err();
            assert_eq!(
                (e.field, e.reason, e.limit),
                ("stars", FieldReason::OutOfRange, None)
            );
        }
        let e = "2026/03".parse::<IsoWeek>().unwrap_err();
        assert_eq!((e.field, e.reason), ("week", FieldReason::BadFormat));
        let e = "2026-W54".parse::<IsoWeek>().unwrap_err();
        assert_eq!((e.field, e.reason), ("week", FieldReason::OutOfRange));
        let e = RatingTarget::parse("roof").unwrap_err();
        assert_eq!((e.field, e.reason), ("target", FieldReason::NotAllowed));
        let mut r = rating();
        r.comment = "x".repeat(MAX_COMMENT_CHARS + 1);
        let e = r.validated().unwrap_err();
        assert_eq!(
            (e.field, e.reason, e.limit),
            (
                "comment",
                FieldReason::TooLong,
                Some(MAX_COMMENT_CHARS as u32)
            )
        );
        let mut r = rating();
        r.photo_ids = vec!["p1".into(), "p1".into()];
        assert_eq!(r.validated().unwrap_err().reason, FieldReason::Duplicate);
    }
}
