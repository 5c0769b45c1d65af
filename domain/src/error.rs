//! The one error type of the API: a stable code, a message in Chinese and English, and the HTTP
//! status it maps to.

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};

/// Everything that can go wrong in a request, as the client should hear it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Error {
    /// No route matches the path.
    RouteNotFound,
    /// The route exists but not for this method.
    MethodNotAllowed,
    ItemNotFound(String),
    PackageNotFound(String),
    /// A query parameter is malformed or out of range.
    BadParam {
        field: &'static str,
        zh: String,
        en: String,
    },
    /// The search text is longer than [`crate::query::MAX_QUERY_CHARS`].
    QueryTooLong,
    /// The store failed; details are logged, never shown.
    Unavailable,
}

impl Error {
    pub fn bad_param(field: &'static str, zh: impl Into<String>, en: impl Into<String>) -> Error {
        Error::BadParam {
            field,
            zh: zh.into(),
            en: en.into(),
        }
    }

    /// The stable machine-readable code.
    pub fn code(&self) -> &'static str {
        match self {
            Error::RouteNotFound => "route.not_found",
            Error::MethodNotAllowed => "route.method_not_allowed",
            Error::ItemNotFound(_) => "item.not_found",
            Error::PackageNotFound(_) => "package.not_found",
            Error::BadParam { .. } => "param.invalid",
            Error::QueryTooLong => "search.query_too_long",
            Error::Unavailable => "service.unavailable",
        }
    }

    pub fn status(&self) -> u16 {
        match self {
            Error::RouteNotFound | Error::ItemNotFound(_) | Error::PackageNotFound(_) => 404,
            Error::MethodNotAllowed => 405,
            Error::BadParam { .. } | Error::QueryTooLong => 400,
            Error::Unavailable => 503,
        }
    }

    pub fn message_zh(&self) -> String {
        match self {
            Error::RouteNotFound => "没有这个接口".into(),
            Error::MethodNotAllowed => "该接口不支持这种请求方法".into(),
            Error::ItemNotFound(code) => format!("没有找到事项 {code}，请检查事项编码或重新搜索"),
            Error::PackageNotFound(code) => format!("没有找到联办事项 {code}"),
            Error::BadParam { zh, .. } => zh.clone(),
            Error::QueryTooLong => format!(
                "搜索内容太长，请控制在 {} 个字以内",
                crate::query::MAX_QUERY_CHARS
            ),
            Error::Unavailable => "服务暂时不可用，请稍后再试".into(),
        }
    }

    pub fn message_en(&self) -> String {
        match self {
            Error::RouteNotFound => "No such endpoint".into(),
            Error::MethodNotAllowed => "Method not allowed on this endpoint".into(),
            Error::ItemNotFound(code) => format!("Service item {code} not found"),
            Error::PackageNotFound(code) => format!("Joint package {code} not found"),
            Error::BadParam { en, .. } => en.clone(),
            Error::QueryTooLong => format!(
                "Search text is too long (at most {} characters)",
                crate::query::MAX_QUERY_CHARS
            ),
            Error::Unavailable => "Service temporarily unavailable, please retry".into(),
        }
    }

    /// The JSON body sent to the client.
    pub fn body(&self) -> ErrorBody {
        let fields = match self {
            Error::BadParam { field, zh, .. } => {
                Some(BTreeMap::from([(field.to_string(), zh.clone())]))
            }
            Error::QueryTooLong => Some(BTreeMap::from([("q".to_string(), self.message_zh())])),
            _ => None,
        };
        ErrorBody {
            code: self.code().to_string(),
            message: self.message_zh(),
            message_en: self.message_en(),
            fields,
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.code(), self.message_en())
    }
}

impl std::error::Error for Error {}

/// The error body of every failed API response.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorBody {
    pub code: String,
    pub message: String,
    pub message_en: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fields: Option<BTreeMap<String, String>>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_and_codes_are_stable() {
        let cases = [
            (Error::RouteNotFound, 404, "route.not_found"),
            (Error::MethodNotAllowed, 405, "route.method_not_allowed"),
            (Error::ItemNotFound("X".into()), 404, "item.not_found"),
            (Error::PackageNotFound("X".into()), 404, "package.not_found"),
            (
                Error::bad_param("page", "页码", "page"),
                400,
                "param.invalid",
            ),
            (Error::QueryTooLong, 400, "search.query_too_long"),
            (Error::Unavailable, 503, "service.unavailable"),
        ];
        for (e, status, code) in cases {
            assert_eq!(e.status(), status, "{e}");
            assert_eq!(e.code(), code);
            assert!(!e.message_zh().is_empty());
            assert!(!e.message_en().is_empty());
        }
    }

    #[test]
    fn bad_param_names_the_field() {
        let body = Error::bad_param(
            "page",
            "页码必须是正整数",
            "page must be a positive integer",
        )
        .body();
        assert_eq!(body.code, "param.invalid");
        assert_eq!(body.message, "页码必须是正整数");
        assert_eq!(
            body.fields.and_then(|f| f.get("page").cloned()).as_deref(),
            Some("页码必须是正整数")
        );
    }
}
