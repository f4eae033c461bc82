//! One crew's weekly score: its five parts, each with the figures it was reached from, so that
//! the explanation always adds up to the total.

use serde::{Deserialize, Serialize};

use super::div_round;
use super::input::{MAX_MILLI_STARS, MIN_MILLI_STARS};
use super::weights::{mean_milli, smoothed_rating_milli, RatingPrior, ScoreWeights};
use crate::domain::error::FieldError;

/// Best sub-score of one leaderboard component.
pub const MAX_SUB_SCORE: u32 = 1000;
/// Sub-score given when a ratio has nothing to divide by (no inspections this week).
pub const NEUTRAL_SUB_SCORE: u32 = 500;
/// Highest weekly score: 100.000 points.
pub const MAX_TOTAL_MILLI: u32 = 100_000;

/// Complaints per active project in one week that bring the complaints sub-score to 0.
pub const COMPLAINTS_PER_PROJECT_FOR_ZERO: u32 = 1;
/// Days late per active project in one week that bring the delays sub-score to 0 (the whole week).
pub const DELAY_DAYS_PER_PROJECT_FOR_ZERO: u32 = 7;

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

/// The figures a score part is computed from (the UI words each part from them).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ScoreFigure {
    /// Homeowners' ratings this week.
    Ratings,
    /// Their mean, milli-stars.
    MeanMilli,
    /// The company-wide mean the average is pulled towards, milli-stars.
    PriorMeanMilli,
    /// How many ratings that mean counts as.
    PriorWeight,
    /// The smoothed average, milli-stars.
    SmoothedMilli,
    InspectionsTotal,
    InspectionsFirstPass,
    ReworkTotal,
    ReworkOnTime,
    Complaints,
    ActiveProjects,
    DelayDays,
}

/// One named input figure shown in a score explanation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(utoipa::ToSchema))]
pub struct ScoreInput {
    pub name: ScoreFigure,
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

impl ScorePart {
    /// The value of one of its figures (0 when the part has no such figure).
    pub fn figure(&self, which: ScoreFigure) -> i64 {
        self.inputs
            .iter()
            .find(|i| i.name == which)
            .map_or(0, |i| i.value)
    }
}

fn input(name: ScoreFigure, value: u32) -> ScoreInput {
    ScoreInput {
        name,
        value: i64::from(value),
    }
}

/// `1000 − min(1000, bad·1000 / (per_project·max(projects, 1)))`, rounded half up.
fn penalty_sub_score(bad: u32, projects: u32, per_project_for_zero: u32) -> u32 {
    let allowance = u64::from(projects.max(1)) * u64::from(per_project_for_zero.max(1));
    let penalty = div_round(u64::from(bad) * u64::from(MAX_SUB_SCORE), allowance);
    MAX_SUB_SCORE - penalty.min(u64::from(MAX_SUB_SCORE)) as u32
}

/// One part of a score before its contribution: name, figures, note, weight, sub-score.
type Part = (ScoreComponent, Vec<ScoreInput>, String, u32, u32);

/// A part that is a share of a count (`part / total × 1000`, the part clamped to the total),
/// with its sub-score and note for a week without any.
fn share_part(
    (name, weight_bp): (ScoreComponent, u32),
    (total_figure, total): (ScoreFigure, u32),
    (part_figure, part): (ScoreFigure, u32),
    none: (u32, &str),
    note: &str,
) -> Part {
    let part = part.min(total);
    let (sub_score, note) = if total == 0 {
        none
    } else {
        (
            div_round(u64::from(part) * 1000, u64::from(total)) as u32,
            note,
        )
    };
    (
        name,
        vec![input(total_figure, total), input(part_figure, part)],
        note.to_string(),
        weight_bp,
        sub_score,
    )
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
            input(ScoreFigure::Ratings, n),
            input(ScoreFigure::MeanMilli, mean_milli(&inputs.ratings).unwrap_or(0)),
            input(ScoreFigure::PriorMeanMilli, prior.mean_milli),
            input(ScoreFigure::PriorWeight, prior.weight),
            input(ScoreFigure::SmoothedMilli, smoothed),
        ],
        if n == 0 {
            "no ratings this week: company-wide mean".to_string()
        } else {
            "Bayesian average (prior_weight × prior_mean + sum of ratings) / (prior_weight + ratings), 1–5 stars mapped to 0–1000".to_string()
        },
        weights.customer_bp,
        customer,
    ));

    parts.push(share_part(
        (ScoreComponent::FirstPass, weights.first_pass_bp),
        (ScoreFigure::InspectionsTotal, inputs.inspections_total),
        (
            ScoreFigure::InspectionsFirstPass,
            inputs.inspections_first_pass,
        ),
        (NEUTRAL_SUB_SCORE, "no inspections this week: neutral 500"),
        "first-pass inspections / inspections × 1000",
    ));
    parts.push(share_part(
        (ScoreComponent::ReworkOnTime, weights.rework_on_time_bp),
        (ScoreFigure::ReworkTotal, inputs.rework_total),
        (ScoreFigure::ReworkOnTime, inputs.rework_on_time),
        (MAX_SUB_SCORE, "no rework due this week: nothing late, 1000"),
        "rework closed on time / rework due × 1000",
    ));

    let projects = inputs.active_projects;
    for (name, weight_bp, figure, bad, per_project, what) in [
        (
            ScoreComponent::Complaints,
            weights.complaints_bp,
            ScoreFigure::Complaints,
            inputs.complaints,
            COMPLAINTS_PER_PROJECT_FOR_ZERO,
            "complaints",
        ),
        (
            ScoreComponent::Delays,
            weights.delays_bp,
            ScoreFigure::DelayDays,
            inputs.delay_days,
            DELAY_DAYS_PER_PROJECT_FOR_ZERO,
            "delay_days",
        ),
    ] {
        parts.push((
            name,
            vec![
                input(figure, bad),
                input(ScoreFigure::ActiveProjects, projects),
            ],
            format!("1000 − {what} × 1000 / ({per_project} × max(active_projects, 1)), at least 0"),
            weight_bp,
            penalty_sub_score(bad, projects, per_project),
        ));
    }

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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::ratings::test_support::*;
    use crate::domain::ratings::DEFAULT_PRIOR_WEIGHT;

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
        assert!(c.inputs.contains(&input(ScoreFigure::SmoothedMilli, 4281)));
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
}
