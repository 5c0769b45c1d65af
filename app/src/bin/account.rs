//! The account bundle: citizen sign-in and My Hall, the staff console, administration.

fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(hall_app::shell::AccountApp);
}
