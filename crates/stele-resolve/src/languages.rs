//! Languages: tags checked (`language:` of reports; the site's is checked
//! with its settings), and reports linked to their translations (`translation_of:`).

use crate::report::Resolver;
use stele_core::diagnostics::Code;
use stele_core::model::SiteModel;
use stele_parse::yaml_locate::Step;

/// How a language is written.
pub(crate) const LANGUAGE_HINT: &str = "write a BCP 47 language tag: `ar`, `ar-SY`, `fr`, `en-GB`";

/// Whether `tag` is a language tag; an error at `path` in `file` when not.
pub(crate) fn check_tag(tag: &str, file: &str, path: &[Step], r: &mut Resolver) -> bool {
    if stele_i18n::is_language_tag(tag) {
        return true;
    }
    r.error_at_value(Code::BadLanguage, file, path, format!("language `{tag}` is not a language tag"), Some(LANGUAGE_HINT.into()));
    false
}

/// A report's language is kept only where it differs from the site's, and
/// each original lists its translations (in the model's order). A report
/// translates an original: naming itself, or a report that is itself a
/// translation, is an error and links nothing.
pub(crate) fn link_translations(model: &mut SiteModel, r: &mut Resolver) {
    let site_language = model.config.language.as_str();
    for article in &mut model.articles {
        if article.language.as_deref().is_some_and(|language| stele_i18n::same_language(language, site_language)) {
            article.language = None;
        }
    }
    for ix in 0..model.articles.len() {
        let Some(original) = model.articles[ix].translation_of else { continue };
        let articles = &model.articles;
        let problem = if original == ix {
            Some(("this report's own id".to_string(), "name the report this one translates".to_string()))
        } else {
            articles[original].translation_of.map(|further| {
                (
                    format!("`{}` is itself a translation, of `{}`", articles[original].id, articles[further].id),
                    format!("name the original: `{}`", articles[further].id),
                )
            })
        };
        match problem {
            Some((problem, hint)) => {
                let path = articles[ix].path.clone();
                r.error_at_value(Code::BadTranslation, &path, &[Step::Key("translation_of")], format!("translation_of: {problem}"), Some(hint));
                model.articles[ix].translation_of = None;
            }
            None => model.articles[original].translations.push(ix),
        }
    }
}
