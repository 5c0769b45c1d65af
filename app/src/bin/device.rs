//! The device bundle: the hall's kiosk and call screen.

fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(hall_app::shell::DeviceApp);
}
