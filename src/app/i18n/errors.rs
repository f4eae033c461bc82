//! Every error code in words, and the wrong one-time code with the tries left.

use crate::domain::ErrorCode;

pub(super) fn zh_error(code: ErrorCode) -> &'static str {
    match code {
        ErrorCode::BadRequest => "请求有误，请刷新页面后重试。",
        ErrorCode::Validation => "填写的内容有误，请检查。",
        ErrorCode::Unauthenticated => "登录已过期，请重新登录。",
        ErrorCode::InvalidCredentials => "账号或密码不正确。",
        ErrorCode::Forbidden => "您没有权限进行此操作。",
        ErrorCode::SecondFactorRequired => "请输入验证码。",
        ErrorCode::SecondFactorSetupRequired => {
            "请先开启两步验证：点顶部您的名字，进入“账号安全”。"
        }
        ErrorCode::CrossOrigin => "请求来源不受信任，请刷新页面后重试。",
        ErrorCode::NotFound => "内容不存在，或您无权查看。",
        ErrorCode::Conflict => "情况刚刚有了变化，这一步现在不能做。请刷新页面查看最新状态。",
        ErrorCode::AlreadyExists => "这项内容已经提交过了，不能重复提交。刷新页面即可查看或修改。",
        ErrorCode::EditWindowClosed => "已经过了可以修改的时间，现在不能再改了。",
        ErrorCode::SlotFull => "这个时间段刚被约满了，请换一个时间。",
        ErrorCode::ReworkOpen => "还有未完成的整改，整改全部关闭后才能验收通过。",
        ErrorCode::CodeWrong => "验证码不对，请检查后重新输入。",
        ErrorCode::CodeExpired => "验证码已过期或已用过，请重新获取。",
        ErrorCode::StaleRevision => "这条内容刚被别人改过，请重新加载后再改。",
        ErrorCode::NeedsApproval => "这次变更需要经理先审批，审批通过后才能继续。",
        ErrorCode::PayloadTooLarge => "照片太大：不能超过 20 MB 或 4000 万像素。",
        ErrorCode::UnsupportedMediaType => "不支持这种文件，请上传 JPG、PNG 或 WebP 照片。",
        ErrorCode::CorruptImage => "照片已损坏，无法读取。",
        ErrorCode::RateLimited => "尝试次数太多，请稍后再试。",
        ErrorCode::MethodNotAllowed => "这个操作不被支持，请刷新页面后再试。",
        ErrorCode::Unavailable => "服务器正忙，请稍后再试一次。",
        ErrorCode::StorageFull => "服务器存储空间已满，这次没有保存。请稍后再试。",
        ErrorCode::Internal => "服务器开小差了，请稍后再试。",
    }
}

pub(super) fn en_error(code: ErrorCode) -> &'static str {
    match code {
        ErrorCode::BadRequest => "The request was not understood. Reload the page and try again.",
        ErrorCode::Validation => "Some of what you entered is not valid. Please check it.",
        ErrorCode::Unauthenticated => "Your session has ended. Please sign in again.",
        ErrorCode::InvalidCredentials => "The login and password do not match.",
        ErrorCode::Forbidden => "You are not allowed to do that.",
        ErrorCode::SecondFactorRequired => "Enter the code.",
        ErrorCode::SecondFactorSetupRequired => {
            "Set up two-step sign-in first: tap your name at the top, then Account security."
        }
        ErrorCode::CrossOrigin => "The request came from an untrusted page. Reload and try again.",
        ErrorCode::NotFound => "Not found, or you may not see it.",
        ErrorCode::Conflict => {
            "Things changed in the meantime and this step is not open now. Reload to see the latest."
        }
        ErrorCode::AlreadyExists => {
            "That has already been sent and can't be sent twice. Reload to see or change it."
        }
        ErrorCode::EditWindowClosed => "The time for changes has passed; this can't be edited any more.",
        ErrorCode::SlotFull => "That time slot has just filled up; please pick another.",
        ErrorCode::ReworkOpen => "Rework is still open; the node can pass once all of it is closed.",
        ErrorCode::CodeWrong => "That code is not right; please check it and try again.",
        ErrorCode::CodeExpired => "That code has expired or was already used; please ask for a new one.",
        ErrorCode::StaleRevision => {
            "Someone changed this just now; reload it and make your change again."
        }
        ErrorCode::NeedsApproval => {
            "This change needs a manager's approval first; you can go on once it is approved."
        }
        ErrorCode::PayloadTooLarge => "The photo is too large: at most 20 MB and 40 megapixels.",
        ErrorCode::UnsupportedMediaType => {
            "That file type is not supported. Upload JPG, PNG or WebP photos."
        }
        ErrorCode::CorruptImage => "The photo is damaged and can't be read.",
        ErrorCode::RateLimited => "Too many attempts. Please wait a moment and try again.",
        ErrorCode::MethodNotAllowed => "That action is not supported. Please reload the page and try again.",
        ErrorCode::Unavailable => "The server is busy. Please try again in a moment.",
        ErrorCode::StorageFull => "The server's storage is full, so nothing was saved. Please try again later.",
        ErrorCode::Internal => "Something went wrong on our side. Please try again later.",
    }
}

pub(super) fn zh_code_wrong(tries_left: u32) -> String {
    if tries_left == 0 {
        "验证码不对，已经没有重试机会了，请重新获取。".to_string()
    } else {
        format!("验证码不对，还可以再试 {tries_left} 次。")
    }
}

pub(super) fn en_code_wrong(tries_left: u32) -> String {
    match tries_left {
        0 => "That code is not right and no tries are left; please ask for a new one.".to_string(),
        1 => "That code is not right; 1 try left.".to_string(),
        n => format!("That code is not right; {n} tries left."),
    }
}
