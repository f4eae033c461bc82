//! The weekly leaderboard (红黑榜): every crew scored and ranked, with the red and black lists.

use serde::{Deserialize, Serialize};

use super::score::{score, CrewWeekInputs, ScoreExplanation};
use super::weeks::IsoWeek;
use super::weights::{RatingPrior, ScoreWeights};
use crate::domain::error::FieldError;

/// Default length of the red list and of the black list.
pub const DEFAULT_LIST_SIZE: u32 = 3;

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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::ratings::test_support::*;
    use crate::domain::ratings::ScoreComponent;

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
}
