//! The one fetch wrapper: sends JSON to the API and decodes the answer into the domain's DTOs.
//! A request still in flight when its view is dropped (navigation) is aborted. Every
//! state-changing request carries the same-origin header the Worker requires.

use std::fmt;

use hall_domain::error::ErrorBody;
use leptos::prelude::on_cleanup;
use send_wrapper::SendWrapper;
use serde::de::DeserializeOwned;
use serde::Serialize;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// A failed API call, as the citizen should read it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ApiError {
    /// No answer: offline or the connection dropped.
    Network,
    /// The server answered with an error.
    Status {
        status: u16,
        /// Boxed: a `Result` carrying an `ApiError` stays small.
        body: Option<Box<ErrorBody>>,
    },
    /// The answer could not be read.
    Decode,
}

impl ApiError {
    pub fn is_not_found(&self) -> bool {
        matches!(self, ApiError::Status { status: 404, .. })
    }

    /// Not signed in (or the session ended).
    pub fn is_unauthenticated(&self) -> bool {
        matches!(self, ApiError::Status { status: 401, .. })
    }

    /// Signed in with a phone code where the page needs real-name sign-in.
    pub fn needs_real_name(&self) -> bool {
        self.code() == Some("auth.real_name_required")
    }

    /// The server's error code, if it answered with one.
    pub fn code(&self) -> Option<&str> {
        match self {
            ApiError::Status { body: Some(b), .. } => Some(b.code.as_str()),
            _ => None,
        }
    }

    /// The server's field messages in the page's language.
    fn field_messages(&self) -> Option<&std::collections::BTreeMap<String, String>> {
        match self {
            ApiError::Status { body: Some(b), .. } => match crate::lang::current() {
                crate::lang::Locale::en if b.fields_en.is_some() => b.fields_en.as_ref(),
                crate::lang::Locale::zh_HK if b.fields_hk.is_some() => b.fields_hk.as_ref(),
                _ => b.fields.as_ref(),
            },
            _ => None,
        }
    }

    /// Every form field the server named, with its message.
    pub fn fields(&self) -> Vec<(String, String)> {
        self.field_messages()
            .map(|f| f.iter().map(|(k, v)| (k.clone(), v.clone())).collect())
            .unwrap_or_default()
    }

    /// The message for one form field, when the server named it.
    pub fn field(&self, name: &str) -> Option<String> {
        self.field_messages().and_then(|f| f.get(name).cloned())
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ApiError::Network => f.write_str(crate::tr!(err_network)),
            // The server's message in the page's language.
            ApiError::Status {
                body: Some(body), ..
            } => f.write_str(match crate::lang::current() {
                crate::lang::Locale::en => &body.message_en,
                crate::lang::Locale::zh_HK if !body.message_hk.is_empty() => &body.message_hk,
                _ => &body.message,
            }),
            ApiError::Status { status, .. } => {
                f.write_str(&crate::tr!(err_unavailable, status = status))
            }
            ApiError::Decode => f.write_str(crate::tr!(err_decode)),
        }
    }
}

impl std::error::Error for ApiError {}

pub use hall_domain::site::{encode, with_query};

/// The reader's language as the catalogue routes read it (`lang`).
pub fn reader_lang() -> hall_domain::language::Lang {
    match crate::lang::current() {
        crate::lang::Locale::zh_HK => hall_domain::language::Lang::ZhHk,
        crate::lang::Locale::en => hall_domain::language::Lang::En,
        crate::lang::Locale::zh_CN => hall_domain::language::Lang::ZhCn,
    }
}

/// A catalogue address (guide, package, departments, booking options) asked in the reader's
/// language; `path` may already hold a query.
pub fn in_reader_lang(path: &str) -> String {
    match reader_lang() {
        hall_domain::language::Lang::ZhCn => path.to_string(),
        lang if path.contains('?') => format!("{path}&lang={}", lang.tag()),
        lang => with_query(path, &[("lang", lang.tag().to_string())]),
    }
}

/// The sign-in page, coming back to this very address (its query too: an item being asked
/// about, a choice being made) once signed in.
pub fn sign_in_back_here() -> String {
    let here = web_sys::window()
        .map(|w| w.location())
        .map(|l| {
            format!(
                "{}{}",
                l.pathname().unwrap_or_default(),
                l.search().unwrap_or_default()
            )
        })
        .unwrap_or_default();
    with_query("/sign-in", &[("next", here)])
}

/// A fresh idempotency key: time and randomness, letters and digits only.
pub fn new_key() -> String {
    let r = (js_sys::Math::random() * 1e15) as u64;
    let r2 = (js_sys::Math::random() * 1e15) as u64;
    format!("k{:x}{r:x}{r2:x}", js_sys::Date::now() as u64)
}

thread_local! {
    static DEVICE_KEY: std::cell::RefCell<Option<String>> = const { std::cell::RefCell::new(None) };
}

/// The hall's kiosk key, sent with every change this page makes from now on (the kiosk page
/// sets it; nothing else does).
pub fn set_device_key(key: Option<String>) {
    DEVICE_KEY.set(key);
}

/// GETs `path` and decodes the JSON answer.
pub async fn get<T: DeserializeOwned>(path: &str) -> Result<T, ApiError> {
    fetch("GET", path, None).await
}

/// POSTs `body` as JSON to `path` and decodes the answer.
pub async fn post<T: DeserializeOwned, B: Serialize>(path: &str, body: &B) -> Result<T, ApiError> {
    let json = serde_json::to_string(body).map_err(|_| ApiError::Decode)?;
    fetch("POST", path, Some(json)).await
}

/// PUTs `body` as JSON to `path` and decodes the answer.
pub async fn put<T: DeserializeOwned, B: Serialize>(path: &str, body: &B) -> Result<T, ApiError> {
    let json = serde_json::to_string(body).map_err(|_| ApiError::Decode)?;
    fetch("PUT", path, Some(json)).await
}

async fn fetch<T: DeserializeOwned>(
    method: &str,
    path: &str,
    body: Option<String>,
) -> Result<T, ApiError> {
    let answer = send(method, path, body, None).await?;
    serde_json::from_str(&answer.text).map_err(|_| ApiError::Decode)
}

/// GETs `path` again, sending the ETag of the last answer: `None` when nothing changed (304),
/// else the new value and its ETag. Pages that follow a live state (the ticket page, the
/// board) call this every second.
pub async fn poll<T: DeserializeOwned>(
    path: &str,
    etag: Option<String>,
) -> Result<Option<(T, Option<String>)>, ApiError> {
    let answer = send("GET", path, None, etag).await?;
    if answer.status == 304 {
        return Ok(None);
    }
    let value = serde_json::from_str(&answer.text).map_err(|_| ApiError::Decode)?;
    Ok(Some((value, answer.etag)))
}

/// A successful answer.
struct Answer {
    status: u16,
    etag: Option<String>,
    text: String,
}

/// The untyped part of a call, compiled once: the answer, or the error.
async fn send(
    method: &str,
    path: &str,
    body: Option<String>,
    if_none_match: Option<String>,
) -> Result<Answer, ApiError> {
    let window = web_sys::window().ok_or(ApiError::Network)?;
    let init = web_sys::RequestInit::new();
    init.set_method(method);
    let headers = web_sys::Headers::new().map_err(|_| ApiError::Network)?;
    if let Some(tag) = &if_none_match {
        headers
            .set("if-none-match", tag)
            .map_err(|_| ApiError::Network)?;
    }
    if method != "GET" {
        headers
            .set("content-type", "application/json")
            .map_err(|_| ApiError::Network)?;
        headers
            .set(hall_domain::account::CSRF_HEADER, "1")
            .map_err(|_| ApiError::Network)?;
        if let Some(key) = DEVICE_KEY.with_borrow(Clone::clone) {
            headers
                .set(hall_domain::device::HEADER, &key)
                .map_err(|_| ApiError::Network)?;
        }
        init.set_body(&wasm_bindgen::JsValue::from_str(
            body.as_deref().unwrap_or("{}"),
        ));
    }
    init.set_headers(&headers);
    if let Some(owner) = leptos::prelude::Owner::current() {
        if let Ok(controller) = web_sys::AbortController::new() {
            init.set_signal(Some(&controller.signal()));
            let controller = SendWrapper::new(controller);
            owner.with(|| on_cleanup(move || controller.abort()));
        }
    }
    let response = JsFuture::from(window.fetch_with_str_and_init(path, &init))
        .await
        .map_err(|_| ApiError::Network)?;
    let response: web_sys::Response = response.dyn_into().map_err(|_| ApiError::Network)?;
    let status = response.status();
    let etag = response.headers().get("etag").ok().flatten();
    if status == 304 {
        return Ok(Answer {
            status,
            etag,
            text: String::new(),
        });
    }
    let text = JsFuture::from(response.text().map_err(|_| ApiError::Network)?)
        .await
        .map_err(|_| ApiError::Network)?
        .as_string()
        .ok_or(ApiError::Decode)?;
    if response.ok() {
        Ok(Answer { status, etag, text })
    } else {
        Err(ApiError::Status {
            status,
            body: serde_json::from_str(&text).ok().map(Box::new),
        })
    }
}

/// Sets the document title, "<page> · 市政务服务中心".
pub fn set_title(page: &str) {
    if let Some(doc) = web_sys::window().and_then(|w| w.document()) {
        doc.set_title(&format!("{page} · {}", hall_domain::hall::HALL.name));
    }
}
