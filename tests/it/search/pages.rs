//! Reading what the browser shows, and the right answers found without the index.

use crate::common::{html_pages, read};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// The text a reader sees of an HTML fragment: blocks and adjacent links (tags) apart.
fn text_of(html: &str) -> String {
    let html = html.replace("</a><a", "</a>\n<a");
    let mut out = String::new();
    let mut tag: Option<String> = None;
    for c in html.chars() {
        match (&mut tag, c) {
            (None, '<') => tag = Some(String::new()),
            (Some(name), '>') => {
                let name = name.trim_start_matches('/').split(' ').next().unwrap_or("");
                if ["p", "li", "dt", "dd", "div", "td", "th", "h1", "h2", "h3"].contains(&name) {
                    out.push('\n');
                }
                tag = None;
            }
            (Some(name), c) => name.push(c),
            (None, c) => out.push(c),
        }
    }
    out.replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

/// Links (from the site root, as the results page writes them) to every note page whose
/// article holds `phrase`: the right answer, found without the index.
pub fn holding(site: &Path, phrase: &str) -> BTreeSet<String> {
    html_pages(&site.join("notes"))
        .into_iter()
        .filter(|page| !page.ends_with("typing.html"))
        .filter(|page| {
            let html = read(page);
            // A note's article, or a meeting record's without its attendance (who was
            // there is shown, not searched).
            let article = html
                .split("<article class=\"note")
                .nth(1)
                .and_then(|rest| rest.split("</article>").next())
                .unwrap_or("");
            let article = match article.split_once("<section class=\"attendance\">") {
                Some((before, rest)) => {
                    before.to_string() + rest.split_once("</section>").map_or("", |r| r.1)
                }
                None => article.to_string(),
            };
            text_of(&article).to_lowercase().contains(phrase)
        })
        .map(|page| {
            let rel = page
                .strip_prefix(site)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            studybook::render::links::encode(&rel)
        })
        .collect()
}

/// The results page's status: (notes found, milliseconds).
pub fn status(dom: &str) -> (usize, u64) {
    let tag = dom
        .split("<p id=\"search-status\"")
        .nth(1)
        .and_then(|rest| rest.split('>').next())
        .unwrap_or("");
    assert!(
        tag.contains("data-state=\"done\""),
        "the search did not finish: {tag}"
    );
    let attr = |name: &str| {
        tag.split(&format!("{name}=\""))
            .nth(1)
            .and_then(|v| v.split('"').next())
            .and_then(|v| v.parse().ok())
            .unwrap_or(0)
    };
    (attr("data-count") as usize, attr("data-ms"))
}

/// The links of the results shown in `list` (an element id).
pub fn shown(dom: &str, list: &str) -> Vec<String> {
    let Some(list) = dom.split(&format!("id=\"{list}\"")).nth(1) else {
        return vec![];
    };
    let list = list
        .split("</ol>")
        .next()
        .unwrap_or(list)
        .split("</ul>")
        .next()
        .unwrap_or(list);
    list.split("class=\"search-title\" href=\"")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .map(str::to_string)
        .collect()
}

/// A copy of `note` (a note page) that types `query` into the header box, then presses
/// the down arrow: what a reader does on any page.
pub fn typing_page(note: &Path, query: &str) -> PathBuf {
    let typing = format!(
        "<script>window.addEventListener('load', function () {{\n\
           var input = document.querySelector('form.site-search input[name=q]');\n\
           input.focus(); input.value = '{query}'; input.dispatchEvent(new Event('input'));\n\
           setTimeout(function () {{ input.dispatchEvent(new KeyboardEvent('keydown', {{ key: 'ArrowDown', bubbles: true }})); }}, 3000);\n\
         }});</script></body>"
    );
    let page = note.with_file_name("typing.html");
    std::fs::write(&page, read(note).replace("</body>", &typing)).unwrap();
    page
}
