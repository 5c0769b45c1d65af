//! The voice bundle: complaints, rating a service, the public satisfaction figures.

fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(hall_app::shell::VoiceApp);
}
