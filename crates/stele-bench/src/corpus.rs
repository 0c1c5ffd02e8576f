use super::articles::{self, ArticlePlan, EventCore, Planner, TAGS};
use super::calendar;
use super::cli::{GenOptions, Shape};
use super::entities::{self, Entity};
use super::hugo;
use super::markdown::{self, BodyShape, Inline};
use super::rng::Rng;
use super::words::{NameForge, Vocabulary};
pub use super::written::{push_flow_list, FileTally};
use std::fmt::Write as _;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::time::Instant;

/// Stream tags for [`Rng::derived`]: one independent stream per purpose.
const STREAM_SITES: u64 = 1;
const STREAM_ACTORS: u64 = 2;
const STREAM_ARTICLES: u64 = 3;
const STREAM_SITE_BODIES: u64 = 4;
const STREAM_ACTOR_BODIES: u64 = 5;

pub struct Stats {
    pub articles: usize,
    pub sites: usize,
    pub actors: usize,
    pub event_mentions: usize,
    pub distinct_events: usize,
    pub rereports: usize,
    pub hot_actor_articles: [usize; articles::HOT_ACTORS],
    pub hottest_site_articles: usize,
    pub stele: FileTally,
    pub hugo: Option<FileTally>,
    pub started: Instant,
}

impl Stats {
    pub fn print(&self) {
        let percent = |count: usize| 100.0 * count as f64 / self.articles as f64;
        let hot: Vec<String> = self.hot_actor_articles.iter().map(|&count| format!("{:.0}%", percent(count))).collect();
        eprintln!("articles:          {}", self.articles);
        eprintln!("sites:             {}", self.sites);
        eprintln!("actors:            {}", self.actors);
        eprintln!(
            "events:            {} listed, {} distinct, {} re-reports ({:.1}%)",
            self.event_mentions,
            self.distinct_events,
            self.rereports,
            100.0 * self.rereports as f64 / self.event_mentions as f64
        );
        eprintln!("top actors in:     {} of articles", hot.join(" / "));
        eprintln!("top site in:       {:.0}% of articles", percent(self.hottest_site_articles));
        eprintln!("stele files:       {} ({} bytes)", self.stele.files, self.stele.bytes);
        if let Some(hugo) = self.hugo {
            eprintln!("hugo files:        {} ({} bytes)", hugo.files, hugo.bytes);
        }
        eprintln!("time:              {:.2} s", self.started.elapsed().as_secs_f64());
    }
}

/// Where the two trees go; each write is one `fs::write` of a reused
/// buffer, which beats a `BufWriter` per small file.
struct Output {
    stele_content: PathBuf,
    hugo_root: Option<PathBuf>,
    stele: FileTally,
    hugo: FileTally,
}

impl Output {
    fn stele_file(&mut self, relative: &str, contents: &str) -> io::Result<()> {
        write_file(&self.stele_content.join(relative), contents, &mut self.stele)
    }

    fn hugo_file(&mut self, relative: &str, contents: &str) -> io::Result<()> {
        match &self.hugo_root {
            Some(root) => write_file(&root.join(relative), contents, &mut self.hugo),
            None => Ok(()),
        }
    }

    fn wants_hugo(&self) -> bool {
        self.hugo_root.is_some()
    }
}

fn write_file(path: &Path, contents: &str, tally: &mut FileTally) -> io::Result<()> {
    fs::write(path, contents).map_err(|e| with_path(e, path))?;
    tally.files += 1;
    tally.bytes += contents.len() as u64;
    Ok(())
}

fn with_path(error: io::Error, path: &Path) -> io::Error {
    io::Error::new(error.kind(), format!("{}: {error}", path.display()))
}

pub fn generate(options: &GenOptions) -> io::Result<Stats> {
    let started = Instant::now();
    let mut output = prepare_directories(options)?;
    let vocabulary = Vocabulary::new();
    let mut forge = NameForge::new(&vocabulary);
    entities::reserve_fixed_words(&mut forge);
    let site_count = options.shape.sites.unwrap_or_else(|| entities::site_count(options.articles));
    let actor_count = entities::actor_count(options.articles);
    let seed = options.seed;
    let sites = entities::make_sites(site_count, &mut Rng::derived(seed, STREAM_SITES, 0), &mut forge);
    let actors = entities::make_actors(actor_count, &mut Rng::derived(seed, STREAM_ACTORS, 0), &mut forge);

    write_site_config(&mut output, options)?;
    write_entities(&mut output, &vocabulary, seed, EntityKind::Site, &sites)?;
    write_entities(&mut output, &vocabulary, seed, EntityKind::Actor, &actors)?;
    if output.wants_hugo() {
        hugo::write_scaffold(&mut output.hugo, output.hugo_root.as_deref().expect("hugo"), options)?;
    }

    let mut stats = Stats {
        articles: options.articles,
        sites: sites.len(),
        actors: actors.len(),
        event_mentions: 0,
        distinct_events: 0,
        rereports: 0,
        hot_actor_articles: [0; articles::HOT_ACTORS],
        hottest_site_articles: 0,
        stele: FileTally::default(),
        hugo: None,
        started,
    };
    write_articles(&mut output, &vocabulary, seed, options.shape, &sites, &actors, &mut stats)?;
    stats.stele = output.stele;
    stats.hugo = output.wants_hugo().then_some(output.hugo);
    Ok(stats)
}

/// Creates the directory skeleton. Refuses to write into an existing
/// `content/` so that a typo can neither mix two corpora nor clobber a
/// real site.
fn prepare_directories(options: &GenOptions) -> io::Result<Output> {
    let stele_content = options.dir.join("content");
    let mut roots = vec![stele_content.clone()];
    if let Some(hugo_dir) = &options.hugo_dir {
        if hugo_dir == &options.dir {
            return Err(io::Error::new(io::ErrorKind::InvalidInput, "HUGODIR must differ from DIR: both trees have a content/ folder"));
        }
        roots.push(hugo_dir.join("content"));
    }
    for root in &roots {
        if root.exists() {
            return Err(io::Error::new(
                io::ErrorKind::AlreadyExists,
                format!("{} already exists; remove it or choose another directory", root.display()),
            ));
        }
    }
    for (root, sites_dir) in roots.iter().zip(["sites", hugo::SITES_TAXONOMY]) {
        for sub in [sites_dir, "actors"] {
            create_dir(&root.join(sub))?;
        }
        for year in options.shape.years.0..=options.shape.years.1 {
            create_dir(&root.join(format!("articles/{year}")))?;
        }
    }
    Ok(Output { stele_content, hugo_root: options.hugo_dir.clone(), stele: FileTally::default(), hugo: FileTally::default() })
}

fn create_dir(path: &Path) -> io::Result<()> {
    fs::create_dir_all(path).map_err(|e| with_path(e, path))
}

fn write_site_config(output: &mut Output, options: &GenOptions) -> io::Result<()> {
    let config = format!(
        "title: \"stele benchmark corpus ({} articles)\"\n\
         description: \"Synthetic reports, sites, actors and events for timing stele.\"\n\
         language: en\n\
         base_url: https://bench.example.org/\n\
         autolink: first\n\
         articles_per_page: 20\n",
        options.articles
    );
    output.stele_file("site.yaml", &config)
}

#[derive(Clone, Copy)]
enum EntityKind {
    Site,
    Actor,
}

impl EntityKind {
    fn stele_dir(self) -> &'static str {
        match self {
            EntityKind::Site => "sites",
            EntityKind::Actor => "actors",
        }
    }

    /// The Hugo taxonomy whose term pages stand for these entities.
    fn hugo_taxonomy(self) -> &'static str {
        match self {
            EntityKind::Site => hugo::SITES_TAXONOMY,
            EntityKind::Actor => "actors",
        }
    }

    fn body_stream(self) -> u64 {
        match self {
            EntityKind::Site => STREAM_SITE_BODIES,
            EntityKind::Actor => STREAM_ACTOR_BODIES,
        }
    }
}

/// `content/sites/<id>.md` for stele and the term page
/// `content/<taxonomy>/<id>/_index.md` for Hugo.
fn write_entities(output: &mut Output, vocabulary: &Vocabulary, seed: u64, kind: EntityKind, entities: &[Entity]) -> io::Result<()> {
    let mut body = String::new();
    let mut file = String::new();
    for (index, entity) in entities.iter().enumerate() {
        let mut rng = Rng::derived(seed, kind.body_stream(), index as u64);
        body.clear();
        markdown::plain_body(&mut body, vocabulary, &mut rng, entity.body_words);

        file.clear();
        stele_entity_front_matter(&mut file, entity, entities);
        file.push_str(&body);
        output.stele_file(&format!("{}/{}.md", kind.stele_dir(), entity.id), &file)?;

        if let Some(hugo_root) = &output.hugo_root {
            let term_dir = format!("content/{}/{}", kind.hugo_taxonomy(), entity.id);
            create_dir(&hugo_root.join(&term_dir))?;
            file.clear();
            hugo::term_front_matter(&mut file, entity, entities);
            file.push_str(&body);
            output.hugo_file(&format!("{term_dir}/_index.md"), &file)?;
        }
    }
    Ok(())
}

fn stele_entity_front_matter(out: &mut String, entity: &Entity, all: &[Entity]) {
    out.push_str("---\n");
    let _ = writeln!(out, "name: \"{}\"", entity.name);
    if !entity.aliases.is_empty() {
        out.push_str("aliases: ");
        push_flow_list(out, entity.aliases.iter().map(String::as_str));
        out.push('\n');
    }
    let _ = writeln!(out, "kind: {}", entity.kind);
    if let Some(parent) = entity.part_of {
        let _ = writeln!(out, "part_of: {}", all[parent].id);
    }
    if let Some(place) = &entity.place {
        let _ = writeln!(out, "location: {{ lat: {:.4}, lon: {:.4} }}", place.lat, place.lon);
        let _ = writeln!(out, "country: {}", place.country);
    }
    out.push_str("---\n");
}

fn write_articles(
    output: &mut Output,
    vocabulary: &Vocabulary,
    seed: u64,
    shape: Shape,
    sites: &[Entity],
    actors: &[Entity],
    stats: &mut Stats,
) -> io::Result<()> {
    let mut planner = Planner::new(stats.articles, sites, actors.len(), vocabulary, shape);
    let mut body = String::with_capacity(16 * 1024);
    let mut hugo_body = String::with_capacity(16 * 1024);
    let mut file = String::with_capacity(20 * 1024);
    for index in 0..stats.articles {
        let mut rng = Rng::derived(seed, STREAM_ARTICLES, index as u64);
        let plan = planner.plan(index, &mut rng);
        tally_article(stats, &plan);

        body.clear();
        let inlines = article_inlines(&plan, sites, actors, &mut rng);
        let shape = BodyShape::article(&mut rng);
        markdown::article_body(&mut body, vocabulary, &mut rng, &shape, &inlines);

        let relative = format!("articles/{}/{}.md", plan.year(), plan.id());
        file.clear();
        article_front_matter(&mut file, &plan, &planner.events, sites, actors, Flavour::Stele);
        file.push_str(&body);
        output.stele_file(&relative, &file)?;

        if output.wants_hugo() {
            hugo_body.clear();
            markdown::rewrite_references_for_hugo(&body, &mut hugo_body);
            file.clear();
            article_front_matter(&mut file, &plan, &planner.events, sites, actors, Flavour::Hugo);
            file.push_str(&hugo_body);
            output.hugo_file(&format!("content/{relative}"), &file)?;
        }
    }
    stats.distinct_events = planner.events.len();
    Ok(())
}

fn tally_article(stats: &mut Stats, plan: &ArticlePlan) {
    stats.event_mentions += plan.events.len();
    stats.rereports += plan.events.iter().filter(|m| m.is_rereport).count();
    for (hot, count) in stats.hot_actor_articles.iter_mut().enumerate() {
        *count += usize::from(plan.actors.contains(&hot));
    }
    stats.hottest_site_articles += usize::from(plan.sites.contains(&0));
}

/// Mentions of every listed entity (the name or an alias), 1–3 explicit
/// references to listed entities, and the inline formatting. Only listed
/// entities appear, so stele's "mentioned but not annotated" hint stays quiet.
fn article_inlines<'a>(plan: &ArticlePlan, sites: &'a [Entity], actors: &'a [Entity], rng: &mut Rng) -> Vec<Inline<'a>> {
    let mut inlines = vec![Inline::Emphasis, Inline::Strong, Inline::ExternalLink];
    if rng.chance(0.5) {
        inlines.push(Inline::Emphasis);
    }
    let listed: Vec<(&'static str, &'a Entity)> =
        plan.sites.iter().map(|&s| ("site", &sites[s])).chain(plan.actors.iter().map(|&a| ("actor", &actors[a]))).collect();
    for &(_, entity) in &listed {
        inlines.push(Inline::Mention(entity.mention_form(rng)));
    }
    for _ in 0..rng.between(1, 3) {
        let (scheme, entity) = rng.pick(&listed);
        inlines.push(Inline::Reference { scheme, id: &entity.id });
    }
    inlines
}

/// The two front-matter dialects of the same article.
#[derive(Clone, Copy, PartialEq)]
enum Flavour {
    /// `sites:`, and event dates bare as authors write them (`date: 2015`
    /// is a YAML number that stele must accept).
    Stele,
    /// The sites taxonomy key (see [`hugo::SITES_TAXONOMY`]), and event
    /// dates quoted: Hugo's YAML would make `2016-12-11` a timestamp.
    Hugo,
}

impl Flavour {
    fn sites_key(self) -> &'static str {
        match self {
            Flavour::Stele => "sites",
            Flavour::Hugo => hugo::SITES_TAXONOMY,
        }
    }
}

fn article_front_matter(out: &mut String, plan: &ArticlePlan, events: &[EventCore], sites: &[Entity], actors: &[Entity], flavour: Flavour) {
    out.push_str("---\n");
    let _ = writeln!(out, "title: \"{}\"", plan.title);
    out.push_str("date: ");
    calendar::push_iso(out, plan.published);
    out.push('\n');
    if let Some(summary) = &plan.summary {
        let _ = writeln!(out, "summary: \"{summary}\"");
    }
    out.push_str("tags: ");
    push_flow_list(out, plan.tags.iter().map(|&t| TAGS[t]));
    let _ = write!(out, "\n{}: ", flavour.sites_key());
    push_flow_list(out, plan.sites.iter().map(|&s| sites[s].id.as_str()));
    out.push('\n');
    if !plan.actors.is_empty() {
        out.push_str("actors: ");
        push_flow_list(out, plan.actors.iter().map(|&a| actors[a].id.as_str()));
        out.push('\n');
    }
    out.push_str("events:\n");
    for mention in &plan.events {
        push_event(out, mention, &events[mention.event], sites, actors, flavour);
    }
    out.push_str("---\n");
}

fn push_event(out: &mut String, mention: &articles::EventMention, event: &EventCore, sites: &[Entity], actors: &[Entity], flavour: Flavour) {
    let _ = writeln!(out, "  - id: {}", event.id);
    if flavour == Flavour::Hugo {
        let _ = writeln!(out, "    date: \"{}\"", event.date);
    } else {
        let _ = writeln!(out, "    date: {}", event.date);
    }
    let _ = writeln!(out, "    title: \"{}\"", event.title);
    let _ = writeln!(out, "    kind: {}", event.kind);
    out.push_str("    sites: ");
    push_flow_list(out, mention.sites.iter().map(|&s| sites[s].id.as_str()));
    out.push('\n');
    if !mention.actors.is_empty() {
        out.push_str("    actors:\n");
        for role in &mention.actors {
            let id = &actors[role.actor].id;
            if role.perpetrator {
                let _ = writeln!(out, "      - {{ id: {id}, role: perpetrator }}");
            } else {
                let _ = writeln!(out, "      - {id}");
            }
        }
    }
    let _ = writeln!(out, "    status: {}", event.status);
}
