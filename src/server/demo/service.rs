//! Demo service desk: claims on 滨江花园 (handed over a week ago by the quality demo),
//! callback slots over the next days, and open items at different points of their clocks — a claim answered in time, a complaint whose answer clock is amber, a callback
//! "as soon as possible" already breached, and a callback booked into a slot.

use chrono::{Duration, NaiveDate, TimeZone};

use crate::domain::service_desk::{
    ActionKind, AuditChange, CallbackTopic, ItemStatus, ServiceKind,
};
use crate::domain::warranty::WarrantyCategory;
use crate::server::error::AppResult;
use crate::server::state::AppState;
use crate::server::store::filing::{self, NewItem};
use crate::server::store::service::{self, Change};
use crate::server::texts::{Text, SERVER_LANG};

/// Who the demo items belong to.
pub struct DemoService<'a> {
    pub company_id: &'a str,
    pub staff_id: &'a str,
    /// (project, homeowner) of 锦绣花园, 望京小区, and the handed-over 滨江花园.
    pub jinxiu: (&'a str, &'a str),
    pub wangjing: (&'a str, &'a str),
    pub cuihu: (&'a str, &'a str),
}

fn local(tz: chrono_tz::Tz, day: NaiveDate, hour: u32) -> i64 {
    tz.from_local_datetime(&day.and_hms_opt(hour, 0, 0).unwrap_or_default())
        .single()
        .map(|t| t.timestamp_millis())
        .unwrap_or(0)
}

/// Loads the demo service desk.
pub async fn seed(state: &AppState, d: &DemoService<'_>) -> AppResult<()> {
    let db = &state.db;
    let tz = chrono_tz::Asia::Shanghai;
    let now = state.clock.now_ms();
    let today = state.clock.today_in(tz);
    let min = 60_000;

    // Handed over like any project: the date, the stage and the survey schedule.
    let handover = today - Duration::days(8);
    crate::server::store::surveys::record_handover(
        db,
        d.company_id,
        d.cuihu.0,
        handover,
        local(tz, handover, 10),
    )
    .await?;

    // Slots: three a day for the next three days, two places each.
    let mut first_slot = None;
    for day in 1..=3 {
        for hour in [10, 14, 16] {
            let starts = local(tz, today + Duration::days(day), hour);
            let id = service::create_slot(
                db,
                d.company_id,
                starts,
                starts + 30 * min,
                2,
                d.staff_id,
                now,
            )
            .await?;
            first_slot.get_or_insert(id);
        }
    }

    let mut tx = db.write().await?;
    let company = d.company_id;
    // 王芳's leak, answered six minutes after it came in.
    let claim_at = now - 3 * 60 * min;
    let title = Text::ClaimTitle(WarrantyCategory::WaterproofingLeak).text(SERVER_LANG);
    let leak = NewItem {
        category: Some(WarrantyCategory::WaterproofingLeak),
        ..NewItem::routine(
            (company, d.cuihu.0, d.cuihu.1),
            ServiceKind::Claim,
            &title,
            "主卫淋浴区墙角有渗水痕迹，隔壁衣帽间墙面发霉。",
        )
    };
    let claim = filing::file_in(&mut tx, leak, claim_at).await?;
    // 张伟's complaint, 20 hours old and not yet answered: amber.
    let complaint = NewItem::routine(
        (company, d.jinxiu.0, d.jinxiu.1),
        ServiceKind::Complaint,
        "投诉：周末早上七点就开始电钻施工",
        "周末早上七点就开始电钻施工，邻居已经找到我家，希望严格遵守施工时间。",
    );
    filing::file_in(&mut tx, complaint, now - 20 * 60 * min).await?;
    // 李娜 asked to be called as soon as possible 40 minutes ago (breached), and booked a call
    // for tomorrow morning.
    let wangjing = (company, d.wangjing.0, d.wangjing.1);
    let quote = Text::CallbackTitle(CallbackTopic::Quote).text(SERVER_LANG);
    let asap = NewItem {
        topic: Some(CallbackTopic::Quote),
        ..NewItem::routine(
            wangjing,
            ServiceKind::Callback,
            &quote,
            "想确认橱柜加长的费用",
        )
    };
    filing::file_in(&mut tx, asap, now - 40 * min).await?;
    if let Some(slot) = &first_slot {
        if service::take_place(&mut tx, slot, company, now).await? {
            let progress = Text::CallbackTitle(CallbackTopic::Progress).text(SERVER_LANG);
            let booked = NewItem {
                topic: Some(CallbackTopic::Progress),
                slot_id: Some(slot),
                ..NewItem::routine(wangjing, ServiceKind::Callback, &progress, "")
            };
            filing::file_in(&mut tx, booked, now - 2 * 60 * min).await?;
        }
    }
    tx.commit().await?;

    // The claim was acknowledged after six minutes, with a message.
    if let Some(row) = service::get(db, &claim).await? {
        let at = claim_at + 6 * min;
        let mut tx = db.write().await?;
        service::apply(
            &mut tx,
            &row,
            ItemStatus::Acknowledged,
            Change {
                first_response_at: Some(at),
                ..Change::default()
            },
            at,
        )
        .await?;
        service::audit(
            &mut tx,
            &claim,
            d.staff_id,
            &AuditChange::Status {
                action: ActionKind::Acknowledge,
                from: ItemStatus::Received,
                to: ItemStatus::Acknowledged,
            },
            at,
        )
        .await?;
        service::add_message(
            &mut tx,
            &claim,
            d.staff_id,
            "王女士您好，已收到报修，维修师傅会尽快与您约时间上门查看。",
            at,
        )
        .await?;
        tx.commit().await?;
    }
    Ok(())
}
