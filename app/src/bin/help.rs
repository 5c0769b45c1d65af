//! The help bundle: online consultation, the FAQ, 代办 requests.

fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(hall_app::shell::HelpApp);
}
