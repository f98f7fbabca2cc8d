//! `studybook init [DIR]`: a working site to start from. Never overwrites a file.

use super::{say, CONFIG_ERROR, OK};
use crate::config::BOOK_TOML;
use crate::i18n::{Lang, Msg};
use crate::render::theme::BUILT_IN;
use chrono::Datelike;
use std::path::{Path, PathBuf};

pub struct InitArgs {
    pub dir: PathBuf,
    /// Also copy the built-in theme into themes/default/ for customising.
    pub theme: bool,
}

/// The files of a new site, by path: `YEAR` and `DATE` are filled in with today's.
const FILES: &[(&str, &str)] = &[
    (BOOK_TOML, include_str!("init/book.toml")),
    ("README.md", include_str!("init/README.md")),
    ("content/members.yaml", include_str!("init/members.yaml")),
    ("content/plan.yaml", include_str!("init/plan.yaml")),
    (
        "content/zhangsan/DATE-理论中心组专题学习心得.md",
        include_str!("init/example.md"),
    ),
    (".gitignore", "/site\n"),
];

pub fn execute(args: &InitArgs, today: chrono::NaiveDate) -> anyhow::Result<u8> {
    let lang = Lang::Zh;
    let dir = &args.dir;
    let existing_site = dir.join(BOOK_TOML).is_file();
    if is_non_empty(dir) && !(args.theme && existing_site) {
        say(&Msg::InitNotEmpty(&dir.display().to_string()).text(lang));
        say(&Msg::InitNotEmptyHelp.text(lang));
        return Ok(CONFIG_ERROR);
    }
    let fill = |text: &str| {
        text.replace("YEAR", &today.year().to_string())
            .replace("DATE", &today.format("%Y-%m-%d").to_string())
    };
    let mut written = Vec::new();
    if !existing_site {
        for (path, text) in FILES {
            written.push(write_new(dir, &fill(path), fill(text).as_bytes())?);
        }
    }
    if args.theme {
        for (path, bytes) in BUILT_IN {
            let target = format!("themes/default/{path}");
            if !dir.join(&target).exists() {
                written.push(write_new(dir, &target, bytes)?);
            }
        }
    }
    for path in &written {
        say(&format!("  {}", path.display()));
    }
    say(&Msg::InitDone(&dir.display().to_string()).text(lang));
    Ok(OK)
}

fn is_non_empty(dir: &Path) -> bool {
    std::fs::read_dir(dir).is_ok_and(|mut entries| entries.next().is_some())
}

/// Writes `rel` under `dir`, which must not exist yet.
fn write_new(dir: &Path, rel: &str, bytes: &[u8]) -> anyhow::Result<PathBuf> {
    let path = dir.join(rel);
    super::write_new(&path, bytes)?;
    Ok(path)
}
