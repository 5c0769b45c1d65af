//! The route table and the dispatcher. The table is the single source of the API surface: the
//! dispatcher matches it and `openapi.rs` documents it, so the two cannot drift.

mod catalogue;
mod meta;

use hall_domain::Error;
use worker::{Env, Request, Response, Result};

use crate::http;

/// Every route the Worker serves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RouteId {
    Health,
    OpenApi,
    Items,
    Item,
    Departments,
    Packages,
    Package,
}

/// Where a parameter travels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum In {
    Path,
    Query,
}

/// One documented parameter.
#[derive(Debug)]
pub struct Param {
    pub name: &'static str,
    pub location: In,
    pub description: &'static str,
    /// JSON Schema of the value, as JSON text.
    pub schema: &'static str,
    /// An example used in the documentation and by the HTTP tests.
    pub example: &'static str,
}

/// One route: what the dispatcher matches and the OpenAPI document describes.
#[derive(Debug)]
pub struct Route {
    pub id: RouteId,
    pub method: &'static str,
    /// Path template; `{name}` matches one segment.
    pub path: &'static str,
    pub summary: &'static str,
    pub params: &'static [Param],
    /// Status codes with their description and the name of the response schema.
    pub responses: &'static [(u16, &'static str, &'static str)],
}

const CODE_PATH: Param = Param {
    name: "code",
    location: In::Path,
    description: "事项编码 Service item code",
    schema: r#"{"type":"string","pattern":"^[A-Z]{1,6}-[A-Z]{1,6}-[0-9]{3}$"}"#,
    example: "GA-HZ-004",
};

const ERR_400: (u16, &str, &str) = (400, "Malformed parameter", "Error");
const ERR_404: (u16, &str, &str) = (404, "Not found", "Error");
const ERR_503: (u16, &str, &str) = (503, "Storage unavailable", "Error");

pub const ROUTES: &[Route] = &[
    Route {
        id: RouteId::Health,
        method: "GET",
        path: "/api/health",
        summary: "Liveness and catalogue size",
        params: &[],
        responses: &[(200, "Healthy", "Health"), ERR_503],
    },
    Route {
        id: RouteId::OpenApi,
        method: "GET",
        path: "/api/openapi.json",
        summary: "This API as an OpenAPI 3.1 document",
        params: &[],
        responses: &[(200, "The document", "")],
    },
    Route {
        id: RouteId::Items,
        method: "GET",
        path: "/api/v1/items",
        summary: "Search and filter service items (办事指南检索)",
        params: &[
            Param {
                name: "q",
                location: In::Query,
                description: "搜索内容，口语、简称、拼音均可；最多 50 字 Search text",
                schema: r#"{"type":"string","maxLength":50}"#,
                example: "身份证丢了",
            },
            Param {
                name: "department",
                location: In::Query,
                description: "部门编码 Department code",
                schema: r#"{"type":"string","pattern":"^[a-z]{1,16}$"}"#,
                example: "gaj",
            },
            Param {
                name: "audience",
                location: In::Query,
                description: "办事对象 personal 个人 / business 法人",
                schema: r#"{"type":"string","enum":["personal","business"]}"#,
                example: "personal",
            },
            Param {
                name: "tongban",
                location: In::Query,
                description: "通办范围 Scope of cross-hall handling",
                schema: r#"{"type":"string","enum":["local","same_city","cross_city","province","本地","同城通办","跨城通办","全省通办"]}"#,
                example: "province",
            },
            Param {
                name: "page",
                location: In::Query,
                description: "页码，从 1 开始 Page number",
                schema: r#"{"type":"integer","minimum":1,"maximum":1000,"default":1}"#,
                example: "1",
            },
            Param {
                name: "per_page",
                location: In::Query,
                description: "每页条数 Page size",
                schema: r#"{"type":"integer","minimum":1,"maximum":50,"default":10}"#,
                example: "10",
            },
        ],
        responses: &[
            (200, "Matching items, best first", "ItemList"),
            ERR_400,
            ERR_503,
        ],
    },
    Route {
        id: RouteId::Item,
        method: "GET",
        path: "/api/v1/items/{code}",
        summary: "The full service guide of one item (办事指南)",
        params: &[CODE_PATH],
        responses: &[(200, "The guide", "ItemGuide"), ERR_404, ERR_503],
    },
    Route {
        id: RouteId::Departments,
        method: "GET",
        path: "/api/v1/departments",
        summary: "Departments with their number of items",
        params: &[],
        responses: &[(200, "Departments", "DepartmentList"), ERR_503],
    },
    Route {
        id: RouteId::Packages,
        method: "GET",
        path: "/api/v1/packages",
        summary: "Joint packages (联审联办 / 一件事)",
        params: &[],
        responses: &[(200, "Packages", "PackageList"), ERR_503],
    },
    Route {
        id: RouteId::Package,
        method: "GET",
        path: "/api/v1/packages/{code}",
        summary: "One joint package with its items",
        params: &[Param {
            name: "code",
            location: In::Path,
            description: "联办事项编码 Package code",
            schema: r#"{"type":"string","pattern":"^LB-[A-Z]{1,12}$"}"#,
            example: "LB-QYKB",
        }],
        responses: &[(200, "The package", "PackageDetail"), ERR_404, ERR_503],
    },
];

/// Finds the route for a method and path, with the path parameters in template order.
pub fn find(method: &str, path: &str) -> std::result::Result<(&'static Route, Vec<String>), Error> {
    let path = if path.len() > 1 {
        path.trim_end_matches('/')
    } else {
        path
    };
    let mut method_mismatch = false;
    for route in ROUTES {
        if let Some(params) = match_path(route.path, path) {
            if route.method == method {
                return Ok((route, params));
            }
            method_mismatch = true;
        }
    }
    Err(if method_mismatch {
        Error::MethodNotAllowed
    } else {
        Error::RouteNotFound
    })
}

fn match_path(template: &str, path: &str) -> Option<Vec<String>> {
    let mut t = template.split('/');
    let mut p = path.split('/');
    let mut params = Vec::new();
    loop {
        match (t.next(), p.next()) {
            (None, None) => return Some(params),
            (Some(ts), Some(ps)) if ts.starts_with('{') && ts.ends_with('}') && !ps.is_empty() => {
                params.push(ps.to_string())
            }
            (Some(ts), Some(ps)) if ts == ps => {}
            _ => return None,
        }
    }
}

/// Answers one API request; every failure becomes a JSON error with its status.
pub async fn handle(req: Request, env: &Env) -> Result<Response> {
    let url = req.url()?;
    let method = req.method().to_string();
    let outcome = match find(&method, url.path()) {
        Ok((route, params)) => dispatch(route.id, &params, &url, env).await,
        Err(e) => Err(e),
    };
    match outcome {
        Ok(resp) => Ok(resp),
        Err(e) => http::error(&e),
    }
}

async fn dispatch(
    id: RouteId,
    params: &[String],
    url: &worker::Url,
    env: &Env,
) -> std::result::Result<Response, Error> {
    let param = |i: usize| params.get(i).map(String::as_str).unwrap_or_default();
    let resp = match id {
        RouteId::Health => meta::health(env).await,
        RouteId::OpenApi => meta::openapi(),
        RouteId::Items => catalogue::items(url, env).await,
        RouteId::Item => catalogue::item(param(0), env).await,
        RouteId::Departments => catalogue::departments(env).await,
        RouteId::Packages => catalogue::packages(env).await,
        RouteId::Package => catalogue::package(param(0), env).await,
    }?;
    Ok(resp)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_templates_and_methods() {
        let (r, p) = find("GET", "/api/v1/items/GA-HZ-004").unwrap();
        assert_eq!(r.id, RouteId::Item);
        assert_eq!(p, vec!["GA-HZ-004"]);
        assert_eq!(find("GET", "/api/v1/items/").unwrap().0.id, RouteId::Items);
        assert_eq!(
            find("POST", "/api/v1/items").unwrap_err(),
            Error::MethodNotAllowed
        );
        assert_eq!(
            find("GET", "/api/v1/nothing").unwrap_err(),
            Error::RouteNotFound
        );
        assert_eq!(
            find("GET", "/api/v1/items/a/b").unwrap_err(),
            Error::RouteNotFound
        );
    }

    #[test]
    fn paths_are_unique() {
        for (i, a) in ROUTES.iter().enumerate() {
            for b in &ROUTES[i + 1..] {
                assert!(a.path != b.path || a.method != b.method, "{}", a.path);
            }
        }
    }
}
