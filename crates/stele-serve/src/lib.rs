//! `stele serve`: the site built into memory, served over HTTP (loopback by
//! default), rebuilt when its sources change, with live reload and an error
//! overlay in every open tab. Nothing is written to disk.
//!
//! One job per module:
//! - [`watch`]: file-system events (notify plus a debouncer) boiled down to
//!   "something under `content/` or `templates/` changed";
//! - the builder thread (here): owns the [`Session`], rebuilds from the tree
//!   on disk after each signal, publishes the new snapshot, and only then
//!   tells the browsers;
//! - [`http`]: requests to bytes of the current snapshot (index files,
//!   redirects, 404 page, content types, script injection), answered only
//!   for the hosts [`host`] allows;
//! - [`live`]: the live-reload script and its server-sent-events stream,
//!   which also carries the diagnostics of a broken build to the overlay;
//! - [`report`]: what the person running `serve` is told ([`ServeEvent`]s
//!   and diagnostics), handed to the CLI's [`Reporter`], never printed here.

pub mod host;
pub mod http;
pub mod live;
pub mod report;
pub mod watch;

pub use report::{ChangeSummary, Reporter, ServeEvent};

use std::io;
use std::net::{IpAddr, SocketAddr, TcpListener, ToSocketAddrs};
use std::path::PathBuf;
use std::sync::mpsc::{self, Receiver};
use std::sync::{Arc, RwLock};
use std::time::Instant;
use stele_build::pipeline::{BuildError, BuildOptions, SourceChanges};
use stele_build::session::{Session, Snapshot};
use stele_core::diagnostics::{Code, Diagnostic, Severity};
use tokio::sync::broadcast;

/// How many ports after the requested one are tried when it is taken.
pub const PORT_ATTEMPTS: u16 = 10;

#[derive(Debug, Clone)]
pub struct ServeOptions {
    pub root: PathBuf,
    /// An IP address (`127.0.0.1`, `::1`, `[::1]`) or a host name (`localhost`).
    pub bind: String,
    pub port: u16,
    /// Open the site in the default browser once it is served.
    pub open: bool,
    pub include_drafts: bool,
    /// Poll the file system instead of relying on its change events.
    pub poll: bool,
    /// The site's `base_url` in the preview (already checked with
    /// `resolve::absolute_base_url`); None: the preview's own address, so
    /// that canonical links, the feed and the sitemap point at the preview.
    pub base_url: Option<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    #[error("{root} is not a folder")]
    NoRoot { root: PathBuf },
    #[error("cannot find the address of `{host}` to listen on: {source}")]
    Resolve { host: String, source: io::Error },
    #[error("cannot listen on {addr}: {source}")]
    Bind { addr: SocketAddr, source: io::Error },
    #[error("ports {first} to {last} on {ip} are all in use; pass --port to pick another")]
    PortsInUse { ip: IpAddr, first: u16, last: u16 },
    #[error("cannot watch {path} for changes: {source}")]
    Watch { path: PathBuf, source: notify::Error },
    #[error("{0}")]
    Io(#[from] io::Error),
}

/// What the HTTP side serves: one good snapshot and the state of the latest
/// build, swapped as a whole so a response never mixes two builds.
#[derive(Debug)]
pub struct Published {
    pub snapshot: Arc<Snapshot>,
    /// Identifies `snapshot`: `<server instance>-<generation>`. A tab whose
    /// page came from another build reloads when it (re)connects.
    pub build: String,
    /// The errors of the latest build; empty when it succeeded.
    pub errors: Vec<Diagnostic>,
}

/// One server-sent event, serialised once for every tab.
#[derive(Debug, Clone)]
pub struct LiveMessage {
    pub name: &'static str,
    pub data: Arc<str>,
}

/// State shared by the builder thread and the HTTP handlers.
pub struct Shared {
    current: RwLock<Arc<Published>>,
    events: broadcast::Sender<LiveMessage>,
}

impl Shared {
    pub fn new(published: Published) -> Self {
        Shared { current: RwLock::new(Arc::new(published)), events: broadcast::channel(64).0 }
    }

    pub fn current(&self) -> Arc<Published> {
        Arc::clone(&self.current.read().unwrap_or_else(|e| e.into_inner()))
    }

    fn publish(&self, published: Published) {
        *self.current.write().unwrap_or_else(|e| e.into_inner()) = Arc::new(published);
    }

    /// Tells every open tab; nobody listening is fine.
    fn send(&self, name: &'static str, data: String) {
        let _ = self.events.send(LiveMessage { name, data: data.into() });
    }

    pub fn subscribe(&self) -> broadcast::Receiver<LiveMessage> {
        self.events.subscribe()
    }
}

/// Runs the server until the process is stopped. Content errors never end
/// it; only a failure to listen or to watch does. Everything worth telling
/// the person running it goes to `reporter`.
pub fn run(options: ServeOptions, reporter: Arc<dyn Reporter>) -> Result<(), ServeError> {
    let root = std::path::absolute(&options.root)?;
    if !root.is_dir() {
        return Err(ServeError::NoRoot { root: options.root.clone() });
    }
    let (ips, name) = resolve_bind(&options.bind)?;
    let listener = bind_any(&ips, options.port, reporter.as_ref())?;
    let address = listener.local_addr()?;
    let hosts = host::AllowedHosts::new(address.ip(), name);

    let (tx, rx) = mpsc::channel();
    let watcher = watch::SourceWatcher::start(&root, options.poll, tx, Arc::clone(&reporter))?;

    let url = site_url(address, name);
    let build_options = BuildOptions {
        root: root.clone(),
        include_drafts: options.include_drafts,
        not_found_root: Some("/".into()),
        strict: false,
        base_url: Some(options.base_url.clone().unwrap_or_else(|| url.clone())),
    };
    let mut builder = Builder::new(Session::new(build_options), root, Arc::clone(&reporter));
    builder.initial_build();
    let shared = Arc::clone(&builder.shared);
    std::thread::Builder::new().name("stele-rebuild".into()).spawn(move || builder.run(rx, watcher))?;

    reporter.event(&ServeEvent::Listening { url: url.clone() });
    if !address.ip().is_loopback() {
        reporter.event(&ServeEvent::Exposed { ip: address.ip() });
    }
    if options.open {
        if let Err(error) = open_browser(&url) {
            reporter.event(&ServeEvent::BrowserNotOpened { url, error });
        }
    }

    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
    runtime.block_on(async move {
        listener.set_nonblocking(true)?;
        let listener = tokio::net::TcpListener::from_std(listener)?;
        axum::serve(listener, http::router(shared, hosts)).await
    })?;
    Ok(())
}

/// The addresses `--bind` names, IPv4 first (a name like `localhost` may
/// resolve to both, and IPv6 may be off), and the name itself when it is one.
fn resolve_bind(bind: &str) -> Result<(Vec<IpAddr>, Option<&str>), ServeError> {
    let literal = bind.strip_prefix('[').and_then(|b| b.strip_suffix(']')).unwrap_or(bind);
    if let Ok(ip) = literal.parse::<IpAddr>() {
        return Ok((vec![ip], None));
    }
    let unresolved = |source| ServeError::Resolve { host: bind.to_string(), source };
    let mut ips: Vec<IpAddr> = (bind, 0).to_socket_addrs().map_err(unresolved)?.map(|address| address.ip()).collect();
    ips.sort();
    ips.dedup();
    if ips.is_empty() {
        return Err(unresolved(io::Error::new(io::ErrorKind::NotFound, "it has no address")));
    }
    Ok((ips, Some(bind)))
}

/// Binds the first of `ips` that can be listened on.
fn bind_any(ips: &[IpAddr], port: u16, reporter: &dyn Reporter) -> Result<TcpListener, ServeError> {
    let mut first_error = None;
    for &ip in ips {
        match bind(ip, port, reporter) {
            Ok(listener) => return Ok(listener),
            Err(err) => {
                first_error.get_or_insert(err);
            }
        }
    }
    Err(first_error.unwrap_or_else(|| ServeError::Io(io::Error::new(io::ErrorKind::NotFound, "no address to listen on"))))
}

/// Binds `ip:port`, or one of the next [`PORT_ATTEMPTS`] ports when it is taken.
fn bind(ip: IpAddr, port: u16, reporter: &dyn Reporter) -> Result<TcpListener, ServeError> {
    let last = port.saturating_add(PORT_ATTEMPTS);
    let mut candidate = port;
    loop {
        let addr = SocketAddr::new(ip, candidate);
        match TcpListener::bind(addr) {
            Ok(listener) => return Ok(listener),
            Err(err) if err.kind() == io::ErrorKind::AddrInUse && candidate < last && port != 0 => {
                reporter.event(&ServeEvent::PortTaken { port: candidate, trying: candidate + 1 });
                candidate += 1;
            }
            Err(err) if err.kind() == io::ErrorKind::AddrInUse && port != 0 => {
                return Err(ServeError::PortsInUse { ip, first: port, last: candidate });
            }
            Err(source) => return Err(ServeError::Bind { addr, source }),
        }
    }
}

/// The URL to print: with the host name given to `--bind`, if it was one; an
/// unspecified address (0.0.0.0, ::) is reached through loopback.
fn site_url(address: SocketAddr, name: Option<&str>) -> String {
    if let Some(name) = name {
        return format!("http://{name}:{}/", address.port());
    }
    let ip = match address.ip() {
        IpAddr::V4(v4) if v4.is_unspecified() => IpAddr::from([127, 0, 0, 1]),
        IpAddr::V6(v6) if v6.is_unspecified() => IpAddr::from(std::net::Ipv6Addr::LOCALHOST),
        ip => ip,
    };
    format!("http://{}/", SocketAddr::new(ip, address.port()))
}

/// Starts the default browser on `url`, without waiting for it.
fn open_browser(url: &str) -> io::Result<()> {
    let mut command = if cfg!(target_os = "macos") {
        std::process::Command::new("open")
    } else if cfg!(windows) {
        let mut command = std::process::Command::new("cmd");
        command.args(["/C", "start", ""]);
        command
    } else {
        std::process::Command::new("xdg-open")
    };
    command.arg(url).stdin(std::process::Stdio::null()).stdout(std::process::Stdio::null()).stderr(std::process::Stdio::null());
    let mut child = command.spawn()?;
    // Reap it so it does not linger as a zombie.
    drop(std::thread::spawn(move || child.wait()));
    Ok(())
}

/// A short id that differs between two runs of the server.
fn instance_id() -> String {
    let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_nanos());
    let mut n = (nanos as u64) ^ (u64::from(std::process::id()) << 32);
    let mut id = String::new();
    while id.len() < 8 {
        id.push(char::from_digit((n % 36) as u32, 36).unwrap_or('0'));
        n /= 36;
    }
    id
}

/// Owns the session; turns change signals into published snapshots and events.
struct Builder {
    session: Session,
    shared: Arc<Shared>,
    root: PathBuf,
    reporter: Arc<dyn Reporter>,
    instance: String,
    /// Counts good builds that changed the output.
    generation: u64,
    /// Diagnostics last shown in the terminal, so an unchanged list is not repeated.
    shown: Vec<Diagnostic>,
}

/// Above this many changed paths a `reload` event says "everything" instead of listing them.
const MAX_LISTED_CHANGES: usize = 2000;

impl Builder {
    fn new(session: Session, root: PathBuf, reporter: Arc<dyn Reporter>) -> Self {
        let instance = instance_id();
        let shared = Arc::new(Shared::new(Published { snapshot: session.snapshot(), build: format!("{instance}-0"), errors: Vec::new() }));
        Builder { session, shared, root, reporter, instance, generation: 0, shown: Vec::new() }
    }

    fn build_id(&self) -> String {
        format!("{}-{}", self.instance, self.generation)
    }

    fn show(&mut self, diagnostics: &[Diagnostic]) {
        if diagnostics != self.shown.as_slice() {
            self.reporter.diagnostics(&self.root, diagnostics);
            self.shown = diagnostics.to_vec();
        }
    }

    /// Runs the pipeline; the diagnostics are the build's, or one for an I/O failure.
    /// A panic in the pipeline is reported like an error: the server stays up.
    fn rebuild(&mut self, changes: SourceChanges) -> Result<stele_build::session::Rebuild, Vec<Diagnostic>> {
        let session = &mut self.session;
        match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| session.rebuild_after(changes))) {
            Ok(result) => result.map_err(|err: BuildError| vec![Diagnostic::error(".", err.to_string()).with_code(Code::CannotWrite)]),
            Err(panic) => {
                // Whatever the cache held may be half updated: start afresh.
                self.session.forget_cache();
                let what = panic.downcast_ref::<&str>().map(|s| s.to_string()).or_else(|| panic.downcast_ref::<String>().cloned());
                let message = format!("internal error while building: {}", what.unwrap_or_else(|| "panic".into()));
                Err(vec![Diagnostic::error(".", message)
                    .with_code(Code::InternalError)
                    .with_hint("this is a bug in stele; please report it with the file that triggers it")])
            }
        }
    }

    fn initial_build(&mut self) {
        let started = Instant::now();
        let result = self.rebuild(SourceChanges::Unknown);
        let ms = started.elapsed().as_millis();
        match result {
            Ok(rebuild) if !rebuild.report.has_errors() => {
                self.show(rebuild.diagnostics());
                self.generation = 1;
                self.shared.publish(Published { snapshot: self.session.snapshot(), build: self.build_id(), errors: Vec::new() });
                self.reporter.event(&ServeEvent::Built { pages: rebuild.report.pages, ms });
            }
            Ok(rebuild) => self.failed(rebuild.report.diagnostics, ms),
            Err(diagnostics) => self.failed(diagnostics, ms),
        }
    }

    fn failed(&mut self, diagnostics: Vec<Diagnostic>, ms: u128) {
        self.show(&diagnostics);
        let errors: Vec<Diagnostic> = diagnostics.into_iter().filter(|d| d.severity == Severity::Error).collect();
        let count = errors.len();
        let current = self.shared.current();
        let published = Published { snapshot: Arc::clone(&current.snapshot), build: current.build.clone(), errors };
        let payload = live::errors_payload(&published);
        self.shared.publish(published);
        self.shared.send("errors", payload);
        self.reporter.event(&ServeEvent::BuildFailed { ms, errors: count, serving_last_good: self.generation > 0 });
    }

    fn run(mut self, rx: Receiver<watch::Change>, mut watcher: watch::SourceWatcher) {
        while let Ok(first) = rx.recv() {
            // Everything that piled up while the previous build ran is one change.
            let mut change = first;
            while let Ok(next) = rx.try_recv() {
                change = change.merge(next);
            }
            if change.rewatch {
                watcher.refresh(true);
                // Events may have been missed while no watch was set up.
                change.paths = SourceChanges::Unknown;
            }
            self.rebuild_and_publish(change.paths);
        }
    }

    fn rebuild_and_publish(&mut self, changes: SourceChanges) {
        let started = Instant::now();
        let result = self.rebuild(changes);
        let ms = started.elapsed().as_millis();
        let rebuild = match result {
            Ok(rebuild) if !rebuild.report.has_errors() => rebuild,
            Ok(rebuild) => return self.failed(rebuild.report.diagnostics, ms),
            Err(diagnostics) => return self.failed(diagnostics, ms),
        };
        self.show(rebuild.diagnostics());
        let was_broken = !self.shared.current().errors.is_empty();
        let changed_anything = !rebuild.changed.is_empty() || !rebuild.removed.is_empty();
        if changed_anything {
            self.generation += 1;
        }
        let published = Published { snapshot: self.session.snapshot(), build: self.build_id(), errors: Vec::new() };
        let build = published.build.clone();
        // The snapshot is in place before any tab hears about it.
        self.shared.publish(published);
        if was_broken {
            self.shared.send("ok", serde_json::json!({ "build": build }).to_string());
        }
        if changed_anything {
            let too_many = rebuild.changed.len() + rebuild.removed.len() > MAX_LISTED_CHANGES;
            let payload = if too_many {
                serde_json::json!({ "build": build, "all": true, "changed": [], "removed": [] })
            } else {
                serde_json::json!({ "build": build, "all": false, "changed": rebuild.changed, "removed": rebuild.removed })
            };
            self.shared.send("reload", payload.to_string());
        }
        self.reporter.event(&ServeEvent::Rebuilt { ms, changes: ChangeSummary::of(&rebuild.changed, &rebuild.removed) });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Keeps what was reported, as the words shown.
    #[derive(Default)]
    struct Recorder {
        events: std::sync::Mutex<Vec<String>>,
    }

    impl Reporter for Recorder {
        fn event(&self, event: &ServeEvent) {
            self.events.lock().unwrap().push(event.to_string());
        }
        fn diagnostics(&self, _root: &std::path::Path, _diagnostics: &[Diagnostic]) {}
    }

    #[test]
    fn a_taken_port_moves_to_the_next_one_and_says_so() {
        let taken = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = taken.local_addr().unwrap().port();
        if port >= u16::MAX - PORT_ATTEMPTS {
            return;
        }
        // The next port may be taken by someone else too; any later one will do.
        let recorder = Recorder::default();
        let listener = bind(IpAddr::from([127, 0, 0, 1]), port, &recorder).unwrap();
        let got = listener.local_addr().unwrap().port();
        assert!(got > port && got <= port + PORT_ATTEMPTS, "{got}");
        let events = recorder.events.lock().unwrap();
        assert_eq!(events.first().map(String::as_str), Some(format!("port {port} is in use, trying {}", port + 1).as_str()));
        assert_eq!(events.len(), usize::from(got - port));
    }

    #[test]
    fn unspecified_addresses_print_as_loopback() {
        assert_eq!(site_url("0.0.0.0:8000".parse().unwrap(), None), "http://127.0.0.1:8000/");
        assert_eq!(site_url("[::]:8000".parse().unwrap(), None), "http://[::1]:8000/");
        assert_eq!(site_url("127.0.0.1:1111".parse().unwrap(), None), "http://127.0.0.1:1111/");
        assert_eq!(site_url("127.0.0.1:1111".parse().unwrap(), Some("localhost")), "http://localhost:1111/");
    }

    #[test]
    fn bind_takes_addresses_and_host_names() {
        assert_eq!(resolve_bind("127.0.0.1").unwrap(), (vec![IpAddr::from([127, 0, 0, 1])], None));
        assert_eq!(resolve_bind("[::1]").unwrap(), (vec![IpAddr::from(std::net::Ipv6Addr::LOCALHOST)], None));
        let (ips, name) = resolve_bind("localhost").unwrap();
        assert_eq!(name, Some("localhost"));
        assert!(!ips.is_empty() && ips.iter().all(IpAddr::is_loopback), "{ips:?}");
    }
}
