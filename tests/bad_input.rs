//! `stele build` on bad input: one project per class of problem. Each build
//! must exit with 1, point at the exact `file:line:column`, say what is
//! wrong and how to fix it, and leave the previous `site/` (indeed the whole
//! project) exactly as it was.

mod common;

use common::{assert_same_tree, minimal_valid, minimal_valid_site, run_stele_with_timeout, tree, Project, Run};
use std::time::Duration;

/// An article of the minimal fixture that tests add: its front matter starts on line 2.
const NEW_ARTICLE: &str = "content/articles/new-report.md";

/// `---`, `front` (which starts on line 2 of the file), `---`, then `body`.
fn document(front: &str, body: &str) -> String {
    format!("---\n{front}---\n{body}")
}

/// An article with the required keys on lines 2 and 3; `more` starts on line 4.
fn article_with(more: &str) -> String {
    document(&format!("title: A new report\ndate: 2015-06-01\n{more}"), "Body text.\n")
}

/// The minimal fixture with its built `site/` (the previous good build),
/// broken by `break_it`, then built: the build must fail with content errors
/// and change nothing on disk.
fn rejected(break_it: impl FnOnce(&Project)) -> Rejection {
    let project = minimal_valid();
    for (path, bytes) in minimal_valid_site() {
        project.bytes(&format!("site/{path}"), bytes);
    }
    break_it(&project);
    let before = tree(project.root());
    let run = project.build(&[]);
    run.assert_content_errors().assert_stderr_lacks("panicked");
    assert_same_tree(&before, &tree(project.root()), "the project and its site/ after a failed build");
    every_diagnostic_has_a_code(&project);
    Rejection { run, project }
}

/// CI matches on codes (docs/ci.md): `check --format json` gives every
/// problem of the broken project one of the documented codes.
#[track_caller]
fn every_diagnostic_has_a_code(project: &Project) {
    let run = project.check(&["--format", "json"]);
    run.assert_content_errors();
    let known: Vec<&str> = stele::diagnostics::Code::ALL.iter().map(|code| code.as_str()).collect();
    assert!(!run.stdout.trim().is_empty(), "`check --format json` printed no diagnostics\n--- stderr ---\n{}", run.stderr);
    for line in run.stdout.lines() {
        let object: serde_json::Value = serde_json::from_str(line).unwrap_or_else(|err| panic!("not a JSON line ({err}): {line}"));
        let code = object["code"].as_str().unwrap_or_else(|| panic!("a diagnostic without a code: {line}"));
        assert!(known.contains(&code), "an undocumented code `{code}`: {line}");
    }
}

struct Rejection {
    run: Run,
    /// Kept so the temporary folder lives as long as the test looks at it.
    project: Project,
}

impl Rejection {
    /// The printed report whose main position is `position`: `file:line:column`,
    /// or only the file for problems with a whole file.
    #[track_caller]
    fn error_at(&self, position: &str) -> Report<'_> {
        let headers = [format!("┌─ {position}"), format!("= in {position}"), format!("= at {position}")];
        let text = self
            .run
            .reports()
            .into_iter()
            .find(|report| report.lines().take(2).any(|line| headers.iter().any(|h| line.trim() == h)))
            .unwrap_or_else(|| panic!("no report at {position}\n--- stderr ---\n{}", self.run.stderr));
        assert!(text.starts_with("error"), "the report at {position} is not an error:\n{text}");
        Report { position: position.to_string(), text }
    }

    #[track_caller]
    fn error_count(&self, expected: usize) -> &Self {
        let counted = if expected == 1 { "; 1 error,".to_string() } else { format!("; {expected} errors,") };
        self.run.assert_stderr_contains(&counted);
        self
    }
}

/// One diagnostic as printed.
struct Report<'a> {
    position: String,
    text: &'a str,
}

impl Report<'_> {
    /// The message (first line) contains `phrase`.
    #[track_caller]
    fn says(&self, phrase: &str) -> &Self {
        let message = self.text.lines().next().unwrap_or_default();
        assert!(message.contains(phrase), "the message at {} does not say {phrase:?}:\n{}", self.position, self.text);
        self
    }

    /// A `help:` note contains `phrase`.
    #[track_caller]
    fn hints(&self, phrase: &str) -> &Self {
        let helped = self.text.lines().any(|line| line.trim_start().starts_with("= help:") && line.contains(phrase));
        assert!(helped, "no hint {phrase:?} at {}:\n{}", self.position, self.text);
        self
    }

    #[track_caller]
    fn has_a_hint(&self) -> &Self {
        self.hints("")
    }

    /// No `help:` note contains `phrase`.
    #[track_caller]
    fn hints_nothing_about(&self, phrase: &str) -> &Self {
        let helped = self.text.lines().any(|line| line.trim_start().starts_with("= help:") && line.contains(phrase));
        assert!(!helped, "a hint at {} mentions {phrase:?}:\n{}", self.position, self.text);
        self
    }

    /// The source line shown holds `text` and exactly `text` is underlined
    /// (`^` under each of its characters, and nothing more).
    #[track_caller]
    fn underlines(&self, text: &str) -> &Self {
        let lines: Vec<&str> = self.text.lines().collect();
        let underlined = lines.windows(2).any(|pair| {
            let (source, marks) = (pair[0], pair[1]);
            let Some(carets) = marks.find('^') else { return false };
            let run = marks[carets..].chars().take_while(|&c| c == '^').count();
            // Columns as characters: the report's source lines may hold non-ASCII text.
            let column = marks[..carets].chars().count();
            let shown: String = source.chars().skip(column).take(run).collect();
            shown == text && run == text.chars().count()
        });
        assert!(underlined, "the report at {} does not underline exactly {text:?}:\n{}", self.position, self.text);
        self
    }

    /// The report shows `text` somewhere (another file, a label).
    #[track_caller]
    fn shows(&self, text: &str) -> &Self {
        assert!(self.text.contains(text), "the report at {} does not show {text:?}:\n{}", self.position, self.text);
        self
    }
}

// ---------------------------------------------------------------------------
// Front matter: syntax and shape

#[test]
fn yaml_syntax_error() {
    let rejection = rejected(|p| {
        p.file(NEW_ARTICLE, &article_with("sites: [palmyra, \"Tadmur\" city]\n"));
    });
    // After a quoted item the flow sequence wants `,` or `]`.
    rejection.error_at("content/articles/new-report.md:4:27").says("did not find expected ',' or ']'").hints("check the YAML syntax");
}

#[test]
fn yaml_syntax_error_message_has_no_second_position() {
    let rejection = rejected(|p| {
        p.file(NEW_ARTICLE, &article_with("sites: [palmyra, \"Tadmur\" city]\n"));
    });
    let report = rejection.error_at("content/articles/new-report.md:4:27");
    assert!(!report.text.lines().next().unwrap().contains(" at line "), "{}", report.text);
}

#[test]
fn an_unclosed_bracket_is_pointed_at_not_the_line_where_yaml_noticed() {
    let rejection = rejected(|p| {
        // libyaml notices on line 5 or at the fence; the `[` of `title` is text, not a list.
        p.file(NEW_ARTICLE, &document("title: Temple [of] Bel\ndate: 2015-06-01\nsites: [palmyra\nactors: [amaq]\n", "Body text.\n"));
        p.file("content/articles/unclosed-mapping.md", &article_with("source: { name: \"Wire {1}\", url: https://a.example/ # }\ntags: [x]\n"));
        p.file(
            "content/articles/unclosed-nested.md",
            &article_with("events:\n  - date: 2015\n    title: x\n    sites: [palmyra, [temple-of-bel], temple-of-bel\n    kind: capture\n"),
        );
    });
    rejection.error_count(3);
    rejection
        .error_at("content/articles/new-report.md:4:8")
        .says("this `[` is never closed")
        .hints("close the list with `]` on the same line")
        .underlines("[");
    rejection
        .error_at("content/articles/unclosed-mapping.md:4:9")
        .says("this `{` is never closed")
        .hints("close the mapping with `}` on the same line");
    rejection.error_at("content/articles/unclosed-nested.md:7:12").says("this `[` is never closed");
}

#[test]
fn missing_front_matter() {
    rejected(|p| {
        p.file(NEW_ARTICLE, "title: A new report\n\nBody text.\n");
    })
    .error_at("content/articles/new-report.md:1:1")
    .says("missing front matter")
    .says("must start with a line `---`");
}

#[test]
fn unclosed_front_matter() {
    rejected(|p| {
        p.file(NEW_ARTICLE, "---\ntitle: A new report\ndate: 2015-06-01\n\nBody text.\n");
    })
    .error_at("content/articles/new-report.md:1:1")
    .says("front matter is not closed")
    .says("add a line `---`");
}

#[test]
fn unknown_top_level_key_suggests_the_nearest() {
    rejected(|p| {
        p.file(NEW_ARTICLE, &article_with("actor: [islamic-state]\n"));
    })
    .error_at("content/articles/new-report.md:4:1")
    .says("unknown key `actor`")
    .hints("did you mean `actors`?");
}

#[test]
fn every_unknown_top_level_key_of_a_file_is_reported() {
    let rejection = rejected(|p| {
        p.file(NEW_ARTICLE, &article_with("actor: [islamic-state]\nsite: [palmyra]\n"));
    });
    rejection.error_count(2);
    rejection.error_at("content/articles/new-report.md:4:1").says("unknown key `actor`").hints("did you mean `actors`?");
    rejection.error_at("content/articles/new-report.md:5:1").says("unknown key `site`").hints("did you mean `sites`?");
}

#[test]
fn unknown_key_inside_an_event() {
    rejected(|p| {
        p.file(NEW_ARTICLE, &article_with("events:\n  - id: new-event\n    date: 2015-05\n    title: An event\n    sitez: [palmyra]\n"));
    })
    .error_at("content/articles/new-report.md:8:5")
    .says("unknown key `sitez` in `events[0]`")
    .hints("did you mean `sites`?");
}

#[test]
fn missing_required_key() {
    rejected(|p| {
        p.file(NEW_ARTICLE, &document("date: 2015-06-01\n", "Body text.\n"));
    })
    .error_at("content/articles/new-report.md:2:1")
    .says("missing required key `title`");
}

#[test]
fn wrong_type() {
    rejected(|p| {
        p.file(NEW_ARTICLE, &article_with("sites: palmyra\n"));
    })
    .error_at("content/articles/new-report.md:4:8")
    .says("wrong type")
    .says("expected a sequence in `sites`");
}

#[test]
fn every_front_matter_error_says_how_to_fix_it() {
    let rejection = rejected(|p| {
        p.file("content/articles/missing-key.md", &document("date: 2015-06-01\n", "Body text.\n"));
        p.file("content/articles/wrong-type.md", &article_with("sites: palmyra\n"));
        p.file("content/articles/syntax.md", &article_with("sites: [palmyra\n"));
        p.file("content/articles/duplicate.md", &article_with("title: Again\n"));
    });
    rejection.error_at("content/articles/missing-key.md:2:1").hints("title");
    rejection.error_at("content/articles/wrong-type.md:4:8").has_a_hint();
    rejection.error_at("content/articles/syntax.md:4:8").has_a_hint();
    rejection.error_at("content/articles/duplicate.md:4:1").has_a_hint();
}

#[test]
fn a_duplicated_key_is_reported_where_it_is_given_again() {
    let rejection = rejected(|p| {
        p.file(NEW_ARTICLE, &article_with("title: Another title\n"));
        p.file(
            "content/articles/duplicate-in-event.md",
            &article_with("events:\n  - date: 2015-05\n    title: An event\n    kind: capture\n    title: The event\n"),
        );
    });
    rejection
        .error_at("content/articles/new-report.md:4:1")
        .says("key `title` is given twice")
        .hints("keep one of them")
        .underlines("title")
        .shows("first given here")
        .shows("2 │ title: A new report");
    rejection.error_at("content/articles/duplicate-in-event.md:8:5").says("key `title` is given twice in `events[0]`").shows("first given here");
}

#[test]
fn every_problem_of_a_file_is_reported_in_one_run() {
    let rejection = rejected(|p| {
        p.file(
            NEW_ARTICLE,
            &document(
                concat!(
                    "title: A new report\n",
                    "date: June 2017\n",
                    "sitez: [palmyra]\n",
                    "actors: [islamic-stat]\n",
                    "events:\n",
                    "  - date: 2015-13\n",
                    "    title: An event\n",
                    "    sites: [palmyr]\n",
                    "    status: rumoured\n",
                ),
                "See [the city](site:palmyrr).\n",
            ),
        );
    });
    rejection.error_count(7);
    rejection.error_at("content/articles/new-report.md:3:7").says("invalid publication date \"June 2017\"");
    rejection.error_at("content/articles/new-report.md:4:1").says("unknown key `sitez`").hints("did you mean `sites`?");
    rejection.error_at("content/articles/new-report.md:5:10").says("unknown actor `islamic-stat`");
    rejection.error_at("content/articles/new-report.md:7:11").says("invalid date \"2015-13\"");
    rejection.error_at("content/articles/new-report.md:9:13").says("unknown site `palmyr`");
    rejection.error_at("content/articles/new-report.md:10:13").says("`rumoured` is not an accepted value in `events[0].status`");
    rejection.error_at("content/articles/new-report.md:12:16").says("link to unknown site `palmyrr`");
}

#[test]
fn a_file_without_a_required_key_reports_its_own_front_matter_only() {
    let rejection = rejected(|p| {
        p.file(NEW_ARTICLE, &document("date: 2015-06-01\nsitez: [palmyr]\nactors: [islamic-stat]\n", "See [the city](site:palmyrr).\n"));
    });
    // The file cannot be read without its title: its references are not looked up.
    rejection.error_count(2);
    rejection.error_at("content/articles/new-report.md:2:1").says("missing required key `title`");
    rejection.error_at("content/articles/new-report.md:3:1").says("unknown key `sitez`");
}

#[test]
fn a_misspelt_or_mistyped_required_key_is_not_also_missing() {
    let rejection = rejected(|p| {
        p.file(NEW_ARTICLE, &document("titel: A new report\ndate: 2015-06-01\n", "Body text.\n"));
        p.file("content/articles/typed.md", &document("title: [A, list]\ndate: 2015-06-01\nsitez: [palmyra]\n", "Body text.\n"));
        p.file("content/articles/event-title.md", &article_with("events:\n  - date: 2015-05\n    title: { text: An event }\n    sites: [palmyr]\n"));
    });
    // The event entry without its title (set aside) and without `id` cannot
    // be named: said once more, at the entry (an entry with an `id` may
    // leave its title to an event file, so a title is no longer required).
    rejection.error_count(5);
    rejection.error_at("content/articles/event-title.md:5:5").says("an event without `id` needs both `date` and `title`");
    rejection.error_at("content/articles/new-report.md:2:1").says("unknown key `titel`").hints("did you mean `title`?");
    rejection.error_at("content/articles/typed.md:2:8").says("wrong type").says("in `title`");
    rejection.error_at("content/articles/typed.md:4:1").says("unknown key `sitez`");
    // The event is left out: its sites are not looked up.
    rejection.error_at("content/articles/event-title.md:6:12").says("wrong type").says("in `events[0].title`");
    rejection.run.assert_stderr_lacks("missing required key");
}

#[test]
fn list_items_after_a_broken_one_are_reported_in_place() {
    let rejection = rejected(|p| {
        p.file(
            NEW_ARTICLE,
            &article_with(concat!(
                "quotes:\n",
                "  - by: amaq\n",
                "  - by: amaq\n",
                "    text: One.\n",
                "    when: 2015\n",
                "  - by: amak\n",
                "    text: Two.\n",
                "events:\n",
                "  - date: 2015-05\n",
                "    title: An event\n",
                "    actors: [{ idd: amaq }, amak]\n",
            )),
        );
    });
    rejection.error_at("content/articles/new-report.md:5:5").says("missing required key `text` in `quotes[0]`");
    rejection.error_at("content/articles/new-report.md:8:5").says("unknown key `when` in `quotes[1]`");
    rejection.error_at("content/articles/new-report.md:14:14").says("an actor must be an id").says("in `events[0].actors[0]`");
    // Items after a broken one are left out of what is checked further, so nothing is reported at the wrong item.
    rejection.error_count(3);
}

#[test]
fn unknown_keys_mention_extra_only_where_there_is_one() {
    let rejection = rejected(|p| {
        p.file(NEW_ARTICLE, &article_with("events:\n  - date: 2015-05\n    title: An event\n    extra: { note: x }\nnotes: x\n"));
    });
    rejection.error_at("content/articles/new-report.md:7:5").says("unknown key `extra` in `events[0]`").hints_nothing_about("extra:");
    rejection.error_at("content/articles/new-report.md:8:1").says("unknown key `notes`").hints("Free-form data goes under `extra:`");
}

#[test]
fn a_file_that_is_not_utf8_is_reported_at_its_first_bad_byte() {
    rejected(|p| {
        p.bytes(NEW_ARTICLE, b"---\ntitle: Caf\xe9 in \xe9t\xe9\ndate: 2015-06-01\n---\nBody text.\n");
    })
    .error_at("content/articles/new-report.md:2:11")
    .says("file is not valid UTF-8")
    .hints("the byte 0xE9 here is not UTF-8")
    .shows("2 │ title: Caf\u{fffd} in");
}

#[test]
fn multi_word_values_are_underlined_whole() {
    let rejection = rejected(|p| {
        p.file(NEW_ARTICLE, &document("title: A new report\ndate: June 2017 # when it was\nsites: [Old City of Mosul, palmyra]\n", "Body text.\n"));
        p.file("content/articles/quoted.md", &article_with("slug: \"A new slug\"\nevents:\n  - date: 2015\n    title: x\n    status: 'not sure'\n"));
    });
    rejection.error_at("content/articles/new-report.md:3:7").underlines("June 2017");
    rejection.error_at("content/articles/new-report.md:4:9").says("unknown site `Old City of Mosul`").underlines("Old City of Mosul");
    rejection.error_at("content/articles/quoted.md:4:7").says("slug `A new slug` is not a valid id").underlines("\"A new slug\"");
    rejection.error_at("content/articles/quoted.md:8:13").says("`not sure` is not an accepted value").underlines("'not sure'");
}

#[test]
fn messages_do_not_name_internal_types() {
    let rejection = rejected(|p| {
        p.file(NEW_ARTICLE, &document("- a list\n- not a mapping\n", ""));
    });
    let report = rejection.error_at("content/articles/new-report.md:2:1");
    assert!(!report.text.contains("ArticleFront") && !report.text.contains("struct"), "{}", report.text);
}

// ---------------------------------------------------------------------------
// Dates

#[test]
fn invalid_dates_list_the_accepted_forms() {
    let rejection = rejected(|p| {
        p.file(
            NEW_ARTICLE,
            &article_with(concat!(
                "events:\n",
                "  - date: 2015-13\n",
                "    title: Month thirteen\n",
                "  - date: 2015-02-30\n",
                "    title: The thirtieth of February\n",
                "  - date: May 2015\n",
                "    title: In words\n",
            )),
        );
        p.file("content/articles/published-in-words.md", &document("title: A report\ndate: May 2015\n", "Body text.\n"));
    });
    rejection.error_count(4);
    let forms = "accepted forms: 2016-12-11, 2015-05, 2015, 2015-05-13/2015-05-21";
    rejection.error_at("content/articles/new-report.md:5:11").says("invalid date \"2015-13\"").says(forms);
    rejection.error_at("content/articles/new-report.md:7:11").says("invalid date \"2015-02-30\"").says(forms);
    rejection.error_at("content/articles/new-report.md:9:11").says("invalid date \"May 2015\"").says(forms);
    rejection.error_at("content/articles/published-in-words.md:3:7").says("invalid publication date \"May 2015\"").says("2015-05 for May 2015");
}

/// `updated:` is read like `date:`, and a revision cannot come before the
/// publication: both are errors at the `updated` value.
#[test]
fn an_update_before_the_publication_date_is_an_error_at_the_value() {
    let rejection = rejected(|p| {
        p.file(NEW_ARTICLE, &document("title: A new report\ndate: 2015-06-01T12:00:00+02:00\nupdated: 2015-06-01T09:00:00Z\n", "Body text.\n"));
        p.file("content/articles/earlier-day.md", &document("title: Another report\ndate: 2015-06-01\nupdated: 2015-05-31\n", "Body text.\n"));
        p.file("content/articles/unreadable.md", &document("title: A third report\ndate: 2015-06-01\nupdated: June 2015\n", "Body text.\n"));
    });
    rejection.error_count(3);
    // 12:00 at +02:00 is 10:00 UTC: an update at 09:00 UTC comes before it.
    rejection
        .error_at("content/articles/new-report.md:4:10")
        .says("`updated: 2015-06-01T09:00:00Z` is before the publication date `2015-06-01T12:00:00+02:00`")
        .hints("no earlier than `date`");
    rejection.error_at("content/articles/earlier-day.md:4:10").says("`updated: 2015-05-31` is before the publication date `2015-06-01`");
    rejection.error_at("content/articles/unreadable.md:4:10").says("invalid publication date \"June 2015\"");
}

// ---------------------------------------------------------------------------
// Ids and references

#[test]
fn unknown_site_suggests_the_nearest() {
    rejected(|p| {
        p.file(NEW_ARTICLE, &article_with("sites: [palmyra, palmyr]\n"));
    })
    .error_at("content/articles/new-report.md:4:18")
    .says("unknown site `palmyr`")
    .hints("did you mean `palmyra`");
}

#[test]
fn unknown_actors_in_an_event_are_located_in_every_form() {
    let rejection = rejected(|p| {
        p.file(
            NEW_ARTICLE,
            &article_with(concat!(
                "events:\n",
                "  - id: new-event\n",
                "    date: 2015-05\n",
                "    title: An event\n",
                "    actors:\n",
                "      - islamic-stat\n",
                "      - { id: syrian-arab-arm, role: defender }\n",
                "    claimed_by: [amak]\n",
                "    confirmed_by: [syrian-army]\n",
            )),
        );
    });
    rejection.error_count(4);
    rejection.error_at("content/articles/new-report.md:9:9").says("unknown actor `islamic-stat`").hints("did you mean `islamic-state`");
    rejection.error_at("content/articles/new-report.md:10:15").says("unknown actor `syrian-arab-arm`").hints("did you mean `syrian-arab-army`");
    rejection.error_at("content/articles/new-report.md:11:18").says("unknown actor `amak`").hints("did you mean `amaq`");
    rejection.error_at("content/articles/new-report.md:12:20").says("unknown actor `syrian-army`").hints("`syrian-arab-army`");
}

#[test]
fn unknown_quote_author() {
    rejected(|p| {
        p.file(NEW_ARTICLE, &article_with("quotes:\n  - by: isis\n    text: Something said.\n"));
    })
    .error_at("content/articles/new-report.md:5:9")
    .says("unknown actor `isis`")
    .hints("did you mean `islamic-state`");
}

#[test]
fn unknown_part_of() {
    let rejection = rejected(|p| {
        p.file("content/sites/roman-theatre.md", &document("name: Roman Theatre\npart_of: palmira\n", ""));
        p.file("content/actors/amaq-editors.md", &document("name: Amaq editors\npart_of: amak\n", ""));
    });
    rejection.error_count(2);
    rejection.error_at("content/sites/roman-theatre.md:3:10").says("unknown site `palmira`").hints("did you mean `palmyra`");
    rejection.error_at("content/actors/amaq-editors.md:3:10").says("unknown actor `amak`").hints("did you mean `amaq`");
}

#[test]
fn part_of_loop() {
    rejected(|p| {
        p.file("content/sites/north-gate.md", &document("name: North gate\npart_of: south-gate\n", ""));
        p.file("content/sites/south-gate.md", &document("name: South gate\npart_of: north-gate\n", ""));
    })
    .error_at("content/sites/north-gate.md:3:10")
    .says("part_of loop: north-gate → south-gate → north-gate")
    .hints("remove one part_of");
}

#[test]
fn an_actor_part_of_loop_says_an_actor() {
    rejected(|p| {
        p.edit("content/actors/islamic-state.md", "name: Islamic State\n", "name: Islamic State\npart_of: amaq\n");
    })
    .error_at("content/actors/amaq.md:4:10")
    .says("part_of loop")
    .hints("an actor cannot lie inside itself");
}

#[test]
fn duplicate_site_id_names_both_files() {
    rejected(|p| {
        p.file("content/sites/syria/palmyra.md", &document("name: Palmyra again\n", ""));
    })
    .error_at("content/sites/syria/palmyra.md")
    .says("duplicate site id `palmyra`")
    .shows("content/sites/palmyra.md: first defined here")
    .hints("rename one of the two");
}

#[test]
fn duplicate_article_slug_names_both_files() {
    rejected(|p| {
        p.file("content/articles/z-copy.md", &article_with("slug: palmyra-falls\n"));
    })
    .error_at("content/articles/z-copy.md:4:7")
    .says("duplicate article id `palmyra-falls`")
    .shows("content/articles/palmyra-falls.md: first defined here")
    .hints("rename one of the two");
}

#[test]
fn site_file_name_that_is_not_an_id_gets_a_valid_one_proposed() {
    rejected(|p| {
        p.rename("content/sites/temple-of-bel.md", "content/sites/Temple of Bel.md");
    })
    .error_at("content/sites/Temple of Bel.md")
    .says("file name `Temple of Bel.md` is not a valid site id")
    .hints("rename it to `temple-of-bel.md`");
}

#[test]
fn path_like_slugs_and_links_are_rejected_and_nothing_leaves_the_output() {
    let rejection = rejected(|p| {
        p.file(NEW_ARTICLE, &document("title: Escape\ndate: 2015-06-01\nslug: ../../etc\n", "Body text.\n"));
        p.file("content/articles/escaping-link.md", &document("title: Escape\ndate: 2015-06-01\n", "See [this](site:../../etc).\n"));
    });
    rejection.error_at("content/articles/new-report.md:4:7").says("slug `../../etc` is not a valid id").hints("`etc`");
    rejection.error_at("content/articles/escaping-link.md:5:12").says("link to unknown site `../../etc`");
    // `rejected` found the project folder unchanged; its parent must be too.
    let outside = rejection.project.root().parent().unwrap().join("etc/index.html");
    assert!(!outside.exists(), "{} was written", outside.display());
}

/// `count` words joined by hyphens: a valid id of `5 * count - 1` bytes.
fn long_id(count: usize) -> String {
    vec!["word"; count].join("-")
}

#[test]
fn ids_too_long_for_a_folder_name_are_reported_where_written() {
    let (slug, event_id, file_name) = (long_id(60), long_id(60), long_id(41));
    let rejection = rejected(|p| {
        p.file(NEW_ARTICLE, &article_with(&format!("slug: {slug}\nevents:\n  - id: {event_id}\n    date: 2015\n    title: An event\n")));
        p.file(&format!("content/sites/{file_name}.md"), &document("name: A site\n", ""));
    });
    rejection.error_count(3);
    rejection
        .error_at("content/articles/new-report.md:4:7")
        .says("slug is 299 bytes long; ids name output folders and may be at most 200 bytes")
        .hints("write a shorter one");
    rejection
        .error_at("content/articles/new-report.md:6:9")
        .says("event id is 299 bytes long; ids name output folders and may be at most 200 bytes")
        .hints("write a shorter one");
    rejection
        .error_at(&format!("content/sites/{file_name}.md"))
        .says("this file name (the site's id) is 204 bytes long; ids name output folders and may be at most 200 bytes")
        .hints("rename the file to a shorter name");
    rejection.run.assert_stderr_lacks("cannot write");
}

/// Reports that disagree are claims and only a warning (tests/claims.rs);
/// one report giving an event two ways is a mistake.
#[test]
fn one_report_giving_an_event_two_ways_reports_both_places() {
    rejected(|p| {
        let second = "  - id: palmyra-falls-2015\n    date: 2015-05-13/2015-05-21\n    title: Islamic State takes Palmyra\n---\n";
        p.edit("content/articles/temple-of-bel-destroyed.md", "    sites: [temple-of-bel]\n---\n", &format!("    sites: [temple-of-bel]\n{second}"));
    })
    .error_at("content/articles/temple-of-bel-destroyed.md:20:12")
    .says("event `palmyra-falls-2015`: title `Islamic State takes Palmyra` disagrees with `Islamic State captures Palmyra` given earlier in this report")
    .shows("15 │     title: Islamic State captures Palmyra")
    .shows("title `Islamic State captures Palmyra` given here")
    .hints("one report gives an event one title");
}

#[test]
fn references_to_an_entity_whose_file_failed_to_parse_are_not_reported_again() {
    let rejection = rejected(|p| {
        // One YAML slip in each file: neither enters the model.
        p.edit("content/sites/palmyra.md", "name: Palmyra\n", "name: Palmyra\n  bad: [\n");
        p.edit("content/actors/islamic-state.md", "name: Islamic State\n", "name: Islamic State\n  bad: [\n");
        p.append("content/sites/temple-of-bel.md", "Part of [the city](site:palmyra).\n");
        // Every other way of naming them, and one real typo.
        p.file(
            NEW_ARTICLE,
            &document(
                concat!(
                    "title: A new report\n",
                    "date: 2015-06-01\n",
                    "sites: [palmyra, temple-of-be]\n",
                    "actors: [islamic-state]\n",
                    "events:\n",
                    "  - id: new-event\n",
                    "    date: 2015-05\n",
                    "    title: An event\n",
                    "    sites: [palmyra]\n",
                    "    actors: [islamic-state, { id: islamic-state, role: attacker }]\n",
                    "    claimed_by: [islamic-state]\n",
                    "    confirmed_by: [islamic-state]\n",
                    "quotes:\n",
                    "  - by: islamic-state\n",
                    "    text: Something said.\n",
                ),
                "Body text about [the city](site:palmyra) and [the group](actor:islamic-state).\n",
            ),
        );
    });
    rejection.error_count(3);
    rejection.error_at("content/sites/palmyra.md:3:6");
    rejection.error_at("content/actors/islamic-state.md:3:6");
    rejection.error_at("content/articles/new-report.md:4:18").says("unknown site `temple-of-be`").hints("did you mean `temple-of-bel`");
    rejection.run.assert_stderr_lacks("unknown site `palmyra`").assert_stderr_lacks("unknown actor `islamic-state`");
}

// ---------------------------------------------------------------------------
// Links in bodies

#[test]
fn unknown_site_link_is_located_in_the_body() {
    rejected(|p| {
        p.file(NEW_ARTICLE, &document("title: A new report\ndate: 2015-06-01\n", "First paragraph.\n\nSee [the city](site:palmyr) today.\n"));
    })
    .error_at("content/articles/new-report.md:7:16")
    .says("link to unknown site `palmyr`")
    .hints("did you mean `palmyra`");
}

/// Found by tests/properties.rs: a `[text][label]` link was located at the
/// link rather than at the address in its definition, and a link whose
/// title repeats its address at the title.
#[test]
fn reference_links_are_located_at_their_address() {
    let rejection = rejected(|p| {
        let body = "See [the city][c] and [that](site:palmyrr \"site:palmyrr\").\n\n[c]: site:palmyr\n";
        p.file(NEW_ARTICLE, &document("title: A new report\ndate: 2015-06-01\n", body));
    });
    rejection.error_at("content/articles/new-report.md:7:6").says("link to unknown site `palmyr`");
    rejection.error_at("content/articles/new-report.md:5:30").says("link to unknown site `palmyrr`");
}

#[test]
fn columns_count_characters_not_bytes() {
    let rejection = rejected(|p| {
        p.file(NEW_ARTICLE, &document("title: Ḥomṣ\ndate: 2015-06-01\nsites: [\"Ḥomṣ\", palmyr]\n", "Ḥomṣ é [x](site:palmyrr).\n"));
    });
    rejection.error_at("content/articles/new-report.md:4:17").says("unknown site `palmyr`");
    rejection.error_at("content/articles/new-report.md:6:12").says("link to unknown site `palmyrr`");
}

#[test]
fn unknown_event_and_article_links() {
    let rejection = rejected(|p| {
        p.file(
            NEW_ARTICLE,
            &document(
                "title: A new report\ndate: 2015-06-01\n",
                "After [the fall](event:palmyra-falls-2016),\nsee [the report](article:temple-of-bel-destroy).\n",
            ),
        );
    });
    rejection
        .error_at("content/articles/new-report.md:5:18")
        .says("link to unknown event `palmyra-falls-2016`")
        .hints("did you mean `palmyra-falls-2015`");
    rejection
        .error_at("content/articles/new-report.md:6:18")
        .says("link to unknown article `temple-of-bel-destroy`")
        .hints("did you mean `temple-of-bel-destroyed`");
}

// ---------------------------------------------------------------------------
// Links to scripts

const SCRIPT_LINK: &str = "would run a script";
const SCRIPT_LINK_HINT: &str = "a report links to web pages, not scripts: remove the link or give an http(s) address";

#[test]
fn script_links_in_a_body_are_refused_at_their_address_however_spelled() {
    let body = concat!(
        "First paragraph.\n",                                       // line 5
        "[a](javascript:alert(1)) [b](JaVaScRiPt:alert(1))\n",      // 6: columns 5, 30
        "[c](<  javascript:alert(1)>) [d](&#1;javascript:x)\n",     // 7: columns 6, 34
        "[e](<java\tscript:x>) [f](java&#10;script:x)\n",           // 8: columns 6, 26
        "[g](&#106;avascript:x) [h](vbscript:msgbox(1))\n",         // 9: columns 5, 28
        "[i](data:text/html,<script>x</script>) <javascript:x>\n",  // 10: columns 5, 41
        "![j](data:image/svg+xml,x) [![k](a.png)](javascript:x)\n", // 11: columns 6, 42
    );
    let rejection = rejected(|p| {
        p.file(NEW_ARTICLE, &document("title: A new report\ndate: 2015-06-01\n", body));
    });
    let places = [(6, 5), (6, 30), (7, 6), (7, 34), (8, 6), (8, 26), (9, 5), (9, 28), (10, 5), (10, 41), (11, 6), (11, 42)];
    rejection.error_count(places.len());
    for (line, column) in places {
        rejection.error_at(&format!("{NEW_ARTICLE}:{line}:{column}")).says(SCRIPT_LINK).hints(SCRIPT_LINK_HINT);
    }
    rejection.error_at(&format!("{NEW_ARTICLE}:9:28")).says("link to a `vbscript:` address");
    rejection.error_at(&format!("{NEW_ARTICLE}:10:5")).says("link to a `data:` address that is not an image");
    rejection.error_at(&format!("{NEW_ARTICLE}:11:6")).says("`data:` address that is not an image");
}

#[test]
fn script_links_through_reference_definitions_are_located_at_the_definition() {
    let body = "See [the report][r] and [the video].\n\n[r]: javascript:alert(1)\n[The Video]:\n   <vbscript:x> \"Title\"\n";
    let rejection = rejected(|p| {
        p.file(NEW_ARTICLE, &document("title: A new report\ndate: 2015-06-01\n", body));
    });
    rejection.error_count(2);
    rejection.error_at(&format!("{NEW_ARTICLE}:7:6")).says("link to a `javascript:` address").hints(SCRIPT_LINK_HINT);
    rejection.error_at(&format!("{NEW_ARTICLE}:9:5")).says("link to a `vbscript:` address");
}

#[test]
fn script_links_in_footnotes_descriptions_and_entity_bodies_are_refused() {
    let rejection = rejected(|p| {
        p.file(
            NEW_ARTICLE,
            &document(
                concat!(
                    "title: A new report\n",
                    "date: 2015-06-01\n",
                    "events:\n",
                    "  - date: 2015-05\n",
                    "    title: An event\n",
                    "    description: See [the claim](javascript:alert(1)).\n",
                ),
                "A claim[^1].\n\n[^1]: Posted [online](javascript:alert(2)).\n",
            ),
        );
        p.file("content/sites/roman-theatre.md", &document("name: Roman Theatre\n", "Built in the [second century](JAVASCRIPT:x).\n"));
    });
    rejection.error_count(3);
    // A description is YAML: its value is located.
    rejection.error_at(&format!("{NEW_ARTICLE}:7:18")).says(SCRIPT_LINK).hints(SCRIPT_LINK_HINT);
    rejection.error_at(&format!("{NEW_ARTICLE}:11:23")).says(SCRIPT_LINK);
    rejection.error_at("content/sites/roman-theatre.md:4:31").says(SCRIPT_LINK).hints(SCRIPT_LINK_HINT);
}

#[test]
fn script_addresses_of_sources_in_front_matter_are_refused_at_the_value() {
    let rejection = rejected(|p| {
        p.file(
            NEW_ARTICLE,
            &article_with(concat!(
                "source:\n",
                "  name: A channel\n",
                "  url: \" JaVaScRiPt:alert(1)\"\n",
                "events:\n",
                "  - date: 2015-05\n",
                "    title: An event\n",
                "    sources:\n",
                "      - title: Fine\n",
                "        url: https://example.org/\n",
                "      - title: Not fine\n",
                "        url: data:text/html,<script>alert(1)</script>\n",
            )),
        );
    });
    rejection.error_count(2);
    rejection.error_at(&format!("{NEW_ARTICLE}:6:8")).says("`url` is a `javascript:` address, which would run a script").hints(SCRIPT_LINK_HINT);
    rejection.error_at(&format!("{NEW_ARTICLE}:14:14")).says("`url` is a `data:` address that is not an image");
}

#[test]
fn raster_images_inlined_as_data_addresses_are_published() {
    let project = minimal_valid();
    let image = "data:image/png;base64,iVBORw0KGgo=";
    project.file(NEW_ARTICLE, &document("title: A new report\ndate: 2015-06-01\n", &format!("A map: ![map]({image}).\n")));
    project.build_ok(&[]);
    assert!(project.page("articles/new-report/index.html").contains(&format!("<img src=\"{image}\" alt=\"map\"")));
}

// ---------------------------------------------------------------------------
// Assets and settings

#[test]
fn asset_that_would_overwrite_a_generated_file() {
    let rejection = rejected(|p| {
        p.file("content/index.html", "<p>my own home page</p>");
        p.file("content/static/style.css", "body {}");
    });
    rejection.error_at("content/index.html").says("would overwrite a generated file").hints("move or rename it");
    rejection.error_at("content/static/style.css").says("would overwrite a generated file");
}

#[test]
fn unknown_site_yaml_key() {
    rejected(|p| {
        p.append("content/site.yaml", "articles_per_pag: 3\n");
    })
    .error_at("content/site.yaml:6:1")
    .says("unknown key `articles_per_pag`")
    .hints("did you mean `articles_per_page`?");
}

#[test]
fn swimlane_actors_is_a_count() {
    rejected(|p| {
        p.append("content/site.yaml", "swimlane_actors: many\n");
    })
    .error_at("content/site.yaml:6:18")
    .says("wrong type: string \"many\", expected a whole number, 0 or more in `swimlane_actors`")
    .hints("write a whole number, 0 or more here");
}

#[test]
fn a_broken_site_yaml_is_not_also_reported_as_missing_base_url() {
    let rejection = rejected(|p| {
        p.append("content/site.yaml", "articles_per_pag: 3\n");
    });
    rejection.run.assert_stderr_lacks("no base_url");
}

#[test]
fn asset_that_collides_with_a_page_folder() {
    rejected(|p| {
        p.file("content/articles/palmyra-falls", "a file without an extension");
    })
    .error_at("content/articles/palmyra-falls")
    .says("would overwrite a generated file");
}

#[test]
fn template_error_while_rendering_leaves_the_previous_site_unchanged() {
    // The new title would change every page: none of them may reach site/.
    rejected(|p| {
        p.edit("content/site.yaml", "title: Test Heritage Monitor", "title: Renamed Monitor");
        p.file("templates/article.html", "{{ no_such.thing }}");
    })
    .error_at("templates/article.html:1:4")
    .says("unknown variable `no_such.thing` (on 2 pages, e.g. articles/temple-of-bel-destroyed/index.html)");
}

/// A project's `base.html` with `line` as its fourth line.
fn base_template_with(line: &str) -> String {
    format!(
        "<!doctype html>\n<title>{{% block title %}}{{{{ page.title }}}}{{% endblock title %}}</title>\n{{% block head %}}{{% endblock head %}}\n{line}\n{{% block content %}}{{% endblock content %}}\n"
    )
}

#[test]
fn an_unknown_variable_in_base_html_is_one_error_at_its_place() {
    let rejection = rejected(|p| {
        p.file("templates/base.html", &base_template_with("<p>{{ page.titel }}</p>"));
    });
    rejection.error_count(1);
    rejection
        .error_at("templates/base.html:4:7")
        .says("unknown variable `page.titel` (on 18 pages, e.g. index.html)")
        .hints("did you mean `page.title`?");
}

#[test]
fn an_unknown_variable_suggests_what_the_pages_have_at_that_level() {
    // `article` exists on article pages only: the names of every page kind are candidates.
    let rejection = rejected(|p| {
        p.file("templates/base.html", &base_template_with("<p>{{ artcle }}</p>"));
    });
    rejection.error_count(1);
    rejection.error_at("templates/base.html:4:7").says("unknown variable `artcle`").hints("did you mean `article`");
}

#[test]
fn an_unknown_filter_in_base_html_is_one_error_at_its_place() {
    let rejection = rejected(|p| {
        p.file("templates/base.html", &base_template_with("<p>{{ config.title | uppper }}</p>"));
    });
    rejection.error_count(1);
    rejection.error_at("templates/base.html:4:22").says("unknown filter `uppper` (on 18 pages, e.g. index.html)").hints("did you mean `upper`?");
}

#[test]
fn a_macro_file_override_lacking_a_macro_is_blamed_once_per_macro() {
    let rejection = rejected(|p| {
        p.file("templates/macros.html", "{% macro m() %}{% endmacro m %}");
    });
    let reports = rejection.run.reports();
    let errors: Vec<&&str> = reports.iter().filter(|report| report.starts_with("error")).collect();
    assert!(errors.iter().all(|report| report.contains("= in templates/macros.html\n")), "{}", rejection.run.stderr);
    let breadcrumb =
        "error: no macro `breadcrumb`, which the built-in `site.html` calls as `m::breadcrumb` (on 2 pages, e.g. sites/palmyra/index.html)";
    assert_eq!(errors.iter().filter(|report| report.starts_with(breadcrumb)).count(), 1, "{}", rejection.run.stderr);
    rejection.run.assert_stderr_contains("= help: an override of a macro file must define every macro that templates importing it call");
}

#[test]
fn recursive_templates_are_an_error_not_a_crash() {
    let recursive_macro = [
        ("templates/loop.html", "{% macro m(n) %}{{ self::m(n=n+1) }}{% endmacro m %}"),
        ("templates/404.html", "{% import \"loop.html\" as l %}{{ l::m(n=0) }}"),
    ];
    let self_include = [("templates/404.html", "{% include \"404.html\" %}")];
    for files in [&recursive_macro[..], &self_include[..]] {
        rejected(|p| {
            for (path, text) in files {
                p.file(path, text);
            }
        })
        .error_at("templates/404.html");
    }
}

// ---------------------------------------------------------------------------
// Many problems, strictness

#[test]
fn every_problem_is_reported_in_one_run() {
    let breakage = |p: &Project| {
        p.file(NEW_ARTICLE, &article_with("sites: [palmyr]\n"));
        p.file("content/articles/bad-date.md", &document("title: Another\ndate: 2015-13-01\n", "Body text.\n"));
        p.file("content/actors/lone-wolf.md", &document("name: Lone wolf\npart_of: nobody-at-all\n", ""));
    };
    let rejection = rejected(breakage);
    rejection.error_count(3);
    rejection.error_at("content/articles/new-report.md:4:9").says("unknown site `palmyr`");
    rejection.error_at("content/articles/bad-date.md:3:7").says("invalid publication date");
    rejection.error_at("content/actors/lone-wolf.md:3:10").says("unknown actor `nobody-at-all`");
    // `check` finds the same.
    let project = minimal_valid();
    breakage(&project);
    let check = project.check(&[]);
    check.assert_content_errors();
    assert_eq!(check.reports()[..3], rejection.run.reports()[..3], "check and build disagree");
}

/// A valid project whose only problem is a warning: an article with no
/// summary and an empty body.
fn project_with_a_warning() -> Project {
    let project = minimal_valid();
    project.file(NEW_ARTICLE, &document("title: Nothing to say\ndate: 2015-06-01\n", ""));
    project
}

#[test]
fn warnings_pass_without_strict() {
    project_with_a_warning()
        .build_ok(&[])
        .assert_stderr_contains("warning: article has no summary")
        .assert_stderr_contains("; 0 errors, 1 warning, 0 hints;");
}

#[test]
fn one_problem_is_counted_in_the_singular() {
    let rejection = rejected(|p| {
        p.file(NEW_ARTICLE, &article_with("sites: [palmyr]\n"));
    });
    assert!(rejection.run.summary().contains("nothing written; 1 error, 0 warnings, 0 hints;"), "summary: {}", rejection.run.summary());
}

#[test]
fn help_names_the_default_output_folder() {
    for args in [&["--help"][..], &["build", "--help"]] {
        let run = common::run_stele(args);
        run.assert_success();
        assert!(run.stdout.contains("(default: <root>/site)") && !run.stdout.contains("site/)"), "stele {args:?}:\n{}", run.stdout);
    }
}

#[test]
fn warnings_fail_with_strict() {
    project_with_a_warning().build(&["--strict"]).assert_content_errors().assert_stderr_contains("warning: article has no summary");
}

#[test]
fn missing_base_url_is_a_warning_that_strict_turns_into_failure() {
    let project = minimal_valid();
    project.edit("content/site.yaml", "base_url: https://example.org/monitor/\n", "");
    project.build_ok(&[]).assert_stderr_contains("no base_url");
    assert!(!project.exists("site/atom.xml") && !project.exists("site/sitemap.xml"));
    project.check(&["--strict"]).assert_content_errors();
}

#[test]
fn a_strict_failure_leaves_the_previous_site_unchanged() {
    let project = minimal_valid();
    project.build_ok(&[]);
    project.file(NEW_ARTICLE, &document("title: Nothing to say\ndate: 2015-06-01\n", ""));
    let before = tree(&project.out());
    let run = project.build(&["--strict"]);
    run.assert_content_errors();
    assert!(run.summary().contains("nothing written"), "summary: {}", run.summary());
    assert_same_tree(&before, &tree(&project.out()), "site/ after a build that --strict failed");
}

// ---------------------------------------------------------------------------
// Garbage: no panics, no hangs

/// Garbage must be reported in a few seconds; a billion-laughs bomb that
/// expands would take far longer.
/// Far longer than any of these builds takes on an idle machine (see `common::patient`).
const GARBAGE_TIMEOUT: Duration = Duration::from_secs(5);

#[track_caller]
fn assert_no_crash(run: &Run, what: &str) {
    assert!(!run.timed_out, "{what}: still running after {:?}", common::patient(GARBAGE_TIMEOUT));
    assert!(matches!(run.code, Some(0 | 1)), "{what}: exit code {:?}\n{}", run.code, run.stderr);
    assert!(!run.stderr.contains("panicked"), "{what}: panicked\n{}", run.stderr);
}

fn build_with_timeout(project: &Project) -> Run {
    run_stele_with_timeout(&["build", "--root", project.root().to_str().unwrap()], common::patient(GARBAGE_TIMEOUT))
}

/// `depth` nested YAML mappings under `extra:`.
fn deeply_nested_mapping(depth: usize) -> String {
    (1..depth).map(|i| format!("{}k{i}:\n", "  ".repeat(i))).collect()
}

/// An article whose `extra:` is `depth` nested flow sequences: `[[[...]]]`.
fn deeply_nested_flow_document(depth: usize) -> String {
    format!("---\ntitle: A\ndate: 2015-06-01\nextra: {}{}\n---\n", "[".repeat(depth), "]".repeat(depth))
}

/// Nine levels of nine aliases each: 9^9 strings if a parser expands them.
fn billion_laughs(indent: &str) -> String {
    let mut yaml = format!("{indent}a: &a [\"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\"]\n");
    for level in b'b'..=b'i' {
        let (name, previous) = (level as char, (level - 1) as char);
        yaml.push_str(&format!("{indent}{name}: &{name} [{}]\n", vec![format!("*{previous}"); 9].join(", ")));
    }
    yaml
}

/// Broken documents, by file name: each must be reported as an error.
fn broken_documents() -> Vec<(&'static str, Vec<u8>)> {
    let text = |s: String| s.into_bytes();
    vec![
        ("empty.md", vec![]),
        ("only-a-fence.md", b"---\n".to_vec()),
        ("two-fences.md", b"---\n---\n".to_vec()),
        ("fence-with-spaces.md", b" ---\ntitle: x\n---\n".to_vec()),
        ("binary.md", (0..=255u8).cycle().take(4096).collect()),
        ("nul-bytes.md", b"---\ntitle: \0\0\0\ndate: 2015-06-01\n---\n\0".to_vec()),
        ("latin-1.md", b"---\ntitle: caf\xe9\ndate: 2015-06-01\n---\n".to_vec()),
        ("huge-line.md", text(format!("---\ntitle: A\ndate: 2015-06-01\nsites: [{}]\n---\n", "x".repeat(100_000)))),
        ("deep-flow.md", text(deeply_nested_flow_document(2_000))),
        ("deep-mapping.md", text(format!("---\ntitle: A\ndate: 2015-06-01\nextra:\n{}---\n", deeply_nested_mapping(300)))),
        ("laughs-in-extra.md", text(format!("---\ntitle: A\ndate: 2015-06-01\nextra:\n{}---\n", billion_laughs("  ")))),
        ("laughs-at-top.md", text(format!("---\n{}title: A\ndate: 2015-06-01\n---\n", billion_laughs("")))),
        ("a-list.md", b"---\n- a\n- b\n---\n".to_vec()),
        ("a-string.md", b"---\njust words\n---\n".to_vec()),
        ("a-number.md", b"---\n42\n---\n".to_vec()),
        ("tab-indent.md", b"---\ntitle: A\n\tdate: 2015-06-01\n---\n".to_vec()),
        ("duplicate-key.md", b"---\ntitle: A\ntitle: B\ndate: 2015-06-01\n---\n".to_vec()),
        ("unknown-tag.md", b"---\ntitle: !custom x\ndate: !!timestamp 2015-06-01\nsites: [palmyr]\n---\n".to_vec()),
        ("huge-number.md", b"---\ntitle: A\ndate: 99999999999999999999999\n---\n".to_vec()),
        ("negative-year.md", b"---\ntitle: A\ndate: 2015-06-01\nevents:\n  - date: -99999-01/99999\n    title: x\n---\n".to_vec()),
        ("backwards-interval.md", b"---\ntitle: A\ndate: 2015-06-01\nevents:\n  - date: 2015-05-13/2015-05-01\n    title: x\n---\n".to_vec()),
        ("open-both-ends.md", b"---\ntitle: A\ndate: 2015-06-01\nevents:\n  - date: ../..\n    title: x\n---\n".to_vec()),
        ("empty-date.md", b"---\ntitle: A\ndate: \"\"\n---\n".to_vec()),
        (
            "weird-links.md",
            text(format!(
                "---\ntitle: A\ndate: 2015-06-01\n---\n[a](site:) [b](event:\u{dc}n\u{ef}code) [c](article:%2e%2e) {}\n",
                "[x](".repeat(5_000)
            )),
        ),
        ("unicode-id.md", "---\ntitle: A\ndate: 2015-06-01\nsites: [p\u{e4}lmyra]\nactors: [\u{1f600}]\n---\n".as_bytes().to_vec()),
        ("bad-event-id.md", b"---\ntitle: A\ndate: 2015-06-01\nevents:\n  - id: ../../x\n    date: 2015\n    title: x\n---\n".to_vec()),
        ("crlf-broken.md", b"---\r\ntitle: A\r\ndate: 2015-13\r\n---\r\n".to_vec()),
    ]
}

#[test]
fn garbage_documents_are_reported_not_crashed_on() {
    let documents = broken_documents();
    // The same files as articles, sites and actors: other code paths, same promise.
    let runs: Vec<(&str, Run)> = std::thread::scope(|scope| {
        let builds: Vec<_> = ["articles", "sites", "actors"]
            .into_iter()
            .map(|folder| {
                let documents = &documents;
                scope.spawn(move || {
                    let project = minimal_valid();
                    for (name, bytes) in documents {
                        project.bytes(&format!("content/{folder}/garbage/{name}"), bytes);
                    }
                    (folder, build_with_timeout(&project))
                })
            })
            .collect();
        builds.into_iter().map(|build| build.join().expect("build thread")).collect()
    });
    for (folder, run) in &runs {
        assert_no_crash(run, &format!("garbage in content/{folder}"));
        assert_eq!(run.code, Some(1), "garbage in content/{folder} was accepted");
        let errors: Vec<&str> = run.reports().into_iter().filter(|report| report.starts_with("error")).collect();
        let unreported: Vec<&str> = documents
            .iter()
            .map(|(name, _)| *name)
            .filter(|name| !errors.iter().any(|report| report.contains(&format!("content/{folder}/garbage/{name}"))))
            .collect();
        assert!(unreported.is_empty(), "content/{folder}: no error names {unreported:?}\n{}", run.stderr);
    }
}

#[test]
fn deeply_nested_flow_yaml_does_not_hang() {
    let project = minimal_valid();
    project.file(NEW_ARTICLE, &deeply_nested_flow_document(40_000));
    let run = build_with_timeout(&project);
    assert_no_crash(&run, "40 000 nested flow sequences");
    run.assert_content_errors();
}

#[test]
fn odd_but_valid_documents_build() {
    let project = minimal_valid();
    project
        .bytes("content/articles/crlf.md", b"---\r\ntitle: Windows line ends\r\ndate: 2015-06-01\r\n---\r\nBody text.\r\n")
        .file("content/articles/bom.md", "\u{feff}---\ntitle: Byte order mark\ndate: 2015-06-02\n---\nBody text.\n")
        .file("content/articles/long-body.md", &document("title: Long\ndate: 2015-06-03\n", &format!("{}\n", "word ".repeat(100_000))))
        .file("content/articles/nested-quotes.md", &document("title: Nested\ndate: 2015-06-04\n", &format!("{}deep\n", "> ".repeat(2_000))))
        .file("content/articles/many-links.md", &document("title: Links\ndate: 2015-06-05\n", &"[Palmyra](site:palmyra) ".repeat(2_000)))
        .file(
            "content/articles/unicode.md",
            &document(
                "title: \"Tadmur \u{62a}\u{62f}\u{645}\u{631} \u{1f3db}\"\ndate: 2015-06-06\n",
                "\u{645}\u{62f}\u{64a}\u{646}\u{629} \u{2014} ok\n",
            ),
        )
        .file("content/articles/aliases.md", &document("title: &t Aliased title\ndate: 2015-06-07\nsummary: *t\n", "Body text.\n"))
        .file("content/articles/tagged.md", &document("title: !!str 2015\ndate: !!str 2015-06-08\n", "Body text.\n"));
    let run = build_with_timeout(&project);
    assert_no_crash(&run, "odd but valid documents");
    run.assert_success();
}

#[test]
fn garbage_settings_and_templates_are_reported_not_crashed_on() {
    let cases: Vec<(&str, &str, Vec<u8>)> = vec![
        ("binary site.yaml", "content/site.yaml", (0..=255u8).collect()),
        ("site.yaml bomb", "content/site.yaml", format!("extra:\n{}", billion_laughs("  ")).into_bytes()),
        ("site.yaml list", "content/site.yaml", b"- title\n- base_url\n".to_vec()),
        ("zero per page", "content/site.yaml", b"articles_per_page: 0\n".to_vec()),
        ("relative base_url", "content/site.yaml", b"base_url: example.org\n".to_vec()),
        ("template syntax", "templates/article.html", b"{% if %}".to_vec()),
        ("template unknown variable", "templates/article.html", b"{{ no_such.thing }}".to_vec()),
        ("template unknown parent", "templates/site.html", b"{% extends \"missing.html\" %}".to_vec()),
        ("theme macros replaced", "templates/macros.html", b"{% macro m() %}{% endmacro m %}".to_vec()),
        ("binary template", "templates/event.html", (0..=255u8).collect()),
    ];
    // Each case in its own project, all at once; a failing thread is named after its case.
    std::thread::scope(|scope| {
        for (what, path, bytes) in &cases {
            std::thread::Builder::new()
                .name(what.to_string())
                .spawn_scoped(scope, move || {
                    rejected(|p| {
                        p.bytes(path, bytes);
                    });
                })
                .expect("cannot start a thread");
        }
    });
}

// ---------------------------------------------------------------------------
// Files that would be published as they are

#[test]
fn a_markdown_document_not_ending_in_md_is_an_error_and_not_published() {
    for name in ["content/articles/draft.MD", "content/articles/2016/draft.markdown", "content/sites/aleppo.Md"] {
        let rejection = rejected(|p| {
            p.file(name, &article_with("draft: true\n"));
        });
        rejection.error_at(name).says("is not read as").says("only names ending in `.md` are").hints("rename it to end in `.md`");
    }
}

#[test]
fn a_markdown_file_outside_the_document_folders_is_published_with_a_warning() {
    let project = minimal_valid();
    project.file("content/about.md", "---\ntitle: About\n---\nWho we are.\n");
    let run = project.build_ok(&[]);
    run.assert_stderr_contains("this Markdown file is published as it is, front matter and all");
    assert_eq!(project.read("site/about.md"), "---\ntitle: About\n---\nWho we are.\n");
    assert_eq!(project.build(&["--strict"]).code, Some(1));
}

#[test]
fn body_links_and_mentions_are_underlined_whole() {
    let rejection = rejected(|p| {
        p.file(
            NEW_ARTICLE,
            &document("title: A new report\ndate: 2015-06-01\n", "The Temple of Bel stood near [the old city](site:old-city-of-palmyra).\n"),
        );
    });
    rejection
        .error_at("content/articles/new-report.md:5:45")
        .says("link to unknown site `old-city-of-palmyra`")
        .underlines("site:old-city-of-palmyra");
    let hint = rejection.run.reports().into_iter().find(|r| r.contains("the body mentions site `temple-of-bel`")).expect("the mention hint");
    Report { position: "the mention hint".into(), text: hint }.underlines("Temple of Bel");
}

#[test]
fn references_to_a_site_whose_file_is_not_utf8_are_not_reported_again() {
    let rejection = rejected(|p| {
        p.bytes("content/sites/palmyra.md", b"---\nname: Palmyra \xE9\n---\n");
    });
    rejection.error_at("content/sites/palmyra.md:2:15").says("not valid UTF-8");
    rejection.error_count(1);
}

#[test]
fn old_ids_that_cannot_redirect_are_located_errors() {
    let rejection = rejected(|p| {
        p.file(NEW_ARTICLE, &article_with("moved_from: [old-report, \"Old Report\", palmyra-falls, new-report]\n"));
        p.edit("content/sites/palmyra.md", "kind: ancient-city\n", "kind: ancient-city\nmoved_from:\n  - tadmur\n  - temple-of-bel\n");
        p.file("content/sites/tadmur-oasis.md", &document("name: Tadmur oasis\nmoved_from: [tadmur]\n", "An oasis.\n"));
        p.edit("content/actors/amaq.md", "kind: media\n", "kind: media\nmoved_from: [amaq-news, amaq-news]\n");
    });
    rejection
        .error_at("content/articles/new-report.md:4:26")
        .says("moved_from: `Old Report` is not a valid id")
        .hints("such as `old-report`")
        .underlines("\"Old Report\"");
    rejection
        .error_at("content/articles/new-report.md:4:40")
        .says("moved_from: `palmyra-falls` is the id of another report")
        .hints("would hide that report's page")
        .shows("content/articles/palmyra-falls.md");
    rejection.error_at("content/articles/new-report.md:4:55").says("moved_from: `new-report` is this report's own id");
    rejection.error_at("content/sites/palmyra.md:7:5").says("moved_from: `temple-of-bel` is the id of another site");
    rejection
        .error_at("content/sites/tadmur-oasis.md:3:14")
        .says("moved_from: `tadmur` is listed twice")
        .hints("redirect to one site only")
        .shows("first listed here");
    rejection.error_at("content/actors/amaq.md:4:25").says("moved_from: `amaq-news` is listed twice");
    rejection.error_count(6);
}

#[test]
fn an_unreadable_figure_is_an_error_at_its_value() {
    let rejection = rejected(|p| {
        p.file(NEW_ARTICLE, &article_with("events:\n  - date: 2015\n    title: x\n    figures: { killed: 12, injured: \"30-20\" }\n"));
    });
    rejection
        .error_at("content/articles/new-report.md:7:37")
        .says("range `30-20` runs backwards: 30 is more than 20")
        .hints("write the smaller number first: `20-30`")
        .underlines("\"30-20\"");
    rejection.error_count(1);
}
