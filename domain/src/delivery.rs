//! 结果邮寄 (standard 6.8): the applicant may have the result mailed for items that allow it, to
//! a validated address; anyone but the applicant and audited staff sees it masked.

use serde::{Deserialize, Serialize};

use crate::error::FieldError;
use crate::identity::{mask_name, validate_name, Phone};

/// An address as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AddressInput {
    pub recipient: String,
    pub phone: String,
    /// 省市区, e.g. 广东省广州市天河区.
    pub region: String,
    /// Street, building, room.
    pub detail: String,
}

/// A validated mailing address.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MailAddress {
    pub recipient: String,
    pub phone: String,
    pub region: String,
    pub detail: String,
}

fn clean(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The address, or every field that is wrong.
pub fn validate_address(a: &AddressInput) -> Result<MailAddress, Vec<FieldError>> {
    let mut problems = Vec::new();
    let recipient = validate_name(&a.recipient);
    if recipient.is_none() {
        problems.push(FieldError::new(
            "address.recipient",
            "请填写收件人姓名",
            "address.recipient: a name of 1-30 characters",
        ));
    }
    let phone = Phone::parse(&a.phone);
    if phone.is_none() {
        problems.push(FieldError::new(
            "address.phone",
            "请填写收件人的 11 位手机号码",
            "address.phone: an 11-digit mainland mobile number",
        ));
    }
    let region = clean(&a.region);
    let n = region.chars().count();
    if !(4..=40).contains(&n) || !region.contains(['省', '市', '区', '县']) {
        problems.push(FieldError::new(
            "address.region",
            "请填写省、市、区（县），如 广东省广州市天河区",
            "address.region: province, city and district",
        ));
    }
    let detail = clean(&a.detail);
    let n = detail.chars().count();
    if !(5..=80).contains(&n) {
        problems.push(FieldError::new(
            "address.detail",
            "请填写详细地址（街道、门牌、楼栋房号，5–80 个字）",
            "address.detail: street and number, 5-80 characters",
        ));
    }
    match (recipient, phone, problems.is_empty()) {
        (Some(recipient), Some(phone), true) => Ok(MailAddress {
            recipient,
            phone: phone.as_str().to_string(),
            region,
            detail,
        }),
        _ => Err(problems),
    }
}

impl MailAddress {
    /// The whole address, for the applicant and the clerk who mails it.
    pub fn full(&self) -> String {
        format!(
            "{}{}（{}，{}）",
            self.region, self.detail, self.recipient, self.phone
        )
    }

    /// The address as anyone else sees it: the region only, the rest masked.
    pub fn masked(&self) -> String {
        format!(
            "{}****（{}，{}）",
            self.region,
            mask_name(&self.recipient),
            crate::identity::mask_phone(&self.phone)
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input() -> AddressInput {
        AddressInput {
            recipient: "李小明".into(),
            phone: "138 1234 5678".into(),
            region: " 广东省广州市天河区 ".into(),
            detail: "天河路 100 号 1 栋 1201 房".into(),
        }
    }

    #[test]
    fn a_good_address_is_cleaned_and_masked_for_others() {
        let a = validate_address(&input()).unwrap();
        assert_eq!(a.phone, "13812345678");
        assert_eq!(a.region, "广东省广州市天河区");
        assert_eq!(
            a.full(),
            "广东省广州市天河区天河路 100 号 1 栋 1201 房（李小明，13812345678）"
        );
        assert_eq!(a.masked(), "广东省广州市天河区****（李**，138****5678）");
        assert!(!a.masked().contains("1201"));
    }

    #[test]
    fn every_bad_field_is_named() {
        let bad = AddressInput {
            recipient: "".into(),
            phone: "12345".into(),
            region: "天河".into(),
            detail: "1号".into(),
        };
        let fields: Vec<&str> = validate_address(&bad)
            .unwrap_err()
            .iter()
            .map(|f| f.field)
            .collect();
        assert_eq!(
            fields,
            [
                "address.recipient",
                "address.phone",
                "address.region",
                "address.detail"
            ]
        );
        let mut long = input();
        long.detail = "很".repeat(81);
        assert!(validate_address(&long).is_err());
    }
}
