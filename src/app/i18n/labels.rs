//! The words for the domain's enums shown as labels: weather, trades, stages, roles.

use super::{w, Label, Words};
use crate::domain::auth::Role;
use crate::domain::diary::{Trade, Weather};
use crate::domain::projects::Stage;

impl Label for Weather {
    #[inline(never)]
    fn words(self) -> Words {
        match self {
            Weather::Sunny => w("晴", "Sunny"),
            Weather::Cloudy => w("多云", "Cloudy"),
            Weather::Overcast => w("阴", "Overcast"),
            Weather::Rain => w("雨", "Rain"),
            Weather::Snow => w("雪", "Snow"),
        }
    }
}

impl Label for Trade {
    #[inline(never)]
    fn words(self) -> Words {
        match self {
            Trade::PlumberElectrician => w("水电工", "Plumber & electrician"),
            Trade::Mason => w("泥瓦工", "Mason"),
            Trade::Carpenter => w("木工", "Carpenter"),
            Trade::Painter => w("油漆工", "Painter"),
            Trade::Installer => w("安装工", "Installer"),
            Trade::Labourer => w("杂工", "Labourer"),
        }
    }
}

impl Label for Stage {
    #[inline(never)]
    fn words(self) -> Words {
        match self {
            Stage::Consultation => w("咨询", "Consultation"),
            Stage::Measurement => w("量房", "Measurement"),
            Stage::Design => w("设计报价", "Design & quote"),
            Stage::Contract => w("签约", "Contract"),
            Stage::Construction => w("施工", "Construction"),
            Stage::Acceptance => w("竣工验收", "Acceptance"),
            Stage::Handover => w("交付", "Handover"),
            Stage::Warranty => w("质保", "Warranty"),
        }
    }
}

impl Label for Role {
    #[inline(never)]
    fn words(self) -> Words {
        match self {
            Role::Homeowner => w("业主", "Homeowner"),
            Role::Crew => w("施工班组", "Crew"),
            Role::Staff => w("客服专员", "Customer service"),
            Role::Admin => w("管理员", "Admin"),
        }
    }
}
