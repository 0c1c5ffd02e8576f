//! What stele reads from disk: symbolic links that leave the project are
//! refused unless `content/site.yaml` allows their folder, broken links and
//! link loops are reported, and names that are not UTF-8 are reported
//! instead of skipped, the same way by `build`, `check` and `serve`.

mod common;

use common::{assert_same_tree, minimal_valid, minimal_valid_site, tree, Project, Run, MINIMAL_VALID_IMAGE, STELE};
use std::ffi::OsStr;
use std::fs;
use std::io::{BufRead, BufReader};
use std::net::{TcpListener, TcpStream};
use std::os::unix::ffi::OsStrExt;
use std::os::unix::fs::symlink;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};
use tempfile::TempDir;

/// What a link must never publish.
const SECRET: &[u8] = b"root:x:0:0:the secret that must never be published\n";

/// A folder outside the project: `passwd` (the secret) and `private/` holding another copy.
fn outside() -> TempDir {
    let dir = tempfile::tempdir().expect("cannot create a temporary folder");
    fs::write(dir.path().join("passwd"), SECRET).unwrap();
    fs::create_dir(dir.path().join("private")).unwrap();
    fs::write(dir.path().join("private/keys.txt"), SECRET).unwrap();
    dir
}

/// The minimal fixture with its previous good build in `site/`.
fn with_previous_site() -> Project {
    let project = minimal_valid();
    for (path, bytes) in minimal_valid_site() {
        project.bytes(&format!("site/{path}"), bytes);
    }
    project
}

fn link(project: &Project, link: &str, target: &Path) {
    let at = project.path(link);
    fs::create_dir_all(at.parent().unwrap()).unwrap();
    symlink(target, &at).unwrap_or_else(|err| panic!("cannot link {link}: {err}"));
}

/// `build` and `check` both fail with content errors; `site/` is left as it
/// was, and the secret is in none of its files.
fn refused_by_build_and_check(project: &Project) -> [Run; 2] {
    let before = tree(&project.out());
    let build = project.build(&[]);
    build.assert_content_errors().assert_stderr_lacks("panicked");
    assert_same_tree(&before, &tree(&project.out()), "site/ after a refused build");
    let check = project.check(&[]);
    check.assert_content_errors().assert_stderr_lacks("panicked");
    for (path, bytes) in tree(&project.out()) {
        assert!(!bytes.windows(SECRET.len()).any(|w| w == SECRET), "the secret was published in site/{path}");
    }
    [build, check]
}

/// The printed report for a whole-file problem in `file`: its message
/// contains `message`; returns the report.
#[track_caller]
fn error_in<'r>(run: &'r Run, file: &str, message: &str) -> &'r str {
    let report = run
        .reports()
        .into_iter()
        .find(|report| report.lines().nth(1).is_some_and(|line| line.trim() == format!("= in {file}")))
        .unwrap_or_else(|| panic!("no report in {file}\n--- stderr ---\n{}", run.stderr));
    let first = report.lines().next().unwrap_or_default();
    assert!(first.starts_with("error: ") && first.contains(message), "the report in {file} does not say {message:?}:\n{report}");
    report
}

fn points_outside(target: &Path) -> String {
    format!("this symbolic link points outside the project, to {}", target.canonicalize().unwrap().display())
}

#[test]
fn a_file_link_out_of_the_project_is_refused_in_content_and_in_theme_assets() {
    let secrets = outside();
    let secret = secrets.path().join("passwd");
    let project = with_previous_site();
    link(&project, "content/images/passwd.txt", &secret);
    link(&project, "templates/static/passwd.css", &secret);
    for run in refused_by_build_and_check(&project) {
        for file in ["content/images/passwd.txt", "templates/static/passwd.css"] {
            let report = error_in(&run, file, &points_outside(&secret));
            assert!(report.contains("copy the file into the project") && report.contains("allow_symlinks_to"), "{report}");
        }
        run.assert_stderr_contains("; 2 errors,");
    }
}

#[test]
fn what_a_refused_link_points_to_is_never_opened() {
    // Opening a named pipe with no writer waits forever, as reading
    // `/dev/zero` or a device would go on forever.
    let elsewhere = tempfile::tempdir().unwrap();
    let pipe = elsewhere.path().join("pipe");
    let made = Command::new("mkfifo").arg(&pipe).status().expect("cannot run mkfifo");
    assert!(made.success());
    let project = with_previous_site();
    link(&project, "content/images/pipe.png", &pipe);
    for run in refused_by_build_and_check(&project) {
        error_in(&run, "content/images/pipe.png", &points_outside(&pipe));
    }
}

#[test]
fn a_folder_link_out_of_the_project_is_refused_with_everything_in_it() {
    let secrets = outside();
    let project = with_previous_site();
    link(&project, "content/media", secrets.path());
    link(&project, "content/articles/elsewhere", &secrets.path().join("private"));
    for run in refused_by_build_and_check(&project) {
        error_in(&run, "content/media", &points_outside(secrets.path()));
        error_in(&run, "content/articles/elsewhere", &points_outside(&secrets.path().join("private")));
        // Nothing under them was read: one error per link, none for the files behind them.
        run.assert_stderr_contains("; 2 errors,");
    }
}

#[test]
fn links_that_stay_in_the_project_work_also_when_the_project_and_content_are_links() {
    // The project's content lives on "another disk" and is linked in; the
    // project itself is reached through a link too.
    let disk = tempfile::tempdir().unwrap();
    let project = minimal_valid();
    let content = disk.path().join("content");
    fs::rename(project.path("content"), &content).unwrap();
    symlink(&content, project.path("content")).unwrap();
    project.file("photos/dam.png", "a photo kept beside content/");
    link(&project, "content/images/same-map.png", Path::new("map.png"));
    link(&project, "content/gallery", &project.path("photos"));
    link(&project, "templates/static/extra.png", &project.path("photos/dam.png"));
    let through = tempfile::tempdir().unwrap();
    let root = through.path().join("project");
    symlink(project.root(), &root).unwrap();

    common::run_stele(&["build", "--root", root.to_str().unwrap()]).assert_success();
    let map = fs::read(project.path(&format!("content/{MINIMAL_VALID_IMAGE}"))).unwrap();
    assert_eq!(fs::read(project.path("site/images/same-map.png")).unwrap(), map);
    assert_eq!(project.page("gallery/dam.png"), "a photo kept beside content/");
    assert_eq!(project.page("static/extra.png"), "a photo kept beside content/");
}

#[test]
fn folders_listed_in_allow_symlinks_to_may_be_linked_to() {
    let shared = outside();
    let project = minimal_valid();
    // One entry relative to the project root (both temporary folders are in the same place), one absolute.
    let relative = Path::new("..").join(shared.path().file_name().unwrap()).join("private");
    assert!(project.root().join(&relative).is_dir());
    fs::write(shared.path().join("private/notes.txt"), "shared notes").unwrap();
    let media = tempfile::tempdir().unwrap();
    fs::write(media.path().join("photo.jpg"), "a shared photo").unwrap();
    project.append("content/site.yaml", &format!("allow_symlinks_to:\n  - {}\n  - {}\n", relative.display(), media.path().display()));
    link(&project, "content/media", media.path());
    link(&project, "content/files/notes.txt", &shared.path().join("private/notes.txt"));
    project.build_ok(&[]);
    assert_eq!(project.page("media/photo.jpg"), "a shared photo");
    assert_eq!(project.page("files/notes.txt"), "shared notes");

    // Only the listed folders: a link next to them is still refused, also inside an allowed folder.
    symlink(shared.path().join("passwd"), media.path().join("passwd")).unwrap();
    let [build, _] = refused_by_build_and_check(&project);
    error_in(&build, "content/media/passwd", &points_outside(&shared.path().join("passwd")));
    build.assert_stderr_contains("; 1 error,");
}

#[test]
fn one_bad_setting_does_not_cost_the_others() {
    let project = minimal_valid();
    let media = tempfile::tempdir().unwrap();
    fs::write(media.path().join("photo.jpg"), "a shared photo").unwrap();
    project.append("content/site.yaml", &format!("raw_html: sometimes\nallow_symlinks_to: [{}]\n", media.path().display()));
    link(&project, "content/media", media.path());
    let run = project.build(&[]);
    run.assert_content_errors().assert_stderr_contains("`sometimes` is not an accepted value").assert_stderr_contains("; 1 error,");
    run.assert_stderr_lacks("points outside the project");
}

#[test]
fn a_listed_folder_that_does_not_exist_is_an_error_at_its_entry() {
    let project = with_previous_site();
    let site_yaml = project.read("content/site.yaml");
    let line = site_yaml.lines().count() + 3;
    project.append("content/site.yaml", "allow_symlinks_to:\n  - /srv/photos-that-are-not-there\n  - ../nor-this\n");
    let [build, check] = refused_by_build_and_check(&project);
    for run in [build, check] {
        run.assert_stderr_contains(&format!("┌─ content/site.yaml:{}:5", line - 1))
            .assert_stderr_contains("allow_symlinks_to: the folder `/srv/photos-that-are-not-there` does not exist")
            .assert_stderr_contains(&format!("┌─ content/site.yaml:{line}:5"))
            .assert_stderr_contains("allow_symlinks_to: the folder `../nor-this` does not exist")
            .assert_stderr_contains("; 2 errors,");
    }
}

#[test]
fn names_that_are_not_utf8_are_reported_not_skipped() {
    let project = with_previous_site();
    let articles = project.path("content/articles");
    let name = |bytes: &[u8]| articles.join(OsStr::from_bytes(bytes));
    fs::write(name(b"caf\xe9.md"), "---\ntitle: Caf\n---\n").unwrap();
    fs::create_dir(name(b"r\xe9ports")).unwrap();
    fs::write(name(b"r\xe9ports/one.md"), "---\ntitle: One\n---\n").unwrap();
    // Editor droppings stay ignored whatever their names.
    fs::write(name(b".caf\xe9.md.swp"), "").unwrap();
    for run in refused_by_build_and_check(&project) {
        let report = error_in(&run, "content/articles/caf\u{fffd}.md", "file name is not valid UTF-8");
        assert!(report.contains("rename"), "{report}");
        // The folder is reported once, not every file in it.
        error_in(&run, "content/articles/r\u{fffd}ports", "folder name is not valid UTF-8");
        run.assert_stderr_contains("; 2 errors,");
    }
}

#[test]
fn editor_lock_files_which_are_broken_links_are_ignored() {
    let project = minimal_valid();
    // Emacs marks a file being edited with a link that points nowhere.
    link(&project, "content/articles/.#palmyra-falls.md", Path::new("editor@host.4242:1700000000"));
    project.build_ok(&[]);
}

#[test]
fn broken_links_and_link_loops_are_reported_by_build() {
    let project = with_previous_site();
    link(&project, "content/images/gone.png", Path::new("../../nowhere/gone.png"));
    link(&project, "content/images/one.png", Path::new("two.png"));
    link(&project, "content/images/two.png", Path::new("one.png"));
    link(&project, "content/articles/up", Path::new(".."));
    for run in refused_by_build_and_check(&project) {
        let report = error_in(&run, "content/images/gone.png", "broken symbolic link: points to ../../nowhere/gone.png, which does not exist");
        assert!(report.contains("= help: "), "{report}");
        error_in(&run, "content/images/one.png", "symbolic link loop: one.png → two.png → one.png");
        error_in(&run, "content/images/two.png", "symbolic link loop: two.png → one.png → two.png");
        error_in(&run, "content/articles/up", "symbolic link loop: it points to content, a folder that contains it");
        run.assert_stderr_contains("; 4 errors,");
    }
}

/// A running `stele serve` on a project; killed on drop.
struct Server {
    child: Child,
    url: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Longest wait for a rebuild to show.
const WAIT: Duration = Duration::from_secs(10);

impl Server {
    fn start(root: &Path) -> Server {
        let port = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let mut child = Command::new(STELE)
            .args(["serve", "--root"])
            .arg(root)
            .args(["--port", &port.to_string()])
            .env("NO_COLOR", "1")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("cannot start stele serve");
        let stdout = child.stdout.take().unwrap();
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if let Some(at) = line.find("http://") {
                    let _ = tx.send(line[at..].split_whitespace().next().unwrap_or_default().trim_end_matches('/').to_string());
                }
            }
        });
        let url = rx.recv_timeout(WAIT).expect("stele serve printed no URL");
        let started = Instant::now();
        while TcpStream::connect(url.trim_start_matches("http://")).is_err() {
            assert!(started.elapsed() < WAIT, "stele serve does not answer");
            std::thread::sleep(Duration::from_millis(20));
        }
        Server { child, url }
    }

    fn get(&self, path: &str) -> (u16, Vec<u8>) {
        let agent: ureq::Agent = ureq::Agent::config_builder().http_status_as_error(false).build().into();
        let mut response = agent.get(&format!("{}{path}", self.url)).call().unwrap_or_else(|err| panic!("GET {path}: {err}"));
        (response.status().as_u16(), response.body_mut().read_to_vec().unwrap())
    }

    /// The errors of the latest build, once one of them is in `file`.
    #[track_caller]
    fn errors_once_in(&self, file: &str) -> Vec<serde_json::Value> {
        let started = Instant::now();
        loop {
            let (_, body) = self.get("/__stele/errors");
            let report: serde_json::Value = serde_json::from_slice(&body).unwrap();
            let errors = report["errors"].as_array().cloned().unwrap_or_default();
            if errors.iter().any(|e| e["file"] == file) {
                return errors;
            }
            assert!(started.elapsed() < WAIT, "serve reported nothing in {file}; last: {report}");
            std::thread::sleep(Duration::from_millis(25));
        }
    }
}

/// `serve`'s errors are exactly what `check` prints for the same project.
#[track_caller]
fn same_as_check(project: &Project, served: &[serde_json::Value]) {
    let check = project.check(&[]);
    let counted = if served.len() == 1 { "; 1 error,".to_string() } else { format!("; {} errors,", served.len()) };
    check.assert_content_errors().assert_stderr_contains(&counted);
    for error in served {
        let (file, message, hint) = (error["file"].as_str().unwrap(), error["message"].as_str().unwrap(), error["hint"].as_str().unwrap());
        let report = error_in(&check, file, message);
        assert_eq!(report, format!("error: {message}\n = in {file}\n = help: {hint}"), "serve and check differ");
    }
}

/// The minimal fixture, served: its first build is good.
fn served() -> (Project, Server) {
    let project = minimal_valid();
    let server = Server::start(project.root());
    assert_eq!(server.get("/").0, 200);
    (project, server)
}

#[test]
fn serve_refuses_a_link_out_of_the_project_as_build_does() {
    let secrets = outside();
    let (project, server) = served();
    link(&project, "content/images/passwd.txt", &secrets.path().join("passwd"));
    same_as_check(&project, &server.errors_once_in("content/images/passwd.txt"));
    let (status, body) = server.get("/images/passwd.txt");
    assert!(status == 404 && !body.windows(SECRET.len()).any(|w| w == SECRET), "the secret is served");
}

#[test]
fn serve_reports_broken_links_and_loops_as_build_does() {
    let (project, server) = served();
    // A broken link, which a reload once took for a deleted file.
    link(&project, "content/images/gone.png", Path::new("nowhere.png"));
    same_as_check(&project, &server.errors_once_in("content/images/gone.png"));
    fs::remove_file(project.path("content/images/gone.png")).unwrap();
    link(&project, "content/images/one.png", Path::new("two.png"));
    link(&project, "content/images/two.png", Path::new("one.png"));
    same_as_check(&project, &server.errors_once_in("content/images/two.png"));
}

#[test]
fn serve_reports_names_that_are_not_utf8_as_build_does() {
    let (project, server) = served();
    fs::write(project.path("content/articles").join(OsStr::from_bytes(b"caf\xe9.md")), "---\ntitle: Caf\n---\n").unwrap();
    same_as_check(&project, &server.errors_once_in("content/articles/caf\u{fffd}.md"));
}
