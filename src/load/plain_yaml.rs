//! The front matter nearly every note has, read without the YAML parser: `key: text`
//! lines, `key: [a, b]` and `- item` lists of plain text. For those it gives the very
//! value `yaml_serde` gives, in a fraction of the time (setting up libyaml's parser alone
//! was 5% of a check). Anything else (quotes, numbers, nesting, comments, anchors, a value
//! over two lines) gets `None` and goes to `yaml_serde`, which also words the errors. A
//! property test holds the two to the same answer.

use yaml_serde::Value;

/// One top-level field of plain front matter.
#[derive(Debug, PartialEq)]
pub struct Entry {
    pub key: String,
    pub value: Value,
    /// Its line within the YAML, from 0.
    pub line: usize,
}

/// Keys looked through one by one for a repeat; past these, hashed.
const MANY_KEYS: usize = 32;

/// The front matter `yaml` as its fields in order, if it is in the plain subset. (Not a
/// `Mapping`: hashing a handful of keys cost more than reading them.)
pub fn read(yaml: &str) -> Option<Vec<Entry>> {
    if !plain_characters(yaml.as_bytes()) {
        return None;
    }
    let mut fields: Vec<Entry> = Vec::with_capacity(8);
    // Past a few dozen keys (no real note has them, a hostile one has 100,000) the keys
    // seen are hashed, so that finding a repeat stays linear.
    let mut many: Option<std::collections::HashSet<String>> = None;
    let mut lines = yaml.lines().enumerate().peekable();
    while let Some((line_index, line)) = lines.next() {
        if line.trim_matches(' ').is_empty() {
            continue;
        }
        let (key, rest) = line.split_once(':')?;
        if !is_key(key) || !(rest.is_empty() || rest.starts_with(' ')) {
            return None;
        }
        let rest = rest.trim_matches(' ');
        let value = if !rest.is_empty() {
            value(rest)?
        } else if lines.peek().is_some_and(|(_, next)| item(next).is_some()) {
            let mut items = Vec::new();
            let mut indent = None;
            while let Some((at, text)) = lines.peek().and_then(|(_, next)| item(next)) {
                if *indent.get_or_insert(at) != at {
                    return None;
                }
                items.push(scalar(text)?);
                lines.next();
            }
            Value::Sequence(items)
        } else {
            return None;
        };
        let repeated = match &mut many {
            Some(keys) => !keys.insert(key.to_string()),
            None if fields.len() >= MANY_KEYS => {
                let keys = many.insert(fields.iter().map(|f| f.key.clone()).collect());
                !keys.insert(key.to_string())
            }
            None => fields.iter().any(|field| field.key == key),
        };
        if repeated {
            return None;
        }
        fields.push(Entry {
            key: key.to_string(),
            value,
            line: line_index,
        });
    }
    (!fields.is_empty()).then_some(fields)
}

/// Whether `yaml` holds none of: a line break other than \n and \r\n (YAML also breaks
/// lines at a lone \r, U+2028 and U+2029); a character YAML refuses (U+FEFF, U+FFFE,
/// U+FFFF); a character that starts or means YAML beyond plain text, wherever it is; a
/// control character (C0 but line ends, DEL, and C1: the bytes C2 80 to C2 9F). One pass.
fn plain_characters(bytes: &[u8]) -> bool {
    let next = |at: usize, n: usize| bytes.get(at + 1..at + 1 + n).unwrap_or_default();
    !bytes.iter().enumerate().any(|(at, &b)| match b {
        b'#' | b'&' | b'*' | b'!' | b'|' | b'>' | b'\'' | b'"' | b'%' | b'@' | b'`' | b'{'
        | b'}' | b'\t' | b'\\' | 0x7F => true,
        b'\r' => next(at, 1) != b"\n",
        b'\n' => false,
        0x00..=0x1F => true,
        0xC2 => next(at, 1)
            .first()
            .is_some_and(|n| (0x80..=0x9F).contains(n)),
        0xE2 => matches!(next(at, 2), b"\x80\xA8" | b"\x80\xA9"),
        0xEF => matches!(next(at, 2), b"\xBB\xBF" | b"\xBF\xBE" | b"\xBF\xBF"),
        _ => false,
    })
}

/// A key at the start of a line: a letter or `_`, then letters, digits, `_` and `-`;
/// never a word YAML reads as something else.
fn is_key(key: &str) -> bool {
    let mut chars = key.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
        && !special_word(key)
}

/// An item of a block list, `- text`: its indent and text.
fn item(line: &str) -> Option<(usize, &str)> {
    let text = line.trim_start_matches(' ');
    let at = line.len() - text.len();
    let text = text.strip_prefix("- ")?.trim_matches(' ');
    (!text.is_empty()).then_some((at, text))
}

/// A value after `key: `: a flow list of plain text, or plain text.
fn value(text: &str) -> Option<Value> {
    let Some(inner) = text.strip_prefix('[') else {
        return scalar(text);
    };
    let inner = inner.strip_suffix(']')?;
    if inner.contains(['[', ']']) {
        return None;
    }
    if inner.trim_matches(' ').is_empty() {
        return Some(Value::Sequence(Vec::new()));
    }
    inner
        .split(',')
        .map(|item| scalar(item.trim_matches(' ')))
        .collect::<Option<Vec<_>>>()
        .map(Value::Sequence)
}

/// Plain text that YAML reads as the same string, or `None`.
fn scalar(text: &str) -> Option<Value> {
    let first = text.chars().next()?;
    let bytes = text.as_bytes();
    if matches!(
        first,
        '-' | '?' | ':' | ',' | '[' | ']' | '.' | '~' | '+' | '='
    ) || bytes.iter().enumerate().any(|(at, &b)| {
        // `a: b` and `a:` at the end are mappings, `a,b` is refused in flow lists.
        b == b',' || (b == b':' && bytes.get(at + 1).is_none_or(|&n| n == b' '))
    }) || special_word(text)
        || (number_like(text) && !is_date(text))
    {
        return None;
    }
    Some(Value::String(text.to_string()))
}

/// Words that YAML 1.2 or 1.1 reads as null or a boolean.
fn special_word(text: &str) -> bool {
    text.len() <= 5
        && ["null", "true", "false", "yes", "no", "on", "off", "y", "n"]
            .iter()
            .any(|word| text.eq_ignore_ascii_case(word))
}

/// Text that might be a number in some notation: left to the parser.
fn number_like(text: &str) -> bool {
    text.chars().all(|c| {
        c.is_ascii_hexdigit() || matches!(c, 'x' | 'X' | 'o' | 'O' | '+' | '-' | '.' | '_')
    })
}

/// `2022-03-16`: text to YAML 1.2, which has no dates.
fn is_date(text: &str) -> bool {
    let b = text.as_bytes();
    b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn parsed(yaml: &str) -> Option<Value> {
        yaml_serde::from_str(yaml).ok()
    }

    /// What [`read`] gives, as the parser's value.
    fn value(yaml: &str) -> Option<Value> {
        read(yaml).map(|fields| {
            Value::Mapping(
                fields
                    .into_iter()
                    .map(|field| (Value::String(field.key), field.value))
                    .collect(),
            )
        })
    }

    #[test]
    fn the_usual_front_matter_is_read_without_the_parser() {
        let yaml = "title: 学习节水优先方针专题心得（1）\nauthor: m00001\ndate: 2022-01-08\n\
                    study: item-004\nkind: 理论中心组学习\ntags: [节水优先方针, 优化营商环境]\n\
                    absent:\n  - 王五（出差）\n  - 赵六: 病假\n";
        // `赵六: 病假` is a mapping in YAML: the whole is left to the parser.
        assert_eq!(read(yaml), None);
        let yaml = yaml.replace("赵六: 病假", "赵六（病假）");
        let value = value(&yaml).expect("plain front matter");
        assert_eq!(Some(&value), parsed(&yaml).as_ref());
        assert_eq!(value["date"], Value::String("2022-01-08".into()));
        assert_eq!(value["absent"][1], Value::String("赵六（病假）".into()));
    }

    #[test]
    fn anything_beyond_plain_text_goes_to_the_parser() {
        for yaml in [
            "title: \"引号\"",
            "title: 12",
            "draft: true",
            "title: a\n  continued",
            "tags: [a, [b]]",
            "title: x # comment",
            "title: a\ntitle: b",
            "title: ~",
            "title:",
            "- a\n- b",
            "title: yes",
        ] {
            assert_eq!(read(yaml), None, "{yaml}");
        }
    }

    /// Front matter built from pieces that are and are not plain text.
    fn front_matter() -> impl Strategy<Value = String> {
        let key = prop_oneof![
            4 => prop::sample::select(vec!["title", "author", "date", "tags", "study", "kind"]),
            1 => prop::sample::select(vec!["x-y", "_k", "1a", "true", "Title", "absent", "y"]),
        ];
        // Mostly plain text, sometimes what YAML reads otherwise.
        let piece = prop_oneof![
            6 => prop::sample::select(vec![
                "学习", "2022-01-08", "item-004", "（出差）", "王五", "学 习", "x", "a-", "a:b",
                "：", "\u{3000}", "abc-1", "第3季度",
            ]),
            1 => prop::sample::select(vec![
                "2022-1-8", "12", "1.5", "a: b", "e3", "0x1F", "1e3", ".inf", "~", "null",
                "Yes", "on", "N", "-x", "- x", "?", "a,b", "[a]", "[", "]", "=", "+1", " ", "",
                "a#b", "'q'", "--", "0o7", "1_000", "\r", "\r  x", "\u{2028}", "\u{2028}  x",
                "\u{FFFE}", "\u{85}", "\u{7F}", "\u{80}", "\u{9F}", "\u{A0}", "\u{1F}",
                "\u{2029}", "\u{FEFF}", "\u{FFFF}", "\u{2027}", "\u{FF01}",
            ]),
        ];
        let scalar = prop::collection::vec(piece, 1..4).prop_map(|p| p.concat());
        let value = prop_oneof![
            scalar.clone(),
            prop::collection::vec(scalar.clone(), 0..4).prop_map(|v| format!("[{}]", v.join(", "))),
            (
                prop::sample::select(vec!["", " ", "  ", "\n"]),
                prop::collection::vec(scalar, 1..4)
            )
                .prop_map(|(indent, items)| {
                    items
                        .iter()
                        .map(|i| format!("\n{indent}- {i}"))
                        .collect::<String>()
                }),
        ];
        let colon = prop_oneof![
            6 => Just(": "),
            1 => prop::sample::select(vec![":", ":  ", " : "]),
        ];
        let line = (key, colon, value).prop_map(|(k, colon, v)| format!("{k}{colon}{v}"));
        (
            prop::collection::vec(line, 1..6),
            prop::sample::select(vec!["\n", "\r\n"]),
        )
            .prop_map(|(lines, end)| lines.join(end) + end)
    }

    #[test]
    fn what_is_read_is_what_the_parser_reads() {
        let mut runner = proptest::test_runner::TestRunner::new(ProptestConfig::with_cases(4000));
        let read_here = std::sync::atomic::AtomicUsize::new(0);
        runner
            .run(&front_matter(), |yaml| {
                if let Some(value) = value(&yaml) {
                    read_here.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    prop_assert_eq!(Some(value), parsed(&yaml), "{:?}", yaml);
                }
                Ok(())
            })
            .unwrap();
        // Not a test of nothing: a good share of the cases take the fast path.
        let read_here = read_here.into_inner();
        assert!(
            read_here > 600,
            "only {read_here} of 4000 read without the parser"
        );
    }
}
