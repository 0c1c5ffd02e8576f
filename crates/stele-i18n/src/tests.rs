use super::*;

const CATEGORIES: [&str; 6] = ["zero", "one", "two", "few", "many", "other"];

#[test]
fn every_shipped_table_reads_and_has_only_english_keys() {
    for (code, text) in SHIPPED {
        let table: Translations = serde_yaml::from_str(text).unwrap_or_else(|e| panic!("i18n/{code}.yaml: {e}"));
        assert!(!table.is_empty(), "{code}");
        for key in table.keys() {
            assert!(is_key(key), "i18n/{code}.yaml has `{key}`, which en.yaml does not");
        }
    }
}

#[test]
fn every_english_key_is_in_arabic_and_french() {
    for code in ["ar", "fr"] {
        let table = &shipped()[code];
        let missing: Vec<&str> = keys().filter(|key| !table.contains_key(*key)).collect();
        assert!(missing.is_empty(), "i18n/{code}.yaml lacks {missing:?}");
    }
}

#[test]
fn counts_have_an_other_form_and_only_cldr_categories() {
    for (code, table) in shipped() {
        for (key, entry) in table {
            if let Translation::Plural(forms) = entry {
                assert!(forms.contains_key("other"), "{code}: {key} has no `other`");
                for category in forms.keys() {
                    assert!(CATEGORIES.contains(&category.as_str()), "{code}: {key}: `{category}`");
                }
            }
            // A text in one table is a text in all, a count a count.
            let english = &shipped()["en"][key];
            assert_eq!(std::mem::discriminant(entry), std::mem::discriminant(english), "{code}: {key}");
        }
    }
}

/// Every `t.key` (and `t["key"]`) a built-in template uses is a key of the table.
#[test]
fn every_key_the_built_in_templates_use_exists() {
    let folder = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../templates");
    let mut used = 0;
    for entry in std::fs::read_dir(&folder).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        for (at, _) in text.match_indices("t.") {
            let before = text[..at].chars().next_back();
            if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '.') {
                continue;
            }
            let key: String = text[at + 2..].chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_').collect();
            assert!(is_key(&key), "{} uses t.{key}, which en.yaml does not have", path.display());
            used += 1;
        }
    }
    assert!(used > 100, "only {used} uses of t found: are the templates converted?");
}

#[test]
fn arabic_counts_follow_its_six_plural_categories() {
    let categories: Vec<&str> = [0, 1, 2, 3, 10, 11, 99, 100, 102].iter().map(|n| plural_category("ar", *n)).collect();
    assert_eq!(categories, ["zero", "one", "two", "few", "few", "many", "many", "other", "other"]);
    assert_eq!(plural_category("fr", 0), "one");
    assert_eq!(plural_category("en", 0), "other");
    assert_eq!(plural_category("en-GB", 1), "one");
}

#[test]
fn direction_by_language_and_script() {
    assert_eq!(direction("ar"), Direction::Rtl);
    assert_eq!(direction("ar-SY"), Direction::Rtl);
    assert_eq!(direction("fa"), Direction::Rtl);
    assert_eq!(direction("he"), Direction::Rtl);
    assert_eq!(direction("en"), Direction::Ltr);
    assert_eq!(direction("fr-FR"), Direction::Ltr);
    assert_eq!(direction("az-Arab"), Direction::Rtl);
    assert_eq!(direction("ku-Latn"), Direction::Ltr);
}

#[test]
fn language_tags() {
    for good in ["ar", "ar-SY", "en-GB", "sr-Latn", "fr"] {
        assert!(is_language_tag(good), "{good}");
    }
    for bad in ["", "arabic language", "e", "en--GB", "12"] {
        assert!(!is_language_tag(bad), "{bad}");
    }
}

#[test]
fn month_names_follow_the_country() {
    // The Levantine and the Egyptian names of January, as glibc's ar_SY and ar_EG have them.
    let levant = Table::for_language("ar-SY").date_words();
    let egypt = Table::for_language("ar").date_words();
    assert_ne!(levant.months[0], egypt.months[0]);
    let january = |locale| NaiveDate::from_ymd_opt(2001, 1, 1).unwrap().format_localized("%B", locale).to_string();
    assert_eq!(levant.months[0], january(chrono::Locale::ar_SY));
    assert_eq!(egypt.months[0], january(chrono::Locale::ar_EG));
    assert_eq!(Table::for_language("fr").date_words().months[4], january(chrono::Locale::fr_FR).replace("janvier", "mai"));
    assert_eq!(&Table::for_language("en").date_words(), DateWords::english());
    // Palestine, which glibc lacks, reads the Levantine names.
    assert_eq!(Table::for_language("ar-PS").date_words().months[0], levant.months[0]);
}

#[test]
fn project_texts_replace_known_keys_only() {
    let overrides: Translations =
        serde_yaml::from_str("reports: Dispatches\nnot_a_key: x\ncount_events: { one: '{n} incident', other: '{n} incidents' }").unwrap();
    let table = Table::for_site("en", &overrides);
    assert_eq!(table.text("reports"), "Dispatches");
    assert_eq!(table.text("not_a_key"), "");
    assert_eq!(table.text("count_events"), "{n} incidents");
    // A missing key in a language's table falls back to English.
    assert_eq!(Table::for_language("de").text("reports"), "Reports");
}

/// Every listed kind of figure has its words in the table (templates look them up as `figure_<kind>`).
#[test]
fn every_listed_figure_kind_has_a_key() {
    for (kind, label) in stele_core::figures::LISTED_KINDS {
        let key = format!("figure_{kind}");
        assert!(is_key(&key), "en.yaml lacks {key}");
        assert_eq!(Table::for_language("en").text(&key), label, "{key}");
    }
}

#[test]
fn figure_words_come_from_the_table() {
    assert_eq!(&Table::for_language("en").figure_words(), stele_core::figures::FigureWords::english());
    let french = Table::for_language("fr-FR").figure_words();
    assert_eq!(french.range(stele_core::figures::FigureRange { low: 1000, high: None }), "au moins 1\u{202F}000");
    assert!(!french.shows_written);
    let overrides: Translations = serde_yaml::from_str("figures_group_separator: \".\"").unwrap();
    assert_eq!(Table::for_site("ar", &overrides).figure_words().number(1_000_000), "1.000.000");
}
