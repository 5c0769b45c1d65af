//! The desk bundle: receiving and processing applications.

fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(hall_app::shell::DeskApp);
}
