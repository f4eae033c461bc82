//! Demo node inspections and quotes: each project's nodes at a believable point (signed off,
//! waiting for the homeowner's signature, rework open with its 48-hour clock, scheduled), and
//! quote revisions (confirmed, plus a pending change order for the first homeowner).

use chrono::{Duration, NaiveDate, TimeZone};

use super::pictures::Scene;
use crate::domain::inspections::{
    rework_due, InspectionInput, ItemResult, ItemResultInput, NodeKind, NodeStatus,
};
use crate::domain::photos::AttachedTo;
use crate::domain::quotes::{
    totals, Fen, LabourLine, MaterialLine, PaymentStage, QuoteRevisionContent, Schedule,
};
use crate::server::clock::from_ms;
use crate::server::error::AppResult;
use crate::server::state::AppState;
use crate::server::store::nodes::{self, Stamp};
use crate::server::store::quotes::{self, RevisionValues};

/// Who and what the demo progress belongs to.
pub struct DemoProjects<'a> {
    pub company_id: &'a str,
    pub staff_id: &'a str,
    /// (project id, homeowner id, start date) of 锦绣花园, 望京小区 and 翠湖苑.
    pub jinxiu: (&'a str, &'a str, NaiveDate),
    pub wangjing: (&'a str, &'a str, NaiveDate),
    pub cuihu: (&'a str, &'a str, NaiveDate),
}

/// How far one node got.
enum Outcome {
    /// Signed off by the homeowner.
    SignedOff,
    /// Passed; waits for the homeowner's signature.
    Passed,
    /// Passed after rework on one item, then signed off.
    ReworkedThenSignedOff,
    /// Recorded with one failed item; rework open.
    ReworkOpen,
    /// Inspection booked.
    Scheduled,
}

fn at(tz: chrono_tz::Tz, day: NaiveDate, hour: u32) -> i64 {
    tz.from_local_datetime(&day.and_hms_opt(hour, 0, 0).unwrap_or_default())
        .single()
        .map(|t| t.timestamp_millis())
        .unwrap_or(0)
}

/// Puts one node into its demo state through the same store calls the API uses.
#[allow(clippy::too_many_arguments)]
async fn play_node(
    state: &AppState,
    d: &DemoProjects<'_>,
    project: (&str, &str),
    kind: NodeKind,
    outcome: Outcome,
    when_ms: i64,
    fail_note: &str,
    seed: u64,
) -> AppResult<()> {
    let (project_id, owner_id) = project;
    let db = &state.db;
    let checklist = nodes::checklist(db, d.company_id, kind).await?;
    let node = nodes::one(db, project_id, kind).await?;
    if let Outcome::Scheduled = outcome {
        let mut tx = db.write().await?;
        nodes::set_status(&mut tx, &node, NodeStatus::Scheduled).await?;
        let third_party = kind == NodeKind::Completion;
        let at = Stamp::Scheduled {
            at_ms: when_ms,
            third_party,
        };
        nodes::stamp(&mut tx, &node.id, at).await?;
        tx.commit().await?;
        return Ok(());
    }
    let fails = matches!(
        outcome,
        Outcome::ReworkOpen | Outcome::ReworkedThenSignedOff
    );
    let fail_index = checklist.len() / 2;
    // Two photos of the site on the first items, as inspectors take them.
    let mut photo_ids = Vec::new();
    for n in 0..2u64 {
        let scene = Scene::for_day((kind.index() * 6 + n as usize).min(29));
        photo_ids
            .push(super::add_photo(state, project_id, d.staff_id, scene, seed ^ n, when_ms).await?);
    }
    let items: Vec<ItemResultInput> = checklist
        .iter()
        .enumerate()
        .map(|(i, c)| ItemResultInput {
            item_id: c.id.clone(),
            result: if fails && i == fail_index {
                ItemResult::Fail
            } else {
                ItemResult::Pass
            },
            note: if fails && i == fail_index {
                fail_note.to_string()
            } else {
                String::new()
            },
            photo_ids: if i < 2 {
                vec![photo_ids[i].clone()]
            } else {
                vec![]
            },
        })
        .collect();
    // Photos are stored before the transaction: SQLite has one writer at a time.
    let fixed_at = when_ms + 20 * 3_600_000;
    let after = if matches!(outcome, Outcome::ReworkedThenSignedOff) {
        let scene = Scene::for_day(12);
        Some(super::add_photo(state, project_id, d.staff_id, scene, seed ^ 9, fixed_at).await?)
    } else {
        None
    };
    let input = InspectionInput { items }.validated(&checklist)?;
    let due = rework_due(from_ms(when_ms)).timestamp_millis();
    let mut tx = db.write().await?;
    nodes::record_results(&mut tx, &node, &checklist, &input, d.staff_id, when_ms, due).await?;
    let by = d.staff_id;
    nodes::stamp(&mut tx, &node.id, Stamp::Inspected { by, at_ms: when_ms }).await?;
    let final_status = match outcome {
        Outcome::ReworkOpen => NodeStatus::ReworkOpen,
        Outcome::Passed => NodeStatus::Passed,
        _ => NodeStatus::SignedOff,
    };
    if let Some(after) = after {
        // Fixed the next morning, with an "after" photo, and re-inspected.
        sqlx::query(
            "UPDATE rework_items SET closed_at = $1, closed_by = $2, closing_note = $3 WHERE node_id = $4",
        )
        .bind(fixed_at)
        .bind(d.staff_id)
        .bind("已按规范整改完毕，复检合格")
        .bind(&node.id)
        .execute(&mut *tx)
        .await?;
        let rework_id: String =
            sqlx::query_scalar("SELECT id FROM rework_items WHERE node_id = $1")
                .bind(&node.id)
                .fetch_one(&mut *tx)
                .await?;
        crate::server::store::photos::attach(
            &mut tx,
            project_id,
            d.staff_id,
            AttachedTo::Rework,
            &rework_id,
            &[after],
            "photo_ids",
        )
        .await?;
        sqlx::query("UPDATE node_item_results SET result = 'pass', note = '整改后复检合格' WHERE node_id = $1 AND result = 'fail'")
            .bind(&node.id)
            .execute(&mut *tx)
            .await?;
    }
    nodes::set_status(&mut tx, &node, final_status).await?;
    if final_status != NodeStatus::ReworkOpen {
        let passed_at = when_ms + if fails { 24 * 3_600_000 } else { 3_600_000 };
        let passed = Stamp::Passed {
            at_ms: passed_at,
            first_pass: !fails,
        };
        nodes::stamp(&mut tx, &node.id, passed).await?;
    }
    if final_status == NodeStatus::SignedOff {
        let signed = Stamp::SignedOff {
            by: owner_id,
            at_ms: when_ms + 26 * 3_600_000,
            note: "",
        };
        nodes::stamp(&mut tx, &node.id, signed).await?;
    }
    tx.commit().await?;
    Ok(())
}

/// A typical quote: about fifteen main-material lines and the labour by process.
fn quote(start: NaiveDate, days: i64, upgrade: bool) -> AppResult<QuoteRevisionContent> {
    let m = |category: &str,
             room: &str,
             brand: &str,
             model: &str,
             grade: &str,
             qty: i64,
             unit: &str,
             yuan: i64| MaterialLine {
        category: category.into(),
        room: room.into(),
        brand: brand.into(),
        model: model.into(),
        env_grade: grade.into(),
        quantity_milli: qty,
        unit: unit.into(),
        unit_price: Fen(yuan * 100),
    };
    let l = |process: &str, qty: i64, unit: &str, yuan: i64| LabourLine {
        process: process.into(),
        room: String::new(),
        quantity_milli: qty,
        unit: unit.into(),
        unit_price: Fen(yuan * 100),
    };
    let mut materials = vec![
        m(
            "瓷砖",
            "客厅",
            "马可波罗",
            "CH8001 800×800",
            "A类",
            42_500,
            "㎡",
            128,
        ),
        m(
            "瓷砖",
            "卫生间",
            "东鹏",
            "YF3001 300×600",
            "A类",
            28_000,
            "㎡",
            96,
        ),
        m(
            "木地板",
            "卧室",
            "圣象",
            "NK1208 实木复合",
            "ENF",
            36_000,
            "㎡",
            268,
        ),
        m(
            "乳胶漆",
            "",
            "立邦",
            "净味120 五合一",
            "A+",
            12_000,
            "桶",
            420,
        ),
        m(
            "防水涂料",
            "卫生间",
            "东方雨虹",
            "JS-Ⅱ型",
            "A类",
            6_000,
            "桶",
            310,
        ),
        m(
            "水管",
            "",
            "伟星",
            "PPR 20/25",
            "卫生级",
            1_000,
            "套",
            3_600,
        ),
        m("电线", "", "远东", "BV 2.5/4㎡", "国标", 1_000, "套", 4_200),
        m(
            "开关插座",
            "",
            "西门子",
            "睿致系列",
            "国标",
            68_000,
            "个",
            38,
        ),
        m(
            "石膏板吊顶",
            "",
            "可耐福",
            "9.5mm 防潮",
            "E0",
            22_000,
            "㎡",
            135,
        ),
        m(
            "橱柜",
            "厨房",
            "欧派",
            "现代简约 L型",
            "E0",
            4_600,
            "延米",
            2_380,
        ),
        m(
            "台盆柜",
            "卫生间",
            "九牧",
            "A2301 80cm",
            "E0",
            1_000,
            "套",
            2_600,
        ),
        m(
            "马桶",
            "卫生间",
            "TOTO",
            "CW981 智能",
            "节水一级",
            1_000,
            "个",
            4_980,
        ),
        m(
            "淋浴花洒",
            "卫生间",
            "汉斯格雅",
            "飞雨 240",
            "节水一级",
            1_000,
            "套",
            2_150,
        ),
        m("室内门", "", "TATA", "009 静音门", "E0", 4_000, "樘", 2_280),
        m(
            "集成灶",
            "厨房",
            "火星人",
            "D7B 侧吸",
            "能效一级",
            1_000,
            "台",
            8_990,
        ),
    ];
    if upgrade {
        // Change order: larger kitchen cabinet and a bathroom niche.
        materials[9].quantity_milli = 5_200;
        materials.push(m(
            "壁龛",
            "卫生间",
            "东鹏",
            "定制 60×30",
            "A类",
            1_000,
            "个",
            680,
        ));
    }
    let labour = vec![
        l("拆除与垃圾清运", 1_000, "项", 3_800),
        l("水电改造", 108_000, "㎡", 85),
        l("防水施工", 28_000, "㎡", 65),
        l("泥瓦铺贴", 70_500, "㎡", 78),
        l("木工吊顶", 22_000, "㎡", 95),
        l("墙面油漆", 260_000, "㎡", 32),
    ];
    Ok(QuoteRevisionContent {
        materials,
        labour,
        schedule: Schedule {
            start,
            end: start + Duration::days(days - 1),
        },
        payment_plan: vec![
            PaymentStage { name: "开工款".into(), percent_bp: 3_000 },
            PaymentStage { name: "水电验收后".into(), percent_bp: 3_000 },
            PaymentStage { name: "泥木验收后".into(), percent_bp: 3_500 },
            PaymentStage { name: "竣工尾款".into(), percent_bp: 500 },
        ],
        special_notes: "1. 所有板材须达到 E0 级（GB 18580-2017），涂料须符合 GB 18582-2020，进场时提供检测报告。\n\
            2. 施工执行《住宅装饰装修工程施工规范》GB 50327-2001，隐蔽工程验收合格后方可封闭。\n\
            3. 卫生间、厨房防水涂刷高度：墙面上翻 30cm，淋浴区 1.8m，闭水试验 48 小时。\n\
            4. 施工时间为 8:00–12:00、14:00–18:00，遵守小区物业规定。"
            .into(),
    }
    .validated()?)
}

/// Publishes a revision and, when asked, records it as confirmed by the homeowner.
#[allow(clippy::too_many_arguments)]
async fn revision(
    state: &AppState,
    d: &DemoProjects<'_>,
    project: (&str, &str),
    number: i64,
    content: &QuoteRevisionContent,
    base_total: Option<Fen>,
    published_ms: i64,
    confirmed_ms: Option<i64>,
) -> AppResult<()> {
    let v = RevisionValues::of(content, base_total)?;
    let id = quotes::publish(&state.db, project.0, number, &v, d.staff_id, published_ms).await?;
    if let Some(confirmed) = confirmed_ms {
        sqlx::query(
            "UPDATE quote_revisions SET status = 'confirmed', confirm_step = 'confirmed', confirmed_by = $1, \
             confirmed_at = $2, confirmed_session = 'demo', confirmed_hash = content_hash, code_sent_at = $3 \
             WHERE id = $4",
        )
        .bind(project.1)
        .bind(confirmed)
        .bind(confirmed - 120_000)
        .bind(&id)
        .execute(&state.db.pool)
        .await?;
    }
    Ok(())
}

/// Loads the demo inspections and quotes.
pub async fn seed(state: &AppState, d: &DemoProjects<'_>) -> AppResult<()> {
    let tz = chrono_tz::Asia::Shanghai;
    let now = state.clock.now_ms();
    let today = state.clock.today_in(tz);
    let day = |start: NaiveDate, n: i64| start + Duration::days(n);

    // 锦绣花园: four nodes done or under way; waterproofing waits for the signature, tiling has
    // rework open since this morning.
    let (p, owner, start) = d.jinxiu;
    let project = (p, owner);
    play_node(
        state,
        d,
        project,
        NodeKind::Kickoff,
        Outcome::SignedOff,
        at(tz, start, 9),
        "",
        11,
    )
    .await?;
    play_node(
        state,
        d,
        project,
        NodeKind::PlumbingElectrical,
        Outcome::ReworkedThenSignedOff,
        at(tz, day(start, 12), 10),
        "卫生间插座未做防溅处理",
        12,
    )
    .await?;
    play_node(
        state,
        d,
        project,
        NodeKind::Waterproofing,
        Outcome::Passed,
        at(tz, day(start, 22), 10),
        "",
        13,
    )
    .await?;
    let rework_at = (now - 10 * 3_600_000).max(at(tz, day(start, 30), 10));
    play_node(
        state,
        d,
        project,
        NodeKind::TilingCarpentry,
        Outcome::ReworkOpen,
        rework_at,
        "客厅地砖两处空鼓（敲击检查），需起砖重铺",
        14,
    )
    .await?;

    // 望京小区: kickoff signed off, plumbing & electrical booked for the day after tomorrow.
    let (p, owner, start) = d.wangjing;
    play_node(
        state,
        d,
        (p, owner),
        NodeKind::Kickoff,
        Outcome::SignedOff,
        at(tz, start, 9),
        "",
        21,
    )
    .await?;
    play_node(
        state,
        d,
        (p, owner),
        NodeKind::PlumbingElectrical,
        Outcome::Scheduled,
        at(tz, day(today, 2), 10),
        "",
        22,
    )
    .await?;

    // 翠湖苑: every node signed off, one after rework.
    let (p, owner, start) = d.cuihu;
    for (i, kind) in NodeKind::ALL.into_iter().enumerate() {
        let outcome = if kind == NodeKind::Waterproofing {
            Outcome::ReworkedThenSignedOff
        } else {
            Outcome::SignedOff
        };
        let when = at(tz, day(start, 15 * i as i64 + 1), 10);
        play_node(
            state,
            d,
            (p, owner),
            kind,
            outcome,
            when,
            "地漏周边闭水试验渗水",
            31 + i as u64,
        )
        .await?;
    }

    // Quotes: confirmed before work started; 锦绣花园 has a pending change order, 翠湖苑 a
    // confirmed one. (project, planned days, (first published, confirmed), change order
    // (published, confirmed)).
    let t = |start: NaiveDate, days: i64, hour: u32| at(tz, day(start, days), hour);
    let (jinxiu, wangjing, cuihu) = (d.jinxiu.2, d.wangjing.2, d.cuihu.2);
    let histories = [
        (
            d.jinxiu,
            75,
            (t(jinxiu, -12, 15), t(jinxiu, -10, 20)),
            Some((now - 20 * 3_600_000, None)),
        ),
        (
            d.wangjing,
            88,
            (t(wangjing, -9, 11), t(wangjing, -8, 21)),
            None,
        ),
        (
            d.cuihu,
            100,
            (t(cuihu, -14, 10), t(cuihu, -13, 19)),
            Some((t(cuihu, 40, 10), Some(t(cuihu, 41, 20)))),
        ),
    ];
    for ((p, owner, start), days, (published, confirmed), change) in histories {
        let first = quote(start, days, false)?;
        let confirmed = Some(confirmed);
        revision(state, d, (p, owner), 1, &first, None, published, confirmed).await?;
        if let Some((published, confirmed)) = change {
            let base = Some(totals(&first)?.total);
            let change = quote(start, days, true)?;
            revision(state, d, (p, owner), 2, &change, base, published, confirmed).await?;
        }
    }
    Ok(())
}
