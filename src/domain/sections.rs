//! The app is one single-page app whose screens are grouped in sections. The main module
//! carries the first screens (sign-in, projects, the diary and photos); every other section is
//! a set of lazy routes compiled into their own wasm chunks, fetched when a route of the
//! section opens or when the browser is idle and the signed-in role is likely to open it.
//!
//! The table here is shared: the app prefetches by it, the server adds preload hints for the
//! section of the page it serves, and the size budget names chunks by it.

use super::auth::Role;

/// The segments of an in-app path, without its query and fragment (empty ones dropped).
fn segments(path: &str) -> Vec<&str> {
    let path = path.split(['?', '#']).next().unwrap_or_default();
    path.split('/').filter(|s| !s.is_empty()).collect()
}

/// A group of screens, by the first segment of their path.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Section {
    /// Sign-in, the demo outbox, projects, the diary and photos: in the main module.
    Main,
    /// `/care/…`: the homeowner's node inspections (crews close rework here).
    Care,
    /// `/quotes/…`: quote revisions and their three-step confirmation.
    Quotes,
    /// `/service/…`: the homeowner's warranty claims, callbacks and complaints.
    Service,
    /// `/feedback/…`: crew ratings, surveys and the red list.
    Feedback,
    /// `/desk/…`: the staff queue, items, metrics and callback slots.
    Desk,
    /// `/board…`: the leaderboard and survey results.
    Board,
    /// `/console/…`: inspection recording, the quote editor, checklist settings.
    Console,
}

impl Section {
    /// The section of an in-app path (query and fragment ignored; whole segments only).
    pub fn for_path(path: &str) -> Section {
        match segments(path).first().copied() {
            Some("care") => Section::Care,
            Some("quotes") => Section::Quotes,
            Some("service") => Section::Service,
            Some("feedback") => Section::Feedback,
            Some("desk") => Section::Desk,
            Some("board") => Section::Board,
            Some("console") => Section::Console,
            _ => Section::Main,
        }
    }

    /// The sections a role is likely to open next, most likely first: their chunks are
    /// fetched once the first screen is up and the browser is idle.
    pub fn prefetch_for(role: Role) -> &'static [Section] {
        match role {
            Role::Homeowner => &[
                Section::Care,
                Section::Quotes,
                Section::Service,
                Section::Feedback,
            ],
            // The crew's diary form is a lazy piece of the main section.
            Role::Crew => &[Section::Main, Section::Care, Section::Board],
            Role::Staff | Role::Admin => &[
                Section::Desk,
                Section::Board,
                Section::Console,
                Section::Care,
                Section::Quotes,
            ],
        }
    }
}

/// A screen outside the main module's own (sign-in, projects, the diary): drawn by one of
/// the lazily loaded [`Unit`]s.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Screen {
    NewEntry,
    EditEntry,
    Outbox,
    Progress,
    QuoteList,
    Quote,
    ServiceHub,
    NewClaim,
    NewCallback,
    NewComplaint,
    ServiceItem,
    Feedback,
    Queue,
    DeskItem,
    Metrics,
    Slots,
    Board,
    SurveyResults,
    Inspect,
    QuoteEditor,
    Checklists,
    NewProject,
    EditProject,
    Security,
    Agreement,
}

impl Screen {
    /// The lazy screen that draws a path (query and fragment ignored), or `None` for screens
    /// of the main module and unknown paths.
    pub fn for_path(path: &str) -> Option<Screen> {
        Screen::with_id(path).map(|(screen, _)| screen)
    }

    /// The lazy screen that draws a path and the id it names (its `:id` segment, empty when
    /// it has none). The app's lazy units read both from the path, so one route per section
    /// covers all of its screens.
    pub fn with_id(path: &str) -> Option<(Screen, &str)> {
        let segs = segments(path);
        Some(match segs.as_slice() {
            ["projects", id, "diary", "new"] => (Screen::NewEntry, *id),
            ["diary", id, "edit"] => (Screen::EditEntry, *id),
            ["outbox"] => (Screen::Outbox, ""),
            ["care", "projects", id, "progress"] => (Screen::Progress, *id),
            ["quotes", "projects", id] => (Screen::QuoteList, *id),
            ["quotes", id] => (Screen::Quote, *id),
            ["service", "projects", id] => (Screen::ServiceHub, *id),
            ["service", "projects", id, "claim"] => (Screen::NewClaim, *id),
            ["service", "projects", id, "callback"] => (Screen::NewCallback, *id),
            ["service", "projects", id, "complaint"] => (Screen::NewComplaint, *id),
            ["service", "items", id] => (Screen::ServiceItem, *id),
            ["feedback", "projects", id] => (Screen::Feedback, *id),
            ["desk"] | ["desk", "queue"] => (Screen::Queue, ""),
            ["desk", "items", id] => (Screen::DeskItem, *id),
            ["desk", "metrics"] => (Screen::Metrics, ""),
            ["desk", "slots"] => (Screen::Slots, ""),
            ["board"] => (Screen::Board, ""),
            ["board", "surveys"] => (Screen::SurveyResults, ""),
            ["console", "projects", id, "inspections"] => (Screen::Inspect, *id),
            ["console", "projects", id, "quotes", "new"] => (Screen::QuoteEditor, *id),
            ["console", "checklists"] => (Screen::Checklists, ""),
            ["console", "projects", "new"] => (Screen::NewProject, ""),
            ["console", "projects", id, "edit"] => (Screen::EditProject, *id),
            ["account", "security"] => (Screen::Security, ""),
            ["account", "agreement"] => (Screen::Agreement, ""),
            _ => return None,
        })
    }

    /// The unit whose chunk draws this screen.
    pub fn unit(self) -> Unit {
        match self {
            Screen::NewEntry | Screen::EditEntry => Unit::CrewForms,
            Screen::Outbox => Unit::Outbox,
            Screen::Progress => Unit::Care,
            Screen::QuoteList | Screen::Quote => Unit::Quotes,
            Screen::ServiceHub
            | Screen::NewClaim
            | Screen::NewCallback
            | Screen::NewComplaint
            | Screen::ServiceItem => Unit::Service,
            Screen::Feedback => Unit::Feedback,
            Screen::Queue | Screen::DeskItem | Screen::Metrics | Screen::Slots => Unit::Desk,
            Screen::Board | Screen::SurveyResults => Unit::Board,
            Screen::Inspect
            | Screen::QuoteEditor
            | Screen::Checklists
            | Screen::NewProject
            | Screen::EditProject => Unit::Console,
            Screen::Security | Screen::Agreement => Unit::Account,
        }
    }
}

/// What loads lazily: one unit per section (the main section has three: the crew's diary
/// forms, the demo outbox and the account's security settings). Each unit is one lazy route
/// type in `src/app/sections.rs`, split into its own wasm chunk plus chunks it shares with
/// other units. Whole sections rather than single screens keep the number of files small:
/// opening or prefetching a section is a handful of requests, and moving between its screens
/// needs none.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    CrewForms,
    Outbox,
    Care,
    Quotes,
    Service,
    Feedback,
    Desk,
    Board,
    Console,
    Account,
}

impl Unit {
    /// The snake-case name of the unit's type, which is how the build names its chunk.
    pub fn name(self) -> &'static str {
        match self {
            Unit::CrewForms => "crew_forms",
            Unit::Outbox => "outbox",
            Unit::Care => "care",
            Unit::Quotes => "quotes",
            Unit::Service => "service",
            Unit::Feedback => "feedback",
            Unit::Desk => "desk",
            Unit::Board => "board",
            Unit::Console => "console",
            Unit::Account => "account",
        }
    }

    /// The units of a section that are fetched when it is prefetched.
    pub fn of_section(section: Section) -> &'static [Unit] {
        match section {
            // The main module draws the main section's screens; the crew's forms are lazy.
            Section::Main => &[Unit::CrewForms],
            Section::Care => &[Unit::Care],
            Section::Quotes => &[Unit::Quotes],
            Section::Service => &[Unit::Service],
            Section::Feedback => &[Unit::Feedback],
            Section::Desk => &[Unit::Desk],
            Section::Board => &[Unit::Board],
            Section::Console => &[Unit::Console],
        }
    }
}

/// The lazy unit that draws a path, by name (see [`Unit::name`]), or `None` for screens in
/// the main module. The server preloads that unit's chunks with the page.
pub fn lazy_route(path: &str) -> Option<&'static str> {
    Screen::for_path(path).map(|s| s.unit().name())
}

/// The API reads (`/api/v1/…`, exactly as the app asks for them) that a screen makes as soon
/// as it opens. The server sends them as preload hints with the page of a signed-in user, so
/// the data downloads alongside the wasm instead of after it (no waterfall); the app's
/// requests then take those downloads. Ids that are not plain tokens get no hints.
pub fn first_data(path: &str) -> Vec<String> {
    let segs = segments(path);
    let plain = |id: &str| {
        !id.is_empty()
            && id.len() <= 64
            && id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
    };
    if segs.iter().any(|s| !plain(s)) {
        return Vec::new();
    }
    let api = |p: String| format!("/api/v1{p}");
    let project = |id: &str| api(format!("/projects/{id}"));
    match segs.as_slice() {
        [] | ["projects"] => vec![api("/projects".into())],
        ["projects", id] => vec![
            project(id),
            api(format!(
                "/projects/{id}/diary?limit={}",
                super::diary::DEFAULT_PAGE_SIZE
            )),
        ],
        ["care", "projects", id, "progress"] => {
            vec![project(id), api(format!("/projects/{id}/progress"))]
        }
        ["quotes", "projects", id] => vec![api(format!("/projects/{id}/quotes"))],
        ["quotes", id] => vec![api(format!("/quotes/{id}"))],
        ["service", "projects", id] => vec![api(format!("/projects/{id}/items")), project(id)],
        ["service", "items", id] => vec![api(format!("/items/{id}"))],
        ["desk", "items", id] => vec![api(format!("/items/{id}")), api("/staff".into())],
        ["feedback", "projects", id] => vec![
            api(format!("/projects/{id}/ratings")),
            api(format!("/projects/{id}/surveys")),
            api("/leaderboard".into()),
        ],
        ["desk"] | ["desk", "queue"] => vec![api("/queue".into())],
        ["board"] => vec![api("/leaderboard".into())],
        _ => Vec::new(),
    }
}

/// Paths anyone may open without signing in.
pub fn is_public(path: &str) -> bool {
    let path = path.split(['?', '#']).next().unwrap_or_default();
    matches!(path.trim_end_matches('/'), "/login" | "/outbox")
}

/// Where sign-in sends someone who asked for `next`: only in-app paths, never back to the
/// sign-in page itself, never another origin (`//host`, `/\host`).
pub fn after_sign_in(next: Option<&str>) -> Option<String> {
    let next = next?.trim();
    let safe = next.starts_with('/')
        && !next.starts_with("//")
        && !next.starts_with("/\\")
        && !next.starts_with("/api/")
        && !is_public(next)
        && next != "/"
        && !next.chars().any(|c| c.is_control());
    safe.then(|| next.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_map_to_sections_by_their_first_segment() {
        assert_eq!(Section::for_path("/"), Section::Main);
        assert_eq!(Section::for_path("/projects/abc"), Section::Main);
        assert_eq!(
            Section::for_path("/care/projects/abc/progress"),
            Section::Care
        );
        assert_eq!(Section::for_path("/care?x=1"), Section::Care);
        assert_eq!(Section::for_path("/quotes/q1"), Section::Quotes);
        assert_eq!(Section::for_path("/service/items/i1"), Section::Service);
        assert_eq!(Section::for_path("/desk/queue"), Section::Desk);
        assert_eq!(Section::for_path("/feedback/projects/p"), Section::Feedback);
        assert_eq!(Section::for_path("/board"), Section::Board);
        assert_eq!(
            Section::for_path("/console/projects/abc/inspections#top"),
            Section::Console
        );
        // Only whole segments count.
        assert_eq!(Section::for_path("/careers"), Section::Main);
        assert_eq!(Section::for_path("/consoles"), Section::Main);
    }

    #[test]
    fn each_role_prefetches_the_sections_it_uses() {
        for role in [Role::Homeowner, Role::Crew, Role::Staff, Role::Admin] {
            assert!(!Section::prefetch_for(role).is_empty());
        }
        let homeowner = Section::prefetch_for(Role::Homeowner);
        assert!(!homeowner.contains(&Section::Desk) && !homeowner.contains(&Section::Console));
        assert!(Section::prefetch_for(Role::Crew).contains(&Section::Main));
    }

    #[test]
    fn lazy_routes_are_found_by_path() {
        assert_eq!(lazy_route("/care/projects/p1/progress"), Some("care"));
        assert_eq!(lazy_route("/quotes/q1?x=1"), Some("quotes"));
        assert_eq!(Screen::for_path("/quotes/q1?x=1"), Some(Screen::Quote));
        assert_eq!(
            Screen::for_path("/quotes/projects/p1"),
            Some(Screen::QuoteList)
        );
        assert_eq!(lazy_route("/desk"), Some("desk"));
        assert_eq!(Screen::for_path("/desk"), Some(Screen::Queue));
        assert_eq!(Screen::for_path("/desk/items/i1"), Some(Screen::DeskItem));
        assert_eq!(
            Screen::with_id("/desk/items/i1/"),
            Some((Screen::DeskItem, "i1"))
        );
        assert_eq!(
            Screen::with_id("/service/projects/p7/claim?x=1"),
            Some((Screen::NewClaim, "p7"))
        );
        assert_eq!(
            Screen::with_id("/desk/metrics"),
            Some((Screen::Metrics, ""))
        );
        assert_eq!(Screen::with_id("/service/nowhere"), None);
        assert_eq!(lazy_route("/console/checklists"), Some("console"));
        assert_eq!(lazy_route("/projects/p1/diary/new"), Some("crew_forms"));
        assert_eq!(lazy_route("/account/security"), Some("account"));
        // Screens of the main module need no chunk.
        for main in ["/", "/login", "/projects", "/projects/p1", "/nowhere"] {
            assert_eq!(lazy_route(main), None, "{main}");
        }
        // Every lazy screen's unit belongs to the path's section.
        for path in [
            "/care/projects/p/progress",
            "/quotes/projects/p",
            "/quotes/q",
            "/service/projects/p/claim",
            "/service/items/i",
            "/feedback/projects/p",
            "/desk/slots",
            "/board/surveys",
            "/console/projects/p/quotes/new",
            "/projects/p/diary/new",
            "/diary/e/edit",
        ] {
            let unit = Screen::for_path(path).map(Screen::unit);
            let section = Section::for_path(path);
            assert!(
                unit.is_some_and(|u| Unit::of_section(section).contains(&u)),
                "{path}"
            );
        }
    }

    #[test]
    fn first_data_names_the_reads_a_screen_makes_and_refuses_odd_ids() {
        assert_eq!(
            first_data("/projects"),
            vec!["/api/v1/projects".to_string()]
        );
        assert_eq!(
            first_data("/projects/p-1?x=1"),
            vec![
                "/api/v1/projects/p-1".to_string(),
                "/api/v1/projects/p-1/diary?limit=10".to_string()
            ]
        );
        assert_eq!(first_data("/desk"), first_data("/desk/queue"));
        assert_eq!(
            first_data("/quotes/q1"),
            vec!["/api/v1/quotes/q1".to_string()]
        );
        for odd in [
            "/quotes/a\"b",
            "/quotes/<x>",
            "/projects/a%22",
            "/projects/a.b",
            "/login",
            "/console/checklists",
        ] {
            assert!(first_data(odd).is_empty(), "{odd}");
        }
    }

    #[test]
    fn sign_in_returns_only_to_in_app_pages() {
        assert_eq!(
            after_sign_in(Some("/quotes/q1")).as_deref(),
            Some("/quotes/q1")
        );
        assert_eq!(
            after_sign_in(Some("/desk/queue?x=1")).as_deref(),
            Some("/desk/queue?x=1")
        );
        for bad in [
            "//evil.example",
            "/\\evil.example",
            "https://evil.example",
            "/login",
            "/",
            "/api/v1/auth/me",
            "",
            "/a\nb",
        ] {
            assert_eq!(after_sign_in(Some(bad)), None, "{bad:?}");
        }
        assert_eq!(after_sign_in(None), None);
        assert!(is_public("/login"));
        assert!(is_public("/outbox?x"));
        assert!(!is_public("/projects"));
    }
}
