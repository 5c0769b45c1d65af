//! 同城通办 / 跨城通办 (standard 6.9, 6.10): an application accepted at one hall for an item
//! handled in another district or city records both places, and the item's scope decides
//! whether that is allowed.

use serde::{Deserialize, Serialize};

use crate::catalogue::Tongban;

/// The prefecture-level cities of Guangdong, where a 跨城通办 / 全省通办 application may be
/// handled.
pub const GUANGDONG_CITIES: [&str; 21] = [
    "广州市",
    "深圳市",
    "珠海市",
    "汕头市",
    "佛山市",
    "韶关市",
    "湛江市",
    "肇庆市",
    "江门市",
    "茂名市",
    "惠州市",
    "梅州市",
    "汕尾市",
    "河源市",
    "阳江市",
    "清远市",
    "东莞市",
    "中山市",
    "潮州市",
    "揭阳市",
    "云浮市",
];

/// Where an application is handled: a hall of this city (by code), or another city.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind", content = "name")]
pub enum Place {
    Hall(String),
    City(String),
}

/// Why the item cannot be handled there from this hall.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PlaceRefusal {
    /// 本地 items are handled where they are accepted.
    LocalOnly,
    /// Another city needs 跨城通办 or 全省通办.
    NotCrossCity,
    /// No such hall or city.
    Unknown,
}

impl PlaceRefusal {
    pub fn message_zh(self) -> &'static str {
        match self {
            PlaceRefusal::LocalOnly => "该事项为属地办理事项，不能在本厅收件转其他大厅办理",
            PlaceRefusal::NotCrossCity => "该事项不支持跨城通办，只能在本市大厅办理",
            PlaceRefusal::Unknown => "请选择本市的办事大厅或广东省内的城市",
        }
    }

    pub fn message_en(self) -> &'static str {
        match self {
            PlaceRefusal::LocalOnly => "handled_at: this item is handled only where it is accepted",
            PlaceRefusal::NotCrossCity => "handled_at: this item cannot be handled in another city",
            PlaceRefusal::Unknown => "handled_at: a hall of this city or a city of Guangdong",
        }
    }
}

/// Whether an item of scope `tongban`, accepted at hall `accepted`, may be handled at `place`;
/// `halls` are the codes of this city's halls.
pub fn check_place(
    tongban: Tongban,
    accepted: &str,
    place: &Place,
    halls: &[&str],
) -> Result<(), PlaceRefusal> {
    match place {
        Place::Hall(h) if !halls.contains(&h.as_str()) => Err(PlaceRefusal::Unknown),
        Place::Hall(h) if h == accepted => Ok(()),
        Place::Hall(_) if tongban == Tongban::Local => Err(PlaceRefusal::LocalOnly),
        Place::Hall(_) => Ok(()),
        Place::City(c) if !GUANGDONG_CITIES.contains(&c.as_str()) => Err(PlaceRefusal::Unknown),
        Place::City(_) => match tongban {
            Tongban::CrossCity | Tongban::Province => Ok(()),
            Tongban::Local => Err(PlaceRefusal::LocalOnly),
            Tongban::SameCity => Err(PlaceRefusal::NotCrossCity),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const HALLS: [&str; 3] = ["city", "tianhe", "haizhu"];

    fn hall(s: &str) -> Place {
        Place::Hall(s.into())
    }

    #[test]
    fn each_scope_allows_its_places() {
        let city = Place::City("深圳市".into());
        for t in Tongban::ALL {
            assert_eq!(
                check_place(t, "tianhe", &hall("tianhe"), &HALLS),
                Ok(()),
                "{t:?}"
            );
        }
        assert_eq!(
            check_place(Tongban::Local, "tianhe", &hall("haizhu"), &HALLS),
            Err(PlaceRefusal::LocalOnly)
        );
        assert_eq!(
            check_place(Tongban::SameCity, "tianhe", &hall("haizhu"), &HALLS),
            Ok(())
        );
        assert_eq!(
            check_place(Tongban::SameCity, "tianhe", &city, &HALLS),
            Err(PlaceRefusal::NotCrossCity)
        );
        assert_eq!(
            check_place(Tongban::Local, "tianhe", &city, &HALLS),
            Err(PlaceRefusal::LocalOnly)
        );
        assert_eq!(
            check_place(Tongban::CrossCity, "tianhe", &city, &HALLS),
            Ok(())
        );
        assert_eq!(
            check_place(Tongban::Province, "city", &city, &HALLS),
            Ok(())
        );
        assert_eq!(
            check_place(
                Tongban::Province,
                "city",
                &Place::City("纽约".into()),
                &HALLS
            ),
            Err(PlaceRefusal::Unknown)
        );
        assert_eq!(
            check_place(Tongban::Province, "city", &hall("nowhere"), &HALLS),
            Err(PlaceRefusal::Unknown)
        );
        for r in [
            PlaceRefusal::LocalOnly,
            PlaceRefusal::NotCrossCity,
            PlaceRefusal::Unknown,
        ] {
            assert!(r.message_en().is_ascii() && !r.message_zh().is_empty());
        }
    }

    #[test]
    fn places_serialise_with_their_kind() {
        let p = Place::City("深圳市".into());
        let s = serde_json::to_string(&p).unwrap();
        assert_eq!(s, r#"{"kind":"city","name":"深圳市"}"#);
        assert_eq!(serde_json::from_str::<Place>(&s).unwrap(), p);
    }
}
