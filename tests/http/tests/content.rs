//! Published content over real HTTP: a content editor publishes and edits a notice (retries
//! publish it once; a stale edit is refused), corrects a FAQ entry (no personal data), and edits
//! a guide's conditions and steps — which every view then reads, with its "last updated" — and
//! each change is in the history with who, when and what. Others may not edit; the public reads
//! notices and the disclosure catalogues.

#![allow(clippy::unwrap_used)]

use hall_domain::content::ContentKind;
use hall_domain::dto::{Catalogues, HistoryList, ItemGuide, ItemList, Notice, NoticeList};
use hall_http_tests::{call, get, staff_sign_in, unique_client, Reply, DEMO_PASSWORD};
use serde_json::json;

fn key() -> String {
    format!("ct-{}", unique_client().replace('.', "-"))
}

fn ok<T: serde::de::DeserializeOwned>(r: Reply) -> T {
    assert_eq!(r.status, 200, "{}", r.body);
    r.json()
}

fn history(editor: &str, kind: &str, id: &str) -> HistoryList {
    ok(call(
        "GET",
        &format!("/api/v1/staff/content-history?kind={kind}&ref={id}"),
    )
    .cookie(editor)
    .send())
}

#[test]
fn an_editor_publishes_and_edits_a_notice_with_its_history() {
    let editor = staff_sign_in("editor", DEMO_PASSWORD);
    let marker = unique_client();
    let k = key();
    let body = json!({ "title": format!("元旦假期办公安排（{marker}）"),
                       "body": "2027 年 1 月 1 日至 3 日休息，1 月 4 日起正常办公。", "idempotency_key": k });
    let publish = |b: serde_json::Value| {
        call("POST", "/api/v1/staff/notices")
            .cookie(&editor)
            .json(b)
            .send()
    };
    let n: Notice = ok(publish(body.clone()));
    let again: Notice = ok(publish(body));
    assert_eq!(again.id, n.id, "a retry publishes once");
    let r = publish(json!({ "title": "短", "body": "太短", "idempotency_key": key() }));
    assert_eq!(r.status, 400);
    let fields = r.value()["fields"].as_object().unwrap().len();
    assert_eq!(fields, 2);

    // The public reads it.
    let list: NoticeList = get("/api/v1/notices").json();
    assert!(list.notices.iter().any(|x| x.id == n.id));
    let one: Notice = get(&format!("/api/v1/notices/{}", n.id)).json();
    assert_eq!(one.title, n.title);
    assert_eq!(get("/api/v1/notices/n_0000000000000000").status, 404);

    // An edit, and a stale one.
    let edit = |version: i64, text: &str| {
        call("PUT", &format!("/api/v1/staff/notices/{}", n.id))
            .cookie(&editor)
            .json(json!({ "title": n.title, "body": text, "version": version }))
            .send()
    };
    let e: Notice = ok(edit(
        n.version,
        "2027 年 1 月 1 日至 3 日休息，1 月 4 日（周一）起正常办公。",
    ));
    assert_eq!(e.version, n.version + 1);
    let r = edit(n.version, "过期的修改内容，不应保存。");
    assert_eq!(
        (r.status, r.value()["code"].as_str().unwrap()),
        (409, "content.changed")
    );
    let h = history(&editor, "notice", &n.id);
    assert_eq!(h.entries.len(), 2);
    assert!(h.entries[1].created);
    let change = &h.entries[0];
    assert!(!change.by.is_empty(), "who changed it");
    assert_eq!(change.kind, ContentKind::Notice);
    assert_eq!(change.changes.len(), 1);
    assert_eq!(change.changes[0].field, "body");
    assert!(change.changes[0].after.contains("周一"));

    // Only content editors publish (the hall manager reads).
    let manager = staff_sign_in("manager", DEMO_PASSWORD);
    let r = call("POST", "/api/v1/staff/notices")
        .cookie(&manager)
        .json(json!({}))
        .send();
    assert_eq!(r.status, 403);
}

#[test]
fn a_guide_edit_reaches_every_view_and_keeps_its_history() {
    let editor = staff_sign_in("editor", DEMO_PASSWORD);
    let code = "GA-HZ-005";
    let before: ItemGuide = get(&format!("/api/v1/items/{code}")).json();
    let marker = unique_client();
    let mut steps = before.item.steps.clone();
    steps.push(format!("领取证件后请当场核对信息（{marker}）"));
    let r = call("PUT", &format!("/api/v1/staff/guides/{code}"))
        .cookie(&editor)
        .json(json!({ "conditions": before.item.conditions.join("\n"),
                      "steps": steps.join("\n"), "updated_at": before.updated_at }))
        .send();
    let after: ItemGuide = ok(r);
    assert_eq!(after.item.steps, steps);
    assert!(after.updated_at.is_some());
    assert!(after.updated_at > before.updated_at);
    // The public guide, and the search index, read the same record.
    let public: ItemGuide = get(&format!("/api/v1/items/{code}")).json();
    assert_eq!(public.item.steps, steps);
    assert_eq!(public.updated_at, after.updated_at);
    // A step's words are guide text: the item is found, among the hints when nothing names it.
    let found: ItemList = get("/api/v1/items?q=%E5%BD%93%E5%9C%BA%E6%A0%B8%E5%AF%B9").json();
    assert!(
        found
            .items
            .iter()
            .chain(&found.also)
            .any(|i| i.code == code),
        "{found:?}"
    );
    // A stale edit (read before this one) is refused; empty steps are refused.
    let r = call("PUT", &format!("/api/v1/staff/guides/{code}"))
        .cookie(&editor)
        .json(json!({ "conditions": "条件", "steps": "一步", "updated_at": before.updated_at.unwrap_or(1) }))
        .send();
    assert_eq!(r.status, 409, "{}", r.body);
    let r = call("PUT", &format!("/api/v1/staff/guides/{code}"))
        .cookie(&editor)
        .json(json!({ "conditions": "条件", "steps": "  \n", "updated_at": after.updated_at }))
        .send();
    assert_eq!(r.status, 400);
    let h = history(&editor, "guide", code);
    let latest = &h.entries[0];
    assert_eq!(latest.changes[0].field, "steps");
    assert!(latest.changes[0].after.contains(&marker));
    // Put the guide back as it was (other tests read it), recorded too.
    let r = call("PUT", &format!("/api/v1/staff/guides/{code}"))
        .cookie(&editor)
        .json(json!({ "conditions": before.item.conditions.join("\n"),
                      "steps": before.item.steps.join("\n"), "updated_at": after.updated_at }))
        .send();
    let restored: ItemGuide = ok(r);
    assert_eq!(restored.item.steps, before.item.steps);
    assert_eq!(
        history(&editor, "guide", code).entries.len(),
        h.entries.len() + 1
    );
}

#[test]
fn the_disclosure_catalogues_list_tongban_rongque_and_packages() {
    let c: Catalogues = get("/api/v1/catalogues").json();
    assert_eq!(c.tongban.len(), 3);
    // Each group holds exactly the items of its level (a level may have none).
    for g in &c.tongban {
        for i in &g.items {
            let guide: ItemGuide = get(&format!("/api/v1/items/{}", i.code)).json();
            assert_eq!(guide.item.tongban.slug(), g.key, "{}", i.code);
        }
    }
    assert!(c.tongban.iter().map(|g| g.items.len()).sum::<usize>() > 0);
    assert!(!c.rongque.is_empty());
    assert!(c.rongque.iter().any(|i| !i.waivable.is_empty()));
    assert_eq!(c.packages.len(), 5);
    let r = call("GET", "/api/v1/staff/content-history?kind=poem")
        .cookie(&staff_sign_in("editor", DEMO_PASSWORD))
        .send();
    assert_eq!(r.status, 400);
}
