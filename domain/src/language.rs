//! The three languages the hall speaks (简体, 繁體 as Hong Kong writes it, English), for text
//! the server writes for one reader: a calendar file, a message.

/// A reader's language, by its `lang` tag.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    ZhCn,
    ZhHk,
    En,
}

impl Lang {
    pub const ALL: [Lang; 3] = [Lang::ZhCn, Lang::ZhHk, Lang::En];

    pub fn tag(self) -> &'static str {
        match self {
            Lang::ZhCn => "zh-CN",
            Lang::ZhHk => "zh-HK",
            Lang::En => "en",
        }
    }

    /// The language of a `lang` tag, exactly as the portal writes it.
    pub fn parse(tag: &str) -> Option<Lang> {
        Lang::ALL.into_iter().find(|l| l.tag() == tag)
    }

    /// The `lang` parameter of a request: 简体 when absent or empty, else one of the three
    /// tags, else a 400 naming the parameter.
    pub fn from_param(value: Option<&str>) -> Result<Lang, crate::Error> {
        match value.map(str::trim).filter(|v| !v.is_empty()) {
            None => Ok(Lang::ZhCn),
            Some(tag) => Lang::parse(tag).ok_or_else(|| {
                crate::Error::bad_param(
                    "lang",
                    "语言应为 zh-CN、zh-HK 或 en",
                    "lang: zh-CN, zh-HK or en",
                )
            }),
        }
    }

    /// One of three texts, written in each language.
    pub fn pick<T>(self, zh_cn: T, zh_hk: T, en: T) -> T {
        match self {
            Lang::ZhCn => zh_cn,
            Lang::ZhHk => zh_hk,
            Lang::En => en,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_read_back_and_nothing_else_does() {
        for l in Lang::ALL {
            assert_eq!(Lang::parse(l.tag()), Some(l));
        }
        assert_eq!(Lang::parse("EN"), None);
        assert_eq!(Lang::parse("zh-TW"), None);
        assert_eq!(Lang::parse(""), None);
        assert_eq!(Lang::En.pick("a", "b", "c"), "c");
        assert_eq!(Lang::from_param(None), Ok(Lang::ZhCn));
        assert_eq!(Lang::from_param(Some(" ")), Ok(Lang::ZhCn));
        assert_eq!(Lang::from_param(Some("zh-HK")), Ok(Lang::ZhHk));
        assert!(Lang::from_param(Some("fr")).is_err());
    }
}
