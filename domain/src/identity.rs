//! Who a citizen is: mainland mobile numbers, identity documents (GB 11643 resident ID, Hong
//! Kong/Macau and Taiwan travel permits, passports), and the masks personal data wears whenever
//! anyone but its owner sees it.

use serde::{Deserialize, Serialize};

use crate::calendar::Date;

/// A mainland mobile number, normalised to its 11 digits.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Phone(String);

impl Phone {
    /// Accepts `13812341234`, `138 1234 1234`, `138-1234-1234`, `+86 138…` and `86138…`.
    pub fn parse(input: &str) -> Option<Phone> {
        let digits: String = input
            .trim()
            .trim_start_matches('+')
            .chars()
            .filter(|c| !matches!(c, ' ' | '-' | '\u{3000}'))
            .collect();
        if !digits.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let digits = match digits.len() {
            13 if digits.starts_with("86") => &digits[2..],
            11 => digits.as_str(),
            _ => return None,
        };
        let b = digits.as_bytes();
        (b[0] == b'1' && (b'3'..=b'9').contains(&b[1])).then(|| Phone(digits.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// `138****1234`.
    pub fn masked(&self) -> String {
        mask_phone(&self.0)
    }
}

/// What to tell someone whose mobile number was refused, for the form field `field`.
pub fn phone_problem(field: &'static str) -> crate::error::FieldError {
    crate::error::FieldError::new(
        field,
        "请输入正确的 11 位手机号码",
        "Enter an 11-digit mainland mobile number",
    )
}

/// How staff may reach someone without an account (a question taken by phone, a complaint from
/// the 12345 hotline): a form of address of at most 30 characters and a mobile number, both
/// optional. The number as parsed, and every problem, named by the given fields.
pub fn optional_contact(
    name_field: &'static str,
    name: &str,
    phone_field: &'static str,
    phone: &str,
) -> (Option<Phone>, Vec<crate::error::FieldError>) {
    let mut problems = Vec::new();
    let phone = phone.trim();
    let parsed = Phone::parse(phone);
    if !phone.is_empty() && parsed.is_none() {
        problems.push(phone_problem(phone_field));
    }
    if name.trim().chars().count() > 30 {
        problems.push(crate::error::FieldError::new(
            name_field,
            "称呼不超过 30 个字",
            format!("{name_field}: at most 30 characters"),
        ));
    }
    (parsed, problems)
}

/// The kinds of identity document a citizen may register with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum IdKind {
    /// 居民身份证 (GB 11643, 18 characters).
    Resident,
    /// 港澳居民来往内地通行证.
    HkMacauPermit,
    /// 台湾居民来往大陆通行证.
    TaiwanPermit,
    /// 护照.
    Passport,
}

impl IdKind {
    pub const ALL: [IdKind; 4] = [
        IdKind::Resident,
        IdKind::HkMacauPermit,
        IdKind::TaiwanPermit,
        IdKind::Passport,
    ];

    pub fn label(self) -> &'static str {
        match self {
            IdKind::Resident => "居民身份证",
            IdKind::HkMacauPermit => "港澳居民来往内地通行证",
            IdKind::TaiwanPermit => "台湾居民来往大陆通行证",
            IdKind::Passport => "护照",
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            IdKind::Resident => "resident",
            IdKind::HkMacauPermit => "hk_macau_permit",
            IdKind::TaiwanPermit => "taiwan_permit",
            IdKind::Passport => "passport",
        }
    }

    pub fn parse(s: &str) -> Option<IdKind> {
        IdKind::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// Why an identity number was refused; each says what to fix.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IdProblem {
    /// Wrong length or characters for the document kind.
    Format,
    /// The 6-digit address code cannot exist (it must start with 1–8).
    Region,
    /// The birth date in positions 7–14 is not a real date, or lies in the future.
    BirthDate,
    /// The 18th character does not match the GB 11643 check digit.
    CheckDigit,
}

impl IdProblem {
    pub fn message_zh(self, kind: IdKind) -> String {
        match self {
            IdProblem::Format => match kind {
                IdKind::Resident => {
                    "身份证号码应为 18 位，前 17 位是数字，最后一位是数字或 X".into()
                }
                IdKind::HkMacauPermit => "港澳通行证号码应为 H 或 M 开头加 8 位或 10 位数字".into(),
                IdKind::TaiwanPermit => {
                    "台湾通行证号码应为 8 位数字，或 10 位数字加一个字母".into()
                }
                IdKind::Passport => "护照号码应为 5 到 17 位字母和数字".into(),
            },
            IdProblem::Region => "身份证号码前 6 位地区码不正确".into(),
            IdProblem::BirthDate => "身份证号码中的出生日期不正确".into(),
            IdProblem::CheckDigit => "身份证号码校验位不正确，请逐位核对".into(),
        }
    }

    pub fn message_en(self, kind: IdKind) -> String {
        match self {
            IdProblem::Format => format!("Not a valid {} number format", kind.as_str()),
            IdProblem::Region => "The region code (first 6 digits) is not valid".into(),
            IdProblem::BirthDate => "The birth date inside the ID number is not valid".into(),
            IdProblem::CheckDigit => "The check digit of the ID number does not match".into(),
        }
    }
}

/// GB 11643 weights of the first 17 digits.
const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
/// Check character for each `sum % 11`.
const CHECK: [u8; 11] = *b"10X98765432";

/// The GB 11643 check character of the first 17 digits.
pub fn resident_check_char(first17: &[u8]) -> Option<u8> {
    if first17.len() != 17 || !first17.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let sum: u32 = first17
        .iter()
        .zip(WEIGHTS)
        .map(|(d, w)| u32::from(d - b'0') * w)
        .sum();
    Some(CHECK[(sum % 11) as usize])
}

/// Normalises and validates an identity number: upper-case, no spaces. `today` bounds birth
/// dates (nobody registers before being born).
pub fn validate_id(kind: IdKind, input: &str, today: Date) -> Result<String, IdProblem> {
    let n: String = input
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_ascii_uppercase();
    let b = n.as_bytes();
    let digits = |s: &[u8]| !s.is_empty() && s.iter().all(u8::is_ascii_digit);
    match kind {
        IdKind::Resident => {
            if b.len() != 18 || !digits(&b[..17]) || !(b[17].is_ascii_digit() || b[17] == b'X') {
                return Err(IdProblem::Format);
            }
            if !(b'1'..=b'8').contains(&b[0]) {
                return Err(IdProblem::Region);
            }
            let num = |r: std::ops::Range<usize>| n[r].parse::<u32>().unwrap_or(0);
            let (y, m, d) = (num(6..10), num(10..12), num(12..14));
            let birth = Some(y)
                .filter(|y| *y >= 1890)
                .and_then(|y| Date::new(y as i32, m as u8, d as u8));
            match birth {
                Some(birth) if birth <= today => {}
                _ => return Err(IdProblem::BirthDate),
            }
            if resident_check_char(&b[..17]) != Some(b[17]) {
                return Err(IdProblem::CheckDigit);
            }
        }
        IdKind::HkMacauPermit => {
            let ok = matches!(b.first(), Some(b'H' | b'M'))
                && matches!(b.len(), 9 | 11)
                && digits(&b[1..]);
            if !ok {
                return Err(IdProblem::Format);
            }
        }
        IdKind::TaiwanPermit => {
            let ok = (b.len() == 8 && digits(b))
                || (b.len() == 11 && digits(&b[..10]) && b[10].is_ascii_uppercase());
            if !ok {
                return Err(IdProblem::Format);
            }
        }
        IdKind::Passport => {
            let ok = (5..=17).contains(&b.len())
                && b.iter().all(u8::is_ascii_alphanumeric)
                && b.iter().any(u8::is_ascii_digit);
            if !ok {
                return Err(IdProblem::Format);
            }
        }
    }
    Ok(n)
}

/// Keeps the first 4 and last 4 characters: `4405**********0014`. Short numbers keep less.
pub fn mask_id(number: &str) -> String {
    let chars: Vec<char> = number.chars().collect();
    let keep = match chars.len() {
        0..=4 => 0,
        5..=8 => 1,
        _ => 4,
    };
    chars
        .iter()
        .enumerate()
        .map(|(i, c)| {
            if i < keep || i + keep >= chars.len() {
                *c
            } else {
                '*'
            }
        })
        .collect()
}

/// Keeps the first character: `张*`, `欧阳**`→`欧***`. A single character becomes `*`.
pub fn mask_name(name: &str) -> String {
    let mut chars = name.trim().chars();
    match chars.next() {
        None => String::new(),
        Some(first) => {
            let rest = chars.count();
            if rest == 0 {
                "*".into()
            } else {
                std::iter::once(first)
                    .chain(std::iter::repeat_n('*', rest))
                    .collect()
            }
        }
    }
}

/// `138****1234`; anything not 11 characters long keeps only its last 4.
pub fn mask_phone(phone: &str) -> String {
    let chars: Vec<char> = phone.chars().collect();
    if chars.len() == 11 {
        let mut s: String = chars[..3].iter().collect();
        s.push_str("****");
        s.extend(&chars[7..]);
        s
    } else {
        let keep = chars.len().min(4);
        std::iter::repeat_n('*', chars.len() - keep)
            .chain(chars[chars.len() - keep..].iter().copied())
            .collect()
    }
}

/// A person's name as registered: 1–30 characters, letters (any script), `·`, `•`, spaces.
/// The field error of a name [`validate_name`] refuses.
pub fn name_error() -> crate::error::FieldError {
    crate::error::FieldError::new(
        "name",
        "姓名只能包含文字、空格和·，最多 30 个字",
        "Name: letters, spaces and · only, at most 30",
    )
}

pub fn validate_name(input: &str) -> Option<String> {
    let name = input.trim();
    let count = name.chars().count();
    let ok = (1..=30).contains(&count)
        && name
            .chars()
            .all(|c| c.is_alphabetic() || matches!(c, '·' | '•' | ' ' | '.' | '-'));
    ok.then(|| name.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_optional_contact_is_checked_only_when_given() {
        let (p, problems) = optional_contact("name", "", "phone", "");
        assert!(p.is_none() && problems.is_empty());
        let (p, problems) = optional_contact("name", "李女士", "phone", "138 1234 5678");
        assert_eq!(
            p.map(|p| p.as_str().to_string()),
            Some("13812345678".into())
        );
        assert!(problems.is_empty());
        let (_, problems) =
            optional_contact("asker_name", &"长".repeat(31), "asker_phone", "12345");
        let fields: Vec<&str> = problems.iter().map(|e| e.field).collect();
        assert_eq!(fields, ["asker_phone", "asker_name"]);
    }

    fn today() -> Date {
        Date::new(2026, 11, 27).unwrap()
    }

    /// Builds a valid resident number from its first 17 digits.
    fn with_check(first17: &str) -> String {
        let c = resident_check_char(first17.as_bytes()).unwrap();
        format!("{first17}{}", c as char)
    }

    #[test]
    fn phones_are_normalised_or_refused() {
        for ok in [
            "13812341234",
            "138 1234 1234",
            "138-1234-1234",
            "+86 138 1234 1234",
            "8613812341234",
            "19912341234",
        ] {
            assert_eq!(Phone::parse(ok).unwrap().as_str().len(), 11, "{ok}");
        }
        for bad in [
            "",
            "1381234123",
            "138123412345",
            "12812341234",
            "23812341234",
            "1381234123a",
            "+1 13812341234",
            "0201234567",
        ] {
            assert!(Phone::parse(bad).is_none(), "{bad}");
        }
        assert_eq!(Phone::parse("13812341234").unwrap().masked(), "138****1234");
    }

    #[test]
    fn resident_ids_follow_gb_11643() {
        // The standard's worked example.
        assert_eq!(
            validate_id(IdKind::Resident, "11010519491231002X", today()),
            Ok("11010519491231002X".into())
        );
        // Lower-case x is accepted and normalised.
        assert_eq!(
            validate_id(IdKind::Resident, "11010519491231002x", today()),
            Ok("11010519491231002X".into())
        );
        let good = with_check("44030619900307001");
        assert_eq!(validate_id(IdKind::Resident, &good, today()), Ok(good));
    }

    #[test]
    fn resident_id_errors_say_what_is_wrong() {
        let r = |s: &str| validate_id(IdKind::Resident, s, today());
        // One wrong digit changes the check character.
        assert_eq!(r("110105194912310021"), Err(IdProblem::CheckDigit));
        assert_eq!(r("11010519491231002Y"), Err(IdProblem::Format));
        assert_eq!(r("1101051949123100"), Err(IdProblem::Format));
        assert_eq!(r("11010519491231002X1"), Err(IdProblem::Format));
        assert_eq!(r(&with_check("01010519491231002")), Err(IdProblem::Region));
        assert_eq!(r(&with_check("91010519491231002")), Err(IdProblem::Region));
        // 30 February, 13th month, day 0, a date after today, and before 1890.
        for bad in [
            "44030619900230001",
            "44030619901301001",
            "44030619900100001",
            "44030620271127001",
            "44030618800101001",
        ] {
            assert_eq!(r(&with_check(bad)), Err(IdProblem::BirthDate), "{bad}");
        }
        // 29 February only in leap years.
        assert!(r(&with_check("44030620000229001")).is_ok());
        assert_eq!(
            r(&with_check("44030619000229001")),
            Err(IdProblem::BirthDate)
        );
        // Born today is fine.
        assert!(r(&with_check("44030620261127001")).is_ok());
    }

    #[test]
    fn permits_and_passports_by_format() {
        let v = |k, s: &str| validate_id(k, s, today());
        assert_eq!(
            v(IdKind::HkMacauPermit, "h12345678"),
            Ok("H12345678".into())
        );
        assert!(v(IdKind::HkMacauPermit, "M1234567890").is_ok());
        assert!(v(IdKind::HkMacauPermit, "X12345678").is_err());
        assert!(v(IdKind::HkMacauPermit, "H1234567").is_err());
        assert!(v(IdKind::TaiwanPermit, "12345678").is_ok());
        assert!(v(IdKind::TaiwanPermit, "1234567890B").is_ok());
        assert!(v(IdKind::TaiwanPermit, "1234567").is_err());
        assert!(v(IdKind::Passport, "E12345678").is_ok());
        assert!(v(IdKind::Passport, "EA1234567").is_ok());
        assert!(v(IdKind::Passport, "ABCDEFG").is_err());
        assert!(v(IdKind::Passport, "E1").is_err());
        assert!(v(IdKind::Passport, "E1234-5678").is_err());
    }

    #[test]
    fn masks_hide_the_middle() {
        assert_eq!(mask_id("440503199003070014"), "4405**********0014");
        assert_eq!(mask_id("H12345678"), "H123*5678");
        assert_eq!(mask_id("12345678"), "1******8");
        assert_eq!(mask_id("1234"), "****");
        assert_eq!(mask_name("张三"), "张*");
        assert_eq!(mask_name("欧阳小明"), "欧***");
        assert_eq!(mask_name("李"), "*");
        assert_eq!(mask_name(""), "");
        assert_eq!(mask_phone("13812341234"), "138****1234");
        assert_eq!(mask_phone("020-1234"), "****1234");
        assert_eq!(mask_phone("12"), "12");
    }

    #[test]
    fn names_are_letters_only() {
        assert_eq!(validate_name(" 张三 "), Some("张三".into()));
        assert_eq!(validate_name("阿卜杜·热合曼"), Some("阿卜杜·热合曼".into()));
        assert!(validate_name("").is_none());
        assert!(validate_name("张3").is_none());
        assert!(validate_name("<script>").is_none());
        assert!(validate_name(&"张".repeat(31)).is_none());
    }
}
