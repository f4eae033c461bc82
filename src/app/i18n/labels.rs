//! The words for the domain's enums shown as labels: weather, trades, stages, roles.

use crate::domain::auth::Role;
use crate::domain::diary::{Trade, Weather};
use crate::domain::projects::Stage;

pub(super) fn zh_weather(w: Weather) -> &'static str {
    match w {
        Weather::Sunny => "晴",
        Weather::Cloudy => "多云",
        Weather::Overcast => "阴",
        Weather::Rain => "雨",
        Weather::Snow => "雪",
    }
}

pub(super) fn en_weather(w: Weather) -> &'static str {
    match w {
        Weather::Sunny => "Sunny",
        Weather::Cloudy => "Cloudy",
        Weather::Overcast => "Overcast",
        Weather::Rain => "Rain",
        Weather::Snow => "Snow",
    }
}

pub(super) fn zh_trade(t: Trade) -> &'static str {
    match t {
        Trade::PlumberElectrician => "水电工",
        Trade::Mason => "泥瓦工",
        Trade::Carpenter => "木工",
        Trade::Painter => "油漆工",
        Trade::Installer => "安装工",
        Trade::Labourer => "杂工",
    }
}

pub(super) fn en_trade(t: Trade) -> &'static str {
    match t {
        Trade::PlumberElectrician => "Plumber & electrician",
        Trade::Mason => "Mason",
        Trade::Carpenter => "Carpenter",
        Trade::Painter => "Painter",
        Trade::Installer => "Installer",
        Trade::Labourer => "Labourer",
    }
}

pub(super) fn zh_stage(s: Stage) -> &'static str {
    match s {
        Stage::Consultation => "咨询",
        Stage::Measurement => "量房",
        Stage::Design => "设计报价",
        Stage::Contract => "签约",
        Stage::Construction => "施工",
        Stage::Acceptance => "竣工验收",
        Stage::Handover => "交付",
        Stage::Warranty => "质保",
    }
}

pub(super) fn en_stage(s: Stage) -> &'static str {
    match s {
        Stage::Consultation => "Consultation",
        Stage::Measurement => "Measurement",
        Stage::Design => "Design & quote",
        Stage::Contract => "Contract",
        Stage::Construction => "Construction",
        Stage::Acceptance => "Acceptance",
        Stage::Handover => "Handover",
        Stage::Warranty => "Warranty",
    }
}

pub(super) fn zh_role(r: Role) -> &'static str {
    match r {
        Role::Homeowner => "业主",
        Role::Crew => "施工班组",
        Role::Staff => "客服专员",
        Role::Admin => "管理员",
    }
}

pub(super) fn en_role(r: Role) -> &'static str {
    match r {
        Role::Homeowner => "Homeowner",
        Role::Crew => "Crew",
        Role::Staff => "Customer service",
        Role::Admin => "Admin",
    }
}
