//! The hall's own devices: kiosks (取号机) carry a key the hall manager registered for one hall
//! and can revoke. In production a walk-in ticket or a booking's check-in needs a live key of
//! that hall; every kiosk's tickets and look-ups are counted per hour, and so are the check-ins
//! of one appointment number, so numbers cannot be tried without limit.

/// The request header a kiosk sends its key in.
pub const HEADER: &str = "x-hall-device";

/// What every device key starts with, so a leaked one is recognisable in a scan.
pub const KEY_PREFIX: &str = "hdk_";

/// Hex digits after the prefix: 256 random bits.
pub const KEY_HEX_DIGITS: usize = 64;

/// Walk-in tickets one kiosk may issue in an hour (a busy hall issues one every few seconds at
/// the morning peak; a script issues far more).
pub const WALK_INS_PER_KIOSK_HOUR: u32 = 600;

/// Check-ins one kiosk may attempt in an hour whose appointment number matches no booking.
/// A found booking gives its count back, so a busy kiosk never reaches it.
pub const CHECK_IN_MISSES_PER_KIOSK_HOUR: u32 = 30;

/// Check-in attempts on one appointment number in an hour, from any kiosk.
pub const CHECK_INS_PER_BOOKING_HOUR: u32 = 10;

/// Longest device name, in characters.
pub const MAX_NAME_CHARS: usize = 40;

/// Whether `key` has the shape of a device key (prefix and 64 lower-case hex digits).
pub fn well_formed(key: &str) -> bool {
    key.strip_prefix(KEY_PREFIX).is_some_and(|hex| {
        hex.len() == KEY_HEX_DIGITS
            && hex
                .bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
    })
}

/// The device's name as stored: trimmed; `None` when empty, too long or holding control
/// characters.
pub fn clean_name(name: &str) -> Option<String> {
    let name = name.trim();
    (!name.is_empty()
        && name.chars().count() <= MAX_NAME_CHARS
        && !name.chars().any(char::is_control))
    .then(|| name.to_string())
}

/// The rate-counter key of a registered kiosk's events of `kind` (a development browser
/// without a key is counted by nothing but the appointment number).
pub fn kiosk_counter(device: &str, kind: &str) -> String {
    format!("kiosk:{device}:{kind}")
}

/// The rate-counter key of check-ins of one appointment number, from any kiosk.
pub fn booking_counter(number: &str) -> String {
    format!("check-in:booking:{number}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_have_one_shape() {
        let good = format!("{KEY_PREFIX}{}", "0a".repeat(32));
        assert!(well_formed(&good));
        assert!(!well_formed(&good.to_uppercase()), "upper case");
        assert!(!well_formed(&good[..good.len() - 1]), "short");
        assert!(!well_formed(&format!("{good}0")), "long");
        assert!(!well_formed(&"0a".repeat(34)), "no prefix");
        assert!(!well_formed(&format!("{KEY_PREFIX}{}", "g".repeat(64))));
        assert!(!well_formed(""));
    }

    #[test]
    fn names_are_trimmed_and_bounded() {
        assert_eq!(
            clean_name("  一楼取号机 1 ").as_deref(),
            Some("一楼取号机 1")
        );
        assert_eq!(clean_name("   "), None);
        assert_eq!(
            clean_name(&"机".repeat(40)).map(|n| n.chars().count()),
            Some(40)
        );
        assert_eq!(clean_name(&"机".repeat(41)), None);
        assert_eq!(clean_name("a\nb"), None);
    }

    #[test]
    fn counters_of_kiosks_and_numbers_never_meet() {
        assert_eq!(kiosk_counter("d_1", "walk_in"), "kiosk:d_1:walk_in");
        assert_ne!(
            kiosk_counter("d_1", "walk_in"),
            kiosk_counter("d_2", "walk_in")
        );
        assert_ne!(
            kiosk_counter("d_1", "walk_in"),
            kiosk_counter("d_1", "check_in_miss")
        );
        assert_ne!(booking_counter("d_1"), kiosk_counter("d_1", ""));
    }
}
