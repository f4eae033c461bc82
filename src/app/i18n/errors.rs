//! Every error code in words, and the wrong one-time code with the tries left.

use super::{w, Label, Lang, Words};
use crate::domain::ErrorCode;

impl Label for ErrorCode {
    fn words(self) -> Words {
        match self {
        ErrorCode::BadRequest => w("请求有误，请刷新页面后重试。", "The request was not understood. Reload the page and try again."),
        ErrorCode::Validation => w("填写的内容有误，请检查。", "Some of what you entered is not valid. Please check it."),
        ErrorCode::Unauthenticated => w("登录已过期，请重新登录。", "Your session has ended. Please sign in again."),
        ErrorCode::InvalidCredentials => w("账号或密码不正确。", "The login and password do not match."),
        ErrorCode::Forbidden => w("您没有权限进行此操作。", "You are not allowed to do that."),
        ErrorCode::SecondFactorRequired => w("请输入验证码。", "Enter the code."),
        ErrorCode::SecondFactorSetupRequired => w("请先开启两步验证：点顶部您的名字，进入“账号安全”。", "Set up two-step sign-in first: tap your name at the top, then Account security."),
        ErrorCode::AgreementRequired => w("请先阅读并同意《客户隐私保护协议》。", "Please read and accept the customer privacy agreement first."),
        ErrorCode::CrossOrigin => w("请求来源不受信任，请刷新页面后重试。", "The request came from an untrusted page. Reload and try again."),
        ErrorCode::NotFound => w("内容不存在，或您无权查看。", "Not found, or you may not see it."),
        ErrorCode::Conflict => w("情况刚刚有了变化，这一步现在不能做。请刷新页面查看最新状态。", "Things changed in the meantime and this step is not open now. Reload to see the latest."),
        ErrorCode::AlreadyExists => w("这项内容已经提交过了，不能重复提交。刷新页面即可查看或修改。", "That has already been sent and can't be sent twice. Reload to see or change it."),
        ErrorCode::EditWindowClosed => w("已经过了可以修改的时间，现在不能再改了。", "The time for changes has passed; this can't be edited any more."),
        ErrorCode::SlotFull => w("这个时间段刚被约满了，请换一个时间。", "That time slot has just filled up; please pick another."),
        ErrorCode::ReworkOpen => w("还有未完成的整改，整改全部关闭后才能验收通过。", "Rework is still open; the node can pass once all of it is closed."),
        ErrorCode::CompletionNotSignedOff => w("竣工验收还没有签字，不能交付。", "Handover waits for the completion sign-off."),
        ErrorCode::CodeWrong => w("验证码不对，请检查后重新输入。", "That code is not right; please check it and try again."),
        ErrorCode::CodeExpired => w("验证码已过期或已用过，请重新获取。", "That code has expired or was already used; please ask for a new one."),
        ErrorCode::StaleRevision => w("这条内容刚被别人改过，请重新加载后再改。", "Someone changed this just now; reload it and make your change again."),
        ErrorCode::NeedsApproval => w("这次变更需要经理先审批，审批通过后才能继续。", "This change needs a manager's approval first; you can go on once it is approved."),
        ErrorCode::PayloadTooLarge => w("照片太大：不能超过 20 MB 或 4000 万像素。", "The photo is too large: at most 20 MB and 40 megapixels."),
        ErrorCode::IdempotencyKeyReused => w("这次提交和上一次不一致，请刷新页面后重新填写提交。", "This send does not match the earlier one. Reload the page and fill it in again."),
        ErrorCode::IdempotencyInProgress => w("上一次提交还在处理中，请稍等几秒再试。", "Your earlier send is still being processed. Please wait a few seconds and try again."),
        ErrorCode::UnsupportedMediaType => w("不支持这种文件，请上传 JPG、PNG 或 WebP 照片。", "That file type is not supported. Upload JPG, PNG or WebP photos."),
        ErrorCode::CorruptImage => w("照片已损坏，无法读取。", "The photo is damaged and can't be read."),
        ErrorCode::RateLimited => w("尝试次数太多，请稍后再试。", "Too many attempts. Please wait a moment and try again."),
        ErrorCode::MethodNotAllowed => w("这个操作不被支持，请刷新页面后再试。", "That action is not supported. Please reload the page and try again."),
        ErrorCode::Unavailable => w("服务器正忙，请稍后再试一次。", "The server is busy. Please try again in a moment."),
        ErrorCode::StorageFull => w("服务器存储空间已满，这次没有保存。请稍后再试。", "The server's storage is full, so nothing was saved. Please try again later."),
        ErrorCode::DatabaseUnavailable => w("服务器暂时连不上数据库，请稍后再试。", "The server can't reach its database right now. Please try again later."),
        ErrorCode::StorageUnavailable => w("服务器的照片存储暂时不可用，请稍后再试。", "The server's photo storage is unavailable right now. Please try again later."),
        ErrorCode::Internal => w("服务器开小差了，请稍后再试。", "Something went wrong on our side. Please try again later."),
        }
    }
}

/// A wrong one-time code, with the tries left.
pub(super) fn code_wrong(lang: Lang, tries_left: u32) -> String {
    let words = match tries_left {
        0 => w(
            "验证码不对，已经没有重试机会了，请重新获取。",
            "That code is not right and no tries are left; please ask for a new one.",
        ),
        1 => w(
            "验证码不对，还可以再试 {} 次。",
            "That code is not right; 1 try left.",
        ),
        _ => w(
            "验证码不对，还可以再试 {} 次。",
            "That code is not right; {} tries left.",
        ),
    };
    words.fill(lang, &[&tries_left])
}

/// Too many attempts, with the wait in words: seconds under a minute, whole minutes (rounded
/// up) under two hours, then whole hours.
pub(super) fn retry_in(lang: Lang, secs: u32) -> String {
    let (n, words) = match secs {
        0..=1 => (
            1,
            w(
                "尝试次数太多，请 1 秒后再试。",
                "Too many attempts. Please try again in 1 second.",
            ),
        ),
        2..=59 => (
            secs,
            w(
                "尝试次数太多，请 {} 秒后再试。",
                "Too many attempts. Please try again in {} seconds.",
            ),
        ),
        60 => (
            1,
            w(
                "尝试次数太多，请 1 分钟后再试。",
                "Too many attempts. Please try again in 1 minute.",
            ),
        ),
        61..=7199 => (
            secs.div_ceil(60),
            w(
                "尝试次数太多，请 {} 分钟后再试。",
                "Too many attempts. Please try again in {} minutes.",
            ),
        ),
        _ => (
            secs.div_ceil(3600),
            w(
                "尝试次数太多，请 {} 小时后再试。",
                "Too many attempts. Please try again in {} hours.",
            ),
        ),
    };
    words.fill(lang, &[&n])
}
