//! Compiles the interface strings (`locales/<language>.json`) into the `i18n` module
//! (leptos_i18n): every key of the default language must exist in every other, checked here
//! and again by a unit test of `cargo xtask`.

use leptos_i18n_build::{Config, ParseOptions, TranslationsInfos};
use std::error::Error;
use std::path::PathBuf;

fn main() -> Result<(), Box<dyn Error>> {
    println!("cargo::rerun-if-changed=build.rs");
    println!("cargo::rerun-if-changed=Cargo.toml");
    let out = PathBuf::from(std::env::var_os("OUT_DIR").ok_or("OUT_DIR is not set")?).join("i18n");
    let cfg = Config::new("zh-CN")?
        .add_locale("zh-HK")?
        .add_locale("en")?
        // `{{ name }}` slots filled into plain strings (`tr!(key, name = value)`).
        .parse_options(ParseOptions::new().interpolate_display(true));
    let infos = TranslationsInfos::parse(cfg)?;
    infos.emit_diagnostics();
    infos.rerun_if_locales_changed();
    infos.generate_i18n_module(out)?;
    Ok(())
}
