//! Signing in: the one-time-code rules for citizens, password rules and the stored hash format
//! for staff, session lifetimes and the rate limits that guard them. Times are Unix seconds,
//! passed in by the caller.

/// Digits in a one-time code.
pub const CODE_DIGITS: usize = 6;
/// How long a code stays valid.
pub const CODE_TTL_SECS: i64 = 5 * 60;
/// Wrong entries a code tolerates; the next entry needs a new code.
pub const CODE_MAX_ATTEMPTS: u32 = 5;
/// Least time between two codes to the same number.
pub const CODE_RESEND_SECS: i64 = 60;
/// Codes one number may receive per hour.
pub const CODES_PER_PHONE_HOUR: u32 = 5;
/// Codes one client address may request per hour.
pub const CODES_PER_CLIENT_HOUR: u32 = 20;
/// Sign-in attempts (codes or passwords) one client address may make per hour.
pub const SIGN_INS_PER_CLIENT_HOUR: u32 = 60;

/// A citizen session lasts this long without renewal.
pub const CITIZEN_SESSION_SECS: i64 = 7 * 24 * 3600;
/// A staff session ends 12 hours after sign-in at the latest (等保 2.0: a session has a
/// maximum lifetime), however busy.
pub const STAFF_SESSION_SECS: i64 = 12 * 3600;
/// A staff session also ends after this long without a request, unless the deployment sets
/// `HALL_STAFF_IDLE_MINUTES`.
pub const STAFF_IDLE_SECS: i64 = 30 * 60;
/// A session's last use is written at most this often (one write a minute, not a request).
pub const SEEN_EVERY_SECS: i64 = 60;

/// Where a live staff session stands at `now`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StaffSession {
    Live,
    /// No request for `idle_secs`: the session ends, and the page says why.
    Idle,
}

/// The state of a staff session last used at `last_seen` (its sign-in when never used since).
pub fn staff_session(last_seen: i64, now: i64, idle_secs: i64) -> StaffSession {
    if now - last_seen >= idle_secs {
        StaffSession::Idle
    } else {
        StaffSession::Live
    }
}

/// The idle limit of a deployment's `HALL_STAFF_IDLE_MINUTES` (5 to 240 minutes), else the
/// default.
pub fn idle_secs(setting: Option<&str>) -> i64 {
    setting
        .and_then(|m| m.trim().parse::<i64>().ok())
        .filter(|m| (5..=240).contains(m))
        .map_or(STAFF_IDLE_SECS, |m| m * 60)
}

/// Wrong passwords before a staff account locks.
pub const PASSWORD_MAX_FAILURES: u32 = 5;
/// How long the lock lasts.
pub const LOCKOUT_SECS: i64 = 15 * 60;
/// PBKDF2-SHA256 iterations for new hashes (the most Workers' WebCrypto accepts).
pub const PBKDF2_ITERATIONS: u32 = 100_000;

/// Cookie names: citizen and staff sessions never share one.
pub const CITIZEN_COOKIE: &str = "hall_citizen";
pub const STAFF_COOKIE: &str = "hall_staff";
/// The header every state-changing request carries (a cross-site form cannot set it, and a
/// cross-site script cannot without a CORS preflight we never grant).
pub const CSRF_HEADER: &str = "x-hall-csrf";

/// The stored one-time code of a phone number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CodeState {
    pub sent_at: i64,
    pub expires_at: i64,
    pub attempts: u32,
    pub used: bool,
}

/// What entering a code leads to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CodeCheck {
    Accepted,
    /// Wrong; this many tries remain.
    Wrong {
        remaining: u32,
    },
    /// No live code: never sent, used, expired.
    Expired,
    /// Too many wrong entries: ask for a new code.
    Exhausted,
}

impl CodeState {
    pub fn new(now: i64) -> CodeState {
        CodeState {
            sent_at: now,
            expires_at: now + CODE_TTL_SECS,
            attempts: 0,
            used: false,
        }
    }

    /// Judges one entry; `matches` is whether the entered code equals the stored one.
    pub fn check(&self, now: i64, matches: bool) -> CodeCheck {
        if self.used || now >= self.expires_at {
            CodeCheck::Expired
        } else if self.attempts >= CODE_MAX_ATTEMPTS {
            CodeCheck::Exhausted
        } else if matches {
            CodeCheck::Accepted
        } else {
            CodeCheck::Wrong {
                remaining: CODE_MAX_ATTEMPTS - self.attempts - 1,
            }
        }
    }

    /// Seconds until another code may be sent (0: now).
    pub fn resend_wait(&self, now: i64) -> i64 {
        (self.sent_at + CODE_RESEND_SECS - now).max(0)
    }
}

/// Whether an entered code has the right shape (6 ASCII digits, spaces ignored).
pub fn normalize_code(input: &str) -> Option<String> {
    let code: String = input.chars().filter(|c| !c.is_whitespace()).collect();
    (code.len() == CODE_DIGITS && code.bytes().all(|b| b.is_ascii_digit())).then_some(code)
}

/// A code from random bytes: uniform over 000000–999999 (rejects the biased top range).
pub fn code_from_random(bytes: [u8; 4]) -> Option<String> {
    let n = u32::from_le_bytes(bytes);
    const LIMIT: u32 = u32::MAX - (u32::MAX % 1_000_000);
    (n < LIMIT).then(|| format!("{:06}", n % 1_000_000))
}

/// The start of the fixed one-hour window containing `now`.
pub fn hour_window(now: i64) -> i64 {
    now - now.rem_euclid(3600)
}

/// Seconds until the window containing `now` ends.
pub fn until_next_hour(now: i64) -> i64 {
    hour_window(now) + 3600 - now
}

/// Why a new password was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PasswordProblem {
    TooShort,
    TooLong,
    NeedsLettersAndDigits,
    SameAsOld,
    ContainsUsername,
}

impl PasswordProblem {
    pub fn message_zh(self) -> &'static str {
        match self {
            PasswordProblem::TooShort => "密码至少 10 位",
            PasswordProblem::TooLong => "密码最多 128 位",
            PasswordProblem::NeedsLettersAndDigits => "密码须同时包含字母和数字",
            PasswordProblem::SameAsOld => "新密码不能与原密码相同",
            PasswordProblem::ContainsUsername => "密码不能包含用户名",
        }
    }

    pub fn message_en(self) -> &'static str {
        match self {
            PasswordProblem::TooShort => "Password must be at least 10 characters",
            PasswordProblem::TooLong => "Password must be at most 128 characters",
            PasswordProblem::NeedsLettersAndDigits => "Password needs both letters and digits",
            PasswordProblem::SameAsOld => "New password must differ from the old one",
            PasswordProblem::ContainsUsername => "Password must not contain the username",
        }
    }
}

/// The password policy for staff.
pub fn check_new_password(
    username: &str,
    old: Option<&str>,
    new: &str,
) -> Result<(), PasswordProblem> {
    let len = new.chars().count();
    if len < 10 {
        return Err(PasswordProblem::TooShort);
    }
    if len > 128 {
        return Err(PasswordProblem::TooLong);
    }
    if !(new.chars().any(char::is_alphabetic) && new.chars().any(|c| c.is_ascii_digit())) {
        return Err(PasswordProblem::NeedsLettersAndDigits);
    }
    if old == Some(new) {
        return Err(PasswordProblem::SameAsOld);
    }
    if !username.is_empty() && new.to_lowercase().contains(&username.to_lowercase()) {
        return Err(PasswordProblem::ContainsUsername);
    }
    Ok(())
}

/// A staff username: 3–32 lower-case letters, digits, `.`, `_`, `-`, starting with a letter.
pub fn validate_username(input: &str) -> Option<String> {
    let u = input.trim().to_ascii_lowercase();
    let ok = (3..=32).contains(&u.len())
        && u.starts_with(|c: char| c.is_ascii_lowercase())
        && u.bytes().all(|b| {
            b.is_ascii_lowercase() || b.is_ascii_digit() || matches!(b, b'.' | b'_' | b'-')
        });
    ok.then_some(u)
}

/// A hall window's code: 1–8 upper-case letters and digits, e.g. `A01`.
pub fn validate_window_code(input: &str) -> Option<String> {
    let w = input.trim().to_ascii_uppercase();
    let ok = (1..=8).contains(&w.len())
        && w.bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit());
    ok.then_some(w)
}

/// A reason a staff action carries (shown to the citizen in "who read my data"): 4–200
/// characters after trimming.
pub fn validate_reason(input: &str) -> Option<String> {
    let r = input.trim();
    (4..=200)
        .contains(&r.chars().count())
        .then(|| r.to_string())
}

/// A stored password hash: `pbkdf2-sha256$<iterations>$<salt hex>$<hash hex>`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PasswordHash {
    pub iterations: u32,
    pub salt: Vec<u8>,
    pub hash: Vec<u8>,
}

impl PasswordHash {
    pub fn parse(s: &str) -> Option<PasswordHash> {
        let mut parts = s.split('$');
        if parts.next()? != "pbkdf2-sha256" {
            return None;
        }
        let iterations = parts.next()?.parse().ok().filter(|i| *i >= 1)?;
        let salt = from_hex(parts.next()?)?;
        let hash = from_hex(parts.next()?)?;
        if parts.next().is_some() || salt.len() < 16 || hash.len() != 32 {
            return None;
        }
        Some(PasswordHash {
            iterations,
            salt,
            hash,
        })
    }

    pub fn encode(&self) -> String {
        format!(
            "pbkdf2-sha256${}${}${}",
            self.iterations,
            to_hex(&self.salt),
            to_hex(&self.hash)
        )
    }
}

/// Lower-case hex.
pub fn to_hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        s.push(DIGITS[usize::from(b >> 4)] as char);
        s.push(DIGITS[usize::from(b & 15)] as char);
    }
    s
}

pub fn from_hex(s: &str) -> Option<Vec<u8>> {
    if !s.len().is_multiple_of(2) {
        return None;
    }
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(s.get(i..i + 2)?, 16).ok())
        .collect()
}

/// Compares without stopping at the first difference.
pub fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_code_lives_five_minutes_and_five_wrong_tries() {
        let s = CodeState::new(1000);
        assert_eq!(s.check(1000, true), CodeCheck::Accepted);
        assert_eq!(s.check(1299, true), CodeCheck::Accepted);
        assert_eq!(s.check(1300, true), CodeCheck::Expired);
        assert_eq!(s.check(1001, false), CodeCheck::Wrong { remaining: 4 });
        let mut s = s;
        for expected in (0..5).rev() {
            assert_eq!(
                s.check(1001, false),
                CodeCheck::Wrong {
                    remaining: expected
                }
            );
            s.attempts += 1;
        }
        // After five wrong entries even the right code is refused.
        assert_eq!(s.check(1001, true), CodeCheck::Exhausted);
        let used = CodeState {
            used: true,
            ..CodeState::new(1000)
        };
        assert_eq!(used.check(1001, true), CodeCheck::Expired);
    }

    #[test]
    fn resend_waits_sixty_seconds() {
        let s = CodeState::new(1000);
        assert_eq!(s.resend_wait(1000), 60);
        assert_eq!(s.resend_wait(1059), 1);
        assert_eq!(s.resend_wait(1060), 0);
        assert_eq!(s.resend_wait(5000), 0);
    }

    #[test]
    fn codes_are_six_digits() {
        assert_eq!(normalize_code(" 012 345 "), Some("012345".into()));
        assert_eq!(normalize_code("12345"), None);
        assert_eq!(normalize_code("1234567"), None);
        assert_eq!(normalize_code("12345a"), None);
        assert_eq!(normalize_code("１２３４５６"), None);
        assert_eq!(code_from_random([0, 0, 0, 0]), Some("000000".into()));
        assert_eq!(
            code_from_random(999_999u32.to_le_bytes()),
            Some("999999".into())
        );
        assert_eq!(code_from_random(u32::MAX.to_le_bytes()), None);
    }

    #[test]
    fn staff_sessions_end_when_idle() {
        assert_eq!(
            staff_session(1000, 1000 + STAFF_IDLE_SECS - 1, STAFF_IDLE_SECS),
            StaffSession::Live
        );
        assert_eq!(
            staff_session(1000, 1000 + STAFF_IDLE_SECS, STAFF_IDLE_SECS),
            StaffSession::Idle
        );
        assert_eq!(idle_secs(None), 30 * 60);
        assert_eq!(idle_secs(Some("15")), 15 * 60);
        for bad in ["0", "4", "241", "x", ""] {
            assert_eq!(idle_secs(Some(bad)), STAFF_IDLE_SECS, "{bad}");
        }
    }

    #[test]
    fn hour_windows() {
        assert_eq!(hour_window(7200), 7200);
        assert_eq!(hour_window(7199), 3600);
        assert_eq!(until_next_hour(7199), 1);
    }

    #[test]
    fn password_policy() {
        assert_eq!(
            check_new_password("wang", None, "abc123"),
            Err(PasswordProblem::TooShort)
        );
        assert_eq!(
            check_new_password("wang", None, "abcdefghijk"),
            Err(PasswordProblem::NeedsLettersAndDigits)
        );
        assert_eq!(
            check_new_password("wang", None, "1234567890"),
            Err(PasswordProblem::NeedsLettersAndDigits)
        );
        assert_eq!(
            check_new_password("wang", Some("Hall2026abc"), "Hall2026abc"),
            Err(PasswordProblem::SameAsOld)
        );
        assert_eq!(
            check_new_password("wang", None, "WANG2026abcd"),
            Err(PasswordProblem::ContainsUsername)
        );
        assert_eq!(
            check_new_password("wang", None, &"a1".repeat(65)),
            Err(PasswordProblem::TooLong)
        );
        assert_eq!(
            check_new_password("wang", Some("x"), "窗口2026abcd"),
            Ok(())
        );
    }

    #[test]
    fn windows_and_reasons() {
        assert_eq!(validate_window_code(" a01 "), Some("A01".into()));
        assert_eq!(validate_window_code(""), None);
        assert_eq!(validate_window_code("A-01"), None);
        assert_eq!(validate_window_code("ABCDEFGHI"), None);
        assert_eq!(validate_reason("  核对身份  "), Some("核对身份".into()));
        assert_eq!(validate_reason("查看"), None);
        assert_eq!(validate_reason(&"因".repeat(201)), None);
    }

    #[test]
    fn usernames() {
        assert_eq!(validate_username(" Clerk.Li "), Some("clerk.li".into()));
        assert_eq!(validate_username("ab"), None);
        assert_eq!(validate_username("1clerk"), None);
        assert_eq!(validate_username("clerk li"), None);
    }

    #[test]
    fn password_hash_round_trips_and_rejects_junk() {
        let h = PasswordHash {
            iterations: 100_000,
            salt: vec![7; 16],
            hash: vec![0xab; 32],
        };
        let s = h.encode();
        assert!(s.starts_with("pbkdf2-sha256$100000$0707"));
        assert_eq!(PasswordHash::parse(&s), Some(h));
        for bad in [
            "",
            "plain",
            "pbkdf2-sha1$1$00$00",
            "pbkdf2-sha256$0$07070707070707070707070707070707$ab",
            "pbkdf2-sha256$100$0707$abab",
            "pbkdf2-sha256$100$zz07070707070707070707070707070707$ab",
        ] {
            assert_eq!(PasswordHash::parse(bad), None, "{bad}");
        }
        assert_eq!(from_hex("0aFf"), Some(vec![10, 255]));
        assert_eq!(from_hex("0"), None);
        assert!(constant_time_eq(b"abc", b"abc"));
        assert!(!constant_time_eq(b"abc", b"abd"));
        assert!(!constant_time_eq(b"abc", b"ab"));
    }
}
