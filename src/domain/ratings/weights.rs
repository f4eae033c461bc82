//! How the weekly score is weighted, and the Bayesian prior that pulls a crew with few ratings
//! towards the company mean.

use serde::{Deserialize, Serialize};

use super::div_round;
use super::input::{MAX_MILLI_STARS, MIN_MILLI_STARS};
use crate::domain::error::FieldError;

/// Weights are basis points and must add up to this (100%).
pub const TOTAL_WEIGHT_BP: u32 = 10_000;
/// Company-wide mean used when nobody has been rated yet (3.000 ★, the middle of the scale).
pub const FALLBACK_PRIOR_MEAN_MILLI: u32 = 3000;
/// Default Bayesian prior weight, in ratings.
pub const DEFAULT_PRIOR_WEIGHT: u32 = 5;
/// Largest prior weight accepted.
pub const MAX_PRIOR_WEIGHT: u32 = 1000;

/// How the weekly score is split, in basis points adding up to 10_000.
///
/// docs/domain.md: the homeowners' rating weighs 40%; the rest comes from quality records.
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::ratings::LeaderboardSettings;

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
}
