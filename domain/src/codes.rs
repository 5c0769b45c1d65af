//! Record numbers a person reads, types or is told: a prefix, the day, and random characters
//! of a 32-letter alphabet without 0/O and 1/I. Booking and complaint numbers carry 65 random
//! bits (13 characters), so nobody can guess one; the number is still short enough to read out
//! in groups of four.

use crate::calendar::Date;

/// Letters and digits that are not misheard or misread (no 0/O, 1/I).
pub const ALPHABET: &[u8; 32] = b"23456789ABCDEFGHJKLMNPQRSTUVWXYZ";

/// Random characters in a booking or complaint number (13 × 5 = 65 bits).
pub const RANDOM_CHARS: usize = 13;

/// The random bytes a number is made from (the 65th bit comes from the ninth byte).
pub const RANDOM_BYTES: usize = 9;

/// `chars` characters of the alphabet from `random`, five bits each.
pub fn base32(random: &[u8], chars: usize) -> String {
    let mut out = String::with_capacity(chars);
    let (mut acc, mut bits, mut bytes) = (0u32, 0u32, random.iter());
    while out.len() < chars {
        if bits < 5 {
            acc = (acc << 8) | u32::from(bytes.next().copied().unwrap_or(0));
            bits += 8;
        }
        bits -= 5;
        out.push(char::from(ALPHABET[((acc >> bits) & 31) as usize]));
        acc &= (1 << bits) - 1;
    }
    out
}

/// `Y` (预约), the booked day as YYMMDD, 13 random characters: `Y261208K7M4QX9PZ3B5C`.
pub fn booking_number(day: Date, random: &[u8; RANDOM_BYTES]) -> String {
    format!("Y{}{}", yymmdd(day), base32(random, RANDOM_CHARS))
}

/// `TS` (投诉), the day as YYYYMMDD, 13 random characters.
pub fn complaint_number(day: Date, random: &[u8; RANDOM_BYTES]) -> String {
    format!(
        "TS{:04}{}{}",
        day.year(),
        &yymmdd(day)[2..],
        base32(random, RANDOM_CHARS)
    )
}

fn yymmdd(day: Date) -> String {
    format!("{:02}{:02}{:02}", day.year() % 100, day.month(), day.day())
}

/// Whether `no` has the shape of a number made by `booking_number` (or, for older bookings,
/// `Y`, six digits and six hex digits).
pub fn is_booking_number(no: &str) -> bool {
    shaped(no, "Y", 6)
        || (no.len() == 13
            && no.is_ascii()
            && no.starts_with('Y')
            && no[1..7].bytes().all(|b| b.is_ascii_digit())
            && no[7..].bytes().all(|b| b.is_ascii_hexdigit()))
}

/// Whether `no` has the shape of a number made by `complaint_number` (or, for older
/// complaints, `TS` and fourteen digits).
pub fn is_complaint_number(no: &str) -> bool {
    shaped(no, "TS", 8)
        || (no.len() == 16
            && no.starts_with("TS")
            && no.bytes().skip(2).all(|b| b.is_ascii_digit()))
}

fn shaped(no: &str, prefix: &str, digits: usize) -> bool {
    let Some(rest) = no.strip_prefix(prefix) else {
        return false;
    };
    rest.len() == digits + RANDOM_CHARS
        && rest.is_char_boundary(digits)
        && rest[..digits].bytes().all(|b| b.is_ascii_digit())
        && rest[digits..].bytes().all(|b| ALPHABET.contains(&b))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day() -> Date {
        Date::parse("2026-12-08").unwrap_or_else(|| panic!("a date"))
    }

    #[test]
    fn base32_takes_five_bits_a_character() {
        assert_eq!(base32(&[0; 9], 13), "2222222222222");
        assert_eq!(base32(&[0xff; 9], 13), "ZZZZZZZZZZZZZ");
        // 0b00001_00010_00011_... : the first characters of 0x08 0x86 ...
        assert_eq!(base32(&[0b0000_1000, 0b1000_0110], 3), "345");
        // Every one of the 65 bits counts: flipping the ninth byte's top bit changes the last.
        let mut r = [0u8; 9];
        r[8] = 0x80;
        assert_eq!(base32(&r, 13), "2222222222223");
        r[8] = 0x40;
        assert_eq!(base32(&r, 13), "2222222222222");
    }

    #[test]
    fn numbers_carry_the_day_and_65_random_bits() {
        let b = booking_number(day(), &[1, 2, 3, 4, 5, 6, 7, 8, 9]);
        assert!(b.starts_with("Y261208"), "{b}");
        assert_eq!(b.len(), 20);
        assert!(is_booking_number(&b));
        let c = complaint_number(day(), &[9; 9]);
        assert!(c.starts_with("TS20261208"), "{c}");
        assert_eq!(c.len(), 23);
        assert!(is_complaint_number(&c));
        assert!(!is_booking_number(&c) && !is_complaint_number(&b));
    }

    #[test]
    fn older_numbers_still_read_and_nothing_else_does() {
        assert!(is_booking_number("Y261208A1B2C3"));
        assert!(is_complaint_number("TS20261208123456"));
        for bad in [
            "",
            "Y",
            "Y26120811111111111110",
            "Y261208K7M4QX9PZ3B5O",
            "y261208K7M4QX9PZ3B5C",
            "TS20261208K7M4QX9PZ3B5",
            "Y2612០8K7M4QX9PZ3B5C",
            "Y2612០8A1B2C",
        ] {
            assert!(!is_booking_number(bad), "{bad}");
            assert!(!is_complaint_number(bad), "{bad}");
        }
    }
}
