//! The service bundle: staff answering consultations and running 代办.

fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(hall_app::shell::ServiceApp);
}
