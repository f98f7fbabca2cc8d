//! The words the pages and studybook's own tables show (`t.<key>` in a template): theme
//! data, in themes/default/labels.toml, one table per language. A site's theme may say
//! any of them its own way in its own labels.toml; the keys it leaves out keep the
//! built-in words.

use crate::i18n::Lang;
use std::collections::BTreeMap;
use std::sync::OnceLock;

/// Label key -> words, in one language.
pub type Labels = BTreeMap<String, String>;

/// The built-in theme's labels.toml.
pub const BUILT_IN: &str = include_str!("../../themes/default/labels.toml");

/// The built-in labels in `lang`: what the command's tables say, and what a theme
/// starts from.
pub fn built_in(lang: Lang) -> &'static BTreeMap<&'static str, &'static str> {
    static ZH: OnceLock<BTreeMap<&str, &str>> = OnceLock::new();
    static EN: OnceLock<BTreeMap<&str, &str>> = OnceLock::new();
    let cell = match lang {
        Lang::Zh => &ZH,
        Lang::En => &EN,
    };
    cell.get_or_init(|| {
        owned(lang)
            .iter()
            .map(|(key, words)| (key.as_str(), words.as_str()))
            .collect()
    })
}

/// [`built_in`], parsed once.
fn owned(lang: Lang) -> &'static Labels {
    static ZH: OnceLock<Labels> = OnceLock::new();
    static EN: OnceLock<Labels> = OnceLock::new();
    let cell = match lang {
        Lang::Zh => &ZH,
        Lang::En => &EN,
    };
    cell.get_or_init(|| {
        parse(BUILT_IN, lang)
            .map_err(|invalid| invalid.reason)
            .expect("the built-in labels.toml is valid")
    })
}

/// The longest a label may be, in characters: a label is a few words, and each one is
/// written into every page.
pub const MAX_LABEL_CHARS: usize = 500;

/// What is wrong with a labels.toml: the reason in the book's language, and the byte
/// of the file it is at, when known.
#[derive(Debug)]
pub struct Invalid {
    pub reason: String,
    pub at: Option<usize>,
}

/// The table of `lang` in `text`, a labels.toml. A table is named by a language code as
/// book.toml's `language` is (`[zh]`, `[zh-CN]`, `[en-US]`); a table of no language, or
/// a label too long to be one, is refused.
pub fn parse(text: &str, lang: Lang) -> Result<Labels, Invalid> {
    let tables: toml::Table = toml::from_str(text).map_err(|err| Invalid {
        reason: crate::i18n::toml_reason(err.message().trim(), lang),
        at: err.span().map(|span| span.start),
    })?;
    let said = |message: crate::i18n::Msg<'_>, key: &str| Invalid {
        reason: message.text(lang),
        at: text.find(key),
    };
    let mut mine = Labels::new();
    for (name, table) in tables {
        let Some(of) = Lang::parse(&name) else {
            return Err(said(crate::i18n::Msg::ThemeLabelsTable(&name), &name));
        };
        let toml::Value::Table(table) = table else {
            return Err(said(crate::i18n::Msg::ThemeLabelsTable(&name), &name));
        };
        for (key, value) in table {
            let toml::Value::String(words) = value else {
                return Err(said(crate::i18n::Msg::ThemeLabelNotText(&key), &key));
            };
            if words.chars().count() > MAX_LABEL_CHARS {
                return Err(said(crate::i18n::Msg::ThemeLabelTooLong(&key), &key));
            }
            if of == lang {
                mine.insert(key, words);
            }
        }
    }
    Ok(mine)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every label is said in both languages, and every `t.<key>` a built-in template
    /// uses is a label: a missing one would show as nothing on the page.
    #[test]
    fn every_label_is_in_both_languages_and_every_one_used_is_there() {
        let (zh, en) = (built_in(Lang::Zh), built_in(Lang::En));
        assert!(zh.len() > 50, "{}", zh.len());
        assert_eq!(zh.keys().collect::<Vec<_>>(), en.keys().collect::<Vec<_>>());
        // The keys a template looks up by value (`t[k.every]`).
        use crate::kinds::Every;
        for every in [
            Every::Month,
            Every::Quarter,
            Every::HalfYear,
            Every::Year,
            Every::None,
        ] {
            assert!(zh.contains_key(every.label_key()), "{}", every.label_key());
        }
        for (path, bytes) in super::super::theme::BUILT_IN {
            let text = String::from_utf8_lossy(bytes);
            let mut rest = text.as_ref();
            while let Some(at) = rest.find("t.") {
                let before = rest[..at].chars().next_back();
                rest = &rest[at + 2..];
                if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '.') {
                    continue;
                }
                let key: String = rest
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                    .collect();
                if path.starts_with("templates/") && !key.is_empty() {
                    assert!(zh.contains_key(key.as_str()), "{path}: t.{key} is no label");
                }
            }
        }
    }
}
