//! The quality gates of `cargo xtask test` that need more than one server run: the durability
//! check (a server stopped in the middle of a stream of bookings and started again) and the
//! Schemathesis run (installed from PyPI into `target/schemathesis`). The browser-side gates
//! (budgets, Lighthouse, the load run) are node scripts under `tests/` run by `test()`.

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use crate::{free_port, run, spawn_server, step, tools, Result, StepError, DEV_VAR};

pub const SCHEMATHESIS_VERSION: &str = "4.32.5";

/// How many bookings the stream must have confirmed before the server is stopped.
const CONFIRMED_BEFORE_STOP: usize = 40;

fn lines(path: &Path) -> usize {
    std::fs::read_to_string(path)
        .map(|s| s.lines().count())
        .unwrap_or(0)
}

/// Streams bookings at a server on `db` (a freshly seeded test database of its own), stops the
/// server (Ctrl-C, as a person stops `wrangler dev`) once some are confirmed, starts it again
/// on the same files and checks that every confirmed booking is there. Then runs Schemathesis
/// on that server.
pub fn durability_and_schemathesis(root: &Path, tools: &tools::Tools, db: &Path) -> Result<()> {
    let confirmed = root.join("target/durability-bookings.txt");
    let _ = std::fs::remove_file(&confirmed);
    let port = free_port()?;
    let base = format!("http://127.0.0.1:{port}");
    step(&format!(
        "durability: a stream of bookings to wrangler dev on 127.0.0.1:{port}, stopped midway"
    ));
    let log = "target/wrangler-durability.log";
    let server = spawn_server(root, tools, db, port, &[DEV_VAR], &[], log)?;
    let mut stream = Command::new("node")
        .current_dir(root)
        .env("HALL_BASE_URL", &base)
        .arg("tests/gates/durability.mjs")
        .arg("stream")
        .arg(&confirmed)
        .spawn()?;
    let deadline = Instant::now() + Duration::from_secs(120);
    while lines(&confirmed) < CONFIRMED_BEFORE_STOP {
        if let Some(status) = stream.try_wait()? {
            return Err(StepError(format!(
                "the booking stream ended ({status}) before {CONFIRMED_BEFORE_STOP} bookings were confirmed"
            )));
        }
        if Instant::now() > deadline {
            let _ = stream.kill();
            return Err(StepError(format!(
                "fewer than {CONFIRMED_BEFORE_STOP} bookings confirmed in 120 s"
            )));
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    println!(
        "    stopping the server with {} bookings confirmed and the stream still running",
        lines(&confirmed)
    );
    drop(server);
    let status = stream.wait()?;
    if !status.success() {
        return Err(StepError(format!("the booking stream failed: {status}")));
    }
    step("durability: starting wrangler dev again on the same database");
    let _server = spawn_server(root, tools, db, port, &[DEV_VAR], &[], log)?;
    run(
        "durability check",
        Command::new("node")
            .current_dir(root)
            .env("HALL_BASE_URL", &base)
            .arg("tests/gates/durability.mjs")
            .arg("verify")
            .arg(&confirmed),
    )?;

    let st = install_schemathesis(root)?;
    step("Schemathesis against /api/openapi.json (every operation, signed in)");
    run(
        "schemathesis",
        Command::new("node")
            .current_dir(root)
            .env("HALL_BASE_URL", &base)
            .env("SCHEMATHESIS", &st)
            .arg("tests/gates/schemathesis.mjs"),
    )
}

/// Schemathesis at its pinned version, in a virtual environment of its own.
fn install_schemathesis(root: &Path) -> Result<std::path::PathBuf> {
    let venv = root.join("target/schemathesis");
    let st = venv.join("bin/st");
    let have = Command::new(&st)
        .arg("--version")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).to_string())
        .unwrap_or_default();
    if have.contains(SCHEMATHESIS_VERSION) {
        println!("    schemathesis {SCHEMATHESIS_VERSION}: present");
        return Ok(st);
    }
    step(&format!(
        "installing schemathesis {SCHEMATHESIS_VERSION} (pip, into target/schemathesis)"
    ));
    run(
        "python3 -m venv",
        Command::new("python3").args(["-m", "venv"]).arg(&venv),
    )?;
    run(
        "pip install schemathesis",
        Command::new(venv.join("bin/pip")).args([
            "install",
            "--quiet",
            "--disable-pip-version-check",
            &format!("schemathesis=={SCHEMATHESIS_VERSION}"),
        ]),
    )?;
    Ok(st)
}
