//! Texts of the set-up screens, in both languages (a missing one is a compile error).

use crate::app::i18n::{catalog, text, use_catalog, Lang};

/// Every text the set-up screens show, in one language.
pub struct SetupTexts {
    /// The language of these texts.
    pub lang: Lang,
    pub new_title: &'static str,
    pub edit_title: &'static str,
    pub project_part: &'static str,
    pub address_part: &'static str,
    pub schedule_part: &'static str,
    pub team_part: &'static str,
    pub homeowner_part: &'static str,
    pub homeowner_hint: &'static str,
    pub title: &'static str,
    pub title_hint: &'static str,
    pub city: &'static str,
    pub compound: &'static str,
    pub building: &'static str,
    pub room: &'static str,
    pub layout: &'static str,
    pub area: &'static str,
    pub contract: &'static str,
    pub stage: &'static str,
    pub start: &'static str,
    pub end: &'static str,
    pub crew: &'static str,
    pub owner: &'static str,
    pub nobody: &'static str,
    pub name: &'static str,
    pub phone: &'static str,
    pub create: &'static str,
    pub save: &'static str,
    pub saved: &'static str,
    pub cancel: &'static str,
    pub homeowner_is: &'static str,
    pub not_a_number: &'static str,
    pub not_an_amount: &'static str,
    pub stale: &'static str,
}

catalog! {
    SetupTexts {
        new_title: ("新建项目", "New project"),
        edit_title: ("编辑项目", "Edit project"),
        project_part: ("项目", "Project"),
        address_part: ("地址", "Address"),
        schedule_part: ("阶段和工期", "Stage and schedule"),
        team_part: ("负责团队", "Team"),
        homeowner_part: ("业主", "Homeowner"),
        homeowner_hint: ("保存后会给业主发短信邀请：用这个手机号获取验证码即可登录。", "Saving texts the homeowner an invitation: they sign in with a code sent to this number."),
        title: ("项目名称", "Project name"),
        title_hint: ("例如：锦绣花园 3室2厅 现代简约", "e.g. Jinxiu Garden, 3 bed, modern"),
        city: ("城市和区", "City and district"),
        compound: ("小区", "Compound"),
        building: ("楼栋单元（别墅可不填）", "Building and unit (blank for a house)"),
        room: ("门牌号", "Flat"),
        layout: ("户型", "Layout"),
        area: ("面积（平方米）", "Floor area (m²)"),
        contract: ("合同金额（元）", "Contract value (¥)"),
        stage: ("阶段", "Stage"),
        start: ("计划开工日期", "Planned start"),
        end: ("计划竣工日期", "Planned completion"),
        crew: ("施工队", "Crew"),
        owner: ("客服负责人（首问负责）", "Customer-service owner"),
        nobody: ("暂不指定", "Not yet"),
        name: ("业主姓名", "Homeowner's name"),
        phone: ("业主手机号", "Homeowner's mobile number"),
        create: ("创建项目并邀请业主", "Create project and invite homeowner"),
        save: ("保存修改", "Save changes"),
        saved: ("已保存。", "Saved."),
        cancel: ("返回项目列表", "Back to projects"),
        homeowner_is: ("业主", "Homeowner"),
        not_a_number: ("面积：请填写 1 到 5000 之间的整数。", "Floor area: enter a whole number from 1 to 5000."),
        not_an_amount: ("合同金额：请填写金额，例如 158000 或 158000.50。", "Contract value: enter an amount such as 158000 or 158000.50."),
        stale: ("这个项目在您打开之后被别人改过，您的修改没有保存。已为您加载最新内容，请再改一次。", "Someone changed this project after you opened it, so your change was not saved. The newest copy is loaded: please make your change again."),
    }
}

/// Reactive accessor: `let t = use_setup_texts(); move || t().title`.
pub fn use_setup_texts() -> impl Fn() -> &'static SetupTexts + Copy + Send + Sync + 'static {
    use_catalog()
}

/// A reactive plain text, one closure type for every call site (keeps the wasm small).
pub fn sx(pick: fn(&SetupTexts) -> &'static str) -> impl Fn() -> &'static str + Copy + Send + Sync {
    text(pick)
}
