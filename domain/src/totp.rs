//! Two-factor sign-in for staff (等保 2.0 level 3): time-based one-time passwords (RFC 6238,
//! HMAC-SHA1, 30-second steps, 6 digits), the `otpauth://` address an authenticator app reads
//! from a QR code, and one-time recovery codes.

use hmac::{Hmac, Mac};
use sha1::Sha1;

/// Seconds a code stands for.
pub const STEP_SECS: i64 = 30;
/// Digits in a code.
pub const DIGITS: u32 = 6;
/// Bytes of a new secret (160 bits, as RFC 4226 recommends).
pub const SECRET_BYTES: usize = 20;
/// Recovery codes made at enrolment, each good once.
pub const RECOVERY_CODES: usize = 10;

/// Whether staff with these roles must sign in with a second factor (in production): the
/// three administrators (accounts, roles, the audit trail) and the hall manager, who holds the
/// hall's set-up.
pub fn required_for(roles: &[crate::access::Role]) -> bool {
    use crate::access::Role;
    roles
        .iter()
        .any(|r| Role::ADMINISTRATORS.contains(r) || *r == Role::HallManager)
}

/// RFC 4226 HOTP: the `DIGITS`-digit code of `counter`.
pub fn hotp(secret: &[u8], counter: u64) -> u32 {
    let Ok(mut mac) = Hmac::<Sha1>::new_from_slice(secret) else {
        return 0;
    };
    mac.update(&counter.to_be_bytes());
    let h = mac.finalize().into_bytes();
    let offset = usize::from(h[19] & 0x0f);
    let bin = (u32::from(h[offset]) & 0x7f) << 24
        | u32::from(h[offset + 1]) << 16
        | u32::from(h[offset + 2]) << 8
        | u32::from(h[offset + 3]);
    bin % 10u32.pow(DIGITS)
}

/// The time step of Unix seconds.
pub fn step_of(unix: i64) -> i64 {
    unix.div_euclid(STEP_SECS)
}

/// The code at Unix seconds `unix`, as six digits.
pub fn code_at(secret: &[u8], unix: i64) -> String {
    format!(
        "{:0width$}",
        hotp(secret, step_of(unix).max(0) as u64),
        width = DIGITS as usize
    )
}

/// The step a typed code belongs to: this step or the one before or after (clocks drift), and
/// never one at or before `last_used` (a code works once). `None` when it matches none.
pub fn verify(secret: &[u8], typed: &str, now: i64, last_used: Option<i64>) -> Option<i64> {
    let typed: String = typed.chars().filter(|c| !c.is_whitespace()).collect();
    if typed.len() != DIGITS as usize || !typed.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let now_step = step_of(now);
    (now_step - 1..=now_step + 1)
        .filter(|s| last_used.is_none_or(|l| *s > l) && *s >= 0)
        .find(|s| {
            let code = format!(
                "{:0width$}",
                hotp(secret, *s as u64),
                width = DIGITS as usize
            );
            crate::account::constant_time_eq(code.as_bytes(), typed.as_bytes())
        })
}

const B32: &[u8; 32] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

/// RFC 4648 base32 without padding, as authenticator apps take secrets.
pub fn base32(bytes: &[u8]) -> String {
    let mut out = String::new();
    let (mut acc, mut bits) = (0u32, 0u32);
    for b in bytes {
        acc = (acc << 8) | u32::from(*b);
        bits += 8;
        while bits >= 5 {
            bits -= 5;
            out.push(char::from(B32[((acc >> bits) & 31) as usize]));
        }
        acc &= (1 << bits) - 1;
    }
    if bits > 0 {
        out.push(char::from(B32[((acc << (5 - bits)) & 31) as usize]));
    }
    out
}

/// The bytes of a base32 secret (any case, spaces ignored), or `None` if it is not one.
pub fn unbase32(text: &str) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    let (mut acc, mut bits) = (0u32, 0u32);
    for c in text.chars().filter(|c| !c.is_whitespace() && *c != '=') {
        let v = B32
            .iter()
            .position(|b| char::from(*b) == c.to_ascii_uppercase())? as u32;
        acc = (acc << 5) | v;
        bits += 5;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
        }
        acc &= (1 << bits) - 1;
    }
    Some(out)
}

/// The address an authenticator app reads (Google's Key Uri Format): issuer and account label.
pub fn otpauth_uri(issuer: &str, account: &str, secret: &[u8]) -> String {
    use crate::site::encode;
    format!(
        "otpauth://totp/{}:{}?secret={}&issuer={}&algorithm=SHA1&digits={DIGITS}&period={STEP_SECS}",
        encode(issuer),
        encode(account),
        base32(secret),
        encode(issuer)
    )
}

/// A recovery code from 8 random bytes: ten characters of the unambiguous alphabet in two
/// groups, `K7M4Q-X9PZ3`.
pub fn recovery_code(random: &[u8; 8]) -> String {
    let s = crate::codes::base32(random, 10);
    format!("{}-{}", &s[..5], &s[5..])
}

/// A typed recovery code in its stored form (upper case, one dash), if it can be one.
pub fn normalize_recovery(typed: &str) -> Option<String> {
    let s: String = typed
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_uppercase())
        .collect();
    (s.len() == 10 && s.bytes().all(|b| crate::codes::ALPHABET.contains(&b)))
        .then(|| format!("{}-{}", &s[..5], &s[5..]))
}

#[cfg(test)]
mod tests {
    use super::*;

    const RFC_SECRET: &[u8] = b"12345678901234567890";

    #[test]
    fn rfc_4226_hotp_values() {
        // RFC 4226, Appendix D.
        let want = [
            755224, 287082, 359152, 969429, 338314, 254676, 287922, 162583, 399871, 520489,
        ];
        for (i, w) in want.iter().enumerate() {
            assert_eq!(hotp(RFC_SECRET, i as u64), *w, "counter {i}");
        }
    }

    #[test]
    fn rfc_6238_sha1_values_in_six_digits() {
        // RFC 6238, Appendix B (SHA1), the last six of the eight digits.
        for (t, code) in [
            (59, "287082"),
            (1_111_111_109, "081804"),
            (1_111_111_111, "050471"),
            (1_234_567_890, "005924"),
            (2_000_000_000, "279037"),
        ] {
            assert_eq!(code_at(RFC_SECRET, t), code, "t = {t}");
        }
    }

    #[test]
    fn a_code_counts_once_within_one_step_of_the_clock() {
        let t = 1_234_567_890;
        let code = code_at(RFC_SECRET, t);
        let step = step_of(t);
        assert_eq!(verify(RFC_SECRET, &code, t, None), Some(step));
        assert_eq!(verify(RFC_SECRET, &code, t + STEP_SECS, None), Some(step));
        assert_eq!(verify(RFC_SECRET, &code, t - STEP_SECS, None), Some(step));
        assert_eq!(verify(RFC_SECRET, &code, t + 2 * STEP_SECS, None), None);
        // Used once: not again, nor an older one.
        assert_eq!(verify(RFC_SECRET, &code, t, Some(step)), None);
        assert_eq!(verify(RFC_SECRET, "005 924", t, None), Some(step));
        for bad in ["", "12345", "1234567", "abcdef", "00592４"] {
            assert_eq!(verify(RFC_SECRET, bad, t, None), None, "{bad}");
        }
    }

    #[test]
    fn secrets_travel_in_base32() {
        // RFC 4648 test vectors.
        for (raw, b32) in [
            ("", ""),
            ("f", "MY"),
            ("fo", "MZXQ"),
            ("foo", "MZXW6"),
            ("foobar", "MZXW6YTBOI"),
        ] {
            assert_eq!(base32(raw.as_bytes()), b32);
            assert_eq!(unbase32(b32).as_deref(), Some(raw.as_bytes()));
        }
        assert_eq!(unbase32("mzxw 6ytb oi").as_deref(), Some(&b"foobar"[..]));
        assert_eq!(unbase32("MZ1"), None);
        let uri = otpauth_uri("广州市政务服务中心", "clerk", RFC_SECRET);
        assert!(uri.starts_with("otpauth://totp/%E5%B9%BF"), "{uri}");
        assert!(
            uri.contains("secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer="),
            "{uri}"
        );
        assert!(uri.ends_with("&algorithm=SHA1&digits=6&period=30"));
    }

    #[test]
    fn administrators_and_managers_need_the_second_factor() {
        use crate::access::Role;
        for admin in Role::ADMINISTRATORS {
            assert!(required_for(&[admin]));
        }
        assert!(required_for(&[Role::WindowClerk, Role::HallManager]));
        assert!(!required_for(&[Role::WindowClerk, Role::ContentEditor]));
    }

    #[test]
    fn recovery_codes_read_back_however_typed() {
        let c = recovery_code(&[1, 2, 3, 4, 5, 6, 7, 8]);
        assert_eq!(c.len(), 11);
        assert_eq!(
            normalize_recovery(&c.to_lowercase().replace('-', " ")),
            Some(c.clone())
        );
        assert_eq!(normalize_recovery("ABCDE-FGHI1"), None);
        assert_eq!(normalize_recovery("short"), None);
    }
}
