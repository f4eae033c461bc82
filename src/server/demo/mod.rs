//! Demo data: one company, two crews, three projects at different stages with their
//! homeowners, a staff member and an admin, and about six weeks of diary entries with
//! generated site photos — all in Chinese, as a real company's would be.

pub mod pictures;
pub mod progress;
pub mod quality;
pub mod service;

use std::net::SocketAddr;

use bytes::Bytes;
use chrono::{Datelike, Duration, NaiveDate, TimeZone};

use crate::domain::auth::{Phone, Role};
use crate::domain::diary::{DiaryInput, Trade, TradeCount, Weather};
use crate::domain::projects::Stage;
use crate::domain::setup::{Homeowner, ProjectFields};
use crate::server::error::{AppError, AppResult};
use crate::server::images;
use crate::server::password;
use crate::server::routes::photos::key;
use crate::server::state::AppState;
use crate::server::store::photos::NewPhoto;
use crate::server::store::users::NewUser;
use crate::server::store::{diary, new_id, photos, setup, users};
use pictures::Scene;

/// The password of every demo account.
pub const DEMO_PASSWORD: &str = "demo1234";

/// Demo accounts: (role, name, phone, email).
pub const ACCOUNTS: [(Role, &str, &str, &str); 7] = [
    (Role::Homeowner, "张伟", "13800000001", ""),
    (Role::Homeowner, "李娜", "13800000002", ""),
    (Role::Homeowner, "王芳", "13800000003", ""),
    (Role::Crew, "刘强", "13900000001", ""),
    (Role::Crew, "陈刚", "13900000002", ""),
    (Role::Staff, "赵敏", "13700000001", "staff@demo.cn"),
    (Role::Admin, "周经理", "13700000002", "admin@demo.cn"),
];

/// One day's site work in the usual order of a renovation.
struct Day {
    work: &'static str,
    trades: &'static [(Trade, u32)],
    materials: &'static str,
    problems: &'static str,
}

const PLAN: [Day; 30] = [
    Day {
        work:
            "开工交底：业主、设计师、工长现场确认方案；地面铺设保护膜，电梯口及门框做好成品保护。",
        trades: &[(Trade::Labourer, 2)],
        materials: "保护膜、护角条一批",
        problems: "",
    },
    Day {
        work: "拆除旧墙砖、旧地板，卫生间旧洁具拆除。",
        trades: &[(Trade::Labourer, 4)],
        materials: "",
        problems: "小区规定噪音作业时间为8:00–12:00、14:00–18:00，已按时停工。",
    },
    Day {
        work: "拆除卫生间吊顶，建筑垃圾装袋清运。",
        trades: &[(Trade::Labourer, 3)],
        materials: "垃圾袋200个",
        problems: "",
    },
    Day {
        work: "墙体拆改：厨房隔墙拆除，次卧新砌轻体砖隔墙。",
        trades: &[(Trade::Mason, 2), (Trade::Labourer, 2)],
        materials: "轻体砖3方、水泥20袋、河沙2方",
        problems: "",
    },
    Day {
        work: "水电定位放线，与业主确认插座、开关及灯位高度。",
        trades: &[(Trade::PlumberElectrician, 2)],
        materials: "",
        problems: "",
    },
    Day {
        work: "水电开槽，横平竖直，槽深符合规范。",
        trades: &[(Trade::PlumberElectrician, 3)],
        materials: "",
        problems: "客厅一处开槽碰到原有线管，已改线绕开。",
    },
    Day {
        work: "强弱电布管穿线，强弱电间距不小于30cm。",
        trades: &[(Trade::PlumberElectrician, 3)],
        materials: "电线（熊猫）、线管（联塑）一批",
        problems: "",
    },
    Day {
        work: "给水管铺设（PPR热熔连接），冷热水管左热右冷。",
        trades: &[(Trade::PlumberElectrician, 2)],
        materials: "PPR水管及管件（伟星）一批",
        problems: "",
    },
    Day {
        work: "排水管改造，卫生间下水做存水弯。",
        trades: &[(Trade::PlumberElectrician, 2)],
        materials: "PVC排水管一批",
        problems: "卫生间原排水管有渗漏，已拍照告知业主并更换。",
    },
    Day {
        work: "水管打压测试（0.8MPa保压30分钟无压降），电路绝缘测试，水电验收。",
        trades: &[(Trade::PlumberElectrician, 2)],
        materials: "",
        problems: "",
    },
    Day {
        work: "卫生间、厨房防水第一遍，墙面上翻30cm，淋浴区1.8m。",
        trades: &[(Trade::Mason, 2)],
        materials: "防水涂料（东方雨虹）8桶",
        problems: "",
    },
    Day {
        work: "防水第二遍，干透后开始48小时闭水试验。",
        trades: &[(Trade::Mason, 2)],
        materials: "",
        problems: "",
    },
    Day {
        work: "闭水试验结束，楼下邻居确认无渗漏，防水验收通过。",
        trades: &[(Trade::Mason, 1)],
        materials: "",
        problems: "",
    },
    Day {
        work: "包立管，地面找平。",
        trades: &[(Trade::Mason, 2), (Trade::Labourer, 1)],
        materials: "水泥30袋、河沙3方",
        problems: "",
    },
    Day {
        work: "卫生间墙砖铺贴，阳角45度拼接。",
        trades: &[(Trade::Mason, 2)],
        materials: "瓷砖（马可波罗）60箱、瓷砖胶20袋",
        problems: "",
    },
    Day {
        work: "厨房墙砖铺贴，预留插座及烟道位置。",
        trades: &[(Trade::Mason, 2)],
        materials: "",
        problems: "两块墙砖空鼓，已敲掉返工重贴。",
    },
    Day {
        work: "客厅地砖铺贴，预留伸缩缝。",
        trades: &[(Trade::Mason, 3)],
        materials: "地砖（马可波罗）80箱",
        problems: "",
    },
    Day {
        work: "阳台地砖铺贴，门槛石安装。",
        trades: &[(Trade::Mason, 2)],
        materials: "门槛石5块",
        problems: "",
    },
    Day {
        work: "木工吊顶龙骨安装，间距不大于30cm。",
        trades: &[(Trade::Carpenter, 2)],
        materials: "轻钢龙骨一批",
        problems: "",
    },
    Day {
        work: "石膏板吊顶封板，自攻钉防锈处理。",
        trades: &[(Trade::Carpenter, 2)],
        materials: "石膏板（可耐福）40张",
        problems: "",
    },
    Day {
        work: "电视背景墙造型制作。",
        trades: &[(Trade::Carpenter, 2)],
        materials: "细木工板10张",
        problems: "",
    },
    Day {
        work: "现场制作阳台储物柜柜体。",
        trades: &[(Trade::Carpenter, 2)],
        materials: "",
        problems: "",
    },
    Day {
        work: "泥木验收：平整度、空鼓率、吊顶牢固度检查。",
        trades: &[(Trade::Carpenter, 1), (Trade::Mason, 1)],
        materials: "",
        problems: "",
    },
    Day {
        work: "墙面批刮腻子第一遍。",
        trades: &[(Trade::Painter, 2)],
        materials: "腻子粉30袋",
        problems: "",
    },
    Day {
        work: "腻子第二遍，干透后打磨。",
        trades: &[(Trade::Painter, 2)],
        materials: "",
        problems: "连续阴雨，腻子干得慢，打磨顺延半天。",
    },
    Day {
        work: "刷乳胶漆底漆一遍。",
        trades: &[(Trade::Painter, 2)],
        materials: "乳胶漆（立邦）底漆4桶",
        problems: "",
    },
    Day {
        work: "乳胶漆面漆两遍。",
        trades: &[(Trade::Painter, 2)],
        materials: "乳胶漆（立邦）面漆6桶",
        problems: "",
    },
    Day {
        work: "油漆验收：无流坠、无色差、阴阳角顺直。",
        trades: &[(Trade::Painter, 1)],
        materials: "",
        problems: "",
    },
    Day {
        work: "橱柜、卫浴洁具安装。",
        trades: &[(Trade::Installer, 3)],
        materials: "橱柜（欧派）、卫浴（科勒）到场",
        problems: "",
    },
    Day {
        work: "灯具、开关面板安装，全屋开荒保洁。",
        trades: &[(Trade::Installer, 2), (Trade::Labourer, 2)],
        materials: "灯具一批",
        problems: "",
    },
];

/// A tiny deterministic generator so demo data is the same on every machine.
fn mix(seed: u64) -> u64 {
    let mut x = seed.wrapping_add(0x9E37_79B9_7F4A_7C15);
    x = (x ^ (x >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    x ^ (x >> 31)
}

fn weather_for(seed: u64) -> Weather {
    match mix(seed) % 10 {
        0..=4 => Weather::Sunny,
        5..=6 => Weather::Cloudy,
        7 => Weather::Overcast,
        _ => Weather::Rain,
    }
}

/// Stores one generated photo through the real pipeline; returns its id.
async fn add_photo(
    state: &AppState,
    project_id: &str,
    uploader: &str,
    scene: Scene,
    seed: u64,
    at_ms: i64,
) -> AppResult<String> {
    let processed = tokio::task::spawn_blocking(move || {
        images::process(Bytes::from(pictures::site_photo(scene, seed, 800, 600)))
    })
    .await
    .map_err(|e| AppError::internal(e.to_string()))??;
    let id = new_id();
    state
        .photos
        .put(
            &key(project_id, &id, "thumb.jpg"),
            Bytes::from(processed.thumb),
        )
        .await?;
    state
        .photos
        .put(
            &key(project_id, &id, "large.jpg"),
            Bytes::from(processed.large),
        )
        .await?;
    state
        .photos
        .put(
            &key(project_id, &id, "original.jpg"),
            processed.original.clone(),
        )
        .await?;
    photos::insert(
        &state.db,
        NewPhoto {
            id: &id,
            project_id,
            uploaded_by: uploader,
            kind: processed.kind.as_str(),
            width: processed.width,
            height: processed.height,
            bytes: processed.original.len() as u64,
            located: false,
        },
        at_ms,
    )
    .await?;
    Ok(id)
}

/// Writes the diary of `days` site days, ending `last_day`, following the plan from `plan_start`.
async fn write_diary(
    state: &AppState,
    project_id: &str,
    crew_user: &str,
    tz: chrono_tz::Tz,
    first_day: NaiveDate,
    days: usize,
    plan_start: usize,
) -> AppResult<()> {
    let mut date = first_day;
    let mut step = 0;
    // Never today: today's entry is the crew's to post.
    let today = state.clock.today_in(tz);
    while step < days && date < today {
        // Crews rest on most Sundays.
        let sunday = date.weekday() == chrono::Weekday::Sun;
        let seed =
            mix(date.num_days_from_ce() as u64 * 7919 + plan_start as u64 * 131 + step as u64);
        if sunday && !seed.is_multiple_of(3) {
            date += Duration::days(1);
            continue;
        }
        let plan_index = (plan_start + step).min(PLAN.len() - 1);
        let day = &PLAN[plan_index];
        let evening = tz
            .from_local_datetime(&date.and_hms_opt(18, 20, 0).unwrap_or_default())
            .single()
            .map(|t| t.timestamp_millis())
            .unwrap_or(0);
        let photo_count = 1 + (seed % 3) as usize;
        let mut photo_ids = Vec::new();
        for n in 0..photo_count {
            let scene = Scene::for_day(plan_index);
            photo_ids.push(
                add_photo(
                    state,
                    project_id,
                    crew_user,
                    scene,
                    seed ^ n as u64,
                    evening,
                )
                .await?,
            );
        }
        let input = DiaryInput {
            weather: weather_for(seed),
            work_done: day.work.to_string(),
            trades: day
                .trades
                .iter()
                .map(|(trade, headcount)| TradeCount {
                    trade: *trade,
                    headcount: *headcount,
                })
                .collect(),
            materials: day.materials.to_string(),
            problems: day.problems.to_string(),
            photo_ids,
            base_revision: None,
        }
        .validated()?;
        diary::create(&state.db, project_id, crew_user, date, &input, evening).await?;
        date += Duration::days(1);
        step += 1;
    }
    Ok(())
}

/// Loads the demo company into an empty database.
pub async fn seed(state: &AppState) -> AppResult<()> {
    let db = &state.db;
    let now = state.clock.now_ms();
    let tz = chrono_tz::Asia::Shanghai;
    let today = state.clock.today_in(tz);
    let company = users::insert_company(db, "匠心家装", "Asia/Shanghai", now).await?;
    let crew_liu = users::insert_crew(db, &company, "刘师傅班组", now).await?;
    let crew_chen = users::insert_crew(db, &company, "陈师傅班组", now).await?;
    let hash = tokio::task::spawn_blocking(|| password::hash(DEMO_PASSWORD))
        .await
        .map_err(|e| AppError::internal(e.to_string()))?
        .map_err(AppError::internal)?;
    let mut ids = Vec::new();
    for (role, name, phone, email) in ACCOUNTS {
        let crew = match name {
            "刘强" => Some(crew_liu.as_str()),
            "陈刚" => Some(crew_chen.as_str()),
            _ => None,
        };
        let id = users::insert(
            db,
            NewUser {
                company_id: &company,
                role,
                name,
                phone: Some(phone),
                email: (!email.is_empty()).then_some(email),
                password_hash: Some(&hash),
                crew_id: crew,
            },
            now,
        )
        .await?;
        ids.push(id);
    }
    let (zhang, li, wang, liu, chen) = (&ids[0], &ids[1], &ids[2], &ids[3], &ids[4]);

    // The projects are registered the way staff register them (`/setup/projects`): the
    // homeowners' accounts exist already, so each project is added to its homeowner's account.
    // (title, (city, compound, building, room), layout, m², stage, homeowner, crew, started days
    // ago, planned end in days)
    let plans = [
        (
            "锦绣花园 3室2厅 现代简约",
            ("上海市浦东新区", "锦绣花园", "12号楼3单元", "1502室"),
            "3室2厅",
            118,
            Stage::Construction,
            ACCOUNTS[0],
            &crew_liu,
            34,
            40,
        ),
        (
            "望京小区 2室1厅 北欧风",
            ("北京市朝阳区", "望京小区", "5号楼2单元", "301室"),
            "2室1厅",
            76,
            Stage::Construction,
            ACCOUNTS[1],
            &crew_liu,
            7,
            80,
        ),
        (
            "翠湖苑 4室2厅 新中式",
            ("杭州市西湖区", "翠湖苑", "8幢", "1801室"),
            "4室2厅",
            168,
            Stage::Acceptance,
            ACCOUNTS[2],
            &crew_chen,
            95,
            5,
        ),
    ];
    let mut project_ids = Vec::new();
    for (
        title,
        (city, compound, building, room),
        layout,
        area,
        stage,
        owner,
        crew,
        started,
        ends,
    ) in plans
    {
        let (_, name, phone, _) = owner;
        let fields = ProjectFields {
            title: title.into(),
            city: city.into(),
            compound: compound.into(),
            building: building.into(),
            room: room.into(),
            layout: layout.into(),
            area_m2: Some(area),
            contract_fen: None,
            stage,
            start_date: Some(today - Duration::days(started)),
            planned_end_date: Some(today + Duration::days(ends)),
            crew_id: Some(crew.clone()),
            owner_id: Some(ids[5].clone()),
        }
        .validated()?;
        let homeowner = Homeowner {
            name: name.to_string(),
            phone: Phone::parse(phone)?,
        };
        let made = setup::create(db, &company, &fields, &homeowner, now).await?;
        project_ids.push(made.project_id);
    }
    let (p1, p2, p3) = (&project_ids[0], &project_ids[1], &project_ids[2]);
    write_diary(state, p1, liu, tz, today - Duration::days(34), 28, 0).await?;
    write_diary(state, p2, liu, tz, today - Duration::days(7), 5, 0).await?;
    write_diary(state, p3, chen, tz, today - Duration::days(30), 12, 18).await?;
    progress::seed(
        state,
        &progress::DemoProjects {
            company_id: &company,
            staff_id: &ids[5],
            jinxiu: (p1, zhang, today - Duration::days(34)),
            wangjing: (p2, li, today - Duration::days(7)),
            cuihu: (p3, wang, today - Duration::days(95)),
        },
    )
    .await?;
    quality::seed(state).await?;
    // The service desk's warranty claims need a handed-over home: 滨江花园 from the quality demo.
    let handed: String = sqlx::query_scalar(
        "SELECT id FROM projects WHERE homeowner_id = $1 AND handover_date IS NOT NULL ORDER BY created_at LIMIT 1",
    )
    .bind(wang)
    .fetch_one(&db.pool)
    .await?;
    service::seed(
        state,
        &service::DemoService {
            company_id: &company,
            staff_id: &ids[5],
            jinxiu: (p1, zhang),
            wangjing: (p2, li),
            cuihu: (&handed, wang),
        },
    )
    .await?;
    tracing::info!("demo data loaded");
    Ok(())
}

/// Prints the demo logins on the console at start-up.
pub fn print_logins(addr: SocketAddr, demo_key: &str) {
    println!();
    println!("  Portal: http://{addr}");
    println!("  Demo logins (password: {DEMO_PASSWORD}):");
    for (role, name, phone, email) in ACCOUNTS {
        let login = if email.is_empty() { phone } else { email };
        println!("    {:<10} {:<6} {}", role.as_str(), name, login);
    }
    println!("  One-time sign-in codes appear at http://{addr}/outbox (on this machine),");
    println!("  or from another device at http://{addr}/outbox?key={demo_key}");
    println!("  Demo mode is for trying the portal, not for the internet.");
    println!();
}
