//! `studybook init [DIR]`: a working site to start from. Never overwrites a file.

use super::{say, Error, Result, OK};
use crate::config::BOOK_TOML;
use crate::i18n::{Lang, Msg};
use crate::render::theme::BUILT_IN;
use chrono::Datelike;
use std::path::{Path, PathBuf};

#[derive(clap::Args)]
pub struct InitArgs {
    /// 新站点的目录（必须不存在或为空）
    #[arg(default_value = ".", value_name = "目录")]
    pub dir: PathBuf,
    /// 同时把内置主题复制到 themes/default/，以便修改
    #[arg(long)]
    pub theme: bool,
}

/// The files of a new site, by path: `YEAR` and `DATE` are filled in with today's.
const FILES: &[(&str, &str)] = &[
    (BOOK_TOML, include_str!("init/book.toml")),
    ("README.md", include_str!("init/README.md")),
    ("content/members.yaml", include_str!("init/members.yaml")),
    ("content/plan.yaml", include_str!("init/plan.yaml")),
    (
        "content/assessment.yaml",
        include_str!("init/assessment.yaml"),
    ),
    (
        "content/zhangsan/DATE-理论中心组专题学习心得.md",
        include_str!("init/example.md"),
    ),
    (
        "content/meetings/第一党支部/DATE-支部委员会.md",
        include_str!("init/meeting.md"),
    ),
    (".gitignore", "/site\n"),
];

pub fn execute(args: &InitArgs, today: chrono::NaiveDate) -> Result {
    let lang = Lang::Zh;
    let dir = &args.dir;
    let existing_site = dir.join(BOOK_TOML).is_file();
    refuse_dir(dir, args.theme && existing_site, lang)?;
    let theme_dir = format!("themes/{}", theme_name(dir, existing_site, lang)?);
    let files = files_to_write(args, existing_site, &theme_dir, today);
    if files.is_empty() {
        let theme = dir.join(&theme_dir).display().to_string();
        say(&Msg::InitThemeThere(&theme).text(lang));
        return Ok(OK);
    }
    let written = write_all(dir, &files, lang)?;
    for path in &written {
        say(&format!("  {}", path.display()));
    }
    let done = if existing_site {
        Msg::InitThemeDone(&dir.join(&theme_dir).display().to_string())
    } else {
        Msg::InitDone(&dir.display().to_string())
    };
    say(&done.text(lang));
    Ok(OK)
}

/// Why `dir` cannot hold a new site: it is a link, or not a folder, or holds something
/// already (which may be, with `theme_only`, a site to copy the theme into).
fn refuse_dir(dir: &Path, theme_only: bool, lang: Lang) -> Result<()> {
    if dir
        .symlink_metadata()
        .is_ok_and(|meta| meta.file_type().is_symlink())
    {
        let shown = dir.display().to_string();
        return Err(Error::Said(
            Msg::OutFolderLink(&shown).text(lang) + "\n" + &Msg::OutFolderLinkHelp.text(lang),
        ));
    }
    // A file, a pipe or a device where the folder would be is said to be one.
    if dir.symlink_metadata().is_ok_and(|meta| !meta.is_dir()) {
        let shown = dir.display().to_string();
        return Err(Error::Said(Msg::InitNotFolder(&shown).text(lang)));
    }
    if is_non_empty(dir) && !theme_only {
        let not_empty = Msg::InitNotEmpty(&dir.display().to_string()).text(lang);
        return Err(Error::Said(
            not_empty + "\n" + &Msg::InitNotEmptyHelp.text(lang),
        ));
    }
    Ok(())
}

/// The theme a site's builds use: book.toml's `theme`, or `default` for a new site or
/// a book.toml that cannot be read; `Err` for a name that is no folder of themes/
/// (`../x`), which a build refuses too.
fn theme_name(dir: &Path, existing_site: bool, lang: Lang) -> Result<String> {
    let named = existing_site
        .then(|| std::fs::read_to_string(dir.join(BOOK_TOML)).ok())
        .flatten()
        .and_then(|text| crate::config::parse_config(&text).ok())
        .map(|config| config.build.theme);
    match named {
        Some(name) if crate::names::check_folder_name(&name).is_err() => Err(Error::Said(
            Msg::ThemeOutside(&name).text(lang) + "\n" + &Msg::MissingThemeHelp.text(lang),
        )),
        Some(name) => Ok(name),
        None => Ok("default".to_string()),
    }
}

/// The files to write, by path inside the site: the site's own unless there is one
/// already, then with `--theme` the built-in theme's files not there yet, into
/// `theme_dir`.
fn files_to_write(
    args: &InitArgs,
    existing_site: bool,
    theme_dir: &str,
    today: chrono::NaiveDate,
) -> Vec<(String, Vec<u8>)> {
    let fill = |text: &str| {
        text.replace("YEAR", &today.year().to_string())
            .replace("DATE", &today.format("%Y-%m-%d").to_string())
    };
    let mut files: Vec<(String, Vec<u8>)> = Vec::new();
    if !existing_site {
        files.extend(
            FILES
                .iter()
                .map(|(path, text)| (fill(path), fill(text).into_bytes())),
        );
    }
    if args.theme {
        files.extend(
            BUILT_IN
                .iter()
                .map(|(path, bytes)| (format!("{theme_dir}/{path}"), bytes.to_vec()))
                .filter(|(target, _)| args.dir.join(target).symlink_metadata().is_err()),
        );
    }
    files
}

/// Writes `files` into `dir`, never over one; returns their paths. On a failure what was
/// written and the folders made go again, and the error is returned.
fn write_all(dir: &Path, files: &[(String, Vec<u8>)], lang: Lang) -> Result<Vec<PathBuf>> {
    // Every folder this init makes, the site's own first, in the order they are made.
    let mut made: Vec<std::path::PathBuf> = Vec::new();
    if dir.symlink_metadata().is_err() {
        made.push(dir.to_path_buf());
    }
    let mut written = Vec::new();
    for (rel, bytes) in files {
        let path = dir.join(rel);
        let shown = path.display().to_string();
        let mut missing: Vec<std::path::PathBuf> = path
            .ancestors()
            .skip(1)
            .take_while(|folder| folder.starts_with(dir) && folder.symlink_metadata().is_err())
            .map(Path::to_path_buf)
            .filter(|folder| !made.contains(folder))
            .collect();
        missing.reverse();
        made.extend(missing);
        if let Err(diag) = super::write_new(&path, bytes, dir, &shown, lang) {
            // Half a site would stop the next `init` as "not empty": what this one
            // wrote goes again, so that running it once more (after freeing the disk,
            // say) works.
            undo(&written, &made);
            return Err(diag.into());
        }
        written.push(path);
    }
    Ok(written)
}

/// Removes the files an `init` that failed wrote, then the folders it made, deepest
/// first, each only while it is empty (never one that holds anything else).
fn undo(written: &[std::path::PathBuf], made: &[std::path::PathBuf]) {
    for path in written.iter().rev() {
        let _ = std::fs::remove_file(path);
    }
    for folder in made.iter().rev() {
        let _ = std::fs::remove_dir(folder);
    }
}

/// Whether `dir` holds anything but a `.git` folder (a repository just made or cloned
/// empty is where a site usually starts), or is something other than a folder.
fn is_non_empty(dir: &Path) -> bool {
    match dir.symlink_metadata() {
        Ok(meta) if meta.is_dir() => std::fs::read_dir(dir).map_or(true, |entries| {
            entries.flatten().any(|entry| {
                entry.file_name() != ".git" || !entry.file_type().is_ok_and(|t| t.is_dir())
            })
        }),
        Ok(_) => true,
        Err(_) => false,
    }
}
