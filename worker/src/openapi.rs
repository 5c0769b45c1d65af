//! The OpenAPI 3.1 document, generated from the route table in `routes/mod.rs`.

use serde_json::{json, Map, Value};

use crate::auth::Guard;
use crate::routes::{In, ROUTES};

/// How the guard reads in the document: `public`, `citizen`, `staff`, `staff:read:citizen_data`,
/// `dev`.
fn guard_name(guard: Guard) -> String {
    match guard {
        Guard::Public => "public".into(),
        Guard::Citizen => "citizen".into(),
        Guard::RealName => "citizen:real_name".into(),
        Guard::AnyStaff => "staff".into(),
        Guard::Dev => "dev".into(),
        Guard::Provider => "provider".into(),
        Guard::Staff(action, resource) => {
            let name = |v: Value| v.as_str().unwrap_or_default().to_string();
            format!("staff:{}:{}", name(json!(action)), name(json!(resource)))
        }
    }
}

fn schema_ref(name: &str) -> Value {
    json!({ "$ref": format!("#/components/schemas/{name}") })
}

/// The hall's own words in a history entry: one object per code, its values typed as the
/// examples carry them.
fn said_schema() -> Value {
    let type_of = |v: &Value| match v {
        Value::Bool(_) => json!({ "type": "boolean" }),
        Value::Number(_) => json!({ "type": "integer" }),
        Value::Array(_) => json!({ "type": "array", "items": { "type": "string" } }),
        Value::Null => json!({ "type": ["string", "null"] }),
        _ => json!({ "type": "string" }),
    };
    let mut kinds: Vec<Value> = hall_domain::said::Said::examples()
        .iter()
        .filter_map(|s| serde_json::to_value(s).ok())
        .filter_map(|v| v.as_object().cloned())
        .map(|fields| {
            let properties: Map<String, Value> = fields
                .iter()
                .map(|(k, v)| {
                    let schema = match k.as_str() {
                        "code" => json!({ "const": v }),
                        _ => type_of(v),
                    };
                    (k.clone(), schema)
                })
                .collect();
            let required: Vec<&String> = fields.keys().collect();
            json!({ "type": "object", "required": required, "properties": properties })
        })
        .collect();
    kinds.push(json!({ "type": "object", "required": ["code"], "properties": { "code": { "const": "unknown" } } }));
    json!({
        "description": "The hall's own words by code and values (null when a person wrote the note); `note` carries them in 简体.",
        "oneOf": [{ "oneOf": kinds }, { "type": "null" }],
    })
}

/// An object schema whose listed properties are all required.
fn object(props: &[(&str, Value)]) -> Value {
    let required: Vec<&str> = props.iter().map(|(k, _)| *k).collect();
    let properties: Map<String, Value> = props
        .iter()
        .map(|(k, v)| (k.to_string(), v.clone()))
        .collect();
    json!({ "type": "object", "required": required, "properties": properties })
}

/// `schema` (an [`object`]) with properties a request may leave out.
fn with_optional(mut schema: Value, props: &[(&str, Value)]) -> Value {
    if let Some(p) = schema["properties"].as_object_mut() {
        for (k, v) in props {
            p.insert((*k).to_string(), v.clone());
        }
    }
    schema
}

fn list_of(name: &str) -> Value {
    json!({ "type": "array", "items": schema_ref(name) })
}

/// The schemas of accounts, sessions, administration and the outbox.
fn account_schemas() -> Map<String, Value> {
    let text = json!({ "type": "string" });
    let int = json!({ "type": "integer" });
    let boolean = json!({ "type": "boolean" });
    let opt_text = json!({ "type": ["string", "null"] });
    let strings = json!({ "type": "array", "items": { "type": "string" } });
    let role = json!({ "enum": hall_domain::access::Role::ALL.map(|r| r.as_str()) });
    let roles = json!({ "type": "array", "items": role.clone() });
    let id_kind = json!({ "enum": hall_domain::identity::IdKind::ALL.map(|k| k.as_str()) });
    let opt_id_kind = json!({ "oneOf": [id_kind.clone(), { "type": "null" }] });
    let session_kind = json!({ "enum": ["citizen", "staff"] });
    let lang_tag = json!({ "enum": hall_domain::language::Lang::ALL.map(|l| l.tag()) });
    let matters = list_of("MatterSummary");
    let pairs: Vec<(&str, Value)> = vec![
        (
            "Done",
            object(&[("ok", boolean.clone()), ("count", int.clone())]),
        ),
        (
            "CodeRequest",
            json!({
                "type": "object",
                "required": ["phone"],
                "properties": { "phone": text.clone(), "lang": lang_tag.clone() },
            }),
        ),
        (
            "CodeSent",
            object(&[
                ("phone_masked", text.clone()),
                ("resend_after_secs", int.clone()),
                ("expires_in_secs", int.clone()),
            ]),
        ),
        (
            "VerifyRequest",
            json!({
                "type": "object",
                "required": ["phone", "code"],
                "properties": {
                    "phone": text,
                    "code": { "type": "string", "pattern": "^[0-9]{6}$" },
                    "lang": lang_tag,
                },
            }),
        ),
        (
            "SessionOpened",
            object(&[
                ("kind", session_kind),
                ("expires_at", int.clone()),
                ("must_change_password", boolean.clone()),
            ]),
        ),
        (
            "CitizenProfile",
            object(&[
                ("verified", boolean.clone()),
                ("real_name_session", boolean.clone()),
                ("phone", text.clone()),
                ("name", opt_text.clone()),
                ("id_kind", opt_id_kind.clone()),
                ("id_masked", opt_text.clone()),
                ("contact_phone", opt_text.clone()),
                ("created_at", int.clone()),
                ("lang", lang_tag.clone()),
            ]),
        ),
        (
            "ProfileUpdate",
            json!({ "type": "object", "properties": { "name": opt_text, "contact_phone": opt_text, "id_kind": opt_id_kind, "id_number": opt_text, "lang": lang_tag } }),
        ),
        (
            "Record",
            json!({
                "description": "A step or state of any matter by its stable code, `<kind>.<code>`; the text beside it is its 简体 name.",
                "enum": hall_domain::record::Record::all().into_iter().map(|r| r.code()).collect::<Vec<_>>(),
            }),
        ),
        (
            "Actor",
            json!({
                "description": "Who made a history entry: a staff member (named in `by`) or the citizen's or the system's part, which `by` names in 简体.",
                "enum": hall_domain::record::Actor::ALL.iter().map(|a| a.as_str()).collect::<Vec<_>>(),
            }),
        ),
        (
            "TimelineEvent",
            object(&[
                ("at", int.clone()),
                ("record", schema_ref("Record")),
                ("label", text.clone()),
                ("actor", schema_ref("Actor")),
                ("by", text.clone()),
                ("note", text.clone()),
                ("said", schema_ref("Said")),
            ]),
        ),
        ("Said", said_schema()),
        (
            "MatterSummary",
            object(&[
                ("id", text.clone()),
                ("title", text.clone()),
                ("record", schema_ref("Record")),
                ("status", text.clone()),
                ("at", int.clone()),
                ("href", json!({ "type": ["string", "null"] })),
            ]),
        ),
        (
            "MyMatters",
            object(&[
                ("appointments", matters.clone()),
                ("applications", matters.clone()),
                ("applications_need_real_name", boolean.clone()),
                ("consultations", matters.clone()),
                ("complaints", matters.clone()),
                ("ratings", matters),
            ]),
        ),
        (
            "DataRead",
            object(&[
                ("at", int.clone()),
                ("role", role.clone()),
                ("role_label", text.clone()),
                ("departments", strings.clone()),
                ("action", text.clone()),
                ("reason", text.clone()),
            ]),
        ),
        ("DataReadList", object(&[("reads", list_of("DataRead"))])),
        (
            "StaffSignIn",
            json!({
                "type": "object",
                "required": ["username", "password"],
                "properties": {
                    "username": text, "password": text,
                    "totp": { "type": "string", "description": "The authenticator's 6-digit code, or a recovery code" }
                }
            }),
        ),
        (
            "TotpEnrolment",
            object(&[
                ("secret", text.clone()),
                ("otpauth_uri", text.clone()),
                ("qr_svg", text.clone()),
            ]),
        ),
        ("TotpConfirm", object(&[("code", text.clone())])),
        (
            "TotpEnabled",
            object(&[("recovery_codes", strings.clone())]),
        ),
        (
            "PasswordChange",
            object(&[("current", text.clone()), ("new", text.clone())]),
        ),
        (
            "StaffMe",
            object(&[
                ("id", text.clone()),
                ("username", text.clone()),
                ("display_name", text.clone()),
                ("roles", roles.clone()),
                ("departments", strings.clone()),
                ("windows", strings.clone()),
                ("must_change_password", boolean.clone()),
                ("totp_enabled", boolean.clone()),
                ("totp_required", boolean.clone()),
            ]),
        ),
        (
            "StaffAccount",
            object(&[
                ("id", text.clone()),
                ("username", text.clone()),
                ("display_name", text.clone()),
                ("roles", roles.clone()),
                ("departments", strings.clone()),
                ("windows", strings.clone()),
                ("disabled", boolean.clone()),
                ("locked_until", json!({ "type": ["integer", "null"] })),
                ("must_change_password", boolean.clone()),
                ("created_at", int.clone()),
            ]),
        ),
        ("StaffList", object(&[("staff", list_of("StaffAccount"))])),
        (
            "StaffCreate",
            object(&[
                ("username", text.clone()),
                ("display_name", text.clone()),
                ("initial_password", text.clone()),
                ("departments", strings.clone()),
                ("windows", strings.clone()),
                ("reason", text.clone()),
            ]),
        ),
        (
            "StaffUpdate",
            object(&[
                ("display_name", text.clone()),
                ("departments", strings.clone()),
                ("windows", strings),
                ("disabled", boolean),
                ("reason", text.clone()),
            ]),
        ),
        (
            "StaffRoles",
            object(&[("roles", roles), ("reason", text.clone())]),
        ),
        (
            "PasswordReset",
            object(&[("initial_password", text.clone()), ("reason", text.clone())]),
        ),
        (
            "OpenReason",
            object(&[(
                "reason",
                json!({ "type": "string", "minLength": 4, "maxLength": 200 }),
            )]),
        ),
        (
            "CitizenMasked",
            object(&[
                ("id", text.clone()),
                ("phone_masked", text.clone()),
                ("name_masked", opt_text.clone()),
                ("id_masked", opt_text.clone()),
            ]),
        ),
        ("CitizenSearch", object(&[("phone", text.clone())])),
        (
            "CitizenMatches",
            object(&[("citizens", list_of("CitizenMasked"))]),
        ),
        (
            "CitizenRecord",
            object(&[
                ("id", text.clone()),
                ("phone", text.clone()),
                ("name", opt_text.clone()),
                ("id_kind", json!({ "oneOf": [id_kind, { "type": "null" }] })),
                ("id_number", opt_text.clone()),
                ("contact_phone", opt_text),
            ]),
        ),
        (
            "AuditEntry",
            object(&[
                ("id", int.clone()),
                ("at", int.clone()),
                ("actor_id", text.clone()),
                ("actor_username", text.clone()),
                ("actor_role", json!({ "oneOf": [role, { "type": "null" }] })),
                ("action", text.clone()),
                ("target_kind", text.clone()),
                ("target_id", text.clone()),
                ("detail", text.clone()),
                ("reason", text.clone()),
                ("client", text.clone()),
            ]),
        ),
        ("AuditList", object(&[("entries", list_of("AuditEntry"))])),
        (
            "OutboxMessage",
            object(&[
                ("id", int.clone()),
                ("at", int),
                ("channel", text.clone()),
                ("to_masked", text.clone()),
                ("body", text),
            ]),
        ),
        (
            "OutboxList",
            object(&[("messages", list_of("OutboxMessage"))]),
        ),
    ];
    pairs.into_iter().map(|(k, v)| (k.to_string(), v)).collect()
}

/// The schemas of appointments.
fn booking_schemas() -> Map<String, Value> {
    let text = json!({ "type": "string" });
    let int = json!({ "type": "integer" });
    let boolean = json!({ "type": "boolean" });
    let date = json!({ "type": "string", "format": "date" });
    let time = json!({ "type": "string", "pattern": "^[0-9]{2}:[0-9]{2}$" });
    let slot = object(&[
        ("start", time.clone()),
        ("end", time.clone()),
        ("left", int.clone()),
    ]);
    let day = object(&[
        ("date", date.clone()),
        ("full", boolean.clone()),
        ("slots", json!({ "type": "array", "items": slot })),
    ]);
    let hall = object(&[
        ("code", text.clone()),
        ("name", text.clone()),
        ("address", text.clone()),
        ("area", text.clone()),
        ("days", json!({ "type": "array", "items": day })),
    ]);
    let pairs: Vec<(&str, Value)> = vec![
        (
            "BookingOptions",
            object(&[
                ("item_code", text.clone()),
                ("item_name", text.clone()),
                ("bookable", boolean.clone()),
                ("note", text.clone()),
                ("halls", json!({ "type": "array", "items": hall })),
                ("policy", json!({ "type": "object" })),
            ]),
        ),
        (
            "BookingRequest",
            with_optional(
                object(&[
                    ("item", text.clone()),
                    ("hall", text.clone()),
                    ("date", date.clone()),
                    ("start", time.clone()),
                    (
                        "idempotency_key",
                        json!({ "type": "string", "pattern": "^[A-Za-z0-9_-]{8,64}$" }),
                    ),
                ]),
                &[(
                    "name",
                    json!({ "type": "string", "maxLength": 30, "description": "预约人姓名 The booker's name, for an account that has none yet" }),
                )],
            ),
        ),
        (
            "RescheduleRequest",
            object(&[
                ("hall", text.clone()),
                ("date", date.clone()),
                ("start", time.clone()),
                (
                    "idempotency_key",
                    json!({ "type": "string", "pattern": "^[A-Za-z0-9_-]{8,64}$" }),
                ),
            ]),
        ),
        (
            "BookingView",
            object(&[
                ("id", text.clone()),
                ("item_code", text.clone()),
                ("item_name", text.clone()),
                ("hall_code", text.clone()),
                ("hall_name", text.clone()),
                ("address", text.clone()),
                ("area", text.clone()),
                ("date", date),
                ("start", time.clone()),
                ("end", time),
                (
                    "status",
                    json!({ "enum": ["active", "cancelled", "checked_in", "no_show"] }),
                ),
                ("name_masked", json!({ "type": ["string", "null"] })),
                ("check_in_from", int.clone()),
                ("check_in_until", int.clone()),
                ("cancellable", boolean),
                ("ticket", json!({ "type": ["string", "null"] })),
                ("moved_to", json!({ "type": ["string", "null"] })),
            ]),
        ),
        (
            "SetupView",
            object(&[
                (
                    "setup",
                    json!({ "type": "object", "required": ["halls", "groups", "windows", "capacity"] }),
                ),
                (
                    "rules",
                    json!({ "type": "object", "required": ["policy", "order"] }),
                ),
            ]),
        ),
        (
            "RulesUpdate",
            object(&[
                ("horizon_from", int.clone()),
                ("horizon_to", int.clone()),
                ("cancel_cutoff_hours", int.clone()),
                ("check_in_before_minutes", int.clone()),
                ("check_in_after_minutes", int.clone()),
                ("no_show_limit", int.clone()),
                ("no_show_window_days", int.clone()),
                ("suspend_days", int.clone()),
                ("booked_run", int.clone()),
            ]),
        ),
        (
            "HallUpdate",
            object(&[
                ("code", text.clone()),
                ("name", text.clone()),
                ("address", text.clone()),
                ("area", text.clone()),
                ("hours", text.clone()),
            ]),
        ),
        (
            "WindowUpdate",
            object(&[
                ("hall", text.clone()),
                ("code", text.clone()),
                ("name", text.clone()),
                (
                    "groups",
                    json!({ "type": "array", "items": { "type": "string", "pattern": "^[A-Z]$" } }),
                ),
            ]),
        ),
        (
            "CapacityUpdate",
            object(&[
                ("hall", text.clone()),
                ("group", json!({ "type": "string", "pattern": "^[A-Z]$" })),
                ("places", int.clone()),
            ]),
        ),
        (
            "JobRun",
            object(&[
                ("reminders", int.clone()),
                ("no_shows", int.clone()),
                ("suspensions", int.clone()),
            ]),
        ),
        (
            "BookingList",
            object(&[("bookings", list_of("BookingView"))]),
        ),
    ];
    pairs.into_iter().map(|(k, v)| (k.to_string(), v)).collect()
}

/// The schemas of tickets, the console and the board.
fn queue_schemas() -> Map<String, Value> {
    let text = json!({ "type": "string" });
    let opt_text = json!({ "type": ["string", "null"] });
    let int = json!({ "type": "integer" });
    let opt_int = json!({ "type": ["integer", "null"] });
    let boolean = json!({ "type": "boolean" });
    let letter = json!({ "type": "string", "pattern": "^[A-Z]$" });
    let origin = json!({ "enum": ["walk_in", "booked"] });
    let state = json!({ "enum": ["waiting", "called", "serving", "done", "missed"] });
    let brief = object(&[
        ("id", text.clone()),
        ("number", text.clone()),
        ("group", letter.clone()),
        ("item_code", text.clone()),
        ("item_name", text.clone()),
        ("origin", origin.clone()),
        ("state", state.clone()),
        ("queued_at", int.clone()),
        ("booking", opt_text.clone()),
    ]);
    let briefs = json!({ "type": "array", "items": brief.clone() });
    let group = object(&[("code", letter.clone()), ("name", text.clone())]);
    let device = object(&[
        ("id", text.clone()),
        ("hall_code", text.clone()),
        ("name", text.clone()),
        ("registered_at", int.clone()),
        ("registered_by", text.clone()),
        ("revoked_at", opt_int.clone()),
        ("revoked_by", opt_text.clone()),
    ]);
    let pairs: Vec<(&str, Value)> = vec![
        ("KioskDevice", device.clone()),
        (
            "KioskDeviceList",
            object(&[(
                "devices",
                json!({ "type": "array", "items": device.clone() }),
            )]),
        ),
        (
            "DeviceRegistration",
            object(&[("name", text.clone()), ("idempotency_key", text.clone())]),
        ),
        (
            "DeviceRegistered",
            object(&[
                ("device", device),
                (
                    "key",
                    json!({ "type": ["string", "null"], "pattern": "^hdk_[0-9a-f]{64}$" }),
                ),
            ]),
        ),
        (
            "HallList",
            object(&[(
                "halls",
                json!({ "type": "array", "items": object(&[
                    ("code", text.clone()),
                    ("name", text.clone()),
                    ("address", text.clone()),
                    ("area", text.clone()),
                ]) }),
            )]),
        ),
        (
            "KioskView",
            object(&[
                ("hall_code", text.clone()),
                ("hall_name", text.clone()),
                ("area", text.clone()),
                ("open", json!({ "type": "boolean" })),
                ("opens_at", json!({ "type": ["integer", "null"] })),
                (
                    "groups",
                    json!({ "type": "array", "items": object(&[
                        ("code", letter.clone()),
                        ("name", text.clone()),
                        ("waiting", int.clone()),
                        ("items", json!({ "type": "array", "items": object(&[
                            ("code", text.clone()),
                            ("name", text.clone()),
                        ]) })),
                    ]) }),
                ),
            ]),
        ),
        (
            "WalkInRequest",
            object(&[
                ("item", text.clone()),
                (
                    "idempotency_key",
                    json!({ "type": "string", "pattern": "^[A-Za-z0-9_-]{8,64}$" }),
                ),
            ]),
        ),
        ("CheckInRequest", object(&[("booking", text.clone())])),
        (
            "TicketView",
            object(&[
                ("id", text.clone()),
                ("number", text.clone()),
                ("hall_code", text.clone()),
                ("hall_name", text.clone()),
                ("area", text.clone()),
                ("item_code", text.clone()),
                ("item_name", text.clone()),
                ("group", letter.clone()),
                ("origin", origin),
                ("state", state),
                ("state_label", text.clone()),
                ("ahead", opt_int.clone()),
                ("wait_minutes", opt_int.clone()),
                ("window", opt_text.clone()),
                ("window_name", opt_text.clone()),
                ("rejoin_until", opt_int.clone()),
                ("issued_at", int.clone()),
                ("booking", opt_text.clone()),
            ]),
        ),
        (
            "ConsoleView",
            object(&[
                (
                    "windows",
                    json!({ "type": "array", "items": object(&[
                        ("hall_code", text.clone()),
                        ("hall_name", text.clone()),
                        ("code", text.clone()),
                        ("name", text.clone()),
                        ("groups", json!({ "type": "array", "items": letter.clone() })),
                        ("open", boolean.clone()),
                        ("mine", boolean),
                        ("current", json!({ "oneOf": [brief, { "type": "null" }] })),
                        ("waiting", briefs.clone()),
                        ("missed", briefs),
                    ]) }),
                ),
                ("groups", json!({ "type": "array", "items": group })),
                (
                    "peers",
                    json!({ "type": "array", "items": object(&[
                        ("hall_code", text.clone()),
                        ("code", text.clone()),
                        ("name", text.clone()),
                    ]) }),
                ),
            ]),
        ),
        (
            "TicketEventRequest",
            object(&[
                (
                    "event",
                    json!({ "enum": ["recall", "start", "finish", "missed", "transfer", "transfer_window"] }),
                ),
                ("hall", text.clone()),
                ("window", text.clone()),
            ]),
        ),
        (
            "WaitForecast",
            object(&[
                ("item_code", text.clone()),
                ("hall", text.clone()),
                ("group", letter.clone()),
                ("weeks", int.clone()),
                (
                    "days",
                    json!({ "type": "array", "items": object(&[
                        ("weekday", int.clone()),
                        ("label", text.clone()),
                        ("best_hour", opt_int.clone()),
                        ("hours", json!({ "type": "array", "items": object(&[
                            ("hour", int.clone()),
                            ("minutes", int.clone()),
                            ("samples", int.clone()),
                            ("basis", json!({ "enum": ["weekday", "any_weekday"] })),
                        ]) })),
                    ]) }),
                ),
            ]),
        ),
        (
            "BoardView",
            object(&[
                ("hall_code", text.clone()),
                ("hall_name", text.clone()),
                ("now", int.clone()),
                (
                    "calls",
                    json!({ "type": "array", "items": object(&[
                        ("number", text.clone()),
                        ("window", text.clone()),
                        ("window_name", text.clone()),
                        ("at", int.clone()),
                    ]) }),
                ),
                (
                    "groups",
                    json!({ "type": "array", "items": object(&[
                        ("code", letter),
                        ("name", text),
                        ("waiting", int),
                    ]) }),
                ),
            ]),
        ),
    ];
    pairs.into_iter().map(|(k, v)| (k.to_string(), v)).collect()
}

/// The schemas of applications, the progress query and the 失信名单.
fn application_schemas() -> Map<String, Value> {
    let text = json!({ "type": "string" });
    let unnamed = json!({ "enum": ["anonymous", "confidential", null] });
    let int = json!({ "type": "integer" });
    let boolean = json!({ "type": "boolean" });
    let date = json!({ "type": "string", "format": "date" });
    let opt_date = json!({ "type": ["string", "null"], "format": "date" });
    let status = json!({ "enum": [
        "submitted", "correcting", "accepted", "accepted_rongque", "under_review", "approved",
        "refused", "result_ready", "delivered", "archived", "withdrawn"
    ] });
    let step = json!({ "enum": [
        "notice", "accept", "accept_rongque", "supply", "start_review", "approve", "refuse",
        "result_ready", "deliver", "archive", "withdraw", "hand_over"
    ] });
    let material_state =
        json!({ "enum": ["received", "missing", "incorrect", "waived", "not_applicable"] });
    let material_input = object(&[("index", int.clone()), ("state", material_state.clone())]);
    let pairs = [
        (
            "ApplicationCreate",
            object(&[
                ("item", text.clone()),
                ("hall", text.clone()),
                ("applicant_name", text.clone()),
                (
                    "id_kind",
                    json!({ "enum": ["resident", "hk_macau_permit", "taiwan_permit", "passport"] }),
                ),
                ("id_number", text.clone()),
                ("phone", text.clone()),
                (
                    "materials",
                    json!({ "type": "array", "items": material_input.clone() }),
                ),
                ("idempotency_key", text.clone()),
            ]),
        ),
        (
            "StepRequest",
            object(&[
                ("step", step.clone()),
                (
                    "materials",
                    json!({ "type": "array", "items": material_input }),
                ),
            ]),
        ),
        (
            "ProgressQuery",
            object(&[("number", text.clone()), ("digits", text.clone())]),
        ),
        (
            "ApplicationView",
            object(&[
                ("number", text.clone()),
                ("item_code", text.clone()),
                ("item_name", text.clone()),
                ("department", text.clone()),
                ("hall_name", text.clone()),
                ("status", status.clone()),
                ("status_label", text.clone()),
                ("applicant", text.clone()),
                ("id_number", text.clone()),
                ("phone", text.clone()),
                ("responsible", text.clone()),
                ("received_on", date.clone()),
                (
                    "materials",
                    json!({ "type": "array", "items": object(&[
                        ("name", text.clone()),
                        ("required", boolean.clone()),
                        ("waivable", boolean.clone()),
                        ("state", material_state),
                        ("note", text.clone()),
                        ("said", schema_ref("Said")),
                    ]) }),
                ),
                (
                    "deadline",
                    object(&[
                        ("accepted_on", opt_date.clone()),
                        ("promised_workdays", int.clone()),
                        ("due_on", opt_date.clone()),
                        ("days_left", json!({ "type": ["integer", "null"] })),
                        ("paused", boolean.clone()),
                        ("decided_on", opt_date.clone()),
                    ]),
                ),
                (
                    "rongque",
                    json!({ "oneOf": [object(&[
                    ("deadline", date.clone()),
                    ("outstanding", json!({ "type": "array", "items": text.clone() })),
                    ("listed", boolean.clone()),
                ]), { "type": "null" }] }),
                ),
                (
                    "notices",
                    json!({ "type": "array", "items": object(&[
                        ("number", text.clone()),
                        ("seq", int.clone()),
                        ("issued_on", date.clone()),
                        ("hall_name", text.clone()),
                        ("hall_address", text.clone()),
                        ("item_name", text.clone()),
                        ("lines", json!({ "type": "array", "items": object(&[
                            ("name", text.clone()),
                            ("problem", text.clone()),
                            ("requirement", text.clone()),
                            ("said", schema_ref("Said")),
                        ]) })),
                        ("deadline", date.clone()),
                        ("contact", text.clone()),
                        ("repeat_reason", text.clone()),
                        ("late", boolean.clone()),
                    ]) }),
                ),
                (
                    "result",
                    json!({ "oneOf": [object(&[
                    ("approved", boolean.clone()),
                    ("reasons", text.clone()),
                    ("certificate_no", text.clone()),
                    ("collect_place", text.clone()),
                    ("courier", text.clone()),
                    ("mail_tracking", text.clone()),
                ]), { "type": "null" }] }),
                ),
                (
                    "events",
                    json!({ "type": "array", "items": object(&[
                        ("at", int.clone()),
                        ("step", text.clone()),
                        ("record", schema_ref("Record")),
                        ("label", text.clone()),
                        ("status", status.clone()),
                        ("actor", schema_ref("Actor")),
                        ("by", text.clone()),
                        ("note", text.clone()),
                        ("said", schema_ref("Said")),
                    ]) }),
                ),
                ("steps", json!({ "type": "array", "items": step })),
                ("version", int.clone()),
                (
                    "payment",
                    json!({ "oneOf": [object(&[
                    ("amount_fen", int.clone()),
                    ("amount_words", text.clone()),
                    ("basis", text.clone()),
                    ("state", json!({ "enum": ["pending", "paid", "refunded", null] })),
                    ("due", boolean.clone()),
                    ("order", json!({ "type": ["string", "null"] })),
                    ("provider", text.clone()),
                    ("paid_at", json!({ "type": ["integer", "null"] })),
                    ("receipt_no", json!({ "type": ["string", "null"] })),
                    ("provider_ref", json!({ "type": ["string", "null"] })),
                    ("refund", json!({ "oneOf": [object(&[
                        ("at", int.clone()),
                        ("reason", text.clone()),
                        ("withdrawn", boolean.clone()),
                        ("reference", text.clone()),
                    ]), { "type": "null" }] })),
                    ("refund_pending", boolean.clone()),
                ]), { "type": "null" }] }),
                ),
                (
                    "commitment",
                    json!({ "oneOf": [object(&[
                    ("text", text.clone()),
                    ("signed_at", json!({ "type": ["integer", "null"] })),
                    ("can_sign", boolean.clone()),
                ]), { "type": "null" }] }),
                ),
            ]),
        ),
        (
            "ConsultAsk",
            object(&[
                ("item", text.clone()),
                ("question", text.clone()),
                ("idempotency_key", text.clone()),
            ]),
        ),
        (
            "ConsultLog",
            object(&[
                ("channel", json!({ "enum": ["on_site", "phone"] })),
                ("item", text.clone()),
                ("question", text.clone()),
                ("asker_name", text.clone()),
                ("asker_phone", text.clone()),
                ("idempotency_key", text.clone()),
            ]),
        ),
        (
            "ConsultStep",
            object(&[
                (
                    "action",
                    json!({ "enum": ["take", "route", "answer", "publish"] }),
                ),
                ("department", text.clone()),
                ("answer", text.clone()),
                ("question", text.clone()),
                ("version", json!({ "type": ["integer", "null"] })),
            ]),
        ),
        (
            "ConsultView",
            object(&[
                ("id", text.clone()),
                ("channel", json!({ "enum": ["online", "on_site", "phone"] })),
                ("channel_label", text.clone()),
                ("item_code", json!({ "type": ["string", "null"] })),
                ("item_name", text.clone()),
                ("question", text.clone()),
                ("asker", text.clone()),
                ("asker_unnamed", unnamed.clone()),
                ("state", json!({ "enum": ["open", "taken", "answered"] })),
                ("state_label", text.clone()),
                ("owner", text.clone()),
                ("routed_to", text.clone()),
                ("answer", text.clone()),
                ("answered_at", json!({ "type": ["integer", "null"] })),
                ("asked_on", date.clone()),
                (
                    "due_on",
                    json!({ "type": ["string", "null"], "format": "date" }),
                ),
                ("days_left", json!({ "type": ["integer", "null"] })),
                ("published", boolean.clone()),
                ("events", list_of("TimelineEvent")),
                (
                    "actions",
                    json!({ "type": "array", "items": { "enum": ["take", "route", "answer", "publish"] } }),
                ),
                ("version", int.clone()),
            ]),
        ),
        (
            "ConsultList",
            object(&[
                ("consultations", list_of("ConsultView")),
                ("near_due", int.clone()),
                ("overdue", int.clone()),
            ]),
        ),
        (
            "FaqList",
            object(&[(
                "faqs",
                json!({ "type": "array", "items": object(&[
                    ("id", text.clone()),
                    ("item_code", json!({ "type": ["string", "null"] })),
                    ("item_name", text.clone()),
                    ("question", text.clone()),
                    ("answer", text.clone()),
                    ("published_at", int.clone()),
                ]) }),
            )]),
        ),
        (
            "ProxyCreate",
            object(&[
                ("item", text.clone()),
                (
                    "reason",
                    json!({ "enum": ["elderly", "disabled", "illness", "project", "other"] }),
                ),
                ("way", json!({ "enum": ["hall", "home"] })),
                ("address", text.clone()),
                ("contact_phone", text.clone()),
                ("note", text.clone()),
                ("idempotency_key", text.clone()),
            ]),
        ),
        (
            "ProxyStep",
            object(&[
                (
                    "action",
                    json!({ "enum": ["assign", "start", "complete", "decline"] }),
                ),
                ("assignee", text.clone()),
                ("note", text.clone()),
                ("application", text.clone()),
                ("version", json!({ "type": ["integer", "null"] })),
            ]),
        ),
        (
            "ProxyView",
            object(&[
                ("id", text.clone()),
                ("item_code", text.clone()),
                ("item_name", text.clone()),
                ("reason", text.clone()),
                ("reason_label", text.clone()),
                ("way", text.clone()),
                ("way_label", text.clone()),
                ("address", text.clone()),
                ("applicant", text.clone()),
                ("phone", text.clone()),
                ("note", text.clone()),
                (
                    "state",
                    json!({ "enum": ["requested", "assigned", "in_progress", "done", "declined", "cancelled"] }),
                ),
                ("state_label", text.clone()),
                ("assignee", text.clone()),
                ("application", json!({ "type": ["string", "null"] })),
                ("created_at", int.clone()),
                ("events", list_of("TimelineEvent")),
                (
                    "actions",
                    json!({ "type": "array", "items": { "enum": ["assign", "start", "complete", "decline", "cancel"] } }),
                ),
                ("version", int.clone()),
            ]),
        ),
        ("ProxyList", object(&[("requests", list_of("ProxyView"))])),
        (
            "PaymentStart",
            object(&[
                ("order", text.clone()),
                ("amount_fen", int.clone()),
                ("pay_url", text.clone()),
            ]),
        ),
        (
            "PaymentCallback",
            object(&[
                ("order", text.clone()),
                ("provider_ref", text.clone()),
                ("amount_fen", int.clone()),
            ]),
        ),
        (
            "CallbackAck",
            object(&[
                ("order", text.clone()),
                ("state", json!({ "enum": ["pending", "paid", "refunded"] })),
            ]),
        ),
        (
            "ApplicationList",
            object(&[
                (
                    "applications",
                    json!({ "type": "array", "items": object(&[
                        ("number", text.clone()),
                        ("item_name", text.clone()),
                        ("applicant", text.clone()),
                        ("status", status),
                        ("status_label", text.clone()),
                        ("responsible", text.clone()),
                        ("received_on", date.clone()),
                        ("due_on", opt_date),
                        ("days_left", json!({ "type": ["integer", "null"] })),
                        ("repeat_notice", boolean),
                    ]) }),
                ),
                ("on_time_permille", json!({ "type": ["integer", "null"] })),
                ("decided", int.clone()),
                ("near_due", int.clone()),
                ("overdue", int.clone()),
                ("repeat_notices", int.clone()),
            ]),
        ),
        (
            "OnlineApplication",
            object(&[
                ("item", text.clone()),
                ("hall", text.clone()),
                (
                    "ready",
                    json!({ "type": "array", "items": { "type": "integer", "minimum": 0 } }),
                ),
                ("idempotency_key", text.clone()),
            ]),
        ),
        (
            "DeliveryRequest",
            object(&[
                ("mail", json!({ "type": "boolean" })),
                (
                    "address",
                    json!({ "oneOf": [object(&[
                    ("recipient", text.clone()),
                    ("phone", text.clone()),
                    ("region", text.clone()),
                    ("detail", text.clone()),
                ]), { "type": "null" }] }),
                ),
            ]),
        ),
        (
            "JointCreate",
            object(&[
                ("package", text.clone()),
                ("hall", text.clone()),
                ("applicant_name", text.clone()),
                (
                    "id_kind",
                    json!({ "enum": ["resident", "hk_macau_permit", "taiwan_permit", "passport"] }),
                ),
                ("id_number", text.clone()),
                ("phone", text.clone()),
                (
                    "materials",
                    json!({ "type": "array", "items": object(&[
                        ("item", text.clone()),
                        ("materials", json!({ "type": "array", "items": object(&[
                            ("index", int.clone()),
                            ("state", json!({ "enum": ["received", "missing", "incorrect", "not_applicable"] })),
                        ]) })),
                    ]) }),
                ),
                ("idempotency_key", text.clone()),
            ]),
        ),
        (
            "JointView",
            object(&[
                ("number", text.clone()),
                ("package_code", text.clone()),
                ("package_name", text.clone()),
                ("hall_name", text.clone()),
                ("applicant", text.clone()),
                ("id_number", text.clone()),
                ("phone", text.clone()),
                ("responsible", text.clone()),
                ("received_on", date.clone()),
                (
                    "accepted_on",
                    json!({ "type": ["string", "null"], "format": "date" }),
                ),
                ("promised_workdays", int.clone()),
                (
                    "due_on",
                    json!({ "type": ["string", "null"], "format": "date" }),
                ),
                ("days_left", json!({ "type": ["integer", "null"] })),
                ("status_label", text.clone()),
                (
                    "members",
                    json!({ "type": "array", "items": object(&[
                        ("number", text.clone()),
                        ("item_code", text.clone()),
                        ("item_name", text.clone()),
                        ("department", text.clone()),
                        ("status", text.clone()),
                        ("status_label", text.clone()),
                        ("decided_on", json!({ "type": ["string", "null"], "format": "date" })),
                        ("responsible", text.clone()),
                    ]) }),
                ),
                ("can_accept", json!({ "type": "boolean" })),
            ]),
        ),
        (
            "ProgressView",
            json!({ "type": "object", "properties": {
                "application": { "oneOf": [schema_ref("ApplicationView"), { "type": "null" }] },
                "joint": { "oneOf": [schema_ref("JointView"), { "type": "null" }] },
            } }),
        ),
        (
            "CreditList",
            object(&[
                (
                    "entries",
                    json!({ "type": "array", "items": object(&[
                        ("name", text.clone()),
                        ("item_name", text.clone()),
                        ("listed_on", date),
                        ("reason", text),
                        ("said", schema_ref("Said")),
                    ]) }),
                ),
                ("listing_days", int),
            ]),
        ),
    ];
    pairs.into_iter().map(|(k, v)| (k.to_string(), v)).collect()
}

/// The enum of `names` as a JSON Schema.
fn one_of(names: impl IntoIterator<Item = &'static str>) -> Value {
    json!({ "enum": names.into_iter().collect::<Vec<_>>() })
}

fn complaint_schemas() -> Map<String, Value> {
    use hall_domain::complaint::{
        Category, Channel, ComplaintAction, ComplaintState, DeclineReason,
    };
    use hall_domain::rating::Level;
    let text = json!({ "type": "string" });
    let unnamed = json!({ "enum": ["anonymous", "confidential", null] });
    let int = json!({ "type": "integer" });
    let boolean = json!({ "type": "boolean" });
    let opt_bool = json!({ "type": ["boolean", "null"] });
    let opt_date = json!({ "type": ["string", "null"], "format": "date" });
    let category = one_of(Category::ALL.iter().map(|c| c.as_str()));
    let channel = one_of(Channel::ALL.iter().map(|c| c.as_str()));
    let action = one_of(ComplaintAction::ALL.iter().map(|a| a.as_str()));
    let level = one_of(Level::ALL.map(Level::as_str));
    let counts = json!({ "type": "array", "items": object(&[
        ("key", text.clone()),
        ("label", text.clone()),
        ("count", int.clone()),
    ]) });
    let pairs = [
        (
            "ComplaintSubmit",
            object(&[
                ("category", category.clone()),
                ("window", text.clone()),
                ("staff_no", text.clone()),
                ("item", text.clone()),
                ("facts", text.clone()),
                ("confidential", boolean.clone()),
                ("idempotency_key", text.clone()),
            ]),
        ),
        (
            "ComplaintLog",
            object(&[
                ("channel", channel.clone()),
                ("category", category.clone()),
                ("window", text.clone()),
                ("staff_no", text.clone()),
                ("item", text.clone()),
                ("facts", text.clone()),
                ("complainant_name", text.clone()),
                ("complainant_phone", text.clone()),
                ("confidential", boolean.clone()),
                ("idempotency_key", text.clone()),
            ]),
        ),
        (
            "ComplaintInformation",
            object(&[("text", text.clone()), ("idempotency_key", text.clone())]),
        ),
        (
            "AttachmentUpload",
            object(&[
                (
                    "content_type",
                    json!({ "enum": ["image/jpeg", "image/png", "image/webp"] }),
                ),
                (
                    "data",
                    json!({ "type": "string", "contentEncoding": "base64" }),
                ),
                ("idempotency_key", text.clone()),
            ]),
        ),
        (
            "ComplaintRate",
            object(&[
                ("level", level.clone()),
                ("resolved", boolean.clone()),
                ("comment", text.clone()),
            ]),
        ),
        (
            "ComplaintStep",
            object(&[
                ("action", action.clone()),
                (
                    "reason",
                    one_of(DeclineReason::ALL.iter().map(|r| r.as_str())),
                ),
                ("department", text.clone()),
                ("joint", boolean.clone()),
                ("note", text.clone()),
                ("resolved", opt_bool.clone()),
                ("satisfied", opt_bool.clone()),
                ("version", json!({ "type": ["integer", "null"] })),
            ]),
        ),
        (
            "ComplaintView",
            object(&[
                ("no", text.clone()),
                ("category", category),
                ("category_label", text.clone()),
                ("channel", channel),
                ("channel_label", text.clone()),
                ("window", text.clone()),
                ("staff_no", text.clone()),
                ("item_code", json!({ "type": ["string", "null"] })),
                ("item_name", text.clone()),
                ("facts", text.clone()),
                ("complainant", text.clone()),
                ("complainant_unnamed", unnamed.clone()),
                ("complainant_phone", text.clone()),
                ("confidential", boolean.clone()),
                (
                    "state",
                    one_of(ComplaintState::ALL.iter().map(|s| s.as_str())),
                ),
                ("state_label", text.clone()),
                ("department", text.clone()),
                ("joint", boolean.clone()),
                ("decline_reason", text.clone()),
                ("reply", text.clone()),
                (
                    "submitted_on",
                    json!({ "type": "string", "format": "date" }),
                ),
                ("due_on", opt_date.clone()),
                ("days_left", json!({ "type": ["integer", "null"] })),
                ("reply_due", opt_date),
                ("replied_on_time", opt_bool.clone()),
                ("visit_resolved", opt_bool.clone()),
                ("visit_satisfied", opt_bool),
                (
                    "rating",
                    json!({ "oneOf": [object(&[
                        ("level", level),
                        ("label", text.clone()),
                        ("resolved", boolean.clone()),
                        ("comment", text.clone()),
                    ]), { "type": "null" }] }),
                ),
                (
                    "attachments",
                    json!({ "type": "array", "items": object(&[
                        ("n", int.clone()),
                        ("content_type", text.clone()),
                        ("size", int.clone()),
                    ]) }),
                ),
                ("events", list_of("TimelineEvent")),
                ("actions", json!({ "type": "array", "items": action })),
                ("may_add_information", boolean.clone()),
                ("may_rate", boolean),
                ("version", int.clone()),
            ]),
        ),
        (
            "ComplaintList",
            object(&[
                ("complaints", list_of("ComplaintView")),
                ("near_due", int.clone()),
                ("overdue", int.clone()),
            ]),
        ),
        (
            "ComplaintStats",
            object(&[
                ("month", text),
                ("total", int.clone()),
                ("by_category", counts.clone()),
                ("by_channel", counts.clone()),
                ("by_department", counts),
                ("replied", int.clone()),
                ("replied_on_time", int),
                ("on_time_permille", json!({ "type": ["integer", "null"] })),
            ]),
        ),
    ];
    pairs.into_iter().map(|(k, v)| (k.to_string(), v)).collect()
}

fn rating_schemas() -> Map<String, Value> {
    use hall_domain::rating::{Kind, Level, OrderAction, OrderState};
    let text = json!({ "type": "string" });
    let int = json!({ "type": "integer" });
    let boolean = json!({ "type": "boolean" });
    let date = json!({ "type": "string", "format": "date" });
    let kind = one_of([Kind::OnSite, Kind::Online].map(Kind::as_str));
    let level = one_of(Level::ALL.map(Level::as_str));
    let dimension = json!({ "enum": [
        "efficiency", "skill", "attitude", "online_efficiency", "guide_accuracy",
        "convenience", "operability"
    ] });
    let dims = json!({ "type": "array", "items": object(&[
        ("dimension", dimension.clone()),
        ("level", level.clone()),
    ]) });
    let rating_view = object(&[
        ("kind", kind.clone()),
        ("subject", text.clone()),
        ("level", level.clone()),
        ("label", text.clone()),
        ("dimensions", dims.clone()),
        ("comment", text.clone()),
        ("is_default", boolean.clone()),
        ("rated_on", date.clone()),
        ("reply", text.clone()),
    ]);
    let row = object(&[
        ("key", text.clone()),
        ("label", text.clone()),
        ("count", int.clone()),
        (
            "per_level",
            json!({ "type": "array", "items": int.clone(), "minItems": 5, "maxItems": 5 }),
        ),
        ("satisfied_permille", int.clone()),
        ("average_centi", int.clone()),
    ]);
    let rows = json!({ "type": "array", "items": row.clone() });
    let pairs = [
        (
            "RatingSubmit",
            object(&[
                ("kind", kind.clone()),
                ("subject", text.clone()),
                ("level", level.clone()),
                ("dimensions", dims.clone()),
                ("comment", text.clone()),
            ]),
        ),
        ("RatingView", rating_view.clone()),
        (
            "RatingTarget",
            object(&[
                ("kind", kind.clone()),
                ("subject", text.clone()),
                ("title", text.clone()),
                ("item_name", text.clone()),
                ("window", json!({ "type": ["string", "null"] })),
                ("dimensions", json!({ "type": "array", "items": dimension })),
                ("refusal", json!({ "type": ["string", "null"] })),
                ("refusal_message", text.clone()),
                (
                    "rating",
                    json!({ "oneOf": [rating_view, { "type": "null" }] }),
                ),
            ]),
        ),
        (
            "RatingOrderStep",
            object(&[
                ("action", one_of(OrderAction::ALL.map(OrderAction::as_str))),
                ("note", text.clone()),
                ("version", json!({ "type": ["integer", "null"] })),
            ]),
        ),
        (
            "RatingOrderView",
            object(&[
                ("id", text.clone()),
                ("kind", kind),
                ("kind_label", text.clone()),
                ("level", level),
                ("label", text.clone()),
                ("dimensions", dims),
                ("comment", text.clone()),
                ("item_name", text.clone()),
                ("place", text.clone()),
                ("hall", json!({ "type": ["string", "null"] })),
                ("window", json!({ "type": ["string", "null"] })),
                ("rated_on", date.clone()),
                ("contact_due", date.clone()),
                ("fix_due", date),
                ("days_left", json!({ "type": ["integer", "null"] })),
                ("state", one_of(OrderState::ALL.map(OrderState::as_str))),
                ("state_label", text.clone()),
                ("appeal_pending", boolean),
                ("fix_report", text.clone()),
                ("reply", text.clone()),
                ("events", list_of("TimelineEvent")),
                (
                    "actions",
                    json!({ "type": "array", "items": one_of(OrderAction::ALL.map(OrderAction::as_str)) }),
                ),
                ("version", int.clone()),
            ]),
        ),
        (
            "RatingOrderList",
            object(&[
                ("orders", list_of("RatingOrderView")),
                ("overdue", int.clone()),
                ("appeals", int.clone()),
            ]),
        ),
        (
            "Satisfaction",
            object(&[
                ("total", json!({ "oneOf": [row, { "type": "null" }] })),
                ("by_hall", rows.clone()),
                ("by_window", rows.clone()),
                ("by_item", rows.clone()),
                ("by_month", rows),
                ("hidden_groups", int.clone()),
                ("min_group", int),
            ]),
        ),
    ];
    pairs.into_iter().map(|(k, v)| (k.to_string(), v)).collect()
}

fn content_schemas() -> Map<String, Value> {
    let text = json!({ "type": "string" });
    let int = json!({ "type": "integer" });
    let opt_int = json!({ "type": ["integer", "null"] });
    let notice = object(&[
        ("id", text.clone()),
        ("title", text.clone()),
        ("body", text.clone()),
        ("published_at", int.clone()),
        ("updated_at", int.clone()),
        ("version", int.clone()),
    ]);
    let item = object(&[
        ("code", text.clone()),
        ("name", text.clone()),
        ("department_name", text.clone()),
        (
            "waivable",
            json!({ "type": "array", "items": text.clone() }),
        ),
    ]);
    let group = object(&[
        ("key", text.clone()),
        ("label", text.clone()),
        ("items", json!({ "type": "array", "items": item.clone() })),
    ]);
    let pairs = [
        ("Notice", notice),
        ("NoticeList", object(&[("notices", list_of("Notice"))])),
        (
            "NoticeEdit",
            object(&[
                ("title", text.clone()),
                ("body", text.clone()),
                ("idempotency_key", text.clone()),
                ("version", opt_int.clone()),
            ]),
        ),
        (
            "FaqEdit",
            object(&[
                ("question", text.clone()),
                ("answer", text.clone()),
                ("version", opt_int.clone()),
            ]),
        ),
        (
            "Faq",
            object(&[
                ("id", text.clone()),
                ("item_code", json!({ "type": ["string", "null"] })),
                ("item_name", text.clone()),
                ("question", text.clone()),
                ("answer", text.clone()),
                ("published_at", int.clone()),
            ]),
        ),
        (
            "GuideEdit",
            object(&[
                ("conditions", text.clone()),
                ("steps", text.clone()),
                ("updated_at", opt_int),
            ]),
        ),
        (
            "HistoryList",
            object(&[(
                "entries",
                json!({ "type": "array", "items": object(&[
                    ("at", int.clone()),
                    ("by", text.clone()),
                    ("kind", json!({ "enum": ["notice", "faq", "guide"] })),
                    ("ref_id", text.clone()),
                    ("created", json!({ "type": "boolean" })),
                    ("changes", json!({ "type": "array", "items": object(&[
                        ("field", text.clone()),
                        ("before", text.clone()),
                        ("after", text.clone()),
                    ]) })),
                ]) }),
            )]),
        ),
        (
            "Catalogues",
            object(&[
                (
                    "tongban",
                    json!({ "type": "array", "items": group.clone() }),
                ),
                ("rongque", json!({ "type": "array", "items": item })),
                ("packages", json!({ "type": "array", "items": group })),
            ]),
        ),
    ];
    pairs.into_iter().map(|(k, v)| (k.to_string(), v)).collect()
}

fn schemas() -> Value {
    let mut all = catalogue_schemas();
    if let Value::Object(map) = &mut all {
        map.extend(account_schemas());
        map.extend(booking_schemas());
        map.extend(queue_schemas());
        map.extend(application_schemas());
        map.extend(complaint_schemas());
        map.extend(rating_schemas());
        map.extend(content_schemas());
    }
    all
}

fn catalogue_schemas() -> Value {
    let string_list = json!({ "type": "array", "items": { "type": "string" } });
    json!({
        "Error": {
            "type": "object",
            "required": ["code", "message", "message_en"],
            "properties": {
                "code": { "type": "string", "description": "Stable machine-readable code, e.g. item.not_found" },
                "message": { "type": "string", "description": "中文说明" },
                "message_en": { "type": "string" },
                "message_hk": { "type": "string", "description": "The message in Traditional Chinese (Hong Kong)" },
                "fields": { "type": "object", "additionalProperties": { "type": "string" }, "description": "每个有误字段的中文说明" },
                "fields_en": { "type": "object", "additionalProperties": { "type": "string" }, "description": "The same fields' messages in English" },
                "fields_hk": { "type": "object", "additionalProperties": { "type": "string" }, "description": "The same fields' messages in Traditional Chinese" }
            }
        },
        "Live": {
            "type": "object",
            "required": ["status", "version"],
            "properties": {
                "status": { "const": "ok" },
                "version": { "type": "string" }
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
            "required": ["item", "department_name", "packages", "promised_by_if_accepted_today", "today", "updated_at"],
            "properties": {
                "item": schema_ref("Item"),
                "department_name": { "type": "string" },
                "packages": { "type": "array", "items": { "type": "object", "required": ["code", "name"],
                    "properties": { "code": { "type": "string" }, "name": { "type": "string" } } } },
                "promised_by_if_accepted_today": { "type": ["string", "null"], "format": "date" },
                "today": { "type": ["string", "null"], "format": "date" },
                "updated_at": { "type": ["integer", "null"] }
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
    let components = schemas();
    let mut paths = Map::new();
    for route in ROUTES {
        let params: Vec<Value> = route
            .params
            .iter()
            .map(|p| {
                let schema: Value = serde_json::from_str(p.schema).unwrap_or(Value::Null);
                json!({
                    "name": p.name,
                    "in": match p.location {
                        In::Path => "path",
                        In::Query => "query",
                        In::Header => "header",
                    },
                    "required": p.location == In::Path,
                    "description": p.description,
                    "schema": schema,
                    "example": p.example,
                })
            })
            .collect();
        let mut responses = Map::new();
        for (status, description, schema) in route.responses {
            // "": no body (a redirect, 304); "media:TYPE,TYPE": a file in one of those types;
            // else a schema of the components, as JSON.
            let content = if schema.is_empty() {
                None
            } else if let Some(types) = schema.strip_prefix("media:") {
                let mut media = Map::new();
                for t in types.split(',') {
                    media.insert(t.to_string(), json!({}));
                }
                Some(Value::Object(media))
            } else {
                Some(json!({ "application/json": { "schema": schema_ref(schema) } }))
            };
            let response = match content {
                Some(content) => json!({ "description": description, "content": content }),
                None => json!({ "description": description }),
            };
            responses.insert(status.to_string(), response);
        }
        let mut operation = json!({
            "operationId": format!("{:?}", route.id),
            "summary": route.summary,
            "parameters": params,
            "responses": responses,
            "x-hall-guard": guard_name(route.guard),
        });
        if !route.body.is_empty() {
            // Every request body is read under a size limit (`Ctx::json`), whatever the route.
            if !responses.contains_key("413") {
                operation["responses"]["413"] = json!({
                    "description": "The request body is too large",
                    "content": { "application/json": { "schema": schema_ref("Error") } }
                });
            }
            // A body with an idempotency key may meet an earlier, different body under it.
            if components[route.body]["properties"]["idempotency_key"].is_object()
                && !responses.contains_key("422")
            {
                operation["responses"]["422"] = json!({
                    "description": "idempotency.mismatch: this key came before with another body",
                    "content": { "application/json": { "schema": schema_ref("Error") } }
                });
            }
            operation["requestBody"] = json!({
                "required": true,
                "content": { "application/json": { "schema": schema_ref(route.body) } }
            });
        }
        match route.guard {
            Guard::Public => {}
            Guard::Provider => operation["security"] = json!([{ "providerSignature": [] }]),
            _ => operation["security"] = json!([{ "session": [] }]),
        }
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
        "components": {
            "schemas": components,
            "securitySchemes": {
                "session": {
                    "type": "apiKey",
                    "in": "cookie",
                    "name": "hall_citizen or hall_staff",
                    "description": "Session cookie set by sign-in. Every POST/PUT also needs the header x-hall-csrf: 1 and, from browsers, a same-site Origin."
                },
                "providerSignature": {
                    "type": "apiKey",
                    "in": "header",
                    "name": "x-hall-pay-signature",
                    "description": "A payment provider's callback: t=<unix seconds>,v1=<hex HMAC-SHA256 of \"<t>.<body>\">, at most 300 s old. No session or x-hall-csrf."
                }
            }
        },
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
            assert!(
                route.body.is_empty() || schemas.contains_key(route.body),
                "{}",
                route.body
            );
            for (_, _, schema) in route.responses {
                assert!(
                    schema.is_empty()
                        || schema.starts_with("media:")
                        || schemas.contains_key(*schema),
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

    #[test]
    fn bodies_with_an_idempotency_key_document_the_mismatch() {
        let doc = document();
        let op = |path: &str| &doc["paths"][path]["post"]["responses"];
        for path in [
            "/api/v1/bookings",
            "/api/v1/complaints",
            "/api/v1/consultations",
            "/api/v1/halls/{hall}/tickets",
        ] {
            assert!(op(path)["422"].is_object(), "{path}");
        }
        assert!(op("/api/v1/auth/code")["422"].is_null());
    }
}
