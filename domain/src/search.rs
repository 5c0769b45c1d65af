//! Citizen search over the catalogue, in pure Rust.
//!
//! Citizens type colloquial Chinese, often one or two characters, goals instead of item names
//! ("开公司"), loss words ("丢了", "掉了") instead of "补领", and sometimes pinyin. The index
//! ranks by where a query matches: item name > citizen keywords > category > department >
//! guide body. Each query term is expanded with synonym rewrites and stop-phrase removal;
//! a term found nowhere as a substring still matches by character-bigram coverage.

use std::collections::BTreeSet;

/// What the index knows about one item.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SearchDoc {
    pub name: String,
    pub keywords: Vec<String>,
    pub category: String,
    pub department_name: String,
    /// Conditions, materials and steps run together.
    pub body: String,
    /// Pinyin of the name and each keyword, space-separated, name first (`"putonghuzhaoqianfa banhuzhao"`).
    pub pinyin: String,
    /// Pinyin initials, same layout (`"pthzqf bhz"`).
    pub initials: String,
}

/// A match: the position of the document in the index and its score.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hit {
    pub doc: usize,
    pub score: u32,
}

/// Searches tried when nothing matched, shown as suggestions.
pub const POPULAR_SEARCHES: [&str; 8] = [
    "身份证",
    "社保卡",
    "护照",
    "公积金",
    "营业执照",
    "结婚登记",
    "驾驶证",
    "居住证",
];

/// Words citizens add around what they want; removed to get at the request.
const STOP_PHRASES: [&str; 24] = [
    "怎么办理",
    "如何办理",
    "怎么办",
    "怎样办",
    "怎么弄",
    "怎么",
    "如何",
    "在哪里",
    "去哪里",
    "去哪儿",
    "去哪",
    "哪里",
    "我要",
    "我想",
    "想要",
    "需要",
    "要什么",
    "什么",
    "手续",
    "办理",
    "流程",
    "申请",
    "一下",
    "请问",
];

/// Synonym rules: a query containing any of the left words also searches for the right ones.
const SYNONYMS: &[(&[&str], &[&str])] = &[
    (
        &[
            "丢了",
            "掉了",
            "不见了",
            "弄丢了",
            "弄丢",
            "丢失",
            "遗失",
            "被偷了",
            "被偷",
            "被盗",
            "找不到了",
            "丢",
        ],
        &["补领", "补办", "补发", "遗失"],
    ),
    (&["补办", "补证", "补卡"], &["补领", "补发", "补换"]),
    (
        &["过期", "到期", "快到期", "期满", "失效"],
        &["期满换证", "换领", "换证", "到期"],
    ),
    (&["坏了", "损坏", "破了"], &["补换", "换领"]),
    (&["驾照", "驾证", "驾驶本", "车本"], &["驾驶证"]),
    (&["身分证", "身份正", "sfz"], &["身份证"]),
    (&["户口本"], &["户口簿"]),
    (
        &["上户口", "报户口", "上户", "落户", "入户"],
        &["出生登记", "户口迁入", "户口"],
    ),
    (
        &[
            "开公司",
            "办公司",
            "注册公司",
            "成立公司",
            "开个公司",
            "新公司",
        ],
        &["公司设立"],
    ),
    (
        &["开店", "开个店", "做生意", "摆摊", "个体户"],
        &["个体工商户"],
    ),
    (&["营业执照", "执照"], &["设立登记"]),
    (
        &[
            "生孩子",
            "生小孩",
            "生娃",
            "生宝宝",
            "怀孕",
            "准生",
            "坐月子",
        ],
        &["生育", "出生"],
    ),
    (
        &["宝宝", "小孩", "婴儿", "新生儿", "孩子"],
        &["出生", "新生儿"],
    ),
    (&["结婚", "领证", "扯证"], &["结婚登记"]),
    (&["离婚"], &["离婚登记"]),
    (&["社保卡", "医保卡"], &["社会保障卡"]),
    (&["社保"], &["社会保险", "社会保障", "参保"]),
    (&["医保"], &["医疗保险", "医疗保障"]),
    (&["公积金"], &["住房公积金"]),
    (&["租房", "房租", "租的房", "租房子"], &["租赁"]),
    (&["买房", "购房", "买房子"], &["购买自住住房"]),
    (&["房产证", "房本", "房产", "房子"], &["不动产", "房屋"]),
    (&["过户"], &["转移登记"]),
    (&["看病", "就诊"], &["就医"]),
    (&["外地", "外省", "异地", "跨省", "老家"], &["异地"]),
    (&["退休金", "养老金", "退休工资"], &["基本养老金"]),
    (&["退休"], &["退休", "离休退休"]),
    (&["老人", "老年人", "长寿"], &["高龄"]),
    (&["残废", "残疾"], &["残疾人"]),
    (&["退伍", "当兵", "军人", "老兵"], &["退役军人"]),
    (&["网约车", "滴滴"], &["网络预约出租汽车"]),
    (&["出租车", "的士", "计程车"], &["巡游出租汽车"]),
    (&["香港", "澳门", "港澳"], &["往来港澳通行证"]),
    (&["台湾"], &["往来台湾通行证"]),
    (&["出国", "出境"], &["护照"]),
    (&["违章", "罚单", "扣分"], &["交通安全违法行为"]),
    (&["低保"], &["最低生活保障"]),
    (&["个税"], &["个人所得税"]),
    (&["退税"], &["年度汇算"]),
    (&["刻章", "公章", "印章"], &["公章刻制"]),
    (&["教资", "教师证"], &["教师资格"]),
    (&["暂住证"], &["居住证"]),
    (&["失业金"], &["失业保险金"]),
    (&["产假"], &["生育津贴"]),
    (&["发票"], &["发票领用"]),
    (&["开工"], &["施工许可"]),
    (&["餐馆", "饭店", "餐饮", "卖吃的"], &["食品经营"]),
    (&["药店", "药房"], &["药品零售"]),
];

const MAX_ALTERNATIVES: usize = 32;

/// Normalises text for matching: full-width ASCII to half-width, ASCII lower-case,
/// punctuation to spaces, runs of spaces to one.
pub fn normalize(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut last_space = true;
    for c in text.chars() {
        let c = match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            '\u{3000}' => ' ',
            _ => c,
        };
        let c = c.to_ascii_lowercase();
        let is_sep = c.is_whitespace()
            || (c.is_ascii_punctuation() && c != '-')
            || matches!(
                c,
                '、' | '，'
                    | '。'
                    | '？'
                    | '！'
                    | '：'
                    | '；'
                    | '“'
                    | '”'
                    | '‘'
                    | '’'
                    | '（'
                    | '）'
                    | '《'
                    | '》'
                    | '【'
                    | '】'
                    | '…'
                    | '·'
                    | '—'
                    | '～'
            );
        if is_sep {
            if !last_space {
                out.push(' ');
                last_space = true;
            }
        } else {
            out.push(c);
            last_space = false;
        }
    }
    if out.ends_with(' ') {
        out.pop();
    }
    out
}

fn bigrams(text: &str) -> BTreeSet<(char, char)> {
    let chars: Vec<char> = text.chars().filter(|c| !c.is_whitespace()).collect();
    chars.windows(2).map(|w| (w[0], w[1])).collect()
}

fn char_len(s: &str) -> f32 {
    s.chars().count() as f32
}

#[derive(Debug, Clone)]
struct Prepared {
    name: String,
    keywords: Vec<String>,
    category: String,
    department: String,
    body: String,
    pinyin: Vec<String>,
    initials: Vec<String>,
    name_bigrams: BTreeSet<(char, char)>,
    keyword_bigrams: BTreeSet<(char, char)>,
    body_bigrams: BTreeSet<(char, char)>,
}

/// The search index over a list of documents, in catalogue order.
#[derive(Debug, Clone, Default)]
pub struct Index {
    docs: Vec<Prepared>,
}

impl Index {
    pub fn new(docs: impl IntoIterator<Item = SearchDoc>) -> Index {
        let docs = docs
            .into_iter()
            .map(|d| {
                let name = normalize(&d.name);
                let keywords: Vec<String> = d.keywords.iter().map(|k| normalize(k)).collect();
                let body = normalize(&d.body);
                Prepared {
                    name_bigrams: bigrams(&name),
                    keyword_bigrams: keywords.iter().flat_map(|k| bigrams(k)).collect(),
                    body_bigrams: bigrams(&body),
                    name,
                    keywords,
                    category: normalize(&d.category),
                    department: normalize(&d.department_name),
                    body,
                    pinyin: d.pinyin.split_whitespace().map(str::to_string).collect(),
                    initials: d.initials.split_whitespace().map(str::to_string).collect(),
                }
            })
            .collect();
        Index { docs }
    }

    /// Ranks the documents that `keep` accepts against `query`, best first; ties keep
    /// catalogue order. An empty query returns every kept document in catalogue order.
    pub fn search(&self, query: &str, keep: impl Fn(usize) -> bool) -> Vec<Hit> {
        let normalized = normalize(query);
        let terms: Vec<Vec<(String, f32)>> = normalized
            .split(' ')
            .filter(|t| !t.is_empty())
            .map(alternatives)
            .collect();
        let mut hits: Vec<Hit> = self
            .docs
            .iter()
            .enumerate()
            .filter(|(i, _)| keep(*i))
            .filter_map(|(i, doc)| {
                if terms.is_empty() {
                    return Some(Hit { doc: i, score: 0 });
                }
                let mut total = 0.0;
                let mut matched = 0;
                for alts in &terms {
                    let best = alts
                        .iter()
                        .map(|(alt, weight)| score(alt, doc) * weight)
                        .fold(0.0_f32, f32::max);
                    if best > 0.0 {
                        matched += 1;
                    }
                    total += best;
                }
                if matched == terms.len() && terms.len() > 1 {
                    total *= 1.25;
                }
                (total > 0.0).then(|| Hit {
                    doc: i,
                    score: total.round() as u32,
                })
            })
            .collect();
        hits.sort_by(|a, b| b.score.cmp(&a.score).then(a.doc.cmp(&b.doc)));
        hits
    }

    /// Item names to offer when a query found nothing: those sharing the most characters
    /// with the query, then popular searches. Never empty.
    pub fn suggest(&self, query: &str, names: impl Fn(usize) -> String) -> Vec<String> {
        let wanted: BTreeSet<char> = normalize(query)
            .chars()
            .filter(|c| !c.is_whitespace() && !c.is_ascii())
            .collect();
        let mut scored: Vec<(usize, usize)> = self
            .docs
            .iter()
            .enumerate()
            .map(|(i, d)| (i, d.name.chars().filter(|c| wanted.contains(c)).count()))
            .filter(|(_, n)| *n > 0)
            .collect();
        scored.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        let mut out: Vec<String> = scored.into_iter().take(5).map(|(i, _)| names(i)).collect();
        for p in POPULAR_SEARCHES {
            if out.len() >= 8 {
                break;
            }
            if !out.iter().any(|o| o == p) {
                out.push(p.to_string());
            }
        }
        out
    }
}

/// A term and the forms it is also searched as, each with a weight (1.0 for the term as typed).
fn alternatives(term: &str) -> Vec<(String, f32)> {
    let mut alts: Vec<(String, f32)> = vec![(term.to_string(), 1.0)];
    let push = |alts: &mut Vec<(String, f32)>, s: String, w: f32| {
        if !s.is_empty() && alts.len() < MAX_ALTERNATIVES && !alts.iter().any(|(a, _)| *a == s) {
            alts.push((s, w));
        }
    };
    let mut stripped = term.to_string();
    for stop in STOP_PHRASES {
        stripped = stripped.replace(stop, "");
    }
    if stripped != term {
        push(&mut alts, stripped, 1.0);
    }
    for (keys, values) in SYNONYMS {
        let snapshot = alts.clone();
        for (alt, weight) in snapshot {
            let Some(key) = keys.iter().find(|k| alt.contains(**k)) else {
                continue;
            };
            // What the citizen named besides the synonym ("身份证" in "身份证丢了") is a
            // stronger signal than the synonym's expansion alone.
            let rest = alt.replacen(key, "", 1);
            if rest.chars().count() >= 2 {
                push(&mut alts, rest, weight * 0.8);
            }
            for value in *values {
                if alt.contains(value) {
                    continue;
                }
                push(&mut alts, alt.replacen(key, value, 1), weight * 0.9);
                push(&mut alts, (*value).to_string(), weight * 0.5);
            }
        }
    }
    alts
}

/// How well one form of a term matches one document, 0 when not at all.
fn score(term: &str, doc: &Prepared) -> f32 {
    let len = char_len(term);
    if len == 0.0 {
        return 0.0;
    }
    if term.bytes().all(|b| b.is_ascii_alphanumeric()) {
        let pinyin = score_pinyin(term, doc);
        if pinyin > 0.0 {
            return pinyin;
        }
    }
    if doc.name == term {
        return 1000.0;
    }
    if doc.name.contains(term) {
        return 400.0 + 200.0 * len / char_len(&doc.name);
    }
    let mut best: f32 = 0.0;
    for kw in &doc.keywords {
        if kw == term {
            best = best.max(500.0);
        } else if kw.contains(term) {
            best = best.max(250.0 + 100.0 * len / char_len(kw));
        } else if char_len(kw) >= 3.0 && term.contains(kw.as_str()) {
            best = best.max(300.0 * char_len(kw) / len);
        }
    }
    if best > 0.0 {
        return best;
    }
    if doc.category.contains(term) {
        return 150.0;
    }
    if doc.department.contains(term) {
        return 100.0;
    }
    if doc.body.contains(term) {
        return 30.0;
    }
    if len >= 3.0 {
        let wanted = bigrams(term);
        let cover = |set: &BTreeSet<(char, char)>| {
            wanted.iter().filter(|b| set.contains(b)).count() as f32 / wanted.len() as f32
        };
        let name = cover(&doc.name_bigrams);
        if name >= 0.5 {
            return 300.0 * name;
        }
        let keywords = cover(&doc.keyword_bigrams);
        if keywords >= 0.5 {
            return 200.0 * keywords;
        }
        let body = cover(&doc.body_bigrams);
        if body >= 0.75 {
            return 20.0 * body;
        }
    }
    0.0
}

fn score_pinyin(term: &str, doc: &Prepared) -> f32 {
    if term.len() < 2 || !term.bytes().any(|b| b.is_ascii_alphabetic()) {
        return 0.0;
    }
    let in_name = |words: &[String], full: f32, part: f32| -> f32 {
        words.iter().enumerate().fold(0.0_f32, |best, (i, w)| {
            let boost = if i == 0 { 1.0 } else { 0.7 };
            let s = if w == term {
                full
            } else if w.starts_with(term) || w.contains(term) {
                part
            } else {
                0.0
            };
            best.max(s * boost)
        })
    };
    let full = in_name(&doc.pinyin, 500.0, 350.0);
    let initials = if term.len() >= 2 {
        in_name(&doc.initials, 300.0, 150.0)
    } else {
        0.0
    };
    full.max(initials)
}

/// Pinyin keys of some texts: full syllables and initials, each text's run joined without
/// spaces and the texts separated by one space.
#[cfg(feature = "pinyin")]
pub fn pinyin_keys<'a>(texts: impl IntoIterator<Item = &'a str>) -> (String, String) {
    use pinyin::ToPinyin;
    let mut full = Vec::new();
    let mut initials = Vec::new();
    for text in texts {
        let mut f = String::new();
        let mut i = String::new();
        for (c, p) in text.chars().zip(text.to_pinyin()) {
            match p {
                Some(p) => {
                    f.push_str(p.plain());
                    i.push_str(p.first_letter());
                }
                None if c.is_ascii_alphanumeric() => {
                    f.push(c.to_ascii_lowercase());
                    i.push(c.to_ascii_lowercase());
                }
                None => {}
            }
        }
        if !f.is_empty() {
            full.push(f);
            initials.push(i);
        }
    }
    (full.join(" "), initials.join(" "))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(name: &str, keywords: &[&str], category: &str, body: &str) -> SearchDoc {
        SearchDoc {
            name: name.into(),
            keywords: keywords.iter().map(|k| k.to_string()).collect(),
            category: category.into(),
            department_name: "市公安局".into(),
            body: body.into(),
            pinyin: String::new(),
            initials: String::new(),
        }
    }

    #[test]
    fn normalize_folds_width_case_and_punctuation() {
        assert_eq!(normalize("  ＡＢＣ１２３　护照！！ "), "abc123 护照");
        assert_eq!(normalize("身份证，丢了。"), "身份证 丢了");
        assert_eq!(normalize("《居民身份证》（补领）"), "居民身份证 补领");
        assert_eq!(normalize(""), "");
        assert_eq!(normalize("！？"), "");
    }

    #[test]
    fn alternatives_apply_synonyms_and_stop_phrases() {
        let alts: Vec<String> = alternatives("身份证丢了怎么办")
            .into_iter()
            .map(|a| a.0)
            .collect();
        assert!(alts.contains(&"身份证丢了".to_string()), "{alts:?}");
        assert!(alts.contains(&"身份证补领".to_string()), "{alts:?}");
        let alts: Vec<String> = alternatives("驾照到期").into_iter().map(|a| a.0).collect();
        assert!(alts.contains(&"驾驶证到期".to_string()), "{alts:?}");
        assert!(alts.len() <= MAX_ALTERNATIVES);
    }

    #[test]
    fn name_beats_keyword_beats_department_beats_body() {
        let index = Index::new([
            doc("甲证明", &[], "其他", "需要带护照原件"),
            doc("乙事项", &["换护照"], "其他", ""),
            doc("普通护照签发", &[], "出入境", ""),
            doc("丙事项", &[], "护照", ""),
        ]);
        let order: Vec<usize> = index
            .search("护照", |_| true)
            .iter()
            .map(|h| h.doc)
            .collect();
        assert_eq!(order, vec![2, 1, 3, 0]);
    }

    #[test]
    fn the_named_thing_outranks_the_synonym_alone() {
        let index = Index::new([
            doc("残疾人证补办", &[], "残疾人证", ""),
            doc("居民身份证换领", &[], "户政", ""),
            doc("居民身份证补领", &[], "户政", ""),
        ]);
        let order: Vec<usize> = index
            .search("身份证丢了", |_| true)
            .iter()
            .map(|h| h.doc)
            .collect();
        assert_eq!(order, vec![2, 1, 0]);
    }

    #[test]
    fn one_and_two_character_queries_match() {
        let index = Index::new([
            doc("普通护照签发", &[], "出入境", ""),
            doc("结婚登记", &[], "婚姻", ""),
        ]);
        assert_eq!(index.search("护", |_| true)[0].doc, 0);
        assert_eq!(index.search("婚", |_| true)[0].doc, 1);
        assert_eq!(index.search("结婚", |_| true).len(), 1);
    }

    #[test]
    fn bigram_coverage_finds_reworded_names() {
        let index = Index::new([
            doc("租赁住房提取住房公积金", &[], "提取", ""),
            doc("公司设立登记", &[], "市场主体", ""),
        ]);
        let hits = index.search("提取公积金", |_| true);
        assert_eq!(hits.len(), 1);
        assert_eq!(hits[0].doc, 0);
    }

    #[test]
    fn multi_word_queries_prefer_items_matching_every_word() {
        let index = Index::new([
            doc("购买自住住房提取住房公积金", &[], "提取", ""),
            doc("租赁住房提取住房公积金", &[], "提取", ""),
            doc("房屋租赁登记备案", &[], "房屋租赁", ""),
        ]);
        assert_eq!(index.search("租房 提取公积金", |_| true)[0].doc, 1);
    }

    #[test]
    fn filters_and_empty_queries() {
        let index = Index::new([
            doc("甲", &[], "", ""),
            doc("乙", &[], "", ""),
            doc("丙", &[], "", ""),
        ]);
        let all: Vec<usize> = index.search("", |i| i != 1).iter().map(|h| h.doc).collect();
        assert_eq!(all, vec![0, 2]);
        assert!(index.search("   ", |_| false).is_empty());
        assert!(index.search("不存在的东西", |_| true).is_empty());
    }

    #[test]
    fn pinyin_and_initials_match() {
        let mut d = doc("普通护照签发", &["办护照"], "出入境", "");
        d.pinyin = "putonghuzhaoqianfa banhuzhao".into();
        d.initials = "pthzqf bhz".into();
        let other = doc("结婚登记", &[], "婚姻", "");
        let index = Index::new([other, d]);
        assert_eq!(index.search("huzhao", |_| true)[0].doc, 1);
        assert_eq!(index.search("HuZhao", |_| true)[0].doc, 1);
        assert_eq!(index.search("pthz", |_| true)[0].doc, 1);
        assert!(index.search("h", |_| true).is_empty());
    }

    #[test]
    fn suggestions_are_never_empty() {
        let index = Index::new([doc("普通护照签发", &[], "出入境", "")]);
        let s = index.suggest("护", |_| "普通护照签发".into());
        assert_eq!(s[0], "普通护照签发");
        let s = index.suggest("xyz", |_| String::new());
        assert!(!s.is_empty());
        assert!(s.contains(&"身份证".to_string()));
    }

    #[cfg(feature = "pinyin")]
    #[test]
    fn pinyin_keys_of_names() {
        let (full, initials) = pinyin_keys(["护照", "办A证"]);
        assert_eq!(full, "huzhao banazheng");
        assert_eq!(initials, "hz baz");
    }
}
