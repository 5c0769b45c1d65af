//! The apply bundle: the progress query, my application, the 失信名单.

fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(hall_app::shell::ApplyApp);
}
