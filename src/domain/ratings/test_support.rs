//! Helpers shared by the rating tests.

use chrono::{DateTime, Utc};

use super::*;

/// Small deterministic generator for property-style loops.
pub(super) struct Rng(pub(super) u64);
impl Rng {
    pub(super) fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    pub(super) fn below(&mut self, n: u32) -> u32 {
        (self.next() % u64::from(n)) as u32
    }
}

pub(super) fn utc(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
}

pub(super) fn wk(year: i32, week: u32) -> IsoWeek {
    IsoWeek::new(year, week).unwrap()
}

pub(super) fn random_inputs(rng: &mut Rng) -> CrewWeekInputs {
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

pub(super) fn random_prior(rng: &mut Rng) -> RatingPrior {
    RatingPrior {
        mean_milli: 1000 + rng.below(4001),
        weight: rng.below(20),
    }
}

pub(super) fn part(e: &ScoreExplanation, c: ScoreComponent) -> &ScorePart {
    e.parts.iter().find(|p| p.name == c).unwrap()
}
