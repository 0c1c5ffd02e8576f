use super::cli::GenOptions;
use super::entities::Entity;
use super::written::{push_flow_list, FileTally};
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
        push_flow_list(out, entity.aliases.iter().map(String::as_str));
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
