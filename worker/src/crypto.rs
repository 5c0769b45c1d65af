//! WebCrypto: random bytes, SHA-256 and PBKDF2-SHA256, all done by the runtime.

use hall_domain::account::{to_hex, PasswordHash, PBKDF2_ITERATIONS};
use hall_domain::Error;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{Crypto, CryptoKey, Pbkdf2Params, WorkerGlobalScope};

fn crypto() -> Result<Crypto, Error> {
    js_sys::global()
        .unchecked_into::<WorkerGlobalScope>()
        .crypto()
        .map_err(|_| fail("crypto unavailable"))
}

fn fail(what: &str) -> Error {
    worker::console_error!("crypto: {what}");
    Error::Unavailable
}

/// `n` bytes from the runtime's cryptographic generator.
pub fn random_bytes(n: usize) -> Result<Vec<u8>, Error> {
    let mut buf = vec![0u8; n];
    crypto()?
        .get_random_values_with_u8_array(&mut buf)
        .map_err(|_| fail("getRandomValues"))?;
    Ok(buf)
}

/// `N` random bytes as an array.
pub fn random_array<const N: usize>() -> Result<[u8; N], Error> {
    let mut buf = [0u8; N];
    crypto()?
        .get_random_values_with_u8_array(&mut buf)
        .map_err(|_| fail("getRandomValues"))?;
    Ok(buf)
}

/// A 256-bit random token, hex.
pub fn token() -> Result<String, Error> {
    Ok(to_hex(&random_bytes(32)?))
}

/// A random identifier with a prefix, e.g. `c_3f9a…` (16 hex digits).
pub fn id(prefix: &str) -> Result<String, Error> {
    Ok(format!("{prefix}_{}", to_hex(&random_bytes(8)?)))
}

/// SHA-256 of `data`, hex.
pub async fn sha256_hex(data: &[u8]) -> Result<String, Error> {
    let promise = crypto()?
        .subtle()
        .digest_with_str_and_u8_array("SHA-256", data)
        .map_err(|_| fail("digest"))?;
    let buf = JsFuture::from(promise).await.map_err(|_| fail("digest"))?;
    Ok(to_hex(&js_sys::Uint8Array::new(&buf).to_vec()))
}

/// PBKDF2-SHA256 of a password, 32 bytes.
pub async fn pbkdf2(password: &str, salt: &[u8], iterations: u32) -> Result<Vec<u8>, Error> {
    let subtle = crypto()?.subtle();
    let usages = js_sys::Array::of1(&JsValue::from_str("deriveBits"));
    let key_data = js_sys::Uint8Array::from(password.as_bytes());
    let key = subtle
        .import_key_with_str("raw", &key_data, "PBKDF2", false, &usages)
        .map_err(|_| fail("importKey"))?;
    let key: CryptoKey = JsFuture::from(key)
        .await
        .map_err(|_| fail("importKey"))?
        .unchecked_into();
    let salt = js_sys::Uint8Array::from(salt);
    let params = Pbkdf2Params::new("PBKDF2", &JsValue::from_str("SHA-256"), iterations, &salt);
    let bits = subtle
        .derive_bits_with_object(&params, &key, 256)
        .map_err(|_| fail("deriveBits"))?;
    let bits = JsFuture::from(bits).await.map_err(|_| fail("deriveBits"))?;
    Ok(js_sys::Uint8Array::new(&bits).to_vec())
}

/// A new stored hash for a password, with a fresh salt.
pub async fn hash_password(password: &str) -> Result<String, Error> {
    let salt = random_bytes(16)?;
    let hash = pbkdf2(password, &salt, PBKDF2_ITERATIONS).await?;
    Ok(PasswordHash {
        iterations: PBKDF2_ITERATIONS,
        salt,
        hash,
    }
    .encode())
}

/// Whether `password` matches the stored hash. A malformed stored hash never matches.
pub async fn verify_password(password: &str, stored: &str) -> Result<bool, Error> {
    let Some(h) = PasswordHash::parse(stored) else {
        return Ok(false);
    };
    let computed = pbkdf2(password, &h.salt, h.iterations).await?;
    Ok(hall_domain::account::constant_time_eq(&computed, &h.hash))
}
