//! Never lose anything: every command that writes, pointed at someone else's files,
//! leaves them byte for byte as they were; files written on request never clobber;
//! names that become paths are safe; serve survives hostile requests; CSV cells cannot
//! run; mistakes are errors in the user's language.
//!
//! Every spawned studybook runs in a temp dir with HOME in a temp dir (common::run).

use crate::common;
use crate::common::http::{get, raw_status};
use crate::common::*;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Stdio};
use std::sync::mpsc;
use std::time::Duration;

/// Gives the site at `dir` (a temp dir) to nobody (uid 65534), so that permissions stop
/// a build run as nobody; needs root.
#[cfg(target_os = "linux")]
fn give_to_nobody(dir: &Path) {
    use std::os::unix::fs::PermissionsExt;
    let owned = std::process::Command::new("chown")
        .args(["-R", "65534:65534"])
        .arg(dir)
        .status();
    assert!(owned.is_ok_and(|s| s.success()), "chown");
    std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o777)).unwrap();
}

/// studybook run as nobody in `dir`, HOME there.
#[cfg(target_os = "linux")]
fn as_nobody(dir: &Path, args: &[&str]) -> std::process::Output {
    std::process::Command::new("setpriv")
        .args(["--reuid", "65534", "--regid", "65534", "--clear-groups"])
        .arg(env!("CARGO_BIN_EXE_studybook"))
        .args(args)
        .env("HOME", dir)
        .env("NO_COLOR", "1")
        .current_dir(dir)
        .output()
        .expect("setpriv (util-linux)")
}

/// Runs `script` with `sh` in a mount namespace of its own (where a tmpfs may be
/// mounted), in `dir`, HOME in a temp dir.
fn mount_namespace(dir: &Path, script: &str) -> std::process::Output {
    std::process::Command::new("unshare")
        .args(["--mount", "sh", "-c", script])
        .current_dir(dir)
        .env("HOME", temp_home())
        .env("NO_COLOR", "1")
        .output()
        .unwrap()
}

/// [`mount_namespace`], or None (said) where no namespace or tmpfs can be had here: the
/// script exits 97 when its mount fails. A CI run must have them.
fn in_mount_namespace(dir: &Path, script: &str) -> Option<std::process::Output> {
    let output = mount_namespace(dir, script);
    if output.status.code() == Some(97) || !output.status.success() && output.stdout.is_empty() {
        assert!(
            std::env::var_os("CI").is_none(),
            "a tmpfs mount is needed in CI"
        );
        eprintln!("skipped: no tmpfs in a mount namespace here");
        return None;
    }
    Some(output)
}

/// Someone's folder beside the site: nested files, a hidden file, a link.
fn their_folder(parent: &Path) -> PathBuf {
    let theirs = parent.join("theirs");
    std::fs::create_dir_all(theirs.join("论文/图")).unwrap();
    std::fs::write(theirs.join("论文/初稿.docx"), "三年的工作").unwrap();
    std::fs::write(theirs.join("论文/图/1.png"), [0u8, 1, 2, 3]).unwrap();
    std::fs::write(theirs.join(".bashrc"), "export PATH=…").unwrap();
    std::fs::write(theirs.join("members.yaml"), "- 不是名册").unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink(theirs.join("论文/初稿.docx"), theirs.join("link.md")).unwrap();
    theirs
}

/// Every file, folder and link under `dir`, with the bytes of files and link targets.
fn state(dir: &Path) -> Vec<(PathBuf, String)> {
    let mut out: Vec<(PathBuf, String)> = walkdir::WalkDir::new(dir)
        .into_iter()
        .flatten()
        .map(|e| {
            let what = if e.path_is_symlink() {
                format!("link {:?}", std::fs::read_link(e.path()).unwrap())
            } else if e.file_type().is_dir() {
                "dir".into()
            } else {
                format!("file {:?}", std::fs::read(e.path()).unwrap())
            };
            (e.path().strip_prefix(dir).unwrap().to_path_buf(), what)
        })
        .collect();
    out.sort();
    out
}

fn with_build_dir(root: &Path, build_dir: &str) {
    let toml = root.join("book.toml");
    let text = read(&toml).replace(
        "[book]",
        &format!("[build]\nbuild-dir = \"{build_dir}\"\n\n[book]"),
    );
    std::fs::write(toml, text).unwrap();
}

#[test]
fn every_command_that_writes_leaves_someone_elses_folder_untouched() {
    let root = copy_fixture("basic");
    let r = root.path();
    let theirs = their_folder(r);
    let before = state(&theirs);
    let refused = |args: &[&str], dir: &Path| {
        let output = run(dir, args);
        assert_eq!(
            code(&output),
            2,
            "{args:?} was not refused:\n{}",
            stderr(&output)
        );
        assert!(!stderr(&output).contains("os error"), "{}", stderr(&output));
        stderr(&output)
    };
    let said = refused(&["build", "--out", "theirs"], r);
    assert!(
        said.contains("theirs") && said.contains("不是 studybook 生成的"),
        "{said}"
    );
    refused(&["build", "--out", "theirs/论文/初稿.docx"], r);
    #[cfg(unix)]
    refused(&["build", "--out", "theirs/link.md"], r);
    refused(&["report", "--out", "theirs/论文/初稿.docx"], r);
    refused(&["report", "--out", "theirs/link.md", "--force"], r);
    refused(&["report", "--out", "theirs/论文", "--force"], r);
    refused(&["init", "theirs"], r);
    refused(&["init", "--root", "theirs", "."], r);
    // The themes folder is the site's own, even while it holds only empty folders.
    std::fs::create_dir_all(r.join("themes/default")).unwrap();
    let said = refused(&["build", "--out", "themes"], r);
    // The flag is at fault, not book.toml, and the reason is the one that holds.
    assert!(
        said.contains("error[write]")
            && said.contains("--> --out")
            && said.contains("站点自己的文件"),
        "{said}"
    );
    let said = refused(&["build", "--out", "content"], r);
    assert!(
        said.contains("error[write]") && said.contains("内容目录"),
        "{said}"
    );
    assert!(r.join("themes/default").is_dir() && !r.join("themes/index.html").exists());
    std::fs::remove_dir_all(r.join("themes")).unwrap();
    #[cfg(unix)]
    {
        // A member folder or a theme folder that is a link into someone's folder.
        std::os::unix::fs::symlink(&theirs, r.join("content/wangwu")).unwrap();
        let said = refused(&["new", "--author", "wangwu"], r);
        assert!(
            said.contains("文件夹 content/wangwu 是一个符号链接"),
            "the link is the folder, not the note: {said}"
        );
        std::fs::create_dir_all(r.join("themes")).unwrap();
        std::os::unix::fs::symlink(&theirs, r.join("themes/default")).unwrap();
        refused(&["init", "--theme"], r);
        std::fs::remove_file(r.join("themes/default")).unwrap();
        std::fs::remove_file(r.join("content/wangwu")).unwrap();
    }
    with_build_dir(r, "theirs");
    refused(&["build"], r);
    let serve = studybook()
        .args(["serve", "--port", &common::http::free_port().to_string()])
        .current_dir(r)
        .output()
        .unwrap();
    assert_eq!(code(&serve), 2, "{}", stderr(&serve));
    assert_eq!(state(&theirs), before, "someone's folder changed");
}

#[test]
fn a_build_owns_what_it_wrote_and_nothing_else() {
    let root = copy_fixture("basic");
    let r = root.path();
    std::fs::create_dir(r.join("empty")).unwrap();
    assert_eq!(code(&run(r, &["build", "--out", "empty"])), 0);
    let site = r.join("empty");
    let mark = read(&site.join(".studybook-build"));
    assert!(mark.starts_with("studybook-build 5\n"));
    let listed: std::collections::BTreeSet<&str> = mark
        .lines()
        .skip(1)
        .filter_map(|l| l.splitn(6, '\t').nth(5))
        .collect();
    let on_disk: std::collections::BTreeSet<String> = snapshot(&site)
        .into_keys()
        .map(|p| p.to_string_lossy().replace('\\', "/"))
        .filter(|p| p != ".studybook-build")
        .collect();
    let on_disk: std::collections::BTreeSet<&str> = on_disk.iter().map(String::as_str).collect();
    assert_eq!(listed, on_disk, "the mark lists exactly the files written");
    // The mark lets a rebuild replace the site; a file added by hand stops it.
    assert_eq!(code(&run(r, &["build", "--out", "empty"])), 0);
    std::fs::write(site.join("上传的通知.pdf"), "admin's").unwrap();
    let output = run(r, &["build", "--out", "empty"]);
    assert_eq!(code(&output), 2);
    assert!(
        stderr(&output).contains("上传的通知.pdf"),
        "{}",
        stderr(&output)
    );
    assert_eq!(read(&site.join("上传的通知.pdf")), "admin's");
    assert!(
        site.join("index.html").is_file(),
        "the last good site is kept"
    );
    // A forged line in the mark: the mark is named as the cause, and nothing goes
    // (round 17).
    std::fs::remove_file(site.join("上传的通知.pdf")).unwrap();
    let before = snapshot(&site);
    let forged = format!("{mark}deadbeefdeadbeef\t8\t0\t0\t0\t../x\n");
    std::fs::write(site.join(".studybook-build"), &forged).unwrap();
    let output = run(r, &["build", "--out", "empty"]);
    assert_eq!(code(&output), 2);
    let line = forged.lines().count();
    assert!(
        stderr(&output).contains(&format!(
            "标记文件 .studybook-build 第 {line} 行不是 studybook 写的"
        )),
        "{}",
        stderr(&output)
    );
    // Its first line damaged, by an editor's BOM (round 18): told the same way.
    std::fs::write(site.join(".studybook-build"), format!("\u{feff}{mark}")).unwrap();
    let output = run(r, &["build", "--out", "empty"]);
    assert!(
        stderr(&output).contains("标记文件 .studybook-build 第 1 行不是 studybook 写的"),
        "{}",
        stderr(&output)
    );
    let mut after = snapshot(&site);
    after.remove(std::path::Path::new(".studybook-build"));
    let mut before = before;
    before.remove(std::path::Path::new(".studybook-build"));
    assert_eq!(before, after);
}

/// A page of the built site changed by hand is someone's work: a build names it and
/// leaves it, whatever its times were set back to, and so does a folder of empty folders.
#[test]
fn a_page_changed_by_hand_is_never_written_over() {
    let root = copy_fixture("basic");
    let r = root.path();
    assert_eq!(code(&run(r, &["build"])), 0);
    let page = r.join("site/index.html");
    let was = std::fs::metadata(&page).unwrap();
    let written = std::fs::read(&page).unwrap();
    // Same size, the old modification time put back: only the bytes tell.
    let mut edited = written.clone();
    let at = edited.len() / 2;
    edited[at] = if edited[at] == b'x' { b'y' } else { b'x' };
    std::fs::write(&page, &edited).unwrap();
    std::fs::File::options()
        .write(true)
        .open(&page)
        .unwrap()
        .set_modified(was.modified().unwrap())
        .unwrap();
    let before = state(&r.join("site"));
    for command in [&["build"][..], &["build", "--strict"]] {
        let output = run(r, command);
        let said = stderr(&output);
        assert_eq!(code(&output), 2, "{said}");
        assert!(said.contains("error[write]"), "{said}");
        assert!(
            said.contains("index.html") && said.contains("手工改过"),
            "{said}"
        );
        assert_eq!(state(&r.join("site")), before, "{command:?}");
    }
    // Put back as it was written, it is the build's again.
    std::fs::write(&page, &written).unwrap();
    assert_eq!(code(&run(r, &["build"])), 0);

    // A folder no build made, holding only empty folders, is someone's too.
    let theirs = r.join("theirs");
    std::fs::create_dir_all(theirs.join("2023/一月")).unwrap();
    let before = state(&theirs);
    let output = run(r, &["build", "--out", "theirs"]);
    assert_eq!(code(&output), 2, "{}", stderr(&output));
    assert!(stderr(&output).contains("2023"), "{}", stderr(&output));
    assert_eq!(state(&theirs), before);
}

#[test]
fn a_build_never_goes_inside_a_built_site() {
    let root = copy_fixture("basic");
    let r = root.path();
    assert_eq!(code(&run(r, &["build"])), 0);
    let before = snapshot(&r.join("site"));
    let refused = |output: &std::process::Output, out: &str| {
        assert_eq!(code(output), 2, "{out}");
        let said = format!("不能输出到 {out}：它在 studybook 生成的站点 site 里面");
        assert!(stderr(output).contains(&said), "{}", stderr(output));
    };
    for out in ["site/members", "site/新的", "site/notes/zhangsan"] {
        refused(&run(r, &["build", "--out", out]), out);
    }
    let toml = read(&r.join("book.toml"));
    with_build_dir(r, "site/新的");
    refused(&run(r, &["serve", "--port", "0"]), "site/新的");
    std::fs::write(r.join("book.toml"), toml).unwrap();
    assert_eq!(
        snapshot(&r.join("site")),
        before,
        "nothing was added to the site"
    );
    assert_eq!(
        code(&run(r, &["build"])),
        0,
        "and its next build still works"
    );
}

#[test]
fn report_out_never_clobbers_and_never_writes_into_the_site() {
    let root = copy_fixture("basic");
    let r = root.path();
    let roster = read(&r.join("content/members.yaml"));
    for target in ["content/members.yaml", "content/new.md", "book.toml"] {
        let output = run(r, &["report", "--out", target, "--force"]);
        assert_eq!(code(&output), 2, "{target}: {}", stderr(&output));
    }
    assert_eq!(read(&r.join("content/members.yaml")), roster);
    assert!(!r.join("content/new.md").exists());
    // The scheme is the site's own file wherever book.toml keeps it.
    let scheme = read(&repo_root().join("content/assessment.yaml"));
    std::fs::write(r.join("细则.txt"), &scheme).unwrap();
    let book = read(&r.join("book.toml"));
    std::fs::write(
        r.join("book.toml"),
        format!("{book}\n[assessment]\nscheme = \"细则.txt\"\n"),
    )
    .unwrap();
    for command in ["report", "assess"] {
        let output = run(r, &[command, "--out", "细则.txt", "--force"]);
        assert_eq!(code(&output), 2, "{command}: {}", stderr(&output));
        assert!(
            stderr(&output).contains("error[write]"),
            "{}",
            stderr(&output)
        );
    }
    assert_eq!(read(&r.join("细则.txt")), scheme);
    std::fs::write(r.join("book.toml"), book).unwrap();
    std::fs::write(r.join("统计.md"), "上一版").unwrap();
    let output = run(r, &["report", "--out", "统计.md"]);
    assert_eq!(code(&output), 2);
    assert!(stderr(&output).contains("--force"), "{}", stderr(&output));
    assert_eq!(read(&r.join("统计.md")), "上一版");
    assert_eq!(code(&run(r, &["report", "--out", "统计.md", "--force"])), 0);
    assert!(read(&r.join("统计.md")).contains("理论学习情况统计"));
    let output = run(r, &["report", "--out", "no-such-folder/统计.md"]);
    assert_eq!(code(&output), 2);
    assert!(stderr(&output).contains("不存在"), "{}", stderr(&output));
    assert!(!stderr(&output).contains("os error"));
}

#[test]
fn a_roster_id_that_is_a_path_is_a_configuration_error() {
    let root = copy_fixture("basic");
    let r = root.path();
    let roster = r.join("content/members.yaml");
    let text = read(&roster) + "- id: ../../evil\n  name: 坏人\n  branch: 第一党支部\n";
    std::fs::write(&roster, text).unwrap();
    let output = run(r, &["check"]);
    assert_eq!(code(&output), 2);
    assert!(
        stderr(&output).contains("content/members.yaml:10:7"),
        "{}",
        stderr(&output)
    );
    let output = run(r, &["new", "--author", "../../evil"]);
    assert_eq!(code(&output), 2);
    let outside = r.parent().unwrap().parent().unwrap();
    assert!(!outside.join("evil").exists());
    // An id no folder can be named after is told at its line, with why.
    let long = "张".repeat(86);
    let text = read(&r.join("content/members.yaml")).replace("../../evil", &long);
    std::fs::write(&roster, text).unwrap();
    let output = run(r, &["check"]);
    assert_eq!(code(&output), 2);
    let said = stderr(&output);
    assert!(
        said.contains("content/members.yaml:10:7")
            && said.contains("258 字节，文件夹名最多 255 字节"),
        "{said}"
    );
}

#[test]
fn csv_cells_that_a_spreadsheet_would_run_are_text() {
    let root = copy_fixture("basic");
    let r = root.path();
    let roster = r.join("content/members.yaml");
    let text = read(&roster).replace(
        "name: 王五",
        "name: \"=HYPERLINK(\\\"http://x\\\",\\\"王五\\\")\"",
    );
    std::fs::write(&roster, text).unwrap();
    let coverage = run(r, &["coverage", "--format", "csv"]);
    assert_eq!(code(&coverage), 0, "{}", stderr(&coverage));
    let csv = stdout(&coverage);
    assert!(csv.contains("\"'=HYPERLINK("), "{csv}");
    assert!(!csv.contains(",=") && !csv.contains(",\"="), "{csv}");
    let report = run(r, &["report", "--format", "csv"]);
    assert_eq!(code(&report), 0, "{}", stderr(&report));
    assert!(!stdout(&report).contains(",=") && !stdout(&report).contains(",\"="));
}

#[test]
fn mistakes_are_errors_not_silent_successes() {
    let root = copy_fixture("basic");
    let r = root.path();
    for (args, says) in [
        (vec!["check", "content/zhangsan/no-such-note.md"], "不存在"),
        (vec!["check", "book.toml"], "不在站点的内容目录里"),
        (vec!["check", "content/members.yaml"], "不是笔记"),
        (
            vec!["coverage", "--since", "2022-12-01", "--until", "2022-01-01"],
            "之后",
        ),
        (vec!["serve", "--bind", "本机"], "不是 IP 地址"),
        (vec!["build", "--outt", "x"], "不认识的参数 `--outt`"),
        (
            vec!["coverage", "--format", "xml"],
            "可以写：table、json、csv",
        ),
        (vec!["buld"], "你是不是要写 `build`"),
        // Round 17: an option given twice is told as such, and a conflict names both.
        (
            vec!["check", "--format", "json", "--format", "text"],
            "--format <格式> 只能写一次",
        ),
        (
            vec!["new", "--meeting", "党课", "--author", "zhangsan"],
            "不能和 --author <编号> 同时使用",
        ),
        (vec!["nosuchcmd"], "没有 `nosuchcmd` 这个命令"),
        (
            vec!["coverage", "--since", "2022-02-30"],
            "日期 `2022-02-30` 不存在",
        ),
    ] {
        let output = run(r, &args);
        assert_eq!(code(&output), 2, "{args:?}: {}", stderr(&output));
        assert!(
            stderr(&output).contains(says),
            "{args:?}: {}",
            stderr(&output)
        );
    }
    // `--out link/` is the link, refused as one, not the folder it leads to (round 17).
    #[cfg(unix)]
    {
        assert_eq!(code(&run(r, &["build", "--out", "real"])), 0);
        std::os::unix::fs::symlink("real", r.join("sl")).unwrap();
        let before = snapshot(&r.join("real"));
        let output = run(r, &["build", "--out", "sl/"]);
        assert_eq!(code(&output), 2, "{}", stderr(&output));
        assert!(
            stderr(&output).contains("它是一个符号链接"),
            "{}",
            stderr(&output)
        );
        assert_eq!(snapshot(&r.join("real")), before);
    }
    // Help, bare or asked for, has no English heading or line of clap's.
    for args in [
        vec![],
        vec!["--help"],
        vec!["build", "-h"],
        vec!["check", "--help"],
        vec!["serve", "--help"],
        vec!["init", "--help"],
        vec!["report", "--help"],
        vec!["new", "--help"],
    ] {
        let output = run(r, &args);
        let help = stdout(&output) + &stderr(&output);
        assert!(
            help.contains("用法：") && help.contains("选项："),
            "{args:?}: {help}"
        );
        for english in [
            "Usage:",
            "Options:",
            "Commands:",
            "Arguments:",
            "Print help",
            "[OPTIONS]",
            "<COMMAND>",
            "[default:",
            "[possible values:",
        ] {
            assert!(!help.contains(english), "{args:?}: {help}");
        }
    }
    for empty in ["", "[]\n", "# 只有注释\n"] {
        std::fs::write(r.join("content/members.yaml"), empty).unwrap();
        let output = run(r, &["check"]);
        assert_eq!(code(&output), 2, "{empty:?}");
        assert!(
            stderr(&output).contains("名册里没有任何党员"),
            "{}",
            stderr(&output)
        );
    }
}

#[test]
fn library_messages_reach_users_in_their_language() {
    let root = copy_fixture("basic");
    let r = root.path();
    let note = r.join("content/zhangsan/2022-03-16.md");
    let text = read(&note).replacen("author: zhangsan", "author: zhangsan\ntitle: 又一个标题", 1);
    std::fs::write(&note, text).unwrap();
    std::fs::write(
        r.join("content/lisi/2022-05-01.md"),
        "---\nTitle: 心得\nauthor: lisi\ndate: 2022-05-01T09:30:00\n---\n正文\n",
    )
    .unwrap();
    std::fs::write(
        r.join("content/lisi/2022-05-02.md"),
        "+++\ntitle = \"心得\"\n+++\n正文\n",
    )
    .unwrap();
    std::fs::write(
        r.join("content/lisi/2022-05-03.md"),
        "---\ntitle: 心得\nauthor: lisi\ndate: 2022-05-03T09:30:00+08:00\n---\n正文\n",
    )
    .unwrap();
    let output = run(r, &["check"]);
    let said = stderr(&output);
    // A date with a time is its day, as written (YAML's timestamps are not turned into
    // another day by a time zone).
    assert!(!said.contains("error[bad-date]"), "{said}");
    assert!(said.contains("字段 `title` 写了两次"), "{said}");
    assert!(said.contains("写成 `title: ...`"), "{said}");
    assert!(said.contains("TOML"), "{said}");
    for english in ["duplicate entry", "os error", "invalid type", "found a"] {
        assert!(!said.contains(english), "{english} in {said}");
    }
}

/// `studybook serve` on a copy of the basic fixture, and the lines it printed.
struct Serve {
    child: Child,
    port: u16,
    lines: mpsc::Receiver<String>,
    _root: tempfile::TempDir,
}

impl Serve {
    fn start(extra: &[&str]) -> (Serve, Vec<String>) {
        Serve::start_as(studybook(), extra)
    }

    /// serve started by `command` (studybook itself, or a wrapper that runs it).
    fn start_as(mut command: std::process::Command, extra: &[&str]) -> (Serve, Vec<String>) {
        let root = copy_fixture("basic");
        let port = common::http::free_port();
        let mut child = command
            .args(["serve", "--port", &port.to_string()])
            .args(extra)
            .current_dir(root.path())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let (tx, lines) = mpsc::channel();
        let stderr = child.stderr.take().unwrap();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                let _ = tx.send(line);
            }
        });
        let mut seen = Vec::new();
        while let Ok(line) = lines.recv_timeout(Duration::from_secs(60)) {
            let ready = line.contains("正在预览");
            seen.push(line);
            if ready {
                break;
            }
        }
        let serve = Serve {
            child,
            port,
            lines,
            _root: root,
        };
        (serve, seen)
    }

    fn answers(&self) -> bool {
        get(self.port, "/").is_ok_and(|r| r.status == 200)
    }

    /// Kills serve the hard way (no Ctrl+C), keeping its site folder.
    fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Serve {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        while self.lines.try_recv().is_ok() {}
    }
}

#[test]
fn hostile_requests_cannot_bring_serve_down() {
    let (serve, _) = Serve::start(&[]);
    let port = serve.port;
    assert!(serve.answers());
    let host = format!("Host: 127.0.0.1:{port}\r\n");
    let huge_body = format!("POST / HTTP/1.1\r\n{host}Content-Length: 99999999999\r\n\r\nabc");
    assert_eq!(raw_status(port, huge_body.as_bytes()), Some(405));
    assert!(serve.answers(), "serve died after a huge Content-Length");
    let get_with_body = format!("GET / HTTP/1.1\r\n{host}Content-Length: 99999999999\r\n\r\nabc");
    assert_eq!(raw_status(port, get_with_body.as_bytes()), Some(200));
    for method in ["PUT", "DELETE", "OPTIONS", "PATCH"] {
        let request = format!("{method} /index.html HTTP/1.1\r\n{host}Connection: close\r\n\r\n");
        assert_eq!(raw_status(port, request.as_bytes()), Some(405), "{method}");
    }
    let long_url = format!("GET /{} HTTP/1.1\r\n{host}\r\n", "a".repeat(100_000));
    assert_eq!(raw_status(port, long_url.as_bytes()), Some(414));
    let long_header = format!(
        "GET / HTTP/1.1\r\n{host}X-Big: {}\r\n\r\n",
        "b".repeat(1_000_000)
    );
    assert_eq!(raw_status(port, long_header.as_bytes()), Some(431));
    let many_headers: String = (0..500).map(|i| format!("X-{i}: 1\r\n")).collect();
    let many = format!("GET / HTTP/1.1\r\n{host}{many_headers}\r\n");
    assert_eq!(raw_status(port, many.as_bytes()), Some(431));
    let rebinding = "GET / HTTP/1.1\r\nHost: evil.example:3000\r\nConnection: close\r\n\r\n";
    assert_eq!(raw_status(port, rebinding.as_bytes()), Some(403));
    for tricky in [
        format!("Host: 127.0.0.1:{port}@evil.example"),
        format!("Host: 127.0.0.1:{port}\r\nHost: evil.example"),
        format!("Host: evil.example\r\nHost: 127.0.0.1:{port}"),
    ] {
        let request = format!("GET / HTTP/1.1\r\n{tricky}\r\nConnection: close\r\n\r\n");
        assert_eq!(raw_status(port, request.as_bytes()), Some(403), "{tricky}");
    }
    let localhost =
        format!("GET / HTTP/1.1\r\nHost: localhost:{port}\r\nConnection: close\r\n\r\n");
    assert_eq!(raw_status(port, localhost.as_bytes()), Some(200));
    let head = format!("HEAD / HTTP/1.1\r\n{host}Connection: close\r\n\r\n");
    assert_eq!(raw_status(port, head.as_bytes()), Some(200));
    assert!(
        serve.answers(),
        "serve stopped answering after the hostile requests"
    );
    // Bodies that never come, and requests pipelined by a client that never reads the
    // answers, hold no worker: serve answers others meanwhile.
    let mut held = Vec::new();
    for _ in 0..10 {
        let mut stream = std::net::TcpStream::connect(("127.0.0.1", port)).unwrap();
        let dripped = format!("POST / HTTP/1.1\r\n{host}Content-Length: 65536\r\n\r\nx");
        std::io::Write::write_all(&mut stream, dripped.as_bytes()).unwrap();
        held.push(stream);
    }
    let mut flood = std::net::TcpStream::connect(("127.0.0.1", port)).unwrap();
    flood
        .set_write_timeout(Some(Duration::from_secs(2)))
        .unwrap();
    let one = format!("GET /index.html HTTP/1.1\r\n{host}\r\n");
    for _ in 0..20_000 {
        if std::io::Write::write_all(&mut flood, one.as_bytes()).is_err() {
            break;
        }
    }
    assert!(
        serve.answers(),
        "slow bodies or a pipelining flood stopped serve"
    );
    drop(held);
}

#[test]
fn binding_beyond_this_machine_says_the_network_can_read_the_notes() {
    let (serve, lines) = Serve::start(&["--bind", "0.0.0.0"]);
    let said = lines.join("\n");
    assert!(said.contains("同一网络中的任何计算机都能读取"), "{said}");
    assert!(!said.contains("仅本机可访问"), "{said}");
    // Bound to every address, other machines use this one's IP address; DNS names other
    // than localhost are still refused (DNS rebinding).
    let other = format!(
        "GET / HTTP/1.1\r\nHost: 192.0.2.7:{}\r\nConnection: close\r\n\r\n",
        serve.port
    );
    assert_eq!(raw_status(serve.port, other.as_bytes()), Some(200));
    let rebinding = format!(
        "GET / HTTP/1.1\r\nHost: evil.example:{}\r\nConnection: close\r\n\r\n",
        serve.port
    );
    assert_eq!(raw_status(serve.port, rebinding.as_bytes()), Some(403));
    let (_, lines) = Serve::start(&[]);
    assert!(lines.join("\n").contains("仅本机可访问"));
}

#[test]
fn tags_that_would_share_a_page_are_one_tag_and_no_page_is_lost() {
    let root = copy_fixture("basic");
    let r = root.path();
    edit_file(
        r,
        "content/lisi/2022-03-20.md",
        "tags: [意识形态]",
        "tags: [党建/党史]",
    );
    edit_file(
        r,
        "content/lisi/2022-06-02-防汛学习体会.md",
        "tags: [防汛]",
        "tags: [党建_党史]",
    );
    assert_eq!(code(&run(r, &["build"])), 0);
    let page = read(&r.join("site/tags/党建_党史.html"));
    assert!(page.contains("意识形态专题自学笔记"), "{page}");
    assert!(page.contains("防汛工作专题学习体会"), "{page}");
}

#[test]
fn build_refuses_a_folder_serve_keeps_and_names_serve() {
    let (mut serve, _) = Serve::start(&["--watch"]);
    let root = serve._root.path().to_path_buf();
    let before = snapshot(&root.join("site"));
    let output = run(&root, &["build"]);
    assert_eq!(code(&output), 2, "{}", stderr(&output));
    let said = stderr(&output);
    assert!(
        said.contains("studybook serve") && said.contains("Ctrl+C"),
        "{said}"
    );
    assert_eq!(
        snapshot(&root.join("site")),
        before,
        "the site is untouched"
    );
    assert!(serve.answers());
    // Killed, serve leaves its lock behind: its process is gone, so the next build
    // takes the lock without a word and builds.
    serve.kill();
    let output = run(&root, &["build"]);
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    assert!(!stderr(&output).contains("接管"), "{}", stderr(&output));
    let leftovers: Vec<_> = std::fs::read_dir(&root)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().to_string())
        .filter(|n| n.contains("studybook"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

/// A second "machine": serve in a process namespace of its own, where its pid means
/// nothing here. A build beside it is refused and deletes nothing of it.
#[cfg(target_os = "linux")]
#[test]
fn a_build_on_another_machine_never_takes_a_running_ones_folder() {
    let unshare_works = std::process::Command::new("unshare")
        .args(["--pid", "--fork", "--mount-proc", "--kill-child", "true"])
        .status()
        .is_ok_and(|s| s.success());
    if !unshare_works {
        assert!(
            std::env::var_os("CI").is_none(),
            "unshare --pid is needed in CI"
        );
        eprintln!("skipped: unshare --pid does not work here");
        return;
    }
    let mut command = std::process::Command::new("unshare");
    command
        .args(["--pid", "--fork", "--mount-proc", "--kill-child"])
        .arg(env!("CARGO_BIN_EXE_studybook"))
        .env("HOME", temp_home())
        .env("NO_COLOR", "1");
    let (serve, _) = Serve::start_as(command, &["--watch"]);
    let root = serve._root.path().to_path_buf();
    let lock = root.join(".site.studybook-lock");
    let held = read(&lock);
    let before = snapshot(&root.join("site"));
    let output = run(&root, &["build"]);
    assert_eq!(code(&output), 2, "{}", stderr(&output));
    assert!(
        stderr(&output).contains("studybook serve"),
        "{}",
        stderr(&output)
    );
    assert_eq!(read(&lock), held, "the other machine's lock stands");
    assert_eq!(snapshot(&root.join("site")), before);
    assert!(serve.answers());
}

/// A member with commit rights links what should never be published; git keeps links.
/// build publishes none of it, says why for each, and never opens a FIFO.
#[cfg(unix)]
#[test]
fn build_publishes_no_link_to_what_is_not_published_and_opens_no_fifo() {
    use std::os::unix::fs::symlink;
    let root = copy_fixture("basic");
    let r = root.path();
    std::fs::create_dir_all(r.join("content/.git")).unwrap();
    std::fs::write(r.join("content/.git/config"), "url = https://x:TOKEN@git").unwrap();
    std::fs::write(
        r.join("content/lisi/.草稿.md"),
        "---\ntitle: 私人草稿\n---\n秘密",
    )
    .unwrap();
    let z = r.join("content/zhangsan");
    symlink(r.join("content/.git/config"), z.join("git.md")).unwrap();
    symlink(r.join("book.toml"), z.join("book.md")).unwrap();
    symlink(r.join("content/lisi/.草稿.md"), z.join("draft.md")).unwrap();
    symlink(r.join("content/members.yaml"), z.join("roster.png")).unwrap();
    symlink("/etc/passwd", z.join("passwd.md")).unwrap();
    symlink(z.join("loop.md"), z.join("loop.md")).unwrap();
    let made = std::process::Command::new("mkfifo")
        .arg(z.join("pipe.md"))
        .status();
    assert!(made.is_ok_and(|s| s.success()), "mkfifo");
    let output = run(r, &["build"]);
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    let said = stderr(&output);
    for name in [
        "git.md",
        "book.md",
        "draft.md",
        "roster.png",
        "passwd.md",
        "loop.md",
        "pipe.md",
    ] {
        assert!(
            said.contains(&format!("zhangsan/{name}")),
            "{name} not named: {said}"
        );
    }
    assert!(
        said.contains("不会发布的文件") && said.contains("不是普通文件"),
        "{said}"
    );
    assert!(said.contains("绕成了一个圈"), "{said}");
    for file in walkdir::WalkDir::new(r.join("site")).into_iter().flatten() {
        if file.file_type().is_file() {
            let text = String::from_utf8_lossy(&std::fs::read(file.path()).unwrap()).into_owned();
            for secret in ["TOKEN", "秘密", "root:", "build-dir", "- id:"] {
                assert!(!text.contains(secret), "{secret} in {:?}", file.path());
            }
        }
    }
    // check on the FIFO itself is an error, not "0 notes".
    let output = run(r, &["check", "content/zhangsan/pipe.md"]);
    assert_eq!(code(&output), 2, "{}", stderr(&output));
    assert!(
        stderr(&output).contains("不是普通文件"),
        "{}",
        stderr(&output)
    );
}

#[cfg(unix)]
#[test]
fn out_is_a_regular_file_or_nothing() {
    let root = copy_fixture("basic");
    let r = root.path();
    let made = std::process::Command::new("mkfifo")
        .arg(r.join("pipe.md"))
        .status();
    assert!(made.is_ok_and(|s| s.success()), "mkfifo");
    for out in ["pipe.md", "/dev/null"] {
        let output = run(r, &["report", "--out", out, "--force"]);
        assert_eq!(code(&output), 2, "{out}: {}", stderr(&output));
        assert!(
            stderr(&output).contains("不是普通文件"),
            "{}",
            stderr(&output)
        );
    }
    use std::os::unix::fs::FileTypeExt;
    assert!(r
        .join("pipe.md")
        .symlink_metadata()
        .unwrap()
        .file_type()
        .is_fifo());
    assert!(Path::new("/dev/null")
        .symlink_metadata()
        .unwrap()
        .file_type()
        .is_char_device());
    let output = run(r, &["report", "--out", "统计/"]);
    assert_eq!(code(&output), 2, "{}", stderr(&output));
    assert!(stderr(&output).contains("以 / 结尾"), "{}", stderr(&output));
    assert!(!r.join("统计").exists());
}

#[test]
fn a_theme_lives_inside_the_site() {
    let root = copy_fixture("basic");
    let r = root.path();
    for theme in ["../..", "/etc", "a/../../b"] {
        let toml = read(&r.join("book.toml"));
        let with = if toml.contains("[build]") {
            toml.replace("[build]", &format!("[build]\ntheme = \"{theme}\""))
        } else {
            format!("[build]\ntheme = \"{theme}\"\n\n{toml}")
        };
        let copy = tempfile::tempdir().unwrap();
        copy_tree(r, copy.path());
        std::fs::write(copy.path().join("book.toml"), with).unwrap();
        let output = run(copy.path(), &["build"]);
        assert_eq!(code(&output), 2, "{theme}: {}", stderr(&output));
        assert!(
            stderr(&output).contains("themes 文件夹里"),
            "{}",
            stderr(&output)
        );
        assert!(!copy.path().join("site").exists());
    }
}

#[test]
fn a_site_built_by_a_later_studybook_is_left_alone_and_says_so() {
    let root = copy_fixture("basic");
    let r = root.path();
    assert_eq!(code(&run(r, &["build"])), 0);
    let mark = r.join("site/.studybook-build");
    std::fs::write(&mark, "studybook-build 99\nwhatever\n").unwrap();
    let before = snapshot(&r.join("site"));
    let output = run(r, &["build"]);
    assert_eq!(code(&output), 2, "{}", stderr(&output));
    assert!(stderr(&output).contains("较新版本"), "{}", stderr(&output));
    assert_eq!(snapshot(&r.join("site")), before);
}

#[test]
fn an_html_file_never_stands_in_for_a_note_and_markup_is_not_published() {
    let root = copy_fixture("basic");
    let r = root.path();
    let evil = "<script>alert('x')</script>冒充的页面";
    std::fs::write(r.join("content/zhangsan/2022-03-16.html"), evil).unwrap();
    std::fs::write(r.join("content/zhangsan/附件.htm"), evil).unwrap();
    std::fs::write(
        r.join("content/zhangsan/图.svg"),
        "<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>",
    )
    .unwrap();
    std::fs::write(r.join("content/zhangsan/斜.svg"), "<svg/onload=alert(1)>").unwrap();
    // What editors write and no browser acts on: a comment with their address, their
    // own attributes (a Windows path with backslashes, rdf links), a DOCTYPE that
    // declares nothing.
    std::fs::write(
        r.join("content/images/导出.svg"),
        "<?xml version=\"1.0\"?>\n<!-- Created with Inkscape (http://www.inkscape.org/) -->\n<!DOCTYPE svg PUBLIC \"-//W3C//DTD SVG 1.1//EN\" \"http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd\">\n<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:inkscape=\"http://www.inkscape.org/namespaces/inkscape\" xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\" inkscape:export-filename=\"C:\\Users\\图.png\"><metadata><rdf:RDF><rdf:Description rdf:resource=\"http://purl.org/dc/dcmitype/StillImage\"/></rdf:RDF></metadata><rect width=\"5\" height=\"5\"/></svg>",
    )
    .unwrap();
    // What a drawing opened on its own would fetch from elsewhere, however written.
    let fetching = [
        ("远1.svg", "<rect fill=\"URL( 'HTTP://example.cn/a' )\"/>"),
        (
            "远2.svg",
            "<rect style=\"fill:u\\rl(http://example.cn/a)\"/>",
        ),
        ("远3.svg", "<image href=\"http://example.cn/t.png\"/>"),
        ("远4.svg", "<image href=\"file:///etc/passwd\"/>"),
        ("远5.svg", "<use xlink:href='//example.cn/x'/>"),
        ("远6.svg", "<image href=\" //example.cn/a.png\"/>"),
        ("远7.svg", "<image href=\"/\n/example.cn/a.png\"/>"),
    ];
    for (name, inner) in fetching {
        std::fs::write(
            r.join("content/zhangsan").join(name),
            format!("<svg xmlns='http://www.w3.org/2000/svg' xmlns:xlink='http://www.w3.org/1999/xlink'>{inner}</svg>"),
        )
        .unwrap();
    }
    std::fs::write(
        r.join("content/zhangsan/样.svg"),
        "<svg xmlns='http://www.w3.org/2000/svg'><style>@import url(http://example.cn/x.css);</style></svg>",
    )
    .unwrap();
    std::fs::write(
        r.join("content/zhangsan/套.svg"),
        "<svg xmlns='http://www.w3.org/2000/svg'><use href='data:image/svg+xml;base64,PHN2Zy8+'/></svg>",
    )
    .unwrap();
    std::fs::write(
        r.join("content/zhangsan/点.svg"),
        "<svg xmlns='http://www.w3.org/2000/svg'><rect onload ='alert(1)'/></svg>",
    )
    .unwrap();
    // In UTF-16 (which a browser reads as XML too) `onload` is not the bytes looked for;
    // and an event attribute can be animated into being.
    let utf16: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain(
            "<svg xmlns='http://www.w3.org/2000/svg' onload='alert(1)'/>"
                .encode_utf16()
                .flat_map(u16::to_le_bytes),
        )
        .collect();
    std::fs::write(r.join("content/zhangsan/宽.svg"), utf16).unwrap();
    std::fs::write(
        r.join("content/zhangsan/动.svg"),
        "<svg xmlns='http://www.w3.org/2000/svg'><set attributeName = \"onload\" to='alert(1)'/></svg>",
    )
    .unwrap();
    let output = run(r, &["build"]);
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    let said = stderr(&output);
    assert!(
        said.contains("取代那篇笔记") && said.contains("可能带有脚本"),
        "{said}"
    );
    assert!(
        said.contains("zhangsan/点.svg") && said.contains("zhangsan/图.svg"),
        "{said}"
    );
    // A plain drawing is published as it is, and so is an editor's export.
    assert!(r.join("site/notes/images/chart.svg").is_file(), "{said}");
    assert!(r.join("site/notes/images/导出.svg").is_file(), "{said}");
    assert!(!said.contains("chart.svg"), "{said}");
    let page = read(&r.join("site/notes/zhangsan/2022-03-16.html"));
    assert!(
        !page.contains("冒充的页面") && page.contains("意识形态"),
        "{page}"
    );
    assert!(!r.join("site/notes/zhangsan/附件.htm").exists());
    assert!(!r.join("site/notes/zhangsan/图.svg").exists());
    assert!(!r.join("site/notes/zhangsan/点.svg").exists());
    assert!(!r.join("site/notes/zhangsan/斜.svg").exists());
    assert!(!r.join("site/notes/zhangsan/套.svg").exists());
    assert!(!r.join("site/notes/zhangsan/样.svg").exists());
    for n in 1..=7 {
        assert!(
            !r.join(format!("site/notes/zhangsan/远{n}.svg")).exists(),
            "远{n}.svg"
        );
    }
    assert!(!r.join("site/notes/zhangsan/宽.svg").exists(), "{said}");
    assert!(!r.join("site/notes/zhangsan/动.svg").exists(), "{said}");
    // With allow-html the organisation trusts its markup, but a page still wins.
    let toml = read(&r.join("book.toml"));
    let toml = if toml.contains("[build]") {
        toml.replace("[build]", "[build]\nallow-html = true")
    } else {
        format!("[build]\nallow-html = true\n\n{toml}")
    };
    std::fs::write(r.join("book.toml"), toml).unwrap();
    // A page whose name differs from a note's only in case is that note's page on a
    // Windows share, macOS or IIS (round 17).
    let lisi = r.join("content/lisi");
    std::fs::copy(
        lisi.join("2022-06-02-防汛学习体会.md"),
        lisi.join("Study.md"),
    )
    .unwrap();
    std::fs::write(
        lisi.join("study.html"),
        "<html><body>冒充的页面</body></html>",
    )
    .unwrap();
    let output = run(r, &["build"]);
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    assert!(r.join("site/notes/zhangsan/图.svg").is_file());
    let page = read(&r.join("site/notes/zhangsan/2022-03-16.html"));
    assert!(!page.contains("冒充的页面"), "{page}");
    assert!(
        !r.join("site/notes/lisi/study.html").exists(),
        "{}",
        stderr(&output)
    );
}

/// Notes unzipped from a Windows archive keep GBK file names; two of them are two pages,
/// read under their Chinese names. Names that no encoding makes apart are never one
/// page silently.
#[cfg(target_os = "linux")]
#[test]
fn file_names_in_gbk_are_read_and_never_collapse_into_one_page() {
    use std::os::unix::ffi::OsStrExt;
    let root = copy_fixture("basic");
    let r = root.path();
    let note = read(&r.join("content/zhangsan/2022-03-16.md"));
    let folder = r.join("content/lisi");
    let gbk = |text: &str| encoding_rs::GBK.encode(text).0.into_owned();
    for (from, to) in [
        ("2022-03-20.md", "笔记一.md"),
        ("2022-06-02-防汛学习体会.md", "笔记二.md"),
    ] {
        let bytes = gbk(to);
        assert!(
            std::str::from_utf8(&bytes).is_err(),
            "{to} in GBK is no UTF-8"
        );
        std::fs::rename(
            folder.join(from),
            folder.join(std::ffi::OsStr::from_bytes(&bytes)),
        )
        .unwrap();
    }
    // 学习 in GBK is D1 A7 CF B0, valid UTF-8 as well ("ѧϰ"): among GBK names, it is
    // read as they are. Alone among UTF-8 names it would stay as it is.
    let bytes = gbk("学习.md");
    assert_eq!(std::str::from_utf8(&bytes), Ok("ѧϰ.md"));
    std::fs::rename(
        folder.join("2022-04-01-title-only.md"),
        folder.join(std::ffi::OsStr::from_bytes(&bytes)),
    )
    .unwrap();
    // Pinyin with its tones, beside GBK names, is what it says (round 17).
    let pinyin = note
        .replace("学习意识形态工作重要论述心得", "拼音文件名的笔记")
        .replace("意识形态", "拼音与声调");
    std::fs::write(r.join("content/lisi/xuéxí-xīndé.md"), pinyin).unwrap();
    let folder = r.join("content/zhangsan");
    // Not GBK either: the same after their bad bytes are replaced.
    for bad in [&b"\xff\xfe.md"[..], &b"\xfe\xff.md"[..]] {
        std::fs::write(folder.join(std::ffi::OsStr::from_bytes(bad)), &note).unwrap();
    }
    let output = run(r, &["build"]);
    let said = stderr(&output);
    assert_eq!(code(&output), 0, "{said}");
    assert!(r.join("site/notes/lisi/笔记一.html").is_file(), "{said}");
    assert!(r.join("site/notes/lisi/笔记二.html").is_file(), "{said}");
    assert!(!said.contains("xu茅"), "{said}");
    assert!(
        said.contains("已按 GBK/GB18030（或繁体的 Big5）读作 lisi/笔记一.md"),
        "{said}"
    );
    assert!(said.contains("会生成同一个页面"), "{said}");
    assert!(!said.contains("只有大小写不同"), "{said}");
    assert!(
        said.contains("和同一文件夹里的其他文件名一样是 GBK 编码")
            && said.contains("读作 lisi/学习.md"),
        "{said}"
    );
    // check names the note by the same reading.
    let check = run(r, &["check", "--format", "json"]);
    assert!(
        stdout(&check).contains("lisi/学习.md"),
        "{}",
        stdout(&check)
    );
}

/// Idle connections past what the process may open (here a limit of 128 descriptors,
/// as `prlimit --nofile` sets), and past serve's own cap on connections: serve turns
/// the extra ones away, says so once, and answers again once they are gone.
#[cfg(target_os = "linux")]
#[test]
fn serve_stays_up_when_connections_or_descriptors_run_out() {
    let prlimit_works = std::process::Command::new("prlimit")
        .args(["--nofile=128:128", "true"])
        .status()
        .is_ok_and(|s| s.success());
    if !prlimit_works {
        assert!(std::env::var_os("CI").is_none(), "prlimit is needed in CI");
        eprintln!("skipped: prlimit does not work here");
        return;
    }
    let mut command = std::process::Command::new("prlimit");
    command
        .arg("--nofile=128:128")
        .arg(env!("CARGO_BIN_EXE_studybook"))
        .env("HOME", temp_home())
        .env("NO_COLOR", "1");
    let (serve, _) = Serve::start_as(command, &["--watch"]);
    let test_started = std::time::Instant::now();
    let port = serve.port;
    let root = serve._root.path().to_path_buf();
    let note = root.join("content/zhangsan/2022-03-16.md");
    assert!(serve.answers());
    for round in 0..2 {
        // Once the listen backlog is full too, a connect waits out SYN retries: stop
        // at the first one that does not go through at once.
        let address = std::net::SocketAddr::from(([127, 0, 0, 1], port));
        let held: Vec<std::net::TcpStream> = (0..300)
            .map_while(|_| {
                std::net::TcpStream::connect_timeout(&address, Duration::from_millis(500)).ok()
            })
            .collect();
        assert!(
            held.len() > 128,
            "round {round}: {} connections",
            held.len()
        );
        std::thread::sleep(Duration::from_millis(300));
        // A save while the files have run out: read once they are back, and written.
        if round == 0 {
            std::fs::write(&note, read(&note).replace("三句话", "三句用尽时写的话")).unwrap();
            std::thread::sleep(Duration::from_millis(500));
        }
        drop(held);
        let started = std::time::Instant::now();
        while !serve.answers() && started.elapsed() < Duration::from_secs(10) {
            std::thread::sleep(Duration::from_millis(100));
        }
        assert!(serve.answers(), "round {round}: serve stopped answering");
    }
    let page = root.join("site/notes/zhangsan/2022-03-16.html");
    let started = std::time::Instant::now();
    while !std::fs::read_to_string(&page).is_ok_and(|t| t.contains("用尽时写的话"))
        && started.elapsed() < Duration::from_secs(15)
    {
        std::thread::sleep(Duration::from_millis(200));
    }
    assert!(
        read(&page).contains("用尽时写的话"),
        "the save made while files ran out is on disk"
    );
    let mut said = Vec::new();
    while let Ok(line) = serve.lines.recv_timeout(Duration::from_secs(2)) {
        said.push(line);
    }
    let said = said.join("\n");
    assert!(said.contains("连接太多"), "{said}");
    assert!(!said.contains("panicked"), "{said}");
    // Running out of files is no other writer taking the lock.
    assert!(!said.contains("接管"), "{said}");
    // Once a minute at most: a slow machine may take longer than a minute here.
    let minutes = test_started.elapsed().as_secs() / 60;
    let told = said.matches("连接太多").count() as u64;
    assert!(
        (1..=1 + minutes).contains(&told),
        "said {told} times in {minutes} min: {said}"
    );
}

/// More idle connections than serve serves at once get 503 at once, and serve keeps
/// answering the rest.
#[test]
fn connections_past_the_cap_are_answered_503_and_closed() {
    let (serve, _) = Serve::start(&[]);
    let port = serve.port;
    let held: Vec<std::net::TcpStream> = (0..SERVE_CONNECTIONS + 20)
        .filter_map(|_| std::net::TcpStream::connect(("127.0.0.1", port)).ok())
        .collect();
    std::thread::sleep(Duration::from_millis(300));
    let request = format!("GET / HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n");
    assert_eq!(raw_status(port, request.as_bytes()), Some(503));
    drop(held);
    let started = std::time::Instant::now();
    while !serve.answers() && started.elapsed() < Duration::from_secs(10) {
        std::thread::sleep(Duration::from_millis(100));
    }
    assert!(serve.answers());
}

/// `MAX_CONNECTIONS` of the patched tiny_http (vendor/tiny_http/src/lib.rs).
const SERVE_CONNECTIONS: usize = 256;

/// A theme's template that minijinja cannot use is named, at its line, in Chinese; and a
/// disk that fails is not called a configuration error.
#[test]
fn template_errors_are_said_in_the_books_language() {
    let root = copy_fixture("basic");
    let r = root.path();
    let templates = r.join("themes/default/templates");
    std::fs::create_dir_all(&templates).unwrap();
    std::fs::write(
        templates.join("note.html"),
        "<p>{{ title | nosuchfilter }}</p>\n",
    )
    .unwrap();
    let output = run(r, &["build"]);
    let said = stderr(&output);
    assert_eq!(code(&output), 2, "{said}");
    assert!(
        said.contains("模板有误：用到了不存在的过滤器：nosuchfilter"),
        "{said}"
    );
    assert!(
        said.contains("themes/default/templates/note.html"),
        "{said}"
    );
    for english in ["unknown", "is unknown", "error"] {
        let line = said.lines().find(|l| l.contains("模板有误")).unwrap_or("");
        let sentence = line.split_once("]: ").map_or(line, |(_, s)| s);
        assert!(!sentence.contains(english), "{english} in {sentence}");
    }
    std::fs::write(templates.join("note.html"), "<p>{% if %}</p>\n").unwrap();
    let said = stderr(&run(r, &["build"]));
    assert!(said.contains("语法错误"), "{said}");
    // A macro that calls itself, and a template that extends itself: the endless calls
    // are named, not a value blamed (round 26; minijinja's "recursion limit exceeded").
    for endless in [
        "{% macro m(n) %}{{ m(n + 1) }}{% endmacro %}{{ m(0) }}\n",
        "{% extends \"note.html\" %}\n",
    ] {
        std::fs::write(templates.join("note.html"), endless).unwrap();
        let said = stderr(&run(r, &["build"]));
        assert!(said.contains("调用层数太多"), "{endless}\n{said}");
    }
}

/// A disk that fills up during a build is called a full disk, with what to do, and the
/// last good site stays whole. The disk is a 2 MB tmpfs in a mount namespace of the
/// test's own (`unshare --mount`), where it is available.
#[cfg(target_os = "linux")]
#[test]
fn a_full_disk_is_called_a_full_disk_and_the_old_site_stays() {
    let root = copy_fixture("basic");
    let r = root.path();
    let disk = r.join("disk");
    std::fs::create_dir(&disk).unwrap();
    let bin = env!("CARGO_BIN_EXE_studybook");
    let script = format!(
        "mount -t tmpfs -o size=2m tmpfs '{d}' || exit 97
         '{bin}' build --out '{d}/site' >/dev/null 2>&1 || exit 98
         head -c 1900000 /dev/zero > '{d}/filler' 2>/dev/null
         echo '补充一句：学习要联系实际。' >> content/zhangsan/2022-03-16.md
         '{bin}' build --out '{d}/site'
         echo \"code=$?\"
         cat '{d}/site/index.html' | head -c 200 >/dev/null && echo index-whole
         '{bin}' report --out '{d}/report.md'
         echo \"report=$?\"
         '{bin}' init '{d}/新站点' >/dev/null 2>&1
         echo \"init=$?\"
         rm '{d}/filler'
         '{bin}' init '{d}/新站点' >/dev/null 2>&1
         echo \"init-again=$?\"
         test -f '{d}/新站点/book.toml' && echo init-whole
         rm -r '{d}/新站点'
         ls -a '{d}' | grep -c studybook-tmp",
        d = disk.display()
    );
    let Some(output) = in_mount_namespace(r, &script) else {
        return;
    };
    let said = stderr(&output);
    let out = stdout(&output);
    assert!(out.contains("code=2"), "{out}\n{said}");
    assert!(
        said.contains("磁盘空间不足") && said.contains("腾出磁盘空间"),
        "{said}"
    );
    assert!(
        !said.contains("配置有误") && !said.contains("error[config]"),
        "{said}"
    );
    // The folder named is the one written to, and the rule says what failed.
    assert!(said.contains("error[write]"), "{said}");
    assert!(said.contains(" --> disk/site"), "{said}");
    // A report on a full disk: its own advice, not a build's.
    assert!(out.contains("report=2"), "{out}\n{said}");
    assert!(said.contains("然后再运行一次"), "{said}");
    assert!(!disk.join("report.md").exists() || read(&disk.join("report.md")).is_empty());
    assert!(out.contains("index-whole"), "{out}");
    // An init that ran out of disk leaves nothing behind, so that the next one works.
    assert!(
        out.contains("init=2") && out.contains("init-again=0"),
        "{out}\n{said}"
    );
    assert!(out.contains("init-whole"), "{out}");
    assert!(out.trim_end().ends_with('0'), "no temp folder left: {out}");
}

/// A mount point as build folder: the new site cannot be renamed into its place, so it
/// is refused before anything is written, saying what it is (not "in use").
#[test]
fn a_mount_point_is_no_build_dir_but_a_folder_inside_it_is() {
    let root = copy_fixture("basic");
    let r = root.path();
    let disk = r.join("share");
    std::fs::create_dir(&disk).unwrap();
    let bin = env!("CARGO_BIN_EXE_studybook");
    let script = format!(
        "mount -t tmpfs -o size=8m tmpfs '{d}' || exit 97
         echo '别人的文件' > '{d}/通知.txt'
         '{bin}' build --out '{d}'
         echo \"mount=$?\"
         ls '{d}'
         '{bin}' build --out '{d}/site' >/dev/null 2>&1
         echo \"inside=$?\"
         test -f '{d}/site/index.html' && echo site-built",
        d = disk.display()
    );
    let Some(output) = in_mount_namespace(r, &script) else {
        return;
    };
    let (said, out) = (stderr(&output), stdout(&output));
    assert!(out.contains("mount=2"), "{out}\n{said}");
    // The share's own file is someone's, and stays; an empty mount point is refused as
    // a mount point.
    assert!(out.contains("通知.txt"), "{out}");
    assert!(
        out.contains("inside=0") && out.contains("site-built"),
        "{out}\n{said}"
    );
    let empty = format!(
        "mount -t tmpfs -o size=8m tmpfs '{d}' || exit 97
         '{bin}' build --out '{d}'
         echo \"empty=$?\"
         ls -A '{d}' | wc -l",
        d = disk.display()
    );
    let output = mount_namespace(r, &empty);
    let (said, out) = (stderr(&output), stdout(&output));
    assert!(out.contains("empty=2"), "{out}\n{said}");
    assert!(
        said.contains("挂载点") && said.contains("error[write]"),
        "{said}"
    );
    assert!(!said.contains("占用"), "{said}");
    assert!(out.trim_end().ends_with('0'), "nothing written: {out}");
}

#[test]
fn unclear_answers_are_made_clear() {
    let root = copy_fixture("basic");
    let r = root.path();
    // An empty build-dir is named as such, at its line.
    let toml = read(&r.join("book.toml"));
    std::fs::write(
        r.join("book.toml"),
        format!("[build]\nbuild-dir = \"\"\n\n{toml}"),
    )
    .unwrap();
    let output = run(r, &["build"]);
    assert_eq!(code(&output), 2);
    assert!(
        stderr(&output).contains("文件夹名不能为空"),
        "{}",
        stderr(&output)
    );
    assert!(
        stderr(&output).contains("book.toml:2"),
        "{}",
        stderr(&output)
    );
    std::fs::write(r.join("book.toml"), toml).unwrap();
    // A record whose front matter is broken is a record that failed, not "a note".
    std::fs::create_dir_all(r.join("content/meetings/第一党支部")).unwrap();
    std::fs::write(
        r.join("content/meetings/第一党支部/2022-05-06.md"),
        "---\nmeeting: 支部委员会\ntitle: [未闭合\n---\n\n## 议题\n\n研究工作。\n",
    )
    .unwrap();
    let output = run(r, &["check"]);
    let said = stderr(&output);
    assert!(
        said.contains("检查了 1 份会议记录：0 份通过，1 份被拒绝"),
        "{said}"
    );
    assert!(said.contains("检查了 5 篇笔记"), "{said}");
}

/// A content-dir that is not there is said not to be there, with where to set it; a
/// book.toml the user may not read gets advice on reading, not on writing.
#[test]
fn a_missing_content_folder_or_an_unreadable_book_toml_is_said_as_it_is() {
    let root = copy_fixture("basic");
    let r = root.path();
    let toml = read(&r.join("book.toml"));
    std::fs::write(
        r.join("book.toml"),
        format!("[build]\ncontent-dir = \"笔记\"\n\n{toml}"),
    )
    .unwrap();
    let output = run(r, &["check"]);
    let said = stderr(&output);
    assert_eq!(code(&output), 2, "{said}");
    assert!(
        said.contains("内容文件夹 笔记 不存在") && said.contains("content-dir"),
        "{said}"
    );
    std::fs::write(r.join("book.toml"), &toml).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        // Someone else's site, readable by others but for its book.toml.
        let set =
            |p: &Path, mode| std::fs::set_permissions(p, std::fs::Permissions::from_mode(mode));
        set(r, 0o755).unwrap();
        set(&r.join("book.toml"), 0o000).unwrap();
        let output = std::process::Command::new("setpriv")
            .args(["--reuid", "65534", "--regid", "65534", "--clear-groups"])
            .arg(env!("CARGO_BIN_EXE_studybook"))
            .args(["check"])
            .current_dir(r)
            .env("HOME", temp_home())
            .env("NO_COLOR", "1")
            .output();
        set(&r.join("book.toml"), 0o644).unwrap();
        match output {
            Ok(output) if output.status.code() != Some(127) => {
                let said = stderr(&output);
                assert_eq!(output.status.code(), Some(2), "{said}");
                assert!(said.contains("没有权限读取"), "{said}");
                assert!(!said.contains("可写"), "{said}");
                // Not configuration: the file is there, it may not be read.
                assert!(said.contains("error[unreadable]"), "{said}");
            }
            _ => assert!(
                std::env::var_os("CI").is_none(),
                "setpriv (util-linux) is needed in CI"
            ),
        }
    }
}

/// A tag or a file name of 84 Chinese characters (252 bytes, as long as a disk takes)
/// builds: its page's name is shortened with a stable suffix, not refused by the disk.
/// Windows device names get a leading `_`.
#[test]
fn long_and_reserved_names_become_pages_every_disk_takes() {
    let root = copy_fixture("basic");
    let r = root.path();
    let long = "学".repeat(84);
    let note = read(&r.join("content/lisi/2022-03-20.md"));
    std::fs::remove_file(r.join("content/lisi/2022-03-20.md")).unwrap();
    let tagged = note.replacen("tags: [意识形态]", &format!("tags: [{long}, CON]"), 1);
    assert_ne!(tagged, note);
    std::fs::write(r.join(format!("content/lisi/{long}.md")), tagged).unwrap();
    let output = run(r, &["build"]);
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    let names: Vec<String> = walkdir::WalkDir::new(r.join("site"))
        .into_iter()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        names.iter().all(|n| n.len() <= 255),
        "a name over 255 bytes"
    );
    let long_pages: Vec<&String> = names.iter().filter(|n| n.starts_with("学学学")).collect();
    assert_eq!(
        long_pages.len(),
        2,
        "the note's page and the tag's: {long_pages:?}"
    );
    assert!(long_pages.iter().all(|n| n.contains('~')), "{long_pages:?}");
    assert!(
        names.iter().any(|n| n == "_con.html" || n == "_CON.html"),
        "{names:?}"
    );
    assert!(
        !names.iter().any(|n| n.eq_ignore_ascii_case("con.html")),
        "{names:?}"
    );
    // Every link of every page leads to a file: the shortened names are the ones linked.
    let site = r.join("site");
    for page in html_pages(&site) {
        for link in links(&read(&page)) {
            if let Some(target) = resolve(&site, &page, &link) {
                assert!(target.exists(), "{link} in {}", page.display());
            }
        }
    }
    let member = read(&site.join("members/lisi.html"));
    assert!(
        member.contains("%E5%AD%A6%E5%AD%A6%E5%AD%A6"),
        "the long note is linked"
    );
}

/// What a hostile commit to book.toml or the roster could do: a build-dir that holds the
/// roster (with a forged mark listing it), content from /etc, a roster that is a link to
/// /dev/zero or a FIFO. Each is refused, quickly, and nothing is lost.
#[cfg(unix)]
#[test]
fn a_hostile_book_toml_or_roster_loses_and_leaks_nothing() {
    let root = copy_fixture("basic");
    let r = root.path();
    let toml = read(&r.join("book.toml"));
    let with =
        |extra: &str| std::fs::write(r.join("book.toml"), format!("{extra}\n{toml}")).unwrap();
    // The roster and plan moved into the build-dir, with a mark listing them.
    std::fs::create_dir(r.join("private")).unwrap();
    for file in ["members.yaml", "plan.yaml"] {
        std::fs::rename(r.join("content").join(file), r.join("private").join(file)).unwrap();
    }
    std::fs::write(
        r.join("private/.studybook-build"),
        "studybook-build 4\n0000000000000000\t1\t0\t0\t0\tmembers.yaml\n0000000000000000\t1\t0\t0\t0\tplan.yaml\n",
    )
    .unwrap();
    let roster = read(&r.join("private/members.yaml"));
    let toml_with_private = format!(
        "[build]\nbuild-dir = \"private\"\n\n[coverage]\nmembers = \"private/members.yaml\"\nplan = \"private/plan.yaml\"\n\n{toml}"
    );
    std::fs::write(r.join("book.toml"), toml_with_private).unwrap();
    let output = run(r, &["build"]);
    assert_eq!(code(&output), 2, "{}", stderr(&output));
    assert_eq!(
        read(&r.join("private/members.yaml")),
        roster,
        "the roster is kept"
    );
    for file in ["members.yaml", "plan.yaml"] {
        std::fs::rename(r.join("private").join(file), r.join("content").join(file)).unwrap();
    }
    // Content from outside the site.
    for outside in [
        "[build]\ncontent-dir = \"/etc\"",
        "[build]\ncontent-dir = \"../\"",
        "[assessment]\nscheme = \"/etc/passwd\"",
        "[assessment]\nscheme = \"../scheme.yaml\"",
    ] {
        with(&format!("{outside}\n"));
        let output = run(r, &["build"]);
        assert_eq!(code(&output), 2, "{outside}: {}", stderr(&output));
        assert!(
            stderr(&output).contains("站点文件夹之外"),
            "{}",
            stderr(&output)
        );
        assert!(!r.join("site").exists());
    }
    std::fs::write(r.join("book.toml"), &toml).unwrap();
    // A roster that is a link to /dev/zero, then a FIFO: an answer, not a hang.
    let members = r.join("content/members.yaml");
    std::fs::rename(&members, r.join("members.bak")).unwrap();
    std::os::unix::fs::symlink("/dev/zero", &members).unwrap();
    let timed = |args: &[&str]| {
        std::process::Command::new("timeout")
            .arg("30")
            .arg(env!("CARGO_BIN_EXE_studybook"))
            .args(args)
            .current_dir(r)
            .env("HOME", temp_home())
            .env("NO_COLOR", "1")
            .output()
            .unwrap()
    };
    let output = timed(&["check"]);
    assert_eq!(code(&output), 2, "{}", stderr(&output));
    // A roster, or a scheme, linked out of the site is not read: its lines would be
    // quoted in the messages.
    std::fs::remove_file(&members).unwrap();
    std::os::unix::fs::symlink("/etc/passwd", &members).unwrap();
    let output = timed(&["check"]);
    assert_eq!(code(&output), 2, "{}", stderr(&output));
    assert!(
        stderr(&output).contains("站点文件夹之外的链接"),
        "{}",
        stderr(&output)
    );
    assert!(!stderr(&output).contains("root:"), "{}", stderr(&output));
    std::os::unix::fs::symlink("/etc/passwd", r.join("content/assessment.yaml")).unwrap();
    let output = timed(&["assess"]);
    assert_eq!(code(&output), 2, "{}", stderr(&output));
    assert!(!stderr(&output).contains("root:"), "{}", stderr(&output));
    std::fs::remove_file(r.join("content/assessment.yaml")).unwrap();
    std::fs::remove_file(&members).unwrap();
    let made = std::process::Command::new("mkfifo").arg(&members).status();
    assert!(made.is_ok_and(|s| s.success()));
    let output = timed(&["check"]);
    assert_eq!(code(&output), 2, "{}", stderr(&output));
}

/// A run of case twins hides no clash of pages: `a.md` and `a.markdown` beside `A.md`
/// are still one page, and the second of them is an error.
#[test]
fn case_twins_hide_no_two_notes_on_one_page() {
    let root = copy_fixture("basic");
    let r = root.path();
    let note = read(&r.join("content/lisi/2022-03-20.md"));
    for name in ["A.md", "a.md", "a.markdown"] {
        std::fs::write(r.join("content/lisi").join(name), &note).unwrap();
    }
    let json = run(r, &["check", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    let said: Vec<String> = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["path"] == "content/lisi/a.markdown" || d["path"] == "content/lisi/a.md")
        .map(|d| format!("{} {}", d["severity"], d["message"]))
        .collect();
    assert!(
        said.iter()
            .any(|d| d.contains("error") && d.contains("同一个页面")),
        "{said:?}"
    );
}

/// Two images whose names would be one file on some disk: the first is published, the
/// second named, never one silently lost.
#[test]
fn two_assets_on_one_file_are_never_one_silently() {
    let root = copy_fixture("basic");
    let r = root.path();
    std::fs::write(r.join("content/zhangsan/照片.png"), [1u8, 2, 3]).unwrap();
    std::fs::write(r.join("content/zhangsan/照片.PNG"), [4u8, 5, 6]).unwrap();
    let output = run(r, &["build"]);
    let said = stderr(&output);
    assert_eq!(code(&output), 0, "{said}");
    assert!(said.contains("会写成同一个文件"), "{said}");
    let published: Vec<_> = std::fs::read_dir(r.join("site/notes/zhangsan"))
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().starts_with("照片"))
        .collect();
    assert_eq!(published.len(), 1);
}

/// A book.toml that is a pipe or a folder is said to be one, not "missing", and never
/// blocks the command waiting on the pipe.
#[cfg(unix)]
#[test]
fn a_book_toml_that_is_no_file_is_said_to_be_none() {
    let root = copy_fixture("basic");
    let r = root.path();
    std::fs::remove_file(r.join("book.toml")).unwrap();
    let made = std::process::Command::new("mkfifo")
        .arg(r.join("book.toml"))
        .status();
    assert!(made.is_ok_and(|s| s.success()), "mkfifo");
    let output = run(r, &["check"]);
    let said = stderr(&output);
    assert_eq!(code(&output), 2, "{said}");
    assert!(said.contains("不是普通文件"), "{said}");
    assert!(!said.contains("找不到 book.toml"), "{said}");
    std::fs::remove_file(r.join("book.toml")).unwrap();
    std::fs::create_dir(r.join("book.toml")).unwrap();
    let said = stderr(&run(r, &["check"]));
    assert!(said.contains("这是一个文件夹"), "{said}");
    // Saved in GBK: said so, with how to save it as UTF-8.
    std::fs::remove_dir(r.join("book.toml")).unwrap();
    std::fs::write(r.join("book.toml"), b"[book]\ntitle = \"\xb2\xe2\"\n").unwrap();
    let said = stderr(&run(r, &["check"]));
    assert!(said.contains("UTF-8") && said.contains("另存为"), "{said}");
    assert!(!said.contains("--root"), "{said}");
}

/// A request head dripped in a byte at a time gets 408 and the connection closes, within
/// serve's deadline for a whole head (20 s) plus one read's wait; an idle connection is
/// closed without an answer. Neither holds one of serve's connections for long.
#[test]
fn a_slow_request_head_or_an_idle_connection_is_let_go() {
    use std::io::{Read, Write};
    let (serve, _) = Serve::start(&[]);
    let port = serve.port;
    let started = std::time::Instant::now();
    let idle = std::thread::spawn(move || {
        let mut stream = std::net::TcpStream::connect(("127.0.0.1", port)).unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(60)))
            .unwrap();
        let mut answer = Vec::new();
        let closed = stream.read_to_end(&mut answer).is_ok();
        (answer, closed, std::time::Instant::now())
    });
    let mut slow = std::net::TcpStream::connect(("127.0.0.1", port)).unwrap();
    slow.set_read_timeout(Some(Duration::from_millis(10)))
        .unwrap();
    let head = format!(
        "GET / HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nX-Slow: {}",
        "a".repeat(200)
    );
    let mut answer = Vec::new();
    for byte in head.bytes() {
        if slow.write_all(&[byte]).is_err() {
            break;
        }
        let mut buf = [0u8; 256];
        match slow.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => answer.extend_from_slice(&buf[..n]),
            Err(_) => {}
        }
        if !answer.is_empty() || started.elapsed() > Duration::from_secs(60) {
            break;
        }
        std::thread::sleep(Duration::from_millis(500));
    }
    let answer = String::from_utf8_lossy(&answer).into_owned();
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer:?}");
    assert!(
        started.elapsed() < Duration::from_secs(45),
        "{:?}",
        started.elapsed()
    );
    let (idle, closed, at) = idle.join().unwrap();
    assert!(idle.is_empty(), "{}", String::from_utf8_lossy(&idle));
    assert!(
        closed && at - started < Duration::from_secs(30),
        "idle connection kept"
    );
    assert!(serve.answers());
}

/// Files a server or a desktop would run, written beside a note: never published.
const WITHHELD_NAMES: &[&str] = &[
    "x.php",
    "x.aspx",
    "web.config",
    "x.jsp",
    "feed.rss",
    "photo.php.jpg",
    "x.pht",
    "run.py",
    "x.cfm",
    "x.shtm",
    "x.svc",
    "安装.exe",
    "通知.hta",
    "x.bat",
    "x.ps1",
    "x.vbs",
    "快捷方式.lnk",
    "链接.url",
    "帮助.chm",
    "启动器.desktop",
    "宏.docm",
    "光盘.iso",
    "加载项.xll",
    "管理.msc",
    "应用.jnlp",
    "笔记本.one",
    "脚本.js",
    "查询.iqy",
    "主题.theme",
    "模块.mjs",
    "安装.bash",
    "id_rsa",
    "prod.env",
    // Round 19: a browser's cookies, Kerberos keys, MySQL and SQL Server files, a
    // backup; papers marked with a classification level.
    "cookies.txt",
    "krb5.keytab",
    "my.cnf",
    "oa_data.mdf",
    "oa_log.ldf",
    "users.ibd",
    "www.backup",
    "绝密.doc",
    "秘密.docx",
    "涉密材料.pdf",
    "【机密】会议纪要.docx",
    // Round 21: the level's full name, other brackets and marks.
    "秘密级★1年.pdf",
    "机密级.pdf",
    "绝密级-会议纪要.pdf",
    "机密——纪要.pdf",
    "＜机密＞纪要.pdf",
    "〈机密〉纪要.pdf",
    "“机密”纪要.pdf",
    "机密▲长期.pdf",
    // Round 22: the full name before a title, a level in brackets after it, 密级 said.
    "机密级会议纪要.pdf",
    "密级：机密.pdf",
    "纪要（机密）.pdf",
    "会议纪要(秘密).pdf",
    "纪要【机密】.pdf",
    "秘密(1年)纪要.pdf",
    "涉密纪要.pdf",
    "机密文件.pdf",
    "机密…纪要.pdf",
    "秘　密纪要.pdf",
    // Round 24: other brackets, a level after a separator or with its star anywhere,
    // 内部 and 工作秘密 with the star, said outright.
    "｛机密｝纪要.pdf",
    "会议纪要〖秘密〗.pdf",
    "会议纪要秘密★1年.pdf",
    "纪要-机密.pdf",
    "纪要.pdf.秘密.pdf",
    "★机密纪要.pdf",
    "内部★纪要.pdf",
    "密级：工作秘密.pdf",
    "纪要（内部）.pdf",
    "请勿外传.pdf",
    "CONFIDENTIAL.pdf",
    // Round 25: traditional characters, a paper's other names, a level after a space.
    "機密紀要.pdf",
    "机密报告.pdf",
    "机密名单.pdf",
    "会议纪要 机密.pdf",
    "会议纪要、机密.pdf",
    "嚴禁外傳.pdf",
    "内部使用.pdf",
    "internal use only.pdf",
    // Round 26: a space after the level, a meeting's paper after it, characters nobody
    // sees inside it, other stars, brackets and separators.
    "机密 会议纪要.pdf",
    "机密　会议纪要.pdf",
    "机密会议纪要.pdf",
    "秘密党委会议记录.pdf",
    "机\u{200B}密-会议纪要.pdf",
    "机\u{00AD}密-会议纪要.pdf",
    "机\u{FE00}密-会议纪要.pdf",
    "秘密⭐1年会议纪要.pdf",
    "秘密✩1年会议纪要.pdf",
    "秘密※1年会议纪要.pdf",
    "﹝机密﹞会议纪要.pdf",
    "〘机密〙会议纪要.pdf",
    "⟨机密⟩会议纪要.pdf",
    "会议纪要「内部」.pdf",
    "会议纪要『内部』.pdf",
    "纪要；机密.pdf",
    "纪要・机密.pdf",
    "纪要–机密.pdf",
    // Round 27: other quotes, the circled 秘, other dashes, other invisible characters,
    // more ways of saying it.
    "〝机密〞纪要.pdf",
    "㊙纪要.pdf",
    "纪要―机密.pdf",
    "纪要−机密.pdf",
    "机\u{3164}密纪要.pdf",
    "机\u{2800}密纪要.pdf",
    "内部传阅.pdf",
    "仅供内部参考.pdf",
    "classified.pdf",
    "FOUO.pdf",
    "for official use only.pdf",
    "证书.pem",
    "私钥.key",
    "证书.pfx",
    "密码库.kdbx",
    "邮件.pst",
    "导出.sql",
    "台账.sqlite",
    "设置.ini",
    "流程.svg.gz",
    "页面.html.gz",
    "id_rsa - 副本",
    "id_rsa (1)",
    "证书.p12(1)",
    "证书.pfx.zip",
    "服务器密钥.txt",
    "token.txt",
    "cred.json",
    "config.ini.txt",
    "保险箱.psafe3",
    "台账.db3",
    "导出.dump",
    "tf.tfstate",
    "x.bash_history",
    "运行.log",
    "旧版.old",
    "备份.bak2",
    "id_ed25519",
    "_netrc",
    "shadow",
    "wallet.dat",
    "导出.har",
    // Round 14.
    "terraform.tfvars",
    "application.properties",
    "appsettings.json",
    "kubeconfig",
    "config",
    "env.production",
    "dump.rdb",
    "crash.dmp",
    "core",
    "backup.zip",
    // Round 15.
    "appsettings.Development.json",
    "kube.config",
    "core.1234",
    "x.core",
    "heapdump",
    "backup-2022.zip",
    "站点备份.zip",
    "service-account.json",
    "firebase-adminsdk.json",
    "google-services.json",
    "config.json",
    "密码本.xlsx",
    // Round 16.
    "myproj-firebase-adminsdk-abc12-0123456789.json",
    "private-key.txt",
    "api-key.txt",
    "密码本(1).txt",
    "token-2022.txt",
    "keystore",
    "client_secret_1.apps.googleusercontent.com.json",
    // Round 17: other names for a password, a token or a key, copies' names, and
    // traditional characters.
    "令牌.txt",
    "凭据.txt",
    "凭证.json",
    "秘钥.txt",
    "密匙.txt",
    "私匙.txt",
    "密碼.txt",
    "金鑰.txt",
    "憑證.json",
    "密码 副本.txt",
    "密码 - 复制.txt",
    "密码（2）.txt",
    "密码1.txt",
    "密码_old.txt",
    "密码记录.txt",
    "口令表.xlsx",
    "数据库配置.txt",
    "token copy.txt",
    "token (copy).txt",
    "token2.txt",
    "ｔｏｋｅｎ.txt",
    "x.token",
    "pass.txt",
    "pwd.txt",
    "mysecret.txt",
    "private.txt",
    "Login Data",
    "id_rsa copy",
    "id_rsa 副本",
    "id_rsa（1）",
    "id_rsa-副本",
    "x.orig",
    "env",
];

/// What is never published stays unpublished by any name: a draft's attachments, a note
/// saved as `记录.md.` (Windows' name for `记录.md`), a roster named members.txt, and
/// files a web server would run (.php, .aspx, web.config), programs Windows would run
/// (.exe, .hta, .lnk); feeds that can carry script.
#[test]
fn what_is_never_published_is_not_published_by_another_name() {
    let root = copy_fixture("basic");
    let r = root.path();
    let z = r.join("content/zhangsan");
    let note = read(&z.join("2022-03-16.md"));
    std::fs::create_dir_all(z.join("_drafts")).unwrap();
    std::fs::write(z.join("_drafts/扫描件.png"), "draft scan").unwrap();
    std::fs::write(z.join("记录.md."), &note).unwrap();
    std::fs::write(z.join("记录二.md "), &note).unwrap();
    for name in WITHHELD_NAMES {
        std::fs::write(
            z.join(name),
            "<?php system($_GET['c']); ?><script>1</script>",
        )
        .unwrap();
    }
    std::fs::write(z.join("plain.txt"), "a plain attachment").unwrap();
    // Study material about passwords is no password (round 18).
    for study in [
        "密码法.pdf",
        "密钥管理规范.pdf",
        "商用密码管理条例.pdf",
        "保守国家秘密法.pdf",
        // Round 20: titles that begin with the word.
        "绝密使命观后感.pdf",
        "秘密战线英雄事迹.pdf",
        "机密文件管理规定学习.pdf",
        "内部资料使用规定.pdf",
        // Round 22.
        "保密级别划分规定.pdf",
        "定密与密级划分.pdf",
        "学习（秘密战线）.pdf",
        // Round 26: a level before a meeting's paper is a mark, before study material
        // it is not.
        "秘密战线英雄事迹材料.pdf",
        "涉密人员管理规定学习记录.pdf",
        "内部审计工作通知.pdf",
        // Review of round 26, and round 27.
        "绝密使命观影记录.pdf",
        "秘密战线学习记录.pdf",
        "unclassified 手册.pdf",
    ] {
        std::fs::write(z.join(study), b"%PDF-1.4 law").unwrap();
    }
    // Known by what they hold, whatever their names: a private key, a note's text.
    std::fs::write(
        z.join("说明.txt"),
        "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXk=\n-----END OPENSSH PRIVATE KEY-----\n",
    )
    .unwrap();
    let key = "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXk=\n-----END OPENSSH PRIVATE KEY-----\n";
    std::fs::write(z.join("截图.jpg"), key).unwrap();
    std::fs::write(
        z.join("putty.txt"),
        "PuTTY-User-Key-File-3: ssh-ed25519\nEncryption: none\n",
    )
    .unwrap();
    std::fs::write(
        z.join("aws.txt"),
        "[default]\naws_access_key_id = AKIAEXAMPLE\naws_secret_access_key = abc\n",
    )
    .unwrap();
    for (name, text) in [
        (
            "env说明.txt",
            "export AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI\n",
        ),
        ("登录.txt", "服务器\npassword=hunter2\n"),
        (
            "gh.txt",
            "token ghp_0123456789abcdefghijklmnopqrstuvwxyzAB\n",
        ),
        ("slack.txt", "xoxb-1234-5678-abcdef\n"),
        ("gitlab.txt", "glpat-abcdefghijklmnop\n"),
        ("openai.txt", "OPENAI_API_KEY=sk-proj-abc\n"),
        ("账号.txt", "服务器\n密码：123456\n"),
        ("db.txt", "连接 mysql://root:hunter2@10.0.0.1/db\n"),
    ] {
        std::fs::write(z.join(name), text).unwrap();
    }
    std::fs::write(
        z.join("账号说明.txt"),
        "服务器账号说明：".repeat(40) + "\n" + key,
    )
    .unwrap();
    let draft_text = read(&z.join("2022-07-01-draft.md"));
    std::fs::write(z.join("草稿三.txt"), &draft_text).unwrap();
    std::fs::write(z.join("草稿四"), &draft_text).unwrap();
    // A Markdown extension Hugo and editors use is a note: this one a draft.
    std::fs::write(z.join("草稿五.mkd"), &draft_text).unwrap();
    // Only the last extension runs a program on Windows.
    std::fs::write(z.join("会议.com.png"), [0x89, b'P', b'N', b'G']).unwrap();
    // Copies under another name: Notepad's .md.txt of a draft, a merge's leftovers.
    let draft = read(&z.join("2022-07-01-draft.md"));
    std::fs::write(z.join("草稿.md.txt"), &draft).unwrap();
    // Copies with a suffix after the extension, as file managers and merges make them.
    for suffix in ["(1)", " (2)", "#", "_", "~1"] {
        std::fs::write(z.join(format!("草稿副本.md{suffix}")), &draft).unwrap();
    }
    std::fs::write(z.join("名册副本.yml_"), "- id: x\n").unwrap();
    std::fs::write(z.join("假图.jfif"), "<html><script>1</script></html>").unwrap();
    // Emacs's autosave of the draft being edited.
    std::fs::write(z.join("#草稿二.md#"), &draft).unwrap();
    // Markup under an image's or a document's name: a browser that sniffs runs it.
    std::fs::write(
        z.join("假图.png"),
        "<svg xmlns='http://www.w3.org/2000/svg'><script>1</script></svg>",
    )
    .unwrap();
    std::fs::write(
        z.join("假文.pdf"),
        "\u{feff}  <html><script>1</script></html>",
    )
    .unwrap();
    std::fs::write(z.join("2022-03-16.md.orig"), &note).unwrap();
    std::fs::write(r.join("content/members.yaml.orig"), "- id: x\n").unwrap();
    // A link named as an attachment to a draft, and to a rejected note.
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(z.join("2022-07-01-draft.md"), z.join("a.txt")).unwrap();
        let rejected = r.join("content/lisi/2022-04-01-title-only.md");
        std::os::unix::fs::symlink(rejected, z.join("g.txt")).unwrap();
    }
    std::fs::rename(
        r.join("content/members.yaml"),
        r.join("content/members.txt"),
    )
    .unwrap();
    let toml = read(&r.join("book.toml"));
    std::fs::write(
        r.join("book.toml"),
        format!("{toml}\n[coverage]\nmembers = \"content/members.txt\"\n"),
    )
    .unwrap();
    let output = run(r, &["build"]);
    let said = stderr(&output);
    assert_eq!(code(&output), 0, "{said}");
    let published: Vec<String> = walkdir::WalkDir::new(r.join("site"))
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            e.path()
                .strip_prefix(r.join("site"))
                .unwrap()
                .display()
                .to_string()
        })
        .collect();
    let also = [
        "扫描件",
        "记录.md",
        "记录二.md",
        "members.txt",
        "photo.php",
        "草稿",
        "假图",
        "假文",
        "草稿副本",
        "名册副本",
        "md.orig",
        "yaml.orig",
        "a.txt",
        "g.txt",
        "说明",
        "截图",
        "账号说明",
        "putty",
        "aws.txt",
        "env说明",
        "登录.txt",
        "gh.txt",
        "slack.txt",
        "gitlab.txt",
        "openai.txt",
        "账号.txt",
        "db.txt",
        "草稿三",
        "草稿四",
        "草稿五",
    ];
    for never in WITHHELD_NAMES.iter().chain(&also) {
        assert!(
            !published.iter().any(|p| p.contains(never)),
            "{never} published: {published:?}"
        );
    }
    assert!(
        published
            .iter()
            .any(|p| p.ends_with("zhangsan/会议.com.png")),
        "{published:?}"
    );
    assert!(
        said.contains("可执行程序") && said.contains("安装.exe"),
        "{said}"
    );
    assert!(
        published.iter().any(|p| p.ends_with("zhangsan/plain.txt")),
        "{published:?}"
    );
    for study in [
        "密码法.pdf",
        "密钥管理规范.pdf",
        "商用密码管理条例.pdf",
        "保守国家秘密法.pdf",
        // Round 20: titles that begin with the word.
        "绝密使命观后感.pdf",
        "秘密战线英雄事迹.pdf",
        "机密文件管理规定学习.pdf",
        "内部资料使用规定.pdf",
    ] {
        let at = format!("zhangsan/{study}");
        assert!(
            published.iter().any(|p| p.ends_with(&at)),
            "{study}: {published:?}"
        );
    }
    assert!(said.contains("当作程序运行"), "{said}");
    assert!(
        said.contains("可能含有密码或内部资料") && said.contains("id_rsa"),
        "{said}"
    );
    assert!(said.contains("像是笔记、名册或学习计划的副本"), "{said}");
    #[cfg(unix)]
    assert!(said.contains("不是同一类"), "{said}");
    // The roster by that name is still the roster.
    assert!(
        r.join("site/members/zhangsan.html").is_file(),
        "{published:?}"
    );
}

/// A folder of the old site that cannot be read (mode 000, left by another program) is
/// named in the refusal, not blamed on the build-dir as a whole; the old site stays.
#[cfg(unix)]
#[test]
fn an_unreadable_folder_in_the_old_site_is_named() {
    use std::os::unix::fs::PermissionsExt;
    let root = copy_fixture("basic");
    let r = root.path();
    assert_eq!(code(&run(r, &["build"])), 0);
    let locked = r.join("site/locked");
    std::fs::create_dir(&locked).unwrap();
    std::fs::write(locked.join("x.html"), "theirs").unwrap();
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).unwrap();
    // Permissions stop nothing for root: then the build runs as nobody, over files
    // nobody owns.
    // SAFETY: geteuid has no preconditions.
    let output = if unsafe { libc::geteuid() } == 0 {
        let owned = std::process::Command::new("chown")
            .args(["-R", "65534"])
            .arg(r)
            .status();
        assert!(owned.is_ok_and(|s| s.success()), "chown");
        std::fs::set_permissions(r, std::fs::Permissions::from_mode(0o777)).unwrap();
        std::process::Command::new("setpriv")
            .args(["--reuid", "65534", "--regid", "65534", "--clear-groups"])
            .arg(env!("CARGO_BIN_EXE_studybook"))
            .arg("build")
            .env("HOME", r)
            .current_dir(r)
            .output()
            .expect("setpriv (util-linux)")
    } else {
        run(r, &["build"])
    };
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o755)).unwrap();
    let said = stderr(&output);
    assert_eq!(code(&output), 2, "{said}");
    assert!(
        said.contains("没有权限") && said.contains("site/locked"),
        "{said}"
    );
    assert_eq!(read(&locked.join("x.html")), "theirs");
    assert!(r.join("site/index.html").is_file());
}

/// An old site that cannot be removed after the swap (a folder in it the build may not
/// write) is said on that build and on every later one, until it is gone.
#[cfg(target_os = "linux")]
#[test]
fn an_old_site_that_cannot_be_removed_is_said_until_it_is_gone() {
    // SAFETY: geteuid has no preconditions.
    if unsafe { libc::geteuid() } != 0 {
        eprintln!("skipped: making a folder nobody may write needs root");
        return;
    }
    let root = copy_fixture("basic");
    let r = root.path();
    give_to_nobody(r);
    let as_nobody = |args: &[&str]| as_nobody(r, args);
    assert_eq!(code(&as_nobody(&["build"])), 0);
    // A folder of the site that the building user may not change (root's, 755).
    let notes = r.join("site/notes/zhangsan");
    std::os::unix::fs::chown(&notes, Some(0), Some(0)).unwrap();
    let note = r.join("content/zhangsan/2022-03-16.md");
    for round in ["一", "二"] {
        std::fs::write(
            &note,
            read(&note) + &format!("\n第{round}次补充：学习要联系实际。\n"),
        )
        .unwrap();
        let output = as_nobody(&["build"]);
        let said = stderr(&output);
        assert_eq!(code(&output), 0, "{said}");
        assert!(
            said.contains("没有写权限") && said.contains(".site.studybook-"),
            "round {round}: {said}"
        );
    }
    // Once it may be removed, it is, and nothing more is said.
    let left: Vec<_> = std::fs::read_dir(r)
        .unwrap()
        .flatten()
        .filter(|e| {
            e.file_name()
                .to_string_lossy()
                .starts_with(".site.studybook-")
        })
        .collect();
    assert!(!left.is_empty());
    for entry in &left {
        let status = std::process::Command::new("chown")
            .args(["-R", "65534:65534"])
            .arg(entry.path())
            .status();
        assert!(status.is_ok_and(|s| s.success()));
    }
    let output = as_nobody(&["build"]);
    let said = stderr(&output);
    assert!(!said.contains("没有写权限"), "{said}");
    assert!(left.iter().all(|e| !e.path().exists()));
}

/// A page of the built site whose permissions were changed, so that the build may not
/// read it, is named with that cause: not called changed by hand.
#[cfg(target_os = "linux")]
#[test]
fn a_page_the_build_may_not_read_is_named_so() {
    use std::os::unix::fs::PermissionsExt;
    // SAFETY: geteuid has no preconditions.
    if unsafe { libc::geteuid() } != 0 {
        eprintln!("skipped: running as another user needs root");
        return;
    }
    let root = copy_fixture("basic");
    let r = root.path();
    give_to_nobody(r);
    let as_nobody = || as_nobody(r, &["build"]);
    assert_eq!(code(&as_nobody()), 0);
    let page = r.join("site/index.html");
    std::fs::set_permissions(&page, std::fs::Permissions::from_mode(0o000)).unwrap();
    let output = as_nobody();
    let said = stderr(&output);
    assert_eq!(code(&output), 2, "{said}");
    assert!(
        said.contains("没有权限") && said.contains("index.html"),
        "{said}"
    );
    assert!(!said.contains("手工改过"), "{said}");
}

/// `init` that runs out of disk wherever it stops (in the first folder, deep in the
/// example's folders) leaves nothing behind, so that the same `init` works once there
/// is room.
#[test]
fn an_init_that_runs_out_of_disk_anywhere_leaves_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let disk = dir.path().join("disk");
    std::fs::create_dir(&disk).unwrap();
    let bin = env!("CARGO_BIN_EXE_studybook");
    let script = format!(
        "for size in 4k 8k 12k 20k 24k 28k 40k; do
           mount -t tmpfs -o size=$size tmpfs '{d}' || exit 97
           '{bin}' init '{d}/s' >/dev/null 2>&1
           first=$?
           left=$(find '{d}' -mindepth 1 | wc -l)
           mount -o remount,size=2m '{d}'
           '{bin}' init '{d}/s' >/dev/null 2>&1
           echo \"$size first=$first left=$left again=$?\"
           umount '{d}'
         done",
        d = disk.display()
    );
    let Some(output) = in_mount_namespace(dir.path(), &script) else {
        return;
    };
    let out = stdout(&output);
    // Where the first init fit, there is nothing to see; where it did not, it left
    // nothing, and the second one worked.
    for line in out.lines().filter(|l| !l.contains("first=0")) {
        assert!(
            line.contains("first=2 left=0") && line.ends_with("again=0"),
            "{line}\n{out}"
        );
    }
    assert!(
        out.lines().any(|l| l.contains("first=2")),
        "no size ran out: {out}"
    );
}

/// `new` that runs out of disk takes away the folders it made for the file, so that no
/// empty branch folder is left behind.
#[test]
fn a_new_that_runs_out_of_disk_leaves_no_folder() {
    let root = copy_fixture("basic");
    let r = root.path();
    let meetings = r.join("content/meetings");
    std::fs::create_dir_all(&meetings).unwrap();
    let bin = env!("CARGO_BIN_EXE_studybook");
    let script = format!(
        "mount -t tmpfs -o size=8k tmpfs '{m}' || exit 97
         head -c 8192 /dev/zero > '{m}/filler' 2>/dev/null
         '{bin}' new --meeting 支部党员大会 --branch 第一党支部 --date 2022-09-26 >/dev/null
         echo \"new=$?\"
         ls -A '{m}'",
        m = meetings.display()
    );
    let Some(output) = in_mount_namespace(r, &script) else {
        return;
    };
    let out = stdout(&output);
    assert!(out.contains("new=2"), "{out}");
    assert!(
        stderr(&output).contains("磁盘空间不足"),
        "{}",
        stderr(&output)
    );
    assert_eq!(out.lines().skip(1).collect::<Vec<_>>(), ["filler"], "{out}");
}

/// A note whose page would show a missing image, or link to a file that is not
/// published, says so at its line; a file is judged by the name it is published under
/// (`伪图.png.` is copied as `伪图.png`).
#[test]
fn a_note_hears_of_the_files_its_page_would_miss() {
    let root = copy_fixture("basic");
    let r = root.path();
    let z = r.join("content/zhangsan");
    let note = z.join("2022-03-16.md");
    let text = read(&note);
    std::fs::create_dir_all(z.join("图")).unwrap();
    std::fs::write(z.join("图/现场.png"), [0x89, b'P', b'N', b'G']).unwrap();
    std::fs::write(z.join("伪图.png."), "<html><script>1</script></html>").unwrap();
    std::fs::write(
        z.join("流程.svg"),
        "<svg xmlns='http://www.w3.org/2000/svg'><script>1</script></svg>",
    )
    .unwrap();
    let added = "\n![现场](图/现场.png)\n\n![漏传](图/漏传.png)\n\n![流程](流程.svg)\n\n\
                 [附件](伪图.png.)\n\n[上一篇](2022-07-01-draft.md)\n\n[成员页](../../members/lisi.html)\n";
    std::fs::write(&note, format!("{text}{added}")).unwrap();
    let lines = text.lines().count();
    let output = run(r, &["build"]);
    let said = stderr(&output);
    assert_eq!(code(&output), 0, "{said}");
    let at = |n: usize| format!("2022-03-16.md:{}", lines + n);
    for (line, words) in [
        (4, "图片 图/漏传.png 找不到"),
        (6, "图片 流程.svg 没有发布"),
        (8, "链接的文件 伪图.png. 没有发布"),
    ] {
        let found = said
            .lines()
            .skip_while(|l| !l.contains(words))
            .take(3)
            .any(|l| l.contains(&at(line)));
        assert!(found, "{words} at {}: {said}", at(line));
    }
    for fine in ["现场.png", "2022-07-01-draft", "lisi.html"] {
        assert!(
            !said
                .lines()
                .any(|l| l.contains(fine) && l.contains("没有发布")),
            "{fine}: {said}"
        );
    }
    assert!(r.join("site/notes/zhangsan/图/现场.png").is_file());
    assert!(!r.join("site/notes/zhangsan/伪图.png").exists());
    assert!(!r.join("site/notes/zhangsan/伪图.png.").exists());
    assert!(said.contains("伪图.png."), "{said}");
}

/// A hard link publishes only what its every name would publish: one to the roster or
/// to book.toml is withheld and named; two names of one picture, both beside notes,
/// are both published.
#[cfg(unix)]
#[test]
fn a_hard_link_publishes_nothing_its_other_name_keeps() {
    let root = copy_fixture("basic");
    let r = root.path();
    let z = r.join("content/zhangsan");
    std::fs::hard_link(r.join("content/members.yaml"), z.join("名单.txt")).unwrap();
    std::fs::hard_link(r.join("book.toml"), z.join("配置.txt")).unwrap();
    std::fs::write(z.join("合影.png"), [0x89, b'P', b'N', b'G']).unwrap();
    std::fs::hard_link(z.join("合影.png"), z.join("合影副本.png")).unwrap();
    // Another name that is itself withheld (a key, by its name or by what it holds).
    std::fs::write(z.join("server.key"), [0x89, b'P', b'N', b'G', b'K']).unwrap();
    std::fs::hard_link(z.join("server.key"), z.join("图甲.png")).unwrap();
    std::fs::write(z.join("id_rsa"), "-----BEGIN OPENSSH PRIVATE KEY-----\nx\n").unwrap();
    std::fs::hard_link(z.join("id_rsa"), z.join("图乙.png")).unwrap();
    let output = run(r, &["build"]);
    let said = stderr(&output);
    assert_eq!(code(&output), 0, "{said}");
    for never in ["图甲.png", "图乙.png"] {
        assert!(
            !r.join("site/notes/zhangsan").join(never).exists(),
            "{said}"
        );
    }
    for never in ["名单.txt", "配置.txt"] {
        assert!(
            !r.join("site/notes/zhangsan").join(never).exists(),
            "{said}"
        );
        let told = said
            .lines()
            .skip_while(|l| !l.contains("硬链接"))
            .take(2)
            .any(|l| l.contains(never));
        assert!(
            told || said.contains(&format!("zhangsan/{never}")),
            "{never}: {said}"
        );
    }
    assert!(said.contains("硬链接"), "{said}");
    for both in ["合影.png", "合影副本.png"] {
        assert!(r.join("site/notes/zhangsan").join(both).is_file(), "{said}");
    }
}

/// A note kept to oneself by a key studybook does not know, or in a folder of drafts
/// with a dot or a space at its end (Windows drops them), is checked and not published.
#[test]
fn drafts_by_any_other_name_stay_unpublished() {
    let root = copy_fixture("basic");
    let r = root.path();
    let z = r.join("content/zhangsan");
    let note = read(&z.join("2022-03-16.md"));
    let marked = |line: &str| note.replacen("---\n", &format!("---\n{line}\n"), 1);
    std::fs::write(z.join("草稿甲.md"), marked("草稿: 是")).unwrap();
    std::fs::write(z.join("草稿乙.md"), marked("draf: true")).unwrap();
    std::fs::write(z.join("草稿丙.md"), marked("status: draft")).unwrap();
    // What blogs, CMS exports and office habits write instead (red team, round 13).
    let others = [
        "public: false",
        "visible: false",
        "listed: false",
        "share: false",
        "密级: 秘密",
        "classification: 内部",
        "permission: private",
        "only_me: true",
        "audience: 本支部",
        "publishDate: 2999-01-01",
        "expiryDate: 2001-01-01",
        "categories: [学习, 草稿]",
        // Round 14: more words, marks inside maps, and marks that disagree, where the
        // one that holds the note back wins.
        "私有: true",
        "审核状态: 待审核",
        "approved: false",
        "撤回: 是",
        "deleted: true",
        "_build: {render: never}",
        "params: {private: true}",
        "备注: 勿公开",
        "pubDate: 2000-01-01\npublishDate: 2099-01-01",
        "expiryDate: 2099-01-01\nexpires: 2000-01-01",
        "有效期至: 2000-01-01",
        "embargo: 2099-01-01",
        // Round 15.
        "protected: true",
        "个人: true",
        "截止日期: 2020-01-01",
        "go_live: 2099-01-01",
        // Round 16.
        "show: false",
        "offline: true",
        "personal: 1",
        "expire_at: 2000-01-01",
        "launch: 2099-01-01",
        // Round 17: other words for a password, traditional characters, Hugo's headless
        // bundles, and dates of publication in other words.
        "pwd: x",
        "口令: 123456",
        "访问口令: abc",
        "passcode: 1234",
        "提取码: abcd",
        "隱藏: 是",
        "發佈: false",
        "私隱: 是",
        "headless: true",
        "tags: [WIP]",
        "tags: [未完成]",
        "categories: [待修改]",
        "到期日: 2020-01-01",
        "公示日期: 2099-01-01",
        "解密日期: 2099-01-01",
        "scheduled: 2099-01-01",
        "notBefore: 2099-01-01",
        "validThrough: 2020-01-01",
        // Round 18.
        "tags: [勿发布]",
        "tags: [学习，草稿]",
        "tags: \"#学习 #草稿\"",
        "私人: 是",
        "encrypt: true",
        "pass: x",
        "pin: 1234",
        "visibility: none",
        // Round 17: dates in a map, as Hugo's params and Zola's extra keep them.
        "params: {expiryDate: 2001-01-01}",
        "extra:\n  schedule:\n    publish_date: 2999-01-01",
    ];
    let today = chrono::Local::now().format("%Y-%m-%d");
    let timed = format!("expiryDate: {today}T00:00:00+08:00");
    // A day without a time is its first moment: the note is expired on it.
    let on_the_day = format!("expiryDate: {today}");
    let dated = [timed.as_str(), on_the_day.as_str()];
    for (i, line) in others.iter().chain(&dated).enumerate() {
        std::fs::write(z.join(format!("草稿戊{i}.md")), marked(line)).unwrap();
    }
    for (i, tag) in ["草稿", "内部资料", "ＤＲＡＦＴ", "草稿/待改"]
        .iter()
        .enumerate()
    {
        let tagged = note.replacen("tags: [", &format!("tags: [\"{tag}\", "), 1);
        assert_ne!(tagged, note, "the fixture note has tags");
        std::fs::write(z.join(format!("草稿己{i}.md")), tagged).unwrap();
    }
    // Marks that publish hold nothing back.
    std::fs::write(z.join("公开甲.md"), marked("public: true")).unwrap();
    std::fs::write(z.join("公开乙.md"), marked("密级: 非密")).unwrap();
    std::fs::write(z.join("公开丙.md"), marked("expiryDate: 2999-01-01")).unwrap();
    std::fs::write(
        z.join("公开丁.md"),
        marked("params: {expiryDate: 2999-01-01}"),
    )
    .unwrap();
    std::fs::write(z.join("公开戊.md"), marked("publisher: 人民出版社")).unwrap();
    // A member's own deadline is no expiry (round 18).
    std::fs::write(z.join("公开己.md"), marked("until: 2022-03-31")).unwrap();
    // No secrecy level is unclassified.
    std::fs::write(z.join("公开庚.md"), marked("密级: 无")).unwrap();
    // A theme's pinned post is no PIN.
    std::fs::write(z.join("公开辛.md"), marked("pin: true")).unwrap();
    for folder in [
        "_drafts ",
        "_drafts.",
        "草稿箱",
        "private",
        "drafts",
        "草稿 - 副本",
        "Drafts (1)",
        "私密文件",
        "draft-2022",
        "ＤＲＡＦＴＳ",
        // Round 17.
        "我的草稿",
        "笔记草稿",
        "【草稿】",
        "my-drafts",
        "涉密",
        "回收站",
        "unpublished",
        "仅自己可见",
        // Round 18.
        "未發佈",
        "《草稿》",
        "$RECYCLE.BIN",
        "confidential",
        "作废",
        // Round 19: every classification level, and internal papers.
        "绝密",
        "内部资料",
        // Round 21: a level as a file is marked with it.
        "秘密★1年",
        "机密级",
        "机密——2022",
        "〈机密〉",
        // Round 22.
        "机密级会议纪要",
        // Round 26.
        "TOP SECRET",
        "Recycle Bin",
        "﹝机密﹞纪要",
        "秘密⭐1年",
        "纪要；机密",
        // Round 27: trash folders under their real names, more marks, invisible
        // characters inside a mark.
        "废纸篓",
        "垃圾箱",
        "RECYCLER",
        "暂不发布",
        "个人隐私",
        "待审核",
        "审核中",
        "〝草稿〞",
        "草\u{200B}稿",
        "私\u{3164}密",
    ] {
        std::fs::create_dir_all(z.join(folder)).unwrap();
        std::fs::write(z.join(folder).join("草稿丁.md"), &note).unwrap();
        std::fs::write(z.join(folder).join("草图.png"), [0x89, b'P', b'N', b'G']).unwrap();
    }
    // Named as drafts (round 17); a folder named for a subject is no mark.
    for name in [
        "草稿.md",
        "【草稿】学习心得.md",
        "draft.md",
        "Private.md",
        "不要发布.md",
        "草稿-七一.md",
        // Round 18: marks at the end.
        "心得（草稿）.md",
        "心得-草稿.md",
        "x.draft.md",
        "学习草稿.md",
        "WIP 学习.md",
        // Round 19.
        "绝密.md",
        // Round 21.
        "机密级.md",
        // Round 27.
        "草\u{200B}稿.md",
    ] {
        std::fs::write(z.join(name), marked("")).unwrap();
    }
    std::fs::create_dir_all(z.join("保密工作学习")).unwrap();
    let topic = note
        .replace("学习意识形态工作重要论述心得", "保密工作学习心得")
        .replace("意识形态", "保密工作的意识");
    std::fs::write(z.join("保密工作学习/保密法.md"), topic).unwrap();
    let output = run(r, &["build"]);
    let said = stderr(&output);
    assert_eq!(code(&output), 0, "{said}");
    let published: Vec<String> = walkdir::WalkDir::new(r.join("site"))
        .into_iter()
        .flatten()
        .map(|e| e.path().display().to_string())
        .collect();
    for never in [
        "draft.html",
        "Private.html",
        "不要发布",
        "草稿-七一",
        "x.draft",
        "WIP 学习",
        "机密级",
    ] {
        assert!(
            !published
                .iter()
                .any(|p| p.ends_with(never) || p.contains(never)),
            "{never}\n{said}"
        );
    }
    assert!(said.contains("文件名像是把这篇笔记留作草稿"), "{said}");
    assert!(!said.contains("保密工作学习/保密法.md:2:1"), "{said}");
    for never in ["草稿", "草图", "_drafts"] {
        let leaked: Vec<&String> = published.iter().filter(|p| p.contains(never)).collect();
        assert!(leaked.is_empty(), "{never}: {leaked:?}\n{said}");
    }
    // These are copies of one note, refused as such: but not held back at their mark.
    for kept in [
        "公开甲",
        "公开乙",
        "公开丙",
        "公开丁",
        "公开戊",
        "公开己",
        "公开庚",
        "公开辛",
    ] {
        let at_mark = format!("content/zhangsan/{kept}.md:2:1");
        assert!(!said.contains(&at_mark), "{kept}: {said}");
        assert!(
            said.contains(&format!("content/zhangsan/{kept}.md:10:1")),
            "{kept}: {said}"
        );
    }
    assert!(said.contains("draf 像是要把这篇笔记留作草稿"), "{said}");
    assert!(
        said.contains("publishDate 写的是 2999-01-01，还没到这一天"),
        "{said}"
    );
    assert!(
        said.contains("expiryDate 写的是 2001-01-01：从这一天起这篇笔记不再发布"),
        "{said}"
    );
    assert!(
        said.contains(&format!("expiryDate 写的是 {today} 当天的某个时刻")),
        "{said}"
    );
}

/// An assessment file saved under another name (`考核.txt`) is withheld, and so are the
/// ballots beside and below it, as beside the real one.
#[test]
fn an_assessment_saved_under_another_name_keeps_its_folder_private() {
    let root = copy_fixture("basic");
    let r = root.path();
    let folder = r.join("content/考核材料");
    std::fs::create_dir_all(folder.join("扫描件")).unwrap();
    std::fs::write(
        folder.join("考核.txt"),
        "---\nassessment: 2022\nbranch: 第一党支部\n---\n\n## 评分\n",
    )
    .unwrap();
    std::fs::write(folder.join("选票.png"), [0x89, b'P', b'N', b'G']).unwrap();
    std::fs::write(folder.join("扫描件/第1页.png"), [0x89, b'P', b'N', b'G']).unwrap();
    // Round 14: a review's key mistyped or named otherwise, a document's own field with
    // its first key left out, and a first key after pages of comments.
    let comments = "# 说明：本文件由考核组填写\n".repeat(200);
    for (i, front) in [
        "reveiw: 述职述廉\nmember: zhangsan\n".to_string(),
        "述职: 述职述廉\nmember: zhangsan\n".to_string(),
        "ballots:\n  好: 10\n".to_string(),
        "scores:\n  学习: 10\n".to_string(),
        format!("{comments}assessment: 2022\n"),
        "述职述廉: 2022\nmember: zhangsan\n".to_string(),
        "votes:\n  好: 10\n".to_string(),
        "打分:\n  学习: 10\n".to_string(),
        // Round 27: 民主评议党员's results, an assessment's by its result.
        "民主评议: 2022\nbranch: 第一党支部\n".to_string(),
        "评议结果: 好\n".to_string(),
        "考核结果: 优秀\n".to_string(),
    ]
    .iter()
    .enumerate()
    {
        let other = r.join(format!("content/测评材料{i}"));
        std::fs::create_dir_all(&other).unwrap();
        std::fs::write(other.join("测评.md"), format!("---\n{front}---\n\n正文\n")).unwrap();
        std::fs::write(other.join("评分.txt"), format!("---\n{front}---\n")).unwrap();
        std::fs::write(other.join("选票扫描.png"), [0x89, b'P', b'N', b'G']).unwrap();
    }
    // Saved in GBK by Notepad, as JSON, or after pages of blank lines (round 16).
    let gbk = encoding_rs::GBK
        .encode("---\n考核: 2022\n---\n")
        .0
        .into_owned();
    let blank = format!("{}assessment: 2022\n", "\n".repeat(5000));
    let saved: [(&str, Vec<u8>); 3] = [
        ("考核.txt", gbk),
        (
            "x.json",
            b"{\"assessment\": 2022, \"branch\": \"x\"}\n".to_vec(),
        ),
        ("考核2.yaml", blank.into_bytes()),
    ];
    for (i, (name, bytes)) in saved.iter().enumerate() {
        let other = r.join(format!("content/存档{i}"));
        std::fs::create_dir_all(&other).unwrap();
        std::fs::write(other.join(name), bytes).unwrap();
        std::fs::write(other.join("选票扫描.png"), [0x89, b'P', b'N', b'G']).unwrap();
    }
    // A review saved as YAML, with or without its `---` (round 15).
    for (i, yaml) in [
        "review: 述职述廉\nmember: zhangsan\n",
        "---\nassessment: 2022\n---\n",
    ]
    .iter()
    .enumerate()
    {
        let other = r.join(format!("content/测评材料yaml{i}"));
        std::fs::create_dir_all(&other).unwrap();
        std::fs::write(other.join("测评.yaml"), yaml).unwrap();
        std::fs::write(other.join("选票扫描.png"), [0x89, b'P', b'N', b'G']).unwrap();
    }
    // A text file beside it that is not one publishes as before, elsewhere.
    std::fs::write(r.join("content/zhangsan/说明.txt"), "学习资料说明").unwrap();
    let output = run(r, &["build"]);
    let said = stderr(&output);
    assert_eq!(code(&output), 0, "{said}");
    let published: Vec<String> = walkdir::WalkDir::new(r.join("site"))
        .into_iter()
        .flatten()
        .map(|e| e.path().display().to_string())
        .collect();
    assert!(
        said.contains("reveiw 看起来是述职测评记录的键（应写 review）"),
        "{said}"
    );
    for never in ["考核.txt", "选票", "第1页", "测评材料", "评分.txt", "存档"] {
        assert!(
            !published.iter().any(|p| p.contains(never)),
            "{never}: {published:?}"
        );
    }
    assert!(
        published.iter().any(|p| p.ends_with("说明.txt")),
        "{published:?}"
    );
}

/// The content folder mounted a second time elsewhere (a bind mount, one share at two
/// points) is the content folder by that path too: neither a report nor a build is
/// written into it, however the path reads.
#[cfg(target_os = "linux")]
#[test]
fn the_content_folder_mounted_twice_is_protected_by_either_path() {
    let root = copy_fixture("basic");
    let r = root.path();
    let other = tempfile::tempdir().unwrap();
    let twice = other.path().join("twice");
    std::fs::create_dir_all(&twice).unwrap();
    let note = r.join("content/zhangsan/2022-03-16.md");
    let before = read(&note);
    let bin = env!("CARGO_BIN_EXE_studybook");
    let script = format!(
        "mount --bind '{content}' '{t}' || exit 97
         '{bin}' report --out '{t}/zhangsan/2022-03-16.md' --force; echo \"report=$?\"
         '{bin}' report --out '{t}/zhangsan/新报告.md'; echo \"new=$?\"
         '{bin}' build --out '{t}/out'; echo \"build=$?\"",
        content = r.join("content").display(),
        t = twice.display()
    );
    let Some(output) = in_mount_namespace(r, &script) else {
        return;
    };
    let (said, out) = (stderr(&output), stdout(&output));
    for refused in ["report=2", "new=2", "build=2"] {
        assert!(out.contains(refused), "{refused}: {out}\n{said}");
    }
    assert_eq!(read(&note), before);
    assert!(!r.join("content/zhangsan/新报告.md").exists());
    assert!(!r.join("content/out").exists());
}

/// A theme's static folder is published as the site's own, so what content/ withholds is
/// refused there, naming the file: a hard link (to the roster here), a key, a page with
/// script; hidden files there are never read.
#[cfg(unix)]
#[test]
fn a_themes_static_folder_publishes_nothing_content_would_withhold() {
    let root = copy_fixture("basic");
    let r = root.path();
    let static_dir = r.join("themes/default/static");
    std::fs::create_dir_all(&static_dir).unwrap();
    std::fs::write(static_dir.join(".env"), "AWS=xyz").unwrap();
    let output = run(r, &["build"]);
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    assert!(!r.join("site/static/.env").exists());
    for (name, make) in [
        ("roster.css", "link"),
        ("id_rsa", "key"),
        ("x.html", "page"),
    ] {
        let path = static_dir.join(name);
        match make {
            "link" => std::fs::hard_link(r.join("content/members.yaml"), &path).unwrap(),
            "key" => std::fs::write(&path, "-----BEGIN OPENSSH PRIVATE KEY-----\nx\n").unwrap(),
            _ => std::fs::write(&path, "<script>alert(1)</script>").unwrap(),
        }
        let output = run(r, &["build"]);
        let said = stderr(&output);
        assert_eq!(code(&output), 2, "{name}: {said}");
        assert!(
            said.contains(name) && said.contains("主题的 static"),
            "{name}: {said}"
        );
        assert!(!r.join("site/static").join(name).exists(), "{name}");
        std::fs::remove_file(&path).unwrap();
    }
}

/// A picture only notes held back link to stays with them: a draft's scan of an ID card,
/// a password-kept note's photo. One a published note links to as well is published.
#[test]
fn a_file_only_drafts_link_to_is_not_published() {
    let root = copy_fixture("basic");
    let r = root.path();
    let z = r.join("content/zhangsan");
    let note = read(&z.join("2022-03-16.md"));
    let png = [0x89, b'P', b'N', b'G', 13, 10, 26, 10];
    for name in ["身份证扫描.png", "私照.png", "共用.png"] {
        std::fs::write(z.join(name), png).unwrap();
    }
    let with = |mark: &str, image: &str| {
        note.replacen("---\n", &format!("---\n{mark}\n"), 1)
            .replacen("## 心得体会", &format!("![]({image})\n\n## 心得体会"), 1)
    };
    std::fs::write(z.join("证件笔记.md"), with("draft: true", "身份证扫描.png")).unwrap();
    // Its exports beside it (round 17), by Typora or WPS.
    std::fs::write(z.join("证件笔记.pdf"), b"%PDF-1.4 export").unwrap();
    std::fs::write(z.join("证件笔记.DOCX"), b"PK\x03\x04 export").unwrap();
    // Copies of an export, and Typora's folder of its pictures (round 18).
    std::fs::write(z.join("证件笔记 (1).pdf"), b"%PDF-1.4 export").unwrap();
    std::fs::write(z.join("证件笔记 - 副本.pdf"), b"%PDF-1.4 export").unwrap();
    // Compressed, or named as an export (round 26).
    for name in [
        "证件笔记.tar.gz",
        "证件笔记.pdf.7z",
        "证件笔记（导出）.pdf",
        "证件笔记-导出.pdf",
    ] {
        std::fs::write(z.join(name), b"PK\x03\x04 export").unwrap();
    }
    std::fs::create_dir_all(z.join("证件笔记.assets")).unwrap();
    std::fs::write(
        z.join("证件笔记.assets/image-1.png"),
        [0x89, b'P', b'N', b'G'],
    )
    .unwrap();
    std::fs::write(z.join("密码.md"), with("password: 123456", "./私照.png")).unwrap();
    std::fs::write(z.join("草稿二.md"), with("draft: true", "共用.png")).unwrap();
    // A draft whose front matter has a slip is still a draft, and so are its files
    // (round 16).
    for (i, mark) in ["draft: true\ndate: 2022-01-01", "password:pw"]
        .iter()
        .enumerate()
    {
        std::fs::write(z.join(format!("破损{i}.png")), png).unwrap();
        let image = format!("破损{i}.png");
        std::fs::write(z.join(format!("破损{i}.md")), with(mark, &image)).unwrap();
    }
    // Linked from raw HTML in a draft, and from an assessment file (round 15).
    for name in [
        "html图.png",
        "html附件.png",
        "考核附图.png",
        "集.png",
        "封面.png",
        "Upper.pdf",
        "多行.png",
        "实体.png",
        "样式.png",
        "样式表.png",
        "嵌入.png",
        "嵌入宽.png",
        "维基.pdf",
        "根.png",
    ] {
        std::fs::write(z.join(name), png).unwrap();
    }
    let html = note.replacen("---\n", "---\ndraft: true\n", 1).replacen(
        "## 心得体会",
        "<img src=\"html图.png\">\n\n<a href='./html附件.png'>附件</a>\n\n<img srcset=\"集.png 1x\"><video poster=\"封面.png\"></video>\n\n[附件](upper.PDF)\n\n<div>\n<img\n  src=\"多行.png\">\n<img src=\"&#x5b9e;&#20307;.png\">\n<p style=\"background: url('样式.png')\">x</p>\n<style>body { background: url(\\6837 式表.png) }</style>\n</div>\n\n![[嵌入.png]] ![[嵌入宽.png|300]] [[维基.pdf|附件]] [[另一篇笔记]]\n\n![根](/zhangsan/根.png)\n\n## 心得体会",
        1,
    );
    std::fs::write(z.join("草稿三.md"), html).unwrap();
    let documents = r.join("content/考核");
    std::fs::create_dir_all(&documents).unwrap();
    std::fs::write(
        documents.join("第一党支部考核.md"),
        "---\nassessment: 2022\nbranch: 第一党支部\n---\n\n![](../zhangsan/考核附图.png)\n",
    )
    .unwrap();
    let shared =
        read(&z.join("2022-03-16.md")).replacen("## 心得体会", "![](共用.png)\n\n## 心得体会", 1);
    std::fs::write(z.join("2022-03-16.md"), shared).unwrap();
    let output = run(r, &["build"]);
    let said = stderr(&output);
    assert_eq!(code(&output), 0, "{said}");
    let site = r.join("site/notes/zhangsan");
    assert!(!site.join("身份证扫描.png").exists(), "{said}");
    assert!(
        !site.join("证件笔记.pdf").exists() && !site.join("证件笔记.DOCX").exists(),
        "{said}"
    );
    for copy in [
        "证件笔记 (1).pdf",
        "证件笔记 - 副本.pdf",
        "证件笔记.tar.gz",
        "证件笔记.pdf.7z",
        "证件笔记（导出）.pdf",
        "证件笔记-导出.pdf",
        "证件笔记.assets/image-1.png",
    ] {
        assert!(!site.join(copy).exists(), "{copy}: {said}");
    }
    assert!(!site.join("私照.png").exists(), "{said}");
    for never in [
        "html图.png",
        "html附件.png",
        "考核附图.png",
        "破损0.png",
        "破损1.png",
        "集.png",
        "封面.png",
        "Upper.pdf",
        "多行.png",
        "实体.png",
        "样式.png",
        "样式表.png",
        "嵌入.png",
        "嵌入宽.png",
        "维基.pdf",
        "根.png",
    ] {
        assert!(!site.join(never).exists(), "{never}: {said}");
    }
    assert!(site.join("共用.png").exists(), "{said}");
    assert!(said.contains("只有不发布的笔记"), "{said}");
    // Published, the note takes its picture along.
    std::fs::write(z.join("证件笔记.md"), with("", "身份证扫描.png")).unwrap();
    std::fs::remove_file(z.join("草稿二.md")).unwrap();
    let output = run(r, &["build"]);
    assert!(site.join("身份证扫描.png").exists(), "{}", stderr(&output));
    assert!(site.join("证件笔记.pdf").exists(), "{}", stderr(&output));
}

/// A draft saved in Big5 (Traditional-Chinese Windows) is read as Big5, so its mark
/// holds it back, and the warning names the encoding it is in (round 17).
#[test]
fn a_big5_draft_is_read_as_big5() {
    let root = copy_fixture("basic");
    let r = root.path();
    let text = "---\ntitle: 測試草稿\nauthor: zhangsan\ndate: 2022-05-01\n草稿: 是\n---\n\n## 學習內容\n\n今天上午參加了支部組織的專題學習，內容是基層治理現代化的若干問題，聯繫電話13800138000。\n";
    let (bytes, _, unmappable) = encoding_rs::BIG5.encode(text);
    assert!(!unmappable);
    std::fs::write(r.join("content/zhangsan/繁體.md"), &bytes).unwrap();
    let output = run(r, &["build"]);
    let said = stderr(&output);
    assert_eq!(code(&output), 0, "{said}");
    assert!(said.contains("文件是 Big5 编码"), "{said}");
    assert!(!r.join("site/notes/zhangsan/繁體.html").exists(), "{said}");
}

/// A private key or a token pasted into a note keeps the note off the site and out of
/// the search index; a note on the Cryptography Law that defines 密码 is published
/// (round 17).
#[test]
fn a_note_holding_a_key_is_not_published() {
    let root = copy_fixture("basic");
    let r = root.path();
    let z = r.join("content/zhangsan");
    let note = read(&z.join("2022-03-16.md"));
    let keyed = note.replacen(
        "## 心得体会",
        "```\n-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXkSECRETX=\n-----END OPENSSH PRIVATE KEY-----\naws_secret_access_key = SECRETYabc\n```\n\n## 心得体会",
        1,
    );
    std::fs::write(z.join("贴了密钥.md"), keyed).unwrap();
    // A login written down, a token, a cloud key (round 18); a line of the
    // Cryptography Law is none.
    for (name, line) in [
        ("贴了口令", "OA 系统 密码：Zz@SECRETW1"),
        (
            "贴了令牌",
            "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJTRUNSRVRWIn0.c2lnbmF0dXJlU0VDUkVU",
        ),
        ("贴了密钥二", "AccessKey: LTAI5tSECRETVabcdef12"),
        // Round 27: a password after a space, 是 or 为, in brackets; a share's code; an
        // AWS key id with its secret on one line.
        ("空格密码", "账号 admin 密码 SECRETV@2022"),
        ("是密码", "WiFi密码是SECRETV1234"),
        ("为密码", "邮箱密码为 SECRETV2022!"),
        ("括号密码", "登录密码（SECRETVZs22）"),
        (
            "提取码",
            "链接: https://pan.baidu.com/s/1abcdEFGhij 提取码: x7k2 SECRETV",
        ),
        (
            "网盘链接",
            "链接：https://pan.baidu.com/s/1abcdEFGhij?pwd=x7k2 SECRETV",
        ),
        (
            "亚马逊",
            "AKIA2OGYBAH6STMMNXNN wJalrXUtnFEMI/K7MDENG/bPxRfiCYzz9KEYab SECRETV",
        ),
    ] {
        let text = note.replacen("## 心得体会", &format!("{line}\n\n## 心得体会"), 1);
        std::fs::write(z.join(format!("{name}.md")), text).unwrap();
    }
    let law = note
        .replace("学习意识形态工作重要论述心得", "学习密码法的体会")
        .replacen("## 心得体会", "密码：是指采用特定变换的方法对信息等进行加密保护、安全认证的技术、产品和服务。\n\n## 心得体会", 1);
    std::fs::write(z.join("密码法.md"), law).unwrap();
    // A standard's number after a bare space is no password (round 27).
    let standard = note
        .replace("学习意识形态工作重要论述心得", "学习密码应用标准的体会")
        .replacen(
            "## 心得体会",
            "学习了商用密码 GM/T0054-2018 标准。\n\n## 心得体会",
            1,
        );
    std::fs::write(z.join("密码标准.md"), standard).unwrap();
    let output = run(r, &["build"]);
    let said = stderr(&output);
    assert_eq!(code(&output), 0, "{said}");
    assert!(
        !said.contains("content/zhangsan/密码法.md\n  = help: 删掉这段密钥"),
        "{said}"
    );
    // Eleven: the standard's number is not among them.
    assert_eq!(said.matches("正文里有私钥").count(), 11, "{said}");
    assert!(said.contains("正文里有私钥"), "{said}");
    for file in walkdir::WalkDir::new(r.join("site")).into_iter().flatten() {
        if file.file_type().is_file() {
            let bytes = std::fs::read(file.path()).unwrap();
            assert!(
                !bytes
                    .windows(7)
                    .any(|w| [&b"SECRETX"[..], b"SECRETY", b"SECRETW", b"SECRETV"].contains(&w)),
                "{}",
                file.path().display()
            );
        }
    }
}

/// What a name says is not trusted over what the bytes are (round 17): a draft saved
/// by Notepad as `学习心得.doc`, a review saved as `.doc` or as JSON in a member's own
/// folder, a page named as a picture with `allow-html` on: none is published.
#[test]
fn a_file_is_judged_by_its_bytes_not_its_name() {
    let root = copy_fixture("basic");
    let r = root.path();
    let z = r.join("content/zhangsan");
    let draft = read(&z.join("2022-03-16.md")).replacen("---\n", "---\ndraft: true\n", 1);
    for ext in ["doc", "docx", "wps", "pdf", "xlsx"] {
        std::fs::write(z.join(format!("草稿心得.{ext}")), &draft).unwrap();
    }
    let review = "---\nreview: 述职述廉\nyear: 2022\nbranch: 第一党支部\nmember: zhangsan\n---\n\n## 评价意见\n\n测评意见OSCAR\n";
    let work = r.join("content/work");
    std::fs::create_dir_all(&work).unwrap();
    std::fs::write(work.join("述职测评.doc"), review).unwrap();
    std::fs::write(work.join("测评票扫描.png"), [0x89, b'P', b'N', b'G']).unwrap();
    std::fs::write(
        z.join("述职测评.json"),
        "{\"review\": \"述职述廉\", \"year\": 2022, \"branch\": \"第一党支部\", \"评价意见\": \"OSCAR\"}\n",
    )
    .unwrap();
    std::fs::write(
        z.join("考核.json"),
        "{\"assessment\": 2022, \"branch\": \"第一党支部\", \"scores\": {}}\n",
    )
    .unwrap();
    // Keys in another order, an array, a text file without `---` (round 18).
    std::fs::write(
        z.join("测评二.json"),
        "{\"title\": \"述职测评\", \"branch\": \"第一党支部\", \"review\": \"述职述廉\"}\n",
    )
    .unwrap();
    std::fs::write(
        z.join("测评三.json"),
        "[{\"review\": \"述职述廉\", \"year\": 2022}]\n",
    )
    .unwrap();
    std::fs::write(
        z.join("测评四.txt"),
        "述职测评\nreview: 述职述廉\nballots: 好 3\n",
    )
    .unwrap();
    std::fs::write(z.join("照片.png"), "<html><script>alert(1)</script></html>").unwrap();
    std::fs::write(z.join("扫描.pdf"), "<html><script>alert(1)</script>").unwrap();
    // A draft in TOML, in JSON, or after an HTML comment, saved as text (round 26).
    for (name, text) in [
        (
            "托姆草稿.txt",
            "+++\ndraft = true\ntitle = \"草稿\"\n+++\n\n正文\n",
        ),
        (
            "杰森草稿.txt",
            "{\"title\": \"草稿\", \"draft\": true}\n\n正文\n",
        ),
        (
            "注释草稿.txt",
            "<!-- 模板 -->\n---\ndraft: true\n---\n\n正文\n",
        ),
    ] {
        std::fs::write(z.join(name), text).unwrap();
    }
    // A real picture and a real document beside them are published.
    std::fs::write(z.join("真图.png"), [0x89, b'P', b'N', b'G', 13, 10, 26, 10]).unwrap();
    std::fs::write(z.join("真文档.docx"), b"PK\x03\x04 a real document").unwrap();
    std::fs::write(
        z.join("图表数据.json"),
        "{\"labels\": [\"一月\"], \"values\": [3]}\n",
    )
    .unwrap();
    // A zip of notes, a draft among them, and one of pictures (round 28).
    std::fs::write(
        z.join("笔记打包.zip"),
        zip_of(&[
            ("笔记/草稿.md", b"---\ndraft: true\n---\nZIPDRAFT\n"),
            ("图.png", b"png"),
        ]),
    )
    .unwrap();
    // Any archive, its files unchecked, by its bytes whatever its name (round 29): a
    // zip of pictures, a zip named as a picture, a tar, a gzip, an xz.
    std::fs::write(
        z.join("照片打包.zip"),
        zip_of(&[("图一.png", b"png"), ("图二.jpg", b"jpg")]),
    )
    .unwrap();
    std::fs::write(
        z.join("伪装照片.jpg"),
        zip_of(&[("n.md", b"---\ndraft: true\n---\n")]),
    )
    .unwrap();
    let mut tar = vec![0u8; 512];
    tar[257..262].copy_from_slice(b"ustar");
    std::fs::write(z.join("资料.tar"), &tar).unwrap();
    std::fs::write(z.join("资料.gz"), [0x1f, 0x8b, 8, 0, 0, 0, 0, 0]).unwrap();
    std::fs::write(z.join("资料二.xz"), b"\xfd7zXZ\x00rest").unwrap();
    // A chart's own title is no note's (review of round 26).
    std::fs::write(
        z.join("学习时长.json"),
        "{\"title\": {\"text\": \"学习时长\"}, \"series\": [{\"data\": [1, 2]}], \"date\": \"2022\"}\n",
    )
    .unwrap();
    let toml = read(&r.join("book.toml")).replace("[build]", "[build]\nallow-html = true");
    let toml = if toml.contains("allow-html") {
        toml
    } else {
        format!("{toml}\n[build]\nallow-html = true\n")
    };
    std::fs::write(r.join("book.toml"), toml).unwrap();
    let output = run(r, &["build"]);
    let said = stderr(&output);
    assert_eq!(code(&output), 0, "{said}");
    let published: Vec<String> = walkdir::WalkDir::new(r.join("site"))
        .into_iter()
        .flatten()
        .map(|e| e.path().display().to_string())
        .collect();
    for never in [
        "草稿心得",
        "述职测评",
        "测评票扫描",
        "考核.json",
        "照片.png",
        "扫描.pdf",
        "测评二",
        "测评三",
        "测评四",
        "托姆草稿",
        "杰森草稿",
        "注释草稿",
        "笔记打包",
        "照片打包",
        "伪装照片",
        "资料.tar",
        "资料.gz",
        "资料二",
    ] {
        let leaked: Vec<&String> = published.iter().filter(|p| p.contains(never)).collect();
        assert!(leaked.is_empty(), "{never}: {leaked:?}\n{said}");
    }
    assert!(
        said.contains("另存为别的格式的考核文件或述职测评记录"),
        "{said}"
    );
    // A note saved as a document is said to be one, not a copy with a suffix too many
    // (round 27).
    let doc = said
        .split("\n\n")
        .find(|d| d.contains("草稿心得.doc\n"))
        .unwrap_or("");
    assert!(doc.contains("另存成别的格式或别的名字的笔记"), "{said}");
    assert!(!doc.contains("又多了一个后缀"), "{said}");
    for kept in ["真图.png", "真文档.docx", "图表数据.json", "学习时长.json"] {
        assert!(
            r.join("site/notes/zhangsan").join(kept).exists(),
            "{kept}\n{said}"
        );
    }
}

/// A draft whose front matter studybook cannot take (an opener written otherwise, a
/// list or a map left open, JSON) is rejected, and the pictures only it links to stay
/// with it: its marks are read from its lines as written (round 17).
#[test]
fn a_broken_drafts_pictures_stay_with_it() {
    let root = copy_fixture("basic");
    let r = root.path();
    let z = r.join("content/zhangsan");
    let body = "## 学习内容\n\n今天参加了支部组织的专题学习，内容是基层治理现代化的若干问题。\n";
    let fields = "title: 私人草稿\nauthor: zhangsan\ndate: 2022-05-01\ndraft: true\n";
    let cases = [
        format!("－－－\n{fields}－－－\n"),
        format!("----\n{fields}----\n"),
        format!("---yaml\n{fields}---\n"),
        format!("<!-- 模板 -->\n---\n{fields}---\n"),
        format!("\u{200b}---\n{fields}---\n"),
        format!("```yaml\n{fields}```\n"),
        "---\ntitle: 私人草稿\nauthor: zhangsan\ntags: [草稿\n---\n".to_string(),
        "---\ntitle: 私人草稿\nauthor: zhangsan\nextra: {draft: true\n---\n".to_string(),
        "---\ntitle: 私人草稿\nauthor: zhangsan\ntags:\n - 草稿\n\tx\n---\n".to_string(),
        "{\"title\": \"私人草稿\", \"author\": \"zhangsan\", \"draft\": true}\n".to_string(),
        // Round 18: two items in a list left open, and old Mac line ends.
        "---\ntitle: 私人草稿\nauthor: zhangsan\ntags: [学习, 草稿\n---\n".to_string(),
        format!("---\r{}---\r", fields.replace('\n', "\r")),
    ];
    for (i, head) in cases.iter().enumerate() {
        std::fs::write(
            z.join(format!("坏{i}.md")),
            format!("{head}\n{body}\n![证件](证件{i}.png)\n"),
        )
        .unwrap();
        std::fs::write(z.join(format!("证件{i}.png")), [0x89, b'P', b'N', b'G']).unwrap();
    }
    let output = run(r, &["build"]);
    let said = stderr(&output);
    assert_eq!(code(&output), 0, "{said}");
    for (i, case) in cases.iter().enumerate() {
        assert!(
            !r.join(format!("site/notes/zhangsan/证件{i}.png")).exists(),
            "{case}\n{said}"
        );
    }
}

/// The files a draft names in its front matter (a theme's `cover:`, `image: {path:}`,
/// `banner:`, a list of attachments) stay with it as its linked files do, its front
/// matter broken too; a published note's cover is published (round 19).
#[test]
fn files_a_draft_names_in_its_fields_stay_with_it() {
    let root = copy_fixture("basic");
    let r = root.path();
    let z = r.join("content/zhangsan");
    let body = "## 学习内容\n\n今天参加了支部组织的专题学习，内容是基层治理现代化的若干问题。\n";
    let draft = format!(
        "---\ntitle: 私人草稿\nauthor: zhangsan\ndate: 2022-05-01\ndraft: true\ncover: 手写.png\nimage: {{path: 缩略图.png}}\nbanner: \"横幅.png\"\nattachments: [谈话记录.pdf, \"记录二.pdf#page=1\"]\nphoto: file:///D:/学习/content/zhangsan/照片.png\nthumb: \"file:///D:/%E5%AD%A6/%E5%AF%B9%E7%85%A7.png\"\nicon: 图标.png?v=2\nscan: \"![[谈话照片.png]]\"\nface: \"![](身份证扫描.png)\"\nbanner2: \"![封面](img/大封面.png \\\"题\\\")\"\n---\n\n{body}"
    );
    std::fs::write(z.join("私人草稿.md"), draft).unwrap();
    let broken = format!(
        "---\ntitle: 坏草稿\nauthor：zhangsan\ndraft: true\ncover: 坏封面.png\n---\n\n{body}"
    );
    std::fs::write(z.join("坏草稿.md"), broken).unwrap();
    let published =
        read(&z.join("2022-03-16.md")).replacen("---\n", "---\ncover: 公开封面.png\n", 1);
    std::fs::write(z.join("2022-03-16.md"), published).unwrap();
    let withheld = [
        "手写.png",
        "缩略图.png",
        "横幅.png",
        "谈话记录.pdf",
        "坏封面.png",
        // Named as links name them: an address, a query, a fragment (round 21).
        "记录二.pdf",
        "照片.png",
        "对照.png",
        "图标.png",
        // As an embed or a Markdown picture (round 23).
        "谈话照片.png",
        "身份证扫描.png",
        "img/大封面.png",
    ];
    std::fs::write(z.join("公开封面.png"), [0x89, b'P', b'N', b'G']).unwrap();
    let said = built_without(r, "zhangsan", &withheld);
    assert!(
        r.join("site/notes/zhangsan/公开封面.png").exists(),
        "{said}"
    );
}

/// Writes a small picture at each of `files` (below content/`folder`), builds the site
/// at `root`, and gives back what the build said once it has made sure none of them is
/// on the site.
fn built_without(root: &Path, folder: &str, files: &[&str]) -> String {
    let from = root.join("content").join(folder);
    for name in files {
        let file = from.join(name);
        std::fs::create_dir_all(file.parent().unwrap()).unwrap();
        std::fs::write(file, [0x89, b'P', b'N', b'G']).unwrap();
    }
    let output = run(root, &["build"]);
    let said = stderr(&output);
    assert_eq!(code(&output), 0, "{said}");
    let site = root.join("site/notes").join(folder);
    for name in files {
        assert!(!site.join(name).exists(), "{name}\n{said}");
    }
    said
}

/// A draft's files stay with it however an editor names them (round 20): Obsidian's
/// Properties (`cover: "[[封面.png]]"`), an embed from the vault's root or of a file in
/// another folder (Obsidian finds it by name), a picture on the writer's own disk as
/// Typora and WPS insert it (`D:\…`, `file:///D:/…`), a JSON draft on one line.
#[test]
fn a_drafts_files_stay_with_it_however_an_editor_names_them() {
    let root = copy_fixture("basic");
    let r = root.path();
    let z = r.join("content/zhangsan");
    let body = "今天参加了支部组织的专题学习，内容是基层治理现代化的若干问题。";
    let draft = format!(
        "---\ntitle: 私人草稿\nauthor: zhangsan\ndate: 2022-05-01\ndraft: true\ncover: \"[[封面.png]]\"\n---\n\n{body}\n\n![[zhangsan/扫描.png]] ![[照片.png]]\n\n![](D:\\学习笔记\\content\\zhangsan\\谈话照片.png) ![](file:///D:/学习笔记/content/zhangsan/扫描件.png)\n"
    );
    std::fs::write(z.join("私人草稿.md"), draft).unwrap();
    let json = format!(
        "{{\"title\": \"JSON 草稿\", \"draft\": true, \"image\": \"缩略图.png\"}}\n\n{body}\n"
    );
    std::fs::write(z.join("JSON草稿.md"), json).unwrap();
    let files = [
        "封面.png",
        "扫描.png",
        "附件/照片.png",
        "谈话照片.png",
        "扫描件.png",
        "缩略图.png",
    ];
    built_without(r, "zhangsan", &files);
}

/// A draft's files stay with it when it names them in a way no link reader knows
/// (round 25's leftovers): a `<meta>` refresh, `ping`, `data-src`, Typora's size after
/// the address, a script's string, plain words. A file of the same name that a
/// published note shows goes out with that note.
#[test]
fn a_drafts_files_stay_with_it_whatever_route_names_them() {
    let root = copy_fixture("basic");
    let r = root.path();
    let z = r.join("content/zhangsan");
    let body = "今天参加了支部组织的专题学习，内容是基层治理现代化的若干问题。";
    let draft = format!(
        "---\ntitle: 私人草稿\nauthor: zhangsan\ndate: 2022-05-01\ndraft: true\n---\n\n{body}\n\n<meta http-equiv=\"refresh\" content=\"0;url=跳转.png\">\n\n<a ping=\"回执.png\" href=\"https://www.gov.cn/\">链接</a> <img data-src=\"&#x61C2;载.png\">\n\n![](谈话 照片.png =100x) ![](合影.png =300x200)\n\n<script>var p = '证件.JPG';</script>\n\n<iframe srcdoc=\"&lt;img src=内嵌.png&gt;\"></iframe> <div style=\"background: image-set('集合.png' 1x)\"></div> <object><param value=\"参数.png\"></object>\n\n见附件身份证.png，另见共享.png。\n"
    );
    std::fs::write(z.join("私人草稿.md"), draft).unwrap();
    let shared = format!(
        "---\ntitle: 公开的笔记\nauthor: zhangsan\ndate: 2022-05-02\n---\n\n{body}\n\n![](共享.png)\n"
    );
    std::fs::write(z.join("公开.md"), shared).unwrap();
    std::fs::write(z.join("共享.png"), [0x89, b'P', b'N', b'G']).unwrap();
    let files = [
        "跳转.png",
        "回执.png",
        "懂载.png",
        "谈话 照片.png",
        "合影.png",
        "证件.jpg",
        "身份证.png",
        // Round 26.
        "内嵌.png",
        "集合.png",
        "参数.png",
    ];
    let said = built_without(r, "zhangsan", &files);
    assert!(r.join("site/notes/zhangsan/共享.png").exists(), "{said}");
    assert!(said.contains("跳转.png"), "{said}");
}

/// A draft mark whose value is written as people write a yes (`draft: 1`, `on`, `对`,
/// `√`), or as neither yes nor no (`draft: 草稿`), holds the note and the picture only it
/// shows (round 26: such a value was a front-matter error, the note rejected, and its
/// picture published as a rejected note's). A clear no publishes.
#[test]
fn a_draft_mark_written_any_way_holds_the_note_and_its_pictures() {
    let root = copy_fixture("basic");
    let r = root.path();
    let z = r.join("content/zhangsan");
    // Each its own: a near copy of another is refused whatever its mark.
    let bodies = [
        "这次专题学习围绕防汛抗旱工作展开。对照去年汛期暴露出的预警信息传递慢、基层巡查不到位等问题，我逐条梳理了办公室能改进的环节：一是值班表提前一周公布并落实到人，二是雨情通报增加夜间时段，三是对乡镇水管站的电话抽查每月不少于两次。",
        "读了关于基层减负的通知，我回头看了科室今年发的文件和报表，有三份月报内容重复，有两项统计可以从业务系统直接导出。准备向分管领导建议合并月报，取消手工填报的那两张表，把省下来的时间用在下乡调研和解决群众反映的问题上。",
        "参加支部组织的廉政教育，观看了警示片，片中几名干部都是从收受小额礼品、接受吃请开始一步步滑下去的。联系到自己负责工程款审核，我给自己定了三条：不单独接待施工方，审核意见全部留痕，节假日前后主动向支部书记报告有无异常情况，请同事们监督。",
        "学习新修订的党员教育管理工作条例后，我对照条例检查了自己近一年的学习记录，发现集中学习参加得多，自学笔记写得少，而且多是摘抄。今后每月至少写一篇结合业务的体会，重点写工作中遇到的难题和从理论学习中找到的解决思路与办法。",
    ];
    let held = [
        "draft: 1",
        "draft: on",
        "draft: 对",
        "draft: √",
        "draft: 草稿",
        "private: 1",
        "hidden: 1",
        "私密: 1",
        "published: 0",
        "published: 待定",
        // Round 27: a mark as the note's form, or in a remark's phrase.
        "kind: 草稿",
        "形式: 私密",
        "note: 草稿，请勿发布",
        "comment: do not publish",
    ];
    let published = ["draft: 否", "draft: 0", "published: 公开", "published: 1"];
    for (n, mark) in held.iter().chain(&published).enumerate() {
        let body = bodies[n.saturating_sub(held.len()) % bodies.len()];
        let note = format!(
            "---\ntitle: 学习笔记{n}\nauthor: zhangsan\ndate: 2022-05-0{}\n{mark}\n---\n\n{body}\n\n![](照片{n}.png)\n",
            1 + n % 9
        );
        std::fs::write(z.join(format!("标记{n}.md")), note).unwrap();
        std::fs::write(z.join(format!("照片{n}.png")), [0x89, b'P', b'N', b'G']).unwrap();
    }
    let output = run(r, &["build"]);
    let said = stderr(&output);
    assert_eq!(code(&output), 0, "{said}");
    let site = r.join("site/notes/zhangsan");
    for (n, mark) in held.iter().chain(&published).enumerate() {
        let out = n >= held.len();
        assert_eq!(
            site.join(format!("标记{n}.html")).exists(),
            out,
            "{mark}\n{said}"
        );
        assert_eq!(
            site.join(format!("照片{n}.png")).exists(),
            out,
            "{mark}\n{said}"
        );
    }
    // Neither yes nor no is told at its key.
    assert!(said.contains("draft 像是要把这篇笔记留作草稿"), "{said}");
}

/// A second block of fields below the front matter (Pandoc reads every one) that holds
/// the note back holds it back, told at its line; a rule followed by prose is no such
/// block (round 17).
#[test]
fn a_second_block_of_fields_that_holds_the_note_holds_it() {
    let root = copy_fixture("basic");
    let r = root.path();
    let z = r.join("content/zhangsan");
    let note = read(&z.join("2022-03-16.md"));
    let (head, body) = note[4..].split_once("\n---\n").unwrap();
    let head_lines = head.lines().count() + 2;
    let with = |between: &str| format!("---\n{head}\n---\n{between}{body}");
    std::fs::write(z.join("两段.md"), with("\n---\npassword: 私密OSCAR\n---\n")).unwrap();
    std::fs::write(
        z.join("两段二.md"),
        with("---\ntags:\n  - 学习\ndraft: true\n---\n"),
    )
    .unwrap();
    std::fs::write(
        z.join("分隔线.md"),
        with("---\n备注：草稿纸上的笔记整理\n\n"),
    )
    .unwrap();
    // After a comment or a heading (round 18).
    std::fs::write(
        z.join("两段三.md"),
        with("<!-- 模板 -->\n---\ndraft: true\n---\n"),
    )
    .unwrap();
    std::fs::write(
        z.join("两段四.md"),
        with("# 标题\n---\nprivate: true\n---\n"),
    )
    .unwrap();
    let output = run(r, &["build"]);
    let said = stderr(&output);
    assert_eq!(code(&output), 0, "{said}");
    let at = format!("content/zhangsan/两段.md:{}:1", head_lines + 3);
    assert!(said.contains(&at), "{at}\n{said}");
    assert!(
        said.contains("正文开头又有一段字段，其中的 password"),
        "{said}"
    );
    let site = r.join("site/notes/zhangsan");
    assert!(!site.join("两段.html").exists(), "{said}");
    assert!(!site.join("两段二.html").exists(), "{said}");
    assert!(!site.join("两段三.html").exists(), "{said}");
    assert!(!site.join("两段四.html").exists(), "{said}");
    let leaked = walkdir::WalkDir::new(r.join("site"))
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .any(|e| {
            std::fs::read(e.path())
                .unwrap()
                .windows(5)
                .any(|w| w == b"OSCAR")
        });
    assert!(!leaked, "{said}");
    // A rule and prose: not a block of fields, and nothing to hold.
    assert_eq!(said.matches("正文开头又有一段字段").count(), 4, "{said}");
}

/// A published note that links to a file in a drafts folder or a hidden one is told
/// the file is not published and why, not that it cannot be found (round 17).
#[test]
fn a_link_into_a_drafts_folder_is_told_it_is_not_published() {
    let root = copy_fixture("basic");
    let r = root.path();
    let z = r.join("content/zhangsan");
    for folder in ["_drafts", ".私密"] {
        std::fs::create_dir_all(z.join(folder)).unwrap();
        std::fs::write(z.join(folder).join("图.png"), [0x89, b'P', b'N', b'G']).unwrap();
    }
    let note = z.join("2022-03-16.md");
    let text = read(&note).replacen(
        "## 心得体会",
        "![](_drafts/图.png)\n\n[附件](.私密/图.png)\n\n![](不存在.png)\n\n## 心得体会",
        1,
    );
    std::fs::write(&note, text).unwrap();
    let output = run(r, &["check"]);
    let said = stderr(&output);
    assert!(said.contains("图片 _drafts/图.png 没有发布"), "{said}");
    assert!(said.contains("链接的文件 .私密/图.png 没有发布"), "{said}");
    assert!(said.contains("草稿文件夹或隐藏文件夹"), "{said}");
    assert!(said.contains("图片 不存在.png 找不到"), "{said}");
    let output = run(r, &["build"]);
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    assert!(!r.join("site/notes/zhangsan/_drafts").exists());
}

/// Obsidian's comments (`%% … %%`) are what their writer keeps from every reader: never
/// on the page, in the search index or anywhere else the site holds.
#[test]
fn obsidian_comments_are_never_published() {
    let root = copy_fixture("basic");
    let r = root.path();
    let note = r.join("content/zhangsan/2022-03-16.md");
    let text = read(&note).replacen(
        "## 心得体会",
        "%% 私密VICTOR 只给自己看 %%\n\n%%\n多行的私密ZULU\n%%\n\n```\n代码里的 %%保留%% 照样显示\n```\n\n## 心得体会",
        1,
    );
    std::fs::write(&note, text).unwrap();
    let output = run(r, &["build"]);
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    let site = r.join("site");
    for secret in ["VICTOR", "ZULU"] {
        let holding: Vec<String> = walkdir::WalkDir::new(&site)
            .into_iter()
            .flatten()
            .filter(|e| e.file_type().is_file())
            .filter(|e| {
                std::fs::read(e.path())
                    .is_ok_and(|b| b.windows(secret.len()).any(|w| w == secret.as_bytes()))
            })
            .map(|e| e.path().display().to_string())
            .collect();
        assert!(holding.is_empty(), "{secret}: {holding:?}");
    }
    let page = read(&site.join("notes/zhangsan/2022-03-16.html"));
    assert!(page.contains("%%保留%%"), "code is shown as written");
}

/// A folder named as a note's page (`a.html/` beside `a.md`) cannot be on the site with
/// the page: its files and notes are left out with a warning naming them, and the site
/// is built (round 21).
#[test]
fn a_folder_named_as_a_notes_page_does_not_stop_the_site() {
    let root = copy_fixture("basic");
    let r = root.path();
    let z = r.join("content/zhangsan");
    std::fs::create_dir_all(z.join("2022-03-16.html")).unwrap();
    std::fs::write(z.join("2022-03-16.html/图.png"), [0x89, b'P', b'N', b'G']).unwrap();
    std::fs::write(
        z.join("2022-03-16.html/另一篇.md"),
        read(&z.join("2022-03-16.md")),
    )
    .unwrap();
    let output = run(r, &["build"]);
    let said = stderr(&output);
    assert_eq!(code(&output), 0, "{said}");
    for file in ["2022-03-16.html/图.png", "2022-03-16.html/另一篇.md"] {
        let told = format!("content/zhangsan/{file}");
        assert!(said.contains(&told), "{told}: {said}");
    }
    assert!(said.contains("与一篇笔记的页面同名"), "{said}");
    let page = read(&r.join("site/notes/zhangsan/2022-03-16.html"));
    assert!(page.contains("学习意识形态工作重要论述心得"), "{page}");
}

/// A build that runs out of file descriptors says so, and does not take it for someone
/// putting files into the old site (which it would keep aside, a copy per build); and
/// `--out content/../site2` is the folder beside content, not one in it (round 21).
#[cfg(target_os = "linux")]
#[test]
fn running_out_of_descriptors_is_said_as_such() {
    let prlimit_works = std::process::Command::new("prlimit")
        .args(["--nofile=16:16", "true"])
        .status()
        .is_ok_and(|s| s.success());
    if !prlimit_works {
        assert!(std::env::var_os("CI").is_none(), "prlimit is needed in CI");
        eprintln!("skipped: prlimit does not work here");
        return;
    }
    let root = copy_fixture("basic");
    let r = root.path();
    assert_eq!(code(&run(r, &["build"])), 0);
    let note = r.join("content/zhangsan/2022-03-16.md");
    let mut said_so = false;
    for limit in 6..=12 {
        std::fs::write(&note, read(&note) + &format!("\n补充{limit}。\n")).unwrap();
        let output = std::process::Command::new("prlimit")
            .arg(format!("--nofile={limit}:{limit}"))
            .arg(env!("CARGO_BIN_EXE_studybook"))
            .arg("build")
            .env("HOME", temp_home())
            .env("NO_COLOR", "1")
            .current_dir(r)
            .output()
            .unwrap();
        let said = stderr(&output);
        assert!(matches!(code(&output), 0 | 2), "{limit}: {said}");
        assert!(!said.contains("有人往旧站点里放了"), "{limit}: {said}");
        assert!(!said.contains("系统错误"), "{limit}: {said}");
        said_so |= said.contains("同时打开的文件太多");
    }
    assert!(said_so, "no limit tried ran the build out of descriptors");
    let kept = std::fs::read_dir(r)
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().contains("-kept-"))
        .count();
    assert_eq!(kept, 0);
    let output = run(r, &["build", "--out", "content/../site2"]);
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    assert!(r.join("site2/index.html").is_file());
    let output = run(r, &["build", "--out", "content/zhangsan/.."]);
    assert_eq!(code(&output), 2, "{}", stderr(&output));
}

/// A note whose title carries a draft's or a classified paper's mark is held back, told
/// at its title, as its file name would hold it (round 24).
#[test]
fn a_note_titled_as_classified_or_a_draft_is_held_back() {
    let root = copy_fixture("basic");
    let r = root.path();
    let z = r.join("content/zhangsan");
    let note = read(&z.join("2022-03-16.md"));
    for (file, title) in [
        ("a.md", "【机密】党委会议纪要"),
        ("b.md", "秘密★1年 专题会议纪要"),
        ("c.md", "【草稿】学习心得"),
        // Round 26.
        ("d.md", "机密会议纪要"),
        ("e.md", "﹝机密﹞党委会议纪要"),
        ("f.md", "秘密⭐1年 专题会议纪要"),
        ("g.md", "tags: [【机密】]"),
        ("h.md", "tags: [仅限内部]"),
        // Round 27.
        ("i.md", "【草\u{00AD}稿】学习心得"),
        ("j.md", "tags: [草\u{200B}稿]"),
        ("k.md", "〝机密〞会议纪要"),
    ] {
        let text = match title.strip_prefix("tags: ") {
            Some(tags) => note.replace("tags: [意识形态, 理论学习]", &format!("tags: {tags}")),
            None => note.replace(
                "title: 学习意识形态工作重要论述心得",
                &format!("title: {title}"),
            ),
        };
        assert_ne!(text, note);
        std::fs::write(z.join(file), text).unwrap();
    }
    let output = run(r, &["build"]);
    let said = stderr(&output);
    assert_eq!(code(&output), 0, "{said}");
    assert!(said.contains("标题像是把这篇笔记留作草稿"), "{said}");
    for file in ["a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k"] {
        assert!(
            !r.join(format!("site/notes/zhangsan/{file}.html")).exists(),
            "{file}\n{said}"
        );
    }
    // The note of a plain title is still published.
    assert!(r.join("site/notes/zhangsan/2022-03-16.html").exists());
}

/// `--out` under a file names the real cause: part of the path is a file (round 24).
#[test]
fn an_out_folder_under_a_file_is_said_as_such() {
    let root = copy_fixture("basic");
    let r = root.path();
    std::fs::write(r.join("afile"), "someone's").unwrap();
    let output = run(r, &["build", "--out", "afile/sub"]);
    let said = stderr(&output);
    assert_eq!(code(&output), 2, "{said}");
    assert!(said.contains("路径中有一部分是文件"), "{said}");
    assert!(!said.contains("文件已存在"), "{said}");
    assert_eq!(read(&r.join("afile")), "someone's");
}

/// The group, mode and setgid bit an admin gave the build folder (a web server reading
/// it through its group) stay after every build, and the pages get that group (round
/// 26: each build's new folder had the process's group and the umask's mode).
#[cfg(unix)]
#[test]
fn a_build_keeps_the_build_folders_group_and_mode() {
    use std::os::unix::fs::{MetadataExt, PermissionsExt};
    let root = copy_fixture("basic");
    let r = root.path();
    let site = r.join("site");
    std::fs::create_dir(&site).unwrap();
    // As root, a group of nobody's; else this process's own, which it may always give.
    // SAFETY: geteuid has no preconditions.
    let group = if unsafe { libc::geteuid() } == 0 {
        54_321
    } else {
        site.metadata().unwrap().gid()
    };
    std::os::unix::fs::chown(&site, None, Some(group)).unwrap();
    std::fs::set_permissions(&site, std::fs::Permissions::from_mode(0o2750)).unwrap();
    for round in 0..2 {
        let output = run(r, &["build"]);
        assert_eq!(code(&output), 0, "{}", stderr(&output));
        let meta = site.metadata().unwrap();
        assert_eq!(meta.mode() & 0o7777, 0o2750, "round {round}");
        assert_eq!(meta.gid(), group, "round {round}");
        let page = site.join("index.html").metadata().unwrap();
        assert_eq!(page.gid(), group, "round {round}");
        // A change, so that the second build swaps in a new folder again.
        let toml = r.join("book.toml");
        std::fs::write(&toml, read(&toml).replace("测试支部", "测试第一支部")).unwrap();
    }
}

/// An old site holding an immutable file (`chattr +i`) is left aside, and said to hold
/// a file the system will not let go of, not a folder without write permission (round
/// 26's known item). Needs root and a file system that keeps the flag (ext4, not tmpfs
/// or overlayfs): elsewhere there is no such file to make, and nothing to test.
#[cfg(target_os = "linux")]
#[test]
fn an_immutable_file_in_the_old_site_is_named_as_such() {
    let root = copy_fixture("basic");
    let r = root.path();
    let output = run(r, &["build"]);
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    let page = r.join("site/notes/zhangsan/2022-03-16.html");
    let made = std::process::Command::new("chattr")
        .arg("+i")
        .arg(&page)
        .output()
        .is_ok_and(|o| o.status.success());
    if !made {
        eprintln!("skipped: chattr +i is not kept here (not root, or tmpfs/overlayfs)");
        return;
    }
    let toml = r.join("book.toml");
    std::fs::write(&toml, read(&toml).replace("测试支部", "测试第二支部")).unwrap();
    let output = run(r, &["build"]);
    let said = stderr(&output);
    // Whatever came of it, the flag is taken off, so the temp folder can go.
    let _ = std::process::Command::new("chattr")
        .arg("-R")
        .arg("-i")
        .args(std::fs::read_dir(r).unwrap().flatten().map(|e| e.path()))
        .output();
    assert_eq!(code(&output), 0, "{said}");
    assert!(said.contains("系统不允许删除的文件"), "{said}");
    assert!(!said.contains("没有写权限的文件夹"), "{said}");
}

/// A zip archive of `files` (name, bytes), stored without compression, as an archiver
/// writes one: local headers, the central directory, its end record.
fn zip_of(files: &[(&str, &[u8])]) -> Vec<u8> {
    let (mut out, mut directory) = (Vec::new(), Vec::new());
    let u16le = |n: usize| (n as u16).to_le_bytes();
    let u32le = |n: usize| (n as u32).to_le_bytes();
    for (name, bytes) in files {
        let offset = out.len();
        out.extend_from_slice(b"PK\x03\x04\x14\0\0\0\0\0\0\0\0\0\0\0\0\0");
        out.extend_from_slice(&u32le(bytes.len()));
        out.extend_from_slice(&u32le(bytes.len()));
        out.extend_from_slice(&u16le(name.len()));
        out.extend_from_slice(&u16le(0));
        out.extend_from_slice(name.as_bytes());
        out.extend_from_slice(bytes);
        directory.extend_from_slice(b"PK\x01\x02\x14\0\x14\0\0\0\0\0\0\0\0\0\0\0\0\0");
        directory.extend_from_slice(&u32le(bytes.len()));
        directory.extend_from_slice(&u32le(bytes.len()));
        directory.extend_from_slice(&u16le(name.len()));
        directory.extend_from_slice(&[0; 12]);
        directory.extend_from_slice(&u32le(offset));
        directory.extend_from_slice(name.as_bytes());
    }
    let at = out.len();
    out.extend_from_slice(&directory);
    out.extend_from_slice(b"PK\x05\x06\0\0\0\0");
    out.extend_from_slice(&u16le(files.len()));
    out.extend_from_slice(&u16le(files.len()));
    out.extend_from_slice(&u32le(directory.len()));
    out.extend_from_slice(&u32le(at));
    out.extend_from_slice(&u16le(0));
    out
}
