//! WebCrypto: random bytes, SHA-256, PBKDF2-SHA256 and AES-256-GCM sealing, all done by the
//! runtime.

use hall_domain::account::{to_hex, PasswordHash, PBKDF2_ITERATIONS};
use hall_domain::Error;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{AesGcmParams, Crypto, CryptoKey, Pbkdf2Params, WorkerGlobalScope};

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

/// The development data key: any local server that sets no `HALL_DATA_KEY` uses it. Never a
/// production key (production refuses to seal without its secret).
const DEV_DATA_KEY: [u8; hall_domain::sealed::KEY_BYTES] = *b"hall-development-data-key-000001";

/// The key values at rest are sealed under: the Worker secret `HALL_DATA_KEY` (64 hex digits),
/// or the development key on a development server. Production without it fails closed.
pub fn data_key(ctx: &crate::ctx::Ctx) -> Result<[u8; hall_domain::sealed::KEY_BYTES], Error> {
    let configured = ctx
        .env
        .secret("HALL_DATA_KEY")
        .map(|v| v.to_string())
        .or_else(|_| ctx.env.var("HALL_DATA_KEY").map(|v| v.to_string()));
    match configured {
        Ok(text) => hall_domain::sealed::parse_key(&text)
            .ok_or_else(|| fail("HALL_DATA_KEY is not 64 hex digits")),
        Err(_) if ctx.dev() => Ok(DEV_DATA_KEY),
        Err(_) => Err(fail("HALL_DATA_KEY is not set")),
    }
}

async fn aes_key(key: &[u8], usage: &str) -> Result<CryptoKey, Error> {
    let usages = js_sys::Array::of1(&JsValue::from_str(usage));
    let key_data = js_sys::Uint8Array::from(key);
    let promise = crypto()?
        .subtle()
        .import_key_with_str("raw", &key_data, "AES-GCM", false, &usages)
        .map_err(|_| fail("importKey"))?;
    Ok(JsFuture::from(promise)
        .await
        .map_err(|_| fail("importKey"))?
        .unchecked_into())
}

fn gcm(iv: &[u8], aad: &[u8]) -> AesGcmParams {
    let params = AesGcmParams::new("AES-GCM", &js_sys::Uint8Array::from(iv));
    params.set_additional_data(&js_sys::Uint8Array::from(aad));
    params
}

/// Seals `plain` under `key` (AES-256-GCM, a fresh nonce), bound to `owner`: the stored text.
pub async fn seal(key: &[u8], owner: &str, plain: &[u8]) -> Result<String, Error> {
    let iv: [u8; hall_domain::sealed::IV_BYTES] = random_array()?;
    let aes = aes_key(key, "encrypt").await?;
    let promise = crypto()?
        .subtle()
        .encrypt_with_object_and_u8_array(&gcm(&iv, owner.as_bytes()), &aes, plain)
        .map_err(|_| fail("encrypt"))?;
    let out = JsFuture::from(promise).await.map_err(|_| fail("encrypt"))?;
    Ok(hall_domain::sealed::Sealed {
        iv,
        ciphertext: js_sys::Uint8Array::new(&out).to_vec(),
    }
    .encode())
}

/// Opens a sealed value of `owner`; `None` when it is not one or does not open (another key,
/// another owner, altered).
pub async fn open(key: &[u8], owner: &str, stored: &str) -> Result<Option<Vec<u8>>, Error> {
    let Some(sealed) = hall_domain::sealed::Sealed::parse(stored) else {
        return Ok(None);
    };
    let aes = aes_key(key, "decrypt").await?;
    let promise = crypto()?
        .subtle()
        .decrypt_with_object_and_u8_array(
            &gcm(&sealed.iv, owner.as_bytes()),
            &aes,
            &sealed.ciphertext,
        )
        .map_err(|_| fail("decrypt"))?;
    Ok(JsFuture::from(promise)
        .await
        .ok()
        .map(|out| js_sys::Uint8Array::new(&out).to_vec()))
}
