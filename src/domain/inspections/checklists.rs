//! The checklists: the default items seeded per node, the outcome of an item, and a
//! company's edited checklist.

use serde::{Deserialize, Serialize};

use super::*;
use crate::domain::error::FieldError;

impl NodeKind {
    /// The default checklist seeded for a new company (editable per company).
    pub fn default_checklist(self) -> &'static [ChecklistTemplate] {
        match self {
            NodeKind::Kickoff => KICKOFF,
            NodeKind::PlumbingElectrical => PLUMBING_ELECTRICAL,
            NodeKind::Waterproofing => WATERPROOFING,
            NodeKind::TilingCarpentry => TILING_CARPENTRY,
            NodeKind::Painting => PAINTING,
            NodeKind::Completion => COMPLETION,
        }
    }
}

/// One seeded checklist item: a stable id and the indicator text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ChecklistTemplate {
    pub id: &'static str,
    pub text: &'static str,
}

const fn item(id: &'static str, text: &'static str) -> ChecklistTemplate {
    ChecklistTemplate { id, text }
}

const KICKOFF: &[ChecklistTemplate] = &[
    item("kickoff-01", "业主、设计师、工长、监理到场，逐项交底并签字"),
    item("kickoff-02", "施工图纸与报价清单逐项核对，拆改项目确认"),
    item("kickoff-03", "原始房屋检测：墙地面空鼓、开裂、渗漏拍照留档"),
    item("kickoff-04", "原有水电、燃气、暖气管线位置确认并标注"),
    item("kickoff-05", "不拆改承重墙、剪力墙、外墙及燃气管道"),
    item("kickoff-06", "成品保护到位：入户门、窗户、地漏、下水口封堵"),
    item("kickoff-07", "现场安全：灭火器、临时用电配电箱及漏电保护"),
];

const PLUMBING_ELECTRICAL: &[ChecklistTemplate] = &[
    item(
        "plumbing_electrical-01",
        "强弱电间距≥30cm，交叉处做屏蔽处理",
    ),
    item(
        "plumbing_electrical-02",
        "给水管打压测试0.8MPa保压30分钟无压降",
    ),
    item("plumbing_electrical-03", "冷热水管左热右冷，间距≥15cm"),
    item(
        "plumbing_electrical-04",
        "电线穿管敷设，管内导线总截面≤管内截面40%，无接头",
    ),
    item(
        "plumbing_electrical-05",
        "线色区分：火线红、零线蓝、地线黄绿双色",
    ),
    item(
        "plumbing_electrical-06",
        "插座左零右火上接地，漏电保护器动作测试合格",
    ),
    item("plumbing_electrical-07", "开槽横平竖直，承重墙不横向开槽"),
    item(
        "plumbing_electrical-08",
        "排水管坡度正确，通水试验排水通畅无渗漏",
    ),
];

const WATERPROOFING: &[ChecklistTemplate] = &[
    item("waterproofing-01", "闭水试验48小时无渗漏（楼下顶面检查）"),
    item("waterproofing-02", "闭水水位最浅处≥2cm"),
    item("waterproofing-03", "墙面防水上翻≥30cm，淋浴区≥1.8m"),
    item("waterproofing-04", "管根、地漏、阴阳角附加层加强处理"),
    item(
        "waterproofing-05",
        "涂膜厚度≥1.5mm，均匀无漏刷、无起皮、无针孔",
    ),
    item("waterproofing-06", "门槛石下方做防水，向外延伸≥30cm"),
];

const TILING_CARPENTRY: &[ChecklistTemplate] = &[
    item("tiling_carpentry-01", "墙地砖空鼓率≤5%，单砖边角无明显空鼓"),
    item("tiling_carpentry-02", "瓷砖表面平整度误差≤2mm（2m靠尺）"),
    item(
        "tiling_carpentry-03",
        "砖缝宽度均匀顺直，相邻砖高低差≤0.5mm",
    ),
    item("tiling_carpentry-04", "卫生间地面坡向地漏，泼水无积水"),
    item(
        "tiling_carpentry-05",
        "吊顶龙骨牢固，石膏板接缝留缝、钉眼防锈",
    ),
    item(
        "tiling_carpentry-06",
        "柜体垂直度、水平度误差≤2mm，门板缝隙均匀",
    ),
    item("tiling_carpentry-07", "木作板材环保等级符合合同约定"),
];

const PAINTING: &[ChecklistTemplate] = &[
    item("painting-01", "墙面平整度误差≤3mm（2m靠尺）"),
    item("painting-02", "阴阳角方正顺直，误差≤3mm"),
    item("painting-03", "表面无透底、流坠、起皮、裂纹"),
    item("painting-04", "颜色均匀一致，无明显刷纹、色差"),
    item("painting-05", "腻子层无空鼓、开裂，打磨平整"),
    item("painting-06", "开关面板、门窗、地面等成品无污染"),
];

const COMPLETION: &[ChecklistTemplate] = &[
    item("completion-01", "全屋通电，开关、插座、灯具使用正常"),
    item("completion-02", "漏电保护器动作正常，配电箱回路标识清晰"),
    item("completion-03", "龙头、花洒出水正常，冷热水正确"),
    item("completion-04", "下水、地漏排水通畅，无堵塞、无返味"),
    item("completion-05", "厨房、卫生间、阳台无渗漏"),
    item("completion-06", "墙面平整，无裂纹、空鼓、色差"),
    item("completion-07", "地砖、地板平整无空鼓、无翘起，踢脚线严密"),
    item("completion-08", "吊顶平整无裂缝，检修口位置合理"),
    item("completion-09", "门窗开关灵活，五金齐全，密封严密"),
    item("completion-10", "柜体安装牢固，门板对齐，抽屉顺滑"),
    item("completion-11", "洁具、五金安装牢固，打胶饱满均匀"),
    item("completion-12", "现场清洁，垃圾清运完毕，成品保护拆除"),
];

/// A checklist item as configured for a company and shown in the app.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(utoipa::ToSchema))]
pub struct ChecklistItem {
    pub id: String,
    pub text: String,
}

/// The default checklist of a node, as owned items.
pub fn default_checklist_items(kind: NodeKind) -> Vec<ChecklistItem> {
    kind.default_checklist()
        .iter()
        .map(|t| ChecklistItem {
            id: t.id.to_string(),
            text: t.text.to_string(),
        })
        .collect()
}

/// The outcome of one checklist item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ItemResult {
    Pass,
    /// Opens a rework item due in 48 hours.
    Fail,
    NotApplicable,
}

impl ItemResult {
    /// All results.
    pub const ALL: [ItemResult; 3] = [
        ItemResult::Pass,
        ItemResult::Fail,
        ItemResult::NotApplicable,
    ];

    /// Stable name for storage.
    pub fn as_str(self) -> &'static str {
        match self {
            ItemResult::Pass => "pass",
            ItemResult::Fail => "fail",
            ItemResult::NotApplicable => "not_applicable",
        }
    }

    /// The result named by [`ItemResult::as_str`].
    pub fn parse(s: &str) -> Option<ItemResult> {
        ItemResult::ALL.into_iter().find(|r| r.as_str() == s)
    }
}

/// A company's checklist for one node, as the admin edits it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(utoipa::ToSchema))]
pub struct ChecklistInput {
    pub items: Vec<ChecklistItem>,
}

impl ChecklistInput {
    /// 1–50 items with distinct non-empty ids (≤ 40 chars) and texts (≤ 200 chars).
    pub fn validated(mut self) -> Result<ChecklistInput, FieldError> {
        let count = || format!("1 to {MAX_CHECKLIST_ITEMS} items");
        if self.items.is_empty() {
            return Err(FieldError::required("items", count()));
        }
        if self.items.len() > MAX_CHECKLIST_ITEMS {
            return Err(FieldError::too_long("items", MAX_CHECKLIST_ITEMS, count()));
        }
        for it in &mut self.items {
            it.id = it.id.trim().to_string();
            it.text = it.text.trim().to_string();
        }
        for (n, it) in self.items.iter().enumerate() {
            for (value, what, max) in [
                (&it.id, "id", MAX_CHECKLIST_ID_CHARS),
                (&it.text, "text", MAX_CHECKLIST_TEXT_CHARS),
            ] {
                let msg = || format!("item {}: {what} of 1 to {max} characters", n + 1);
                if value.is_empty() {
                    return Err(FieldError::required("items", msg()));
                }
                if value.chars().count() > max {
                    return Err(FieldError::too_long("items", max, msg()));
                }
            }
            if self.items[..n].iter().any(|o| o.id == it.id) {
                return Err(FieldError::duplicate(
                    "items",
                    format!("item {}: id used twice", n + 1),
                ));
            }
        }
        Ok(self)
    }
}
