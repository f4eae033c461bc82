//! Scale: `scale-gen` adds bulk data to a demo portal's SQLite database (the portal's own
//! migrations made the schema; the portal is stopped meanwhile), `scale` times first and deep
//! pages against the untouched demo database, side by side in interleaved rounds.
//!
//! Shapes: `one` — 1,000,000 diary entries (one photo row each) in one new project of the
//! first demo homeowner; `many` — 5,000 new projects of the demo company (one of them the first
//! demo homeowner's) with 200 entries each (one photo row each). A plan file (JSON) names the
//! project to view and the cursors of the deep pages.

use std::str::FromStr;
use std::time::Instant;

use chrono::{Duration, NaiveDate};
use serde_json::{json, Value};
use sqlx::sqlite::{SqliteConnectOptions, SqlitePoolOptions};
use sqlx::{Sqlite, SqlitePool, Transaction};

use seed_portal::domain::diary::DiaryCursor;
use seed_portal::domain::paging::KeyCursor;
use seed_portal::domain::projects::start_key;

use crate::http::{get_json, need, num, sign_in, Conn};
use crate::load::quantile;
use crate::Res;

/// Rows per INSERT statement and per transaction.
const BATCH: usize = 400;
const TX_ROWS: usize = 50_000;

/// Demo rows the bulk data hangs on.
struct Demo {
    company: String,
    homeowner: String,
    crew: String,
    author: String,
    stage: String,
}

async fn demo_rows(pool: &SqlitePool) -> Res<Demo> {
    let (homeowner, company): (String, String) =
        sqlx::query_as("SELECT id, company_id FROM users WHERE phone = '13800000001'")
            .fetch_one(pool)
            .await?;
    let (crew, stage): (String, String) = sqlx::query_as(
        "SELECT crew_id, stage FROM projects WHERE homeowner_id = $1 AND crew_id IS NOT NULL",
    )
    .bind(&homeowner)
    .fetch_one(pool)
    .await?;
    let author: String = sqlx::query_scalar("SELECT id FROM users WHERE crew_id = $1 LIMIT 1")
        .bind(&crew)
        .fetch_one(pool)
        .await?;
    Ok(Demo {
        company,
        homeowner,
        crew,
        author,
        stage,
    })
}

/// Inserts rows of `columns` with one multi-row statement per batch.
async fn insert(
    tx: &mut Transaction<'_, Sqlite>,
    table: &str,
    columns: &[&str],
    rows: &[Vec<Value>],
) -> Res<()> {
    for chunk in rows.chunks(BATCH) {
        let n = columns.len();
        let values: Vec<String> = (0..chunk.len())
            .map(|r| {
                let marks: Vec<String> = (1..=n).map(|c| format!("${}", r * n + c)).collect();
                format!("({})", marks.join(", "))
            })
            .collect();
        let sql = format!(
            "INSERT INTO {table} ({}) VALUES {}",
            columns.join(", "),
            values.join(", ")
        );
        let mut q = sqlx::query(&sql);
        for row in chunk {
            for v in row {
                q = match v {
                    Value::Null => q.bind(None::<String>),
                    Value::Number(x) => q.bind(x.as_i64().unwrap_or(0)),
                    Value::String(s) => q.bind(s.clone()),
                    other => q.bind(other.to_string()),
                };
            }
        }
        q.execute(&mut **tx).await?;
    }
    Ok(())
}

const ENTRY_COLUMNS: [&str; 11] = [
    "id",
    "project_id",
    "entry_date",
    "author_id",
    "weather",
    "work_done",
    "trades",
    "materials",
    "problems",
    "created_at",
    "updated_at",
];
const PHOTO_COLUMNS: [&str; 10] = [
    "id",
    "project_id",
    "uploaded_by",
    "entry_id",
    "position",
    "kind",
    "width",
    "height",
    "bytes",
    "created_at",
];

/// One entry and its photo row, for day `date` of `project`.
fn entry(d: &Demo, project: &str, date: NaiveDate, n: usize) -> (String, Vec<Value>, Vec<Value>) {
    let id = uuid::Uuid::new_v4().to_string();
    let at = 1_764_547_200_000i64 + (n as i64 % 100_000) * 1000;
    let e = vec![
        json!(id),
        json!(project),
        json!(date.to_string()),
        json!(d.author),
        json!("sunny"),
        json!(format!(
            "第{n}条：墙面找平，阴阳角顺直；卫生间闭水试验48小时，楼下无渗漏。"
        )),
        json!(r#"[{"trade":"painter","count":2},{"trade":"labourer","count":1}]"#),
        json!("腻子粉20袋、石膏5袋"),
        json!(if n.is_multiple_of(4) {
            "楼道电梯临时停用，材料改走楼梯。"
        } else {
            ""
        }),
        json!(at),
        json!(at),
    ];
    let p = vec![
        json!(uuid::Uuid::new_v4().to_string()),
        json!(project),
        json!(d.author),
        json!(id),
        json!(0),
        json!("jpeg"),
        json!(1600),
        json!(1200),
        json!(312_000),
        json!(at),
    ];
    (id, e, p)
}

/// Inserts a project's entries (dates from `first`, one a day) in transactions; the cursor of
/// the entry `deep` places from the newest.
async fn fill_diary(
    pool: &SqlitePool,
    d: &Demo,
    project: &str,
    first: NaiveDate,
    count: usize,
    deep: usize,
) -> Res<DiaryCursor> {
    let mut cursor = None;
    let mut done = 0;
    while done < count {
        let n = TX_ROWS.min(count - done);
        let (mut entries, mut photos) = (Vec::with_capacity(n), Vec::with_capacity(n));
        for k in done..done + n {
            let date = first + Duration::days(k as i64);
            let (id, e, p) = entry(d, project, date, k);
            if k == count - 1 - deep {
                cursor = Some(DiaryCursor { date, id });
            }
            entries.push(e);
            photos.push(p);
        }
        let mut tx = pool.begin().await?;
        insert(&mut tx, "diary_entries", &ENTRY_COLUMNS, &entries).await?;
        insert(&mut tx, "photos", &PHOTO_COLUMNS, &photos).await?;
        tx.commit().await?;
        done += n;
    }
    let last = first + Duration::days(count as i64 - 1);
    sqlx::query("UPDATE projects SET diary_count = $1, last_diary_date = $2 WHERE id = $3")
        .bind(count as i64)
        .bind(last.to_string())
        .bind(project)
        .execute(pool)
        .await?;
    cursor.ok_or_else(|| "deep page beyond the diary".into())
}

fn project_row(d: &Demo, id: &str, homeowner: &str, title: &str, start: NaiveDate) -> Vec<Value> {
    vec![
        json!(id),
        json!(d.company),
        json!(title),
        json!(format!("上海市浦东新区规模路{}号", id.len())),
        json!(d.stage),
        json!(homeowner),
        json!(d.crew),
        json!(start.to_string()),
        json!((start + Duration::days(90)).to_string()),
        json!(1_764_547_200_000i64),
    ]
}

const PROJECT_COLUMNS: [&str; 10] = [
    "id",
    "company_id",
    "title",
    "address",
    "stage",
    "homeowner_id",
    "crew_id",
    "start_date",
    "planned_end_date",
    "created_at",
];

/// `seed-bench scale-gen --db FILE --shape one|many --plan FILE`.
pub async fn generate(args: &[String]) -> Res<()> {
    let db = need(args, "--db")?;
    let shape = need(args, "--shape")?;
    let plan_file = need(args, "--plan")?;
    let options = SqliteConnectOptions::from_str(&format!("sqlite://{db}"))?
        .pragma("synchronous", "OFF")
        // Random UUID keys: the indexes stay in memory instead of thrashing a 2 MB cache.
        .pragma("cache_size", "-524288")
        .pragma("journal_mode", "WAL");
    let pool = SqlitePoolOptions::new()
        .max_connections(1)
        .connect_with(options)
        .await?;
    let d = demo_rows(&pool).await?;
    let started = Instant::now();
    let plan = match shape {
        "one" => {
            let project = uuid::Uuid::new_v4().to_string();
            let start = NaiveDate::from_ymd_opt(2026, 1, 5).ok_or("date")?;
            let mut tx = pool.begin().await?;
            let row = project_row(&d, &project, &d.homeowner, "规模测试·百万条日志", start);
            insert(&mut tx, "projects", &PROJECT_COLUMNS, &[row]).await?;
            tx.commit().await?;
            // One entry per project per day: a million days run from the year 1 to 2738.
            let first = NaiveDate::from_ymd_opt(1, 1, 1).ok_or("date")?;
            let count: usize = num(args, "--entries", 1_000_000)?;
            let deep = fill_diary(&pool, &d, &project, first, count, count / 2).await?;
            json!({ "project": project, "diary_deep": deep.encode(), "projects_deep": null })
        }
        "many" => {
            let count: usize = num(args, "--projects", 5_000)?;
            let per: usize = num(args, "--entries", 200)?;
            let base = NaiveDate::from_ymd_opt(2012, 1, 1).ok_or("date")?;
            let mut list = Vec::with_capacity(count);
            let (mut owners, mut rows) = (Vec::new(), Vec::new());
            for i in 0..count {
                let id = uuid::Uuid::new_v4().to_string();
                let start = base + Duration::days((i * 7919 % 5000) as i64);
                let owner = if i == count / 2 {
                    d.homeowner.clone()
                } else {
                    let o = uuid::Uuid::new_v4().to_string();
                    owners.push(vec![
                        json!(o),
                        json!(d.company),
                        json!("homeowner"),
                        json!(format!("业主{i}")),
                        json!(1_764_547_200_000i64),
                    ]);
                    o
                };
                rows.push(project_row(
                    &d,
                    &id,
                    &owner,
                    &format!("规模测试·第{i}号"),
                    start,
                ));
                list.push((start, id));
            }
            let mut tx = pool.begin().await?;
            let user_columns = ["id", "company_id", "role", "name", "created_at"];
            insert(&mut tx, "users", &user_columns, &owners).await?;
            insert(&mut tx, "projects", &PROJECT_COLUMNS, &rows).await?;
            tx.commit().await?;
            let mut view = None;
            for (i, (start, id)) in list.iter().enumerate() {
                let cursor = fill_diary(&pool, &d, id, *start, per, per / 2).await?;
                if i == count / 2 {
                    view = Some((id.clone(), cursor.encode()));
                }
            }
            let (project, diary_deep) = view.ok_or("no project to view")?;
            // The list's order: start date descending, then id descending.
            list.sort_by(|a, b| b.cmp(a));
            let (start, id) = &list[count / 2];
            let projects_deep = KeyCursor {
                key: start_key(Some(&start.to_string())),
                id: id.clone(),
            }
            .encode();
            json!({ "project": project, "diary_deep": diary_deep, "projects_deep": projects_deep })
        }
        other => return Err(format!("unknown shape {other}").into()),
    };
    sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)")
        .execute(&pool)
        .await?;
    pool.close().await;
    std::fs::write(plan_file, serde_json::to_vec_pretty(&plan)?)?;
    eprintln!(
        "{shape}: generated in {:.0} s",
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

/// One server and the paths to time on it.
struct Server {
    label: String,
    addr: String,
    owner: String,
    staff: String,
    paths: Vec<String>,
}

/// The staff list's rows are pages of 2 (the demo company has 3 projects), so every database
/// answers the same number of rows; the last row is the list's default page (30, or the 3
/// demo projects): its ratio also counts the larger answer.
const REQUESTS: [&str; 7] = [
    "diary, first page (homeowner, 10 entries)",
    "diary, deep page via the cursor",
    "project view",
    "photo (thumbnail)",
    "staff projects list, first page (2 rows)",
    "staff projects list, deep page (2 rows)",
    "staff projects list, default first page (30 rows; demo: 3)",
];

/// Signs in and works out the six paths on one server.
async fn server(label: &str, addr: &str, plan: Option<&Value>) -> Res<Server> {
    let owner = sign_in(addr, "13800000001").await?;
    let staff = sign_in(addr, "staff@demo.cn").await?;
    // A demo photo of the homeowner's demo project, on every server.
    // (The generated photo rows have no files: their project is skipped.)
    let generated = plan.and_then(|p| p["project"].as_str()).unwrap_or_default();
    let mine = get_json(addr, "/api/v1/projects", &owner).await?;
    let mut demo_project = None;
    let mut photo = None;
    for p in mine["items"].as_array().into_iter().flatten() {
        let id = p["id"].as_str().unwrap_or_default();
        if id == generated {
            continue;
        }
        let page = get_json(
            addr,
            &format!("/api/v1/projects/{id}/diary?limit=20"),
            &owner,
        )
        .await?;
        let found = page["items"]
            .as_array()
            .into_iter()
            .flatten()
            .flat_map(|e| e["photos"].as_array().cloned().unwrap_or_default())
            .find_map(|ph| ph["id"].as_str().map(str::to_string));
        if let Some(f) = found {
            if demo_project.is_none() {
                demo_project = Some((id.to_string(), page["next_cursor"].clone()));
            }
            photo.get_or_insert(f);
        }
    }
    let photo = photo.ok_or("no demo photo")?;
    let (project, diary_deep, projects_deep) = match plan {
        Some(plan) => (
            plan["project"].as_str().unwrap_or_default().to_string(),
            plan["diary_deep"].as_str().unwrap_or_default().to_string(),
            match plan["projects_deep"].as_str() {
                Some(c) => c.to_string(),
                None => first_cursor(addr, &staff).await?,
            },
        ),
        None => {
            // The demo diary's second page (first page of 10) and the list after its first project.
            let (project, _) = demo_project.ok_or("no demo project with photos")?;
            let page = get_json(addr, &format!("/api/v1/projects/{project}/diary"), &owner).await?;
            let cursor = page["next_cursor"]
                .as_str()
                .ok_or("demo diary has one page")?;
            (
                project,
                cursor.to_string(),
                first_cursor(addr, &staff).await?,
            )
        }
    };
    let paths = vec![
        format!("/api/v1/projects/{project}/diary"),
        format!("/api/v1/projects/{project}/diary?after={diary_deep}"),
        format!("/api/v1/projects/{project}"),
        format!("/api/v1/photos/{photo}/thumb"),
        "/api/v1/projects?limit=2".to_string(),
        format!("/api/v1/projects?limit=2&after={projects_deep}"),
        "/api/v1/projects".to_string(),
    ];
    Ok(Server {
        label: label.to_string(),
        addr: addr.to_string(),
        owner,
        staff,
        paths,
    })
}

/// The cursor after the first project of the staff's list.
async fn first_cursor(addr: &str, staff: &str) -> Res<String> {
    let page = get_json(addr, "/api/v1/projects?limit=1", staff).await?;
    Ok(page["next_cursor"]
        .as_str()
        .ok_or("one project only")?
        .to_string())
}

/// `seed-bench scale --demo ADDR --one ADDR --one-plan FILE --many ADDR --many-plan FILE
/// [--rounds 5] [--requests 200]`: sequential requests on one connection per server.
pub async fn run(args: &[String]) -> Res<()> {
    let rounds: usize = num(args, "--rounds", 5)?;
    let requests: usize = num(args, "--requests", 200)?;
    let read = |name: &str| -> Res<Value> {
        Ok(serde_json::from_slice(&std::fs::read(need(args, name)?)?)?)
    };
    let (one_plan, many_plan) = (read("--one-plan")?, read("--many-plan")?);
    let servers = [
        server("demo", need(args, "--demo")?, None).await?,
        server(
            "1M entries in one project",
            need(args, "--one")?,
            Some(&one_plan),
        )
        .await?,
        server(
            "5,000 projects × 200",
            need(args, "--many")?,
            Some(&many_plan),
        )
        .await?,
    ];
    let mut samples = vec![vec![Vec::<f64>::new(); servers.len()]; REQUESTS.len()];
    let mut conns: Vec<Conn> = servers.iter().map(|s| Conn::new(&s.addr)).collect();
    for round in 0..=rounds {
        for (r, _) in REQUESTS.iter().enumerate() {
            for (s, srv) in servers.iter().enumerate() {
                let cookie = if r >= 4 { &srv.staff } else { &srv.owner };
                let n = if round == 0 { 10 } else { requests / rounds };
                for _ in 0..n {
                    let t0 = Instant::now();
                    let resp = conns[s].get(&srv.paths[r], cookie).await?;
                    let ms = t0.elapsed().as_secs_f64() * 1e3;
                    if resp.status != 200 {
                        return Err(
                            format!("{} {}: {}", srv.label, srv.paths[r], resp.status).into()
                        );
                    }
                    // Round 0 warms up.
                    if round > 0 {
                        samples[r][s].push(ms);
                    }
                }
            }
        }
        if round > 0 {
            eprintln!("round {round}/{rounds} done");
        }
    }
    println!("\nmedian (p99) ms of {requests} sequential requests per cell, {rounds} interleaved rounds\n");
    println!(
        "| request | {} | {} | ratio | {} | ratio |",
        servers[0].label, servers[1].label, servers[2].label
    );
    println!("|---|---|---|---|---|---|");
    for (r, name) in REQUESTS.iter().enumerate() {
        let mut cells = Vec::new();
        let mut base = 0.0;
        for (s, v) in samples[r].iter_mut().enumerate() {
            v.sort_by(f64::total_cmp);
            let (p50, p99) = (quantile(v, 0.5), quantile(v, 0.99));
            cells.push(format!("{p50:.2} ({p99:.2})"));
            if s == 0 {
                base = p50;
            } else {
                cells.push(format!("{:.2}×", p50 / base));
            }
        }
        println!("| {name} | {} |", cells.join(" | "));
    }
    Ok(())
}
