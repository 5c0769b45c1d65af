//! The materials checklist as a form: for each material of the guide, its state (received,
//! missing, wrong, not applicable) and what exactly is required.

use crate::tr;
use hall_domain::application::MaterialState;
use leptos::prelude::*;

/// One material's row on a checklist form.
#[derive(Clone)]
pub struct Row {
    pub name: String,
    pub required: bool,
    pub state: RwSignal<MaterialState>,
    pub note: RwSignal<String>,
}

/// A state choice and a note for each material; `prefix` keeps the ids of several lists on one
/// page apart.
#[component]
pub fn MaterialRows(rows: Vec<Row>, #[prop(into)] prefix: String) -> impl IntoView {
    rows.into_iter()
        .enumerate()
        .map(|(i, r)| {
            let select_id = format!("{prefix}-mat-{i}");
            let note_id = format!("{prefix}-note-{i}");
            let state = r.state;
            let note = r.note;
            let label = if r.required {
                r.name.clone()
            } else {
                tr!(optional_suffix, name = &r.name)
            };
            view! {
                <div class="field material-row">
                    <label for=select_id.clone()>{label.clone()}</label>
                    <select id=select_id on:change=move |ev| {
                        let v = event_target_value(&ev);
                        state.set(match v.as_str() {
                            "missing" => MaterialState::Missing,
                            "incorrect" => MaterialState::Incorrect,
                            "not_applicable" => MaterialState::NotApplicable,
                            _ => MaterialState::Received,
                        });
                    }>
                        {[
                            ("received", MaterialState::Received),
                            ("missing", MaterialState::Missing),
                            ("incorrect", MaterialState::Incorrect),
                            ("not_applicable", MaterialState::NotApplicable),
                        ].into_iter().map(|(v, s)| view! {
                            <option value=v selected=move || state.get() == s>{crate::labels::material_state(s)}</option>
                        }).collect_view()}
                    </select>
                    <label for=note_id.clone() class="visually-hidden">{tr!(checklist_note_label, label = &label)}</label>
                    <input id=note_id type="text" maxlength="200" placeholder={tr!(checklist_note_placeholder)}
                        prop:value=move || note.get() on:input=move |ev| note.set(event_target_value(&ev))/>
                </div>
            }
        })
        .collect_view()
}
