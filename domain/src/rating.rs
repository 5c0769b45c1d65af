//! 好差评 (standard 5.9, 7.4): the five levels of satisfaction a citizen gives.

use serde::{Deserialize, Serialize};

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
    }
}
