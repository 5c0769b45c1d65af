//! Real-name sign-in: started flows (used once) and citizens' verified identities.

use hall_domain::oidc::VerifiedIdentity;
use hall_domain::Error;
use serde::Deserialize;
use worker::D1Database;

use super::{batch, first, n, s, stmt};

/// A started sign-in, as stored.
#[derive(Debug, Clone, Deserialize)]
pub struct Flow {
    pub browser_hash: String,
    pub nonce: String,
    pub verifier: String,
    pub next: String,
    pub lang: String,
}

/// Stores a started sign-in and forgets those that ran out.
pub async fn put_flow(
    db: &D1Database,
    state_hash: &str,
    flow: &Flow,
    now: i64,
    expires_at: i64,
) -> Result<(), Error> {
    batch(
        db,
        "oidc flow put",
        vec![
            stmt(
                db,
                "DELETE FROM oidc_flows WHERE expires_at < ?1",
                &[n(now)],
            )?,
            stmt(
                db,
                "INSERT INTO oidc_flows (state_hash, browser_hash, nonce, verifier, next, lang, expires_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                &[
                    s(state_hash),
                    s(&flow.browser_hash),
                    s(&flow.nonce),
                    s(&flow.verifier),
                    s(&flow.next),
                    s(&flow.lang),
                    n(expires_at),
                ],
            )?,
        ],
    )
    .await
}

/// Takes a live flow by its state, in one statement: a second callback with the same state
/// finds nothing.
pub async fn take_flow(db: &D1Database, state_hash: &str, now: i64) -> Result<Option<Flow>, Error> {
    first(
        db,
        "oidc flow take",
        "DELETE FROM oidc_flows WHERE state_hash = ?1 AND expires_at > ?2
         RETURNING browser_hash, nonce, verifier, next, lang",
        &[s(state_hash), n(now)],
    )
    .await
}

#[derive(Deserialize)]
struct Id {
    id: String,
}

#[derive(Deserialize)]
struct Holder {
    id: String,
    verified: f64,
}

/// Which account a verified identity signs in to.
pub enum Account {
    /// This account (found by the platform's subject, the verified document or the mobile).
    Existing(String),
    /// No account yet: one is made with this id.
    New(String),
}

/// The account of a verified identity: the one the platform's subject signed in to before;
/// else the one already verified with this document; else the one signed in with the same
/// mobile number (the same person, who holds both); else a new one. `None` when the identity
/// would take over an account verified as someone else.
pub async fn account_of(
    db: &D1Database,
    issuer: &str,
    v: &VerifiedIdentity,
    new_id: &str,
) -> Result<Option<Account>, Error> {
    let linked: Option<Id> = first(
        db,
        "identity by subject",
        "SELECT citizen_id AS id FROM citizen_identities WHERE issuer = ?1 AND subject = ?2",
        &[s(issuer), s(&v.subject)],
    )
    .await?;
    if let Some(l) = linked {
        return Ok(Some(Account::Existing(l.id)));
    }
    let by_document: Option<Id> = first(
        db,
        "identity by document",
        "SELECT id FROM citizens WHERE id_kind = ?1 AND id_number = ?2 AND id_verified_at IS NOT NULL",
        &[s(v.id_kind.as_str()), s(&v.id_number)],
    )
    .await?;
    if by_document.is_some() {
        // The document is verified on an account another subject signed in to.
        return Ok(None);
    }
    let by_phone: Option<Holder> = first(
        db,
        "identity by phone",
        "SELECT id, CASE WHEN id_verified_at IS NULL THEN 0 ELSE 1 END AS verified
         FROM citizens WHERE phone = ?1",
        &[s(v.phone.as_str())],
    )
    .await?;
    Ok(match by_phone {
        Some(h) if h.verified != 0.0 => None,
        Some(h) => Some(Account::Existing(h.id)),
        None => Some(Account::New(new_id.to_string())),
    })
}

/// Records the verified identity on the account, in one transaction: the account is made if
/// new; an unverified account that typed the same document loses it; the name and document
/// become the verified ones; the subject is linked; and the hall's applications under the
/// document that no account holds are linked to it.
pub async fn verify(
    db: &D1Database,
    issuer: &str,
    account: &Account,
    v: &VerifiedIdentity,
    now: i64,
) -> Result<String, Error> {
    let (id, new) = match account {
        Account::Existing(id) => (id.as_str(), false),
        Account::New(id) => (id.as_str(), true),
    };
    let (kind, number) = (v.id_kind.as_str(), v.id_number.as_str());
    let mut stmts = Vec::new();
    if new {
        stmts.push(stmt(
            db,
            "INSERT INTO citizens (id, phone, created_at, updated_at) VALUES (?1, ?2, ?3, ?3)",
            &[s(id), s(v.phone.as_str()), n(now)],
        )?);
    }
    stmts.push(stmt(
        db,
        "UPDATE citizens SET id_kind = NULL, id_number = NULL, updated_at = ?4
         WHERE id_kind = ?1 AND id_number = ?2 AND id != ?3 AND id_verified_at IS NULL",
        &[s(kind), s(number), s(id), n(now)],
    )?);
    stmts.push(stmt(
        db,
        "UPDATE citizens SET name = ?2, id_kind = ?3, id_number = ?4, id_verified_at = ?5,
           updated_at = ?5
         WHERE id = ?1",
        &[s(id), s(&v.name), s(kind), s(number), n(now)],
    )?);
    stmts.push(stmt(
        db,
        "INSERT INTO citizen_identities (issuer, subject, citizen_id, created_at, seen_at)
         VALUES (?1, ?2, ?3, ?4, ?4)
         ON CONFLICT (issuer, subject) DO UPDATE SET seen_at = ?4",
        &[s(issuer), s(&v.subject), s(id), n(now)],
    )?);
    for table in ["applications", "joint_applications"] {
        stmts.push(stmt(
            db,
            &format!(
                "UPDATE {table} SET citizen_id = ?3
                 WHERE id_kind = ?1 AND id_number = ?2 AND citizen_id IS NULL"
            ),
            &[s(kind), s(number), s(id)],
        )?);
    }
    batch(db, "identity verify", stmts).await?;
    Ok(id.to_string())
}
