//! Installs the pinned tools when missing, and runs them with an environment in which nothing
//! is downloaded: worker-build gets wasm-bindgen, wasm-opt and esbuild through `*_BIN`
//! variables, Trunk runs offline with the same binaries on PATH.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::{run, step, Result, StepError};

pub const TRUNK_VERSION: &str = "0.21.14";
pub const WORKER_BUILD_VERSION: &str = "0.8.7";

/// Where the tools are.
pub struct Tools {
    cargo_bin: PathBuf,
    node_bin: PathBuf,
    esbuild: Option<PathBuf>,
    pub chromium: PathBuf,
}

fn cargo_bin() -> PathBuf {
    let home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo")))
        .unwrap_or_else(|| PathBuf::from("/root/.cargo"));
    home.join("bin")
}

fn output(cmd: &mut Command) -> Option<String> {
    let out = cmd.output().ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).trim().to_string())
}

/// The `wasm-bindgen` version pinned in Cargo.lock.
pub fn locked_wasm_bindgen(root: &Path) -> Result<String> {
    let lock = std::fs::read_to_string(root.join("Cargo.lock"))
        .map_err(|e| StepError(format!("reading Cargo.lock: {e}")))?;
    wasm_bindgen_in_lock(&lock)
}

fn wasm_bindgen_in_lock(lock: &str) -> Result<String> {
    let mut lines = lock.lines();
    while let Some(line) = lines.next() {
        if line == "name = \"wasm-bindgen\"" {
            if let Some(v) = lines.next().and_then(|l| l.strip_prefix("version = \"")) {
                return Ok(v.trim_end_matches('"').to_string());
            }
        }
    }
    Err(StepError("Cargo.lock has no wasm-bindgen entry".into()))
}

fn cargo_install(
    name: &str,
    version: &str,
    locked: bool,
    check: &Path,
    expect: &str,
) -> Result<()> {
    let have = output(Command::new(check).arg("--version")).unwrap_or_default();
    if have.contains(expect) {
        println!("    {name} {version}: present");
        return Ok(());
    }
    step(&format!(
        "installing {name} {version} (cargo install; a few minutes, once)"
    ));
    let mut cmd = Command::new("cargo");
    cmd.args(["install", name, "--version", version]);
    if locked {
        cmd.arg("--locked");
    }
    run(&format!("installing {name}"), &mut cmd)
}

/// Installs what is missing; `browser` adds Chromium for the browser tests.
pub fn ensure(root: &Path, browser: bool) -> Result<Tools> {
    step("checking tools");
    let bin = cargo_bin();

    let targets =
        output(Command::new("rustup").args(["target", "list", "--installed"])).unwrap_or_default();
    if targets
        .lines()
        .any(|l| l.trim() == "wasm32-unknown-unknown")
    {
        println!("    rust target wasm32-unknown-unknown: present");
    } else {
        step("adding the wasm32-unknown-unknown Rust target");
        run(
            "rustup target add",
            Command::new("rustup").args(["target", "add", "wasm32-unknown-unknown"]),
        )?;
    }

    cargo_install(
        "trunk",
        TRUNK_VERSION,
        true,
        &bin.join("trunk"),
        &format!("trunk {TRUNK_VERSION}"),
    )?;
    cargo_install(
        "worker-build",
        WORKER_BUILD_VERSION,
        true,
        &bin.join("worker-build"),
        WORKER_BUILD_VERSION,
    )?;
    let wb = locked_wasm_bindgen(root)?;
    // `--locked` fails for wasm-bindgen-cli: one of its locked dependencies is not on the
    // registry any more.
    cargo_install(
        "wasm-bindgen-cli",
        &wb,
        false,
        &bin.join("wasm-bindgen"),
        &format!("wasm-bindgen {wb}"),
    )?;

    let stamp = root.join("node_modules/.package-lock.json");
    let lock = root.join("package-lock.json");
    let fresh = match (std::fs::metadata(&stamp), std::fs::metadata(&lock)) {
        (Ok(s), Ok(l)) => match (s.modified(), l.modified()) {
            (Ok(s), Ok(l)) => s >= l,
            _ => false,
        },
        _ => false,
    };
    if fresh {
        println!("    npm packages: present");
    } else {
        step("installing npm packages (npm ci: wrangler, binaryen, playwright-core, axe-core)");
        run(
            "npm ci",
            Command::new("npm")
                .current_dir(root)
                .args(["ci", "--no-audit", "--no-fund"]),
        )?;
    }

    let chromium = PathBuf::from("/usr/bin/chromium");
    if browser {
        if chromium.exists() {
            println!("    chromium: present");
        } else {
            step("installing Debian's chromium (apt-get)");
            run("apt-get update", Command::new("apt-get").arg("update"))?;
            run(
                "apt-get install chromium",
                Command::new("apt-get")
                    .env("DEBIAN_FRONTEND", "noninteractive")
                    .args(["install", "-y", "chromium"]),
            )?;
        }
    }

    let esbuild = root.join("node_modules/@esbuild/linux-x64/bin/esbuild");
    Ok(Tools {
        cargo_bin: bin,
        node_bin: root.join("node_modules/.bin"),
        esbuild: esbuild.exists().then_some(esbuild),
        chromium,
    })
}

impl Tools {
    fn path_var(&self) -> std::ffi::OsString {
        let mut paths = vec![self.node_bin.clone(), self.cargo_bin.clone()];
        if let Some(p) = std::env::var_os("PATH") {
            paths.extend(std::env::split_paths(&p));
        }
        std::env::join_paths(paths).unwrap_or_default()
    }

    fn command(&self, program: impl AsRef<std::ffi::OsStr>, root: &Path) -> Command {
        let mut cmd = Command::new(program);
        cmd.current_dir(root)
            .env("PATH", self.path_var())
            .env("WASM_BINDGEN_BIN", self.cargo_bin.join("wasm-bindgen"))
            .env("WASM_OPT_BIN", self.node_bin.join("wasm-opt"))
            .env("WRANGLER_SEND_METRICS", "false")
            .env("CLOUDFLARE_CF_FETCH_ENABLED", "false")
            .env("CI", "true");
        if let Some(esbuild) = &self.esbuild {
            cmd.env("ESBUILD_BIN", esbuild);
        }
        cmd
    }

    /// `esbuild …` from node_modules.
    pub fn esbuild(&self, root: &Path) -> Command {
        self.command(self.node_bin.join("esbuild"), root)
    }

    /// `wrangler …` from node_modules.
    pub fn wrangler(&self, root: &Path) -> Command {
        let mut cmd = self.command("node", root);
        cmd.arg(root.join("node_modules/wrangler/bin/wrangler.js"));
        cmd
    }

    /// `worker-build …` at its pinned version.
    pub fn worker_build(&self, root: &Path) -> Command {
        self.command(self.cargo_bin.join("worker-build"), root)
    }

    /// `trunk …` at its pinned version.
    pub fn trunk(&self, root: &Path) -> Command {
        self.command(self.cargo_bin.join("trunk"), root)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_locked_wasm_bindgen_version() {
        let lock = "[[package]]\nname = \"wasm-bindgen-macro\"\nversion = \"9.9.9\"\n\n[[package]]\nname = \"wasm-bindgen\"\nversion = \"0.2.130\"\n";
        assert_eq!(wasm_bindgen_in_lock(lock).ok().as_deref(), Some("0.2.130"));
        assert!(wasm_bindgen_in_lock("").is_err());
        let real = locked_wasm_bindgen(&crate::root()).ok().unwrap_or_default();
        assert!(real.starts_with("0.2."), "{real}");
    }
}
