//! The texts the server writes itself (text messages, the titles and bodies of the items it
//! opens), in both languages. Every text matches on the language, and every name the texts
//! use has both languages, so a text added without both does not compile. The server writes
//! in [`SERVER_LANG`].

use chrono::DateTime;
use chrono_tz::Tz;

use crate::domain::inspections::NodeKind;
use crate::domain::service_desk::CallbackTopic;
use crate::domain::surveys::{SurveyAspect, SurveyKind};
use crate::domain::warranty::WarrantyCategory;

/// The languages of the server's texts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    Zh,
    En,
}

/// The language the server writes its texts in (the homeowners' and staff's language).
pub const SERVER_LANG: Lang = Lang::Zh;

/// Every text the server writes, with what it is made of.
#[derive(Debug, Clone, Copy)]
pub enum Text<'a> {
    /// The text message carrying a sign-in code.
    SignInCode { company: &'a str, code: &'a str },
    /// The text message carrying the code that confirms a quote revision.
    QuoteCode {
        company: &'a str,
        project: &'a str,
        revision: i64,
        total: &'a str,
        code: &'a str,
    },
    /// The text message asking the homeowner to attend a node inspection.
    NodeAttendance {
        company: &'a str,
        project: &'a str,
        node: NodeKind,
        when: DateTime<Tz>,
    },
    /// The text message saying a survey is open (its kind, when known).
    SurveyOpen {
        company: &'a str,
        project: &'a str,
        kind: Option<SurveyKind>,
    },
    /// The text message inviting a homeowner to their new project: where to sign in (with a
    /// one-time code to their phone).
    Invitation {
        company: &'a str,
        name: &'a str,
        project: &'a str,
        link: &'a str,
    },
    /// A warranty claim's title.
    ClaimTitle(WarrantyCategory),
    /// A callback's title.
    CallbackTitle(CallbackTopic),
    /// A complaint's title: the start of what the homeowner wrote.
    ComplaintTitle(&'a str),
    /// The follow-up opened when the homeowner disputes a node's result.
    NodeDisputeTitle(NodeKind),
    /// The follow-up opened for a survey's low scores.
    SurveyFollowUpTitle(SurveyKind),
    /// That follow-up's body: the low aspects with their stars, the NPS and the suggestions
    /// (already masked).
    SurveyFollowUpBody {
        sequence: i64,
        kind: SurveyKind,
        low: &'a [(SurveyAspect, u8)],
        nps: u8,
        suggestions: &'a str,
    },
}

/// How many characters of a complaint make its title.
const COMPLAINT_TITLE_CHARS: usize = 20;

impl Text<'_> {
    /// The text in `lang`.
    pub fn text(&self, lang: Lang) -> String {
        use Lang::{En, Zh};
        match *self {
            Text::SignInCode { company, code } => match lang {
                Zh => format!("【{company}】您的登录验证码是 {code}，5分钟内有效。请勿告诉他人。"),
                En => format!(
                    "[{company}] Your sign-in code is {code}, valid for 5 minutes. Do not share it."
                ),
            },
            Text::QuoteCode {
                company,
                project,
                revision,
                total,
                code,
            } => match lang {
                Zh => format!(
                    "【{company}】您正在确认「{project}」报价第{revision}版（合计{total}），验证码 {code}，5分钟内有效。请勿告诉他人。"
                ),
                En => format!(
                    "[{company}] You are confirming revision {revision} of the quote for \"{project}\" \
                     (total {total}). Code {code}, valid for 5 minutes. Do not share it."
                ),
            },
            Text::NodeAttendance {
                company,
                project,
                node,
                when,
            } => match lang {
                Zh => format!(
                    "【{company}】您家「{project}」的{}定于{}进行，请您到场共同验收。",
                    node.label_zh(),
                    when.format("%m月%d日 %H:%M")
                ),
                En => format!(
                    "[{company}] The {} at \"{project}\" is set for {}; please attend.",
                    node_en(node),
                    when.format("%b %d %H:%M")
                ),
            },
            Text::SurveyOpen {
                company,
                project,
                kind,
            } => match lang {
                Zh => format!(
                    "【{company}】您家「{project}」的{}已开放，请登录业主服务填写，感谢您的宝贵意见。",
                    kind.map_or("回访", SurveyKind::label_zh)
                ),
                En => format!(
                    "[{company}] The {} for \"{project}\" is open: please sign in to the homeowner \
                     service to answer. Thank you for your feedback.",
                    kind.map_or("survey", survey_en)
                ),
            },
            Text::Invitation {
                company,
                name,
                project,
                link,
            } => match lang {
                Zh => format!(
                    "【{company}】{name}您好，您家「{project}」已在业主服务开通：打开 {link} ，\
                     用本手机号获取验证码登录，即可查看施工日记、验收和报价。"
                ),
                En => format!(
                    "[{company}] Hello {name}, \"{project}\" is now on the homeowner service: open \
                     {link} and sign in with a code sent to this phone to follow the diary, \
                     inspections and quotes."
                ),
            },
            Text::ClaimTitle(c) => match lang {
                Zh => format!("报修：{}", category(c, lang)),
                En => format!("Claim: {}", category(c, lang)),
            },
            Text::CallbackTitle(t) => match lang {
                Zh => format!("回电：{}", topic(t, lang)),
                En => format!("Callback: {}", topic(t, lang)),
            },
            Text::ComplaintTitle(body) => match lang {
                Zh => format!("投诉：{}", excerpt(body)),
                En => format!("Complaint: {}", excerpt(body)),
            },
            Text::NodeDisputeTitle(node) => match lang {
                Zh => format!("{}：业主对验收结果有异议", node.label_zh()),
                En => format!("{}: the homeowner disputes the result", node_en(node)),
            },
            Text::SurveyFollowUpTitle(kind) => match lang {
                Zh => format!("回访低分跟进：{}", kind.label_zh()),
                En => format!("Low survey score: {}", survey_en(kind)),
            },
            Text::SurveyFollowUpBody {
                sequence,
                kind,
                low,
                nps,
                suggestions,
            } => {
                let mark = |&(a, stars): &(SurveyAspect, u8)| match lang {
                    Zh => format!("{} {stars}星", a.label_zh()),
                    En => format!("{} {stars} stars", aspect_en(a)),
                };
                let marks: Vec<String> = low.iter().map(mark).collect();
                let (mut body, suggested) = match lang {
                    Zh => (
                        format!(
                            "第{sequence}次回访（{}）低分：{}；推荐意愿 {nps}/10。",
                            kind.label_zh(),
                            marks.join("，")
                        ),
                        "业主建议：",
                    ),
                    En => (
                        format!(
                            "Survey {sequence} ({}) scored low: {}; would recommend {nps}/10.",
                            survey_en(kind),
                            marks.join(", ")
                        ),
                        " Suggestions: ",
                    ),
                };
                if !suggestions.is_empty() {
                    body.push_str(suggested);
                    body.push_str(suggestions);
                }
                body
            }
        }
    }
}

/// The start of a text, for a title.
fn excerpt(body: &str) -> String {
    body.chars().take(COMPLAINT_TITLE_CHARS).collect()
}

fn category(c: WarrantyCategory, lang: Lang) -> &'static str {
    match (c, lang) {
        (WarrantyCategory::Plumbing, Lang::Zh) => "水路",
        (WarrantyCategory::Plumbing, Lang::En) => "plumbing",
        (WarrantyCategory::Electrical, Lang::Zh) => "电路",
        (WarrantyCategory::Electrical, Lang::En) => "electrical",
        (WarrantyCategory::WaterproofingLeak, Lang::Zh) => "防水渗漏",
        (WarrantyCategory::WaterproofingLeak, Lang::En) => "waterproofing leak",
        (WarrantyCategory::Tiling, Lang::Zh) => "瓷砖",
        (WarrantyCategory::Tiling, Lang::En) => "tiling",
        (WarrantyCategory::Carpentry, Lang::Zh) => "木作",
        (WarrantyCategory::Carpentry, Lang::En) => "carpentry",
        (WarrantyCategory::Painting, Lang::Zh) => "油漆",
        (WarrantyCategory::Painting, Lang::En) => "painting",
        (WarrantyCategory::DoorsWindows, Lang::Zh) => "门窗",
        (WarrantyCategory::DoorsWindows, Lang::En) => "doors and windows",
        (WarrantyCategory::Other, Lang::Zh) => "其他",
        (WarrantyCategory::Other, Lang::En) => "other",
    }
}

fn topic(t: CallbackTopic, lang: Lang) -> &'static str {
    match (t, lang) {
        (CallbackTopic::Progress, Lang::Zh) => "施工进度",
        (CallbackTopic::Progress, Lang::En) => "progress",
        (CallbackTopic::Quote, Lang::Zh) => "报价",
        (CallbackTopic::Quote, Lang::En) => "quote",
        (CallbackTopic::Warranty, Lang::Zh) => "保修",
        (CallbackTopic::Warranty, Lang::En) => "warranty",
        (CallbackTopic::Payment, Lang::Zh) => "付款",
        (CallbackTopic::Payment, Lang::En) => "payment",
        (CallbackTopic::Other, Lang::Zh) => "其他",
        (CallbackTopic::Other, Lang::En) => "other",
    }
}

/// English names of what the domain names in Chinese (`label_zh`).
fn node_en(k: NodeKind) -> &'static str {
    match k {
        NodeKind::Kickoff => "kick-off briefing",
        NodeKind::PlumbingElectrical => "plumbing and electrical inspection",
        NodeKind::Waterproofing => "waterproofing inspection",
        NodeKind::TilingCarpentry => "tiling and carpentry inspection",
        NodeKind::Painting => "painting inspection",
        NodeKind::Completion => "completion inspection",
    }
}

fn survey_en(k: SurveyKind) -> &'static str {
    match k {
        SurveyKind::OneWeek => "one-week survey",
        SurveyKind::OneMonth => "one-month survey",
        SurveyKind::ThreeMonths => "three-month survey",
        SurveyKind::HalfYearly => "half-yearly survey",
    }
}

fn aspect_en(a: SurveyAspect) -> &'static str {
    match a {
        SurveyAspect::Design => "design",
        SurveyAspect::ConstructionQuality => "construction quality",
        SurveyAspect::Crew => "crew",
        SurveyAspect::CustomerService => "customer service",
        SurveyAspect::AfterSales => "after-sales",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn samples(when: DateTime<Tz>) -> Vec<Text<'static>> {
        vec![
            Text::SignInCode {
                company: "测试装饰",
                code: "123456",
            },
            Text::QuoteCode {
                company: "测试装饰",
                project: "翠湖",
                revision: 3,
                total: "¥1,000.00",
                code: "654321",
            },
            Text::NodeAttendance {
                company: "测试装饰",
                project: "翠湖",
                node: NodeKind::Waterproofing,
                when,
            },
            Text::SurveyOpen {
                company: "测试装饰",
                project: "翠湖",
                kind: Some(SurveyKind::OneMonth),
            },
            Text::Invitation {
                company: "测试装饰",
                name: "赵敏",
                project: "翠湖",
                link: "https://portal.example.com/projects/p1",
            },
            Text::ClaimTitle(WarrantyCategory::WaterproofingLeak),
            Text::CallbackTitle(CallbackTopic::Quote),
            Text::ComplaintTitle("周末早上七点就开始电钻施工，邻居已经找到我家"),
            Text::NodeDisputeTitle(NodeKind::Painting),
            Text::SurveyFollowUpTitle(SurveyKind::ThreeMonths),
            Text::SurveyFollowUpBody {
                sequence: 2,
                kind: SurveyKind::OneMonth,
                low: &[(SurveyAspect::Crew, 2)],
                nps: 4,
                suggestions: "准时",
            },
        ]
    }

    #[test]
    fn every_text_exists_in_both_languages_and_they_differ() {
        let when = chrono_tz::Asia::Shanghai
            .with_ymd_and_hms(2026, 5, 6, 9, 30, 0)
            .single()
            .expect("a valid time");
        for t in samples(when) {
            let (zh, en) = (t.text(Lang::Zh), t.text(Lang::En));
            assert!(!zh.is_empty() && !en.is_empty(), "{t:?}");
            assert_ne!(zh, en, "{t:?}");
            // English texts carry no Chinese of their own (only the names they are given).
            assert!(!en.contains('您') && !en.contains("验证码"), "{en}");
        }
    }

    #[test]
    fn texts_carry_their_parts() {
        let code = Text::SignInCode {
            company: "测试装饰",
            code: "123456",
        };
        assert_eq!(
            code.text(Lang::Zh),
            "【测试装饰】您的登录验证码是 123456，5分钟内有效。请勿告诉他人。"
        );
        assert!(code.text(Lang::En).contains("123456"));
        let when = chrono_tz::Asia::Shanghai
            .with_ymd_and_hms(2026, 5, 6, 9, 30, 0)
            .single()
            .expect("a valid time");
        let node = Text::NodeAttendance {
            company: "c",
            project: "p",
            node: NodeKind::Waterproofing,
            when,
        };
        assert!(node.text(Lang::Zh).contains("防水验收定于05月06日 09:30"));
        assert_eq!(
            Text::ComplaintTitle("一二三四五六七八九十一二三四五六七八九十多余").text(Lang::Zh),
            "投诉：一二三四五六七八九十一二三四五六七八九十"
        );
        assert_eq!(
            Text::ClaimTitle(WarrantyCategory::Tiling).text(SERVER_LANG),
            "报修：瓷砖"
        );
        let body = Text::SurveyFollowUpBody {
            sequence: 1,
            kind: SurveyKind::OneWeek,
            low: &[(SurveyAspect::Design, 1), (SurveyAspect::Crew, 2)],
            nps: 3,
            suggestions: "",
        };
        assert_eq!(
            body.text(Lang::Zh),
            "第1次回访（交付一周回访）低分：设计 1星，施工班组 2星；推荐意愿 3/10。"
        );
    }
}
