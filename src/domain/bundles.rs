//! The browser app ships as three independent wasm bundles, so that a homeowner's first load
//! carries only the sign-in, projects and diary screens:
//!
//! - `portal`: everything not below — sign-in, projects, the diary and photos (first load);
//! - `care`: the homeowner's screens after the diary, under `/care/` (node inspections …);
//! - `quotes`: quote revisions and their confirmation, under `/quotes/`;
//! - `service`: the homeowner's claims, callbacks and complaints, under `/service/`;
//! - `desk`: the staff service queue, items, metrics and callback slots, under `/desk/`;
//! - `feedback`: the homeowner's crew ratings, surveys and red list, under `/feedback/`;
//! - `board`: the quality leaderboard and survey results for staff and crews, under `/board`;
//! - `console`: the staff screens, under `/console/` (inspection recording, quote editing …).
//!
//! The server picks the page to answer by this table, and each bundle's router handles a
//! link itself only when it stays in the same bundle (otherwise the browser loads the other).

/// One of the app's bundles.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bundle {
    Portal,
    Care,
    Quotes,
    Service,
    Desk,
    Feedback,
    Board,
    Console,
}

impl Bundle {
    /// All bundles.
    pub const ALL: [Bundle; 8] = [
        Bundle::Portal,
        Bundle::Care,
        Bundle::Quotes,
        Bundle::Service,
        Bundle::Desk,
        Bundle::Feedback,
        Bundle::Board,
        Bundle::Console,
    ];

    /// The bundle that serves an in-app path (query and fragment ignored).
    pub fn for_path(path: &str) -> Bundle {
        let path = path.split(['?', '#']).next().unwrap_or_default();
        match path.trim_start_matches('/').split('/').next() {
            Some("care") => Bundle::Care,
            Some("quotes") => Bundle::Quotes,
            Some("service") => Bundle::Service,
            Some("desk") => Bundle::Desk,
            Some("feedback") => Bundle::Feedback,
            Some("board") => Bundle::Board,
            Some("console") => Bundle::Console,
            _ => Bundle::Portal,
        }
    }

    /// The HTML page of the bundle in the built app.
    pub fn index_file(self) -> &'static str {
        match self {
            Bundle::Portal => "index.html",
            Bundle::Care => "care.html",
            Bundle::Quotes => "quotes.html",
            Bundle::Service => "service.html",
            Bundle::Desk => "desk.html",
            Bundle::Feedback => "feedback.html",
            Bundle::Board => "board.html",
            Bundle::Console => "console.html",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Bundle;

    #[test]
    fn paths_map_to_bundles_by_their_first_segment() {
        assert_eq!(Bundle::for_path("/"), Bundle::Portal);
        assert_eq!(Bundle::for_path("/projects/abc"), Bundle::Portal);
        assert_eq!(
            Bundle::for_path("/care/projects/abc/progress"),
            Bundle::Care
        );
        assert_eq!(Bundle::for_path("/care?x=1"), Bundle::Care);
        assert_eq!(Bundle::for_path("/quotes/q1"), Bundle::Quotes);
        assert_eq!(Bundle::for_path("/service/items/i1"), Bundle::Service);
        assert_eq!(Bundle::for_path("/desk/queue"), Bundle::Desk);
        assert_eq!(Bundle::for_path("/feedback/projects/p"), Bundle::Feedback);
        assert_eq!(Bundle::for_path("/board"), Bundle::Board);
        assert_eq!(
            Bundle::for_path("/console/projects/abc/inspections#top"),
            Bundle::Console
        );
        // Only whole segments count.
        assert_eq!(Bundle::for_path("/careers"), Bundle::Portal);
        assert_eq!(Bundle::for_path("/consoles"), Bundle::Portal);
    }

    #[test]
    fn each_bundle_has_its_own_page() {
        let files: Vec<&str> = Bundle::ALL.iter().map(|b| b.index_file()).collect();
        assert_eq!(
            files,
            [
                "index.html",
                "care.html",
                "quotes.html",
                "service.html",
                "desk.html",
                "feedback.html",
                "board.html",
                "console.html"
            ]
        );
    }
}
