//! The account bundle: the citizen's sign-in, My Hall, booking and the ticket page.

fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(hall_app::shell::AccountApp);
}
