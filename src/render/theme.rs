//! The theme: templates and static files, built in (themes/default/ embedded at compile
//! time) and overridden file by file from the site's themes/<name>/.

use crate::config::Site;
use crate::diag::{Diagnostic, Rule};
use crate::i18n::{Lang, Msg};
use minijinja::Environment;
use std::collections::BTreeMap;
use std::path::Path;

macro_rules! embed {
    ($($path:literal),* $(,)?) => {
        &[$(($path, include_bytes!(concat!("../../themes/default/", $path)))),*]
    };
}

/// Whether the theme file at `rel` is text the theme is made of (its words, its
/// templates), read as UTF-8 and never passed over.
fn is_text(rel: &str) -> bool {
    rel == "labels.toml" || rel.starts_with("templates/")
}

/// Whether the theme's `entry` (at `rel`, shown as `shown`) is a file to read: a static
/// file a site may publish, a template, the labels. A link, a folder or a pipe where
/// text belongs is said, not passed over; a static file the content would withhold
/// stops the build.
fn is_read(
    site: &Site,
    entry: &walkdir::DirEntry,
    rel: &str,
    shown: &str,
) -> Result<bool, Diagnostic> {
    let lang = site.lang();
    let kind = entry.file_type();
    let misplaced = is_text(rel) && !kind.is_file() && (!kind.is_dir() || rel == "labels.toml");
    if misplaced {
        return Err(Diagnostic::error(
            Rule::Config,
            shown,
            Msg::ThemeFileNotPlain(shown).text(lang),
        )
        .with_help(Msg::ThemeFileUnreadableHelp.text(lang)));
    }
    if !kind.is_file() {
        return Ok(false);
    }
    let Some(name) = rel.strip_prefix("static/") else {
        return Ok(true);
    };
    // Hidden files and litter are never read, as under content/.
    if name.split('/').any(crate::load::classify::is_ignored_name) {
        return Ok(false);
    }
    let allow_html = site.config.build.allow_html;
    if let Err(why) = crate::load::screen_theme_static(entry.path(), name, allow_html) {
        let withheld = crate::load::asset_withheld(shown, why, lang);
        return Err(Diagnostic::error(Rule::Config, shown, withheld.message)
            .with_help(Msg::ThemeFileWithheldHelp.text(lang)));
    }
    Ok(true)
}

/// The built-in theme: every file of themes/default/, by path within the theme.
pub const BUILT_IN: &[(&str, &[u8])] = embed![
    "templates/base.html",
    "templates/macros.html",
    "templates/index.html",
    "templates/note.html",
    "templates/notes.html",
    "templates/member.html",
    "templates/members.html",
    "templates/branch.html",
    "templates/plan.html",
    "templates/plan_item.html",
    "templates/tags.html",
    "templates/tag.html",
    "templates/404.html",
    "templates/coverage.html",
    "templates/error.html",
    "templates/search.html",
    "templates/meeting.html",
    "templates/meetings.html",
    "templates/assessment.html",
    "templates/assessment_branch.html",
    "templates/ledger_member.html",
    "templates/ledger_branch.html",
    "static/style.css",
    "static/search.js",
    "static/search-ui.js",
    "static/page.js",
    "static/favicon.ico",
    "labels.toml",
];

#[derive(Debug, Default)]
pub struct Theme {
    /// Template name (file name under templates/) -> source.
    pub templates: BTreeMap<String, String>,
    /// Path under static/ -> bytes.
    pub statics: BTreeMap<String, Vec<u8>>,
    /// The words the pages show, in the book's language: the built-in ones with the
    /// theme's labels.toml laid over them.
    pub labels: super::labels::Labels,
}

impl Theme {
    /// The built-in theme with the site's theme folder laid over it.
    pub fn load(site: &Site) -> Result<Theme, Diagnostic> {
        let mut theme = Theme::default();
        for (path, bytes) in BUILT_IN {
            theme.add(path, bytes.to_vec());
        }
        theme.labels = super::labels::built_in(site.lang())
            .iter()
            .map(|(key, words)| (key.to_string(), words.to_string()))
            .collect();
        let name = &site.config.build.theme;
        let themes = site.root.join("themes");
        let dir = themes.join(name);
        // A theme is one folder under themes/: never `../..` or a link out of the site.
        let inside = || {
            let real = |p: &Path| p.canonicalize().ok();
            // themes/ itself may not be a link out of the site either.
            matches!((real(&dir), real(&site.root)), (Some(d), Some(r)) if d.starts_with(&r))
                && !themes
                    .symlink_metadata()
                    .is_ok_and(|m| m.file_type().is_symlink())
        };
        if crate::names::check_folder_name(name).is_err() || (dir.exists() && !inside()) {
            return Err(Diagnostic::error(
                Rule::Config,
                "book.toml",
                Msg::ThemeOutside(name).text(site.lang()),
            )
            .with_help(Msg::MissingThemeHelp.text(site.lang())));
        }
        if dir.is_dir() {
            theme.overlay(site, &dir)?;
        } else if site.config.build.theme != "default" {
            let shown = site.display_path(&dir);
            return Err(Diagnostic::error(
                Rule::Config,
                "book.toml",
                Msg::MissingTheme(&shown).text(site.lang()),
            )
            .with_help(Msg::MissingThemeHelp.text(site.lang())));
        }
        Ok(theme)
    }

    fn overlay(&mut self, site: &Site, dir: &Path) -> Result<(), Diagnostic> {
        let lang = site.lang();
        for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
            let entry = entry.map_err(|err| {
                let shown = err.path().map(|p| site.display_path(p)).unwrap_or_default();
                Diagnostic::error(
                    Rule::Config,
                    &shown,
                    Msg::Unreadable(&crate::i18n::walk_reason(&err, lang)).text(lang),
                )
            })?;
            let below = entry.path().strip_prefix(dir).unwrap_or(entry.path());
            let rel = crate::names::slashed(&below.to_string_lossy());
            let shown = site.display_path(entry.path());
            if !is_read(site, &entry, &rel, &shown)? {
                continue;
            }
            let bytes = std::fs::read(entry.path()).map_err(|err| {
                Diagnostic::error(
                    Rule::Config,
                    &shown,
                    Msg::Unreadable(&crate::i18n::io_reason(&err, lang)).text(lang),
                )
                .with_help(Msg::ThemeFileUnreadableHelp.text(lang))
            })?;
            if is_text(&rel) {
                let Ok(text) = std::str::from_utf8(&bytes) else {
                    return Err(Diagnostic::error(
                        Rule::Config,
                        &shown,
                        Msg::ThemeFileNotUtf8(&shown).text(lang),
                    )
                    .with_help(Msg::ThemeFileNotUtf8Help.text(lang)));
                };
                if rel == "labels.toml" {
                    self.lay_labels_over(text.trim_start_matches('\u{feff}'), &shown, lang)?;
                }
            }
            self.add(&rel, bytes);
        }
        Ok(())
    }

    /// The words of a theme's labels.toml, laid over the built-in ones: a key that is
    /// no label is refused with the closest one, so that a slip is not silently lost.
    fn lay_labels_over(&mut self, text: &str, shown: &str, lang: Lang) -> Result<(), Diagnostic> {
        let invalid = |message: Msg<'_>| {
            Diagnostic::error(Rule::Config, shown, message.text(lang))
                .with_help(Msg::ThemeLabelsHelp.text(lang))
        };
        let words = super::labels::parse(text, lang).map_err(|wrong| {
            let diag = invalid(Msg::ThemeLabelsInvalid(&wrong.reason));
            match wrong.at {
                Some(at) => {
                    let line = text[..at].matches('\n').count() + 1;
                    let column = text[..at].rsplit('\n').next().unwrap_or("").chars().count() + 1;
                    diag.at(text, line, column)
                }
                None => diag,
            }
        })?;
        for (key, said) in words {
            if !self.labels.contains_key(&key) {
                let known = self.labels.keys().map(String::as_str);
                return Err(invalid(Msg::ThemeLabelUnknown(&key)).or_closest(&key, known, lang));
            }
            self.labels.insert(key, said);
        }
        Ok(())
    }

    fn add(&mut self, rel: &str, bytes: Vec<u8>) {
        if let Some(name) = rel.strip_prefix("templates/") {
            self.templates.insert(
                name.to_string(),
                String::from_utf8_lossy(&bytes).into_owned(),
            );
        } else if let Some(name) = rel.strip_prefix("static/") {
            self.statics.insert(name.to_string(), bytes);
        }
    }

    /// The static files as pages of the site, under static/.
    pub fn static_pages(&self) -> Vec<super::Page> {
        self.statics
            .iter()
            .map(|(name, bytes)| super::Page {
                path: format!("static/{name}"),
                bytes: bytes.clone(),
            })
            .collect()
    }

    /// Compiles every template once. A syntax error names the template and its line.
    pub fn environment(&self, site: &Site) -> Result<Environment<'static>, Diagnostic> {
        let mut env = Environment::new();
        env.set_auto_escape_callback(|name| {
            if name.ends_with(".html") {
                minijinja::AutoEscape::Html
            } else {
                minijinja::AutoEscape::None
            }
        });
        env.set_formatter(escape_formatter);
        // A bound on each render's steps: a theme's loop of 10^8 turns stops with a
        // message instead of holding a build for minutes. The largest page of a site of
        // 10,000 notes takes far fewer (see TEMPLATE_FUEL).
        env.set_fuel(Some(TEMPLATE_FUEL));
        // Site facts and labels are globals, so imported macros see them too.
        env.add_global(
            "site",
            minijinja::context! {
                title => site.config.book.title,
                description => site.config.book.description,
                lang => site.lang().code(),
            },
        );
        env.add_global("coverage_published", site.config.coverage.publish);
        env.add_global("assessment_published", site.config.assessment.publish);
        env.add_global("t", minijinja::Value::from_serialize(&self.labels));
        for (name, source) in &self.templates {
            env.add_template_owned(name.clone(), source.clone())
                .map_err(|err| template_error(site, name, &err))?;
        }
        Ok(env)
    }
}

/// Where a template error is, for the user: the site's override if there is one.
pub fn template_error(site: &Site, name: &str, err: &minijinja::Error) -> Diagnostic {
    let path = site
        .root
        .join("themes")
        .join(&site.config.build.theme)
        .join("templates")
        .join(name);
    let own = path.exists();
    let shown = if own {
        site.display_path(&path)
    } else {
        format!("themes/default/templates/{name}")
    };
    let detail = err.detail().map_or_else(|| err.to_string(), str::to_string);
    let message = match site.lang() {
        // minijinja speaks English: in Chinese the kind of error is said, with the names
        // it quotes (a filter, a variable), never its English sentence.
        crate::i18n::Lang::Zh => Msg::TemplateErrorKind {
            kind: if is_too_deep(&detail) {
                "调用层数太多（宏调用了自己，或模板 extends、include 了自己，没有尽头）"
            } else {
                template_error_kind(err.kind())
            },
            names: unknown_name(&detail),
        },
        crate::i18n::Lang::En => Msg::TemplateError(&detail),
    };
    // The built-in theme is no file of the user's to mend.
    let help = if own {
        Msg::TemplateErrorHelp
    } else {
        Msg::BuiltInTemplateHelp
    };
    let mut diag = Diagnostic::error(Rule::Config, &shown, message.text(site.lang()))
        .with_help(help.text(site.lang()));
    if let (Some(line), Ok(source)) = (err.line(), std::fs::read_to_string(&path)) {
        diag = diag.at(&source, line, 1);
    } else if let Some(line) = err.line() {
        diag.line = line;
        diag.column = 1;
    }
    diag
}

/// Whether minijinja's error says its recursion limit was passed (a macro that calls
/// itself, a template that includes itself) or a template extends itself, both an
/// `InvalidOperation`, whose usual words would blame a value. Pinned by a test in
/// tests/it/safety.rs.
fn is_too_deep(detail: &str) -> bool {
    detail.contains("recursion limit exceeded") || detail.contains("cycle in template inheritance")
}

/// The name in minijinja's "filter nosuchfilter is unknown" (and the same for tests,
/// functions and methods); "" for any other wording. Pinned by a test in tests/it/safety.rs.
fn unknown_name(detail: &str) -> &str {
    match detail
        .strip_suffix(" is unknown")
        .map(|d| d.split_whitespace().collect::<Vec<_>>())
    {
        Some(words) if words.len() == 2 => {
            let start = detail.find(words[1]).unwrap_or(0);
            &detail[start..start + words[1].len()]
        }
        _ => "",
    }
}

/// Steps one page's render may take (minijinja's fuel). A build of 10,000 generated
/// notes with the built-in theme needs between 100,000 and 300,000 for its largest page
/// (it fails at 100,000, passes at 300,000): this leaves room for large sites and rich
/// themes, and stops a loop of 10^8 turns in well under a second.
pub const TEMPLATE_FUEL: u64 = 20_000_000;

/// What went wrong in a template, in Chinese, by minijinja's kind of error.
fn template_error_kind(kind: minijinja::ErrorKind) -> &'static str {
    use minijinja::ErrorKind as K;
    match kind {
        K::SyntaxError => "语法错误（括号 {{ }}、{% %} 不成对，或写法不对）",
        K::UndefinedError => "用到了没有定义的变量",
        K::UnknownFilter => "用到了不存在的过滤器",
        K::UnknownFunction => "用到了不存在的函数",
        K::UnknownTest => "用到了不存在的测试",
        K::UnknownMethod => "用到了不存在的方法",
        K::TemplateNotFound => "引用的模板文件不存在",
        K::BadInclude => "include 引用的模板不对",
        K::TooManyArguments => "参数太多",
        K::MissingArgument => "缺少参数",
        K::InvalidOperation => "对这种值不能这样运算",
        K::NonKey | K::NonPrimitive | K::CannotUnpack => "值的类型不对",
        K::UnknownBlock => "引用的 block 不存在",
        K::OutOfFuel => "运行的步骤太多（循环太大或没有尽头）",
        _ => "模板无法渲染",
    }
}

/// HTML escaping without minijinja's escaping of `/`, so hrefs stay readable.
fn escape_formatter(
    out: &mut minijinja::Output<'_>,
    state: &minijinja::State<'_, '_>,
    value: &minijinja::Value,
) -> Result<(), minijinja::Error> {
    if state.auto_escape() == minijinja::AutoEscape::None || value.is_safe() {
        return minijinja::escape_formatter(out, state, value);
    }
    if value.is_undefined() || value.is_none() {
        return Ok(());
    }
    let fail = |err: std::fmt::Error| {
        minijinja::Error::new(minijinja::ErrorKind::WriteFailure, err.to_string())
    };
    let owned;
    let text = match value.as_str() {
        Some(text) => text,
        None => {
            owned = value.to_string();
            &owned
        }
    };
    let mut rest = text;
    while let Some(at) = rest.find(['&', '<', '>', '"', '\'']) {
        out.write_str(&rest[..at]).map_err(fail)?;
        let entity = match rest.as_bytes()[at] {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            _ => "&#39;",
        };
        out.write_str(entity).map_err(fail)?;
        rest = &rest[at + 1..];
    }
    out.write_str(rest).map_err(fail)
}
