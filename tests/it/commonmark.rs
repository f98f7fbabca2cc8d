//! The CommonMark spec's examples, and the CJK-friendly emphasis amendment's, through
//! the Markdown options studybook renders notes with: the vendored pulldown-cmark
//! (vendor/pulldown-cmark/PATCHES.md) keeps CommonMark, and bold beside Chinese
//! punctuation takes.

use pulldown_cmark::{html, Options, Parser};

/// One example: its Markdown, the HTML it makes, and whether it is marked as one for
/// the CJK-friendly extension (`example_cjk_friendly_emphasis`).
struct Example {
    line: usize,
    markdown: String,
    html: String,
    cjk_only: bool,
}

fn examples(spec: &str) -> Vec<Example> {
    const FENCE: &str = "````````````````````````````````";
    let mut found = Vec::new();
    let mut lines = spec.lines().enumerate();
    while let Some((at, line)) = lines.next() {
        let Some(kind) = line
            .strip_prefix(FENCE)
            .and_then(|l| l.strip_prefix(" example"))
        else {
            continue;
        };
        let (mut markdown, mut html, mut in_html) = (String::new(), String::new(), false);
        for (_, line) in lines.by_ref() {
            if line == FENCE {
                break;
            }
            if line == "." && !in_html {
                in_html = true;
                continue;
            }
            let into = if in_html { &mut html } else { &mut markdown };
            into.push_str(&line.replace('→', "\t"));
            into.push('\n');
        }
        found.push(Example {
            line: at + 1,
            markdown,
            html,
            cjk_only: kind == "_cjk_friendly_emphasis",
        });
    }
    found
}

fn render(markdown: &str, options: Options) -> String {
    let mut out = String::new();
    html::push_html(&mut out, Parser::new_ext(markdown, options));
    out
}

/// How pulldown-cmark's own suite compares HTML: self-closing tags either way, and line
/// breaks between tags not counted.
fn standard(html: &str) -> String {
    html.replace("<br>", "<br />")
        .replace("<br/>", "<br />")
        .replace("<hr>", "<hr />")
        .replace("<hr/>", "<hr />")
        .replace(">\n<", "><")
}

/// Every example renders as the spec says, with the options `options` gives it.
fn assert_all_hold(examples: &[Example], options: impl Fn(&Example) -> Options) {
    let failed: Vec<String> = examples
        .iter()
        .filter(|e| standard(&render(&e.markdown, options(e))) != standard(&e.html))
        .map(|e| format!("line {}: {:?}", e.line, e.markdown))
        .collect();
    assert!(
        failed.is_empty(),
        "{} failed:\n{}",
        failed.len(),
        failed.join("\n")
    );
}

#[test]
fn the_commonmark_spec_holds_with_cjk_friendly_emphasis() {
    let all = examples(include_str!("../fixtures/commonmark/spec.txt"));
    assert!(all.len() > 600, "the spec's examples are read");
    assert_all_hold(&all, |_| Options::ENABLE_CJK_FRIENDLY_EMPHASIS);
}

#[test]
fn the_cjk_friendly_amendments_examples_hold() {
    let spec = include_str!("../fixtures/commonmark/cjk_friendly_emphasis.txt");
    let all = examples(spec);
    assert_eq!(
        all.iter().filter(|e| e.cjk_only).count(),
        10,
        "examples are read"
    );
    // Each example with the extension as it says (the first shows CommonMark without
    // it), and with the extensions its Markdown uses.
    let base = Options::ENABLE_STRIKETHROUGH | Options::ENABLE_FOOTNOTES;
    assert_all_hold(&all, |e| match e.cjk_only {
        true => base | Options::ENABLE_CJK_FRIENDLY_EMPHASIS,
        false => base,
    });
}

/// What a note is rendered with: studybook's own option set, with the extension on.
#[test]
fn a_notes_bold_beside_chinese_punctuation_takes() {
    let page = studybook::markdown::render("**《中国共产党章程》**是根本大法。\n", "", false).html;
    assert!(
        page.contains("<strong>《中国共产党章程》</strong>是"),
        "{page}"
    );
}
