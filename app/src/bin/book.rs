//! The book bundle: booking an appointment and applying online, from a guide.

fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(hall_app::shell::BookApp);
}
