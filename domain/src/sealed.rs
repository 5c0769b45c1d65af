//! Values kept encrypted at rest (等保 2.0 level 3: confidentiality of stored secrets), such as
//! a staff member's TOTP secret. The Worker seals and opens them with AES-256-GCM through
//! WebCrypto under the data key (`HALL_DATA_KEY`, a Worker secret); this module holds the
//! stored form and the key's form, and no cryptography.
//!
//! Stored form: `v1.<iv, 24 hex>.<ciphertext and tag, hex>`. The record's owner (a staff id)
//! is the additional authenticated data, so a sealed value copied to another row never opens.

use crate::account::{from_hex, to_hex};

/// The version tag every sealed value starts with.
pub const PREFIX: &str = "v1.";
/// Bytes of the AES-GCM nonce.
pub const IV_BYTES: usize = 12;
/// Bytes of the authentication tag at the end of the ciphertext.
pub const TAG_BYTES: usize = 16;
/// Bytes of the data key (AES-256).
pub const KEY_BYTES: usize = 32;

/// A value as sealed: the nonce and the ciphertext with its tag.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sealed {
    pub iv: [u8; IV_BYTES],
    pub ciphertext: Vec<u8>,
}

impl Sealed {
    /// The stored text.
    pub fn encode(&self) -> String {
        format!("{PREFIX}{}.{}", to_hex(&self.iv), to_hex(&self.ciphertext))
    }

    /// The stored text read back; `None` unless it is a whole sealed value (a value stored
    /// before sealing began is not one: see [`is_sealed`]).
    pub fn parse(stored: &str) -> Option<Sealed> {
        let rest = stored.strip_prefix(PREFIX)?;
        let (iv, ciphertext) = rest.split_once('.')?;
        let iv: [u8; IV_BYTES] = from_hex(iv)?.try_into().ok()?;
        let ciphertext = from_hex(ciphertext)?;
        (ciphertext.len() > TAG_BYTES).then_some(Sealed { iv, ciphertext })
    }
}

/// Whether a stored value is in the sealed form (else it was stored in clear, before sealing).
pub fn is_sealed(stored: &str) -> bool {
    stored.starts_with(PREFIX)
}

/// The data key from its configured form: 64 hex digits.
pub fn parse_key(configured: &str) -> Option<[u8; KEY_BYTES]> {
    from_hex(configured.trim())?.try_into().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_stored_form_reads_back() {
        let s = Sealed {
            iv: [7; IV_BYTES],
            ciphertext: (0..40).collect(),
        };
        let text = s.encode();
        assert!(text.starts_with("v1.070707"), "{text}");
        assert!(is_sealed(&text));
        assert_eq!(Sealed::parse(&text), Some(s));
    }

    #[test]
    fn anything_else_is_not_a_sealed_value() {
        // A base32 secret stored in clear, a cut value, a short nonce, a bare tag, bad hex.
        for stored in [
            "JBSWY3DPEHPK3PXP",
            "v1.",
            "v1.070707",
            &format!("v1.0707.{}", "ab".repeat(20)),
            &format!("v1.{}.{}", "07".repeat(12), "ab".repeat(TAG_BYTES)),
            &format!("v1.{}.{}zz", "07".repeat(12), "ab".repeat(20)),
            &format!("v2.{}.{}", "07".repeat(12), "ab".repeat(20)),
        ] {
            assert_eq!(Sealed::parse(stored), None, "{stored}");
        }
        assert!(!is_sealed("JBSWY3DPEHPK3PXP"));
    }

    #[test]
    fn a_data_key_is_64_hex_digits() {
        let hex = "0f".repeat(KEY_BYTES);
        assert_eq!(parse_key(&hex), Some([0x0f; KEY_BYTES]));
        assert_eq!(parse_key(&format!(" {hex}\n")), Some([0x0f; KEY_BYTES]));
        assert_eq!(parse_key(&"0f".repeat(16)), None);
        assert_eq!(parse_key(&"zz".repeat(KEY_BYTES)), None);
        assert_eq!(parse_key(""), None);
    }
}
