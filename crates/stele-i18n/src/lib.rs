//! The interface's languages: the translation tables shipped with stele
//! (`i18n/<language>.yaml`, compiled in), a project's own texts over them,
//! plural categories (CLDR rules through ICU4X), which way a language is
//! written, and the words dates are shown with (month names from the
//! glibc-derived locale data chrono ships, the rest from the tables).
//!
//! English is the reference: every key is in `en.yaml`, and a key another
//! table lacks falls back to its English text.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use chrono::NaiveDate;
use serde::ser::{Serialize, SerializeMap, Serializer};
use stele_core::date::DateWords;
use stele_core::figures::FigureWords;
use stele_core::model::{Translation, Translations};

/// The tables shipped with stele, by primary language subtag; `en` first.
const SHIPPED: [(&str, &str); 3] =
    [("en", include_str!("../i18n/en.yaml")), ("ar", include_str!("../i18n/ar.yaml")), ("fr", include_str!("../i18n/fr.yaml"))];

/// The key a plural entry carries its language under, for the `plural` template filter.
pub const PLURAL_LANGUAGE_KEY: &str = "_language";

/// Languages written right to left, by primary subtag (Arabic, Persian,
/// Hebrew, Urdu, Pashto, Sindhi, Uyghur, Yiddish, Dhivehi, Central Kurdish,
/// Syriac, N'Ko, Aramaic, Azeri and Kurdish in Arabic script go by their
/// script subtag, see [`direction`]).
const RIGHT_TO_LEFT: [&str; 13] = ["ar", "fa", "he", "ur", "ps", "sd", "ug", "yi", "dv", "ckb", "syr", "nqo", "arc"];

/// Scripts written right to left, for tags that name one (`az-Arab`, `ku-Arab`).
const RIGHT_TO_LEFT_SCRIPTS: [&str; 7] = ["arab", "hebr", "syrc", "thaa", "nkoo", "adlm", "rohg"];

/// Which way a language is written: the value of an HTML `dir` attribute.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Direction {
    Ltr,
    Rtl,
}

impl Direction {
    pub fn as_str(self) -> &'static str {
        match self {
            Direction::Ltr => "ltr",
            Direction::Rtl => "rtl",
        }
    }
}

/// Which way text in `language` (a BCP 47 tag) runs.
pub fn direction(language: &str) -> Direction {
    let lower = language.to_ascii_lowercase();
    let mut subtags = lower.split(['-', '_']);
    let primary = subtags.next().unwrap_or_default();
    let script = subtags.find(|s| s.len() == 4 && s.chars().all(|c| c.is_ascii_alphabetic()));
    let rtl = match script {
        Some(script) => RIGHT_TO_LEFT_SCRIPTS.contains(&script),
        None => RIGHT_TO_LEFT.contains(&primary),
    };
    if rtl {
        Direction::Rtl
    } else {
        Direction::Ltr
    }
}

/// Whether `tag` is a well-formed BCP 47 language tag (`ar`, `ar-SY`, `en-GB`, `sr-Latn`).
pub fn is_language_tag(tag: &str) -> bool {
    !tag.is_empty() && icu_locale_core::LanguageIdentifier::try_from_str(tag).is_ok()
}

/// Whether two tags name the same language as far as pages care (case aside).
pub fn same_language(a: &str, b: &str) -> bool {
    a.replace('_', "-").eq_ignore_ascii_case(&b.replace('_', "-"))
}

/// The primary subtag of `tag`, lowercased (`ar` for `ar-SY`).
fn primary(tag: &str) -> String {
    tag.split(['-', '_']).next().unwrap_or_default().to_ascii_lowercase()
}

/// The shipped tables, read once.
fn shipped() -> &'static BTreeMap<&'static str, Translations> {
    static TABLES: OnceLock<BTreeMap<&'static str, Translations>> = OnceLock::new();
    // The shipped tables are read by a unit test; a broken one would be empty rather than a panic.
    TABLES.get_or_init(|| SHIPPED.iter().map(|(code, text)| (*code, serde_yaml::from_str(text).unwrap_or_default())).collect())
}

/// Every key of the interface, in order (those of `en.yaml`).
pub fn keys() -> impl Iterator<Item = &'static str> {
    shipped().get("en").into_iter().flat_map(|table| table.keys().map(String::as_str))
}

/// Whether `key` is a key of the interface.
pub fn is_key(key: &str) -> bool {
    shipped().get("en").is_some_and(|table| table.contains_key(key))
}

/// Whether `key` is a count (its texts given by plural category).
pub fn is_count(key: &str) -> bool {
    matches!(shipped().get("en").and_then(|table| table.get(key)), Some(Translation::Plural(_)))
}

/// Which shipped table `language` is: its primary subtag, when stele ships one.
pub fn shipped_language(language: &str) -> Option<&'static str> {
    let primary = primary(language);
    shipped().keys().copied().find(|code| *code == primary)
}

/// A language's own name for itself ("العربية", "Français"), or its tag when stele has no table for it.
pub fn autonym(language: &str) -> String {
    match shipped_language(language).and_then(|code| shipped().get(code)).and_then(|t| t.get("language_name")) {
        Some(Translation::Text(name)) => name.clone(),
        _ => language.to_string(),
    }
}

/// The CLDR plural category of `n` in `language` (`zero`, `one`, `two`, `few`, `many`, `other`).
pub fn plural_category(language: &str, n: u64) -> &'static str {
    use icu_plurals::{PluralCategory, PluralRules};
    use std::cell::RefCell;
    use std::rc::Rc;
    // ICU4X's rules are not shared between threads: each rendering thread keeps its own, per language.
    thread_local! {
        static RULES: RefCell<BTreeMap<String, Option<Rc<PluralRules>>>> = RefCell::default();
    }
    let rules = RULES.with(|cache| {
        cache
            .borrow_mut()
            .entry(language.to_string())
            .or_insert_with(|| {
                let locale = icu_locale_core::Locale::try_from_str(language).ok()?;
                PluralRules::try_new_cardinal(locale.into()).ok().map(Rc::new)
            })
            .clone()
    });
    let Some(rules) = rules else { return if n == 1 { "one" } else { "other" } };
    match rules.category_for(n) {
        PluralCategory::Zero => "zero",
        PluralCategory::One => "one",
        PluralCategory::Two => "two",
        PluralCategory::Few => "few",
        PluralCategory::Many => "many",
        PluralCategory::Other => "other",
    }
}

/// The interface texts of one site: English, under the shipped table of the
/// site's language, under the project's own `translations:`.
#[derive(Debug, Clone)]
pub struct Table {
    language: String,
    entries: Translations,
    /// Month names, full and short, read from the locale data once (charts ask per page).
    months: OnceLock<Months>,
}

/// Tables are equal by their language and texts (the month names follow from the language).
impl PartialEq for Table {
    fn eq(&self, other: &Table) -> bool {
        self.language == other.language && self.entries == other.entries
    }
}

#[derive(Debug, Clone)]
struct Months {
    full: [String; 12],
    short: [String; 12],
}

impl Table {
    /// The built-in texts for `language`.
    pub fn for_language(language: &str) -> Table {
        let mut entries = shipped().get("en").cloned().unwrap_or_default();
        if let Some(own) = shipped_language(language).and_then(|code| shipped().get(code)) {
            entries.extend(own.iter().map(|(key, text)| (key.clone(), text.clone())));
        }
        Table { language: language.to_string(), entries, months: OnceLock::new() }
    }

    /// The texts of a site in `language` with the project's own `overrides`
    /// (keys that are not keys of the interface are left out: `resolve` warns about them).
    pub fn for_site(language: &str, overrides: &Translations) -> Table {
        let mut table = Table::for_language(language);
        for (key, text) in overrides {
            if let Some(entry) = table.entries.get_mut(key) {
                *entry = text.clone();
            }
        }
        table
    }

    pub fn language(&self) -> &str {
        &self.language
    }

    /// The text of `key` (a count's `other` form); empty for an unknown key.
    pub fn text(&self, key: &str) -> &str {
        match self.entries.get(key) {
            Some(Translation::Text(text)) => text,
            Some(Translation::Plural(forms)) => forms.get("other").map_or("", String::as_str),
            None => "",
        }
    }

    /// Whether the table has `key` (what `key in t` asks in a template).
    pub fn has(&self, key: &str) -> bool {
        self.entries.contains_key(key)
    }

    /// The text of `key` with its `{name}` parts filled in.
    pub fn fill(&self, key: &str, values: &[(&str, &str)]) -> String {
        stele_core::date::fill(self.text(key), values)
    }

    /// The form of the count `key` for `n` in the table's language, its
    /// `{n}` and `{name}` parts filled in (the `plural` filter, for text made in Rust).
    pub fn count(&self, key: &str, n: usize, values: &[(&str, &str)]) -> String {
        let form = match self.entries.get(key) {
            Some(Translation::Plural(forms)) => forms.get(plural_category(&self.language, n as u64)).or_else(|| forms.get("other")),
            Some(Translation::Text(text)) => Some(text),
            None => None,
        };
        let n = n.to_string();
        let mut all = vec![("n", n.as_str())];
        all.extend_from_slice(values);
        stele_core::date::fill(form.map_or("", String::as_str), &all)
    }

    /// January to December in the table's language (see [`Table::date_words`]).
    pub fn month_names(&self) -> &[String; 12] {
        &self.months().full
    }

    /// Their short forms ("Jan", "janv."), for the ticks of chart axes.
    pub fn short_month_names(&self) -> &[String; 12] {
        &self.months().short
    }

    fn months(&self) -> &Months {
        self.months.get_or_init(|| {
            let english = || ENGLISH_SHORT_MONTHS.map(String::from);
            Months {
                full: month_names(&self.language, "%B").unwrap_or_else(|| DateWords::english().months.clone()),
                short: month_names(&self.language, "%b").unwrap_or_else(english),
            }
        })
    }

    /// The words dates are shown with: month names from the locale data of
    /// the language (see [`month_names`]), the rest from this table.
    pub fn date_words(&self) -> DateWords {
        let months = self.month_names().clone();
        let text = |key: &str| self.text(key).to_string();
        DateWords {
            months,
            seasons: [text("season_spring"), text("season_summer"), text("season_autumn"), text("season_winter")],
            day: text("date_day"),
            day_month: text("date_day_month"),
            month: text("date_month"),
            season: text("date_season"),
            approximate: text("date_approximate"),
            uncertain: text("date_uncertain"),
            from: text("date_from"),
            until: text("date_until"),
            bce: text("date_bce"),
            decade: text("date_decade"),
        }
    }

    /// The words figure values are shown with, from this table; a source's
    /// figure is shown as written only in English (the forms stele reads are English).
    pub fn figure_words(&self) -> FigureWords {
        let text = |key: &str| self.text(key).to_string();
        FigureWords {
            at_least: text("figures_at_least"),
            at_most: text("figures_at_most"),
            range: text("figures_range"),
            group_separator: text("figures_group_separator"),
            shows_written: primary(&self.language) == "en",
        }
    }
}

/// Templates receive the table as `t`: texts as strings, counts as maps of
/// their forms that also carry the language, which the `plural` filter reads.
impl Serialize for Table {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.entries.len()))?;
        for (key, entry) in &self.entries {
            match entry {
                Translation::Text(text) => map.serialize_entry(key, text)?,
                Translation::Plural(forms) => map.serialize_entry(key, &PluralForms { language: &self.language, forms })?,
            }
        }
        map.end()
    }
}

struct PluralForms<'a> {
    language: &'a str,
    forms: &'a BTreeMap<String, String>,
}

impl Serialize for PluralForms<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.forms.len() + 1))?;
        map.serialize_entry(PLURAL_LANGUAGE_KEY, self.language)?;
        for (category, text) in self.forms {
            map.serialize_entry(category, text)?;
        }
        map.end()
    }
}

/// Short month names for English (and languages stele has no locale data for).
const ENGLISH_SHORT_MONTHS: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/// The month names of `language` (`%B` full, `%b` short) from glibc's locale data (through chrono),
/// or None for English (stele's own names) and languages it has no data for.
///
/// A tag with a region picks that country's names (`ar-SY`: كانون الثاني,
/// شباط…, the names of Syria, Lebanon, Jordan, Palestine and Iraq); a tag
/// without one takes the language's main country (`fr` → France). For `ar`
/// alone that is Egypt (يناير, فبراير…): the names most widely read across
/// the Arab world, and those CLDR gives plain `ar`.
fn month_names(language: &str, format: &str) -> Option<[String; 12]> {
    let locale = chrono_locale(language)?;
    let mut months: [String; 12] = Default::default();
    for (month, name) in (1..).zip(months.iter_mut()) {
        *name = NaiveDate::from_ymd_opt(2001, month, 1)?.format_localized(format, locale).to_string();
    }
    Some(months)
}

fn chrono_locale(language: &str) -> Option<chrono::Locale> {
    let primary = primary(language);
    if primary == "en" {
        return None;
    }
    let region = language.split(['-', '_']).skip(1).find(|s| s.len() == 2 && s.chars().all(|c| c.is_ascii_alphabetic()));
    let main_country = match primary.as_str() {
        "ar" => "EG".to_string(),
        "fa" => "IR".into(),
        "he" => "IL".into(),
        "ur" => "PK".into(),
        "uk" => "UA".into(),
        "el" => "GR".into(),
        "sv" => "SE".into(),
        "da" => "DK".into(),
        "ja" => "JP".into(),
        "ko" => "KR".into(),
        "zh" => "CN".into(),
        other => other.to_ascii_uppercase(),
    };
    // A country the locale data lacks, named by the neighbour whose names it uses.
    let region = region.map(|r| match (primary.as_str(), r.to_ascii_uppercase().as_str()) {
        ("ar", "PS") => "JO".to_string(),
        (_, other) => other.to_string(),
    });
    let candidates = region.map(|r| format!("{primary}_{r}")).into_iter().chain([format!("{primary}_{main_country}")]);
    candidates.into_iter().find_map(|name| chrono::Locale::try_from(name.as_str()).ok())
}

#[cfg(test)]
mod tests;
