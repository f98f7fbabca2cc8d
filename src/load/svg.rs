//! Whether an SVG drawing holds anything that runs, or fetches from elsewhere, when it is
//! opened on its own.

/// The lower-cased SVG without its comments, a DOCTYPE that declares nothing, and the
/// attributes of a namespace other than `xlink` (what editors keep for themselves).
fn inert_taken_out(lower: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(lower.len());
    let mut i = 0;
    while i < lower.len() {
        let rest = &lower[i..];
        if rest.starts_with(b"<!--") {
            let end = memchr::memmem::find(&rest[4..], b"-->").map_or(rest.len(), |e| e + 7);
            i += end;
            continue;
        }
        if rest.starts_with(b"<!doctype") {
            let end = rest
                .iter()
                .position(|&b| b == b'>')
                .map_or(rest.len(), |e| e + 1);
            // One with declarations of its own (`[<!ENTITY …>]`) stays, to be judged.
            if !rest[..end].contains(&b'[') {
                i += end;
                continue;
            }
        }
        // ` prefix:name="…"`: an attribute of a namespace; `xlink:href` is fetched.
        if rest[0].is_ascii_whitespace() {
            let name_end = rest[1..]
                .iter()
                .position(|&b| !(b.is_ascii_alphanumeric() || b == b':' || b == b'-' || b == b'_'))
                .map_or(rest.len(), |n| n + 1);
            let name = &rest[1..name_end];
            let namespaced =
                name.contains(&b':') && !name.starts_with(b"xlink:") && !name.starts_with(b"xmlns");
            let value = rest[name_end..].trim_ascii_start();
            if namespaced && value.starts_with(b"=") {
                let value = value[1..].trim_ascii_start();
                if let Some(&quote) = value.first().filter(|&&q| q == b'"' || q == b'\'') {
                    let skipped = rest.len() - value.len();
                    let end = value[1..]
                        .iter()
                        .position(|&b| b == quote)
                        .map_or(value.len(), |e| e + 2);
                    out.push(b' ');
                    i += skipped + end;
                    continue;
                }
            }
        }
        out.push(rest[0]);
        i += 1;
    }
    out
}

/// Whether the lower-cased SVG names an address to fetch: `http:`, `https:`, `file:`
/// or `//` anywhere but in a namespace declaration (`xmlns="http://www.w3.org/…"`).
fn svg_fetches(lower: &[u8]) -> bool {
    let mut rest = lower;
    let mut outside = Vec::with_capacity(lower.len());
    // Namespace declarations taken out: `xmlns="…"`, `xmlns:x='…'`.
    while let Some(at) = memchr::memmem::find(rest, b"xmlns") {
        outside.extend_from_slice(&rest[..at]);
        let after = &rest[at..];
        let value = after
            .iter()
            .position(|&b| b == b'"' || b == b'\'')
            .filter(|&q| {
                after[5..q].iter().all(|&b| {
                    b == b':'
                        || b == b'='
                        || b.is_ascii_alphanumeric()
                        || b == b'-'
                        || b == b'_'
                        || b.is_ascii_whitespace()
                })
            });
        match value {
            Some(q) => {
                let quote = after[q];
                let end = after[q + 1..]
                    .iter()
                    .position(|&b| b == quote)
                    .map_or(after.len(), |e| q + 2 + e);
                rest = &after[end.min(after.len())..];
            }
            None => {
                outside.extend_from_slice(&after[..5]);
                rest = &after[5..];
            }
        }
    }
    outside.extend_from_slice(rest);
    // A browser reads an address with the blank space around and inside it dropped:
    // `href=" //…"`, `/⇥/`.
    outside.retain(|b| !b.is_ascii_whitespace());
    [
        &b"http:"[..],
        b"https:",
        b"file:",
        b"ftp:",
        b"\"//",
        b"'//",
        b"(//",
    ]
    .iter()
    .any(|needle| memchr::memmem::find(&outside, needle).is_some())
}

/// Whether an SVG holds anything that can run or pull in a document when the file is
/// opened on its own: a script, an event attribute, a `javascript:` link, a foreign
/// object, a frame or an entity declaration. Judged on the lower-cased bytes, so an
/// odd spelling is caught rather than let through.
pub(super) fn svg_is_active(bytes: &[u8]) -> bool {
    // Only UTF-8 (with or without its BOM) is looked through: a browser reads XML in
    // UTF-16 too, where `onload` is not these bytes. A drawing exported plainly is UTF-8.
    let text = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if std::str::from_utf8(text).is_err() || memchr::memchr(0, text).is_some() {
        return true;
    }
    // What a browser never acts on taken out first: comments (`Created with Inkscape
    // (http://…)`), a DOCTYPE without declarations of its own (Illustrator's), and the
    // editors' own attributes (`inkscape:export-filename="C:\…"`, `rdf:resource`).
    let lower = inert_taken_out(&bytes.to_ascii_lowercase());
    // Anything fetched from elsewhere when the drawing is opened on its own (a style
    // sheet, an image, a nested drawing, a local file): any address outside the
    // namespaces an exporter names. A backslash is a CSS escape (`u\rl(`).
    if svg_fetches(&lower) || lower.contains(&b'\\') {
        return true;
    }
    if unlike_a_plain_export(&lower) {
        return true;
    }
    has_event_attribute(&lower) || animates_an_event_or_a_link(&lower) || runs(&lower)
}

/// Whether the lower-cased SVG holds what a drawing exported plainly has none of, to be
/// on the safe side: character references (`&#106;avascript:`), a namespace-prefixed
/// script (`<h:script>`), a style sheet, a declaration (`<!ENTITY`, `<!DOCTYPE`), a
/// `script:` with blank space inside.
fn unlike_a_plain_export(lower: &[u8]) -> bool {
    let strict = [
        // `<script>`, `<h:script>`, `javascript:`: not every word holding the letters
        // (an editor's `<rdf:Description>`).
        &b"<script"[..],
        b":script",
        b"script:",
        b"&#",
        // A drawing nested as a data URL (`<use href="data:image/svg+xml;base64,…">`)
        // cannot be looked through; raster images as data URLs are fine.
        b"data:image/svg",
        // A style sheet fetched from elsewhere when the drawing is opened by itself.
        b"@import",
        b"url(http",
        b"url(//",
        b"data:text",
        b"data:application",
        b"stylesheet",
        b"<!doctype",
        b"<?xml-",
    ]
    .iter()
    .any(|needle| memchr::memmem::find(lower, needle).is_some());
    // A browser drops tabs and line breaks inside a URL: `java⇥script:` is `javascript:`.
    let compact: Vec<u8> = lower
        .iter()
        .copied()
        .filter(|b| !b.is_ascii_whitespace())
        .collect();
    strict || memchr::memmem::find(&compact, b"script:").is_some()
}

/// Whether the lower-cased SVG has an event attribute (` onload=`, `/onclick =`).
fn has_event_attribute(lower: &[u8]) -> bool {
    lower.windows(3).enumerate().any(|(i, w)| {
        // `<svg/onload=…>`: a browser takes a `/` between attributes as a space.
        (w[0].is_ascii_whitespace() || w[0] == b'/')
            && w[1] == b'o'
            && w[2] == b'n'
            && lower[i + 3..]
                .iter()
                .position(|&b| !b.is_ascii_alphabetic())
                .is_some_and(|n| n > 0 && lower[i + 3 + n..].trim_ascii_start().starts_with(b"="))
    })
}

/// Whether the lower-cased SVG animates an attribute that runs or fetches.
fn animates_an_event_or_a_link(lower: &[u8]) -> bool {
    // `<set attributeName="onload" to="…">` and its kin animate an event attribute or a
    // link into being.
    memchr::memmem::find_iter(lower, b"attributename").any(|at| {
        let rest = lower[at + b"attributename".len()..].trim_ascii_start();
        let value = rest
            .strip_prefix(b"=")
            .map(|r| r.trim_ascii_start())
            .and_then(|r| r.strip_prefix(b"\"").or_else(|| r.strip_prefix(b"'")))
            .unwrap_or(b"");
        value.starts_with(b"on") || value.starts_with(b"href") || value.starts_with(b"xlink:href")
    })
}

/// Whether the lower-cased SVG holds a script, a `javascript:` link, a foreign object, a
/// frame, an embedded document or an entity declaration.
fn runs(lower: &[u8]) -> bool {
    let has = |needle: &[u8]| memchr::memmem::find(lower, needle).is_some();
    [
        &b"<script"[..],
        b"javascript:",
        b"<foreignobject",
        b"<iframe",
        b"<embed",
        b"<object",
        b"<!entity",
        b"<handler",
        b"data:text/html",
    ]
    .iter()
    .any(|needle| has(needle))
}
