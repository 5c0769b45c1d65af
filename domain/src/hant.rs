//! 简体 → 繁體 (Hong Kong) for what the server writes to a person (error messages and each
//! field's message), so a page in 繁體 shows them in 繁體. Not a general converter: the table
//! holds every Han character the domain and the Worker write (an xtask test fails when a new
//! one is missing) and the two-character words whose 繁體 form differs from their characters'
//! (签到 → 簽到, 分钟 → 分鐘, 答复 → 答覆, 周一 → 週一). Made with OpenCC's s2hk conversion of
//! those strings, and checked against it: every string converts as OpenCC converts it, but for
//! two equally correct variants (回復/回覆, 服務台/服務枱).

/// Every Han character the server writes, in code-point order, and its 繁體 (Hong Kong) form
/// at the same position.
const SIMPLIFIED: &str = "一万三上下不与且丙业东丢严个中临为主么之乙九也书买了予事二于云五交产人亿什仅今从他付仟代以们件价任份企伍休众会传位低住体何佛作佰使供依便保信修候值假做停偷儿元充先免入全八公六关兵其具养兼内册再写军决况准几凭出分划列刚创初别到制刷刻前办加务动助劳勾勿包区医匿十午单卖南卜卡印即厅原去县参及友双发取受变叠口另只叫可台号司吃各合同名后向吗否含启告员周呼和咨品哪售唯商器四回因困围国图在地圳场址均坏坐型城基填境士壹处备复外多大天太失头女好如始姓委姻娃婚婴子孕字存孩安完定宝实审家容寄密对导寿将小少尚就尽尾局层居屋屏属山岁岗州巡工差己已市布师带常幂平年并广庆序应店废度建开异弄式张归当录役往径待很得心必志快怀态怎性息恶您情惠想意感慢成我或截户房所手才打托扣执扫扯批找承投护报抱拒拨择拼拾持指按损换据捷授掉排接控提揭搜携摆摊撤操支收改放政效教数整文料新方施无日旧早时明星春是晚普暂更曼最月有朋服期未本机权李材杜束条来构果某查标栋校样核格案档梅检楼槽次欧款歉止正此残段母每毕民水求汇汕江汽沙没河法注津活流浮海消涉深清渠港游湛湾源满滴潮澳火点热照爽片牌状率环现珠班理生用由甲申电男界留疑疗疾病登百的监盗目直相省看真督知短码破硬确示社票离种秒租积称移程稍税空窗立站章符第等答策筛签简算管箱簿类粤精系素索累繁约纳纽线细终经绑结给络绝统续维综编缴缺网罚置署群老者职联肆肇育能自至致色节茂范药莞获营落行街补被裁西要见规角解言计订认议记许讼设访证评识诉诊词试话询该详语误说请诺调谢象负责账购贰贴费赁资起超跨路跳身车转辑输辞达迁过运近返还这进远违连退送适选逐递通逾道遗邮部配醒释里重金钟钥铁链销锁错键长门问间防阳阿陆限院除险随障难零需非面音韶页项顺须预领频题额风食餐饭饮馆首香马驶驾验高齐龄";
const TRADITIONAL: &str = "一萬三上下不與且丙業東丟嚴個中臨為主麼之乙九也書買了予事二於雲五交產人億什僅今從他付仟代以們件價任份企伍休眾會傳位低住體何佛作佰使供依便保信修候值假做停偷兒元充先免入全八公六關兵其具養兼內冊再寫軍決況準幾憑出分劃列剛創初別到制刷刻前辦加務動助勞勾勿包區醫匿十午單賣南卜卡印即廳原去縣參及友雙發取受變疊口另只叫可台號司吃各合同名後向嗎否含啓告員周呼和諮品哪售唯商器四回因困圍國圖在地圳場址均壞坐型城基填境士壹處備復外多大天太失頭女好如始姓委姻娃婚嬰子孕字存孩安完定寶實審家容寄密對導壽將小少尚就盡尾局層居屋屏屬山歲崗州巡工差己已市布師帶常冪平年並廣慶序應店廢度建開異弄式張歸當錄役往徑待很得心必志快懷態怎性息惡您情惠想意感慢成我或截户房所手才打托扣執掃扯批找承投護報抱拒撥擇拼拾持指按損換據捷授掉排接控提揭搜攜擺攤撤操支收改放政效教數整文料新方施無日舊早時明星春是晚普暫更曼最月有朋服期未本機權李材杜束條來構果某查標棟校樣核格案檔梅檢樓槽次歐款歉止正此殘段母每畢民水求匯汕江汽沙沒河法注津活流浮海消涉深清渠港遊湛灣源滿滴潮澳火點熱照爽片牌狀率環現珠班理生用由甲申電男界留疑療疾病登百的監盜目直相省看真督知短碼破硬確示社票離種秒租積稱移程稍税空窗立站章符第等答策篩籤簡算管箱簿類粵精系素索累繁約納紐線細終經綁結給絡絕統續維綜編繳缺網罰置署羣老者職聯肆肇育能自至致色節茂範藥莞獲營落行街補被裁西要見規角解言計訂認議記許訟設訪證評識訴診詞試話詢該詳語誤説請諾調謝象負責賬購貳貼費賃資起超跨路跳身車轉輯輸辭達遷過運近返還這進遠違連退送適選逐遞通逾道遺郵部配醒釋裏重金鍾鑰鐵鏈銷鎖錯鍵長門問間防陽阿陸限院除險隨障難零需非面音韶頁項順須預領頻題額風食餐飯飲館首香馬駛駕驗高齊齡";

/// Two-character words whose 繁體 form is not the characters' own, in code-point order.
const WORDS: [(&str, &str); 27] = [
    ("准予", "准予"),
    ("分钟", "分鐘"),
    ("制备", "製備"),
    ("发布", "發佈"),
    ("周一", "週一"),
    ("周三", "週三"),
    ("周二", "週二"),
    ("周五", "週五"),
    ("周六", "週六"),
    ("周四", "週四"),
    ("周岁", "週歲"),
    ("周日", "週日"),
    ("回复", "回覆"),
    ("复印", "複印"),
    ("复议", "複議"),
    ("委托", "委託"),
    ("日志", "日誌"),
    ("汇算", "彙算"),
    ("注册", "註冊"),
    ("照签", "照簽"),
    ("答复", "答覆"),
    ("签到", "簽到"),
    ("签发", "簽發"),
    ("签名", "簽名"),
    ("签署", "簽署"),
    ("联系", "聯繫"),
    ("重复", "重複"),
];

use crate::char_table::CharTable;

/// Where Hong Kong writes a 简体 phrase otherwise than its characters' 繁體 (复印件 is a 副本,
/// not a 複印件), reviewed by hand for the phrases the catalogue, the interface and the server
/// write; longest first where two start alike. Guides read in 繁體 (OpenCC s2hk, [`opencc`]),
/// the server's messages ([`to_hk`]) and the interface's 繁體 strings (an xtask test) all
/// follow it. Proper names keep their mainland words (《个人信息保护法》, 企业信用信息公示系统).
pub const HONG_KONG: [(&str, &str); 13] = [
    ("个人信息保护法", "個人信息保護法"),
    ("个人信息", "個人資料"),
    ("退出登录", "登出"),
    ("复印件", "副本"),
    ("出租车", "的士"),
    ("原件", "正本"),
    ("回执", "回條"),
    ("登录", "登入"),
    ("账户", "帳戶"),
    ("账号", "帳戶"),
    ("打印", "列印"),
    ("激活", "啟用"),
    ("短信", "短訊"),
];

/// The reviewed phrase `text` starts with, if any.
fn hong_kong_phrase(text: &str) -> Option<(&'static str, &'static str)> {
    HONG_KONG
        .iter()
        .copied()
        .find(|(cn, _)| text.starts_with(cn))
}

/// `text` in Hong Kong 繁體: each reviewed phrase ([`HONG_KONG`]) as Hong Kong writes it, the
/// rest through `convert`.
pub fn with_hong_kong_usage(text: &str, convert: impl Fn(&str) -> String) -> String {
    let mut out = String::with_capacity(text.len() * 2);
    let mut plain = String::new();
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        match hong_kong_phrase(rest) {
            Some((cn, hk)) => {
                out.push_str(&convert(&plain));
                plain.clear();
                out.push_str(hk);
                rest = &rest[cn.len()..];
            }
            None => {
                plain.push(c);
                rest = &rest[c.len_utf8()..];
            }
        }
    }
    out.push_str(&convert(&plain));
    out
}

/// `text` in 繁體 (Hong Kong).
pub fn to_hk(text: &str) -> String {
    with_hong_kong_usage(text, characters_to_hk)
}

/// `text` in 繁體 by its characters and two-character words.
fn characters_to_hk(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < chars.len() {
        if let Some(pair) = chars.get(i..i + 2) {
            let pair: String = pair.iter().collect();
            if let Ok(k) = WORDS.binary_search_by(|(w, _)| (*w).cmp(pair.as_str())) {
                out.push_str(WORDS[k].1);
                i += 2;
                continue;
            }
        }
        out.push(one(chars[i]));
        i += 1;
    }
    out
}

fn one(c: char) -> char {
    SIMPLIFIED
        .chars()
        .position(|s| s == c)
        .and_then(|i| TRADITIONAL.chars().nth(i))
        .unwrap_or(c)
}

/// Whether the table knows `c` (every Han character the server writes must be known).
pub fn covers(c: char) -> bool {
    SIMPLIFIED.contains(c)
}

/// 繁體 → 简体 for what a reader types: one character at a time, from OpenCC's data (t2s, hk2s
/// and tw2s) cut to the characters the catalogue and the search rules use, made when the
/// catalogue is loaded ([`opencc::simplifier`]) and kept beside it. Stored as two strings of
/// equal length: the 繁體 characters in code-point order and the 简体 of each.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Simplifier(CharTable<char>);

impl Simplifier {
    /// From its stored form; `None` when the two strings do not line up or are out of order.
    pub fn from_stored(from: &str, to: &str) -> Option<Simplifier> {
        CharTable::new(from.chars().collect(), to.chars().collect()).map(Simplifier)
    }

    /// Its stored form: the 繁體 characters and their 简体.
    pub fn stored(&self) -> (String, String) {
        (self.0.keys(), self.0.values().iter().collect())
    }

    /// How many characters it converts.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// `text` with every 繁體 character it knows in 简体.
    pub fn simplify(&self, text: &str) -> String {
        text.chars()
            .map(|c| self.0.get(c).copied().unwrap_or(c))
            .collect()
    }
}

/// OpenCC's conversions, for the tooling that loads the catalogue (never in the browser or the
/// Worker, which read what it made).
#[cfg(feature = "opencc")]
pub mod opencc {
    use std::collections::{BTreeMap, BTreeSet};

    use ferrous_opencc::config::BuiltinConfig;
    use ferrous_opencc::OpenCC;

    use super::Simplifier;

    fn converter(config: BuiltinConfig) -> Option<OpenCC> {
        OpenCC::from_config(config).ok()
    }

    /// `text` in 繁體 as Hong Kong writes it (OpenCC s2hk, phrase by phrase).
    pub struct ToHk(Option<OpenCC>);

    impl ToHk {
        pub fn new() -> ToHk {
            ToHk(converter(BuiltinConfig::S2hk))
        }

        /// `text` in Hong Kong 繁體, the reviewed phrases ([`super::HONG_KONG`]) as Hong Kong
        /// writes them.
        pub fn convert(&self, text: &str) -> String {
            super::with_hong_kong_usage(text, |t| self.characters(t))
        }

        /// `text` as OpenCC's s2hk converts it.
        pub fn characters(&self, text: &str) -> String {
            match &self.0 {
                Some(c) if !text.is_empty() => c.convert(text),
                _ => text.to_string(),
            }
        }
    }

    impl Default for ToHk {
        fn default() -> Self {
            ToHk::new()
        }
    }

    /// The 繁體 → 简体 table for a catalogue whose 简体 text uses the characters of
    /// `vocabulary`: every character of the CJK blocks that OpenCC's t2s, hk2s or tw2s turns
    /// into one of them (Hong Kong and Taiwan forms alike: 證, 衞, 裏, 着).
    pub fn simplifier(vocabulary: &str) -> Simplifier {
        let wanted: BTreeSet<char> = vocabulary
            .chars()
            .filter(|c| super::super::search::is_han(*c))
            .collect();
        let converters: Vec<OpenCC> =
            [BuiltinConfig::T2s, BuiltinConfig::Hk2s, BuiltinConfig::Tw2s]
                .into_iter()
                .filter_map(converter)
                .collect();
        let mut pairs: BTreeMap<char, char> = BTreeMap::new();
        let blocks = [
            '\u{3400}'..='\u{4DBF}',
            '\u{4E00}'..='\u{9FFF}',
            '\u{F900}'..='\u{FAFF}',
        ];
        for c in blocks.into_iter().flatten() {
            let one = c.to_string();
            for conv in &converters {
                let out = conv.convert(&one);
                let mut chars = out.chars();
                if let (Some(s), None) = (chars.next(), chars.next()) {
                    if s != c && wanted.contains(&s) {
                        pairs.entry(c).or_insert(s);
                    }
                }
            }
        }
        let (from, to): (String, String) = pairs.into_iter().unzip();
        Simplifier::from_stored(&from, &to).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_simplifier_converts_what_it_knows_and_keeps_the_rest() {
        let s = Simplifier::from_stored("丟證護", "丢证护").unwrap();
        assert_eq!(s.simplify("身份證丟了 ID card"), "身份证丢了 ID card");
        assert_eq!(s.len(), 3);
        assert_eq!(
            Simplifier::from_stored(&s.stored().0, &s.stored().1),
            Some(s)
        );
        // Out of order or not lined up: refused.
        assert_eq!(Simplifier::from_stored("證丟", "证丢"), None);
        assert_eq!(Simplifier::from_stored("丟證", "丢"), None);
    }

    #[cfg(feature = "opencc")]
    #[test]
    fn opencc_makes_a_table_for_the_vocabulary_hong_kong_and_taiwan_forms_alike() {
        let s = opencc::simplifier("身份证丢了护照结婚公积金完税驾驶执照里卫");
        assert_eq!(s.simplify("身份證丟了"), "身份证丢了");
        assert_eq!(
            s.simplify("護照 結婚 公積金 完稅 駕駛執照"),
            "护照 结婚 公积金 完税 驾驶执照"
        );
        // Hong Kong and Taiwan variants of one character.
        assert_eq!(s.simplify("裏裡衞衛"), "里里卫卫");
        // Cut to the vocabulary: a character the catalogue never uses is not in the table.
        assert_eq!(s.simplify("龍"), "龍");
        let hk = opencc::ToHk::new();
        assert_eq!(hk.convert("身份证丢了"), "身份證丟了");
        assert_eq!(hk.characters("复印件"), "複印件");
    }

    #[cfg(feature = "opencc")]
    #[test]
    fn hong_kong_usage_is_reviewed_where_it_differs_from_the_characters() {
        let hk = opencc::ToHk::new();
        assert_eq!(hk.convert("身份证原件和复印件"), "身份證正本和副本");
        assert_eq!(hk.convert("登录后打印受理回执"), "登入後列印受理回條");
        // A law's name keeps its words.
        assert_eq!(
            hk.convert("按《个人信息保护法》处理个人信息"),
            "按《個人信息保護法》處理個人資料"
        );
        // Each reviewed phrase differs from its characters' 繁體 (or it would need no review),
        // but for a proper name that keeps a phrase inside it; the longer of two phrases
        // starting alike comes first.
        for (i, (cn, hk_form)) in HONG_KONG.iter().enumerate() {
            let keeps = HONG_KONG.iter().any(|(c, _)| c != cn && cn.contains(c));
            assert!(keeps || hk.characters(cn) != *hk_form, "{cn}");
            assert!(
                HONG_KONG[..i].iter().all(|(c, _)| !cn.starts_with(c)),
                "{cn} after a phrase it starts with"
            );
        }
    }

    #[test]
    fn messages_read_as_hong_kong_writes_them() {
        let cases = [
            ("请输入正确的 11 位手机号码", "請輸入正確的 11 位手機號碼"),
            (
                "密码错误次数过多，账号已锁定，请 3 分钟后再试",
                "密碼錯誤次數過多，帳戶已鎖定，請 3 分鐘後再試",
            ),
            ("已答复，请登录查看并评价", "已答覆，請登入查看並評價"),
            ("验证码已通过短信发送", "驗證碼已通過短訊發送"),
            ("周一至周五 9:00–12:00", "週一至週五 9:00–12:00"),
            ("Plain ASCII stays", "Plain ASCII stays"),
            ("", ""),
        ];
        for (zh, hk) in cases {
            assert_eq!(to_hk(zh), hk);
        }
    }

    #[test]
    fn tables_line_up_and_words_are_sorted() {
        assert_eq!(SIMPLIFIED.chars().count(), TRADITIONAL.chars().count());
        assert!(WORDS.windows(2).all(|w| w[0].0 < w[1].0));
        assert!(WORDS
            .iter()
            .all(|(s, t)| s.chars().count() == 2 && t.chars().count() == 2));
        let simplified: Vec<char> = SIMPLIFIED.chars().collect();
        assert!(simplified.windows(2).all(|w| w[0] < w[1]));
    }
}
