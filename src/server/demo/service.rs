//! Demo service desk: claims on 滨江花园 (handed over a week ago by the quality demo),
//! callback slots over the next days, and open items at different points of their clocks — a claim answered in time, a complaint whose answer clock is amber, a callback
//! "as soon as possible" already breached, and a callback booked into a slot.

use chrono::{Duration, NaiveDate, TimeZone};

use crate::domain::service_desk::{ActionKind, AuditChange, ItemStatus};
use crate::domain::service_levels::Urgency;
use crate::server::error::AppResult;
use crate::server::state::AppState;
use crate::server::store::service::{self, Change, NewItem};

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
    // 王芳's leak, answered six minutes after it came in.
    let claim_at = now - 3 * 60 * min;
    let claim = service::insert(
        &mut tx,
        NewItem {
            company_id: d.company_id,
            project_id: d.cuihu.0,
            kind: "claim",
            status: "received",
            title: "报修：防水渗漏",
            body: "主卫淋浴区墙角有渗水痕迹，隔壁衣帽间墙面发霉。",
            category: Some("waterproofing_leak"),
            urgency: Urgency::Routine.as_str(),
            topic: None,
            visit_windows: "[]",
            slot_id: None,
            created_by: d.cuihu.1,
        },
        claim_at,
    )
    .await?;
    service::audit(&mut tx, &claim, d.cuihu.1, &AuditChange::Filed, claim_at).await?;
    // 张伟's complaint, 20 hours old and not yet answered: amber.
    let complaint_at = now - 20 * 60 * min;
    let complaint = service::insert(
        &mut tx,
        NewItem {
            company_id: d.company_id,
            project_id: d.jinxiu.0,
            kind: "complaint",
            status: "received",
            title: "投诉：周末早上七点就开始电钻施工",
            body: "周末早上七点就开始电钻施工，邻居已经找到我家，希望严格遵守施工时间。",
            category: None,
            urgency: Urgency::Routine.as_str(),
            topic: None,
            visit_windows: "[]",
            slot_id: None,
            created_by: d.jinxiu.1,
        },
        complaint_at,
    )
    .await?;
    service::audit(
        &mut tx,
        &complaint,
        d.jinxiu.1,
        &AuditChange::Filed,
        complaint_at,
    )
    .await?;
    // 李娜 asked to be called as soon as possible 40 minutes ago: breached.
    let asap_at = now - 40 * min;
    let asap = service::insert(
        &mut tx,
        NewItem {
            company_id: d.company_id,
            project_id: d.wangjing.0,
            kind: "callback",
            status: "booked",
            title: "回电：报价",
            body: "想确认橱柜加长的费用",
            category: None,
            urgency: Urgency::Routine.as_str(),
            topic: Some("quote"),
            visit_windows: "[]",
            slot_id: None,
            created_by: d.wangjing.1,
        },
        asap_at,
    )
    .await?;
    service::audit(&mut tx, &asap, d.wangjing.1, &AuditChange::Filed, asap_at).await?;
    // And booked a call for tomorrow morning.
    if let Some(slot) = &first_slot {
        if service::take_place(&mut tx, slot, d.company_id, now).await? {
            let booked = service::insert(
                &mut tx,
                NewItem {
                    company_id: d.company_id,
                    project_id: d.wangjing.0,
                    kind: "callback",
                    status: "booked",
                    title: "回电：施工进度",
                    body: "",
                    category: None,
                    urgency: Urgency::Routine.as_str(),
                    topic: Some("progress"),
                    visit_windows: "[]",
                    slot_id: Some(slot),
                    created_by: d.wangjing.1,
                },
                now - 2 * 60 * min,
            )
            .await?;
            service::audit(
                &mut tx,
                &booked,
                d.wangjing.1,
                &AuditChange::Filed,
                now - 2 * 60 * min,
            )
            .await?;
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
            "acknowledged",
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
