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
    assert!(routes.len() > 10, "the route table was not found");
    routes
}

/// The segments of a path without query and fragment.
fn segments(path: &str) -> Vec<&str> {
    let path = path.split(['?', '#']).next().unwrap_or_default();
    path.split('/').filter(|s| !s.is_empty()).collect()
}

/// A section's one route: `/quotes/*rest` takes every path below its prefix (its unit then
/// draws the screen of the path, or "not found").
fn is_wildcard(r: &Route) -> bool {
    r.pattern.ends_with("/*rest")
}

fn matches(r: &Route, path: &str) -> bool {
    let segs = segments(path);
    let pat = segments(&r.pattern);
    let fixed = if is_wildcard(r) {
        &pat[..pat.len() - 1]
    } else {
        &pat[..]
    };
    let len_ok = if is_wildcard(r) {
        segs.len() >= fixed.len()
    } else {
        segs.len() == fixed.len()
    };
    len_ok
        && fixed
            .iter()
            .zip(&segs)
            .all(|(p, s)| p.starts_with(':') || p == s)
}

/// The route the router picks for a path: exact patterns before a section's wildcard, static
/// segments before parameters, as `leptos_router` ranks them; `None` is the "not found"
/// fallback.
fn route_for(path: &str) -> Option<Route> {
    let statics = |r: &Route| {
        segments(&r.pattern)
            .iter()
            .filter(|p| !p.starts_with(':') && !p.starts_with('*'))
            .count()
    };
    routes()
        .into_iter()
        .filter(|r| matches(r, path))
        .max_by_key(|r| (!is_wildcard(r), statics(r)))
}

/// A pattern with its parameters filled in.
fn sample(pattern: &str) -> String {
    pattern.replace(":id", "p-17").replace("*rest", "x")
}

/// Where each lazy screen is opened (its unit must draw it there).
fn example(s: Screen) -> &'static str {
    match s {
        Screen::NewEntry => "/projects/p-17/diary/new",
        Screen::EditEntry => "/diary/p-17/edit",
        Screen::Outbox => "/outbox",
        Screen::Progress => "/care/projects/p-17/progress",
        Screen::QuoteList => "/quotes/projects/p-17",
        Screen::Quote => "/quotes/p-17",
        Screen::ServiceHub => "/service/projects/p-17",
        Screen::NewClaim => "/service/projects/p-17/claim",
        Screen::NewCallback => "/service/projects/p-17/callback",
        Screen::NewComplaint => "/service/projects/p-17/complaint",
        Screen::ServiceItem => "/service/items/p-17",
        Screen::Feedback => "/feedback/projects/p-17",
        Screen::Queue => "/desk/queue",
        Screen::DeskItem => "/desk/items/p-17",
        Screen::Metrics => "/desk/metrics",
        Screen::Slots => "/desk/slots",
        Screen::Board => "/board",
        Screen::SurveyResults => "/board/surveys",
        Screen::Inspect => "/console/projects/p-17/inspections",
        Screen::QuoteEditor => "/console/projects/p-17/quotes/new",
        Screen::Checklists => "/console/checklists",
        Screen::NewProject => "/console/projects/new",
        Screen::EditProject => "/console/projects/p-17/edit",
        Screen::Security => "/account/security",
        Screen::Agreement => "/account/agreement",
    }
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
const SCREENS: [Screen; 25] = [
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
    Screen::NewProject,
    Screen::EditProject,
    Screen::Security,
    Screen::Agreement,
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
        Screen::NewProject => 21,
        Screen::EditProject => 22,
        Screen::Security => 23,
        Screen::Agreement => 24,
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
            View::Lazy(unit) if is_wildcard(&route) => {
                let unit = UNITS_ALL
                    .into_iter()
                    .find(|u| u.name() == snake(unit))
                    .unwrap_or_else(|| panic!("{unit} is not a unit"));
                assert!(
                    Unit::of_section(Section::for_path(&path)).contains(&unit),
                    "{path}: {unit:?} is not one of its section's units"
                );
            }
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
fn every_lazy_screen_has_a_route_that_loads_its_unit() {
    for s in SCREENS {
        let path = example(s);
        assert_eq!(Screen::for_path(path), Some(s), "{path}");
        let route = route_for(path).unwrap_or_else(|| panic!("{s:?} ({path}) has no route"));
        match route.view {
            View::Lazy(unit) => assert_eq!(snake(&unit), s.unit().name(), "{path}"),
            View::Main(c) => panic!("{path} is drawn by {c} of the main module"),
        }
        assert_eq!(lazy_route(path), Some(s.unit().name()), "{path}");
    }
}

#[test]
fn every_unit_is_a_lazy_route_type_that_can_be_prefetched() {
    let units: Vec<String> = routes()
        .into_iter()
        .filter_map(|r| match r.view {
            View::Lazy(u) => Some(u),
            View::Main(_) => None,
        })
        .collect();
    for u in &units {
        assert!(
            UNITS.contains(&format!("    {u}({u} in ")),
            "lazy_unit!({u}) is missing"
        );
        // The prefetch finds a unit's files in the build's routes.json under the snake-case
        // name of its type (the split symbol `__<name>_view_…`), which is `Unit::name`.
        let snake: String = u
            .chars()
            .enumerate()
            .flat_map(|(i, c)| {
                let sep = (i > 0 && c.is_ascii_uppercase()).then_some('_');
                sep.into_iter()
                    .chain(std::iter::once(c.to_ascii_lowercase()))
            })
            .collect();
        assert!(
            UNITS_ALL.iter().any(|unit| unit.name() == snake),
            "{u} is never prefetched: no Unit is named {snake}"
        );
    }
}

#[test]
fn deep_links_keep_their_screen_and_unknown_paths_find_nothing() {
    // (path, the route taken, the lazy screen its unit draws). A section's route with no
    // screen for the path draws "not found", as the router's fallback does for no route.
    let cases: &[(&str, Option<&str>, Option<Screen>)] = &[
        (
            "/quotes/q-7?step=2#code",
            Some("/quotes/*rest"),
            Some(Screen::Quote),
        ),
        (
            "/quotes/projects/p-1",
            Some("/quotes/*rest"),
            Some(Screen::QuoteList),
        ),
        (
            "/service/projects/p-1/claim?from=hub",
            Some("/service/*rest"),
            Some(Screen::NewClaim),
        ),
        (
            "/desk/items/i-9",
            Some("/desk/*rest"),
            Some(Screen::DeskItem),
        ),
        (
            "/console/projects/p-1/quotes/new",
            Some("/console/*rest"),
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
        ("/quotes", Some("/quotes/*rest"), None),
        ("/quotes/q-7/extra", Some("/quotes/*rest"), None),
        ("/desk/unknown", Some("/desk/*rest"), None),
        ("/service/projects/p-1/refund", Some("/service/*rest"), None),
        ("/console", Some("/console/*rest"), None),
        ("/careers/projects/p-1/progress", None, None),
    ];
    for (path, pattern, screen) in cases {
        let route = route_for(path);
        assert_eq!(
            route.as_ref().map(|r| r.pattern.as_str()),
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
