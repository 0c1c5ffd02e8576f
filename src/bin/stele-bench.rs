//! `stele-bench`: writes a deterministic benchmark corpus in stele's content
//! format (see `shared/spec/content-model.md`) and, on request, an equivalent
//! Hugo site, so that both generators can be timed on the same reports.
//!
//! ```text
//! stele-bench gen N DIR [--hugo HUGODIR] [--seed S]
//! ```
//!
//! Std only on purpose: the corpus for a given N and seed must stay
//! byte-identical forever, so it must not depend on a crate's PRNG or on
//! hash-map order, and the tool must build even while stele's own
//! dependencies change.

use std::process::ExitCode;

const USAGE: &str = "\
usage: stele-bench gen N DIR [--hugo HUGODIR] [--seed S]

Writes N synthetic articles, N/10 sites and N/5 actors (at least 20 each)
in stele's format under DIR/content/. With --hugo, also writes an equivalent
Hugo site (config, content, layouts) under HUGODIR. The same N and seed give
byte-identical files. DIR/content and HUGODIR/content must not exist yet.

options:
  --hugo HUGODIR   also write the equivalent Hugo site
  --seed S         64-bit seed (default 1)
";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match cli::parse(&args) {
        Ok(cli::Command::Help) => {
            print!("{USAGE}");
            ExitCode::SUCCESS
        }
        Ok(cli::Command::Gen(options)) => match corpus::generate(&options) {
            Ok(stats) => {
                stats.print();
                ExitCode::SUCCESS
            }
            Err(error) => {
                eprintln!("stele-bench: {error}");
                ExitCode::FAILURE
            }
        },
        Err(message) => {
            eprintln!("stele-bench: {message}\n\n{USAGE}");
            ExitCode::from(2)
        }
    }
}

mod cli {
    use std::path::PathBuf;

    pub const DEFAULT_SEED: u64 = 1;

    pub struct GenOptions {
        pub articles: usize,
        pub dir: PathBuf,
        pub hugo_dir: Option<PathBuf>,
        pub seed: u64,
    }

    pub enum Command {
        Help,
        Gen(GenOptions),
    }

    pub fn parse(args: &[String]) -> Result<Command, String> {
        match args.first().map(String::as_str) {
            None | Some("-h" | "--help" | "help") => Ok(Command::Help),
            Some("gen") => parse_gen(&args[1..]).map(Command::Gen),
            Some(other) => Err(format!("unknown command `{other}`")),
        }
    }

    fn parse_gen(args: &[String]) -> Result<GenOptions, String> {
        let mut positional = Vec::new();
        let mut hugo_dir = None;
        let mut seed = DEFAULT_SEED;
        let mut rest = args.iter();
        while let Some(arg) = rest.next() {
            match arg.as_str() {
                "--hugo" => hugo_dir = Some(PathBuf::from(value_of("--hugo", rest.next())?)),
                "--seed" => seed = parse_number("--seed", value_of("--seed", rest.next())?)?,
                flag if flag.starts_with('-') => return Err(format!("unknown option `{flag}`")),
                _ => positional.push(arg.as_str()),
            }
        }
        let [count, dir] = positional[..] else {
            return Err("`gen` takes exactly two arguments: N and DIR".into());
        };
        let articles: usize = parse_number("N", count)?;
        if articles == 0 {
            return Err("N must be at least 1".into());
        }
        Ok(GenOptions { articles, dir: PathBuf::from(dir), hugo_dir, seed })
    }

    fn value_of<'a>(flag: &str, value: Option<&'a String>) -> Result<&'a str, String> {
        value.map(String::as_str).ok_or_else(|| format!("`{flag}` needs a value"))
    }

    /// Accepts `10000` and `10_000`.
    fn parse_number<T: std::str::FromStr>(what: &str, text: &str) -> Result<T, String> {
        text.replace('_', "").parse().map_err(|_| format!("{what}: `{text}` is not a non-negative integer"))
    }
}

mod rng {
    const GOLDEN_GAMMA: u64 = 0x9E37_79B9_7F4A_7C15;

    /// The SplitMix64 output function: a strong 64-bit bit mixer.
    pub fn mix64(mut z: u64) -> u64 {
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// SplitMix64: tiny, fast and plenty for synthetic text. The algorithm is
    /// fixed here (not borrowed from a crate) so a seed means one corpus forever.
    #[derive(Clone)]
    pub struct Rng {
        state: u64,
    }

    impl Rng {
        pub fn new(seed: u64) -> Self {
            Rng { state: seed }
        }

        /// An independent stream per purpose and item: article 42 stays the
        /// same when, say, the entity generator starts drawing one more number.
        pub fn derived(seed: u64, stream: u64, index: u64) -> Self {
            let base = mix64(seed ^ stream.wrapping_mul(GOLDEN_GAMMA));
            Rng::new(mix64(base.wrapping_add(index)))
        }

        pub fn next_u64(&mut self) -> u64 {
            self.state = self.state.wrapping_add(GOLDEN_GAMMA);
            mix64(self.state)
        }

        /// Uniform in `0..n` by multiply-high (Lemire); the bias is < n / 2^64.
        pub fn below(&mut self, n: usize) -> usize {
            ((u128::from(self.next_u64()) * n as u128) >> 64) as usize
        }

        /// Uniform in `low..=high`.
        pub fn between(&mut self, low: usize, high: usize) -> usize {
            low + self.below(high - low + 1)
        }

        /// Uniform in `[0, 1)` with 53 random bits.
        pub fn unit(&mut self) -> f64 {
            (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
        }

        pub fn chance(&mut self, probability: f64) -> bool {
            self.unit() < probability
        }

        pub fn pick<T: Copy>(&mut self, items: &[T]) -> T {
            items[self.below(items.len())]
        }

        /// Picks an item by integer weight: `[(item, weight), ...]`.
        pub fn weighted<T: Copy>(&mut self, items: &[(T, u32)]) -> T {
            let total: u32 = items.iter().map(|&(_, weight)| weight).sum();
            let mut roll = self.below(total as usize) as u32;
            for &(item, weight) in items {
                if roll < weight {
                    return item;
                }
                roll -= weight;
            }
            unreachable!("roll is below the total weight")
        }

        /// Fisher-Yates.
        pub fn shuffle<T>(&mut self, items: &mut [T]) {
            for i in (1..items.len()).rev() {
                items.swap(i, self.below(i + 1));
            }
        }
    }

    /// Zipf distribution over ranks `0..n`: P(rank k) ∝ 1 / (k + 1)^exponent.
    /// Sampling is a binary search in the cumulative weights, O(log n).
    pub struct Zipf {
        cumulative: Vec<f64>,
    }

    impl Zipf {
        pub fn new(n: usize, exponent: f64) -> Self {
            assert!(n > 0, "a Zipf distribution needs at least one rank");
            let mut total = 0.0;
            let cumulative = (1..=n)
                .map(|rank| {
                    total += (rank as f64).powf(-exponent);
                    total
                })
                .collect();
            Zipf { cumulative }
        }

        pub fn len(&self) -> usize {
            self.cumulative.len()
        }

        pub fn sample(&self, rng: &mut Rng) -> usize {
            let total = self.cumulative[self.cumulative.len() - 1];
            let target = rng.unit() * total;
            let rank = self.cumulative.partition_point(|&c| c <= target);
            rank.min(self.cumulative.len() - 1)
        }

        /// `count` distinct ranks (fewer if there are not that many).
        pub fn sample_distinct(&self, rng: &mut Rng, count: usize, into: &mut Vec<usize>) {
            let wanted = (into.len() + count).min(self.len());
            while into.len() < wanted {
                let rank = self.sample(rng);
                if !into.contains(&rank) {
                    into.push(rank);
                }
            }
        }
    }
}

/// Proleptic Gregorian calendar on day numbers (days since 1970-01-01),
/// after Howard Hinnant's `chrono`-compatible algorithms.
mod calendar {
    pub type Day = i64;

    pub fn from_civil(year: i64, month: u32, day: u32) -> Day {
        let y = if month <= 2 { year - 1 } else { year };
        let era = y.div_euclid(400);
        let year_of_era = y - era * 400;
        let shifted_month = i64::from((month + 9) % 12);
        let day_of_year = (153 * shifted_month + 2) / 5 + i64::from(day) - 1;
        let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
        era * 146_097 + day_of_era - 719_468
    }

    pub fn to_civil(day: Day) -> (i64, u32, u32) {
        let z = day + 719_468;
        let era = z.div_euclid(146_097);
        let day_of_era = z - era * 146_097;
        let year_of_era = (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
        let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
        let shifted_month = (5 * day_of_year + 2) / 153;
        let day_of_month = (day_of_year - (153 * shifted_month + 2) / 5 + 1) as u32;
        let month = if shifted_month < 10 { shifted_month + 3 } else { shifted_month - 9 } as u32;
        let year = year_of_era + era * 400 + i64::from(month <= 2);
        (year, month, day_of_month)
    }

    pub fn days_in_month(year: i64, month: u32) -> u32 {
        match month {
            2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
            2 => 28,
            4 | 6 | 9 | 11 => 30,
            _ => 31,
        }
    }

    pub fn last_day_of_month(day: Day) -> Day {
        let (year, month, _) = to_civil(day);
        from_civil(year, month, days_in_month(year, month))
    }

    /// Appends `YYYY-MM-DD`.
    pub fn push_iso(out: &mut String, day: Day) {
        use std::fmt::Write as _;
        let (year, month, day_of_month) = to_civil(day);
        let _ = write!(out, "{year:04}-{month:02}-{day_of_month:02}");
    }
}

/// Pseudo-words: Latin-looking filler, and Levantine-looking names and aliases
/// built from a disjoint letter set so that filler can never mention an entity.
mod words {
    use super::rng::Rng;
    use std::collections::HashSet;

    /// Filler uses no `h`, `q`, `k`, `z`, `j`, `w` or `y`; every alias contains
    /// `h` or `q` (see [`ALIAS_FIRST_ONSETS`]), so no filler word equals an alias.
    const FILLER_ONSETS: [&str; 16] = ["b", "c", "d", "f", "g", "l", "m", "n", "p", "r", "s", "t", "v", "pr", "st", "tr"];
    const FILLER_VOWELS: [&str; 7] = ["a", "e", "i", "o", "u", "ae", "io"];
    const FILLER_ENDINGS: [&str; 10] = ["", "", "", "s", "m", "t", "us", "um", "is", "nt"];
    const VOCABULARY_SIZE: usize = 2048;
    /// The vocabulary is the same for every seed: only the corpus shape varies.
    const VOCABULARY_SEED: u64 = 0x5717_E0B3_4C4F_0001;

    const NAME_ONSETS: [&str; 22] =
        ["", "b", "d", "f", "gh", "h", "j", "k", "kh", "l", "m", "n", "q", "r", "s", "sh", "t", "th", "z", "dh", "w", "y"];
    const NAME_VOWELS: [&str; 7] = ["a", "i", "u", "aa", "ai", "ou", "ee"];
    const NAME_CODAS: [&str; 9] = ["", "", "", "n", "r", "m", "l", "d", "sh"];
    /// An alias starts with one of these, which puts an `h` or a `q` in it:
    /// no filler word, and (at three syllables) practically no English word.
    const ALIAS_FIRST_ONSETS: [&str; 7] = ["q", "kh", "gh", "dh", "sh", "th", "h"];

    pub struct Vocabulary {
        words: Vec<String>,
    }

    impl Vocabulary {
        pub fn new() -> Self {
            let mut rng = Rng::new(VOCABULARY_SEED);
            let mut seen = HashSet::new();
            let mut words = Vec::with_capacity(VOCABULARY_SIZE);
            while words.len() < VOCABULARY_SIZE {
                let word = filler_word(&mut rng);
                if seen.insert(word.clone()) {
                    words.push(word);
                }
            }
            Vocabulary { words }
        }

        /// A filler word, skewed towards the start of the list like real text
        /// (a few words are very common): index = below(below(n) + 1).
        pub fn word(&self, rng: &mut Rng) -> &str {
            let limit = rng.below(self.words.len()) + 1;
            &self.words[rng.below(limit)]
        }

        pub fn iter(&self) -> impl Iterator<Item = &str> {
            self.words.iter().map(String::as_str)
        }
    }

    fn filler_word(rng: &mut Rng) -> String {
        let mut word = String::new();
        for _ in 0..rng.between(1, 3) {
            word.push_str(rng.pick(&FILLER_ONSETS));
            word.push_str(rng.pick(&FILLER_VOWELS));
        }
        word.push_str(rng.pick(&FILLER_ENDINGS));
        word
    }

    /// Hands out name words and aliases. Aliases are unique across all
    /// entities and never equal a filler word or a word of any name, so that
    /// a plain-text name never also reads as a different entity's alias.
    pub struct NameForge {
        reserved_for_aliases: HashSet<String>,
        aliases: HashSet<String>,
    }

    impl NameForge {
        pub fn new(vocabulary: &Vocabulary) -> Self {
            NameForge { reserved_for_aliases: vocabulary.iter().map(str::to_owned).collect(), aliases: HashSet::new() }
        }

        /// Reserves a fixed word used in names ("Qasr", "Army").
        pub fn reserve(&mut self, word: &str) {
            self.reserved_for_aliases.insert(word.to_ascii_lowercase());
        }

        /// A two-syllable capitalised word for a name; may repeat across names
        /// (names also carry the entity number), never equals an alias.
        pub fn name_word(&mut self, rng: &mut Rng) -> String {
            loop {
                let first_onset = rng.pick(&NAME_ONSETS);
                let word = syllables(rng, first_onset, 2);
                let lower = word.to_ascii_lowercase();
                if lower.len() >= 3 && !self.aliases.contains(&lower) {
                    self.reserved_for_aliases.insert(lower);
                    return word;
                }
            }
        }

        pub fn alias(&mut self, rng: &mut Rng) -> String {
            loop {
                let first_onset = rng.pick(&ALIAS_FIRST_ONSETS);
                let word = syllables(rng, first_onset, 3);
                let lower = word.to_ascii_lowercase();
                if !self.reserved_for_aliases.contains(&lower) && self.aliases.insert(lower) {
                    return word;
                }
            }
        }
    }

    fn syllables(rng: &mut Rng, first_onset: &str, count: usize) -> String {
        let mut word = String::with_capacity(12);
        for i in 0..count {
            word.push_str(if i == 0 { first_onset } else { rng.pick(&NAME_ONSETS[1..]) });
            word.push_str(rng.pick(&NAME_VOWELS));
            word.push_str(rng.pick(&NAME_CODAS));
        }
        capitalise(&word)
    }

    pub fn capitalise(word: &str) -> String {
        let mut chars = word.chars();
        match chars.next() {
            Some(first) => first.to_ascii_uppercase().to_string() + chars.as_str(),
            None => String::new(),
        }
    }
}

/// Sites and actors: the entities that articles reference.
mod entities {
    use super::rng::Rng;
    use super::words::NameForge;

    const SITE_KINDS: [&str; 10] = ["ancient-city", "temple", "museum", "mosque", "church", "citadel", "quarter", "archive", "monument", "library"];
    /// Words that open a site name: "Qasr Amrun 42".
    const SITE_NAME_HEADS: [&str; 12] = ["Qasr", "Tell", "Khan", "Deir", "Bab", "Jebel", "Wadi", "Beit", "Suq", "Ain", "Madrasa", "Hammam"];
    /// Country and a rough centre (lat, lon) to scatter locations around.
    const COUNTRIES: [(&str, f64, f64); 10] = [
        ("Syria", 35.0, 38.5),
        ("Iraq", 33.2, 43.7),
        ("Yemen", 15.5, 48.0),
        ("Libya", 27.0, 17.0),
        ("Mali", 17.5, -4.0),
        ("Afghanistan", 34.0, 66.0),
        ("Lebanon", 33.9, 35.8),
        ("Jordan", 31.2, 36.5),
        ("Egypt", 26.8, 30.8),
        ("Turkey", 39.0, 35.2),
    ];
    const ACTOR_KINDS: [(&str, u32); 7] =
        [("person", 35), ("armed-group", 15), ("state", 5), ("military", 10), ("agency", 10), ("organisation", 15), ("media", 10)];
    const SITE_PART_OF_SHARE: f64 = 0.30;
    const ACTOR_PART_OF_SHARE: f64 = 0.25;
    pub const MIN_ENTITIES: usize = 20;

    pub struct Place {
        pub lat: f64,
        pub lon: f64,
        pub country: &'static str,
    }

    pub struct Entity {
        pub id: String,
        pub name: String,
        pub aliases: Vec<String>,
        pub kind: &'static str,
        /// Index of the enclosing entity; always an earlier one, so no loops.
        pub part_of: Option<usize>,
        /// Sites only.
        pub place: Option<Place>,
        pub body_words: usize,
    }

    impl Entity {
        /// The name or, now and then, one of the aliases: what an author
        /// would write in running text.
        pub fn mention_form(&self, rng: &mut Rng) -> &str {
            if !self.aliases.is_empty() && rng.chance(0.3) {
                &self.aliases[rng.below(self.aliases.len())]
            } else {
                &self.name
            }
        }
    }

    pub fn site_count(articles: usize) -> usize {
        (articles / 10).max(MIN_ENTITIES)
    }

    pub fn actor_count(articles: usize) -> usize {
        (articles / 5).max(MIN_ENTITIES)
    }

    /// Registers the fixed name words before any alias is drawn.
    pub fn reserve_fixed_words(forge: &mut NameForge) {
        let actor_words = ["Liwa", "Republic", "of", "Army", "Antiquities", "Agency"];
        let more = ["Heritage", "Foundation", "News"];
        for word in SITE_NAME_HEADS.iter().chain(&actor_words).chain(&more) {
            forge.reserve(word);
        }
    }

    pub fn make_sites(count: usize, rng: &mut Rng, forge: &mut NameForge) -> Vec<Entity> {
        let mut sites: Vec<Entity> = Vec::with_capacity(count);
        for index in 0..count {
            let number = index + 1;
            let name = format!("{} {} {number}", rng.pick(&SITE_NAME_HEADS), forge.name_word(rng));
            let aliases = (0..rng.between(0, 2)).map(|_| forge.alias(rng)).collect();
            let part_of = earlier(rng, index, SITE_PART_OF_SHARE);
            let place = match part_of {
                Some(parent) => near(rng, sites[parent].place.as_ref().expect("sites have places")),
                None => scatter(rng),
            };
            sites.push(Entity {
                id: format!("site-{number:05}"),
                name,
                aliases,
                kind: rng.pick(&SITE_KINDS),
                part_of,
                place: Some(place),
                body_words: rng.between(50, 120),
            });
        }
        sites
    }

    pub fn make_actors(count: usize, rng: &mut Rng, forge: &mut NameForge) -> Vec<Entity> {
        (0..count)
            .map(|index| {
                let number = index + 1;
                let kind = rng.weighted(&ACTOR_KINDS);
                Entity {
                    id: format!("actor-{number:05}"),
                    name: actor_name(kind, number, rng, forge),
                    aliases: (0..rng.between(0, 3)).map(|_| forge.alias(rng)).collect(),
                    kind,
                    part_of: earlier(rng, index, ACTOR_PART_OF_SHARE),
                    place: None,
                    body_words: rng.between(40, 100),
                }
            })
            .collect()
    }

    fn actor_name(kind: &str, number: usize, rng: &mut Rng, forge: &mut NameForge) -> String {
        let word = forge.name_word(rng);
        match kind {
            "person" => format!("{word} {} {number}", forge.name_word(rng)),
            "armed-group" => format!("Liwa {word} {number}"),
            "state" => format!("Republic of {word} {number}"),
            "military" => format!("{word} Army {number}"),
            "agency" => format!("{word} Antiquities Agency {number}"),
            "organisation" => format!("{word} Heritage Foundation {number}"),
            _ => format!("{word} News {number}"),
        }
    }

    fn earlier(rng: &mut Rng, index: usize, share: f64) -> Option<usize> {
        (index > 0 && rng.chance(share)).then(|| rng.below(index))
    }

    fn scatter(rng: &mut Rng) -> Place {
        let (country, lat, lon) = rng.pick(&COUNTRIES);
        Place { lat: lat + (rng.unit() - 0.5) * 4.0, lon: lon + (rng.unit() - 0.5) * 4.0, country }
    }

    /// A sub-site lies within a few kilometres of its parent, same country.
    fn near(rng: &mut Rng, parent: &Place) -> Place {
        Place { lat: parent.lat + (rng.unit() - 0.5) * 0.05, lon: parent.lon + (rng.unit() - 0.5) * 0.05, country: parent.country }
    }
}

/// Articles' front-matter plans: dates, entity lists and events.
mod articles {
    use super::calendar::{self, Day};
    use super::entities::Entity;
    use super::rng::{Rng, Zipf};
    use super::words::{capitalise, Vocabulary};

    pub const FIRST_YEAR: i64 = 2010;
    pub const LAST_YEAR: i64 = 2024;
    /// Exponent of the Zipf skew for sites and actors: a few are very hot.
    const ENTITY_ZIPF_EXPONENT: f64 = 1.1;
    /// The top actors appear in about half of all articles: "a few actors in
    /// half of all articles", as in wire reports that name the same parties.
    pub const HOT_ACTORS: usize = 3;
    const SUMMARY_SHARE: f64 = 0.70;
    const REREPORT_SHARE: f64 = 0.05;
    /// Re-reports pick among the most recent events, as follow-up reports do.
    const REREPORT_WINDOW: usize = 2000;
    const PERPETRATOR_SHARE: f64 = 0.3;
    /// How far before publication an event may lie.
    const EVENT_LOOKBACK_DAYS: usize = 180;

    pub const TAGS: [&str; 30] = [
        "heritage-destruction",
        "looting",
        "illicit-trafficking",
        "airstrikes",
        "shelling",
        "occupation",
        "restoration",
        "excavation",
        "museums",
        "archives",
        "manuscripts",
        "religious-sites",
        "urban-heritage",
        "displacement",
        "sanctions",
        "unesco",
        "satellite-imagery",
        "eyewitness",
        "statements",
        "court-cases",
        "repatriation",
        "military-use",
        "checkpoints",
        "reconstruction",
        "intangible-heritage",
        "libraries",
        "archaeology",
        "propaganda",
        "ceasefire",
        "documentation",
    ];
    const EVENT_KINDS: [(&str, &str); 12] = [
        ("airstrike", "Airstrike"),
        ("shelling", "Shelling"),
        ("capture", "Capture"),
        ("destruction", "Destruction"),
        ("damage", "Damage"),
        ("looting", "Looting"),
        ("excavation", "Illegal excavation"),
        ("killing", "Killing"),
        ("detention", "Detention"),
        ("restoration", "Restoration work"),
        ("protest", "Protest"),
        ("closure", "Closure"),
    ];
    const EVENT_PLACE_WORDS: [&str; 4] = ["near", "at", "in", "around"];
    const STATUSES: [(&str, u32); 3] = [("reported", 50), ("claimed", 20), ("confirmed", 30)];

    /// The scalar fields of an event: identical in every article that
    /// reports it, or stele reports a disagreement.
    pub struct EventCore {
        pub id: String,
        pub date: String,
        pub title: String,
        pub kind: &'static str,
        pub status: &'static str,
    }

    pub struct ActorRole {
        pub actor: usize,
        pub perpetrator: bool,
    }

    /// One event as listed in one article: its list fields are this
    /// article's own, stele unites them across articles.
    pub struct EventMention {
        pub event: usize,
        pub sites: Vec<usize>,
        pub actors: Vec<ActorRole>,
        pub is_rereport: bool,
    }

    pub struct ArticlePlan {
        pub number: usize,
        pub published: Day,
        pub title: String,
        pub summary: Option<String>,
        pub tags: Vec<usize>,
        pub sites: Vec<usize>,
        pub actors: Vec<usize>,
        pub events: Vec<EventMention>,
    }

    impl ArticlePlan {
        pub fn year(&self) -> i64 {
            calendar::to_civil(self.published).0
        }

        pub fn id(&self) -> String {
            format!("article-{:06}", self.number)
        }
    }

    pub struct Planner<'a> {
        article_count: usize,
        sites: &'a [Entity],
        vocabulary: &'a Vocabulary,
        site_zipf: Zipf,
        actor_zipf: Zipf,
        tag_zipf: Zipf,
        first_day: Day,
        span_days: i64,
        /// Every distinct event so far, in order of first report.
        pub events: Vec<EventCore>,
    }

    impl<'a> Planner<'a> {
        pub fn new(article_count: usize, sites: &'a [Entity], actor_count: usize, vocabulary: &'a Vocabulary) -> Self {
            let first_day = calendar::from_civil(FIRST_YEAR, 1, 1);
            let last_day = calendar::from_civil(LAST_YEAR, 12, 31);
            Planner {
                article_count,
                sites,
                vocabulary,
                site_zipf: Zipf::new(sites.len(), ENTITY_ZIPF_EXPONENT),
                actor_zipf: Zipf::new(actor_count, ENTITY_ZIPF_EXPONENT),
                tag_zipf: Zipf::new(TAGS.len(), 1.0),
                first_day,
                span_days: last_day - first_day + 1,
                events: Vec::new(),
            }
        }

        /// Plans article `index` (0-based). Articles come in publication
        /// order, so any event already in `events` lies before this article's
        /// date and may be re-reported here.
        pub fn plan(&mut self, index: usize, rng: &mut Rng) -> ArticlePlan {
            let published = self.publication_day(index);
            let mut sites = Vec::new();
            let site_count = rng.between(1, 4);
            self.site_zipf.sample_distinct(rng, site_count, &mut sites);
            let actors = self.pick_actors(rng);
            let mut tags = Vec::new();
            let tag_count = rng.between(1, 3);
            self.tag_zipf.sample_distinct(rng, tag_count, &mut tags);
            let mut plan = ArticlePlan {
                number: index + 1,
                published,
                title: self.article_title(rng, &sites),
                summary: rng.chance(SUMMARY_SHARE).then(|| sentence(self.vocabulary, rng, 12, 25)),
                tags,
                sites,
                actors,
                events: Vec::new(),
            };
            plan.events = self.plan_events(&plan, rng);
            plan
        }

        /// Spreads articles evenly over 2010–2024, non-decreasing in index.
        fn publication_day(&self, index: usize) -> Day {
            let offset = (index as u128 * self.span_days as u128 / self.article_count as u128) as i64;
            self.first_day + offset
        }

        fn pick_actors(&self, rng: &mut Rng) -> Vec<usize> {
            let mut actors = Vec::new();
            if rng.chance(0.5) {
                // The "heavy" half: the top actors first, then Zipf-skewed others.
                let count = rng.between(2, 5).min(self.actor_zipf.len());
                let mut hot: Vec<usize> = (0..HOT_ACTORS.min(self.actor_zipf.len())).collect();
                rng.shuffle(&mut hot); // with room for two, any two of the three
                actors.extend(hot.into_iter().take(count));
                let more = count - actors.len();
                self.actor_zipf.sample_distinct(rng, more, &mut actors);
            } else {
                let count = rng.between(0, 2);
                self.actor_zipf.sample_distinct(rng, count, &mut actors);
            }
            actors
        }

        fn article_title(&self, rng: &mut Rng, sites: &[usize]) -> String {
            let count = rng.between(3, 6);
            let mut title = sentence_words(self.vocabulary, rng, count);
            let site = &self.sites[sites[0]].name;
            // Every few titles carry a colon, as headlines do: it must be quoted.
            if rng.chance(0.2) {
                title = format!("{site}: {title}");
            } else {
                title = format!("{title} {} {site}", rng.pick(&EVENT_PLACE_WORDS));
            }
            title
        }

        fn plan_events(&mut self, plan: &ArticlePlan, rng: &mut Rng) -> Vec<EventMention> {
            // Events registered before this article: the ones it may re-report.
            let earlier_events = self.events.len();
            let mut mentions: Vec<EventMention> = Vec::new();
            for position in 1..=rng.between(1, 4) {
                let sites = subset(rng, &plan.sites, 1, 2);
                let (event, is_rereport) = match self.pick_rereport(rng, earlier_events, &mentions) {
                    Some(earlier) => (earlier, true),
                    None => (self.new_event(plan, position, sites[0], rng), false),
                };
                mentions.push(EventMention {
                    event,
                    sites,
                    actors: subset(rng, &plan.actors, 0, 3)
                        .into_iter()
                        .map(|actor| ActorRole { actor, perpetrator: rng.chance(PERPETRATOR_SHARE) })
                        .collect(),
                    is_rereport,
                });
            }
            mentions
        }

        /// A recent event of an earlier article, not yet listed in this one.
        fn pick_rereport(&self, rng: &mut Rng, earlier_events: usize, listed: &[EventMention]) -> Option<usize> {
            if earlier_events == 0 || !rng.chance(REREPORT_SHARE) {
                return None;
            }
            let event = earlier_events - 1 - rng.below(earlier_events.min(REREPORT_WINDOW));
            (!listed.iter().any(|m| m.event == event)).then_some(event)
        }

        /// A new event, titled after `site` (the first of its own sites).
        fn new_event(&mut self, plan: &ArticlePlan, position: usize, site: usize, rng: &mut Rng) -> usize {
            let (kind, kind_title) = rng.pick(&EVENT_KINDS);
            let site = &self.sites[site].name;
            self.events.push(EventCore {
                id: format!("ev-{:06}-{position}", plan.number),
                date: event_date(rng, plan.published),
                title: format!("{kind_title} {} {site}", rng.pick(&EVENT_PLACE_WORDS)),
                kind,
                status: rng.weighted(&STATUSES),
            });
            self.events.len() - 1
        }
    }

    /// `min..=max` distinct items of `items` (fewer if there are fewer),
    /// in the order they have in `items`.
    fn subset(rng: &mut Rng, items: &[usize], min: usize, max: usize) -> Vec<usize> {
        let count = rng.between(min.min(items.len()), max.min(items.len()));
        let mut chosen: Vec<usize> = items.to_vec();
        rng.shuffle(&mut chosen);
        chosen.truncate(count);
        chosen.sort_by_key(|item| items.iter().position(|x| x == item));
        chosen
    }

    /// An EDTF date whose latest possible day is on or before `published`,
    /// so the publication day is the latest event date or later.
    /// Mix: 60% day, 20% month, 10% year, 10% interval within a month;
    /// 10% of all carry `~` or `?` (only single dates, to stay in level 1).
    pub fn event_date(rng: &mut Rng, published: Day) -> String {
        let anchor = published - rng.below(EVENT_LOOKBACK_DAYS) as Day;
        let mut date = String::with_capacity(24);
        let roll = rng.below(100);
        match roll {
            0..=59 => calendar::push_iso(&mut date, anchor),
            60..=79 => push_month(&mut date, month_before(anchor, published)),
            80..=89 => push_year(&mut date, year_before(anchor, published)),
            _ => push_interval(&mut date, rng, anchor),
        }
        // 1/9 of the 90% single dates: 10% overall.
        if roll < 90 && rng.below(9) == 0 {
            date.push(if rng.chance(0.5) { '~' } else { '?' });
        }
        date
    }

    /// The year of `anchor`, or the one before if it ends after `published`.
    fn year_before(anchor: Day, published: Day) -> i64 {
        let year = calendar::to_civil(anchor).0;
        if calendar::from_civil(year, 12, 31) > published {
            year - 1
        } else {
            year
        }
    }

    fn push_year(out: &mut String, year: i64) {
        use std::fmt::Write as _;
        let _ = write!(out, "{year:04}");
    }

    /// The month of `anchor`, or the one before if it ends after `published`.
    fn month_before(anchor: Day, published: Day) -> Day {
        if calendar::last_day_of_month(anchor) > published {
            let (year, month, _) = calendar::to_civil(anchor);
            calendar::from_civil(year, month, 1) - 1
        } else {
            anchor
        }
    }

    fn push_month(out: &mut String, day: Day) {
        use std::fmt::Write as _;
        let (year, month, _) = calendar::to_civil(day);
        let _ = write!(out, "{year:04}-{month:02}");
    }

    /// `A/B`, both in the month of `end` (moved back a day if it is the 1st).
    fn push_interval(out: &mut String, rng: &mut Rng, end: Day) {
        let end = if calendar::to_civil(end).2 == 1 { end - 1 } else { end };
        let end_day_of_month = calendar::to_civil(end).2 as usize;
        let length = rng.between(1, (end_day_of_month - 1).min(10));
        calendar::push_iso(out, end - length as Day);
        out.push('/');
        calendar::push_iso(out, end);
    }

    /// A capitalised sentence of `min..=max` words, with its full stop.
    pub fn sentence(vocabulary: &Vocabulary, rng: &mut Rng, min: usize, max: usize) -> String {
        let count = rng.between(min, max);
        let mut text = sentence_words(vocabulary, rng, count);
        text.push('.');
        text
    }

    fn sentence_words(vocabulary: &Vocabulary, rng: &mut Rng, count: usize) -> String {
        let words: Vec<&str> = (0..count).map(|_| vocabulary.word(rng)).collect();
        capitalise(&words.join(" "))
    }
}

/// Markdown bodies: filler paragraphs with headings, a list, emphasis,
/// links, explicit references and plain-text mentions.
mod markdown {
    use super::rng::Rng;
    use super::words::Vocabulary;
    use std::fmt::Write as _;

    /// Something placed inside running text.
    pub enum Inline<'a> {
        /// A plain-text name or alias of an entity the article lists.
        Mention(&'a str),
        /// `[text](site:id)` / `[text](actor:id)`.
        Reference {
            scheme: &'static str,
            id: &'a str,
        },
        Emphasis,
        Strong,
        ExternalLink,
    }

    pub struct BodyShape {
        pub words: usize,
        pub sections: usize,
    }

    impl BodyShape {
        pub fn article(rng: &mut Rng) -> Self {
            BodyShape { words: rng.between(300, 800), sections: rng.between(2, 4) }
        }
    }

    /// Writes an article body of `shape.words` filler words (plus inlines)
    /// into `out`, spreading the inlines over its paragraphs.
    pub fn article_body(out: &mut String, vocabulary: &Vocabulary, rng: &mut Rng, shape: &BodyShape, inlines: &[Inline]) {
        let paragraphs_per_section: Vec<usize> = (0..shape.sections).map(|_| rng.between(1, 3)).collect();
        let paragraph_count = 1 + paragraphs_per_section.iter().sum::<usize>();
        let list_section = rng.below(shape.sections);
        let list_items = rng.between(3, 5);
        let prose_words = shape.words.saturating_sub(list_items * 7).max(paragraph_count);

        let mut placement: Vec<Vec<&Inline>> = vec![Vec::new(); paragraph_count];
        for inline in inlines {
            placement[rng.below(paragraph_count)].push(inline);
        }
        let mut placements = placement.iter();
        let mut budget = ParagraphBudget::new(prose_words, paragraph_count);

        let words = budget.next(rng);
        paragraph(out, vocabulary, rng, words, placements.next().expect("intro"));
        for (section, &paragraphs) in paragraphs_per_section.iter().enumerate() {
            heading(out, vocabulary, rng);
            for index in 0..paragraphs {
                let words = budget.next(rng);
                paragraph(out, vocabulary, rng, words, placements.next().expect("paragraph"));
                if section == list_section && index == 0 {
                    bullet_list(out, vocabulary, rng, list_items);
                }
            }
        }
    }

    /// Splits a word budget over paragraphs with ±30% jitter; the last one
    /// takes the remainder so the total stays on target.
    struct ParagraphBudget {
        remaining_words: usize,
        remaining_paragraphs: usize,
    }

    impl ParagraphBudget {
        fn new(words: usize, paragraphs: usize) -> Self {
            ParagraphBudget { remaining_words: words, remaining_paragraphs: paragraphs }
        }

        fn next(&mut self, rng: &mut Rng) -> usize {
            self.remaining_paragraphs -= 1;
            let words = if self.remaining_paragraphs == 0 {
                self.remaining_words
            } else {
                let mean = self.remaining_words / (self.remaining_paragraphs + 1);
                let jitter = mean * 3 / 10;
                rng.between(mean - jitter, mean + jitter).min(self.remaining_words - self.remaining_paragraphs)
            };
            self.remaining_words -= words;
            words.max(1)
        }
    }

    /// Plain filler paragraphs, for site and actor descriptions.
    pub fn plain_body(out: &mut String, vocabulary: &Vocabulary, rng: &mut Rng, words: usize) {
        let paragraphs = if words > 70 { 2 } else { 1 };
        let mut budget = ParagraphBudget::new(words, paragraphs);
        for _ in 0..paragraphs {
            let words = budget.next(rng);
            paragraph(out, vocabulary, rng, words, &[]);
        }
    }

    fn heading(out: &mut String, vocabulary: &Vocabulary, rng: &mut Rng) {
        out.push_str("## ");
        let count = rng.between(2, 5);
        words(out, vocabulary, rng, count, true);
        out.push_str("\n\n");
    }

    fn bullet_list(out: &mut String, vocabulary: &Vocabulary, rng: &mut Rng, items: usize) {
        for _ in 0..items {
            out.push_str("- ");
            let count = rng.between(4, 10);
            words(out, vocabulary, rng, count, true);
            out.push('\n');
        }
        out.push('\n');
    }

    /// Sentences of 6–16 words; each inline goes after a random word.
    fn paragraph(out: &mut String, vocabulary: &Vocabulary, rng: &mut Rng, word_count: usize, inlines: &[&Inline]) {
        let mut placed: Vec<(usize, &Inline)> = inlines.iter().map(|&inline| (rng.below(word_count), inline)).collect();
        placed.sort_by_key(|&(position, _)| position); // stable: deterministic
        let mut placed = placed.into_iter().peekable();
        let mut sentence_left = rng.between(6, 16);
        let mut sentence_start = true;
        for position in 0..word_count {
            separate(out);
            push_word(out, vocabulary.word(rng), sentence_start);
            sentence_start = false;
            while let Some((_, inline)) = placed.next_if(|&(at, _)| at == position) {
                separate(out);
                write_inline(out, vocabulary, rng, inline);
            }
            sentence_left -= 1;
            if sentence_left == 0 || position + 1 == word_count {
                out.push('.');
                sentence_start = true;
                sentence_left = rng.between(6, 16);
            }
        }
        out.push_str("\n\n");
    }

    fn write_inline(out: &mut String, vocabulary: &Vocabulary, rng: &mut Rng, inline: &Inline) {
        match *inline {
            Inline::Mention(name) => out.push_str(name),
            Inline::Reference { scheme, id } => {
                let text = if scheme == "site" { "the site" } else { "this actor" };
                let _ = write!(out, "[{text}]({scheme}:{id})");
            }
            Inline::Emphasis => {
                out.push('*');
                let count = rng.between(1, 3);
                words(out, vocabulary, rng, count, false);
                out.push('*');
            }
            Inline::Strong => {
                out.push_str("**");
                let count = rng.between(1, 2);
                words(out, vocabulary, rng, count, false);
                out.push_str("**");
            }
            Inline::ExternalLink => {
                out.push('[');
                let count = rng.between(2, 4);
                words(out, vocabulary, rng, count, false);
                let _ = write!(out, "](https://example.org/reports/{})", rng.below(100_000));
            }
        }
    }

    /// A space unless at the start of a line.
    fn separate(out: &mut String) {
        if !(out.is_empty() || out.ends_with('\n')) {
            out.push(' ');
        }
    }

    fn words(out: &mut String, vocabulary: &Vocabulary, rng: &mut Rng, count: usize, capital: bool) {
        for i in 0..count {
            if i > 0 {
                out.push(' ');
            }
            push_word(out, vocabulary.word(rng), capital && i == 0);
        }
    }

    /// Appends an ASCII word, optionally capitalised, without allocating.
    fn push_word(out: &mut String, word: &str, capital: bool) {
        if capital {
            let (first, rest) = word.split_at(1);
            out.push(first.as_bytes()[0].to_ascii_uppercase() as char);
            out.push_str(rest);
        } else {
            out.push_str(word);
        }
    }

    /// Rewrites stele's `](site:ID)` and `](actor:ID)` link targets to
    /// Hugo's taxonomy-term URLs `](/sites/ID/)` and `](/actors/ID/)`.
    pub fn rewrite_references_for_hugo(body: &str, out: &mut String) {
        let mut rest = body;
        while let Some(start) = rest.find("](") {
            out.push_str(&rest[..start + 2]);
            rest = &rest[start + 2..];
            for (scheme, section) in [("site:", "sites"), ("actor:", "actors")] {
                if let Some(target) = rest.strip_prefix(scheme) {
                    let end = target.find(')').unwrap_or(target.len());
                    let _ = write!(out, "/{section}/{}/", &target[..end]);
                    rest = &target[end..];
                    break;
                }
            }
        }
        out.push_str(rest);
    }
}

/// The files: stele's content tree and the equivalent Hugo site.
mod corpus {
    use super::articles::{self, ArticlePlan, EventCore, Planner, TAGS};
    use super::calendar;
    use super::cli::GenOptions;
    use super::entities::{self, Entity};
    use super::hugo;
    use super::markdown::{self, BodyShape, Inline};
    use super::rng::Rng;
    use super::words::{NameForge, Vocabulary};
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

    #[derive(Default, Clone, Copy)]
    pub struct FileTally {
        pub files: usize,
        pub bytes: u64,
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
        let site_count = entities::site_count(options.articles);
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
        write_articles(&mut output, &vocabulary, seed, &sites, &actors, &mut stats)?;
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
            for year in articles::FIRST_YEAR..=articles::LAST_YEAR {
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
        sites: &[Entity],
        actors: &[Entity],
        stats: &mut Stats,
    ) -> io::Result<()> {
        let mut planner = Planner::new(stats.articles, sites, actors.len(), vocabulary);
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

    /// `[a, b, c]`: the items are ids, slugs or pseudo-words, all plain-safe.
    pub fn push_flow_list<'a>(out: &mut String, items: impl Iterator<Item = &'a str>) {
        out.push('[');
        for (i, item) in items.enumerate() {
            if i > 0 {
                out.push_str(", ");
            }
            out.push_str(item);
        }
        out.push(']');
    }
}

/// The Hugo half: config, section pages and minimal layouts that do the same
/// work as stele's pages (every article, a term page per site, actor and tag,
/// paginated lists, one timeline of every event).
mod hugo {
    use super::cli::GenOptions;
    use super::corpus::FileTally;
    use super::entities::Entity;
    use std::fmt::Write as _;
    use std::fs;
    use std::io;
    use std::path::Path;

    /// Hugo (since v0.15x) reserves the front-matter key `sites` for its
    /// multi-site matrix, so the sites taxonomy is called `places`; permalinks
    /// in the config keep its pages at `/sites/` and `/sites/<id>/`.
    pub const SITES_TAXONOMY: &str = "places";

    /// Layouts for Hugo's template system since v0.146 (`layouts/page.html`
    /// etc.; the older `_default/single.html` names still work there too).
    const LAYOUTS: [(&str, &str); 8] = [
        ("layouts/baseof.html", BASEOF),
        ("layouts/home.html", HOME),
        ("layouts/page.html", PAGE),
        ("layouts/section.html", SECTION),
        ("layouts/taxonomy.html", TAXONOMY),
        ("layouts/term.html", TERM),
        ("layouts/timeline/section.html", TIMELINE),
        ("layouts/_partials/pager.html", PAGER),
    ];

    const BASEOF: &str = r#"<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{{ if not .IsHome }}{{ .Title }} | {{ end }}{{ site.Title }}</title>
</head>
<body>
<nav><a href="{{ "/" | relURL }}">{{ site.Title }}</a> <a href="{{ "/articles/" | relURL }}">Articles</a> <a href="{{ "/sites/" | relURL }}">Sites</a> <a href="{{ "/actors/" | relURL }}">Actors</a> <a href="{{ "/timeline/" | relURL }}">Timeline</a></nav>
<main>
{{ block "main" . }}{{ end }}
</main>
</body>
</html>
"#;

    const HOME: &str = r#"{{ define "main" }}
<h1>{{ site.Title }}</h1>
<ul>
{{- range first 20 (where site.RegularPages "Section" "articles").ByDate.Reverse }}
<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> <time>{{ .Date.Format "2006-01-02" }}</time></li>
{{- end }}
</ul>
{{ end }}
"#;

    const PAGE: &str = r#"{{ define "main" }}
<article>
<h1>{{ .Title }}</h1>
<p><time>{{ .Date.Format "2006-01-02" }}</time></p>
{{- range $taxonomy := slice "places" "actors" "tags" }}
  {{- with $.GetTerms $taxonomy }}
<p>{{ (index . 0).Parent.LinkTitle }}: {{ range . }}<a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a> {{ end }}</p>
  {{- end }}
{{- end }}
{{ .Content }}
{{ with .Params.events }}
<h2>Events</h2>
<ul>
{{ range . }}<li>{{ .date }}: {{ .title }} ({{ .kind }}, {{ .status }})</li>
{{- end }}
</ul>
{{ end }}
</article>
{{ end }}
"#;

    const SECTION: &str = r#"{{ define "main" }}
<h1>{{ .Title }}</h1>
{{ $pager := .Paginate .Pages.ByDate.Reverse }}
<ul>
{{- range $pager.Pages }}
<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> <time>{{ .Date.Format "2006-01-02" }}</time><div>{{ .Summary }}</div></li>
{{- end }}
</ul>
{{ partial "pager.html" $pager }}
{{ end }}
"#;

    const PAGER: &str = r#"<nav>
{{ with .Prev }}<a href="{{ .URL }}">newer</a>{{ end }}
page {{ .PageNumber }} of {{ .TotalPages }}
{{ with .Next }}<a href="{{ .URL }}">older</a>{{ end }}
</nav>
"#;

    const TAXONOMY: &str = r#"{{ define "main" }}
<h1>{{ .Title }}</h1>
<ul>
{{- range .Pages }}
<li><a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a> ({{ len .Pages }})</li>
{{- end }}
</ul>
{{ end }}
"#;

    const TERM: &str = r#"{{ define "main" }}
<h1>{{ .Title }}</h1>
{{ .Content }}
<ul>
{{- range .Pages.ByDate.Reverse }}
<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> <time>{{ .Date.Format "2006-01-02" }}</time></li>
{{- end }}
</ul>
{{ end }}
"#;

    /// Every event once (re-reports share an id), in date order, grouped by
    /// year. EDTF strings sort well as text: `2015` < `2015-05` < `2015-05-13`.
    const TIMELINE: &str = r#"{{ define "main" }}
<h1>{{ .Title }}</h1>
{{- $events := newScratch }}
{{- range where site.RegularPages "Section" "articles" }}
  {{- range .Params.events }}{{ $events.SetInMap "byId" .id . }}{{ end }}
{{- end }}
{{- $year := "" }}
{{- range sort ($events.GetSortedMapValues "byId") "date" }}
  {{- $thisYear := substr .date 0 4 }}
  {{- if ne $thisYear $year }}
    {{- if $year }}
</ul>
    {{- end }}
<h2>{{ $thisYear }}</h2>
<ul>
    {{- $year = $thisYear }}
  {{- end }}
<li><time>{{ .date }}</time> {{ .title }}</li>
{{- end }}
{{- if $year }}
</ul>
{{- end }}
{{ end }}
"#;

    fn config(options: &GenOptions) -> String {
        format!(
            "baseURL = \"https://bench.example.org/\"\n\
             title = \"stele benchmark corpus ({} articles)\"\n\
             \n\
             [taxonomies]\n\
             place = \"places\"\n\
             actor = \"actors\"\n\
             tag = \"tags\"\n\
             \n\
             [permalinks.taxonomy]\n\
             places = \"/sites/\"\n\
             \n\
             [permalinks.term]\n\
             places = \"/sites/:slug/\"\n\
             \n\
             [pagination]\n\
             pagerSize = 20\n",
            options.articles
        )
    }

    /// Config, section index pages and layouts.
    pub fn write_scaffold(tally: &mut FileTally, root: &Path, options: &GenOptions) -> io::Result<()> {
        let sections = [
            ("content/articles/_index.md", "Articles"),
            ("content/timeline/_index.md", "Timeline"),
            ("content/places/_index.md", "Sites"),
            ("content/actors/_index.md", "Actors"),
        ];
        let mut files: Vec<(&str, String)> = vec![("hugo.toml", config(options))];
        files.extend(sections.iter().map(|&(path, title)| (path, format!("---\ntitle: \"{title}\"\n---\n"))));
        files.extend(LAYOUTS.iter().map(|&(path, text)| (path, text.to_owned())));
        for (relative, contents) in files {
            let path = root.join(relative);
            if let Some(parent) = path.parent() {
                fs::create_dir_all(parent)?;
            }
            fs::write(&path, &contents)?;
            tally.files += 1;
            tally.bytes += contents.len() as u64;
        }
        Ok(())
    }

    /// A term page: the entity's name as title, its id as slug (the term
    /// URL), its facts under `params` (Hugo reads a top-level `aliases` as
    /// redirects, so they must not go there).
    pub fn term_front_matter(out: &mut String, entity: &Entity, all: &[Entity]) {
        out.push_str("---\n");
        let _ = writeln!(out, "title: \"{}\"", entity.name);
        let _ = writeln!(out, "slug: {}", entity.id);
        out.push_str("params:\n");
        let _ = writeln!(out, "  kind: {}", entity.kind);
        if !entity.aliases.is_empty() {
            out.push_str("  names: ");
            super::corpus::push_flow_list(out, entity.aliases.iter().map(String::as_str));
            out.push('\n');
        }
        if let Some(parent) = entity.part_of {
            let _ = writeln!(out, "  part_of: {}", all[parent].id);
        }
        if let Some(place) = &entity.place {
            let _ = writeln!(out, "  country: {}", place.country);
        }
        out.push_str("---\n");
    }
}

#[cfg(test)]
mod tests {
    use super::rng::{Rng, Zipf};
    use super::*;
    use std::collections::HashSet;
    use std::fs;
    use std::path::{Path, PathBuf};

    #[test]
    fn calendar_round_trips() {
        for day in -800_000..800_000 {
            let (y, m, d) = calendar::to_civil(day);
            assert_eq!(calendar::from_civil(y, m, d), day);
            assert!(d >= 1 && d <= calendar::days_in_month(y, m));
        }
        assert_eq!(calendar::to_civil(0), (1970, 1, 1));
        assert_eq!(calendar::to_civil(calendar::from_civil(2016, 2, 29)), (2016, 2, 29));
    }

    #[test]
    fn rng_is_deterministic_and_in_range() {
        let mut a = Rng::new(7);
        let mut b = Rng::new(7);
        for _ in 0..1000 {
            assert_eq!(a.next_u64(), b.next_u64());
            assert!(a.between(3, 5) >= 3 && b.between(3, 5) <= 5);
        }
    }

    #[test]
    fn zipf_is_skewed_towards_low_ranks() {
        let zipf = Zipf::new(1000, 1.1);
        let mut rng = Rng::new(3);
        let draws = 100_000;
        let top = (0..draws).filter(|_| zipf.sample(&mut rng) == 0).count();
        // P(rank 0) = 1 / H(1000, 1.1) ≈ 0.18.
        assert!((15_000..21_000).contains(&top), "rank 0 drawn {top} times");
    }

    /// Parses the subset of EDTF the generator writes, returning the latest day.
    fn latest_day(date: &str) -> calendar::Day {
        let date = date.trim_end_matches(['~', '?']);
        let date = date.rsplit('/').next().unwrap();
        let parts: Vec<i64> = date.split('-').map(|p| p.parse().unwrap()).collect();
        match parts[..] {
            [y] => calendar::from_civil(y, 12, 31),
            [y, m] => calendar::from_civil(y, m as u32, calendar::days_in_month(y, m as u32)),
            [y, m, d] => {
                assert!(d as u32 <= calendar::days_in_month(y, m as u32), "{date}");
                calendar::from_civil(y, m as u32, d as u32)
            }
            _ => panic!("unexpected date {date}"),
        }
    }

    #[test]
    fn event_dates_end_by_publication_and_mix_precisions() {
        let mut rng = Rng::new(11);
        let mut qualified = 0;
        let mut intervals = 0;
        let runs = 20_000;
        for i in 0..runs {
            let published = calendar::from_civil(2010, 1, 1) + (i % 5000);
            let date = articles::event_date(&mut rng, published);
            assert!(latest_day(&date) <= published, "{date} after publication");
            qualified += usize::from(date.ends_with(['~', '?']));
            if let Some((start, end)) = date.split_once('/') {
                intervals += 1;
                assert_eq!(start[..7], end[..7], "interval {date} crosses a month");
                assert!(start < end, "empty interval {date}");
            }
        }
        assert!((1_700..2_300).contains(&qualified), "{qualified} qualified");
        assert!((1_700..2_300).contains(&intervals), "{intervals} intervals");
    }

    /// Every name and alias of `entities`.
    fn all_forms(entities: &[entities::Entity]) -> impl Iterator<Item = &str> {
        entities.iter().flat_map(|e| std::iter::once(e.name.as_str()).chain(e.aliases.iter().map(String::as_str)))
    }

    #[test]
    fn aliases_are_unique_and_never_filler() {
        let vocabulary = words::Vocabulary::new();
        let filler: HashSet<&str> = vocabulary.iter().collect();
        let mut forge = words::NameForge::new(&vocabulary);
        entities::reserve_fixed_words(&mut forge);
        let mut rng = Rng::new(5);
        let sites = entities::make_sites(500, &mut rng, &mut forge);
        let actors = entities::make_actors(1000, &mut rng, &mut forge);
        let mut seen = HashSet::new();
        for entity in sites.iter().chain(&actors) {
            assert!(seen.insert(entity.name.to_ascii_lowercase()), "name {}", entity.name);
            for alias in &entity.aliases {
                assert!(seen.insert(alias.to_ascii_lowercase()), "alias {alias}");
                assert!(!filler.contains(alias.to_ascii_lowercase().as_str()));
            }
        }
        // No alias may be a word of any name: "Qasr Amrun 42" must not
        // also read as a mention of the entity whose alias is "Amrun".
        let name_words: HashSet<String> = sites.iter().chain(&actors).flat_map(|e| e.name.split(' ')).map(str::to_ascii_lowercase).collect();
        for alias in all_forms(&sites).chain(all_forms(&actors)) {
            if !alias.contains(' ') {
                assert!(!name_words.contains(&alias.to_ascii_lowercase()), "alias {alias}");
            }
        }
    }

    #[test]
    fn part_of_points_backwards() {
        let vocabulary = words::Vocabulary::new();
        let mut forge = words::NameForge::new(&vocabulary);
        let mut rng = Rng::new(9);
        for (index, site) in entities::make_sites(300, &mut rng, &mut forge).iter().enumerate() {
            assert!(site.part_of.is_none_or(|parent| parent < index));
        }
    }

    #[test]
    fn hugo_rewrite_touches_only_entity_links() {
        let mut out = String::new();
        markdown::rewrite_references_for_hugo("a [x](site:site-00001) b [y](https://example.org/1) [z](actor:actor-00002).", &mut out);
        assert_eq!(out, "a [x](/sites/site-00001/) b [y](https://example.org/1) [z](/actors/actor-00002/).");
    }

    fn scratch_dir(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("stele-bench-test-{}-{name}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        dir
    }

    /// Every file under `dir` as (path relative to `base`, bytes), sorted.
    fn read_tree(base: &Path, dir: &Path, into: &mut Vec<(PathBuf, Vec<u8>)>) {
        let mut entries: Vec<PathBuf> = fs::read_dir(dir).unwrap().map(|entry| entry.unwrap().path()).collect();
        entries.sort();
        for path in entries {
            if path.is_dir() {
                read_tree(base, &path, into);
            } else {
                let relative = path.strip_prefix(base).unwrap().to_owned();
                into.push((relative, fs::read(&path).unwrap()));
            }
        }
    }

    #[test]
    fn same_seed_gives_identical_corpus() {
        let trees: Vec<Vec<(PathBuf, Vec<u8>)>> = ["a", "b"]
            .iter()
            .map(|name| {
                let dir = scratch_dir(name);
                let options = cli::GenOptions { articles: 150, dir: dir.clone(), hugo_dir: Some(dir.join("hugo")), seed: 42 };
                let stats = corpus::generate(&options).unwrap();
                assert_eq!(stats.articles, 150);
                let mut tree = Vec::new();
                read_tree(&dir, &dir, &mut tree);
                fs::remove_dir_all(&dir).unwrap();
                tree
            })
            .collect();
        assert_eq!(trees[0].len(), trees[1].len());
        assert!(trees[0] == trees[1], "two runs with the same seed differ");
        let article = trees[0].iter().find(|(path, _)| path.ends_with("content/articles/2010/article-000001.md")).expect("first article");
        let text = std::str::from_utf8(&article.1).unwrap();
        assert!(text.starts_with("---\ntitle: \""));
        assert!(text.contains("\n---\n"));
    }

    #[test]
    fn refuses_existing_content() {
        let dir = scratch_dir("existing");
        fs::create_dir_all(dir.join("content")).unwrap();
        let options = cli::GenOptions { articles: 1, dir: dir.clone(), hugo_dir: None, seed: 1 };
        assert!(corpus::generate(&options).is_err());
        fs::remove_dir_all(&dir).unwrap();
    }
}
