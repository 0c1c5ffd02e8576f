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
            let options = cli::GenOptions { articles: 150, dir: dir.clone(), hugo_dir: Some(dir.join("hugo")), seed: 42, shape: Default::default() };
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
    let options = cli::GenOptions { articles: 1, dir: dir.clone(), hugo_dir: None, seed: 1, shape: Default::default() };
    assert!(corpus::generate(&options).is_err());
    fs::remove_dir_all(&dir).unwrap();
}

/// FNV-1a, 64 bits: a digest that, unlike std's hashers, never changes with the toolchain.
fn fnv1a(hash: u64, bytes: &[u8]) -> u64 {
    bytes.iter().fold(hash, |hash, &byte| (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3))
}

/// The corpus for a given N and seed must stay byte-identical forever
/// (benchmarks compare runs months apart): a change to the generator that
/// alters a single byte of it fails here. Update the digest only for a
/// deliberate new corpus, and say so in BENCHMARKS.md.
#[test]
fn the_corpus_never_changes() {
    let dir = scratch_dir("golden");
    let options = cli::GenOptions { articles: 120, dir: dir.clone(), hugo_dir: Some(dir.join("hugo")), seed: 1, shape: Default::default() };
    corpus::generate(&options).unwrap();
    let mut tree = Vec::new();
    read_tree(&dir, &dir, &mut tree);
    fs::remove_dir_all(&dir).unwrap();
    let digest = tree.iter().fold(0xcbf2_9ce4_8422_2325, |hash, (path, bytes)| fnv1a(fnv1a(hash, path.to_string_lossy().as_bytes()), bytes));
    assert_eq!(format!("{digest:016x}"), GOLDEN_DIGEST, "the corpus for N=120, seed 1 changed");
}

const GOLDEN_DIGEST: &str = "7c4a91805db141c2";
