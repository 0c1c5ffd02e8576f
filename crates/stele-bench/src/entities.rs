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
