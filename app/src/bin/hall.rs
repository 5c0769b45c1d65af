//! The hall bundle: the staff pages, the window console and the hall's set-up.

fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(hall_app::shell::HallApp);
}
