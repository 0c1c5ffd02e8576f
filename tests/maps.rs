//! Maps of sites (inline SVG on the sites index and on site pages): every
//! mark links to a page that was built, the right sites are on each map,
//! and the sites without coordinates are listed instead.

mod common;

use common::Project;
use std::path::Path;

fn site(project: &Project, id: &str, front: &str) {
    project.file(&format!("content/sites/{id}.md"), &format!("---\n{front}\n---\nA site.\n"));
}

/// Palmyra with a placed part and an unplaced one, a site 3 km away, one
/// 160 km away, one 480 km away, a site without coordinates, and a region
/// without coordinates whose part (450 km away) has some.
fn project() -> Project {
    let p = Project::new();
    p.file("content/site.yaml", "title: Maps\nlanguage: en\n");
    site(&p, "palmyra", "name: Palmyra\ncountry: Syria\nlocation: { lat: 34.5503, lon: 38.2691 }");
    site(&p, "temple-of-bel", "name: Temple of Bel\npart_of: palmyra\nlocation: { lat: 34.5473, lon: 38.2744 }");
    site(&p, "tomb", "name: A tomb & its \"garden\"\npart_of: palmyra");
    site(&p, "tadmur", "name: Tadmur\nlocation: { lat: 34.56, lon: 38.30 }");
    site(&p, "raqqa", "name: Raqqa\nlocation: { lat: 35.95, lon: 39.01 }");
    site(&p, "mosul", "name: Mosul\nlocation: { lat: 36.34, lon: 43.13 }");
    site(&p, "aleppo", "name: Aleppo");
    site(&p, "region", "name: Desert region");
    site(&p, "castle", "name: Desert castle\npart_of: region\nlocation: { lat: 31.0, lon: 36.0 }");
    p
}

/// The map of a page (its `<svg>` element), if it has one.
fn map_of(html: &str) -> Option<&str> {
    let start = html.find("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"site-map\"")?;
    let end = html[start..].find("</svg>")? + start;
    Some(&html[start..end])
}

fn hrefs(svg: &str) -> Vec<&str> {
    svg.split("<a href=\"").skip(1).filter_map(|rest| rest.split('"').next()).collect()
}

/// Every HTML page under `dir`, as (path relative to the output, text).
fn pages(out: &Path) -> Vec<(String, String)> {
    let mut found = Vec::new();
    let mut folders = vec![out.to_path_buf()];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(&folder).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                folders.push(path);
            } else if path.extension().is_some_and(|e| e == "html") {
                let relative = path.strip_prefix(out).unwrap().to_string_lossy().replace('\\', "/");
                found.push((relative, std::fs::read_to_string(&path).unwrap()));
            }
        }
    }
    found.sort();
    found
}

#[test]
fn every_mark_of_every_map_links_to_a_page_that_was_built() {
    let p = project();
    p.build_ok(&[]);
    let out = p.out();
    let mut maps = 0;
    for (page, html) in pages(&out) {
        let Some(svg) = map_of(&html) else { continue };
        maps += 1;
        let folder = out.join(&page).parent().unwrap().to_path_buf();
        let links = hrefs(svg);
        assert!(!links.is_empty(), "{page}: a map without marks");
        for href in links {
            assert!(folder.join(href).is_file(), "{page}: the map links {href}, which was not built");
        }
    }
    // The index, and every site page but Aleppo's and the tomb's (no coordinates, no parts).
    assert_eq!(maps, 1 + 9 - 2);
}

#[test]
fn a_site_page_maps_the_site_its_parts_and_its_neighbours() {
    let p = project();
    p.build_ok(&[]);
    let page = p.page("sites/palmyra/index.html");
    let svg = map_of(&page).expect("Palmyra's page has a map");
    let mut links = hrefs(svg);
    links.sort_unstable();
    // Its placed part, the site 3 km away and the one 160 km away; not Mosul (480 km), not the unplaced tomb.
    assert_eq!(
        links,
        ["../../sites/palmyra/index.html", "../../sites/raqqa/index.html", "../../sites/tadmur/index.html", "../../sites/temple-of-bel/index.html"]
    );
    assert!(svg.contains("<title>Map of 4 sites around Palmyra</title>"), "{svg}");
    assert!(svg.contains(r#"class="map-mark map-main""#) && svg.contains(r#"class="map-mark map-part""#));

    // A site without coordinates whose part has some: the part's map.
    let region = p.page("sites/region/index.html");
    let links = hrefs(map_of(&region).expect("the region's page maps its part"));
    assert!(links.contains(&"../../sites/castle/index.html"), "{links:?}");

    // Nothing placed: no map, and a sentence says so.
    let aleppo = p.page("sites/aleppo/index.html");
    assert!(map_of(&aleppo).is_none());
    assert!(aleppo.contains("No coordinates are recorded for this site, so there is no map."));
}

#[test]
fn the_sites_index_maps_every_placed_site_and_lists_the_others() {
    let p = project();
    p.build_ok(&[]);
    let index = p.page("sites/index.html");
    let svg = map_of(&index).expect("the sites index has a map");
    assert_eq!(hrefs(svg).len(), 6, "every site with coordinates");
    assert!(svg.contains("<title>Map of 6 sites</title>"));
    let (_, unplaced) = index.split_once(r#"<h2 id="sites-unplaced">"#).expect("sites without coordinates are listed");
    let unplaced = &unplaced[..unplaced.find("</section>").unwrap()];
    for (id, name) in [("aleppo", "Aleppo"), ("region", "Desert region"), ("tomb", "A tomb &amp; its &quot;garden&quot;")] {
        assert!(unplaced.contains(&format!("sites/{id}/index.html")) && unplaced.contains(name), "{id} in {unplaced}");
    }
    assert!(!unplaced.contains("sites/palmyra/index.html"));
}
