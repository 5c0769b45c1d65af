//! Citizen search over the catalogue, in pure Rust.
//!
//! Citizens type colloquial Chinese, often one or two characters, goals instead of item names
//! ("开公司"), loss words ("丢了", "掉了") instead of "补领", and sometimes pinyin. The index
//! ranks by where a query matches: item name > citizen keywords > category > department >
//! guide body. Each query term is expanded with synonym rewrites and stop-phrase removal;
//! a term found nowhere as a substring still matches by character-bigram coverage.

use std::collections::{BTreeSet, HashMap};

use crate::char_table::CharTable;

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
    /// The English name, English keywords, and the English guide run together.
    pub en_name: String,
    pub en_keywords: Vec<String>,
    pub en_body: String,
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

/// The popular searches in English, one for each of [`POPULAR_SEARCHES`].
pub const POPULAR_SEARCHES_EN: [&str; 8] = [
    "ID card",
    "social security card",
    "passport",
    "provident fund",
    "business licence",
    "marriage registration",
    "driving licence",
    "residence permit",
];

/// The popular searches as a reader of `lang` would type them (繁體 written from the 简体).
pub fn popular(lang: crate::language::Lang) -> Vec<String> {
    use crate::language::Lang;
    match lang {
        Lang::ZhCn => POPULAR_SEARCHES.iter().map(|s| s.to_string()).collect(),
        Lang::ZhHk => POPULAR_SEARCHES
            .iter()
            .map(|s| crate::hant::to_hk(s))
            .collect(),
        Lang::En => POPULAR_SEARCHES_EN.iter().map(|s| s.to_string()).collect(),
    }
}

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
    (
        &[
            "公司裁员",
            "被裁员",
            "裁员",
            "被辞退",
            "辞退",
            "被开除",
            "下岗",
            "丢了工作",
            "没工作了",
            "失业了",
        ],
        &["失业保险金", "失业登记"],
    ),
    (&["辞职", "离职", "跳槽"], &["终止劳动关系"]),
    (&["补贴", "津贴", "补助"], &["津贴", "补贴"]),
    (&["八十多岁", "八十岁", "80多岁", "九十岁"], &["高龄津贴"]),
    (&["住院", "看病报销"], &["就医", "报销"]),
    (&["小餐馆", "饭馆", "开饭店"], &["食品经营"]),
    (&["女朋友", "男朋友", "对象"], &["结婚"]),
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

/// The 简体 words the search rules themselves use (synonyms, stop phrases, popular searches),
/// run together.
pub fn vocabulary() -> String {
    let mut out = String::new();
    for w in STOP_PHRASES.iter().chain(&POPULAR_SEARCHES) {
        out.push_str(w);
    }
    for (keys, values) in SYNONYMS {
        for w in keys.iter().chain(values.iter()) {
            out.push_str(w);
        }
    }
    out
}

/// Whether `c` is a Han character (CJK unified ideographs, extension A, compatibility, and the
/// supplementary planes' extensions).
pub fn is_han(c: char) -> bool {
    matches!(c, '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}' | '\u{20000}'..='\u{3134F}')
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
    /// English words (stemmed, stop words out) of the name, of each keyword, of the body.
    en_name: Vec<String>,
    en_keywords: Vec<Vec<String>>,
    en_body: BTreeSet<String>,
    /// Whether the Chinese fields hold any Latin letter (else a Latin term cannot occur in them).
    latin: bool,
}

/// The search index over a list of documents, in catalogue order.
#[derive(Debug, Clone, Default)]
pub struct Index {
    docs: Vec<Prepared>,
    /// The words a sentence is cut into: the documents' names, keywords and categories and the
    /// search rules' words (the catalogue's own vocabulary is the segmenter's dictionary).
    words: BTreeSet<String>,
    longest_word: usize,
    /// Han characters' sounds, for words typed with a near-homophone.
    sounds: CharPinyin,
    /// The dictionary's Han words of three characters or more by their sound, the first of
    /// each sound: a word mistyped inside a sentence (想办结昏证) is cut out by how it sounds.
    word_sounds: HashMap<String, String>,
    /// Which documents hold a character pair (any field), a single character, a pair of letters
    /// of their pinyin keys, an English word: a query scores only the documents its forms can
    /// match at all, so its cost follows the matches and not the catalogue's size.
    pairs: HashMap<(char, char), Vec<u32>>,
    /// The documents of each category and each department, which match only a form they
    /// hold whole (a few dozen distinct texts).
    wholes: Vec<(String, Vec<u32>)>,
    singles: HashMap<char, Vec<u32>>,
    sound_pairs: HashMap<String, Vec<u32>>,
    english: HashMap<String, Vec<u32>>,
}

/// Letters a term needs to match inside a pinyin word (shorter ones match a word's start only:
/// "kong" in "hongkong" is chance, "shebaoka" in "banlishebaoka" is not).
const PINYIN_INSIDE: usize = 6;

/// The runs of three letters of a pinyin key (two for a two-letter key), to find by.
fn letter_runs(key: &str) -> Vec<String> {
    let b = key.as_bytes();
    let n = if b.len() >= 3 { 3 } else { b.len() };
    if n == 0 {
        return Vec::new();
    }
    b.windows(n)
        .filter_map(|w| std::str::from_utf8(w).ok().map(str::to_string))
        .collect()
}

/// Adds document `doc` under each key (once: documents are added in order).
fn post<K: std::hash::Hash + Eq>(
    map: &mut HashMap<K, Vec<u32>>,
    keys: impl IntoIterator<Item = K>,
    doc: u32,
) {
    for k in keys {
        let list = map.entry(k).or_default();
        if list.last() != Some(&doc) {
            list.push(doc);
        }
    }
}

/// The pinyin (toneless) of the common Han characters — GB 2312's 6763 — made when the
/// catalogue is loaded ([`char_pinyin`], native only) and kept beside it, so that a word typed
/// with a near-homophone from a phone keyboard (身分正, 户照, 社报卡) still finds its item by
/// sound. Stored as the characters in code-point order and their syllables, space-separated.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CharPinyin(CharTable<String>);

impl CharPinyin {
    /// From its stored form; `None` when the two do not line up or are out of order.
    pub fn from_stored(chars: &str, syllables: &str) -> Option<CharPinyin> {
        if chars.is_empty() && syllables.is_empty() {
            return Some(CharPinyin::default());
        }
        let syllables: Vec<String> = syllables.split(' ').map(str::to_string).collect();
        let ok = syllables
            .iter()
            .all(|s| !s.is_empty() && s.chars().all(char::is_lowercase));
        CharTable::new(chars.chars().collect(), syllables)
            .filter(|_| ok)
            .map(CharPinyin)
    }

    /// Its stored form.
    pub fn stored(&self) -> (String, String) {
        (self.0.keys(), self.0.values().join(" "))
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The pinyin of a Han word, syllables run together; `None` when a character is unknown.
    pub fn of(&self, word: &str) -> Option<String> {
        let mut out = String::new();
        for c in word.chars() {
            out.push_str(self.0.get(c)?);
        }
        (!out.is_empty()).then_some(out)
    }
}

/// The pinyin of GB 2312's characters (levels 1 and 2), for [`CharPinyin`].
#[cfg(feature = "pinyin")]
pub fn char_pinyin() -> CharPinyin {
    use pinyin::ToPinyin;
    let mut pairs: Vec<(char, String)> = Vec::new();
    for hi in 0xB0u8..=0xF7 {
        for lo in 0xA1u8..=0xFE {
            let bytes = [hi, lo];
            let (text, _, bad) = encoding_rs::GBK.decode(&bytes);
            let mut chars = text.chars();
            if let (false, Some(c), None) = (bad, chars.next(), chars.next()) {
                if let Some(p) = c.to_pinyin() {
                    pairs.push((c, p.plain().to_string()));
                }
            }
        }
    }
    pairs.sort();
    pairs.dedup_by(|a, b| a.0 == b.0);
    let (chars, syllables) = pairs.into_iter().unzip();
    CharPinyin(CharTable::new(chars, syllables).unwrap_or_default())
}

/// The least score a result must have to be listed: below it a document matched only in its
/// guide text (a condition, a material), which is a hint, not an answer.
pub const CONFIDENT_SCORE: u32 = 100;
/// Results scoring less than this share of the best one are hints too.
pub const CONFIDENT_SHARE: f32 = 0.3;
/// How many hints ("you may also mean") are offered.
pub const HINTS: usize = 5;

/// The hits split into results and hints: a result scores at least [`CONFIDENT_SCORE`] and
/// [`CONFIDENT_SHARE`] of the best; the next few below are hints. `hits` is best first.
pub fn confident(hits: &[Hit]) -> (&[Hit], &[Hit]) {
    let Some(best) = hits.first().map(|h| h.score) else {
        return (&[], &[]);
    };
    let floor = CONFIDENT_SCORE.max((best as f32 * CONFIDENT_SHARE) as u32);
    let n = hits.iter().take_while(|h| h.score >= floor).count();
    let (results, rest) = hits.split_at(n);
    (results, &rest[..rest.len().min(HINTS)])
}

/// One term of a query: its forms, each with a weight, and the pinyin it is read by when no
/// form is found.
struct Term {
    alts: Vec<(String, f32)>,
    sound: Option<String>,
}

/// The weight of a term read by its sound rather than as typed.
const SOUND_WEIGHT: f32 = 0.45;

/// The lengths, in characters, of the words a sentence's runs are heard as (shorter runs sound
/// like too many words by chance).
const SOUNDED_WORD: usize = 3;
const SOUNDED_WORD_MAX: usize = 6;

/// Shortest typed text, in characters, read as a sentence to cut into words.
const SENTENCE_CHARS: usize = 6;

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
                    en_name: english_words(&d.en_name),
                    en_keywords: d
                        .en_keywords
                        .iter()
                        .map(|k| english_words(k))
                        .filter(|k| !k.is_empty())
                        .collect(),
                    en_body: english_words(&d.en_body).into_iter().collect(),
                    latin: [&d.name, &d.category, &d.department_name, &d.body]
                        .into_iter()
                        .chain(&d.keywords)
                        .any(|f| f.bytes().any(|b| b.is_ascii_alphabetic())),
                }
            })
            .collect::<Vec<Prepared>>();
        let mut words: BTreeSet<String> = BTreeSet::new();
        for d in &docs {
            words.insert(d.name.clone());
            words.insert(d.category.clone());
            words.extend(d.keywords.iter().cloned());
        }
        for w in STOP_PHRASES.iter().chain(&POPULAR_SEARCHES) {
            words.insert((*w).to_string());
        }
        for (keys, values) in SYNONYMS {
            words.extend(keys.iter().chain(values.iter()).map(|w| (*w).to_string()));
        }
        words.retain(|w| w.chars().count() >= 2 && !w.contains(' '));
        let longest_word = words.iter().map(|w| w.chars().count()).max().unwrap_or(0);
        let (mut pairs, mut wholes, mut singles, mut sound_pairs, mut english) = (
            HashMap::new(),
            HashMap::<String, Vec<u32>>::new(),
            HashMap::new(),
            HashMap::new(),
            HashMap::new(),
        );
        for (i, d) in docs.iter().enumerate() {
            let i = u32::try_from(i).unwrap_or(u32::MAX);
            for f in [&d.name, &d.body].into_iter().chain(&d.keywords) {
                post(&mut pairs, bigrams(f), i);
            }
            for f in [&d.category, &d.department] {
                post(&mut wholes, [f.clone()], i);
            }
            let fields = [&d.name, &d.category, &d.department, &d.body]
                .into_iter()
                .chain(&d.keywords);
            for f in fields {
                post(&mut singles, f.chars().filter(|c| !c.is_whitespace()), i);
            }
            for w in d.pinyin.iter().chain(&d.initials) {
                post(&mut sound_pairs, letter_runs(w), i);
                // A word's first run again, marked: short terms match only at a word's start.
                post(
                    &mut sound_pairs,
                    letter_runs(w).first().map(|r| format!("^{r}")),
                    i,
                );
            }
            let words = d
                .en_name
                .iter()
                .chain(d.en_keywords.iter().flatten())
                .chain(&d.en_body);
            post(&mut english, words.cloned(), i);
        }
        Index {
            docs,
            words,
            longest_word,
            sounds: CharPinyin::default(),
            word_sounds: HashMap::new(),
            pairs,
            wholes: wholes.into_iter().collect(),
            singles,
            sound_pairs,
            english,
        }
    }

    /// The documents a form of a term can match at all (a superset of those it scores on):
    /// those sharing one of its character pairs (or its one character), and for a Latin term
    /// those holding it as an English word or all its letter pairs in their pinyin keys.
    fn candidates(&self, form: &str, whole: bool, out: &mut Vec<u32>) {
        let grams = bigrams(form);
        if grams.is_empty() {
            for c in form.chars() {
                out.extend(self.singles.get(&c).into_iter().flatten());
            }
        }
        for g in &grams {
            out.extend(self.pairs.get(g).into_iter().flatten());
        }
        if whole {
            for (text, docs) in &self.wholes {
                if text.contains(form) {
                    out.extend(docs);
                }
            }
        }
        if form
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'\'')
        {
            out.extend(self.english.get(&stem(form)).into_iter().flatten());
            // A pinyin match holds all the term's letter runs (the rarest run's documents that
            // hold the others too), and a term too short to match inside a word starts one.
            let runs = letter_runs(form);
            let mut lists: Vec<&[u32]> = runs
                .iter()
                .enumerate()
                .map(|(k, r)| {
                    let list = if k == 0 && form.len() < PINYIN_INSIDE {
                        self.sound_pairs.get(&format!("^{r}"))
                    } else {
                        self.sound_pairs.get(r)
                    };
                    list.map_or(&[][..], Vec::as_slice)
                })
                .collect();
            lists.sort_by_key(|l| l.len());
            if let Some((rarest, rest)) = lists.split_first() {
                out.extend(
                    rarest
                        .iter()
                        .filter(|d| rest.iter().all(|l| l.binary_search(d).is_ok())),
                );
            }
        }
    }

    /// The sounds it reads unmatched Han words with.
    pub fn sounds(&self) -> &CharPinyin {
        &self.sounds
    }

    /// The index reading unmatched Han words by their sound too.
    pub fn with_sounds(mut self, sounds: CharPinyin) -> Index {
        let mut word_sounds = HashMap::new();
        for w in &self.words {
            let n = w.chars().count();
            if (SOUNDED_WORD..=SOUNDED_WORD_MAX).contains(&n) && w.chars().all(is_han) {
                if let Some(sound) = sounds.of(w) {
                    word_sounds.entry(sound).or_insert_with(|| w.clone());
                }
            }
        }
        self.sounds = sounds;
        self.word_sounds = word_sounds;
        self
    }

    /// A term's forms, and the sound it is also read by when none of them is found anywhere:
    /// a Han word typed with a near-homophone (社报卡) is found by its pinyin (shebaoka).
    fn term(&self, term: &str) -> Term {
        let han = term.chars().filter(|c| is_han(*c)).count();
        let sound = if (2..=8).contains(&han) && han == term.chars().count() {
            self.sounds.of(term)
        } else {
            None
        };
        Term {
            alts: alternatives(term),
            sound,
        }
    }

    /// A sentence cut into the words of the dictionary, longest first from the left; what is
    /// no word (我, 昨天, 在地铁上) drops out; a run of three to six characters that is no word
    /// but sounds like one (结昏证) is read as that word. A text that is itself a word, or too
    /// short to be a sentence, or holds no word, stays whole.
    pub fn segment(&self, text: &str) -> Vec<String> {
        let chars: Vec<char> = text.chars().collect();
        if chars.len() < SENTENCE_CHARS
            || self.words.contains(text)
            || !chars.iter().any(|c| is_han(*c))
        {
            return vec![text.to_string()];
        }
        let mut out: Vec<String> = Vec::new();
        let mut i = 0;
        while i < chars.len() {
            let longest = self.longest_word.min(chars.len() - i);
            let found = (2..=longest).rev().find_map(|n| {
                let w: String = chars[i..i + n].iter().collect();
                self.words.contains(&w).then_some((w, n))
            });
            match found {
                Some((w, n)) => {
                    if !STOP_PHRASES.contains(&w.as_str()) && !out.contains(&w) {
                        out.push(w);
                    }
                    i += n;
                }
                None => i += 1,
            }
        }
        // Words typed with a near-homophone: a run that is no word but sounds like one.
        if !self.word_sounds.is_empty() {
            for i in 0..chars.len() {
                for n in (SOUNDED_WORD..=SOUNDED_WORD_MAX.min(chars.len() - i)).rev() {
                    let typed: String = chars[i..i + n].iter().collect();
                    if self.words.contains(&typed) {
                        continue;
                    }
                    let heard = self
                        .sounds
                        .of(&typed)
                        .and_then(|s| self.word_sounds.get(&s));
                    if let Some(w) = heard {
                        if !out.contains(w) {
                            out.push(w.clone());
                        }
                        break;
                    }
                }
            }
        }
        if out.is_empty() {
            vec![text.to_string()]
        } else {
            out
        }
    }

    /// Ranks the documents that `keep` accepts against `query`, best first; ties keep
    /// catalogue order. An empty query returns every kept document in catalogue order.
    pub fn search(&self, query: &str, keep: impl Fn(usize) -> bool) -> Vec<Hit> {
        let normalized = normalize(query);
        // English is read word by word, without the words every question has ("how", "my").
        let english = english_words(&normalized);
        let terms: Vec<Term> = normalized
            .split(' ')
            .filter(|t| !t.is_empty())
            .filter(|t| !is_english_word(t) || !is_english_stop_word(t))
            .flat_map(|t| self.segment(t))
            .map(|t| self.term(&t))
            .collect();
        if terms.is_empty() && !normalized.is_empty() {
            // Only words every question has ("how to"): nothing to look for.
            return Vec::new();
        }
        if terms.is_empty() {
            return (0..self.docs.len())
                .filter(|i| keep(*i))
                .map(|i| Hit { doc: i, score: 0 })
                .collect();
        }
        // Each form is scored only on the documents it can match at all.
        let forms: Vec<(usize, &str, f32, Vec<u32>)> = terms
            .iter()
            .enumerate()
            .flat_map(|(t, term)| term.alts.iter().map(move |(alt, w)| (t, alt, *w)))
            .map(|(t, alt, w)| {
                let mut docs = Vec::new();
                self.candidates(alt, w >= 1.0, &mut docs);
                docs.sort_unstable();
                docs.dedup();
                (t, alt.as_str(), w, docs)
            })
            .collect();
        let mut near: Vec<u32> = forms.iter().flat_map(|f| f.3.iter().copied()).collect();
        near.sort_unstable();
        near.dedup();
        // Each candidate's best score for each term, one row of `terms.len()` per candidate.
        let width = terms.len();
        let mut rows: Vec<f32> = vec![0.0; near.len() * width];
        let mut found = vec![false; width];
        for (t, alt, weight, docs) in &forms {
            let form = Form::new(alt);
            for i in docs {
                let s = score(&form, &self.docs[*i as usize], *weight >= 1.0) * weight;
                if s > 0.0 {
                    if let Ok(r) = near.binary_search(i) {
                        let cell = &mut rows[r * width + t];
                        *cell = cell.max(s);
                        found[*t] = true;
                    }
                }
            }
        }
        // A term none of whose forms is found anywhere is read by its sound (its candidates
        // are a superset of what its forms match, so none found means none anywhere).
        for (t, term) in terms.iter().enumerate() {
            let Some(sound) = term.sound.as_deref().filter(|_| !found[t]) else {
                continue;
            };
            let mut heard: Vec<u32> = Vec::new();
            self.candidates(sound, false, &mut heard);
            heard.sort_unstable();
            heard.dedup();
            let form = Form::new(sound);
            for i in heard {
                let best = score(&form, &self.docs[i as usize], false) * SOUND_WEIGHT;
                if best <= 0.0 {
                    continue;
                }
                let row = match near.binary_search(&i) {
                    Ok(r) => r,
                    Err(r) => {
                        near.insert(r, i);
                        let at = r * width;
                        rows.splice(at..at, std::iter::repeat_n(0.0, width));
                        r
                    }
                };
                let cell = &mut rows[row * width + t];
                *cell = cell.max(best);
            }
        }
        let mut hits: Vec<Hit> = near
            .iter()
            .zip(rows.chunks(width.max(1)))
            .map(|(&i, row)| (i as usize, row))
            .filter(|(i, _)| keep(*i))
            .filter_map(|(i, row)| {
                let doc = &self.docs[i];
                let matched = row.iter().filter(|s| **s > 0.0).count();
                let mut total: f32 = row.iter().sum();
                if matched == width && width > 1 {
                    total *= 1.25;
                }
                total += english_phrase_bonus(&english, doc);
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
    /// with the query, then popular searches (`popular`, in the reader's language). Never empty.
    pub fn suggest(
        &self,
        query: &str,
        names: impl Fn(usize) -> String,
        popular: &[String],
    ) -> Vec<String> {
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
        for p in popular {
            if out.len() >= 8 {
                break;
            }
            if !out.iter().any(|o| o == p) {
                out.push(p.clone());
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

/// Words every English question carries and that name no service.
const ENGLISH_STOP_WORDS: [&str; 44] = [
    "a", "about", "an", "and", "any", "apply", "are", "at", "be", "can", "do", "does", "for",
    "from", "get", "getting", "have", "how", "i", "in", "is", "it", "me", "my", "need", "of", "on",
    "or", "our", "please", "should", "the", "to", "want", "what", "when", "where", "which", "who",
    "why", "will", "with", "would", "you",
];

fn is_english_word(t: &str) -> bool {
    t.bytes()
        .all(|b| b.is_ascii_alphabetic() || b == b'-' || b == b'\'')
        && !t.is_empty()
}

fn is_english_stop_word(t: &str) -> bool {
    ENGLISH_STOP_WORDS.binary_search(&t).is_ok()
}

/// A word in a form its variants share: lower case, plural and possessive endings off, British
/// and American spellings of the same word alike ("licenses" and "licence's" → "licence").
fn stem(word: &str) -> String {
    let mut w = word
        .trim_matches(|c| c == '\'' || c == '-')
        .to_ascii_lowercase();
    if let Some(s) = w.strip_suffix("'s") {
        w = s.to_string();
    }
    for (american, british) in [
        ("license", "licence"),
        ("center", "centre"),
        ("program", "programme"),
    ] {
        if w.starts_with(american) {
            w = w.replacen(american, british, 1);
        }
    }
    if w.len() > 4 && w.ends_with("ies") {
        w.truncate(w.len() - 3);
        w.push('y');
    } else if w.len() > 3 && w.ends_with('s') && !w.ends_with("ss") && !w.ends_with("us") {
        w.pop();
    }
    w
}

/// The English words of a text, stemmed, without stop words; Chinese and digits left out.
pub fn english_words(text: &str) -> Vec<String> {
    normalize(text)
        .split(|c: char| {
            c == ' ' || c == '/' || (!c.is_ascii_alphabetic() && c != '\'' && c != '-')
        })
        .filter(|w| is_english_word(w) && !is_english_stop_word(w))
        .map(stem)
        .filter(|w| !w.is_empty())
        .collect()
}

/// How well an English word matches a document: in the name, in a keyword, in the guide.
fn score_english(term: &str, doc: &Prepared) -> f32 {
    if !is_english_word(term) || is_english_stop_word(term) {
        return 0.0;
    }
    let w = stem(term);
    if w.len() < 2 {
        return 0.0;
    }
    if doc.en_name.contains(&w) {
        // A short name is more about the word than a long one.
        return 300.0 + 100.0 / doc.en_name.len().max(1) as f32;
    }
    if doc.en_keywords.iter().any(|k| k.contains(&w)) {
        return 220.0;
    }
    if doc.en_body.contains(&w) {
        return 25.0;
    }
    0.0
}

/// A bonus when the English question is one of the document's English keywords or its name
/// (all their words, in any order), or holds one whole.
fn english_phrase_bonus(query: &[String], doc: &Prepared) -> f32 {
    if query.is_empty() {
        return 0.0;
    }
    let holds = |phrase: &[String]| !phrase.is_empty() && phrase.iter().all(|w| query.contains(w));
    let covers = |phrase: &[String]| query.iter().all(|w| phrase.contains(w));
    if covers(&doc.en_name) && holds(&doc.en_name) {
        return 900.0;
    }
    let mut best: f32 = 0.0;
    for k in &doc.en_keywords {
        if holds(k) && covers(k) {
            best = best.max(700.0);
        } else if holds(k) && k.len() >= 2 {
            best = best.max(250.0 * k.len() as f32 / query.len() as f32);
        }
    }
    best
}

/// A form of a term as the scoring reads it, made once per query.
struct Form<'a> {
    text: &'a str,
    len: f32,
    /// Only letters, digits, hyphens and apostrophes: an English word or pinyin.
    latin: bool,
    bigrams: BTreeSet<(char, char)>,
}

impl<'a> Form<'a> {
    fn new(text: &'a str) -> Form<'a> {
        Form {
            text,
            len: char_len(text),
            latin: text
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'\''),
            bigrams: bigrams(text),
        }
    }
}

/// How well one form of a term matches one document, 0 when not at all.
/// `whole`: the form is the term as typed (or without its stop phrases), which may also match a
/// category or a department; a rewritten form (a synonym's expansion) matches only what names
/// the service.
fn score(form: &Form, doc: &Prepared, whole: bool) -> f32 {
    let (term, len) = (form.text, form.len);
    if len == 0.0 {
        return 0.0;
    }
    if form.latin {
        let english = score_english(term, doc);
        let pinyin = score_pinyin(term, doc);
        if english > 0.0 || pinyin > 0.0 {
            return english.max(pinyin);
        }
        if !doc.latin && term.bytes().any(|b| b.is_ascii_alphabetic()) {
            return 0.0;
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
    if whole && doc.category.contains(term) {
        return 150.0;
    }
    if whole && doc.department.contains(term) {
        return 100.0;
    }
    if doc.body.contains(term) {
        return 30.0;
    }
    if len >= 3.0 {
        let wanted = &form.bigrams;
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
            // A short run inside a word is as likely chance as pinyin ("id" in "yidi").
            let s = if w == term {
                full
            } else if w.starts_with(term) || (term.len() >= PINYIN_INSIDE && w.contains(term)) {
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
            ..SearchDoc::default()
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

    #[cfg(feature = "pinyin")]
    #[test]
    fn a_word_mistyped_inside_a_sentence_is_heard_by_its_sound() {
        let idx = Index::new(vec![
            doc("结婚登记", &["结婚证", "领证"], "婚姻登记", ""),
            doc("离婚登记", &["离婚证"], "婚姻登记", ""),
        ])
        .with_sounds(char_pinyin());
        let words = idx.segment("想办结昏证需要带什么材料");
        assert!(words.contains(&"结婚证".to_string()), "{words:?}");
        let hits = idx.search("想办结昏证需要带什么材料", |_| true);
        assert_eq!(hits.first().map(|h| h.doc), Some(0), "{hits:?}");
        // Without the sounds a mistyped word is not found inside a sentence.
        let deaf = Index::new(vec![doc("结婚登记", &["结婚证"], "婚姻登记", "")]);
        assert!(!deaf
            .segment("想办结昏证需要带什么材料")
            .contains(&"结婚证".to_string()));
        // A run that is itself a word is read as typed, not as a word it sounds like.
        assert_eq!(idx.segment("我要办离婚证和结婚证"), ["离婚证", "结婚证"]);
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
        let zh = popular(crate::language::Lang::ZhCn);
        let s = index.suggest("护", |_| "普通护照签发".into(), &zh);
        assert_eq!(s[0], "普通护照签发");
        let s = index.suggest("xyz", |_| String::new(), &zh);
        assert!(!s.is_empty());
        assert!(s.contains(&"身份证".to_string()));
        // In the reader's language: 繁體 written from the 简体, English of its own.
        assert!(popular(crate::language::Lang::ZhHk).contains(&"身份證".to_string()));
        assert_eq!(popular(crate::language::Lang::En)[0], "ID card");
    }

    #[cfg(feature = "pinyin")]
    #[test]
    fn pinyin_keys_of_names() {
        let (full, initials) = pinyin_keys(["护照", "办A证"]);
        assert_eq!(full, "huzhao banazheng");
        assert_eq!(initials, "hz baz");
    }
}
