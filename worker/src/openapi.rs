//! The OpenAPI 3.1 document, generated from the route table in `routes/mod.rs`.

use serde_json::{json, Map, Value};

use crate::routes::{In, ROUTES};

fn schema_ref(name: &str) -> Value {
    json!({ "$ref": format!("#/components/schemas/{name}") })
}

fn schemas() -> Value {
    let string_list = json!({ "type": "array", "items": { "type": "string" } });
    json!({
        "Error": {
            "type": "object",
            "required": ["code", "message", "message_en"],
            "properties": {
                "code": { "type": "string", "description": "Stable machine-readable code, e.g. item.not_found" },
                "message": { "type": "string", "description": "中文说明" },
                "message_en": { "type": "string" },
                "fields": { "type": "object", "additionalProperties": { "type": "string" } }
            }
        },
        "Health": {
            "type": "object",
            "required": ["status", "version", "items"],
            "properties": {
                "status": { "const": "ok" },
                "version": { "type": "string" },
                "items": { "type": "integer" }
            }
        },
        "ItemSummary": {
            "type": "object",
            "required": ["code", "name", "department", "department_name", "category", "audience", "kind",
                         "promised_limit_workdays", "free", "channels", "tongban", "rongque", "mail_delivery", "appointment"],
            "properties": {
                "code": { "type": "string" },
                "name": { "type": "string" },
                "department": { "type": "string" },
                "department_name": { "type": "string" },
                "category": { "type": "string" },
                "audience": { "type": "array", "items": { "enum": ["personal", "business"] } },
                "kind": { "enum": ["即办件", "承诺件"] },
                "promised_limit_workdays": { "type": "integer", "description": "承诺办结时限（工作日）" },
                "free": { "type": "boolean" },
                "channels": { "type": "array", "items": { "enum": ["窗口", "网上", "粤省事", "自助机"] } },
                "tongban": { "enum": ["本地", "同城通办", "跨城通办", "全省通办"] },
                "rongque": { "type": "boolean", "description": "容缺受理" },
                "mail_delivery": { "type": "boolean" },
                "appointment": { "type": "boolean" }
            }
        },
        "ItemList": {
            "type": "object",
            "required": ["items", "total", "page", "per_page", "suggestions"],
            "properties": {
                "items": { "type": "array", "items": schema_ref("ItemSummary") },
                "total": { "type": "integer" },
                "page": { "type": "integer" },
                "per_page": { "type": "integer" },
                "suggestions": string_list.clone()
            }
        },
        "Material": {
            "type": "object",
            "required": ["name", "kind", "copies", "required", "waivable"],
            "properties": {
                "name": { "type": "string" },
                "kind": { "enum": ["原件", "复印件", "电子证照"] },
                "copies": { "type": "integer", "minimum": 1 },
                "required": { "type": "boolean" },
                "waivable": { "type": "boolean", "description": "容缺受理时可后补" }
            }
        },
        "Item": {
            "type": "object",
            "required": ["code", "name", "department", "category", "audience", "kind", "legal_limit_workdays",
                         "promised_limit_workdays", "fee", "conditions", "materials", "steps", "channels",
                         "tongban", "rongque", "mail_delivery", "appointment", "keywords"],
            "properties": {
                "code": { "type": "string" },
                "name": { "type": "string" },
                "department": { "type": "string" },
                "category": { "type": "string" },
                "audience": { "type": "array", "items": { "enum": ["personal", "business"] } },
                "kind": { "enum": ["即办件", "承诺件"] },
                "legal_limit_workdays": { "type": "integer" },
                "promised_limit_workdays": { "type": "integer" },
                "fee": {
                    "oneOf": [
                        { "type": "null", "description": "不收费" },
                        { "type": "object", "required": ["amount_fen", "basis"],
                          "properties": { "amount_fen": { "type": "integer", "description": "分" }, "basis": { "type": "string" } } }
                    ]
                },
                "conditions": string_list.clone(),
                "materials": { "type": "array", "items": schema_ref("Material") },
                "steps": string_list.clone(),
                "channels": { "type": "array", "items": { "enum": ["窗口", "网上", "粤省事", "自助机"] } },
                "tongban": { "enum": ["本地", "同城通办", "跨城通办", "全省通办"] },
                "rongque": { "type": "boolean" },
                "mail_delivery": { "type": "boolean" },
                "appointment": { "type": "boolean" },
                "keywords": string_list.clone()
            }
        },
        "ItemGuide": {
            "type": "object",
            "required": ["item", "department_name", "packages", "promised_by_if_accepted_today", "today"],
            "properties": {
                "item": schema_ref("Item"),
                "department_name": { "type": "string" },
                "packages": { "type": "array", "items": { "type": "object", "required": ["code", "name"],
                    "properties": { "code": { "type": "string" }, "name": { "type": "string" } } } },
                "promised_by_if_accepted_today": { "type": ["string", "null"], "format": "date" },
                "today": { "type": ["string", "null"], "format": "date" }
            }
        },
        "DepartmentList": {
            "type": "object",
            "required": ["departments"],
            "properties": {
                "departments": { "type": "array", "items": { "type": "object", "required": ["code", "name", "item_count"],
                    "properties": { "code": { "type": "string" }, "name": { "type": "string" }, "item_count": { "type": "integer" } } } }
            }
        },
        "Package": {
            "type": "object",
            "required": ["code", "name", "theme", "items", "promised_limit_workdays", "description"],
            "properties": {
                "code": { "type": "string" },
                "name": { "type": "string" },
                "theme": { "type": "string" },
                "items": string_list,
                "promised_limit_workdays": { "type": "integer" },
                "description": { "type": "string" }
            }
        },
        "PackageList": {
            "type": "object",
            "required": ["packages"],
            "properties": { "packages": { "type": "array", "items": schema_ref("Package") } }
        },
        "PackageDetail": {
            "type": "object",
            "required": ["package", "items", "separate_limit_workdays"],
            "properties": {
                "package": schema_ref("Package"),
                "items": { "type": "array", "items": schema_ref("ItemSummary") },
                "separate_limit_workdays": { "type": "integer" }
            }
        }
    })
}

/// The whole document.
pub fn document() -> Value {
    let mut paths = Map::new();
    for route in ROUTES {
        let params: Vec<Value> = route
            .params
            .iter()
            .map(|p| {
                let schema: Value = serde_json::from_str(p.schema).unwrap_or(Value::Null);
                json!({
                    "name": p.name,
                    "in": if p.location == In::Path { "path" } else { "query" },
                    "required": p.location == In::Path,
                    "description": p.description,
                    "schema": schema,
                    "example": p.example,
                })
            })
            .collect();
        let mut responses = Map::new();
        for (status, description, schema) in route.responses {
            let content = if schema.is_empty() {
                json!({ "application/json": { "schema": { "type": "object" } } })
            } else {
                json!({ "application/json": { "schema": schema_ref(schema) } })
            };
            responses.insert(
                status.to_string(),
                json!({ "description": description, "content": content }),
            );
        }
        let operation = json!({
            "operationId": format!("{:?}", route.id),
            "summary": route.summary,
            "parameters": params,
            "responses": responses,
        });
        let entry = paths
            .entry(route.path.to_string())
            .or_insert_with(|| Value::Object(Map::new()));
        if let Value::Object(ops) = entry {
            ops.insert(route.method.to_ascii_lowercase(), operation);
        }
    }
    json!({
        "openapi": "3.1.0",
        "info": {
            "title": "Hall 政务服务大厅 API",
            "version": env!("CARGO_PKG_VERSION"),
            "description": "Citizen portal API of a Guangdong government service hall. \
                Errors are JSON {code, message, message_en, fields?}; times are RFC 3339 in +08:00; money is integer fen."
        },
        "paths": paths,
        "components": { "schemas": schemas() },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_route_is_documented_and_every_schema_exists() {
        let doc = document();
        let schemas = doc["components"]["schemas"].as_object().unwrap();
        for route in ROUTES {
            let op = &doc["paths"][route.path][route.method.to_ascii_lowercase()];
            assert!(op.is_object(), "{} missing", route.path);
            for (_, _, schema) in route.responses {
                assert!(
                    schema.is_empty() || schemas.contains_key(*schema),
                    "{schema}"
                );
            }
            for p in route.params {
                assert!(
                    !op["parameters"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .any(|x| x["schema"].is_null()),
                    "{} {}",
                    route.path,
                    p.name
                );
            }
        }
    }
}
