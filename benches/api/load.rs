//! The API benchmark: the reference's 20-row list and the portal's diary page (a demo
//! homeowner, 20 entries), staff projects list and a thumbnail, loaded in turn with the same
//! connections for the same time, in interleaved rounds; medians of the rounds.

use std::time::{Duration, Instant};

use crate::http::{get_json, need, num, sign_in, Conn};
use crate::Res;

/// One thing to load: a server, a path and the cookie to send.
pub struct Target {
    pub name: String,
    pub addr: String,
    pub path: String,
    pub cookie: String,
}

/// One timed run.
#[derive(Clone, Copy)]
pub struct Run {
    pub rps: f64,
    pub p50: f64,
    pub p99: f64,
    pub errors: usize,
}

/// The `q`-quantile (0–1) of sorted milliseconds.
pub fn quantile(sorted: &[f64], q: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let i = ((sorted.len() as f64 - 1.0) * q).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

pub fn median(values: &mut [f64]) -> f64 {
    values.sort_by(f64::total_cmp);
    quantile(values, 0.5)
}

/// `conns` connections request the target back to back for `secs` seconds.
pub async fn load(t: &Target, conns: usize, secs: f64) -> Run {
    let deadline = Instant::now() + Duration::from_secs_f64(secs);
    let start = Instant::now();
    let mut tasks = Vec::new();
    for _ in 0..conns {
        let (addr, path, cookie) = (t.addr.clone(), t.path.clone(), t.cookie.clone());
        tasks.push(tokio::spawn(async move {
            let mut conn = Conn::new(&addr);
            let (mut lat, mut errors) = (Vec::new(), 0usize);
            while Instant::now() < deadline {
                let t0 = Instant::now();
                match conn.get(&path, &cookie).await {
                    Ok(r) if r.status == 200 => lat.push(t0.elapsed().as_secs_f64() * 1e3),
                    _ => errors += 1,
                }
            }
            (lat, errors)
        }));
    }
    let (mut all, mut errors) = (Vec::new(), 0);
    for task in tasks {
        if let Ok((lat, e)) = task.await {
            all.extend(lat);
            errors += e;
        }
    }
    let elapsed = start.elapsed().as_secs_f64();
    all.sort_by(f64::total_cmp);
    Run {
        rps: all.len() as f64 / elapsed,
        p50: quantile(&all, 0.5),
        p99: quantile(&all, 0.99),
        errors,
    }
}

/// Finds a demo homeowner's project with a diary and a photo: (project, photo id).
async fn homeowner_project(portal: &str) -> Res<(String, String, String)> {
    for login in ["13800000001", "13800000002", "13800000003"] {
        let cookie = sign_in(portal, login).await?;
        let projects = get_json(portal, "/api/v1/projects", &cookie).await?;
        for p in projects["items"].as_array().into_iter().flatten() {
            let id = p["id"].as_str().unwrap_or_default().to_string();
            let page = get_json(
                portal,
                &format!("/api/v1/projects/{id}/diary?limit=20"),
                &cookie,
            )
            .await?;
            let items = page["items"].as_array().cloned().unwrap_or_default();
            let photo = items
                .iter()
                .flat_map(|e| e["photos"].as_array().cloned().unwrap_or_default())
                .find_map(|ph| ph["id"].as_str().map(str::to_string));
            if let (true, Some(photo)) = (items.len() == 20, photo) {
                return Ok((cookie, id, photo));
            }
        }
    }
    Err("no demo homeowner has a project with 20 diary entries and a photo".into())
}

/// `seed-bench api --portal ADDR --reference ADDR [--rounds 5] [--secs 3] [--conns 8]`.
pub async fn run(args: &[String]) -> Res<()> {
    let portal = need(args, "--portal")?;
    let reference = need(args, "--reference")?;
    let rounds: usize = num(args, "--rounds", 5)?;
    let secs: f64 = num(args, "--secs", 3.0)?;
    let conns: usize = num(args, "--conns", 8)?;
    let (owner, project, photo) = homeowner_project(portal).await?;
    let staff = sign_in(portal, "staff@demo.cn").await?;
    let targets = [
        Target {
            name: "reference: 20-row list (bare axum + sqlx SQLite)".into(),
            addr: reference.into(),
            path: "/list".into(),
            cookie: String::new(),
        },
        Target {
            name: "same list through sqlx's Any driver (as the portal)".into(),
            addr: reference.into(),
            path: "/list-any".into(),
            cookie: String::new(),
        },
        Target {
            name: "diary page, 20 entries (homeowner)".into(),
            addr: portal.into(),
            path: format!("/api/v1/projects/{project}/diary?limit=20"),
            cookie: owner.clone(),
        },
        Target {
            name: "projects list, first page (staff)".into(),
            addr: portal.into(),
            path: "/api/v1/projects".into(),
            cookie: staff,
        },
        Target {
            name: "thumbnail GET (homeowner)".into(),
            addr: portal.into(),
            path: format!("/api/v1/photos/{photo}/thumb"),
            cookie: owner,
        },
    ];
    // Warm-up: every target once, briefly.
    for t in &targets {
        load(t, conns, 0.5).await;
    }
    let mut runs: Vec<Vec<Run>> = vec![Vec::new(); targets.len()];
    for round in 0..rounds {
        // Interleaved, and the order turns each round so no target always follows another.
        for k in 0..targets.len() {
            let i = (k + round) % targets.len();
            let r = load(&targets[i], conns, secs).await;
            runs[i].push(r);
        }
        eprintln!("round {}/{rounds} done", round + 1);
    }
    println!(
        "\n{conns} connections, {rounds} interleaved rounds of {secs} s per target; medians of the rounds\n"
    );
    println!(
        "| request | req/s | p50 ms | p99 ms | req/s ÷ reference | p99 ÷ reference | errors |"
    );
    println!("|---|---|---|---|---|---|---|");
    let med = |i: usize, f: fn(&Run) -> f64| median(&mut runs[i].iter().map(f).collect::<Vec<_>>());
    let (ref_rps, ref_p99) = (med(0, |r| r.rps), med(0, |r| r.p99));
    for (i, t) in targets.iter().enumerate() {
        let (rps, p50, p99) = (med(i, |r| r.rps), med(i, |r| r.p50), med(i, |r| r.p99));
        let errors: usize = runs[i].iter().map(|r| r.errors).sum();
        println!(
            "| {} | {rps:.0} | {p50:.2} | {p99:.2} | {:.2}× | {:.2}× | {errors} |",
            t.name,
            rps / ref_rps,
            p99 / ref_p99
        );
    }
    Ok(())
}
