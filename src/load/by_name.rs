//! What a file's name says it is: a copy of a note or a data file, a program a web
//! server or Windows runs, a secret, a page that runs script, a binary format.

/// Whether a file is a note or a data file with one more extension put after its own
/// (`x.md.txt`, `x.md.orig`, `members.yaml.bak`): not an image or an attachment.
pub(super) fn is_copy_of_source(rel: &str) -> bool {
    let name = rel.rsplit('/').next().unwrap_or(rel);
    let Some((stem, _)) = name.rsplit_once('.') else {
        return false;
    };
    let inner = stem.rsplit_once('.').map_or("", |(_, ext)| ext);
    const DATA: [&str; 4] = ["yaml", "yml", "csv", "toml"];
    let sources = || crate::names::MARKDOWN.iter().chain(&DATA);
    if sources().any(|e| inner.eq_ignore_ascii_case(e)) {
        return true;
    }
    // `记录.md(1)`, `记录.md#`, `members.yml_`: a source's extension with anything but a
    // letter after it (`.mdb` is another kind of file).
    let lower = name.to_lowercase();
    sources().any(|e| {
        lower.match_indices(&format!(".{e}")).any(|(at, found)| {
            let after = lower[at + found.len()..].chars().next();
            after.is_some_and(|c| !c.is_ascii_alphabetic() && c != '.')
        })
    })
}

/// Whether a web server (PHP, IIS, Tomcat, CGI) would run a file of this name as a
/// program instead of sending it. Every extension counts, not only the last: Apache's
/// `AddHandler` runs `photo.php.jpg` as PHP.
pub(super) fn is_server_code(rel: &str) -> bool {
    let name = rel.rsplit('/').next().unwrap_or(rel);
    const PROGRAMS: &[&str] = &[
        "php", "php3", "php4", "php5", "php7", "php8", "phtml", "pht", "phps", "phar", "asp",
        "aspx", "ascx", "ashx", "asmx", "asa", "cer", "cshtml", "vbhtml", "jsp", "jspx", "jsf",
        "cgi", "fcgi", "pl", "py", "rb", "sh", "bash", "zsh", "ksh", "stm", "shtm", "cfm", "cfml",
        "cfc", "svc", "xamlx", "asax", "axd", "rem", "soap", "ashx",
    ];
    name.eq_ignore_ascii_case("web.config")
        || name
            .split('.')
            .skip(1)
            .any(|ext| PROGRAMS.iter().any(|e| ext.eq_ignore_ascii_case(e)))
}

/// Names (with or without an extension) of files that hold keys or passwords: SSH's
/// keys and hosts, password and token stores, the system's password files, a wallet.
const SECRET_NAMES: &[&str] = &[
    "id_rsa",
    // A browser's cookies exported (a logged-in session): `cookies.txt`.
    "cookies",
    "cookie",
    // A credential, as a whole name: `记账凭证` (a voucher) is none.
    "凭证",
    "登录凭证",
    "id_dsa",
    "id_ecdsa",
    "id_ed25519",
    ".env",
    ".htpasswd",
    ".netrc",
    ".npmrc",
    ".pgpass",
    ".git-credentials",
    "credentials",
    "known_hosts",
    "authorized_keys",
    "netrc",
    "_netrc",
    "pgpass",
    "npmrc",
    "htpasswd",
    "shadow",
    "gshadow",
    "wallet.dat",
    "kubeconfig",
    "appsettings",
    "local.settings.json",
    "secrets.json",
    "service-account",
    "serviceaccount",
    "google-services",
    "heapdump",
    "keystore",
    "config.json",
    "配置.json",
];

/// Whole names (not stems: `core.png` is a picture) of files that hold secrets or a
/// process's memory: git's and kubectl's `config`, a core dump, `.env` files saved
/// without their dot, a backup archive.
const SECRET_WHOLE_NAMES: &[&str] = &[
    "config",
    "core",
    "dotenv",
    "env",
    // Chrome's and Edge's saved passwords and forms.
    "login data",
    "web data",
    "env.production",
    "env.local",
    "env.development",
    "backup.zip",
    "backup.7z",
    "backup.rar",
    "backup.tar",
    "backup.tar.gz",
    "backup.tgz",
];

/// Extensions of private keys and certificates, password stores, mailboxes, databases,
/// configuration with its secrets, logs and backups.
const SECRET_EXTENSIONS: &[&str] = &[
    "token",
    "orig",
    "sav",
    "pem",
    "key",
    "pfx",
    "p12",
    "jks",
    "jceks",
    "bks",
    "keystore",
    "kdbx",
    "kdb",
    "psafe3",
    "ppk",
    "gpg",
    "asc",
    "pst",
    "ost",
    "eml",
    "msg",
    "mbox",
    "sql",
    "dump",
    "sqlite",
    "sqlite3",
    "db",
    "db3",
    "mdb",
    "accdb",
    "dbf",
    "bak",
    "old",
    "log",
    "ini",
    "conf",
    "cfg",
    "env",
    "ovpn",
    "rdp",
    "htpasswd",
    "tfstate",
    "pgpass",
    "npmrc",
    "netrc",
    "har",
    "tfvars",
    "properties",
    "rdb",
    "dmp",
    "hprof",
    "config",
    "core",
    // Kerberos keys, MySQL's settings and tables, SQL Server's data and log files.
    "keytab",
    "cnf",
    "ibd",
    "myd",
    "mdf",
    "ndf",
    "ldf",
    "backup",
];

/// What says secret in a name's last word: `api-token`, `cred`.
const SAYS_SECRET: &[&str] = &[
    "token",
    "tokens",
    "secret",
    "secrets",
    "password",
    "passwords",
    "passwd",
    "cred",
    "creds",
    "credential",
    "credentials",
    "apikey",
    "adminsdk",
    "key",
    "keys",
    "secretkey",
    "privatekey",
    "pass",
    "pwd",
    "pw",
    "mysecret",
    "private",
    "token",
];

/// What says secret at the end of a name in Chinese: `服务器密钥`, `数据库密码`, and
/// the usual slips of 密钥 (`秘钥`, `密匙`). At the end only: `密码法.pdf` and
/// `密钥管理规范.pdf` are study material.
const SAYS_SECRET_ZH: &[&str] = &[
    "密码", "密钥", "私钥", "口令", "令牌", "凭据", "秘钥", "密匙", "秘匙", "私匙", "金钥",
];

/// What says secret anywhere in a name in Chinese: a record of passwords (`密码记录`,
/// `口令表`) or of a server's settings.
const HOLDS_SECRET_ZH: &[&str] = &[
    "密码本",
    "密码表",
    "密码记录",
    "密码备忘",
    "账号密码",
    "口令表",
    "数据库配置",
    "服务器配置",
    "登录信息",
];

/// The classification levels a document is marked with before its title (`秘密★1年`,
/// `【机密】会议纪要`, `机密-纪要`), and papers kept internal: a file whose name is one,
/// or begins with one and a mark or separator after it, is kept off the site. Not a
/// title that begins with the word: `绝密使命观后感.pdf` (a film), `秘密战线英雄事迹.pdf`,
/// `内部资料使用规定.pdf` and `保守国家秘密法.pdf` are study material.
const CLASSIFIED_ZH: &[&str] = &[
    "绝密",
    "机密",
    "秘密",
    "涉密",
    "涉密材料",
    "涉密文件",
    "涉密资料",
    "涉密纪要",
    "涉密记录",
    "内部资料",
    "内部文件",
];

/// Whether a name (a file's stem, a folder's name) is marked with a classification
/// level ([`CLASSIFIED_ZH`]): the level, in any brackets or quotes, alone or followed by
/// a mark or separator (`秘密★1年`, `〈机密〉纪要`, `机密——纪要`, `“绝密”`, `秘密(1年)`);
/// the level's full name (`机密级`, `机密级会议纪要`); a level in brackets anywhere
/// (`纪要（机密）`, `会议纪要（秘密★1年）`); or `密级` said with a level (`密级：机密`). Spaces
/// inside a word are no separator (`秘　密`). A title that only begins with the word is
/// study material (`秘密战线英雄事迹`, `机密文件管理规定学习`), and so is a work's title
/// in 《》 (`《秘密》读后感`).
pub fn is_classified(name: &str) -> bool {
    // Read as a reader sees it: characters nobody sees (a zero-width space, a soft
    // hyphen, a variation selector) left out, any star as ★, spaces kept in `spaced`
    // (one, where several are) and left out of `plain`, so that `秘　密` is 秘密 and
    // `机密 会议纪要` a level before a paper.
    let spaced: String = crate::names::as_read(name)
        .map(|c| if is_star(c) { '★' } else { c })
        .map(|c| if is_dash(c) { '-' } else { c })
        .map(|c| if c.is_whitespace() { ' ' } else { c })
        .collect();
    // ㊙, the circled 秘, is the level itself.
    let spaced = spaced.replace('㊙', "秘密");
    let plain: String = spaced.chars().filter(|&c| c != ' ').collect();
    said_outright(&plain)
        || starred(&plain)
        || level_at_the_end(&spaced)
        || leads_with_a_level(&plain)
        || leads_with_a_level(&spaced)
        || level_in_brackets(&plain)
        || level_stated(&plain)
}

/// A dash, however it is drawn (`―`, `‐`, `−`, `‒`, `﹣`): a separator as `-` is.
fn is_dash(c: char) -> bool {
    matches!(
        c,
        '\u{2010}'..='\u{2015}' | '\u{2212}' | '\u{FE58}' | '\u{FE63}'
    )
}

/// A star as a level's period is marked with, however it is drawn (`★`, `☆`, `⭐`, `✩`,
/// `※`, `✱` …).
fn is_star(c: char) -> bool {
    matches!(
        c,
        '☆' | '⭐' | '※' | '\u{2729}'..='\u{2740}' | '⋆' | '＊' | '٭'
    )
}

/// What opens a name before its level (not 《》: a level inside them is a work's
/// title, `《秘密》读后感`).
const OPENERS: &str = "[【(（〔「『<〈‹«“\"'‘_﹝〘⟨〚﹙﹛｟⦅〝";
/// What may follow a level that leads a name: a mark, a separator, a closing bracket.
const AFTER: &str = "★☆▲△*-—–_ 　·・：:，,、；;.…】]）)〕」』>〉›»”\"'’(（﹞〙⟩〛﹚﹜｠⦆/|~〞〟";
const BRACKETS: [(char, char); 23] = [
    ('（', '）'),
    ('〝', '〞'),
    ('〝', '〟'),
    ('﹝', '﹞'),
    ('〘', '〙'),
    ('⟨', '⟩'),
    ('「', '」'),
    ('『', '』'),
    ('〚', '〛'),
    ('﹙', '﹚'),
    ('﹛', '﹜'),
    ('｟', '｠'),
    ('⦅', '⦆'),
    ('(', ')'),
    ('【', '】'),
    ('[', ']'),
    ('〔', '〕'),
    ('〈', '〉'),
    ('“', '”'),
    ('{', '}'),
    ('〖', '〗'),
    ('‹', '>'),
    ('<', '>'),
];
/// Marked only with the star, in brackets or in a statement of the level: `内部★`,
/// `工作秘密★`, `（内部）`, `密级：内部`.
const STARRED: [&str; 2] = ["内部", "工作秘密"];
/// Said outright, in lower case and without spaces.
const SAID: [&str; 14] = [
    "请勿外传",
    "不得外传",
    "严禁外传",
    "禁止外传",
    "内部使用",
    "仅限内部",
    "限内部",
    "内部传阅",
    "仅供内部",
    "confidential",
    "internaluseonly",
    "donotdistribute",
    "forofficialuseonly",
    "fouo",
];
/// The papers a level leads as their whole name (`机密文件`, `涉密纪要`).
const PAPERS: [&str; 14] = [
    "文件", "材料", "资料", "纪要", "件", "报告", "记录", "通知", "名单", "档案", "文档", "文稿",
    "简报", "函",
];

/// The levels, and the words marked only as a level is ([`STARRED`]).
fn levels_and_starred() -> impl Iterator<Item = &'static &'static str> {
    CLASSIFIED_ZH.iter().chain(STARRED.iter())
}

/// `请勿外传`, `CONFIDENTIAL`, `internal use only`: `plain` (without spaces) says so.
fn said_outright(plain: &str) -> bool {
    let lower = plain.to_lowercase();
    // `classified`, but not `unclassified`.
    let classified = lower
        .match_indices("classified")
        .any(|(at, _)| !lower[..at].ends_with("un"));
    classified || SAID.iter().any(|w| lower.contains(w))
}

/// The star of a level, either side of it (`秘密★1年` anywhere, `★机密`, `内部★`).
fn starred(plain: &str) -> bool {
    levels_and_starred().any(|level| {
        plain.match_indices(level).any(|(at, _)| {
            plain[at + level.len()..].starts_with(['★', '☆']) || plain[..at].ends_with(['★', '☆'])
        })
    })
}

/// A level at the end after a separator (`纪要-机密`, `纪要.pdf.秘密`, `纪要 机密`,
/// `纪要；机密`): read with its spaces.
fn level_at_the_end(spaced: &str) -> bool {
    let spaced = spaced.trim_end();
    CLASSIFIED_ZH.iter().any(|level| {
        spaced.strip_suffix(level).is_some_and(|before| {
            before.ends_with(|c: char| "-_.—–·・、，,；;：:+~=|/ ".contains(c))
        })
    })
}

/// A level leading the name after any opener: alone or before a mark (`机密★`,
/// `【机密】`), as its full name (`机密级`), as the whole name of a paper (`机密文件`),
/// or before a meeting's paper (`机密会议纪要`, `秘密党委会议记录`).
fn leads_with_a_level(name: &str) -> bool {
    let stem = name.trim_start_matches(|c: char| OPENERS.contains(c));
    let marked = |rest: &str| rest.is_empty() || rest.starts_with(|c: char| AFTER.contains(c));
    CLASSIFIED_ZH.iter().any(|level| {
        stem.strip_prefix(level).is_some_and(|rest| {
            rest.starts_with('级')
                || marked(rest)
                || PAPERS
                    .iter()
                    .any(|paper| rest.strip_prefix(paper).is_some_and(marked))
                || is_meeting_paper(rest)
        })
    })
}

/// The papers of a meeting, which a level before their name marks however the meeting
/// is named (`会议纪要`, `党委会议记录`, `专题会议纪要.pdf`): a name of at most eight
/// characters ending in one, its extension aside, and naming a meeting (会) unless it is
/// a 纪要. Not `材料` or `文件`, which end study material's names too
/// (`秘密战线英雄事迹材料`), nor a record of a visit (`秘密战线学习记录`).
fn is_meeting_paper(rest: &str) -> bool {
    const MEETING_PAPERS: [&str; 6] = ["纪要", "记录", "通知", "简报", "名单", "决议"];
    let stem = rest.rsplit_once('.').map_or(rest, |(stem, _)| stem);
    // A meeting's: 会议, 支委会, 党委会 before it (`绝密使命观影记录` is a film's).
    let of_a_meeting = stem.ends_with("纪要") || stem.contains('会');
    stem.chars().count() <= 8
        && of_a_meeting
        && MEETING_PAPERS.iter().any(|paper| stem.ends_with(paper))
}

/// A level in brackets anywhere (`纪要（机密）`, `会议纪要（秘密★1年）`, `（内部）`).
fn level_in_brackets(plain: &str) -> bool {
    BRACKETS.iter().any(|&(open, close)| {
        plain.split(open).skip(1).any(|after| {
            let inside = after.split(close).next().unwrap_or("");
            levels_and_starred().any(|level| {
                inside.strip_prefix(level).is_some_and(|rest| {
                    rest.is_empty() || rest.starts_with(['级', '★', '☆', '▲', '*'])
                })
            })
        })
    })
}

/// `密级` said with a level, or alone (`密级：机密`, `密级为内部`).
fn level_stated(plain: &str) -> bool {
    plain.split("密级").skip(1).any(|after| {
        let after = after.trim_start_matches(|c: char| "：:=-_ 为是".contains(c));
        after.is_empty() || levels_and_starred().any(|level| after.starts_with(level))
    })
}

/// Whether a file of this name holds keys, passwords or private records nobody puts on
/// a site on purpose: private keys and certificates with them, password stores,
/// mailboxes, databases, configuration with its secrets, logs and backups; also under a
/// copy's name (`id_rsa - 副本`, `x.p12(1)`, `x.pem.txt`) or one that says so
/// (`服务器密钥.txt`, `token.txt`).
pub(super) fn is_secret(rel: &str) -> bool {
    // `ｔｏｋｅｎ.txt` is `token.txt`, `密碼.txt` is `密码.txt`, `（2）` is `(2)`.
    let name: String = rel
        .rsplit('/')
        .next()
        .unwrap_or(rel)
        .chars()
        .map(crate::names::half_width)
        .map(crate::names::simplified)
        .flat_map(char::to_lowercase)
        .collect();
    let base = without_copy_marks(&name);
    let (stem, _) = base.split_once('.').unwrap_or((base, ""));
    // `密码本(1).txt`, `密码本 - 副本.txt`: the copy's marks sit before the extension.
    let stem = without_copy_marks(stem);
    // The last word that is not a number: `token-2022` says token.
    let last_word = stem
        .rsplit(|c: char| !c.is_ascii_alphanumeric())
        .find(|word| !word.is_empty() && !word.chars().all(|c| c.is_ascii_digit()))
        .unwrap_or(stem);
    // `token2`, `pass01`: a number after the word.
    let last_word = last_word.trim_end_matches(|c: char| c.is_ascii_digit());
    SECRET_NAMES.contains(&base)
        || SECRET_NAMES.contains(&stem)
        || SECRET_WHOLE_NAMES.contains(&base)
        || is_dump_or_backup(base, stem)
        || name.ends_with("_history")
        || SAYS_SECRET.contains(&last_word)
        || SAYS_SECRET_ZH.iter().any(|w| stem.ends_with(w))
        || HOLDS_SECRET_ZH.iter().any(|w| stem.contains(w))
        || is_classified(stem)
        // `纪要.pdf.秘密.pdf`: a mark before the last extension.
        || is_classified(base.rsplit_once('.').map_or(base, |(name, _)| name))
        // Firebase's and Google's downloads: `proj-firebase-adminsdk-ab12-0123.json`,
        // `client_secret_1.apps.googleusercontent.com.json`.
        || stem.contains("adminsdk")
        || stem.starts_with("client_secret")
        || name.split('.').skip(1).any(is_secret_extension)
}

/// Whether a name (lower case, without a copy's marks) is a core dump (`core.1234`) or
/// an archive named a backup (`backup-2022.zip`, `站点备份.7z`).
fn is_dump_or_backup(base: &str, stem: &str) -> bool {
    let rest = base
        .strip_prefix(stem)
        .unwrap_or("")
        .trim_start_matches('.');
    let archive = rest
        .rsplit('.')
        .next()
        .is_some_and(|ext| ["zip", "7z", "rar", "tar", "gz", "tgz", "bz2", "xz"].contains(&ext));
    (stem == "core" && !rest.is_empty() && rest.chars().all(|c| c.is_ascii_digit()))
        || (archive && (stem.contains("backup") || stem.contains("备份")))
}

/// A file name without the marks a copy of it gets: ` - 副本`, ` - copy`, ` (2)`, `(2)`,
/// `~`, `_`.
fn without_copy_marks(name: &str) -> &str {
    let mut marked = name;
    loop {
        let before = marked;
        // ` - 副本`, ` - 复制`, ` copy`, `(copy)`, `_old`: what Windows, macOS, WPS and
        // people add to a copy's name.
        for mark in [
            " - 副本",
            " - 复制",
            " - copy",
            " 副本",
            "副本",
            "复制",
            " copy",
            "-copy",
            "_copy",
            "(copy)",
            "(副本)",
            "_old",
            "-old",
            ".old",
            "_bak",
            "-bak",
            "_backup",
        ] {
            marked = marked.strip_suffix(mark).unwrap_or(marked).trim_end();
        }
        // ` (2)`, `(2)`, `~`, `_` after the name; a name's own digits (`id_ed25519`)
        // stay, but a number after a Chinese word does not (`密码1`).
        let trimmed = marked
            .trim_end_matches(|c: char| "() ~_-".contains(c) || c.is_ascii_digit())
            .trim_end();
        let numbered = marked.ends_with(|c: char| c.is_ascii_digit())
            && trimmed.ends_with(|c: char| !c.is_ascii());
        if marked.ends_with([')', '~', '_', '-']) || numbered {
            marked = trimmed;
        }
        if marked == before || marked.is_empty() {
            return if marked.is_empty() { before } else { marked };
        }
    }
}

/// Whether one of a name's extensions (after a dot, not only the last) is a secret's.
fn is_secret_extension(ext: &str) -> bool {
    // `p12(1)` is `p12`, `bak2` a `bak`.
    let end = ext
        .find(|c: char| !c.is_ascii_alphanumeric())
        .unwrap_or(ext.len());
    let ext = &ext[..end];
    SECRET_EXTENSIONS.contains(&ext)
        || SECRET_EXTENSIONS.contains(&ext.trim_end_matches(|c: char| c.is_ascii_digit()))
}

/// The name a compressed file is served as, by a server that sends `x.svg.gz` as an SVG
/// (Apache's `AddEncoding`): `rel` without its compression's extension, if it has one.
pub(super) fn uncompressed_name(rel: &str) -> Option<&str> {
    let (inner, ext) = rel.rsplit_once('.')?;
    ["gz", "br", "zst", "z", "bz2", "xz", "deflate"]
        .iter()
        .any(|e| ext.eq_ignore_ascii_case(e))
        .then_some(inner)
}

/// Extensions of what Windows runs when a reader opens it: programs and scripts,
/// installers, shortcuts, disk images, documents with macros, and their kin.
const WINDOWS_PROGRAMS: &[&str] = &[
    "exe",
    "com",
    "bat",
    "cmd",
    "hta",
    "ps1",
    "psm1",
    "vbs",
    "vbe",
    "jse",
    "wsf",
    "wsh",
    "scr",
    "pif",
    "lnk",
    "msi",
    "msp",
    "reg",
    "cpl",
    "jar",
    "appref-ms",
    "url",
    "chm",
    "application",
    "settingcontent-ms",
    "appx",
    "appxbundle",
    "msix",
    "msixbundle",
    "iso",
    "img",
    "vhd",
    "vhdx",
    "desktop",
    "docm",
    "xlsm",
    "pptm",
    "dotm",
    "xltm",
    "potm",
    "ppsm",
    "sldm",
    "xlam",
    "ppam",
    "xll",
    "msc",
    "jnlp",
    "scf",
    "one",
    "onepkg",
    "library-ms",
    "search-ms",
    "searchconnector-ms",
    "inf",
    "gadget",
    "xbap",
    "mst",
    "ps1xml",
    "psc1",
    "command",
    "apk",
    "deb",
    "rpm",
    "pkg",
    "dmg",
    "run",
    "appimage",
    "js",
    "mjs",
    "cjs",
    "xla",
    "iqy",
    "slk",
    "diagcab",
    "theme",
    "themepack",
    "tool",
    "mpkg",
    "psd1",
    "cab",
    "swf",
    "crx",
    "xpi",
    "ws",
    "wsc",
    "sct",
    "vb",
    "msu",
    "wsb",
    "shs",
    "shb",
    "pyw",
    "pyz",
    "pyzw",
    "pyc",
    "mdb",
    "mde",
    "ade",
    "adp",
    "accde",
    "accdb",
    "xlsb",
    "htc",
    "hlp",
    "website",
    "ins",
    "isp",
    "grp",
    "bas",
    "printerexport",
    "ps2xml",
    "psc2",
    "appcontent-ms",
    "cer",
    "crt",
    "der",
    "rdp",
    "vsix",
    "vsto",
    "mcf",
    "xnk",
    "mda",
    "mdt",
    "mdw",
    "mdz",
    "prf",
    "sys",
    "dll",
    "ocx",
    "drv",
];

/// Whether Windows runs a file of this name as a program when a reader opens it from
/// the site. Only the last extension counts there (`会议.com.png` is an image).
pub(super) fn is_program(rel: &str) -> bool {
    let ext = rel.rsplit_once('.').map_or("", |(_, ext)| ext);
    WINDOWS_PROGRAMS.iter().any(|e| ext.eq_ignore_ascii_case(e))
}

/// Whether a file name is an HTML page's (`.html`, `.htm`, `.xhtml`, `.shtml`).
pub fn is_html_name(rel: &str) -> bool {
    let ext = rel.rsplit_once('.').map_or("", |(_, ext)| ext);
    // Everything a browser may open as a page that runs script.
    [
        "html", "htm", "xhtml", "shtml", "xht", "xml", "xsl", "xslt", "mht", "mhtml", "rss",
        "atom", "rdf", "kml", "xsd", "dtd", "wsdl", "xaml", "xul",
    ]
    .iter()
    .any(|e| ext.eq_ignore_ascii_case(e))
}
