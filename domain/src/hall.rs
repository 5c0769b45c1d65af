//! Public facts about the hall shown on the home page (standard 5.4 information disclosure).

/// Contact and opening facts for one hall.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HallInfo {
    pub name: &'static str,
    pub address: &'static str,
    pub hours: &'static [&'static str],
    pub phone: &'static str,
    pub hotline: &'static str,
}

/// The demo hall.
pub const HALL: HallInfo = HallInfo {
    name: "市政务服务中心",
    address: "广东省某市天河区政务服务路 1 号（地铁 3 号线政务中心站 B 出口）",
    hours: &[
        "周一至周五 9:00–12:00，13:00–17:00",
        "法定节假日休息，调休上班日正常办公",
    ],
    phone: "020-12345678",
    hotline: "12345",
};
