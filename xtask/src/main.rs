//! Project automation: `cargo xtask <command>`.
//!
//! - `dev`: install the pinned tools, build, migrate and seed the local D1, serve at
//!   http://127.0.0.1:8787.
//! - `test`: the same set-up plus Chromium, then every test and the budgets.
//! - `seed [--remote] [--persist-to DIR] [--file F]`: load the catalogue into D1.
//! - `setup`: only install the tools; `build`: also build the app into dist/.
//! - `deploy`: build and `wrangler deploy` to Cloudflare (needs `wrangler login`).
//! - `admin <username> [--role system|security|audit] [--remote] [--persist-to DIR]`: create a
//!   system (the default), security or audit administrator with a random
//!   initial password, printed once (to be changed at first sign-in).

mod backup;
mod gates;
mod hall;
mod idp;
mod seed;
mod staff;
mod tools;

use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitCode};
use std::time::{Duration, Instant};

/// A failed step: what was being done and why it failed.
#[derive(Debug)]
pub struct StepError(pub String);

pub type Result<T> = std::result::Result<T, StepError>;

impl<E: std::fmt::Display> From<E> for StepError {
    fn from(e: E) -> Self {
        StepError(e.to_string())
    }
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let started = Instant::now();
    let outcome = match args.first().map(String::as_str) {
        Some("dev") => dev(),
        Some("test") => test(),
        Some("seed") => seed_command(&args[1..]),
        Some("setup") => tools::ensure(&root(), false).map(|_| ()),
        Some("build") => tools::ensure(&root(), false).and_then(|t| build_app(&root(), &t)),
        Some("deploy") => deploy(),
        Some("admin") => admin_command(&args[1..]),
        Some("backup-check") => backup_check(&args[1..]),
        _ => {
            eprintln!(
                "usage: cargo xtask <dev | test | seed [--remote] [--persist-to DIR] [--file F] | setup | build | deploy | admin <username> [--remote] [--persist-to DIR] | backup-check [DIR]>"
            );
            return ExitCode::from(2);
        }
    };
    match outcome {
        Ok(()) => {
            println!("==> done in {:.0} s", started.elapsed().as_secs_f64());
            ExitCode::SUCCESS
        }
        Err(StepError(msg)) => {
            eprintln!("\nxtask failed: {msg}");
            ExitCode::FAILURE
        }
    }
}

/// The repository root.
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."))
}

/// Prints a step header.
pub fn step(what: &str) {
    println!("==> {what}");
}

/// Runs a command to completion; a failure names the step.
pub fn run(step_name: &str, cmd: &mut Command) -> Result<()> {
    let status = cmd.status().map_err(|e| {
        StepError(format!(
            "{step_name}: could not start {:?}: {e}",
            cmd.get_program()
        ))
    })?;
    if status.success() {
        Ok(())
    } else {
        Err(StepError(format!(
            "{step_name}: {:?} exited with {status}",
            cmd.get_program()
        )))
    }
}

fn dev() -> Result<()> {
    let root = root();
    let tools = tools::ensure(&root, false)?;
    build_app(&root, &tools)?;
    build_worker(&root, &tools)?;
    let persist = root.join(".wrangler/state");
    migrate(&root, &tools, &persist)?;
    seed::load(
        &root,
        &tools,
        seed::Target::Local(persist.clone()),
        &root.join("seed/service-items.json"),
    )?;
    load_hall(&root, &tools, &seed::Target::Local(persist.clone()))?;
    load_demo_staff(&root, &tools, &persist)?;
    let idp = idp::Idp::start(&root, 8787, "target/idp-dev.log")?;
    step(&format!(
        "serving the portal at http://127.0.0.1:8787 (Ctrl-C stops); real-name sign-in through \
         the local identity platform at {} (demo residents in idp/residents.json)",
        idp.issuer()
    ));
    run(
        "wrangler dev",
        tools
            .wrangler(&root)
            .args(["dev", "--ip", "127.0.0.1", "--port", "8787"])
            .args(["--var", DEV_VAR])
            .args(
                idp.vars()
                    .iter()
                    .flat_map(|v| ["--var".to_string(), v.clone()]),
            )
            .arg("--persist-to")
            .arg(&persist),
    )
}

/// Marks a local server as development: the outbox page, the test clock and unforced demo
/// passwords. Production (`wrangler deploy`) never sets it.
const DEV_VAR: &str = "HALL_ENV:development";

/// Loads the hall set-up (`seed/hall.json`) after the catalogue it refers to.
fn load_hall(root: &Path, tools: &tools::Tools, target: &seed::Target) -> Result<()> {
    step("loading the hall set-up (seed/hall.json)");
    let setup = hall::read(
        &root.join("seed/hall.json"),
        &root.join("seed/service-items.json"),
    )?;
    println!(
        "    {} halls, {} item groups, {} windows",
        setup.halls.len(),
        setup.groups.len(),
        setup.windows.len()
    );
    let out = root.join("target/hall.sql");
    std::fs::write(&out, hall::to_sql(&setup))?;
    seed::execute(root, tools, target, &out, "d1 execute (hall set-up)")
}

/// Loads the demonstration staff accounts (`seed/staff.json`) into a local database.
fn load_demo_staff(root: &Path, tools: &tools::Tools, persist: &Path) -> Result<()> {
    step("loading the demonstration staff accounts (seed/staff.json)");
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0);
    let sql = staff::to_sql(&root.join("seed/staff.json"), now)?;
    let out = root.join("target/staff.sql");
    std::fs::write(&out, sql)?;
    let target = seed::Target::Local(persist.to_path_buf());
    seed::execute(root, tools, &target, &out, "d1 execute (demo staff)")
}

fn deploy() -> Result<()> {
    let root = root();
    let tools = tools::ensure(&root, false)?;
    build_app(&root, &tools)?;
    step("deploying with wrangler deploy");
    run("wrangler deploy", tools.wrangler(&root).arg("deploy"))
}

/// Splits `--remote` / `--persist-to DIR` (the database to act on) from the other arguments.
fn target_and_rest(root: &Path, args: &[String]) -> Result<(seed::Target, Vec<String>)> {
    let mut target = seed::Target::Local(root.join(".wrangler/state"));
    let mut rest = Vec::new();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--remote" => target = seed::Target::Remote,
            "--persist-to" => {
                let dir = it
                    .next()
                    .ok_or_else(|| StepError("--persist-to needs a directory".into()))?;
                target = seed::Target::Local(PathBuf::from(dir));
            }
            other => rest.push(other.to_string()),
        }
    }
    Ok((target, rest))
}

fn admin_command(args: &[String]) -> Result<()> {
    let root = root();
    let (target, rest) = target_and_rest(&root, args)?;
    let usage = || {
        StepError(
            "usage: cargo xtask admin <username> [--role system|security|audit] [--remote] [--persist-to DIR]"
                .into(),
        )
    };
    let (username, kind) = match rest.as_slice() {
        [name] => (name.clone(), "system"),
        [name, flag, kind] if flag == "--role" => (name.clone(), kind.as_str()),
        [flag, kind, name] if flag == "--role" => (name.clone(), kind.as_str()),
        _ => return Err(usage()),
    };
    let role = staff::administrator_role(kind).ok_or_else(usage)?;
    let tools = tools::ensure(&root, false)?;
    let password = staff::random_password()?;
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0);
    let out = root.join("target/admin.sql");
    std::fs::create_dir_all(root.join("target"))?;
    std::fs::write(&out, staff::admin_sql(&username, role, &password, now)?)?;
    if let seed::Target::Local(dir) = &target {
        migrate(&root, &tools, dir)?;
    }
    let outcome = seed::execute(&root, &tools, &target, &out, "d1 execute (administrator)");
    let _ = std::fs::remove_file(&out);
    outcome.map_err(|e| {
        StepError(format!(
            "{} (is the username taken already? usernames are unique)",
            e.0
        ))
    })?;
    println!("    {} {username} created; initial password (shown once, change it at first sign-in): {password}", role.as_str());
    Ok(())
}

fn seed_command(args: &[String]) -> Result<()> {
    let root = root();
    let (target, rest) = target_and_rest(&root, args)?;
    let mut file = root.join("seed/service-items.json");
    let mut it = rest.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--file" => {
                file = PathBuf::from(
                    it.next()
                        .ok_or_else(|| StepError("--file needs a path".into()))?,
                );
            }
            other => return Err(StepError(format!("unknown seed option {other}"))),
        }
    }
    let tools = tools::ensure(&root, false)?;
    if let seed::Target::Local(dir) = &target {
        migrate(&root, &tools, dir)?;
    }
    seed::load(&root, &tools, target.clone(), &file)?;
    load_hall(&root, &tools, &target)
}

/// Builds the bundles: the portal into dist/, then each other bundle into its directory under
/// dist/ (the portal first: Trunk empties its output directory).
pub fn build_app(root: &Path, tools: &tools::Tools) -> Result<()> {
    step("building the portal bundle (trunk build --release)");
    run("trunk build (portal)", tools.trunk(root).arg("build"))?;
    for (name, html, dist, url) in [
        ("guide", "app/guide.html", "dist/guide", "/guide/"),
        ("book", "app/book.html", "dist/book-app", "/book-app/"),
        ("account", "app/account.html", "dist/account", "/account/"),
        ("hall", "app/hall.html", "dist/hall", "/hall/"),
        ("apply", "app/apply.html", "dist/apply", "/apply/"),
        ("desk", "app/desk.html", "dist/desk-app", "/desk-app/"),
        ("help", "app/help.html", "dist/help", "/help/"),
        (
            "service",
            "app/service.html",
            "dist/service-app",
            "/service-app/",
        ),
        ("voice", "app/voice.html", "dist/voice", "/voice/"),
        ("device", "app/device.html", "dist/device", "/device/"),
    ] {
        step(&format!(
            "building the {name} bundle (trunk build --release {html})"
        ));
        run(
            &format!("trunk build ({name})"),
            tools
                .trunk(root)
                .args(["build", html, "--dist", dist, "--public-url", url]),
        )?;
    }
    // Trunk copies the site scripts as written (with their comments); every page loads
    // prefs.js first, so they ship minified.
    step("minifying the site scripts (esbuild --minify)");
    for script in SITE_SCRIPTS {
        minify(root, tools, &root.join("dist").join(script))?;
    }
    minify_glue(root, tools)
}

/// Minifies a script in place with esbuild.
fn minify(root: &Path, tools: &tools::Tools, path: &Path) -> Result<()> {
    run(
        &format!("esbuild {}", path.display()),
        tools
            .esbuild(root)
            .arg(path)
            .args(["--minify", "--allow-overwrite", "--log-level=warning"])
            .arg(format!("--outfile={}", path.display())),
    )
}

/// Trunk ships each bundle's wasm-bindgen glue as written, comments and all (about 46 KB, 8 KB
/// gzip); every page loads it before the wasm. Each is minified, and the subresource-integrity
/// hash its page gives it is written anew.
fn minify_glue(root: &Path, tools: &tools::Tools) -> Result<()> {
    use sha2::{Digest, Sha384};
    step("minifying the wasm-bindgen glue (esbuild --minify) and rewriting its integrity");
    let dist = root.join("dist");
    let mut pages = vec![dist.join("index.html")];
    for entry in std::fs::read_dir(&dist)? {
        let page = entry?.path().join("index.html");
        if page.is_file() {
            pages.push(page);
        }
    }
    let sri = |bytes: &[u8]| format!("sha384-{}", base64(&Sha384::digest(bytes)));
    for page in pages {
        let dir = page.parent().unwrap_or(&dist).to_path_buf();
        let mut html = std::fs::read_to_string(&page)?;
        let glue: Vec<PathBuf> = std::fs::read_dir(&dir)?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "js"))
            .filter(|p| {
                p.file_name()
                    .and_then(|n| n.to_str())
                    .is_some_and(|n| html.contains(n) && !SITE_SCRIPTS.contains(&n))
            })
            .collect();
        for path in glue {
            let before = sri(&std::fs::read(&path)?);
            if !html.contains(&before) {
                return Err(format!(
                    "{} does not give {} the integrity {before}",
                    page.display(),
                    path.display()
                )
                .into());
            }
            minify(root, tools, &path)?;
            html = html.replace(&before, &sri(&std::fs::read(&path)?));
        }
        let html = externalise_boot(&dist, &dir, &html)?;
        std::fs::write(&page, html)?;
    }
    Ok(())
}

/// Moves the page's inline start script (Trunk writes `<script type=module>import init …`)
/// into a file of its own, `boot-<hash>.js` beside the page, loaded with its integrity, so the
/// Content-Security-Policy allows scripts from this site only (no `'unsafe-inline'`).
fn externalise_boot(dist: &Path, dir: &Path, html: &str) -> Result<String> {
    use sha2::{Digest, Sha256, Sha384};
    const OPEN: &str = "<script type=module>";
    let Some(start) = html.find(OPEN) else {
        return Err(StepError(format!(
            "{}: no inline start script to move out",
            dir.display()
        )));
    };
    let body_start = start + OPEN.len();
    let end = html[body_start..]
        .find("</script>")
        .map(|e| body_start + e)
        .ok_or_else(|| StepError(format!("{}: unclosed start script", dir.display())))?;
    let script = &html[body_start..end];
    let hash: String = Sha256::digest(script.as_bytes())
        .iter()
        .take(8)
        .map(|b| format!("{b:02x}"))
        .collect();
    let name = format!("boot-{hash}.js");
    std::fs::write(dir.join(&name), script)?;
    let url = match dir.strip_prefix(dist) {
        Ok(rel) if rel.as_os_str().is_empty() => format!("/{name}"),
        Ok(rel) => format!("/{}/{name}", rel.display()),
        Err(_) => return Err(StepError(format!("{} is outside dist", dir.display()))),
    };
    let integrity = format!("sha384-{}", base64(&Sha384::digest(script.as_bytes())));
    let tag = format!("<script type=module src={url} integrity={integrity}></script>");
    let out = format!(
        "{}{tag}{}",
        &html[..start],
        &html[end + "</script>".len()..]
    );
    if out.contains(OPEN) {
        return Err(StepError(format!(
            "{}: more than one inline script",
            dir.display()
        )));
    }
    Ok(out)
}

/// The scripts of `public/` every page loads, minified on their own.
const SITE_SCRIPTS: [&str; 3] = ["prefs.js", "sw.js", "embed.js"];

/// Standard base64 with padding, as an integrity attribute writes a digest.
fn base64(bytes: &[u8]) -> String {
    const ABC: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ABC[(n >> (18 - 6 * i)) as usize & 63] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// Builds the Worker ahead of `wrangler dev`, whose own build step then finds it compiled.
pub fn build_worker(root: &Path, tools: &tools::Tools) -> Result<()> {
    step("building the worker (worker-build --release)");
    run(
        "worker-build",
        tools
            .worker_build(root)
            .current_dir(root.join("worker"))
            .arg("--release"),
    )?;
    // What `wrangler deploy` uploads, raw and compressed as Cloudflare counts it.
    let (mut raw, mut gzip) = (0u64, 0u64);
    for file in ["index.js", "index_bg.wasm"] {
        let path = root.join("worker/build").join(file);
        raw += std::fs::metadata(&path)?.len();
        let out = Command::new("gzip").arg("-9c").arg(&path).output()?;
        gzip += out.stdout.len() as u64;
    }
    println!(
        "    worker upload: {:.0} KB, {:.0} KB gzip (Cloudflare's limit: 3 MB gzip free, 10 MB paid)",
        raw as f64 / 1024.0,
        gzip as f64 / 1024.0
    );
    Ok(())
}

/// Applies the D1 migrations to a local database.
pub fn migrate(root: &Path, tools: &tools::Tools, persist: &Path) -> Result<()> {
    step(&format!(
        "applying D1 migrations to the local database in {}",
        persist.display()
    ));
    run(
        "d1 migrations apply",
        tools
            .wrangler(root)
            .args([
                "d1",
                "migrations",
                "apply",
                "hall",
                "--local",
                "--persist-to",
            ])
            .arg(persist),
    )
}

pub(crate) fn free_port() -> Result<u16> {
    let listener = std::net::TcpListener::bind("127.0.0.1:0")?;
    Ok(listener.local_addr()?.port())
}

/// A `wrangler dev` child that is stopped when dropped.
struct Server {
    child: Child,
    /// The local identity platform this server signs citizens in with; stopped after it.
    pub idp: idp::Idp,
}

impl Drop for Server {
    fn drop(&mut self) {
        // Stop wrangler the way a person does, with Ctrl-C (SIGINT): it then stops its workerd.
        // Signalling its process group with SIGTERM instead was seen to take down unrelated
        // processes on this kind of machine.
        let pid = self.child.id().to_string();
        let _ = Command::new("kill").args(["-INT", &pid]).status();
        let deadline = Instant::now() + Duration::from_secs(15);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(200));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start_server(
    root: &Path,
    tools: &tools::Tools,
    persist: &Path,
    port: u16,
    vars: &[&str],
) -> Result<Server> {
    step(&format!(
        "starting wrangler dev on 127.0.0.1:{port} ({})",
        if vars.is_empty() {
            "production configuration"
        } else {
            "development configuration"
        }
    ));
    spawn_server(
        root,
        tools,
        persist,
        port,
        vars,
        &[],
        "target/wrangler-test.log",
    )
}

/// The data key (`HALL_DATA_KEY`) of the servers this run starts: random, made once per run
/// and shared by all of them (the production-configuration server reads what the development
/// one sealed). `cargo xtask dev` sets none and its server uses the development key.
fn test_data_key() -> Result<&'static str> {
    static KEY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    if let Some(k) = KEY.get() {
        return Ok(k);
    }
    let mut bytes = [0u8; 32];
    std::io::Read::read_exact(&mut std::fs::File::open("/dev/urandom")?, &mut bytes)?;
    let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    Ok(KEY.get_or_init(|| hex))
}

/// Starts `wrangler dev` with extra arguments, logging to `log_path`; waits for /api/health.
fn spawn_server(
    root: &Path,
    tools: &tools::Tools,
    persist: &Path,
    port: u16,
    vars: &[&str],
    extra: &[&std::ffi::OsStr],
    log_path: &str,
) -> Result<Server> {
    let idp = idp::Idp::start(root, port, &log_path.replace(".log", "-idp.log"))?;
    let log = std::fs::File::create(root.join(log_path))?;
    let inspector = free_port()?;
    let child = tools
        .wrangler(root)
        .args(["dev", "--ip", "127.0.0.1", "--port", &port.to_string()])
        .args(["--inspector-port", &inspector.to_string()])
        .args(vars.iter().flat_map(|v| ["--var", v]))
        .args(["--var", &format!("HALL_DATA_KEY:{}", test_data_key()?)])
        .args(
            idp.vars()
                .iter()
                .flat_map(|v| ["--var".to_string(), v.clone()]),
        )
        .args(extra)
        .arg("--persist-to")
        .arg(persist)
        .stdout(log.try_clone()?)
        .stderr(log)
        .spawn()?;
    let server = Server { child, idp };
    let deadline = Instant::now() + Duration::from_secs(600);
    loop {
        if health_ok(port) {
            return Ok(server);
        }
        if Instant::now() > deadline {
            let log = std::fs::read_to_string(root.join(log_path)).unwrap_or_default();
            return Err(StepError(format!(
                "wrangler dev did not answer /api/health within 600 s; its log:\n{log}"
            )));
        }
        std::thread::sleep(Duration::from_millis(500));
    }
}

fn health_ok(port: u16) -> bool {
    http_status(port, "/api/health", Duration::from_secs(5)) == Some(200)
}

/// The status of a plain GET to the local server (read from the status line; the connection
/// is then dropped, as the server may keep it open).
pub(crate) fn http_status(port: u16, path: &str, timeout: Duration) -> Option<u16> {
    use std::io::{Read, Write};
    let mut s = std::net::TcpStream::connect(("127.0.0.1", port)).ok()?;
    s.set_read_timeout(Some(timeout)).ok()?;
    let req = format!("GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n");
    s.write_all(req.as_bytes()).ok()?;
    let mut head = [0u8; 12];
    s.read_exact(&mut head).ok()?;
    std::str::from_utf8(&head[9..12]).ok()?.parse().ok()
}

/// A copy of `wrangler.toml` for the scheduled-job server: the built Worker without static
/// assets and without a build step. wrangler 4.86 cannot deliver `--test-scheduled` events to a
/// Worker with assets (its assets proxy has no scheduled handler), so the job's own entry point
/// is tested on a second server with this configuration.
fn scheduled_config(root: &Path) -> Result<PathBuf> {
    let toml = std::fs::read_to_string(root.join("wrangler.toml"))?;
    let mut out = String::new();
    let mut skipping = false;
    for line in toml.lines() {
        if line.starts_with('[') {
            skipping = line == "[build]" || line == "[assets]";
        }
        if skipping {
            continue;
        }
        let abs = |rel: &str| root.join(rel).to_string_lossy().replace('\\', "/");
        let line = match line.split_once(" = ") {
            Some(("main", v)) => format!("main = \"{}\"", abs(v.trim_matches('"'))),
            Some(("migrations_dir", v)) => {
                format!("migrations_dir = \"{}\"", abs(v.trim_matches('"')))
            }
            _ => line.to_string(),
        };
        out.push_str(&line);
        out.push('\n');
    }
    let path = root.join("target/wrangler-jobs.toml");
    std::fs::write(&path, out)?;
    Ok(path)
}

/// Copies a directory tree (a local D1 state).
fn copy_tree(from: &Path, to: &Path) -> Result<()> {
    std::fs::create_dir_all(to)?;
    for entry in std::fs::read_dir(from)? {
        let entry = entry?;
        let target = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            copy_tree(&entry.path(), &target)?;
        } else {
            std::fs::copy(entry.path(), &target)?;
        }
    }
    Ok(())
}

/// Asks the local server once for every built file and every bundle's page: the first read of
/// an asset by `wrangler dev` can take many seconds, which a browser test would count against
/// its own timeouts.
fn warm_assets(root: &Path, port: u16) -> Result<()> {
    step("warming the local asset server (one request per built file)");
    let started = Instant::now();
    let dist = root.join("dist");
    let mut paths = vec!["/".to_string(), "/me".to_string(), "/kiosk".to_string()];
    let mut dirs = vec![dist.clone()];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir)? {
            let path = entry?.path();
            if path.is_dir() {
                dirs.push(path);
            } else if let Ok(rel) = path.strip_prefix(&dist) {
                let rel = rel.to_string_lossy().replace('\\', "/");
                // Pages are served at their directory (`/account/index.html` redirects there).
                paths.push(match rel.strip_suffix("index.html") {
                    Some(dir) => format!("/{dir}"),
                    None => format!("/{rel}"),
                });
            }
        }
    }
    let mut slow = Vec::new();
    for p in &paths {
        let t = Instant::now();
        if http_status(port, p, Duration::from_secs(120)) != Some(200) {
            return Err(StepError(format!("the local server did not serve {p}")));
        }
        if t.elapsed() > Duration::from_secs(2) {
            slow.push(format!("{p} {:.1} s", t.elapsed().as_secs_f64()));
        }
    }
    println!(
        "    {} files in {:.1} s{}",
        paths.len(),
        started.elapsed().as_secs_f64(),
        if slow.is_empty() {
            String::new()
        } else {
            format!(" (slow: {})", slow.join(", "))
        }
    );
    Ok(())
}

fn test() -> Result<()> {
    let root = root();
    let tools = tools::ensure(&root, true)?;

    step("checking formatting (cargo fmt --check)");
    run(
        "cargo fmt",
        Command::new("cargo")
            .current_dir(&root)
            .args(["fmt", "--all", "--", "--check"]),
    )?;
    step("linting (cargo clippy -D warnings)");
    run(
        "cargo clippy",
        Command::new("cargo").current_dir(&root).args([
            "clippy",
            "--workspace",
            "--all-targets",
            "--",
            "-D",
            "warnings",
        ]),
    )?;
    run(
        "cargo clippy (wasm)",
        Command::new("cargo").current_dir(&root).args([
            "clippy",
            "-p",
            "hall-app",
            "-p",
            "hall-worker",
            "--target",
            "wasm32-unknown-unknown",
            "--",
            "-D",
            "warnings",
        ]),
    )?;
    step("domain, worker and tooling unit tests (cargo test)");
    run(
        "unit tests",
        Command::new("cargo").current_dir(&root).args([
            "test",
            "--workspace",
            "--exclude",
            "hall-http-tests",
        ]),
    )?;
    step("search cost at 10,000 items (release; printed, not asserted)");
    run(
        "search scale",
        Command::new("cargo").current_dir(&root).args([
            "test",
            "--release",
            "-p",
            "hall-domain",
            "--features",
            "pinyin,opencc",
            "--lib",
            "--",
            "--ignored",
            "--nocapture",
            "scale",
        ]),
    )?;

    build_app(&root, &tools)?;
    build_worker(&root, &tools)?;
    let persist = root.join("target/test-d1");
    if persist.exists() {
        std::fs::remove_dir_all(&persist)?;
    }
    migrate(&root, &tools, &persist)?;
    let seed_file = root.join("seed/service-items.json");
    for round in ["", " again (the loader must duplicate nothing)"] {
        if !round.is_empty() {
            step(&format!("loading the catalogue{round}"));
        }
        seed::load(
            &root,
            &tools,
            seed::Target::Local(persist.clone()),
            &seed_file,
        )?;
    }
    load_hall(&root, &tools, &seed::Target::Local(persist.clone()))?;
    load_demo_staff(&root, &tools, &persist)?;
    // The scheduled-job server gets its own copy of the seeded database.
    let persist_jobs = root.join("target/test-d1-jobs");
    if persist_jobs.exists() {
        std::fs::remove_dir_all(&persist_jobs)?;
    }
    copy_tree(&persist, &persist_jobs)?;
    // So do the durability and Schemathesis gates: the tests below change demo passwords.
    let persist_gates = root.join("target/test-d1-gates");
    if persist_gates.exists() {
        std::fs::remove_dir_all(&persist_gates)?;
    }
    copy_tree(&persist, &persist_gates)?;

    let port = free_port()?;
    let server = start_server(&root, &tools, &persist, port, &[DEV_VAR])?;
    let base = format!("http://127.0.0.1:{port}");
    warm_assets(&root, port)?;

    step("HTTP tests against wrangler dev");
    run(
        "HTTP tests",
        Command::new("cargo")
            .current_dir(&root)
            .env("HALL_BASE_URL", &base)
            .env("HALL_IDP_URL", server.idp.issuer())
            .args(["test", "-p", "hall-http-tests", "--no-fail-fast"])
            .args(http_test_args(&root)?)
            .args(["--", "--nocapture"]),
    )?;
    {
        let jobs_port = free_port()?;
        step(&format!(
            "the scheduled job through `wrangler dev --test-scheduled` on 127.0.0.1:{jobs_port}"
        ));
        let config = scheduled_config(&root)?;
        let _jobs_server = spawn_server(
            &root,
            &tools,
            &persist_jobs,
            jobs_port,
            &[DEV_VAR],
            &[
                "--config".as_ref(),
                config.as_os_str(),
                "--test-scheduled".as_ref(),
            ],
            "target/wrangler-jobs.log",
        )?;
        run(
            "scheduled job tests",
            Command::new("cargo")
                .current_dir(&root)
                .env("HALL_BASE_URL", format!("http://127.0.0.1:{jobs_port}"))
                .env("HALL_TEST_SCHEDULED", "1")
                .args(["test", "-p", "hall-http-tests", "--test", "jobs"])
                .args(["--", "--nocapture"]),
        )?;
    }
    let node = || {
        let mut cmd = Command::new("node");
        cmd.current_dir(&root)
            .env("HALL_BASE_URL", &base)
            .env("HALL_IDP_URL", server.idp.issuer())
            .env("CHROMIUM", &tools.chromium);
        cmd
    };
    step("browser tests (playwright-core + axe-core in headless Chromium)");
    run(
        "browser tests",
        node()
            .args(["--test", "--test-concurrency=1"])
            .args(e2e_files(&root)?),
    )?;
    step("budgets");
    run("budgets", node().arg("tests/budget.mjs"))?;
    step("Lighthouse (mobile preset) on the home page, search results and a guide");
    run("lighthouse", node().arg("tests/gates/lighthouse.mjs"))?;
    step("load run: guide search and ticket status beside a route without storage");
    run("load run", node().arg("tests/gates/load.mjs"))?;
    drop(server);
    step("checking that the database refuses to change the audit trail");
    for sql in ["DELETE FROM audit_log", "UPDATE audit_log SET reason = 'x'"] {
        let out = tools
            .wrangler(&root)
            .args(["d1", "execute", "hall", "--local", "--persist-to"])
            .arg(&persist)
            .args(["--command", sql])
            .output()?;
        let text = String::from_utf8_lossy(&out.stderr).to_string()
            + &String::from_utf8_lossy(&out.stdout);
        if out.status.success() || !text.contains("append-only") {
            return Err(StepError(format!(
                "`{sql}` was not refused by the audit_log triggers:\n{text}"
            )));
        }
        println!("    refused: {sql}");
    }
    step("checking the server logs for personal data in clear");
    let log = std::fs::read_to_string(root.join("target/wrangler-test.log"))?
        + &std::fs::read_to_string(root.join("target/wrangler-jobs.log"))?;
    let leaks = personal_data_in_log(&log);
    if !leaks.is_empty() {
        return Err(StepError(format!(
            "the server log holds personal data in clear:\n{}",
            leaks.join("\n")
        )));
    }
    println!(
        "    {} log lines, no phone or ID numbers",
        log.lines().count()
    );

    // The same database served as production would be: development-only features must be off.
    let port = free_port()?;
    let server = start_server(&root, &tools, &persist, port, &[])?;
    step("HTTP tests against the production configuration");
    run(
        "production HTTP tests",
        Command::new("cargo")
            .current_dir(&root)
            .env("HALL_BASE_URL", format!("http://127.0.0.1:{port}"))
            .args(["test", "-p", "hall-http-tests", "--test", "production"]),
    )?;
    drop(server);
    backup::round_trip(&root, &tools, &persist, true)?;
    gates::durability_and_schemathesis(&root, &tools, &persist_gates)
}

/// Exports the local database kept in `DIR` (default `.wrangler/state`), restores the dump
/// into a fresh database and compares the row count of every table.
fn backup_check(args: &[String]) -> Result<()> {
    let root = root();
    let tools = tools::ensure(&root, false)?;
    let persist = args
        .first()
        .map(|d| root.join(d))
        .unwrap_or_else(|| root.join(".wrangler/state"));
    backup::round_trip(&root, &tools, &persist, false)
}

/// Log lines that carry a mainland mobile number or an 18-character resident ID number.
/// Development-only routes (`/api/v1/dev/`, the simulated SMS outbox) are exempt.
fn personal_data_in_log(log: &str) -> Vec<String> {
    log.lines()
        .filter(|line| !line.contains("/api/v1/dev/"))
        .filter(|line| {
            let b = line.as_bytes();
            let mut i = 0;
            while i < b.len() {
                if b[i].is_ascii_digit() {
                    let start = i;
                    while i < b.len() && b[i].is_ascii_digit() {
                        i += 1;
                    }
                    let run = &b[start..i];
                    let id_tail =
                        run.len() == 17 && b.get(i).is_some_and(|c| *c == b'X' || *c == b'x');
                    let phone =
                        run.len() == 11 && run[0] == b'1' && (b'3'..=b'9').contains(&run[1]);
                    // Digits inside a word (a bundle's content hash such as
                    // `guide-1d19676137687c14`) are not a number anyone typed.
                    let in_word = start > 0 && b[start - 1].is_ascii_alphabetic()
                        || b.get(i).is_some_and(|c| c.is_ascii_alphabetic()) && !id_tail;
                    if !in_word && (phone || run.len() == 18 || id_tail) {
                        return true;
                    }
                } else {
                    i += 1;
                }
            }
            false
        })
        .map(|l| l.chars().take(200).collect())
        .collect()
}

/// `--test NAME` for every HTTP test file except the two that need their own server
/// configuration (`jobs`: the scheduled entry; `production`), so a new file cannot be left out.
fn http_test_args(root: &Path) -> Result<Vec<String>> {
    let mut names: Vec<String> = std::fs::read_dir(root.join("tests/http/tests"))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter_map(|p| {
            let name = p.file_name()?.to_str()?.strip_suffix(".rs")?.to_string();
            (!matches!(name.as_str(), "jobs" | "production")).then_some(name)
        })
        .collect();
    // The long-standing files first, in the order they have always run (the booking contention
    // test early, on a small database), then any others by name.
    const FIRST: [&str; 7] = [
        "api",
        "openapi",
        "accounts",
        "bookings",
        "queue",
        "setup",
        "applications",
    ];
    names.sort_by_key(|n| {
        (
            FIRST.iter().position(|f| f == n).unwrap_or(FIRST.len()),
            n.clone(),
        )
    });
    if names.is_empty() {
        return Err(StepError("no HTTP tests found in tests/http/tests".into()));
    }
    Ok(names
        .into_iter()
        .flat_map(|n| ["--test".to_string(), n])
        .collect())
}

fn e2e_files(root: &Path) -> Result<Vec<PathBuf>> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(root.join("tests/e2e"))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.to_string_lossy().ends_with(".test.mjs"))
        .collect();
    files.sort();
    if files.is_empty() {
        return Err(StepError("no browser tests found in tests/e2e".into()));
    }
    Ok(files)
}

#[cfg(test)]
mod tests {
    #[test]
    fn base64_pads_as_integrity_attributes_do() {
        assert_eq!(super::base64(b"Man"), "TWFu");
        assert_eq!(super::base64(b"Ma"), "TWE=");
        assert_eq!(super::base64(b"M"), "TQ==");
        assert_eq!(super::base64(b""), "");
    }

    #[test]
    fn personal_data_is_found_in_log_lines() {
        let log = "[wrangler:info] POST /api/v1/auth/code 200 OK (5ms)\n\
            GET /api/v1/dev/outbox?phone=13812341234 200\n\
            something 13812341234 leaked\n\
            id 44030619900307001X here\n\
            at 1764230400123 ms, 12812341234 is no phone\n\
            GET /guide/guide-1d19676137687c14_bg.wasm 200 OK (2ms)\n\
            phone=13912341234&x=1";
        let leaks = super::personal_data_in_log(log);
        assert_eq!(leaks.len(), 3, "{leaks:?}");
        assert!(leaks.iter().all(|l| !l.contains("guide-")), "{leaks:?}");
    }

    /// Every interface string exists in every language, and none is left empty: the build
    /// only warns about a key missing from a translation (it falls back to 简体).
    #[test]
    fn every_language_has_every_interface_string() {
        let keys = locale;
        let default = keys("zh-CN");
        assert!(default.len() > 40, "{}", default.len());
        for lang in ["zh-HK", "en"] {
            let other = keys(lang);
            let missing: Vec<&String> =
                default.keys().filter(|k| !other.contains_key(*k)).collect();
            let extra: Vec<&String> = other.keys().filter(|k| !default.contains_key(*k)).collect();
            assert!(missing.is_empty(), "{lang} lacks {missing:?}");
            assert!(extra.is_empty(), "{lang} has keys 简体 lacks: {extra:?}");
            let empty: Vec<&String> = other
                .iter()
                .filter(|(_, v)| v.trim().is_empty())
                .map(|(k, _)| k)
                .collect();
            assert!(empty.is_empty(), "{lang} leaves {empty:?} empty");
        }
        // 繁體 is not 简体 copied: most strings differ.
        let hk = keys("zh-HK");
        let same = default
            .iter()
            .filter(|(k, v)| hk.get(*k) == Some(v))
            .count();
        assert!(
            same * 3 < default.len(),
            "{same} of {} zh-HK strings equal zh-CN",
            default.len()
        );
    }

    /// The interface's 繁體 strings write the reviewed phrases as Hong Kong does
    /// (`hall_domain::hant::HONG_KONG`: 登入, not 登錄; 短訊, not 短信), as the guides and the
    /// server's messages do.
    #[test]
    fn the_hong_kong_strings_follow_the_reviewed_usage() {
        use hall_domain::hant::{opencc::ToHk, HONG_KONG};
        let chars = ToHk::new();
        // Proper names the review keeps as they are (《個人信息保護法》).
        let kept: Vec<String> = HONG_KONG
            .iter()
            .filter(|(cn, hk)| chars.characters(cn) == *hk)
            .map(|(_, hk)| (*hk).to_string())
            .collect();
        let mut left = Vec::new();
        for (key, text) in locale("zh-HK") {
            let text = kept.iter().fold(text, |t, k| t.replace(k.as_str(), "·"));
            for (cn, hk) in HONG_KONG {
                let mainland = chars.characters(cn);
                if mainland != hk && text.contains(&mainland) {
                    left.push(format!("{key}: {mainland} → {hk}"));
                }
            }
        }
        assert!(left.is_empty(), "{left:#?}");
    }

    /// The interface strings of one language (`app/locales/<lang>.json`).
    fn locale(lang: &str) -> std::collections::BTreeMap<String, String> {
        let path = super::root().join(format!("app/locales/{lang}.json"));
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
    }

    /// Every `.rs` file below the given folders of the repository.
    fn rust_sources(folders: &[&str]) -> Vec<std::path::PathBuf> {
        let mut dirs: Vec<_> = folders.iter().map(|f| super::root().join(f)).collect();
        let mut files = Vec::new();
        while let Some(d) = dirs.pop() {
            for entry in std::fs::read_dir(d).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    dirs.push(path);
                } else if path.extension().is_some_and(|e| e == "rs") {
                    files.push(path);
                }
            }
        }
        files
    }

    /// Every Han character in the strings the domain and the Worker write is in the 繁體 table
    /// (`hall_domain::hant`), so an error message in a 繁體 page is never half converted.
    #[test]
    fn the_traditional_table_covers_every_server_string() {
        let mut missing = std::collections::BTreeSet::new();
        for path in rust_sources(&["domain/src", "worker/src"]) {
            if path.ends_with("hant.rs") {
                continue;
            }
            for line in std::fs::read_to_string(&path).unwrap().lines() {
                // Unit tests (at the end of a file) may write any text.
                if line.trim() == "#[cfg(test)]" {
                    break;
                }
                if line.trim_start().starts_with("//") {
                    continue;
                }
                // Characters inside string literals only.
                let mut inside = false;
                let mut escaped = false;
                for c in line.chars() {
                    match c {
                        '\\' if inside => escaped = !escaped,
                        '"' if !escaped => inside = !inside,
                        _ => {
                            if inside
                                && ('\u{4e00}'..='\u{9fff}').contains(&c)
                                && !hall_domain::hant::covers(c)
                            {
                                missing.insert(c);
                            }
                            escaped = false;
                        }
                    }
                }
            }
        }
        assert!(
            missing.is_empty(),
            "add to domain/src/hant.rs: {}",
            missing.into_iter().collect::<String>()
        );
    }

    /// Every string has the same `{{ slot }}`s (and `{slot}`s) in every language, and every key is used by the
    /// app (a key left behind by a removed string is dead weight in every bundle).
    #[test]
    fn interface_strings_have_the_same_slots_and_are_all_used() {
        let keys = locale;
        // `{{ slot }}` for leptos_i18n, `{slot}` for strings the app fills itself.
        let slots = |s: &str| -> std::collections::BTreeSet<String> {
            let fills = s
                .split('{')
                .skip(1)
                .filter_map(|part| part.split_once('}'))
                .map(|(name, _)| name)
                .filter(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_lowercase() || c == '_'))
                .map(|n| format!("fill:{n}"));
            s.split("{{")
                .skip(1)
                .filter_map(|part| part.split_once("}}"))
                .map(|(name, _)| name.trim().to_string())
                .chain(fills)
                .collect()
        };
        let default = keys("zh-CN");
        for lang in ["zh-HK", "en"] {
            for (k, v) in keys(lang) {
                let want = default.get(&k).map(|d| slots(d)).unwrap_or_default();
                assert_eq!(slots(&v), want, "{lang} {k}: {v}");
            }
        }
        let mut source = String::new();
        for path in rust_sources(&["app/src"]) {
            let text = std::fs::read_to_string(path).unwrap();
            source.extend(text.chars().filter(|c| !c.is_whitespace()));
        }
        let unused: Vec<&String> = default
            .keys()
            .filter(|k| {
                !(source.contains(&format!("tr!({k})")) || source.contains(&format!("tr!({k},")))
            })
            .collect();
        assert!(unused.is_empty(), "keys no page uses: {unused:?}");
    }

    /// `wrangler.toml` runs the Worker for every page and for the API, and leaves only the build
    /// files (by their types) to the static assets: a page served straight from the assets would
    /// miss the framing policy.
    #[test]
    fn run_worker_first_covers_every_page() {
        let toml = std::fs::read_to_string(super::root().join("wrangler.toml")).unwrap();
        let start = toml.find("run_worker_first = [").unwrap();
        let end = start + toml[start..].find(']').unwrap();
        let listed: Vec<&str> = toml[start..end].split('"').skip(1).step_by(2).collect();
        assert_eq!(listed[0], "/*");
        for p in &listed[1..] {
            let p = p.strip_prefix('!').unwrap_or_else(|| panic!("{p}"));
            match p.strip_prefix("/*.") {
                // By type: only the build files' own types, which no API route ends in.
                Some(ext) => assert!(["js", "wasm", "css"].contains(&ext), "{p}"),
                // By name: one file at the root of dist/.
                None => {
                    let name = p.strip_prefix('/').unwrap_or_else(|| panic!("{p}"));
                    assert!(!name.contains(['/', '*']), "{p}");
                    assert!(super::root().join("public").join(name).exists(), "{p}");
                }
            }
        }
    }
}
