//! The route table of `routes.rs` (a `leptos_router` view, built for the browser only),
//! checked on the host against the shared rules of `crate::domain::sections`: every route
//! draws the screen its path names and loads the lazy unit its view names, deep links with
//! parameters, queries and fragments land on the same screen, and unknown paths match no
//! route (the router's fallback draws "not found").

use crate::domain::sections::{after_sign_in, is_public, lazy_route, Screen, Section, Unit};

/// The source of the route table and of the lazy units.
const ROUTES: &str = include_str!("routes.rs");
const UNITS: &str = include_str!("sections.rs");

/// One `<Route path=path!("…") view=…/>`: the pattern and what draws it (a component of the
/// main module, or the lazy unit type of `Lazy::<s::Unit>`).
#[derive(Debug, Clone, PartialEq, Eq)]
struct Route {
    pattern: String,
    view: View,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum View {
    Main(String),
    Lazy(String),
}

fn between<'a>(s: &'a str, start: &str, end: &str) -> Option<&'a str> {
    let rest = &s[s.find(start)? + start.len()..];
    Some(&rest[..rest.find(end)?])
}

fn routes() -> Vec<Route> {
    let routes: Vec<Route> = ROUTES
        .lines()
        .filter(|l| l.trim_start().starts_with("<Route path="))
        .map(|l| {
            let pattern = between(l, "path!(\"", "\")").expect(l).to_string();
            let view = match between(l, "Lazy::<s::", ">") {
                Some(unit) => View::Lazy(unit.to_string()),
                None => View::Main(between(l, "view=", "/>").expect(l).trim().to_string()),
            };
            Route { pattern, view }
        })
        .collect();
    assert!(routes.len() > 20, "the route table was not found");
    routes
}

/// The segments of a path without query and fragment.
fn segments(path: &str) -> Vec<&str> {
    let path = path.split(['?', '#']).next().unwrap_or_default();
    path.split('/').filter(|s| !s.is_empty()).collect()
}

/// The route the router picks for a path: static segments before parameters, as
/// `leptos_router` ranks them; `None` is the "not found" fallback.
fn route_for(path: &str) -> Option<Route> {
    let segs = segments(path);
    let matches = |r: &Route| {
        let pat = segments(&r.pattern);
        pat.len() == segs.len()
            && pat
                .iter()
                .zip(&segs)
                .all(|(p, s)| p.starts_with(':') || p == s)
    };
    let statics = |r: &Route| {
        segments(&r.pattern)
            .iter()
            .filter(|p| !p.starts_with(':'))
            .count()
    };
    routes().into_iter().filter(matches).max_by_key(statics)
}

/// A pattern with its parameters filled in.
fn sample(pattern: &str) -> String {
    pattern.replace(":id", "p-17")
}

/// `CrewForms` → `crew_forms`: how the build names a lazy unit's chunk.
fn snake(name: &str) -> String {
    let mut out = String::new();
    for (i, c) in name.chars().enumerate() {
        if c.is_ascii_uppercase() && i > 0 {
            out.push('_');
        }
        out.push(c.to_ascii_lowercase());
    }
    out
}

/// Every screen drawn by a lazy unit; a new one fails to compile in `position` until listed.
const SCREENS: [Screen; 22] = [
    Screen::NewEntry,
    Screen::EditEntry,
    Screen::Outbox,
    Screen::Progress,
    Screen::QuoteList,
    Screen::Quote,
    Screen::ServiceHub,
    Screen::NewClaim,
    Screen::NewCallback,
    Screen::NewComplaint,
    Screen::ServiceItem,
    Screen::Feedback,
    Screen::Queue,
    Screen::DeskItem,
    Screen::Metrics,
    Screen::Slots,
    Screen::Board,
    Screen::SurveyResults,
    Screen::Inspect,
    Screen::QuoteEditor,
    Screen::Checklists,
    Screen::Security,
];

fn position(s: Screen) -> usize {
    match s {
        Screen::NewEntry => 0,
        Screen::EditEntry => 1,
        Screen::Outbox => 2,
        Screen::Progress => 3,
        Screen::QuoteList => 4,
        Screen::Quote => 5,
        Screen::ServiceHub => 6,
        Screen::NewClaim => 7,
        Screen::NewCallback => 8,
        Screen::NewComplaint => 9,
        Screen::ServiceItem => 10,
        Screen::Feedback => 11,
        Screen::Queue => 12,
        Screen::DeskItem => 13,
        Screen::Metrics => 14,
        Screen::Slots => 15,
        Screen::Board => 16,
        Screen::SurveyResults => 17,
        Screen::Inspect => 18,
        Screen::QuoteEditor => 19,
        Screen::Checklists => 20,
        Screen::Security => 21,
    }
}

#[test]
fn the_screen_list_is_complete() {
    for (i, s) in SCREENS.into_iter().enumerate() {
        assert_eq!(position(s), i, "{s:?}");
    }
}

#[test]
fn every_route_draws_the_screen_and_unit_of_its_path() {
    for route in routes() {
        let path = sample(&route.pattern);
        assert_eq!(
            route_for(&path).as_ref(),
            Some(&route),
            "{path}: another route wins"
        );
        match &route.view {
            View::Lazy(unit) => {
                let screen = Screen::for_path(&path)
                    .unwrap_or_else(|| panic!("{path}: no lazy screen for unit {unit}"));
                assert_eq!(screen.unit().name(), snake(unit), "{path}");
                assert_eq!(lazy_route(&path), Some(snake(unit).as_str()), "{path}");
                assert!(
                    Unit::of_section(Section::for_path(&path)).contains(&screen.unit())
                        || Section::for_path(&path) == Section::Main,
                    "{path}: the unit is not one of its section's"
                );
            }
            View::Main(component) => {
                assert_eq!(
                    Screen::for_path(&path),
                    None,
                    "{path} ({component}) is lazy"
                );
                assert_eq!(Section::for_path(&path), Section::Main, "{path}");
            }
        }
    }
}

#[test]
fn every_lazy_screen_has_a_route() {
    let drawn: Vec<Screen> = routes()
        .iter()
        .filter_map(|r| Screen::for_path(&sample(&r.pattern)))
        .collect();
    for s in SCREENS {
        assert!(drawn.contains(&s), "{s:?} has no route");
    }
}

#[test]
fn every_unit_is_a_lazy_route_type_that_can_be_preloaded() {
    let units: Vec<String> = routes()
        .into_iter()
        .filter_map(|r| match r.view {
            View::Lazy(u) => Some(u),
            View::Main(_) => None,
        })
        .collect();
    for u in &units {
        assert!(
            UNITS.contains(&format!("    {u},\n")),
            "lazy_unit!({u}) is missing"
        );
        assert!(
            UNITS.contains(&format!("=> {u}::preload().await")),
            "{u} is never preloaded"
        );
    }
}

#[test]
fn deep_links_keep_their_screen_and_unknown_paths_find_nothing() {
    let cases: &[(&str, Option<&str>, Option<Screen>)] = &[
        (
            "/quotes/q-7?step=2#code",
            Some("/quotes/:id"),
            Some(Screen::Quote),
        ),
        (
            "/quotes/projects/p-1",
            Some("/quotes/projects/:id"),
            Some(Screen::QuoteList),
        ),
        (
            "/service/projects/p-1/claim?from=hub",
            Some("/service/projects/:id/claim"),
            Some(Screen::NewClaim),
        ),
        (
            "/desk/items/i-9",
            Some("/desk/items/:id"),
            Some(Screen::DeskItem),
        ),
        (
            "/console/projects/p-1/quotes/new",
            Some("/console/projects/:id/quotes/new"),
            Some(Screen::QuoteEditor),
        ),
        ("/projects/p-1", Some("/projects/:id"), None),
        (
            "/projects/p-1/diary/new",
            Some("/projects/:id/diary/new"),
            Some(Screen::NewEntry),
        ),
        ("/login?next=%2Fdesk", Some("/login"), None),
        ("/", Some("/"), None),
        ("/nowhere", None, None),
        ("/quotes", None, None),
        ("/quotes/q-7/extra", None, None),
        ("/desk/unknown", None, None),
        ("/service/projects/p-1/refund", None, None),
        ("/console", None, None),
        ("/careers/projects/p-1/progress", None, None),
    ];
    for (path, pattern, screen) in cases {
        assert_eq!(
            route_for(path).map(|r| r.pattern).as_deref(),
            *pattern,
            "{path}"
        );
        assert_eq!(Screen::for_path(path), *screen, "{path}");
    }
}

#[test]
fn public_routes_and_the_way_back_after_sign_in() {
    let public: Vec<String> = routes()
        .into_iter()
        .map(|r| r.pattern)
        .filter(|p| is_public(p))
        .collect();
    assert_eq!(public, ["/login", "/outbox"]);
    for route in routes() {
        let path = sample(&route.pattern);
        let back = after_sign_in(Some(&path));
        if is_public(&path) || path == "/" {
            assert_eq!(back, None, "{path}");
        } else {
            assert_eq!(back.as_deref(), Some(path.as_str()), "{path}");
        }
    }
}

/// Every lazy unit; a new one fails to compile in `unit_position` until listed.
const UNITS_ALL: [Unit; 10] = [
    Unit::CrewForms,
    Unit::Outbox,
    Unit::Care,
    Unit::Quotes,
    Unit::Service,
    Unit::Feedback,
    Unit::Desk,
    Unit::Board,
    Unit::Console,
    Unit::Account,
];

fn unit_position(u: Unit) -> usize {
    match u {
        Unit::CrewForms => 0,
        Unit::Outbox => 1,
        Unit::Care => 2,
        Unit::Quotes => 3,
        Unit::Service => 4,
        Unit::Feedback => 5,
        Unit::Desk => 6,
        Unit::Board => 7,
        Unit::Console => 8,
        Unit::Account => 9,
    }
}

#[test]
fn every_unit_has_a_route() {
    let routed: Vec<String> = routes()
        .into_iter()
        .filter_map(|r| match r.view {
            View::Lazy(u) => Some(snake(&u)),
            View::Main(_) => None,
        })
        .collect();
    for (i, u) in UNITS_ALL.into_iter().enumerate() {
        assert_eq!(unit_position(u), i, "{u:?}");
        assert!(routed.iter().any(|r| r == u.name()), "{u:?} has no route");
    }
}
