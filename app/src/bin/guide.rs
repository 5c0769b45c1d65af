//! The guide bundle: search, the service guides, the joint packages.

fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(hall_app::shell::GuideApp);
}
