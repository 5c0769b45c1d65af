//! Administration, in three powers (三权分立): the system administrator creates accounts,
//! assigns departments and windows, disables accounts and resets passwords; the security
//! administrator grants and revokes roles; the audit administrator reads the audit trail.
//! Every change carries a reason, recorded with it.

use hall_domain::access::{can, Action, Resource, Role};
use hall_domain::dto::{
    AuditList, DepartmentEntry, DepartmentList, PasswordReset, StaffAccount, StaffCreate,
    StaffList, StaffMe, StaffRoles, StaffUpdate,
};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::{self, ApiError};
use crate::components::form::{FieldError, FormError, TextField};
use crate::components::load::{load, reload};
use crate::components::staff_gate::StaffGate;
use crate::components::status::{error_box, Loading};
use crate::components::time::format_time;
use crate::tr;

#[component]
pub fn AdminStaffPage() -> impl IntoView {
    api::set_title(tr!(staff_page_accounts));
    view! {
        <main id="main" class="wrap">
            <h1>{tr!(staff_page_accounts)}</h1>
            <StaffGate action=Action::Read resource=Resource::StaffAccount>
                <StaffAdmin/>
            </StaffGate>
        </main>
    }
}

fn may(action: Action, resource: Resource) -> bool {
    use_context::<StaffMe>().is_some_and(|me| me.roles.iter().any(|r| can(*r, action, resource)))
}

/// What the signed-in administrator may do to the accounts listed.
#[derive(Clone, Copy)]
struct Powers {
    /// Name, departments, windows, disabling, password resets.
    accounts: bool,
    /// Granting and revoking roles.
    roles: bool,
    /// The signed-in account's id: nobody edits their own roles.
    me: StoredValue<Option<String>>,
}

#[component]
fn StaffAdmin() -> impl IntoView {
    let may_create = may(Action::Create, Resource::StaffAccount);
    let powers = Powers {
        accounts: may(Action::Update, Resource::StaffAccount),
        roles: may(Action::Update, Resource::StaffRole),
        me: StoredValue::new(use_context::<StaffMe>().map(|me| me.id)),
    };
    let list = load::<StaffList>("/api/v1/admin/staff");
    let departments = load::<DepartmentList>("/api/v1/departments");
    let refresh = move || reload(list, "/api/v1/admin/staff");
    // The create form depends only on the departments, so that reloading the list after a save
    // keeps it (and its confirmation) on screen.
    let create = move || match departments.get() {
        Some(Ok(deps)) if may_create => Some(view! {
            <details class="panel">
                <summary>{tr!(adm_new)}</summary>
                <p class="lead">{tr!(adm_new_lead)}</p>
                <StaffForm account=None departments=deps.departments on_saved=refresh/>
            </details>
        }),
        _ => None,
    };
    let accounts = move || match (departments.get(), list.get()) {
        (Some(Err(e)), _) | (_, Some(Err(e))) => error_box(&e),
        (Some(Ok(deps)), Some(Ok(staff))) => {
            let (deps, staff) = (deps.departments, staff.staff);
            view! {
                <h2>{tr!(adm_all, n = staff.len())}</h2>
                <ul class="cards">
                    {staff.into_iter().map(|s| view! {
                        <StaffCard account=s departments=deps.clone() powers=powers on_saved=refresh/>
                    }).collect_view()}
                </ul>
            }
            .into_any()
        }
        _ => view! { <Loading/> }.into_any(),
    };
    view! { {create} {accounts} }
}

#[component]
fn StaffCard(
    account: StaffAccount,
    departments: Vec<DepartmentEntry>,
    powers: Powers,
    on_saved: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let names: Vec<String> = account
        .departments
        .iter()
        .map(|c| {
            departments
                .iter()
                .find(|d| &d.code == c)
                .map_or(c.clone(), |d| d.name.clone())
        })
        .collect();
    let state = if account.disabled {
        tr!(adm_disabled)
    } else if account.locked_until.is_some() {
        tr!(adm_locked)
    } else {
        tr!(adm_active)
    };
    let summary = tr!(adm_edit, name = &account.username);
    let roles_summary = tr!(adm_roles_edit, name = &account.username);
    let reset_summary = tr!(adm_reset, name = &account.username);
    let own = powers.me.get_value().as_deref() == Some(account.id.as_str());
    let administrator = account
        .roles
        .iter()
        .any(|r| Role::ADMINISTRATORS.contains(r));
    let roles_text = if account.roles.is_empty() {
        tr!(adm_no_roles).to_string()
    } else {
        account
            .roles
            .iter()
            .map(|r| crate::labels::role(*r))
            .collect::<Vec<_>>()
            .join(tr!(list_separator))
    };
    let roles_form = (powers.roles && !own).then(|| {
        let (id, roles) = (account.id.clone(), account.roles.clone());
        view! {
            <details>
                <summary>{roles_summary}</summary>
                <RolesForm id=id roles=roles on_saved=on_saved/>
            </details>
        }
    });
    let reset_form = (powers.accounts && !own && !administrator).then(|| {
        let id = account.id.clone();
        view! {
            <details>
                <summary>{reset_summary}</summary>
                <ResetForm id=id on_saved=on_saved/>
            </details>
        }
    });
    view! {
        <li class="card">
            <h3>{format!("{} · {}", account.display_name, account.username)}</h3>
            <p class="meta">
                {tr!(staff_roles, roles = roles_text)}
                {(!names.is_empty()).then(|| tr!(adm_departments, names = names.join(tr!(list_separator))))}
                {(!account.windows.is_empty()).then(|| tr!(staff_windows, windows = account.windows.join(tr!(list_separator))))}
                {tr!(adm_state, state = state)}
            </p>
            {powers.accounts.then(|| view! {
                <details>
                    <summary>{summary}</summary>
                    <StaffForm account=Some(account) departments=departments on_saved=on_saved/>
                </details>
            })}
            {roles_form}
            {reset_form}
        </li>
    }
}

/// Shows how a save went: the confirmation (and the list reloaded), or the server's messages.
/// Whether it was saved.
fn settle(
    result: Result<StaffAccount, ApiError>,
    error: RwSignal<Option<ApiError>>,
    saved: RwSignal<bool>,
    on_saved: impl Fn(),
) -> bool {
    let ok = result.is_ok();
    saved.set(ok);
    error.set(result.err());
    if ok {
        on_saved();
    }
    ok
}

/// Create (no account) or update form.
#[component]
fn StaffForm(
    account: Option<StaffAccount>,
    departments: Vec<DepartmentEntry>,
    on_saved: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let creating = account.is_none();
    let key = account.as_ref().map_or("new".to_string(), |a| a.id.clone());
    let id = StoredValue::new(account.as_ref().map(|a| a.id.clone()));
    let username = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let name = RwSignal::new(
        account
            .as_ref()
            .map(|a| a.display_name.clone())
            .unwrap_or_default(),
    );
    let deps = RwSignal::new(
        account
            .as_ref()
            .map(|a| a.departments.clone())
            .unwrap_or_default(),
    );
    let windows = RwSignal::new(
        account
            .as_ref()
            .map(|a| a.windows.join(", "))
            .unwrap_or_default(),
    );
    let disabled = RwSignal::new(account.as_ref().is_some_and(|a| a.disabled));
    let reason = RwSignal::new(String::new());
    let error = RwSignal::new(None::<ApiError>);
    let saved = RwSignal::new(false);
    let submit = move || {
        let window_list: Vec<String> = windows
            .get_untracked()
            .split([',', '，', ' ', '、'])
            .filter(|w| !w.is_empty())
            .map(str::to_string)
            .collect();
        spawn_local(async move {
            let result = match id.get_value() {
                None => {
                    let req = StaffCreate {
                        username: username.get_untracked(),
                        display_name: name.get_untracked(),
                        initial_password: password.get_untracked(),
                        departments: deps.get_untracked(),
                        windows: window_list,
                        reason: reason.get_untracked(),
                    };
                    api::post::<StaffAccount, _>("/api/v1/admin/staff", &req).await
                }
                Some(id) => {
                    let req = StaffUpdate {
                        display_name: name.get_untracked(),
                        departments: deps.get_untracked(),
                        windows: window_list,
                        disabled: disabled.get_untracked(),
                        reason: reason.get_untracked(),
                    };
                    api::put::<StaffAccount, _>(&format!("/api/v1/admin/staff/{id}"), &req).await
                }
            };
            settle(result, error, saved, on_saved);
        });
    };
    let field = |suffix: &str| format!("{key}-{suffix}");
    view! {
        <form class="form" on:submit=move |ev| { ev.prevent_default(); submit(); }>
            <Show when=move || saved.get()><p class="ok" role="status">{tr!(adm_saved)}</p></Show>
            <FormError error=error/>
            {creating.then(|| view! {
                <TextField id=field("username") label=tr!(staff_username) name="username" value=username error=error
                    maxlength=32 autocomplete="off" required=true/>
                <TextField id=field("password") label=tr!(adm_password) name="initial_password" value=password error=error
                    kind="password" autocomplete="new-password" required=true/>
            })}
            <TextField id=field("name") label=tr!(me_name) name="display_name" value=name error=error maxlength=30 required=true/>
            <fieldset>
                <legend>{tr!(adm_departments_legend)}</legend>
                {departments.into_iter().map(|d| {
                    let code = d.code.clone();
                    let code2 = d.code.clone();
                    view! {
                        <label class="check">
                            <input type="checkbox" prop:checked=move || deps.get().contains(&code) on:change=move |ev| {
                                let on = event_target_checked(&ev);
                                let code = code2.clone();
                                deps.update(|ds| { ds.retain(|x| *x != code); if on { ds.push(code); } });
                            }/>
                            {d.name}
                        </label>
                    }
                }).collect_view()}
                <FieldError id=field("departments-error") name="departments" error=error/>
            </fieldset>
            <TextField id=field("windows") label=tr!(adm_windows) name="windows" value=windows error=error maxlength=200/>
            {(!creating).then(|| view! {
                <label class="check">
                    <input type="checkbox" prop:checked=move || disabled.get()
                        on:change=move |ev| disabled.set(event_target_checked(&ev))/>
                    {tr!(adm_disable)}
                </label>
            })}
            <TextField id=field("reason") label=tr!(adm_reason) name="reason" value=reason error=error maxlength=200 required=true/>
            <button type="submit">{if creating { tr!(adm_create) } else { tr!(adm_save) }}</button>
        </form>
    }
}

/// The security administrator's form: the roles an account holds from now on.
#[component]
fn RolesForm(
    id: String,
    roles: Vec<Role>,
    on_saved: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let key = format!("{id}-roles");
    let url = StoredValue::new(format!("/api/v1/admin/staff/{id}/roles"));
    let roles = RwSignal::new(roles);
    let reason = RwSignal::new(String::new());
    let error = RwSignal::new(None::<ApiError>);
    let saved = RwSignal::new(false);
    let submit = move || {
        spawn_local(async move {
            let req = StaffRoles {
                roles: roles.get_untracked(),
                reason: reason.get_untracked(),
            };
            let result = api::put::<StaffAccount, _>(&url.get_value(), &req).await;
            settle(result, error, saved, on_saved);
        });
    };
    let field = |suffix: &str| format!("{key}-{suffix}");
    view! {
        <form class="form" on:submit=move |ev| { ev.prevent_default(); submit(); }>
            <p class="lead">{tr!(adm_roles_lead)}</p>
            <Show when=move || saved.get()><p class="ok" role="status">{tr!(adm_saved)}</p></Show>
            <FormError error=error/>
            <fieldset aria-describedby=field("roles-error")>
                <legend>{tr!(adm_roles)}</legend>
                {Role::ALL.map(|r| {
                    let checked = move || roles.get().contains(&r);
                    view! {
                        <label class="check">
                            <input type="checkbox" prop:checked=checked on:change=move |ev| {
                                let on = event_target_checked(&ev);
                                roles.update(|rs| { rs.retain(|x| *x != r); if on { rs.push(r); } });
                            }/>
                            {crate::labels::role(r)}
                        </label>
                    }
                })}
                <FieldError id=field("roles-error") name="roles" error=error/>
            </fieldset>
            <TextField id=field("reason") label=tr!(adm_reason) name="reason" value=reason error=error maxlength=200 required=true/>
            <button type="submit">{tr!(adm_roles_save)}</button>
        </form>
    }
}

/// The system administrator's form: a new initial password for someone who lost theirs.
#[component]
fn ResetForm(id: String, on_saved: impl Fn() + Copy + Send + Sync + 'static) -> impl IntoView {
    let key = format!("{id}-reset");
    let url = StoredValue::new(format!("/api/v1/admin/staff/{id}/password"));
    let password = RwSignal::new(String::new());
    let reason = RwSignal::new(String::new());
    let error = RwSignal::new(None::<ApiError>);
    let saved = RwSignal::new(false);
    let submit = move || {
        spawn_local(async move {
            let req = PasswordReset {
                initial_password: password.get_untracked(),
                reason: reason.get_untracked(),
            };
            let result = api::post::<StaffAccount, _>(&url.get_value(), &req).await;
            if settle(result, error, saved, on_saved) {
                password.set(String::new());
            }
        });
    };
    let field = |suffix: &str| format!("{key}-{suffix}");
    view! {
        <form class="form" on:submit=move |ev| { ev.prevent_default(); submit(); }>
            <p class="lead">{tr!(adm_reset_lead)}</p>
            <Show when=move || saved.get()><p class="ok" role="status">{tr!(adm_saved)}</p></Show>
            <FormError error=error/>
            <TextField id=field("password") label=tr!(adm_password) name="initial_password" value=password error=error
                kind="password" autocomplete="new-password" required=true/>
            <TextField id=field("reason") label=tr!(adm_reason) name="reason" value=reason error=error maxlength=200 required=true/>
            <button type="submit">{tr!(adm_reset_save)}</button>
        </form>
    }
}

#[component]
pub fn AdminAuditPage() -> impl IntoView {
    api::set_title(tr!(staff_page_audit));
    view! {
        <main id="main" class="wrap">
            <h1>{tr!(staff_page_audit)}</h1>
            <p class="lead">{tr!(adm_audit_lead)}</p>
            <p><a href="/api/v1/admin/audit.csv" download rel="external">{tr!(adm_audit_export)}</a></p>
            <StaffGate action=Action::Read resource=Resource::AuditLog>
                <AuditTable/>
            </StaffGate>
        </main>
    }
}

#[component]
fn AuditTable() -> impl IntoView {
    let list = load::<AuditList>("/api/v1/admin/audit");
    move || {
        match list.get() {
        None => view! { <Loading/> }.into_any(),
        Some(Err(e)) => error_box(&e),
        Some(Ok(l)) => view! {
                        <div class="table-wrap" tabindex="0" role="region" aria-label={tr!(adm_audit_table)}>
                            <table>
                                <caption class="visually-hidden">{tr!(adm_audit_caption)}</caption>
                                <thead><tr>
                                    <th scope="col">{tr!(col_time)}</th><th scope="col">{tr!(adm_actor)}</th><th scope="col">{tr!(adm_action)}</th>
                                    <th scope="col">{tr!(adm_subject)}</th><th scope="col">{tr!(adm_change)}</th><th scope="col">{tr!(col_reason)}</th><th scope="col">{tr!(adm_source)}</th>
                                </tr></thead>
                                <tbody>
                                    {l.entries.into_iter().map(|e| view! {
                                        <tr>
                                            <td>{format_time(e.at)}</td>
                                            <td>{e.actor_username}{e.actor_role.map(|r| tr!(adm_actor_role, role = crate::labels::role(r)))}</td>
                                            <td>{e.action}</td>
                                            <td>{format!("{} {}", e.target_kind, e.target_id)}</td>
                                            <td>{e.detail}</td>
                                            <td>{e.reason}</td>
                                            <td>{e.client}</td>
                                        </tr>
                                    }).collect_view()}
                                </tbody>
                            </table>
                        </div>
        }.into_any(),
    }
    }
}
