//! The words for the domain's enums shown as labels (weather, trades, stages, roles, and those
//! of each section: nodes, quotes, service items, ratings and surveys), one exhaustive `match`
//! each giving both languages.

use super::{w, Label, Words};
use crate::domain::auth::Role;
use crate::domain::diary::{Trade, Weather};
use crate::domain::inspections::{ItemResult, NodeKind, NodeStatus};
use crate::domain::projects::Stage;
use crate::domain::quotes::QuoteStatus;
use crate::domain::ratings::{RatingTarget, ScoreComponent};
use crate::domain::service_desk::{ActionKind, CallbackTopic, ItemStatus, ServiceKind};
use crate::domain::service_levels::DeadlineKind;
use crate::domain::surveys::{SurveyAspect, SurveyKind, SurveyStatus};
use crate::domain::warranty::WarrantyCategory;

impl Label for Weather {
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
    fn words(self) -> Words {
        match self {
            Role::Homeowner => w("业主", "Homeowner"),
            Role::Crew => w("施工班组", "Crew"),
            Role::Staff => w("客服专员", "Customer service"),
            Role::Admin => w("管理员", "Admin"),
        }
    }
}

impl Label for SurveyStatus {
    fn words(self) -> Words {
        match self {
            SurveyStatus::Upcoming => w("未开始", "Upcoming"),
            SurveyStatus::Due => w("待填写", "Due"),
            SurveyStatus::Overdue => w("已逾期", "Overdue"),
            SurveyStatus::Answered => w("已完成", "Answered"),
        }
    }
}

impl Label for SurveyAspect {
    fn words(self) -> Words {
        match self {
            SurveyAspect::Design => w("设计", "Design"),
            SurveyAspect::ConstructionQuality => w("施工质量", "Construction quality"),
            SurveyAspect::Crew => w("施工班组", "Crew"),
            SurveyAspect::CustomerService => w("客服", "Customer service"),
            SurveyAspect::AfterSales => w("售后", "After-sales"),
        }
    }
}

impl Label for SurveyKind {
    fn words(self) -> Words {
        match self {
            SurveyKind::OneWeek => w("交付一周回访", "One week after handover"),
            SurveyKind::OneMonth => w("一个月回访", "One month after handover"),
            SurveyKind::ThreeMonths => w("三个月回访", "Three months after handover"),
            SurveyKind::HalfYearly => w("半年回访", "Half-yearly check-in"),
        }
    }
}

impl Label for RatingTarget {
    fn words(self) -> Words {
        match self {
            RatingTarget::Node(kind) => kind.words(),
            RatingTarget::Handover => w("交付", "Handover"),
        }
    }
}

impl Label for ScoreComponent {
    fn words(self) -> Words {
        match self {
            ScoreComponent::Customer => w("业主评分", "Homeowners' ratings"),
            ScoreComponent::FirstPass => w("验收一次通过率", "First-pass rate"),
            ScoreComponent::ReworkOnTime => w("整改按时率", "Rework on time"),
            ScoreComponent::Complaints => w("投诉", "Complaints"),
            ScoreComponent::Delays => w("延期", "Delays"),
        }
    }
}

impl Label for NodeKind {
    fn words(self) -> Words {
        match self {
            NodeKind::Kickoff => w("开工交底", "Kickoff briefing"),
            NodeKind::PlumbingElectrical => w("水电验收", "Plumbing & electrical"),
            NodeKind::Waterproofing => w("防水验收", "Waterproofing"),
            NodeKind::TilingCarpentry => w("泥木验收", "Tiling & carpentry"),
            NodeKind::Painting => w("油漆验收", "Painting"),
            NodeKind::Completion => w("竣工验收", "Completion acceptance"),
        }
    }
}

impl Label for NodeStatus {
    fn words(self) -> Words {
        match self {
            NodeStatus::Upcoming => w("待验收", "Upcoming"),
            NodeStatus::Scheduled => w("已预约", "Scheduled"),
            NodeStatus::InProgress => w("验收中", "Inspecting"),
            NodeStatus::ReworkOpen => w("整改中", "Rework open"),
            NodeStatus::Passed => w("已通过，待您签字", "Passed, awaiting your signature"),
            NodeStatus::SignedOff => w("已签字", "Signed off"),
            NodeStatus::Disputed => w("有异议", "Disputed"),
        }
    }
}

impl Label for ItemResult {
    fn words(self) -> Words {
        match self {
            ItemResult::Pass => w("合格", "Pass"),
            ItemResult::Fail => w("不合格", "Fail"),
            ItemResult::NotApplicable => w("不适用", "N/A"),
        }
    }
}

impl Label for QuoteStatus {
    fn words(self) -> Words {
        match self {
            QuoteStatus::Pending => w("待您确认", "Awaiting your confirmation"),
            QuoteStatus::Confirmed => w("已确认", "Confirmed"),
            QuoteStatus::Rejected => w("已拒绝", "Rejected"),
            QuoteStatus::Superseded => w("已被新版本替代", "Replaced by a newer revision"),
        }
    }
}

impl Label for ServiceKind {
    fn words(self) -> Words {
        match self {
            ServiceKind::Claim => w("报修", "Repair"),
            ServiceKind::Callback => w("回电", "Callback"),
            ServiceKind::Complaint => w("投诉", "Complaint"),
            ServiceKind::FollowUp => w("跟进", "Follow-up"),
        }
    }
}

impl Label for WarrantyCategory {
    fn words(self) -> Words {
        match self {
            WarrantyCategory::Plumbing => w("水路", "Plumbing"),
            WarrantyCategory::Electrical => w("电路", "Electrical"),
            WarrantyCategory::WaterproofingLeak => w("防水渗漏", "Waterproofing / leak"),
            WarrantyCategory::Tiling => w("瓷砖", "Tiling"),
            WarrantyCategory::Carpentry => w("木作", "Carpentry"),
            WarrantyCategory::Painting => w("油漆", "Painting"),
            WarrantyCategory::DoorsWindows => w("门窗", "Doors & windows"),
            WarrantyCategory::Other => w("其他", "Other"),
        }
    }
}

impl Label for CallbackTopic {
    fn words(self) -> Words {
        match self {
            CallbackTopic::Progress => w("施工进度", "Progress"),
            CallbackTopic::Quote => w("报价", "Quote"),
            CallbackTopic::Warranty => w("保修", "Warranty"),
            CallbackTopic::Payment => w("付款", "Payment"),
            CallbackTopic::Other => w("其他", "Other"),
        }
    }
}

impl Label for DeadlineKind {
    fn words(self) -> Words {
        match self {
            DeadlineKind::FirstResponse => w("首次响应", "First response"),
            DeadlineKind::OnSite => w("上门", "On site"),
            DeadlineKind::MajorComplaintTeam => w("专项小组", "Dedicated team"),
            DeadlineKind::ComplaintAnswer => w("答复", "Answer"),
            DeadlineKind::ComplaintClose => w("闭环", "Closed loop"),
            DeadlineKind::RepairCallback => w("维修回访", "Repair callback"),
            DeadlineKind::InstallFollowUp => w("安装回访", "Install follow-up"),
        }
    }
}

impl Label for ItemStatus {
    fn words(self) -> Words {
        match self {
            ItemStatus::Received => w("已提交，待客服受理", "Sent, waiting for the desk"),
            ItemStatus::Acknowledged => w("客服已受理", "Taken up by the desk"),
            ItemStatus::Scheduled => w("已预约上门", "Visit booked"),
            ItemStatus::OnSite => w("师傅已到场", "On site"),
            ItemStatus::Resolved => w("已处理，待您确认", "Resolved, please confirm"),
            ItemStatus::Confirmed => w("已确认完成", "Confirmed"),
            ItemStatus::Reopened => w("已重新打开", "Reopened"),
            ItemStatus::Booked => w("已预约回电", "Callback booked"),
            ItemStatus::Called => w("已回电", "Called"),
            ItemStatus::Cancelled => w("已取消", "Cancelled"),
            ItemStatus::Open => w("待跟进", "Open"),
            ItemStatus::Closed => w("已关闭", "Closed"),
        }
    }
}

impl Label for ActionKind {
    fn words(self) -> Words {
        match self {
            ActionKind::Acknowledge => w("受理", "Acknowledge"),
            ActionKind::Schedule => w("预约上门", "Book visit"),
            ActionKind::ArriveOnSite => w("已到场", "On site"),
            ActionKind::Resolve => w("处理完成", "Resolve"),
            ActionKind::Confirm => w("确认已修好", "Confirm it is fixed"),
            ActionKind::Reopen => w("没修好，重新打开", "Not fixed — reopen"),
            ActionKind::Assign => w("指派", "Assign"),
            ActionKind::Classify => w("定级", "Set level"),
            ActionKind::MarkCalled => w("已回电", "Called"),
            ActionKind::Cancel => w("取消回电", "Cancel the callback"),
            ActionKind::Close => w("关闭", "Close"),
            ActionKind::Move => w("改约", "Move"),
        }
    }
}
