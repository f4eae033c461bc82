//! Masking of personal data wherever it is not needed in full (docs/domain.md, "Privacy").

/// Blanks every one-time code (a run of exactly 6 digits) in a message: `验证码 123456` →
/// `验证码 ******`. Longer digit runs (phone numbers, amounts) are left alone.
pub fn mask_codes(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut run = String::new();
    let flush = |run: &mut String, out: &mut String| {
        if run.chars().count() == 6 {
            out.push_str("******");
        } else {
            out.push_str(run);
        }
        run.clear();
    };
    for c in text.chars() {
        if c.is_ascii_digit() {
            run.push(c);
        } else {
            flush(&mut run, &mut out);
            out.push(c);
        }
    }
    flush(&mut run, &mut out);
    out
}

/// `13812341234` → `138****1234`. Anything that is not 11 digits is masked but for its last 2.
pub fn mask_phone(phone: &str) -> String {
    let chars: Vec<char> = phone.chars().collect();
    if chars.len() == 11 && chars.iter().all(|c| c.is_ascii_digit()) {
        let head: String = chars[..3].iter().collect();
        let tail: String = chars[7..].iter().collect();
        return format!("{head}****{tail}");
    }
    let keep = chars.len().min(2);
    let tail: String = chars[chars.len() - keep..].iter().collect();
    format!(
        "{}{}",
        "*".repeat(chars.len().saturating_sub(keep).max(2)),
        tail
    )
}

/// `张伟` → `张*`, `欧阳娜娜` → `欧***`, `Alice Smith` → `A*********`.
pub fn mask_name(name: &str) -> String {
    let mut chars = name.trim().chars();
    match chars.next() {
        None => String::new(),
        Some(first) => {
            let rest = chars.count().max(1);
            format!("{first}{}", "*".repeat(rest))
        }
    }
}

/// Cuts an address to its compound: everything up to and including the first
/// `小区`/`花园`/`苑`/`公寓`/`家园`/`广场` marker; building and flat numbers are dropped.
pub fn mask_address(address: &str) -> String {
    const MARKERS: [&str; 7] = ["小区", "花园", "家园", "公寓", "广场", "苑", "府"];
    let best = MARKERS
        .iter()
        .filter_map(|m| address.find(m).map(|i| i + m.len()))
        .min();
    match best {
        Some(end) => address[..end].to_string(),
        None => {
            // No compound marker: keep the first half of the address.
            let chars: Vec<char> = address.chars().collect();
            chars[..chars.len() / 2].iter().collect::<String>() + "…"
        }
    }
}

/// `alice@example.com` → `a***@example.com`.
pub fn mask_email(email: &str) -> String {
    match email.split_once('@') {
        Some((user, domain)) => {
            let first: String = user.chars().take(1).collect();
            format!("{first}***@{domain}")
        }
        None => mask_name(email),
    }
}

#[cfg(test)]
mod tests {

    #[test]
    fn codes_are_blanked_but_not_phone_numbers_or_amounts() {
        assert_eq!(
            mask_codes("【装修】您的登录验证码是 123456，5分钟内有效。"),
            "【装修】您的登录验证码是 ******，5分钟内有效。"
        );
        assert_eq!(mask_codes("验证码 000001"), "验证码 ******");
        assert_eq!(
            mask_codes("13812341234 合计1234567"),
            "13812341234 合计1234567"
        );
        assert_eq!(mask_codes("第2版 12345"), "第2版 12345");
    }

    use super::*;

    #[test]
    fn phone_is_masked_in_the_middle() {
        assert_eq!(mask_phone("13812341234"), "138****1234");
        assert_eq!(mask_phone("12"), "**12");
        assert!(!mask_phone("555123").contains("5551"));
    }

    #[test]
    fn names_keep_only_the_first_character() {
        assert_eq!(mask_name("张伟"), "张*");
        assert_eq!(mask_name("欧阳娜娜"), "欧***");
        assert_eq!(mask_name("李"), "李*");
        assert_eq!(mask_name(""), "");
    }

    #[test]
    fn addresses_are_cut_to_the_compound() {
        assert_eq!(
            mask_address("上海市浦东新区锦绣花园12号楼3单元1502室"),
            "上海市浦东新区锦绣花园"
        );
        assert_eq!(
            mask_address("北京市朝阳区望京小区5-2-301"),
            "北京市朝阳区望京小区"
        );
        assert!(!mask_address("某路88号1201室").contains("1201"));
    }

    #[test]
    fn email_keeps_domain() {
        assert_eq!(mask_email("alice@example.com"), "a***@example.com");
    }
}
