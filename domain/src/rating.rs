//! 好差评 (standard 5.9, 7.4, and the national 好差评 rules): the citizen who was served rates
//! the service, once, after it is finished; staff never rate, and no staff view says who rated.
//! A service not rated within 7 days counts as 基本满意, marked as a default. A bad rating opens
//! a work order (contact within 1 working day, fix reported within 15, then a reply); a staff
//! member may appeal a malicious rating, which the hall manager decides. Public figures hide
//! any group with fewer than 5 ratings.

use serde::{Deserialize, Serialize};

use crate::calendar::{Calendar, Date};

/// A citizen's satisfaction, best first; the last two are bad ratings (差评).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    VerySatisfied,
    Satisfied,
    Basic,
    Dissatisfied,
    VeryDissatisfied,
}

impl Level {
    pub const ALL: [Level; 5] = [
        Level::VerySatisfied,
        Level::Satisfied,
        Level::Basic,
        Level::Dissatisfied,
        Level::VeryDissatisfied,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Level::VerySatisfied => "very_satisfied",
            Level::Satisfied => "satisfied",
            Level::Basic => "basic",
            Level::Dissatisfied => "dissatisfied",
            Level::VeryDissatisfied => "very_dissatisfied",
        }
    }

    pub fn parse(s: &str) -> Option<Level> {
        Level::ALL.into_iter().find(|l| l.as_str() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            Level::VerySatisfied => "非常满意",
            Level::Satisfied => "满意",
            Level::Basic => "基本满意",
            Level::Dissatisfied => "不满意",
            Level::VeryDissatisfied => "非常不满意",
        }
    }

    /// 不满意 and 非常不满意 are bad ratings (差评).
    pub fn is_bad(self) -> bool {
        matches!(self, Level::Dissatisfied | Level::VeryDissatisfied)
    }

    /// Points for averages: 5 (非常满意) down to 1.
    pub fn points(self) -> u32 {
        match self {
            Level::VerySatisfied => 5,
            Level::Satisfied => 4,
            Level::Basic => 3,
            Level::Dissatisfied => 2,
            Level::VeryDissatisfied => 1,
        }
    }
}

/// What is rated: a finished service at a window, or an application decided online.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    OnSite,
    Online,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::OnSite => "on_site",
            Kind::Online => "online",
        }
    }

    pub fn parse(s: &str) -> Option<Kind> {
        [Kind::OnSite, Kind::Online]
            .into_iter()
            .find(|k| k.as_str() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            Kind::OnSite => "现场服务",
            Kind::Online => "网上服务",
        }
    }

    /// The dimensions rated for this kind of service.
    pub fn dimensions(self) -> &'static [Dimension] {
        match self {
            Kind::OnSite => &[Dimension::Efficiency, Dimension::Skill, Dimension::Attitude],
            Kind::Online => &[
                Dimension::OnlineEfficiency,
                Dimension::GuideAccuracy,
                Dimension::Convenience,
                Dimension::Operability,
            ],
        }
    }
}

/// One aspect of the service rated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Dimension {
    /// 服务效率
    Efficiency,
    /// 服务水平
    Skill,
    /// 服务态度
    Attitude,
    /// 办事效率
    OnlineEfficiency,
    /// 指南精确度
    GuideAccuracy,
    /// 便捷度
    Convenience,
    /// 平台操作性
    Operability,
}

impl Dimension {
    pub fn label(self) -> &'static str {
        match self {
            Dimension::Efficiency => "服务效率",
            Dimension::Skill => "服务水平",
            Dimension::Attitude => "服务态度",
            Dimension::OnlineEfficiency => "办事效率",
            Dimension::GuideAccuracy => "指南精确度",
            Dimension::Convenience => "便捷度",
            Dimension::Operability => "平台操作性",
        }
    }
}

/// Why a rating is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// The service is not finished (the ticket not done, the application not decided).
    NotFinished,
    /// Someone else was served.
    NotYours,
    /// Rated already (by the citizen, or by default after 7 days).
    AlreadyRated,
    /// Staff never rate.
    Staff,
    /// A dimension that does not belong to this kind of service, or one given twice.
    BadDimension,
}

impl Refusal {
    pub fn code(self) -> &'static str {
        match self {
            Refusal::NotFinished => "rating.not_finished",
            Refusal::NotYours => "rating.not_yours",
            Refusal::AlreadyRated => "rating.already_rated",
            Refusal::Staff => "rating.staff",
            Refusal::BadDimension => "rating.bad_dimension",
        }
    }

    pub fn status(self) -> u16 {
        match self {
            Refusal::NotFinished | Refusal::AlreadyRated => 409,
            Refusal::NotYours | Refusal::Staff => 403,
            Refusal::BadDimension => 400,
        }
    }

    pub fn message_zh(self) -> &'static str {
        match self {
            Refusal::NotFinished => "服务办结后才能评价",
            Refusal::NotYours => "只有接受服务的本人才能评价",
            Refusal::AlreadyRated => "这次服务已经评价过了",
            Refusal::Staff => "工作人员不能评价服务",
            Refusal::BadDimension => "评价的项目不属于这类服务",
        }
    }

    pub fn message_en(self) -> &'static str {
        match self {
            Refusal::NotFinished => "Only a finished service can be rated",
            Refusal::NotYours => "Only the citizen who was served may rate it",
            Refusal::AlreadyRated => "This service was rated already",
            Refusal::Staff => "Staff cannot rate services",
            Refusal::BadDimension => "A dimension that does not belong to this kind of service",
        }
    }
}

/// What the server knows about the service and the caller when a rating arrives.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Served {
    pub finished: bool,
    /// The caller is the citizen who was served.
    pub yours: bool,
    pub rated: bool,
    /// The request also carries a staff session.
    pub staff: bool,
}

/// Whether the rating may be recorded. Staff are refused first, whoever they are.
pub fn check(s: Served) -> Result<(), Refusal> {
    if s.staff {
        Err(Refusal::Staff)
    } else if !s.yours {
        Err(Refusal::NotYours)
    } else if !s.finished {
        Err(Refusal::NotFinished)
    } else if s.rated {
        Err(Refusal::AlreadyRated)
    } else {
        Ok(())
    }
}

/// The dimensions' levels, checked against the kind; a missing dimension takes the overall
/// level.
pub fn dimensions(
    kind: Kind,
    overall: Level,
    given: &[(Dimension, Level)],
) -> Result<Vec<(Dimension, Level)>, Refusal> {
    for (i, (d, _)) in given.iter().enumerate() {
        if !kind.dimensions().contains(d) || given[..i].iter().any(|(e, _)| e == d) {
            return Err(Refusal::BadDimension);
        }
    }
    Ok(kind
        .dimensions()
        .iter()
        .map(|d| {
            let level = given
                .iter()
                .find(|(g, _)| g == d)
                .map_or(overall, |(_, l)| *l);
            (*d, level)
        })
        .collect())
}

/// Seconds after the service within which the citizen rates; then 基本满意 by default.
pub const RATE_WITHIN_SECS: i64 = 7 * 86_400;

/// Whether a service finished at `finished_at` and not rated gets its default rating now.
pub fn default_due(finished_at: i64, now: i64) -> bool {
    now - finished_at >= RATE_WITHIN_SECS
}

/// The level recorded by default.
pub const DEFAULT_LEVEL: Level = Level::Basic;

/// The smallest group the public figures show.
pub const MIN_GROUP: u32 = 5;

/// A group of ratings summed up.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Tally {
    pub count: u32,
    /// Ratings per level, in `Level::ALL` order.
    pub per_level: [u32; 5],
    /// Per mille rated 基本满意 or better.
    pub satisfied_permille: u32,
    /// Average points × 100 (500: all 非常满意).
    pub average_centi: u32,
}

/// Sums up a group, or `None` when it has fewer than `MIN_GROUP` ratings (too few to show
/// without pointing at someone).
pub fn tally(levels: &[Level]) -> Option<Tally> {
    let count = levels.len() as u32;
    if count < MIN_GROUP {
        return None;
    }
    let mut per_level = [0u32; 5];
    for l in levels {
        if let Some(i) = Level::ALL.iter().position(|x| x == l) {
            per_level[i] += 1;
        }
    }
    let good = levels.iter().filter(|l| !l.is_bad()).count() as u32;
    let points: u32 = levels.iter().map(|l| l.points()).sum();
    Some(Tally {
        count,
        per_level,
        satisfied_permille: good * 1000 / count,
        average_centi: points * 100 / count,
    })
}

/// Where a bad rating's work order stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OrderState {
    /// The citizen is to be contacted.
    Open,
    /// Contacted; the fix is to be reported.
    Contacted,
    /// The fix reported; the citizen is to be told.
    Fixed,
    Replied,
    /// The hall manager upheld an appeal: the rating was malicious and no longer counts.
    Voided,
}

impl OrderState {
    pub const ALL: [OrderState; 5] = [
        OrderState::Open,
        OrderState::Contacted,
        OrderState::Fixed,
        OrderState::Replied,
        OrderState::Voided,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            OrderState::Open => "open",
            OrderState::Contacted => "contacted",
            OrderState::Fixed => "fixed",
            OrderState::Replied => "replied",
            OrderState::Voided => "voided",
        }
    }

    pub fn parse(s: &str) -> Option<OrderState> {
        OrderState::ALL.into_iter().find(|o| o.as_str() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            OrderState::Open => "待联系群众",
            OrderState::Contacted => "整改中",
            OrderState::Fixed => "待回复群众",
            OrderState::Replied => "已回复",
            OrderState::Voided => "申诉成立，评价不计入",
        }
    }
}

/// What staff do to a work order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OrderAction {
    /// The citizen was contacted (through the hall's message, never by staff reading who it is).
    Contact,
    /// The fix is reported.
    Fix,
    /// The citizen is told the outcome.
    Reply,
    /// A staff member asks for the rating to be voided as malicious.
    Appeal,
    /// The hall manager upholds the appeal (the rating is voided).
    Uphold,
    /// The hall manager rejects the appeal (the order goes on where it was).
    Reject,
}

impl OrderAction {
    pub const ALL: [OrderAction; 6] = [
        OrderAction::Contact,
        OrderAction::Fix,
        OrderAction::Reply,
        OrderAction::Appeal,
        OrderAction::Uphold,
        OrderAction::Reject,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            OrderAction::Contact => "contact",
            OrderAction::Fix => "fix",
            OrderAction::Reply => "reply",
            OrderAction::Appeal => "appeal",
            OrderAction::Uphold => "uphold",
            OrderAction::Reject => "reject",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            OrderAction::Contact => "已联系群众",
            OrderAction::Fix => "报告整改情况",
            OrderAction::Reply => "回复群众",
            OrderAction::Appeal => "申诉恶意差评",
            OrderAction::Uphold => "申诉成立",
            OrderAction::Reject => "申诉不成立",
        }
    }

    /// Only the hall manager decides appeals.
    pub fn is_decision(self) -> bool {
        matches!(self, OrderAction::Uphold | OrderAction::Reject)
    }
}

/// A work order's state and whether an appeal is pending.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Order {
    pub state: OrderState,
    pub appeal_pending: bool,
    /// An appeal was decided already (one appeal per rating).
    pub appealed: bool,
}

/// The order after `action`, or `None` when it is not allowed. While an appeal is pending only
/// the decision may be taken.
pub fn next(o: Order, action: OrderAction) -> Option<Order> {
    use OrderAction as A;
    use OrderState as S;
    if o.appeal_pending {
        return match action {
            A::Uphold => Some(Order {
                state: S::Voided,
                appeal_pending: false,
                appealed: true,
            }),
            A::Reject => Some(Order {
                appeal_pending: false,
                appealed: true,
                ..o
            }),
            _ => None,
        };
    }
    let to = |state| Some(Order { state, ..o });
    match (o.state, action) {
        (S::Open, A::Contact) => to(S::Contacted),
        (S::Contacted, A::Fix) => to(S::Fixed),
        (S::Fixed, A::Reply) => to(S::Replied),
        (S::Open | S::Contacted | S::Fixed, A::Appeal) if !o.appealed => Some(Order {
            appeal_pending: true,
            ..o
        }),
        _ => None,
    }
}

/// The actions a work order allows.
pub fn actions(o: Order) -> Vec<OrderAction> {
    OrderAction::ALL
        .into_iter()
        .filter(|a| next(o, *a).is_some())
        .collect()
}

/// A bad rating's deadlines: contact the citizen within 1 working day, report the fix within
/// 15, both from the day rated.
pub fn order_deadlines(calendar: &Calendar, rated_on: Date) -> Option<(Date, Date)> {
    Some((
        calendar.add_working_days(rated_on, 1)?,
        calendar.add_working_days(rated_on, 15)?,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn five_levels_the_last_two_bad() {
        for l in Level::ALL {
            assert_eq!(Level::parse(l.as_str()), Some(l));
        }
        let bad: Vec<Level> = Level::ALL.into_iter().filter(|l| l.is_bad()).collect();
        assert_eq!(bad, [Level::Dissatisfied, Level::VeryDissatisfied]);
        let points: Vec<u32> = Level::ALL.into_iter().map(Level::points).collect();
        assert_eq!(points, [5, 4, 3, 2, 1]);
        for k in [Kind::OnSite, Kind::Online] {
            assert_eq!(Kind::parse(k.as_str()), Some(k));
        }
        assert_eq!(Kind::OnSite.dimensions().len(), 3);
        assert_eq!(Kind::Online.dimensions().len(), 4);
    }

    #[test]
    fn only_the_served_citizen_rates_a_finished_service_once_and_staff_never() {
        let ok = Served {
            finished: true,
            yours: true,
            rated: false,
            staff: false,
        };
        assert_eq!(check(ok), Ok(()));
        assert_eq!(
            check(Served {
                finished: false,
                ..ok
            }),
            Err(Refusal::NotFinished)
        );
        assert_eq!(
            check(Served { rated: true, ..ok }),
            Err(Refusal::AlreadyRated)
        );
        assert_eq!(check(Served { yours: false, ..ok }), Err(Refusal::NotYours));
        // Staff are refused even when everything else holds, and before anything else.
        assert_eq!(check(Served { staff: true, ..ok }), Err(Refusal::Staff));
        assert_eq!(
            check(Served {
                staff: true,
                yours: false,
                finished: false,
                rated: true
            }),
            Err(Refusal::Staff)
        );
        for r in [
            Refusal::NotFinished,
            Refusal::NotYours,
            Refusal::AlreadyRated,
            Refusal::Staff,
            Refusal::BadDimension,
        ] {
            assert!(r.code().starts_with("rating."));
            assert!(!r.message_zh().is_empty() && !r.message_en().is_empty());
        }
    }

    #[test]
    fn dimensions_belong_to_the_kind_and_default_to_the_overall_level() {
        let d = dimensions(
            Kind::OnSite,
            Level::Satisfied,
            &[(Dimension::Attitude, Level::Dissatisfied)],
        )
        .unwrap();
        assert_eq!(
            d,
            [
                (Dimension::Efficiency, Level::Satisfied),
                (Dimension::Skill, Level::Satisfied),
                (Dimension::Attitude, Level::Dissatisfied),
            ]
        );
        assert_eq!(
            dimensions(
                Kind::OnSite,
                Level::Basic,
                &[(Dimension::GuideAccuracy, Level::Basic)]
            ),
            Err(Refusal::BadDimension)
        );
        let twice = [
            (Dimension::Convenience, Level::Basic),
            (Dimension::Convenience, Level::Satisfied),
        ];
        assert_eq!(
            dimensions(Kind::Online, Level::Basic, &twice),
            Err(Refusal::BadDimension)
        );
    }

    #[test]
    fn an_unrated_service_gets_its_default_after_seven_days() {
        let done = 1_800_000_000;
        assert!(!default_due(done, done + RATE_WITHIN_SECS - 1));
        assert!(default_due(done, done + RATE_WITHIN_SECS));
        assert_eq!(DEFAULT_LEVEL, Level::Basic);
        assert!(
            !DEFAULT_LEVEL.is_bad(),
            "a default never opens a work order"
        );
    }

    #[test]
    fn groups_under_five_are_hidden() {
        let four = [Level::VerySatisfied; 4];
        assert_eq!(tally(&four), None);
        let five = [
            Level::VerySatisfied,
            Level::Satisfied,
            Level::Basic,
            Level::Dissatisfied,
            Level::VeryDissatisfied,
        ];
        let t = tally(&five).unwrap();
        assert_eq!(t.count, 5);
        assert_eq!(t.per_level, [1, 1, 1, 1, 1]);
        assert_eq!(t.satisfied_permille, 600);
        assert_eq!(t.average_centi, 300);
    }

    #[test]
    fn a_work_order_runs_its_course_or_an_appeal_voids_it() {
        use OrderAction as A;
        let open = Order {
            state: OrderState::Open,
            appeal_pending: false,
            appealed: false,
        };
        assert_eq!(actions(open), [A::Contact, A::Appeal]);
        let contacted = next(open, A::Contact).unwrap();
        let fixed = next(contacted, A::Fix).unwrap();
        let replied = next(fixed, A::Reply).unwrap();
        assert_eq!(replied.state, OrderState::Replied);
        assert!(actions(replied).is_empty());
        // An appeal pends; only the manager's decision may follow.
        let pending = next(contacted, A::Appeal).unwrap();
        assert_eq!(actions(pending), [A::Uphold, A::Reject]);
        assert_eq!(next(pending, A::Uphold).unwrap().state, OrderState::Voided);
        let rejected = next(pending, A::Reject).unwrap();
        assert_eq!(rejected.state, OrderState::Contacted);
        assert_eq!(next(rejected, A::Appeal), None, "one appeal per rating");
        assert_eq!(actions(rejected), [A::Fix]);
        assert!(A::Uphold.is_decision() && !A::Appeal.is_decision());
    }

    #[test]
    fn a_bad_ratings_deadlines_count_working_days() {
        let cal = Calendar::new([], [], [2026]);
        let fri = Date::parse("2026-12-04").unwrap();
        let (contact, fix) = order_deadlines(&cal, fri).unwrap();
        assert_eq!(contact, Date::parse("2026-12-07").unwrap());
        assert_eq!(fix, Date::parse("2026-12-25").unwrap());
    }
}
