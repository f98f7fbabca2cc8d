//! Names that become file names: roster ids (content/<id>/, members/<id>.html), branch
//! names, plan ids and tags. What makes one unsafe, how it is written as a file name, and
//! which two land on the same page.
//!
//! A leaf module: load checks names with it, render makes paths with it.

/// A name safe as a file name on Linux, Windows and macOS shared drives: characters
/// Windows forbids become `_`, and no name is empty or ends in a dot or space.
pub fn file_name(name: &str) -> String {
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
    if out.is_empty() || out.starts_with('.') {
        out.insert(0, '_');
    }
    out
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
}

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
    let stem = name.split('.').next().unwrap_or(name).to_ascii_uppercase();
    let reserved = matches!(stem.as_str(), "CON" | "PRN" | "AUX" | "NUL")
        || ((stem.starts_with("COM") || stem.starts_with("LPT"))
            && stem.len() == 4
            && stem.as_bytes()[3].is_ascii_digit());
    if reserved {
        return Err(Unsafe::Reserved);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

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
