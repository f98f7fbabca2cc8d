//! Names that become file names: roster ids (content/<id>/, members/<id>.html), branch
//! names, plan ids and tags. What makes one unsafe, how it is written as a file name, and
//! which two land on the same page.
//!
//! A leaf module: load checks names with it, render makes paths and links with it.

use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

/// The longest name, in bytes, that [`file_name`] gives: below the common 255-byte limit
/// with room for what is added to it (`.2.html`, and serve's `.<name>.studybook-tmp-<pid>`
/// while a page is replaced).
pub const MAX_NAME_BYTES: usize = 200;

/// Full-width ASCII (`ＧＤＰ２０２２`, `ＤＲＡＦＴ`) as ASCII, as a reader takes it.
pub fn half_width(c: char) -> char {
    match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        c => c,
    }
}

/// The characters of `text` as a reader takes them, the way every mark (a draft's, a
/// classification level's) is read: without those that show nothing
/// ([`is_invisible`]), full-width ASCII as ASCII ([`half_width`]), traditional
/// characters of the marks' words as simplified ([`simplified`]).
pub fn as_read(text: &str) -> impl Iterator<Item = char> + '_ {
    text.chars()
        .filter(|&c| !is_invisible(c))
        .map(half_width)
        .map(simplified)
}

/// A character that shows nothing where it is written: zero-width spaces and joiners,
/// the soft hyphen, the byte-order mark, variation selectors, bidirectional marks, the
/// combining grapheme joiner, Hangul fillers and the blank braille cell. Marks are read
/// without them (`草\u{200B}稿` is 草稿), as a reader sees them.
pub fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{00AD}'
            | '\u{034F}'
            | '\u{061C}'
            | '\u{115F}'
            | '\u{1160}'
            | '\u{17B4}'
            | '\u{17B5}'
            | '\u{180E}'
            | '\u{200B}'..='\u{200F}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2060}'..='\u{2069}'
            | '\u{2800}'
            | '\u{3164}'
            | '\u{FE00}'..='\u{FE0F}'
            | '\u{FEFF}'
            | '\u{FFA0}'
    )
}

/// A traditional character of the marks' words (of notes and of file names) as it is
/// written in simplified Chinese (`隱藏` is `隐藏`, `發佈` is `发布`, `密碼` is `密码`):
/// notes and files from Hong Kong, Macao and Taiwan colleagues, and from Big5
/// templates, say the same.
pub fn simplified(c: char) -> char {
    const PAIRS: &[(char, char)] = &[
        ('隱', '隐'),
        ('發', '发'),
        ('佈', '布'),
        ('開', '开'),
        ('內', '内'),
        ('機', '机'),
        ('碼', '码'),
        ('僅', '仅'),
        ('見', '见'),
        ('刪', '删'),
        ('歸', '归'),
        ('檔', '档'),
        ('鎖', '锁'),
        ('銷', '销'),
        ('個', '个'),
        ('審', '审'),
        ('狀', '状'),
        ('態', '态'),
        ('權', '权'),
        ('範', '范'),
        ('圍', '围'),
        ('閱', '阅'),
        ('讀', '读'),
        ('級', '级'),
        ('過', '过'),
        ('時', '时'),
        ('間', '间'),
        ('線', '线'),
        ('祕', '秘'),
        ('絕', '绝'),
        ('資', '资'),
        ('視', '视'),
        ('設', '设'),
        ('傳', '传'),
        ('嚴', '严'),
        ('鑰', '钥'),
        ('憑', '凭'),
        ('證', '证'),
        ('據', '据'),
        ('務', '务'),
        ('稱', '称'),
        ('將', '将'),
        ('準', '准'),
        ('廢', '废'),
        ('箋', '笺'),
        ('記', '记'),
        ('筆', '笔'),
        ('錄', '录'),
        ('門', '门'),
        ('關', '关'),
        ('閉', '闭'),
        ('暫', '暂'),
        ('請', '请'),
        ('護', '护'),
        ('廣', '广'),
        ('夾', '夹'),
        ('檢', '检'),
        ('驗', '验'),
        ('來', '来'),
        ('為', '为'),
        ('於', '于'),
        ('與', '与'),
        ('對', '对'),
        ('屬', '属'),
        ('隻', '只'),
        ('獨', '独'),
        ('體', '体'),
        ('團', '团'),
        ('黨', '党'),
        ('員', '员'),
        ('組', '组'),
        ('織', '织'),
        ('會', '会'),
        ('議', '议'),
        ('評', '评'),
        ('測', '测'),
        ('職', '职'),
        ('維', '维'),
        ('處', '处'),
        ('單', '单'),
        ('計', '计'),
        ('劃', '划'),
        ('庫', '库'),
        ('數', '数'),
        ('壓', '压'),
        ('縮', '缩'),
        ('備', '备'),
        ('舊', '旧'),
        ('複', '复'),
        ('製', '制'),
        ('號', '号'),
        ('帳', '帐'),
        ('賬', '账'),
        ('戶', '户'),
        ('網', '网'),
        ('頁', '页'),
        ('陸', '陆'),
        ('臺', '台'),
        ('灣', '湾'),
        ('終', '终'),
        ('結', '结'),
        ('効', '效'),
        ('隸', '隶'),
        ('寫', '写'),
        ('編', '编'),
        ('輯', '辑'),
        ('訂', '订'),
        ('談', '谈'),
        ('話', '话'),
        // The papers a classification mark goes with: 紀要, 材料, 級.
        ('紀', '纪'),
        ('級', '级'),
        ('參', '参'),
        ('僅', '仅'),
        ('傳', '传'),
        ('嚴', '严'),
        ('勿', '勿'),
    ];
    if (c as u32) < 0x4E00 {
        return c;
    }
    PAIRS
        .iter()
        .find(|(traditional, _)| *traditional == c)
        .map_or(c, |&(_, simple)| simple)
}

/// A name safe as a file name on Linux, Windows and macOS shared drives: characters
/// Windows forbids become `_`, no name is empty, ends in a dot or space or is a Windows
/// device name (CON, AUX, COM1 …, which get a leading `_`), and a name longer than
/// [`MAX_NAME_BYTES`] is cut at a character and given a stable suffix from the whole
/// name, so that two long names stay apart.
pub fn file_name(name: &str) -> String {
    let out = plain_file_name(name);
    if out.len() <= MAX_NAME_BYTES {
        return out;
    }
    let suffix = format!(
        "~{:08x}",
        xxhash_rust::xxh3::xxh3_64(name.as_bytes()) as u32
    );
    let mut cut = MAX_NAME_BYTES - suffix.len();
    while !out.is_char_boundary(cut) {
        cut -= 1;
    }
    format!("{}{suffix}", &out[..cut])
}

/// [`file_name`] without the cut to [`MAX_NAME_BYTES`]: for a file copied under the name
/// it already has on disk, where notes link to it by that name.
pub fn plain_file_name(name: &str) -> String {
    let mut out: String = name
        .chars()
        .map(|c| {
            if c.is_control() || "<>:\"/\\|?*".contains(c) {
                '_'
            } else {
                c
            }
        })
        .collect();
    while out.ends_with(['.', ' ']) {
        out.pop();
    }
    if out.is_empty() || out.starts_with('.') || is_device_name(&out) {
        out.insert(0, '_');
    }
    out
}

/// A `/`-separated path with each part as [`plain_file_name`] writes it: where a file
/// from the content folder is copied to, below notes/.
pub fn plain_path(rel: &str) -> String {
    rel.split('/')
        .map(plain_file_name)
        .collect::<Vec<_>>()
        .join("/")
}

/// A path as the system wrote it, with `/` between its parts: Windows' `\` becomes
/// `/`; elsewhere a `\` is a character of a name (`a\b.md` is one file) and stays.
pub fn slashed(path: &str) -> String {
    if cfg!(windows) {
        path.replace('\\', "/")
    } else {
        path.to_string()
    }
}

/// CON, PRN, AUX, NUL, COM0-9, LPT0-9 and COM¹-³, LPT¹-³, with or without an
/// extension: names Windows keeps for devices, which no file may have there.
pub fn is_device_name(name: &str) -> bool {
    let stem = name
        .split('.')
        .next()
        .unwrap_or(name)
        .trim_end()
        .to_ascii_uppercase();
    let numbered = stem
        .strip_prefix("COM")
        .or_else(|| stem.strip_prefix("LPT"))
        .is_some_and(|n| {
            let mut chars = n.chars();
            // Windows keeps the superscript digits too (COM¹, LPT³).
            chars
                .next()
                .is_some_and(|c| c.is_ascii_digit() || matches!(c, '¹' | '²' | '³'))
                && chars.next().is_none()
        });
    matches!(stem.as_str(), "CON" | "PRN" | "AUX" | "NUL") || numbered
}

/// Two names with the same key get the same page on a case-insensitive disk (Windows,
/// macOS), or the same file name at all.
pub fn page_key(name: &str) -> String {
    file_name(name).to_lowercase()
}

/// Why a name cannot be a folder of its own, as for a roster id that `new` turns into
/// content/<id>/.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unsafe {
    /// Empty, `.` or `..`.
    Dots,
    /// `/ \ : < > " | ? *` or a control character.
    Character(char),
    /// A leading or trailing space, or a trailing dot (Windows drops them).
    Edges,
    /// A leading dot: a hidden folder, which studybook does not read.
    Hidden,
    /// CON, PRN, AUX, NUL, COM1-9, LPT1-9, with or without an extension.
    Reserved,
    /// Longer than a folder name can be (255 bytes: about 85 Chinese characters).
    TooLong,
}

/// The longest name a folder can have on the systems our users run (in UTF-8 bytes on
/// Linux, and at most as many UTF-16 units on Windows).
pub const MAX_FOLDER_BYTES: usize = 255;

/// Whether `name` can be a folder name on every system our users run, unchanged.
pub fn check_folder_name(name: &str) -> Result<(), Unsafe> {
    if name.is_empty() || name == "." || name == ".." {
        return Err(Unsafe::Dots);
    }
    if let Some(c) = name
        .chars()
        .find(|&c| c.is_control() || "/\\:<>\"|?*".contains(c))
    {
        return Err(Unsafe::Character(c));
    }
    if name.starts_with(char::is_whitespace)
        || name.ends_with(char::is_whitespace)
        || name.ends_with('.')
    {
        return Err(Unsafe::Edges);
    }
    if name.starts_with('.') {
        return Err(Unsafe::Hidden);
    }
    if is_device_name(name) {
        return Err(Unsafe::Reserved);
    }
    if name.len() > MAX_FOLDER_BYTES {
        return Err(Unsafe::TooLong);
    }
    Ok(())
}

/// Characters left as they are in an href path segment: the unreserved set of RFC 3986.
const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// `path` (raw, relative to the site root) as an href: each segment percent-encoded.
pub fn encode(path: &str) -> String {
    path.split('/')
        .map(|seg| utf8_percent_encode(seg, SEGMENT).to_string())
        .collect::<Vec<_>>()
        .join("/")
}

/// The extensions of Markdown: `.md`, `.markdown`, and the others editors and Hugo
/// accept (`.mkd`, `.mdown` …).
pub const MARKDOWN: &[&str] = &[
    "md", "markdown", "mkd", "mdown", "mdwn", "mkdn", "mkdown", "markdn", "mdtxt", "mdtext",
];

/// `rel` without its Markdown extension (any of [`MARKDOWN`], in any case), if it has
/// one: what makes a file a note, and its page's name.
pub fn markdown_stem(rel: &str) -> Option<&str> {
    let (stem, ext) = rel.rsplit_once('.')?;
    let markdown = MARKDOWN.iter().any(|m| ext.eq_ignore_ascii_case(m));
    (markdown && !stem.is_empty() && !stem.ends_with('/')).then_some(stem)
}

/// The lock file beside a build-dir named `name`: one writer per build-dir.
pub fn lock_name(name: &str) -> String {
    format!(".{name}.studybook-lock")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_folder_name_fits_a_folder() {
        assert!(check_folder_name(&"张".repeat(85)).is_ok());
        assert_eq!(check_folder_name(&"张".repeat(86)), Err(Unsafe::TooLong));
    }

    #[test]
    fn file_names_fit_every_disk_and_stay_apart() {
        assert_eq!(file_name("CON"), "_CON");
        assert_eq!(file_name("aux.md"), "_aux.md");
        assert_eq!(file_name("Com1"), "_Com1");
        assert_eq!(file_name("COM10"), "COM10");
        assert_eq!(file_name("COM¹.md"), "_COM¹.md");
        assert_eq!(file_name("lpt³"), "_lpt³");
        assert_eq!(file_name("console"), "console");
        let long = "学".repeat(84);
        let other = format!("{}习", "学".repeat(83));
        let (a, b) = (file_name(&long), file_name(&other));
        assert!(
            a.len() <= MAX_NAME_BYTES && b.len() <= MAX_NAME_BYTES,
            "{a}"
        );
        assert_ne!(a, b);
        assert_eq!(a, file_name(&long), "stable");
        assert!(a.starts_with("学学学"));
        assert_eq!(file_name("学习"), "学习");
    }

    #[test]
    fn folder_names_that_leave_or_break_a_folder_are_unsafe() {
        for (name, why) in [
            ("..", Unsafe::Dots),
            ("", Unsafe::Dots),
            ("../../evil", Unsafe::Character('/')),
            ("/etc", Unsafe::Character('/')),
            ("a\\b", Unsafe::Character('\\')),
            ("C:x", Unsafe::Character(':')),
            ("a\u{7}", Unsafe::Character('\u{7}')),
            (" zhang", Unsafe::Edges),
            ("zhang ", Unsafe::Edges),
            ("zhang.", Unsafe::Edges),
            (".zhang", Unsafe::Hidden),
            ("CON", Unsafe::Reserved),
            ("nul.txt", Unsafe::Reserved),
            ("com1", Unsafe::Reserved),
        ] {
            assert_eq!(check_folder_name(name), Err(why), "{name:?}");
        }
        for good in ["zhangsan", "张三", "li-si_2", "a.b", "console", "com10"] {
            assert_eq!(check_folder_name(good), Ok(()), "{good}");
        }
    }

    #[test]
    fn names_differing_in_case_or_forbidden_characters_share_a_page() {
        assert_eq!(page_key("AI"), page_key("ai"));
        assert_eq!(page_key("a/b"), page_key("a_b"));
        assert_ne!(page_key("党建"), page_key("党史"));
    }
}

/// `target` (relative, `/` or `\` between folders) read from the folder of the note at
/// `note_rel`, or from the content folder when it begins with `/`: a path below the
/// content folder, or None when it leaves it.
pub fn resolve_target(note_rel: &str, target: &str) -> Option<String> {
    let mut parts: Vec<&str> = note_rel.split('/').collect();
    parts.pop();
    // Site-absolute (`/zhangsan/扫描.png`): from the content folder.
    if target.starts_with(['/', '\\']) {
        parts.clear();
    }
    for part in target.split(['/', '\\']) {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            _ => parts.push(part),
        }
    }
    Some(parts.join("/"))
}

#[cfg(test)]
mod target_tests {
    use super::resolve_target as resolve;

    #[test]
    fn site_absolute_targets_are_read_from_the_content_folder() {
        assert_eq!(
            resolve("zhangsan/a.md", "/lisi/图.png").as_deref(),
            Some("lisi/图.png")
        );
        assert_eq!(resolve("a/b.md", "/../x.png"), None);
    }

    #[test]
    fn targets_are_read_from_the_notes_folder() {
        assert_eq!(
            resolve("zhangsan/a.md", "图/1.png").as_deref(),
            Some("zhangsan/图/1.png")
        );
        assert_eq!(
            resolve("zhangsan/a.md", "./1.png").as_deref(),
            Some("zhangsan/1.png")
        );
        assert_eq!(
            resolve("zhangsan/a.md", "../img\\1.png").as_deref(),
            Some("img/1.png")
        );
        assert_eq!(resolve("a.md", "../members/x.html"), None);
        assert_eq!(resolve("zhangsan/a.md", "../../x.png"), None);
    }
}
