//! book.toml -> [`Config`], and finding the site root like cargo finds Cargo.toml.
//!
//! Unknown keys and wrong types are errors that name the key, the file and the line.

use crate::diag::{column_of, Diagnostic, Rule};
use crate::i18n::detail::{
    BAD_GRADES, BAD_GROUP_WEIGHT, BAD_SHARE, BAD_WEIGHT, EMPTY_FOLDER, EMPTY_SECTION,
};
use crate::i18n::{Lang, Msg};
use crate::kinds::section_names;
use serde::Deserialize;
use std::path::{Path, PathBuf};

pub const BOOK_TOML: &str = "book.toml";

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "kebab-case", deny_unknown_fields)]
pub struct Config {
    pub book: BookConfig,
    pub build: BuildConfig,
    pub check: CheckConfig,
    pub coverage: CoverageConfig,
    pub meetings: crate::kinds::MeetingsConfig,
    pub assessment: AssessmentConfig,
}

/// `[assessment]`: where the 党委's scheme is, and whether results are published.
#[derive(Debug, Clone, Deserialize)]
#[serde(default, rename_all = "kebab-case", deny_unknown_fields)]
pub struct AssessmentConfig {
    pub scheme: PathBuf,
    /// Results stay internal until 公示: the site shows them only when this is true.
    pub publish: bool,
    /// A numeric rank beside the grades: off, since grades are what the scheme issues.
    pub show_rank: bool,
    /// `[assessment.review]`: how the secretaries' 测评 ballots are weighed.
    pub review: ReviewConfig,
}

impl Default for AssessmentConfig {
    fn default() -> Self {
        AssessmentConfig {
            scheme: "content/assessment.yaml".into(),
            publish: false,
            show_rank: false,
            review: ReviewConfig::default(),
        }
    }
}

/// `[assessment.review]`: what a ballot of each grade is worth, and how much each group
/// of voters counts (docs/DESIGN.md, "The secretary's review").
#[derive(Debug, Clone, Deserialize)]
#[serde(default, rename_all = "kebab-case", deny_unknown_fields)]
pub struct ReviewConfig {
    /// 好, 较好, 一般, 差: each ballot's worth, from 0 to 1.
    #[serde(deserialize_with = "grade_weights")]
    pub weights: std::collections::BTreeMap<String, f64>,
    /// 党委委员, 党员, …: a group not listed here is a `ballots` error.
    #[serde(deserialize_with = "group_weights")]
    pub group_weights: std::collections::BTreeMap<String, f64>,
}

impl Default for ReviewConfig {
    fn default() -> Self {
        let map = |pairs: &[(&str, f64)]| pairs.iter().map(|(k, v)| (k.to_string(), *v)).collect();
        ReviewConfig {
            weights: map(&[("好", 1.0), ("较好", 0.8), ("一般", 0.6), ("差", 0.0)]),
            group_weights: map(&[("党委委员", 0.6), ("党员", 0.4)]),
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(default, rename_all = "kebab-case", deny_unknown_fields)]
pub struct BookConfig {
    pub title: String,
    pub description: String,
    pub language: Lang,
}

impl Default for BookConfig {
    fn default() -> Self {
        BookConfig {
            title: "理论学习笔记".into(),
            description: String::new(),
            language: Lang::Zh,
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(default, rename_all = "kebab-case", deny_unknown_fields)]
pub struct BuildConfig {
    #[serde(deserialize_with = "folder_name")]
    pub content_dir: PathBuf,
    #[serde(deserialize_with = "folder_name")]
    pub build_dir: PathBuf,
    pub theme: String,
    /// "" keeps every link relative; anything else is only used for absolute links in
    /// places that need them (none yet): the site never depends on it.
    pub base_url: String,
    pub allow_html: bool,
}

/// A folder of the site: never empty (an empty name would be the root itself).
fn folder_name<'de, D: serde::Deserializer<'de>>(d: D) -> Result<PathBuf, D::Error> {
    let name = String::deserialize(d)?;
    if name.trim().is_empty() {
        return Err(serde::de::Error::custom(EMPTY_FOLDER));
    }
    Ok(PathBuf::from(name))
}

/// A share between 0 and 1, above 0: `nan`, a negative share or 0 (every note a copy of
/// every other) is an error, not a check that silently never or always fires.
fn similarity<'de, D: serde::Deserializer<'de>>(d: D) -> Result<f64, D::Error> {
    let value = f64::deserialize(d)?;
    if !(value > 0.0 && value <= 1.0) {
        return Err(serde::de::Error::custom(BAD_SHARE));
    }
    Ok(value)
}

/// `[check.section-aliases]`: neither a section nor any of its other names is empty
/// (an empty one would match every line).
fn section_aliases<'de, D: serde::Deserializer<'de>>(
    d: D,
) -> Result<std::collections::BTreeMap<String, Vec<String>>, D::Error> {
    /// A section's other names, each refused where it is written when empty.
    #[derive(Deserialize)]
    struct Names(#[serde(deserialize_with = "section_names")] Vec<String>);
    let aliases = std::collections::BTreeMap::<String, Names>::deserialize(d)?;
    if aliases.keys().any(|section| section.trim().is_empty()) {
        return Err(serde::de::Error::custom(EMPTY_SECTION));
    }
    Ok(aliases.into_iter().map(|(k, Names(v))| (k, v)).collect())
}

/// Weights each from 0 to 1 (`nan`, a negative weight or 5 would make a review score
/// above 100 or below 0), and not all 0.
fn weights<'de, D: serde::Deserializer<'de>>(
    d: D,
) -> Result<std::collections::BTreeMap<String, f64>, D::Error> {
    let weights = std::collections::BTreeMap::<String, f64>::deserialize(d)?;
    let each = weights.values().all(|w| (0.0..=1.0).contains(w));
    if !each || !weights.values().any(|w| *w > 0.0) {
        return Err(serde::de::Error::custom(BAD_WEIGHT));
    }
    Ok(weights)
}

/// A weight for each grade a ballot is cast in, 好, 较好, 一般 and 差, and no other: a
/// misspelt grade would leave the real one weighing 0.
fn grade_weights<'de, D: serde::Deserializer<'de>>(
    d: D,
) -> Result<std::collections::BTreeMap<String, f64>, D::Error> {
    let written = weights(d)?;
    let grades = BALLOT_GRADES;
    let same = written.len() == grades.len() && grades.iter().all(|g| written.contains_key(*g));
    if !same {
        return Err(serde::de::Error::custom(BAD_GRADES));
    }
    Ok(written)
}

/// The grades a ballot of the secretary's review is cast in, in order.
pub const BALLOT_GRADES: [&str; 4] = ["好", "较好", "一般", "差"];

/// Groups' weights, each from 0 to 1 and not all 0.
fn group_weights<'de, D: serde::Deserializer<'de>>(
    d: D,
) -> Result<std::collections::BTreeMap<String, f64>, D::Error> {
    let written = std::collections::BTreeMap::<String, f64>::deserialize(d)?;
    let each = written.values().all(|w| (0.0..=1.0).contains(w));
    if !each || !written.values().any(|w| *w > 0.0) {
        return Err(serde::de::Error::custom(BAD_GROUP_WEIGHT));
    }
    Ok(written)
}

impl Default for BuildConfig {
    fn default() -> Self {
        BuildConfig {
            content_dir: "content".into(),
            build_dir: "site".into(),
            theme: "default".into(),
            base_url: String::new(),
            allow_html: false,
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(default, rename_all = "kebab-case", deny_unknown_fields)]
pub struct CheckConfig {
    pub min_chars: usize,
    #[serde(deserialize_with = "section_names")]
    pub required_sections: Vec<String>,
    #[serde(deserialize_with = "similarity")]
    pub max_similarity: f64,
    /// Other names a required section goes by (`心得体会 = ["学习体会", "感悟"]`); a
    /// section named here replaces its default list ([`default_section_aliases`]).
    #[serde(deserialize_with = "section_aliases")]
    pub section_aliases: std::collections::BTreeMap<String, Vec<String>>,
}

impl Default for CheckConfig {
    fn default() -> Self {
        CheckConfig {
            min_chars: 200,
            required_sections: Vec::new(),
            max_similarity: 0.8,
            section_aliases: Default::default(),
        }
    }
}

/// The names members give the usual sections, besides their own.
pub fn default_section_aliases(section: &str) -> &'static [&'static str] {
    match section {
        "学习内容" => &[
            "主要内容",
            "学习情况",
            "学习篇目",
            "学习材料",
            "学习摘要",
            "内容摘要",
            "原文摘录",
            "学习要点",
            "学习记录",
        ],
        "心得体会" => &[
            "学习体会",
            "体会",
            "心得",
            "学习心得",
            "感悟",
            "学习感悟",
            "收获体会",
            "个人体会",
            "读后感",
            "思考",
            "收获",
        ],
        "讨论发言" => &[
            "发言",
            "讨论",
            "讨论情况",
            "发言情况",
            "交流发言",
            "研讨发言",
        ],
        "议题" => &["会议议题", "主要议题"],
        "决议" => &["会议决议", "决定", "决议事项"],
        "活动内容" => &["活动情况", "主要内容"],
        _ => &[],
    }
}

impl CheckConfig {
    /// Every name `section` goes by: itself, then its aliases (the book's, or the
    /// defaults).
    pub fn names_of(&self, section: &str) -> Vec<String> {
        let mut names = vec![section.to_string()];
        match self.section_aliases.get(section) {
            Some(own) => names.extend(own.iter().cloned()),
            None => names.extend(
                default_section_aliases(section)
                    .iter()
                    .map(|s| s.to_string()),
            ),
        }
        names
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(default, rename_all = "kebab-case", deny_unknown_fields)]
pub struct CoverageConfig {
    pub members: PathBuf,
    pub plan: PathBuf,
    pub publish: bool,
}

impl Default for CoverageConfig {
    fn default() -> Self {
        CoverageConfig {
            members: "content/members.yaml".into(),
            plan: "content/plan.yaml".into(),
            publish: true,
        }
    }
}

/// A site on disk: where it is and how it is configured. Paths are absolute.
#[derive(Debug, Clone)]
pub struct Site {
    pub root: PathBuf,
    pub config: Config,
    pub content_dir: PathBuf,
    pub build_dir: PathBuf,
}

impl Site {
    pub fn lang(&self) -> Lang {
        self.config.book.language
    }

    /// Path of `path` relative to the root, with `/`, as diagnostics show it.
    pub fn display_path(&self, path: &Path) -> String {
        let rel = path.strip_prefix(&self.root).unwrap_or(path);
        crate::names::slashed(&rel.to_string_lossy())
    }

    /// Whether `path` is the roster or the plan: data, whatever its name ends in, and
    /// never published.
    pub fn is_data_file(&self, path: &Path) -> bool {
        [
            &self.config.coverage.members,
            &self.config.coverage.plan,
            &self.config.assessment.scheme,
        ]
        .iter()
        .any(|data| self.root.join(data) == path)
    }

    /// The site's own files and folders, where no file written on request may land:
    /// book.toml, the notes, the roster and plan, the themes and the built site.
    pub fn protected(&self) -> Vec<PathBuf> {
        let mut protected = self.sources();
        protected.extend([
            self.build_dir.clone(),
            // The build-dir's lock beside it: never a file to write on request.
            self.build_dir
                .parent()
                .unwrap_or(&self.root)
                .join(crate::names::lock_name(
                    &self
                        .build_dir
                        .file_name()
                        .map(|n| n.to_string_lossy().into_owned())
                        .unwrap_or_default(),
                )),
        ]);
        protected
    }

    /// What the site is made from: book.toml, the content, the roster, the plan, the
    /// assessment scheme (wherever it is kept) and the themes. No build may be written
    /// into, over or around any of them.
    pub fn sources(&self) -> Vec<PathBuf> {
        vec![
            self.root.join(BOOK_TOML),
            self.content_dir.clone(),
            self.root.join(&self.config.coverage.members),
            self.root.join(&self.config.coverage.plan),
            self.root.join(&self.config.assessment.scheme),
            self.root.join("themes"),
        ]
    }

    /// Opens the site at `root`, or at the nearest folder at or above `start` that has a
    /// book.toml.
    pub fn open(root: Option<&Path>, start: &Path) -> Result<Site, Box<Diagnostic>> {
        let root = site_root(root, start)?;
        let config = load_config(&root)?;
        paths_inside(&config)?;
        build_dir_not_under_tilde(&config)?;
        let content_dir = root.join(&config.build.content_dir);
        let build_dir = root.join(&config.build.build_dir);
        Ok(Site {
            root,
            config,
            content_dir,
            build_dir,
        })
    }
}

/// The site's root: `root` (from `start` if relative) when it is a folder, or the
/// nearest folder at or above `start` that has a book.toml.
fn site_root(root: Option<&Path>, start: &Path) -> Result<PathBuf, Box<Diagnostic>> {
    match root {
        // A --root that names no folder is said so, not searched for a book.toml.
        Some(dir) if !absolute(dir, start).is_dir() => {
            let shown = dir.display().to_string();
            Err(Box::new(
                Diagnostic::error(
                    Rule::Usage,
                    "--root",
                    Msg::RootNotFolder(&shown).text(Lang::Zh),
                )
                .with_help(Msg::NoBookTomlHelp.text(Lang::Zh)),
            ))
        }
        Some(dir) => Ok(absolute(dir, start)),
        None => find_root(start).ok_or_else(|| {
            let dir = start.display().to_string();
            Box::new(
                Diagnostic::error(
                    Rule::Config,
                    BOOK_TOML,
                    Msg::NoBookToml(&dir).text(Lang::Zh),
                )
                .with_help(Msg::NoBookTomlHelp.text(Lang::Zh)),
            )
        }),
    }
}

/// `Err` when the content folder, the roster or the plan is not inside the site.
fn paths_inside(config: &Config) -> Result<(), Box<Diagnostic>> {
    // What is read and published comes from inside the site: a book.toml that names
    // /etc as its content, or a roster outside, would publish (or quote in errors)
    // files nobody meant to share.
    for (key, path) in [
        ("content-dir", &config.build.content_dir),
        ("members", &config.coverage.members),
        ("plan", &config.coverage.plan),
        ("scheme", &config.assessment.scheme),
    ] {
        let inside = !path.is_absolute()
            && path.components().all(|c| {
                matches!(
                    c,
                    std::path::Component::Normal(_) | std::path::Component::CurDir
                )
            });
        if !inside {
            let lang = config.book.language;
            let shown = path.display().to_string();
            return Err(Box::new(
                Diagnostic::error(
                    Rule::Config,
                    BOOK_TOML,
                    Msg::PathOutsideSite { key, path: &shown }.text(lang),
                )
                .with_help(Msg::PathOutsideSiteHelp.text(lang)),
            ));
        }
    }
    Ok(())
}

/// `Err` when the build folder is written under `~`.
fn build_dir_not_under_tilde(config: &Config) -> Result<(), Box<Diagnostic>> {
    // `~/site` in a file is a folder named `~`, not the home folder (only a shell
    // reads `~`): said, rather than a `~` folder made where nobody looks.
    let written = config.build.build_dir.to_string_lossy();
    if written.starts_with('~') {
        let lang = config.book.language;
        return Err(Box::new(
            Diagnostic::error(
                Rule::Config,
                BOOK_TOML,
                Msg::BuildDirTilde(&written).text(lang),
            )
            .with_help(Msg::BuildDirTildeHelp.text(lang)),
        ));
    }
    Ok(())
}

fn absolute(dir: &Path, start: &Path) -> PathBuf {
    if dir.is_absolute() {
        dir.to_path_buf()
    } else {
        start.join(dir)
    }
}

/// The nearest folder at or above `start` that holds a book.toml.
pub fn find_root(start: &Path) -> Option<PathBuf> {
    start
        .ancestors()
        // Anything named book.toml marks the site, so that a book.toml that is a folder
        // or a pipe is said to be one rather than missing.
        .find(|dir| dir.join(BOOK_TOML).exists())
        .map(Path::to_path_buf)
}

/// Reads `root/book.toml`. A missing file is an error: a folder without one is not a site.
pub fn load_config(root: &Path) -> Result<Config, Box<Diagnostic>> {
    let path = root.join(BOOK_TOML);
    let text = crate::plain::read_data(&path)
        .and_then(|bytes| {
            String::from_utf8(bytes)
                .map_err(|_| std::io::Error::from(std::io::ErrorKind::InvalidData))
        })
        .map_err(|err| {
            if err.kind() == std::io::ErrorKind::NotFound {
                let msg = Msg::NoBookToml(&root.display().to_string()).text(Lang::Zh);
                return Box::new(
                    Diagnostic::error(Rule::Config, BOOK_TOML, msg)
                        .with_help(Msg::NoBookTomlHelp.text(Lang::Zh)),
                );
            }
            // There is a book.toml that cannot be read: what to do depends on why.
            let msg = Msg::Unreadable(&crate::i18n::io_reason(&err, Lang::Zh)).text(Lang::Zh);
            let help = match err.kind() {
                std::io::ErrorKind::InvalidData => Some(Msg::BookTomlNotUtf8Help.text(Lang::Zh)),
                std::io::ErrorKind::PermissionDenied => {
                    Some(Msg::ReadPermissionHelp.text(Lang::Zh))
                }
                _ => crate::i18n::io_file_advice(&err, Lang::Zh),
            };
            let rule = match err.kind() {
                std::io::ErrorKind::InvalidData => Rule::Config,
                _ => Rule::Unreadable,
            };
            let diag = Diagnostic::error(rule, BOOK_TOML, msg);
            Box::new(match help {
                Some(help) => diag.with_help(help),
                None => diag,
            })
        })?;
    parse_config(&text)
}

/// Parses book.toml text. The error's language is guessed from the text itself, since the
/// `language` key may be what failed.
pub fn parse_config(text: &str) -> Result<Config, Box<Diagnostic>> {
    let quoted = quote_chinese_keys(text);
    toml::from_str::<Config>(&quoted).map_err(|err| {
        let lang = guess_lang(text);
        let message = datetime_named(err.message().trim(), &quoted, err.span());
        let mut detail = crate::i18n::toml_reason(&message, lang);
        // A full-width mark where TOML wants its ASCII one (`，` `：` `“”`), on the line
        // the parser stopped at: named, since the quotes may well be there.
        let line_text = err
            .span()
            .map(|span| line_col(text, span.start).0)
            .and_then(|line| text.lines().nth(line.saturating_sub(1)));
        if let Some(mark) = line_text.and_then(|l| l.chars().find(|c| "，：“”＝［］".contains(*c)))
        {
            detail = Msg::ConfigFullWidth(&mark.to_string()).text(lang);
        }
        let mut diag = Diagnostic::error(
            Rule::Config,
            BOOK_TOML,
            Msg::ConfigInvalid(&detail).text(lang),
        )
        .with_help(Msg::ConfigHelp.text(lang));
        if let Some(span) = err.span() {
            let (line, col) = line_col(text, span.start);
            diag = diag.at(text, line, col);
        }
        Box::new(diag)
    })
}

/// toml reads a date or a time (`min-chars = 2022-03-01`) into a table of its own and
/// says "map": the message names what was written instead.
fn datetime_named(message: &str, text: &str, span: Option<std::ops::Range<usize>>) -> String {
    let written = span
        .and_then(|span| text.get(span))
        .map(str::trim)
        .filter(|value| value.parse::<toml::value::Datetime>().is_ok());
    match (message.strip_prefix("invalid type: map"), written) {
        (Some(rest), Some(value)) => format!("invalid type: datetime `{value}`{rest}"),
        _ => message.to_string(),
    }
}

/// Table headers and dotted keys with Chinese names, as people write them
/// (`[meetings.kinds.党课]`, `meetings.kinds.党课.every = "month"`), with those names
/// quoted: TOML 1.0 takes only ASCII bare keys. Other lines are left alone, so line
/// numbers in errors stay right.
fn quote_chinese_keys(text: &str) -> std::borrow::Cow<'_, str> {
    if !keyed_lines(text).any(|(_, keys)| keys.is_some()) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for (line, keys) in keyed_lines(text) {
        let Some((start, end)) = keys else {
            out.push_str(line);
            continue;
        };
        out.push_str(&line[..start]);
        out.push_str(&quoted_keys(&line[start..end]));
        if !line.trim_start().starts_with('[') {
            // The space the trimmed key had before `=`.
            out.push(' ');
        }
        out.push_str(&line[end..]);
    }
    std::borrow::Cow::Owned(out)
}

/// Each line of `text` (with its line break) and the bare keys in it that need quoting,
/// as [`bare_chinese_keys`] finds them.
fn keyed_lines(text: &str) -> impl Iterator<Item = (&str, Option<(usize, usize)>)> {
    // Lines inside a multi-line string (`"""` or `\'\'\'`) are text, not keys: never
    // touched, whatever they hold.
    let mut open: Option<&str> = None;
    text.split_inclusive('\n').map(move |line| {
        let inside = open.is_some();
        for delimiter in ["\"\"\"", "\'\'\'"] {
            if open.is_none_or(|o| o == delimiter) && line.matches(delimiter).count() % 2 == 1 {
                open = if open.is_some() {
                    None
                } else {
                    Some(delimiter)
                };
            }
        }
        (
            line,
            if inside {
                None
            } else {
                bare_chinese_keys(line)
            },
        )
    })
}

/// The bare key part of a line that needs quoting, a table header's or a dotted key's
/// with a name that is not ASCII: `(start, end)` byte offsets.
fn bare_chinese_keys(line: &str) -> Option<(usize, usize)> {
    let trimmed = line.trim_start();
    let start = line.len() - trimmed.len();
    let (start, end) = if let Some(rest) = trimmed.strip_prefix('[') {
        let open = start + 1 + usize::from(rest.starts_with('['));
        (open, start + trimmed.find(']')?)
    } else if trimmed.starts_with('#') {
        return None;
    } else {
        (start, start + trimmed.find('=')?)
    };
    let part = &line[start..end];
    (!part.is_ascii() && !part.contains(['"', '\'', '#'])).then_some((start, end))
}

/// A dotted key (`meetings.kinds.党课`) with each name that is not ASCII quoted, and the
/// blank space around each name taken off.
fn quoted_keys(part: &str) -> String {
    let quoted: Vec<String> = part
        .split('.')
        .map(|key| {
            let key = key.trim();
            if key.is_ascii() {
                key.to_string()
            } else {
                format!("\"{key}\"")
            }
        })
        .collect();
    quoted.join(".")
}

fn guess_lang(text: &str) -> Lang {
    let english = text.lines().any(|line| {
        let line = line.replace(' ', "");
        line.starts_with("language=\"en")
    });
    if english {
        Lang::En
    } else {
        Lang::Zh
    }
}

/// 1-based line and character column of byte offset `offset` in `text`.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = &text[..floor_char_boundary(text, offset)];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let line_text = text[line_start..].split('\n').next().unwrap_or("");
    (line, column_of(line_text, before.len() - line_start))
}

fn floor_char_boundary(text: &str, mut i: usize) -> usize {
    while i > 0 && !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_build_dir_under_tilde_is_said_to_be_no_home_folder() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join(BOOK_TOML),
            "[book]\ntitle = \"x\"\n\n[build]\nbuild-dir = \"~/site\"\n",
        )
        .unwrap();
        let err = Site::open(Some(dir.path()), dir.path()).unwrap_err();
        assert!(err.message.contains("~ 换成主目录"), "{}", err.message);
        assert!(!dir.path().join("~").exists());
    }

    #[test]
    fn unknown_key_names_key_and_line() {
        let err =
            parse_config("[book]\ntitle = \"x\"\n\n[build]\nbuild-dri = \"out\"\n").unwrap_err();
        assert_eq!(err.line, 5);
        assert!(err.message.contains("build-dri"), "{}", err.message);
        assert!(
            err.message.contains("build-dir"),
            "expected keys are listed: {}",
            err.message
        );
    }

    #[test]
    fn a_table_written_twice_is_said_so_at_its_second_line() {
        let err = parse_config("[build]\nbuild-dir = \"a\"\n\n[build]\n").unwrap_err();
        assert_eq!(err.line, 4);
        assert!(
            err.message.contains("在前面已经写过一次"),
            "{}",
            err.message
        );
    }

    #[test]
    fn wrong_type_names_line() {
        let err = parse_config("[check]\nmin-chars = \"两百\"\n").unwrap_err();
        assert_eq!(err.line, 2);
    }

    #[test]
    fn english_is_chosen_by_language() {
        let config = parse_config("[book]\nlanguage = \"en\"\n").unwrap();
        assert_eq!(config.book.language, Lang::En);
        let err = parse_config("[book]\nlanguage = \"en\"\nfoo = 1\n").unwrap_err();
        assert!(
            err.message.starts_with("invalid configuration"),
            "{}",
            err.message
        );
    }

    #[test]
    fn chinese_table_names_need_no_quotes() {
        let config = parse_config(
            "[meetings.kinds.主题党日]\nmin-speakers = 5\n[meetings.kinds.\"党课\"]\nevery = \"month\"\n",
        )
        .unwrap();
        let kind = |name: &str| config.meetings.kind(name).unwrap().clone();
        assert_eq!(kind("主题党日").min_speakers, 5);
        assert_eq!(kind("党课").every, crate::kinds::Every::Month);
        let err = parse_config("[meetings.kinds.党课]\nevry = \"month\"\n").unwrap_err();
        assert_eq!(err.line, 2);
        let dotted = parse_config("[meetings]\nkinds.党课.every = \"year\"\n").unwrap();
        let every = dotted.meetings.kind("党课").unwrap().every;
        assert_eq!(every, crate::kinds::Every::Year);
        let err = parse_config("[meetings.kinds.党课]\nevery = \"季度\"\n").unwrap_err();
        assert!(err.message.contains("可以写"), "{}", err.message);
        // Inside a multi-line string the same shapes are text, kept as written.
        let text = "[book]\ndescription = \"\"\"\n学习 = 实践\n[说明]\n\"\"\"\ntitle = '''\n备注 = 无\n'''\n";
        let config = parse_config(text).unwrap();
        assert_eq!(config.book.description, "学习 = 实践\n[说明]\n");
        assert_eq!(config.book.title, "备注 = 无\n");
    }

    #[test]
    fn values_out_of_range_are_said_to_be() {
        for bad in ["nan", "-1.0", "0.0", "1.5"] {
            let err = parse_config(&format!("[check]\nmax-similarity = {bad}\n")).unwrap_err();
            assert!(
                err.message.contains("0 到 1 之间"),
                "{bad}: {}",
                err.message
            );
        }
        assert!(parse_config("[check]\nmax-similarity = 0.9\n").is_ok());
        let err = parse_config("[check]\nrequired-sections = [\"学习内容\", \" \"]\n").unwrap_err();
        assert!(err.message.contains("小标题不能是空的"), "{}", err.message);
        let err = parse_config("[check]\nmin-chars = -1\n").unwrap_err();
        assert!(err.message.contains("不能是负数"), "{}", err.message);
    }

    #[test]
    fn defaults_match_the_design() {
        let config = parse_config("").unwrap();
        assert_eq!(config.build.build_dir, PathBuf::from("site"));
        assert_eq!(config.check.min_chars, 200);
        assert!(config.coverage.publish);
        assert!(!config.build.allow_html);
    }

    #[test]
    fn book_toml_overrides_a_default_and_adds_a_kind() {
        let config = parse_config(
            "[meetings.kinds.主题党日]\nmin-speakers = 5\n[meetings.kinds.专题会议]\nsections = [\"议题\"]\n",
        )
        .unwrap();
        let kinds = &config.meetings.kinds;
        let day = kinds.iter().find(|k| k.name == "主题党日").unwrap();
        assert_eq!(
            (day.every, day.min_speakers),
            (crate::kinds::Every::Month, 5)
        );
        assert_eq!(day.sections, ["活动内容", "讨论发言"]);
        let added = kinds.last().unwrap();
        assert_eq!(
            (added.name.as_str(), added.every),
            ("专题会议", crate::kinds::Every::None)
        );
        assert_eq!(kinds.len(), crate::kinds::defaults().len() + 1);
        let err = parse_config("[meetings.kinds.党课]\nevery = \"weekly\"\n");
        assert!(err.is_err());
    }
}
