//! `stele serve` end to end: the real binary on a throwaway project, spoken
//! to over HTTP, while the test edits, creates, renames and deletes files.
//!
//! Every wait is bounded (see `WAIT`); every server is killed when its
//! guard drops, also when an assertion fails.

use std::fs;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tempfile::TempDir;

const STELE: &str = env!("CARGO_BIN_EXE_stele");
/// Longest wait for anything: a rebuild to show, the server to start.
const WAIT: Duration = Duration::from_secs(10);

const SITE_YAML: &str = "title: Test Monitor\ndescription: A small project for the serve tests.\nlanguage: en\nbase_url: https://example.org/\n";

fn article(title: &str, date: &str, sites: &str, actors: &str, body: &str) -> String {
    format!("---\ntitle: {title}\ndate: {date}\nsites: [{sites}]\nactors: [{actors}]\n---\n{body}\n")
}

/// A valid project: site.yaml, two articles, two sites, two actors, a few assets.
fn project() -> TempDir {
    let dir = tempfile::Builder::new().prefix("stele-serve-").tempdir().unwrap();
    let files: &[(&str, String)] = &[
        ("content/site.yaml", SITE_YAML.into()),
        (
            "content/articles/alpha.md",
            article("Alpha report", "2015-05-22", "palmyra", "islamic-state", "Fighters of Islamic State entered Palmyra. Alpha body text."),
        ),
        (
            "content/articles/beta.md",
            article("Beta report", "2015-09-01", "temple-of-bel", "unesco", "UNESCO condemned the destruction of the Temple of Bel. Beta body text."),
        ),
        ("content/sites/palmyra.md", "---\nname: Palmyra\nkind: ancient-city\ncountry: Syria\n---\nAn ancient city in the Syrian desert.\n".into()),
        (
            "content/sites/temple-of-bel.md",
            "---\nname: Temple of Bel\nkind: temple\npart_of: palmyra\ncountry: Syria\n---\nA temple in Palmyra.\n".into(),
        ),
        ("content/actors/islamic-state.md", "---\nname: Islamic State\nkind: armed-group\n---\nAn armed group.\n".into()),
        ("content/actors/unesco.md", "---\nname: UNESCO\nkind: agency\n---\nA United Nations agency.\n".into()),
        ("content/images/map.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"/>\n".into()),
        ("content/files/notes.txt", "notes\n".into()),
        ("content/files/data.json", "{}\n".into()),
        ("content/files/report.pdf", "%PDF-1.4\n".into()),
        ("content/files/photo.png", "png".into()),
        ("content/files/photo.jpg", "jpg".into()),
        ("content/files/font.woff2", "woff2".into()),
        ("content/files/blob.bin", "bin".into()),
    ];
    for (path, text) in files {
        write(dir.path(), path, text);
    }
    dir
}

fn write(root: &Path, path: &str, text: &str) {
    let path = root.join(path);
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, text).unwrap();
}

/// A free port on loopback (free when this returns; good enough for tests).
fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

/// A running `stele serve`; killed on drop.
struct Server {
    child: Child,
    url: String,
    log: Arc<Mutex<Printed>>,
}

/// What a server printed, by line.
#[derive(Default)]
struct Printed {
    /// stdout and stderr interleaved.
    all: String,
    stdout: String,
    stderr: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Server {
    fn start(root: &Path, extra: &[&str]) -> Server {
        Server::start_on(root, free_port(), extra)
    }

    fn start_on(root: &Path, port: u16, extra: &[&str]) -> Server {
        let mut child = Command::new(STELE)
            .args(["serve", "--root"])
            .arg(root)
            .args(["--port", &port.to_string()])
            .args(extra)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .env("NO_COLOR", "1")
            .spawn()
            .expect("cannot start stele serve");
        let log = Arc::new(Mutex::new(Printed::default()));
        let (url_tx, url_rx) = mpsc::channel();
        let stdout = child.stdout.take().unwrap();
        let stderr = child.stderr.take().unwrap();
        let out_log = Arc::clone(&log);
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if let Some(at) = line.find("http://") {
                    let url = line[at..].split_whitespace().next().unwrap_or_default().to_string();
                    let _ = url_tx.send(url);
                }
                let mut log = out_log.lock().unwrap();
                log.all.push_str(&format!("{line}\n"));
                log.stdout.push_str(&format!("{line}\n"));
            }
        });
        let err_log = Arc::clone(&log);
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                let mut log = err_log.lock().unwrap();
                log.all.push_str(&format!("{line}\n"));
                log.stderr.push_str(&format!("{line}\n"));
            }
        });
        let mut server = Server { child, url: String::new(), log };
        match url_rx.recv_timeout(WAIT) {
            Ok(url) => server.url = url.trim_end_matches('/').to_string(),
            Err(_) => panic!("stele serve printed no URL within {WAIT:?}:\n{}", server.log()),
        }
        let started = Instant::now();
        while TcpStream::connect(server.url.trim_start_matches("http://")).is_err() {
            assert!(started.elapsed() < WAIT, "server does not answer:\n{}", server.log());
            std::thread::sleep(Duration::from_millis(20));
        }
        server
    }

    /// Everything it printed, stdout and stderr interleaved by line.
    fn log(&self) -> String {
        self.log.lock().unwrap().all.clone()
    }

    fn stdout(&self) -> String {
        self.log.lock().unwrap().stdout.clone()
    }

    fn stderr(&self) -> String {
        self.log.lock().unwrap().stderr.clone()
    }

    fn get(&self, path: &str) -> Reply {
        get(&format!("{}{path}", self.url))
    }

    /// Polls `path` until `test` holds, or fails after [`WAIT`].
    #[track_caller]
    fn wait_for(&self, path: &str, what: &str, test: impl Fn(&Reply) -> bool) -> Reply {
        let started = Instant::now();
        loop {
            let reply = self.get(path);
            if test(&reply) {
                return reply;
            }
            if started.elapsed() > WAIT {
                panic!("{path}: {what} did not happen within {WAIT:?}; last reply {} {}\n--- server ---\n{}", reply.status, reply.body, self.log());
            }
            std::thread::sleep(Duration::from_millis(25));
        }
    }

    /// Waits until the server has printed `needle` (stdout or stderr).
    #[track_caller]
    fn wait_log(&self, needle: &str) {
        self.wait_printed(needle, Server::log);
    }

    /// Waits until `printed` (one of [`Server::log`], [`Server::stdout`],
    /// [`Server::stderr`]) holds `needle`; returns it.
    #[track_caller]
    fn wait_printed(&self, needle: &str, printed: fn(&Server) -> String) -> String {
        let started = Instant::now();
        loop {
            let text = printed(self);
            if text.contains(needle) {
                return text;
            }
            assert!(started.elapsed() < WAIT, "the server never printed {needle:?} there:\n{text}\n--- all ---\n{}", self.log());
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    fn port(&self) -> u16 {
        self.url.rsplit(':').next().unwrap().parse().unwrap()
    }
}

#[derive(Debug)]
struct Reply {
    status: u16,
    content_type: String,
    location: Option<String>,
    body: String,
}

fn agent() -> ureq::Agent {
    ureq::Agent::config_builder().http_status_as_error(false).max_redirects(0).timeout_global(Some(Duration::from_secs(5))).build().into()
}

fn get(url: &str) -> Reply {
    let mut response = agent().get(url).call().unwrap_or_else(|err| panic!("GET {url}: {err}"));
    let header = |name: &str| response.headers().get(name).and_then(|v| v.to_str().ok()).map(String::from);
    let (content_type, location) = (header("content-type").unwrap_or_default(), header("location"));
    let bytes = response.body_mut().read_to_vec().unwrap();
    Reply { status: response.status().as_u16(), content_type, location, body: String::from_utf8_lossy(&bytes).into_owned() }
}

/// Sends `GET <target>` exactly as written (no client-side normalisation) and returns the status code.
fn raw_status(port: u16, target: &str) -> u16 {
    raw_get(port, target, Some("localhost")).0
}

/// Sends `GET <target>` with this `Host` header, or as HTTP/1.0 without one,
/// and returns the status code and the body.
fn raw_get(port: u16, target: &str, host: Option<&str>) -> (u16, String) {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    stream.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
    match host {
        Some(host) => write!(stream, "GET {target} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n").unwrap(),
        None => write!(stream, "GET {target} HTTP/1.0\r\n\r\n").unwrap(),
    }
    let mut response = String::new();
    let _ = stream.read_to_string(&mut response);
    let status = response.split_whitespace().nth(1).unwrap_or_default();
    let status = status.parse().unwrap_or_else(|_| panic!("no status for {target}: {response:?}"));
    let body = response.split_once("\r\n\r\n").map(|(_, body)| body.to_string()).unwrap_or_default();
    (status, body)
}

/// Reads server-sent events from `/__stele/events` on a background thread.
struct Events {
    rx: mpsc::Receiver<(String, String)>,
}

impl Events {
    fn connect(server: &Server) -> Events {
        let url = format!("{}/__stele/events", server.url);
        let (tx, rx) = mpsc::channel();
        let agent: ureq::Agent = ureq::Agent::config_builder().timeout_global(Some(WAIT + Duration::from_secs(5))).build().into();
        let response = agent.get(&url).call().unwrap();
        assert!(response.headers().get("content-type").unwrap().to_str().unwrap().starts_with("text/event-stream"));
        let reader = BufReader::new(response.into_body().into_reader());
        std::thread::spawn(move || {
            let mut name = String::new();
            for line in reader.lines().map_while(Result::ok) {
                if let Some(value) = line.strip_prefix("event:") {
                    name = value.trim().to_string();
                } else if let Some(data) = line.strip_prefix("data:") {
                    if tx.send((std::mem::take(&mut name), data.trim().to_string())).is_err() {
                        return;
                    }
                }
            }
        });
        Events { rx }
    }

    /// The next event called `name` (others are skipped), as (data).
    #[track_caller]
    fn next(&self, name: &str) -> String {
        let deadline = Instant::now() + WAIT;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.rx.recv_timeout(left) {
                Ok((event, data)) if event == name => return data,
                Ok(_) => {}
                Err(_) => panic!("no `{name}` event within {WAIT:?}"),
            }
        }
    }
}

fn count(haystack: &str, needle: &str) -> usize {
    haystack.matches(needle).count()
}

#[test]
fn serves_pages_assets_and_redirects_with_live_reload_only_when_serving() {
    let project = project();
    let server = Server::start(project.path(), &[]);

    let home = server.get("/");
    assert_eq!(home.status, 200);
    assert_eq!(home.content_type, "text/html; charset=utf-8");
    assert_eq!(count(&home.body, "data-stele-live"), 1, "the live-reload script once per page");
    assert!(home.body.find("data-stele-live").unwrap() < home.body.rfind("</body>").unwrap());
    assert!(home.body.contains("/__stele/events"));

    let article = server.get("/articles/alpha/");
    assert_eq!(article.status, 200);
    assert!(article.body.contains("Alpha body text"));
    assert_eq!(server.get("/articles/alpha/index.html").body, article.body);

    let redirect = server.get("/articles/alpha?x=1");
    assert_eq!(redirect.status, 308);
    assert_eq!(redirect.location.as_deref(), Some("/articles/alpha/?x=1"));
    assert_eq!(server.get("/sites").location.as_deref(), Some("/sites/"));

    let missing = server.get("/articles/nope/");
    assert_eq!(missing.status, 404);
    assert_eq!(missing.content_type, "text/html; charset=utf-8");
    assert_eq!(missing.body, server.get("/404.html").body, "unknown paths get the site's 404 page");
    assert!(missing.body.contains("data-stele-live"));
    // The 404 page is served at the root: its links are absolute.
    // (Tera escapes the slash as `&#x2F;`, which browsers read as `/`.)
    assert!(missing.body.contains("href=\"/static/") || missing.body.contains("href=\"&#x2F;static/"), "{}", missing.body);

    for (path, content_type) in [
        ("/static/style.css", "text/css; charset=utf-8"),
        ("/sitemap.xml", "application/xml"),
        ("/images/map.svg", "image/svg+xml"),
        ("/files/notes.txt", "text/plain; charset=utf-8"),
        ("/files/data.json", "application/json"),
        ("/files/report.pdf", "application/pdf"),
        ("/files/photo.png", "image/png"),
        ("/files/photo.jpg", "image/jpeg"),
        ("/files/font.woff2", "font/woff2"),
        ("/files/blob.bin", "application/octet-stream"),
    ] {
        let reply = server.get(path);
        assert_eq!((reply.status, reply.content_type.as_str()), (200, content_type), "{path}");
        assert!(!reply.body.contains("data-stele-live"), "{path}: no script outside HTML");
    }
    assert_eq!(server.get("/files/notes.txt").body, "notes\n");

    // serve never writes the output folder; build never gets the script.
    assert!(!project.path().join("site").exists(), "serve wrote site/");
    let build = Command::new(STELE).args(["build", "--root"]).arg(project.path()).output().unwrap();
    assert!(build.status.success(), "{}", String::from_utf8_lossy(&build.stderr));
    let mut pages = 0;
    for entry in walk(&project.path().join("site")) {
        let text = fs::read_to_string(&entry).unwrap_or_default();
        assert!(!text.contains("__stele") && !text.contains("data-stele-live"), "{} has the live-reload script", entry.display());
        pages += usize::from(entry.extension().is_some_and(|e| e == "html"));
    }
    assert!(pages >= 10, "{pages} pages built");
    // Writing site/ is no reason to rebuild.
    std::thread::sleep(Duration::from_millis(400));
    assert_eq!(count(&server.log(), "rebuilt in"), 0, "{}", server.log());
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files.extend(walk(&path));
        } else {
            files.push(path);
        }
    }
    files
}

#[test]
fn traversal_paths_are_404() {
    let project = project();
    // Files that a traversal would reach if the server read from disk.
    write(project.path(), "secret.txt", "secret");
    let server = Server::start(project.path(), &[]);
    let port = server.port();
    for target in [
        "/../Cargo.toml",
        "/../secret.txt",
        "/articles/../../secret.txt",
        "/%2e%2e/%2e%2e/etc/passwd",
        "/%2E%2E/secret.txt",
        "/..%2f..%2fetc/passwd",
        "/..%2fsecret.txt",
        "/..%5csecret.txt",
        "//etc/passwd",
        "/etc/passwd",
        "/content/site.yaml",
        "/%00",
        "/%zz",
    ] {
        assert_eq!(raw_status(port, target), 404, "{target}");
    }
    assert_eq!(raw_status(port, "/articles/alpha/"), 200);
}

#[test]
fn edits_new_files_renames_deletions_and_atomic_saves_show_up() {
    let project = project();
    let root = project.path();
    let server = Server::start(root, &[]);
    let listed = |body: &str, title: &str| body.contains(title);

    // Edit an article's body.
    let alpha = root.join("content/articles/alpha.md");
    let text = fs::read_to_string(&alpha).unwrap().replace("Alpha body text.", "Alpha body, edited.");
    fs::write(&alpha, text).unwrap();
    server.wait_for("/articles/alpha/", "the edit", |r| r.status == 200 && r.body.contains("Alpha body, edited."));
    server.wait_log("rebuilt in");

    // A new article appears, with its page and in the list.
    write(root, "content/articles/gamma.md", &article("Gamma report", "2016-03-27", "palmyra", "unesco", "Gamma body text."));
    server.wait_for("/articles/gamma/", "the new article", |r| r.status == 200 && r.body.contains("Gamma body text."));
    server.wait_for("/articles/", "the new article in the list", |r| listed(&r.body, "Gamma report"));

    // A new folder with a new article in it.
    write(root, "content/articles/2016/delta.md", &article("Delta report", "2016-05-06", "palmyra", "unesco", "Delta body text."));
    server.wait_for("/articles/delta/", "the article in a new folder", |r| r.status == 200);

    // Renaming moves the page: the slug comes from the file name.
    fs::rename(root.join("content/articles/gamma.md"), root.join("content/articles/gamma-renamed.md")).unwrap();
    server.wait_for("/articles/gamma-renamed/", "the renamed article", |r| r.status == 200 && r.body.contains("Gamma body text."));
    assert_eq!(server.get("/articles/gamma/").status, 404);

    // Deleting removes the page and its entry in the list.
    fs::remove_file(root.join("content/articles/beta.md")).unwrap();
    server.wait_for("/articles/beta/", "the deletion", |r| r.status == 404);
    let list = server.get("/articles/");
    assert!(!listed(&list.body, "Beta report") && listed(&list.body, "Alpha report"), "{}", list.body);

    // Editors' atomic save: write a temporary file, rename it over.
    let temporary = root.join("content/articles/.alpha.md.tmp");
    fs::write(&temporary, article("Alpha report", "2015-05-22", "palmyra", "islamic-state", "Alpha body, saved atomically.")).unwrap();
    fs::rename(&temporary, &alpha).unwrap();
    server.wait_for("/articles/alpha/", "the atomic save", |r| r.body.contains("Alpha body, saved atomically."));

    // A whole new folder tree renamed into place.
    write(root, "staging/batch/epsilon.md", &article("Epsilon report", "2017-01-20", "temple-of-bel", "unesco", "Epsilon body text."));
    fs::rename(root.join("staging/batch"), root.join("content/articles/batch")).unwrap();
    server.wait_for("/articles/epsilon/", "the moved-in folder", |r| r.status == 200);

    // Renaming an actor (patched into the last model, not resolved again):
    // its page and every report listing it print the new name.
    let actor = root.join("content/actors/islamic-state.md");
    fs::write(&actor, fs::read_to_string(&actor).unwrap().replace("name: Islamic State", "name: ISIL")).unwrap();
    server.wait_for("/actors/islamic-state/", "the renamed actor", |r| r.body.contains("<h1>ISIL</h1>"));
    for page in ["/articles/alpha/", "/actors/"] {
        let body = server.get(page).body;
        assert!(body.contains(">ISIL</bdi></a>") && !body.contains(">Islamic State</bdi></a>"), "{page}: {body}");
    }
}

#[test]
fn a_broken_build_keeps_the_last_good_site_and_reports_where() {
    let project = project();
    let root = project.path();
    let mut server = Server::start(root, &[]);
    let events = Events::connect(&server);
    let hello: serde_json::Value = serde_json::from_str(&events.next("hello")).unwrap();
    assert_eq!(hello["errors"], serde_json::json!([]));

    // An unknown id: the error points at it.
    let alpha = root.join("content/articles/alpha.md");
    let good = fs::read_to_string(&alpha).unwrap();
    fs::write(&alpha, good.replace("sites: [palmyra]", "sites: [palmyr]").replace("Alpha body text.", "Broken body.")).unwrap();
    let errors: serde_json::Value = serde_json::from_str(&events.next("errors")).unwrap();
    let first = &errors["errors"][0];
    assert_eq!(first["position"], "content/articles/alpha.md:4:9", "{errors}");
    assert_eq!(first["location"], serde_json::json!({ "line": 4, "column": 9 }));
    assert!(first["message"].as_str().unwrap().contains("palmyr"), "{errors}");
    assert!(first["hint"].as_str().unwrap().contains("palmyra"), "{errors}");
    let page = server.get("/articles/alpha/");
    assert!(page.status == 200 && page.body.contains("Alpha body text."), "the last good page stays served");
    server.wait_log("content/articles/alpha.md:4:9");

    // A tab opened now learns about the errors at once.
    let late = Events::connect(&server);
    let hello: serde_json::Value = serde_json::from_str(&late.next("hello")).unwrap();
    assert_eq!(hello["errors"][0]["position"], "content/articles/alpha.md:4:9");

    // Bad YAML.
    fs::write(root.join("content/site.yaml"), "title: Test Monitor\nlanguage: [en\n").unwrap();
    let reply = server.wait_for("/__stele/errors", "the YAML error", |r| r.body.contains("content/site.yaml:"));
    assert_eq!(reply.content_type, "application/json");
    let report: serde_json::Value = serde_json::from_str(&reply.body).unwrap();
    let yaml_error = report["errors"].as_array().unwrap().iter().find(|e| e["file"] == "content/site.yaml").unwrap().clone();
    let position = yaml_error["position"].as_str().unwrap();
    let parts: Vec<&str> = position.split(':').collect();
    assert!(parts.len() == 3 && parts[1].parse::<u32>().is_ok() && parts[2].parse::<u32>().is_ok(), "file:line:column, got {position}");
    assert!(server.get("/articles/alpha/").body.contains("Alpha body text."));
    assert_eq!(server.get("/").status, 200);

    // Fixing both brings the site back, updated, and clears the errors.
    fs::write(root.join("content/site.yaml"), SITE_YAML).unwrap();
    fs::write(&alpha, good.replace("Alpha body text.", "Fixed body.")).unwrap();
    events.next("ok");
    let reload: serde_json::Value = serde_json::from_str(&events.next("reload")).unwrap();
    assert!(reload["changed"].as_array().unwrap().iter().any(|p| p == "articles/alpha/index.html"), "{reload}");
    // The event comes only once the new snapshot is served.
    assert!(server.get("/articles/alpha/").body.contains("Fixed body."));
    assert!(server.get("/__stele/errors").body.contains("\"errors\":[]"));
    assert!(server.child.try_wait().unwrap().is_none(), "content errors never stop the server");
}

#[test]
fn reload_events_name_what_changed_after_it_is_served() {
    let project = project();
    let root = project.path();
    let server = Server::start(root, &[]);
    let events = Events::connect(&server);
    let hello: serde_json::Value = serde_json::from_str(&events.next("hello")).unwrap();
    for round in 0..3 {
        let body = format!("Beta round {round}.");
        fs::write(root.join("content/articles/beta.md"), article("Beta report", "2015-09-01", "temple-of-bel", "unesco", &body)).unwrap();
        let reload: serde_json::Value = serde_json::from_str(&events.next("reload")).unwrap();
        assert_ne!(reload["build"], hello["build"]);
        let changed: Vec<&str> = reload["changed"].as_array().unwrap().iter().map(|v| v.as_str().unwrap()).collect();
        assert!(changed.contains(&"articles/beta/index.html"), "{changed:?}");
        assert!(!changed.contains(&"articles/alpha/index.html"), "{changed:?}");
        // No waiting: the page is already the new one.
        assert!(server.get("/articles/beta/").body.contains(&body));
    }
    // A stylesheet-only change lists only the stylesheet.
    write(root, "templates/static/style.css", "body { color: rebeccapurple }\n");
    let reload: serde_json::Value = serde_json::from_str(&events.next("reload")).unwrap();
    assert_eq!(reload["changed"], serde_json::json!(["static/style.css"]), "{reload}");
    assert!(server.get("/static/style.css").body.contains("rebeccapurple"));
}

#[test]
fn ignored_files_and_other_folders_do_not_rebuild() {
    let project = project();
    let root = project.path();
    let server = Server::start(root, &[]);
    for name in [".alpha.md.swp", "alpha.md~", "#alpha.md#", "4913", "alpha.md___jb_tmp___", ".hidden.md", "alpha.md.kate-swp"] {
        write(root, &format!("content/articles/{name}"), "junk");
    }
    write(root, "content/.git/index", "junk");
    write(root, "site/index.html", "junk");
    write(root, "notes.md", "junk");
    std::thread::sleep(Duration::from_millis(500));
    assert_eq!(count(&server.log(), "rebuil"), 0, "{}", server.log());
    // A real change still rebuilds.
    write(root, "content/actors/unesco.md", "---\nname: UNESCO\nkind: agency\n---\nEdited description.\n");
    server.wait_for("/actors/unesco/", "the edit", |r| r.body.contains("Edited description."));
}

#[test]
fn a_project_without_content_yet_is_picked_up_when_it_appears() {
    let empty = tempfile::Builder::new().prefix("stele-serve-empty-").tempdir().unwrap();
    let server = Server::start(empty.path(), &[]);
    assert_eq!(server.get("/").status, 404);
    assert!(server.get("/__stele/errors").body.contains("no content folder"));
    // Build it elsewhere, then move it in: one event on the root.
    let source = project();
    fs::rename(source.path().join("content"), empty.path().join("content")).unwrap();
    server.wait_for("/articles/alpha/", "the new content folder", |r| r.status == 200);
    // And it is watched from then on.
    write(empty.path(), "content/articles/alpha.md", &article("Alpha report", "2015-05-22", "palmyra", "islamic-state", "Alpha after the move."));
    server.wait_for("/articles/alpha/", "an edit in the new folder", |r| r.body.contains("Alpha after the move."));
    // A templates folder created later counts too.
    write(empty.path(), "templates/static/style.css", "body { color: teal }\n");
    server.wait_for("/static/style.css", "the new theme stylesheet", |r| r.body.contains("teal"));
}

#[test]
fn polling_sees_edits() {
    let project = project();
    let server = Server::start(project.path(), &["--poll"]);
    write(project.path(), "content/sites/palmyra.md", "---\nname: Palmyra\nkind: ancient-city\ncountry: Syria\n---\nPolled description.\n");
    server.wait_for("/sites/palmyra/", "the edit, by polling", |r| r.body.contains("Polled description."));
    // A second save within the same second (mtimes in whole seconds would not tell).
    write(project.path(), "content/sites/palmyra.md", "---\nname: Palmyra\nkind: ancient-city\ncountry: Syria\n---\nPolled again.\n");
    server.wait_for("/sites/palmyra/", "the second edit, by polling", |r| r.body.contains("Polled again."));
}

#[test]
fn a_taken_port_moves_to_the_next_free_one() {
    let project = project();
    let taken = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port();
    let server = Server::start_on(project.path(), port, &[]);
    assert_ne!(server.port(), port);
    assert!(server.port() > port && server.port() <= port + 10);
    server.wait_log(&format!("port {port} is in use"));
    assert_eq!(server.get("/").status, 200);
    drop(taken);
}

/// Status lines on stdout (where scripts read the URL), warnings and
/// diagnostics on stderr, in the words people know.
#[test]
fn status_lines_go_to_stdout_and_warnings_to_stderr() {
    let project = project();
    let root = project.path();
    let taken = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port();
    let server = Server::start_on(root, port, &[]);
    // The URL reaches the harness before the line reaches the log.
    let stdout = server.wait_printed(&format!("serving at {}/ (Ctrl-C to stop)\n", server.url), Server::stdout);
    let built = stdout.lines().find(|line| line.starts_with("built ")).unwrap_or_else(|| panic!("no `built` line:\n{stdout}"));
    assert!(built.contains(" pages in ") && built.ends_with(" ms"), "{built}");
    let stderr = server.wait_printed(&format!("stele: port {port} is in use, trying {}\n", port + 1), Server::stderr);
    assert!(!stderr.contains("serving at") && !stderr.contains("built "), "{stderr}");
    assert!(!server.stdout().contains("in use"), "{}", server.stdout());

    let alpha = root.join("content/articles/alpha.md");
    let good = fs::read_to_string(&alpha).unwrap();
    fs::write(&alpha, good.replace("sites: [palmyra]", "sites: [palmyr]")).unwrap();
    let stdout = server.wait_printed(" ms: 1 error; still serving the last good build\n", Server::stdout);
    assert!(stdout.contains("\nbuild failed in "), "{stdout}");
    let stderr = server.wait_printed("content/articles/alpha.md:4:9", Server::stderr);
    assert!(!stderr.contains("build failed"), "{stderr}");
    assert!(!server.stdout().contains("alpha.md:4:9"), "diagnostics belong on stderr:\n{}", server.stdout());

    fs::write(&alpha, good.replace("Alpha body text.", "Fixed body.")).unwrap();
    let stdout = server.wait_printed("rebuilt in ", Server::stdout);
    assert!(stdout.lines().any(|line| line.starts_with("rebuilt in ") && line.contains(" ms: ") && line.contains(" changed")), "{stdout}");
    assert!(!server.stderr().contains("rebuilt"), "{}", server.stderr());
    drop(taken);

    let empty = tempfile::Builder::new().prefix("stele-serve-empty-").tempdir().unwrap();
    let server = Server::start(empty.path(), &[]);
    server.wait_printed(" ms: 1 error; nothing to serve yet\n", Server::stdout);
}

#[test]
fn requests_for_other_hosts_are_refused() {
    let project = project();
    let server = Server::start(project.path(), &[]);
    let port = server.port();
    // What a page of evil.example would send after pointing its name at 127.0.0.1.
    for (target, host) in [
        ("/articles/alpha/", Some("evil.example".to_string())),
        ("/__stele/errors", Some(format!("evil.example:{port}"))),
        ("/__stele/events", Some("evil.example".to_string())),
        ("/", Some("localhost.evil.example".to_string())),
        ("http://evil.example/articles/alpha/", Some(format!("localhost:{port}"))),
        ("/articles/alpha/", None),
    ] {
        let (status, body) = raw_get(port, target, host.as_deref());
        assert_eq!(status, 403, "GET {target} for {host:?}: {body}");
        assert_eq!(body.lines().count(), 1, "{body:?}");
        assert!(body.contains("only requests addressed to localhost"), "{body:?}");
    }
    for host in [format!("localhost:{port}"), format!("127.0.0.1:{port}"), "preview.localhost".to_string()] {
        let (status, body) = raw_get(port, "/articles/alpha/", Some(&host));
        assert_eq!(status, 200, "page for {host}");
        assert!(body.contains("Alpha body text"), "{body}");
        assert_eq!(raw_get(port, "/__stele/errors", Some(&host)).0, 200, "errors for {host}");
    }
}

#[test]
fn bind_accepts_a_host_name() {
    let project = project();
    let server = Server::start(project.path(), &["--bind", "localhost"]);
    assert!(server.url.starts_with("http://localhost:"), "{}", server.url);
    let reply = server.get("/articles/alpha/");
    assert_eq!(reply.status, 200);
    assert!(reply.body.contains("Alpha body text"));
    assert_eq!(raw_get(server.port(), "/", Some("evil.example")).0, 403);
}

/// The preview's own address is its `base_url` (site.yaml says
/// https://example.org/): canonical links, the feed and the sitemap point
/// at the preview, not at production; `--base-url` (`-u`) still wins.
#[test]
fn the_preview_is_its_own_base_url_unless_one_is_given() {
    let project = project();
    let server = Server::start(project.path(), &[]);
    let sitemap = server.get("/sitemap.xml").body;
    assert!(sitemap.contains(&format!("<loc>{}/articles/alpha/</loc>", server.url)), "{sitemap}");
    assert!(!sitemap.contains("example.org"), "{sitemap}");
    let feed = server.get("/atom.xml").body;
    assert!(feed.contains(&format!("href=\"{}/atom.xml\"", server.url)), "{feed}");
    assert!(server.get("/").body.contains(&format!("rel=\"canonical\" href=\"{}/\"", server.url)));
    drop(server);

    let server = Server::start(project.path(), &["-u", "https://staging.example.net/monitor"]);
    let sitemap = server.get("/sitemap.xml").body;
    assert!(sitemap.contains("<loc>https://staging.example.net/monitor/articles/alpha/</loc>"), "{sitemap}");
}

#[test]
fn static_files_and_moved_pages_show_up_while_serving() {
    let project = project();
    let root = project.path();
    // static/ does not exist when serving starts: its watch is set up when it appears.
    let server = Server::start(root, &[]);
    assert_eq!(server.get("/humans.txt").status, 404);
    // The preview has an address (its own), so stele writes a robots.txt of its own...
    assert!(server.get("/robots.txt").body.contains("Sitemap:"));

    write(root, "static/humans.txt", "Editors: the desk\n");
    server.wait_for("/humans.txt", "the new static file", |r| r.status == 200 && r.body == "Editors: the desk\n");
    write(root, "static/.well-known/security.txt", "Contact: mailto:desk@example.org\n");
    server.wait_for("/.well-known/security.txt", "a hidden static folder", |r| r.status == 200 && r.body.starts_with("Contact:"));

    write(root, "static/humans.txt", "Editors: the desk\nThanks: the monitors\n");
    server.wait_for("/humans.txt", "the edit", |r| r.body.contains("Thanks"));
    fs::remove_file(root.join("static/humans.txt")).unwrap();
    server.wait_for("/humans.txt", "the removal", |r| r.status == 404);

    // ...until the project brings its own, and again once that is gone.
    write(root, "static/robots.txt", "User-agent: *\nDisallow: /drafts/\n");
    server.wait_for("/robots.txt", "the project's own robots.txt", |r| r.body == "User-agent: *\nDisallow: /drafts/\n");
    fs::remove_file(root.join("static/robots.txt")).unwrap();
    server.wait_for("/robots.txt", "the generated robots.txt back", |r| r.status == 200 && r.body.contains("Sitemap:"));

    // A static file where a page goes: the error is shown, the last good site stays.
    write(root, "static/index.html", "mine");
    server.wait_log("this file would overwrite the home page");
    assert!(server.get("/").body.contains("Alpha report"));
    fs::remove_file(root.join("static/index.html")).unwrap();

    // An old id added to a site file: its redirect page appears.
    let palmyra = root.join("content/sites/palmyra.md");
    let text = fs::read_to_string(&palmyra).unwrap().replace("kind: ancient-city\n", "kind: ancient-city\nmoved_from: [tadmur]\n");
    fs::write(&palmyra, text).unwrap();
    let moved = server.wait_for("/sites/tadmur/", "the redirect page", |r| r.status == 200);
    assert!(moved.body.contains("url=../../sites/palmyra/index.html"), "{}", moved.body);
}
