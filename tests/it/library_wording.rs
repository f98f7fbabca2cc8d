//! The parsers' own words that messages are translated from, pinned: each English phrase
//! the catalogue looks for is made to appear by a real input, so a new yaml_serde or
//! toml that words it differently fails here instead of showing users "格式不正确".

use studybook::i18n::{yaml_reason, Lang, YAML_PHRASES};

/// An input that makes yaml_serde say each phrase of [`YAML_PHRASES`], read as front
/// matter is read (a mapping of anything), or, for a number past a field's range, into a
/// year.
const YAML_INPUTS: &[(&str, &str)] = &[
    ("found a tab character", "title: 学习\n\t- 心得\n"),
    (
        "found character that cannot start any token",
        "title: @学习\n",
    ),
    ("mapping values are not allowed", "title: 学习: 心得\n"),
    (
        "did not find expected key",
        "author:\n  id: zhangsan\n name: 张三\n",
    ),
    ("did not find expected ',' or ']'", "tags: [学习, 心得\n"),
    ("did not find expected ',' or '}'", "title: {a: 1\n"),
    (
        "did not find expected '-' indicator",
        "- 学习\ntitle: 心得\n",
    ),
    ("found unexpected end of stream", "title: \"学习\n"),
    ("found unknown escape character", "title: \"C:\\q\"\n"),
    ("unknown anchor", "title: *important\n"),
    (
        "did not find expected alphabetic or numeric character",
        "title: * 学习\n",
    ),
    ("did not find expected node content", "tags: [::]\n"),
    ("block sequence entries are not allowed", "tags: - 学习\n"),
    (
        "could not find expected ':'",
        "title: 学习\nauthor\ndate: 2022-03-16\n",
    ),
    ("invalid leading UTF-8 octet", "title: \u{FFFD}"),
    ("invalid type: integer", "score: 18446744073709551617\n"),
    ("invalid value: integer", "year: 4294967296\n"),
];

#[derive(serde::Deserialize, Debug)]
#[allow(dead_code)]
struct Year {
    year: i32,
}

/// yaml_serde's message for `input`, without its position, as the load reads it.
fn yaml_detail(phrase: &str, input: &str) -> String {
    let err = match phrase {
        "invalid value: integer" => yaml_serde::from_str::<Year>(input).unwrap_err(),
        // Bytes that are no UTF-8, as a file read raw would hold them.
        "invalid leading UTF-8 octet" => {
            yaml_serde::from_slice::<yaml_serde::Value>(b"title: \xff\xfe\n").unwrap_err()
        }
        _ => yaml_serde::from_str::<yaml_serde::Value>(input).unwrap_err(),
    };
    let full = err.to_string();
    full.find(" at line ")
        .map_or(full.as_str(), |i| &full[..i])
        .to_string()
}

#[test]
fn every_yaml_phrase_translated_is_what_yaml_serde_says() {
    for (phrase, chinese) in YAML_PHRASES {
        let Some((_, input)) = YAML_INPUTS.iter().find(|(p, _)| p == phrase) else {
            panic!("{phrase}: add an input that makes yaml_serde say it");
        };
        let detail = yaml_detail(phrase, input);
        assert!(
            detail.contains(phrase),
            "{phrase}: yaml_serde now says {detail:?}"
        );
        assert_eq!(yaml_reason(&detail, Lang::Zh), *chinese, "{detail}");
    }
    // A key past YAML's 1,024 characters is said to lack its colon: what the front
    // matter's reading takes for a key too long.
    let key = "很".repeat(1100);
    for (yaml, said) in [
        (
            format!("title: 甲\n{key}: 值\n"),
            "could not find expected ':'",
        ),
        (format!("{key}: 值\n"), "mapping values are not allowed"),
    ] {
        let detail = yaml_detail("", &yaml);
        assert!(detail.starts_with(said), "{detail}");
    }
    // A key written twice names the key.
    let twice = yaml_serde::from_str::<yaml_serde::Value>("title: 甲\ntitle: 乙\n").unwrap_err();
    let full = twice.to_string();
    let detail = full.find(" at line ").map_or(full.as_str(), |i| &full[..i]);
    assert_eq!(
        yaml_reason(detail, Lang::Zh),
        "字段 `title` 写了两次：每个字段只能写一次",
        "{full}"
    );
}

/// serde's words for a YAML file read into a fixed shape (the assessment scheme):
/// said as what is wrong with the key, never as a TOML syntax error.
#[test]
fn serdes_words_for_a_yaml_scheme_are_said_in_chinese() {
    #[derive(serde::Deserialize, Debug)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Scheme {
        name: String,
        year: i32,
        #[serde(default)]
        min: u32,
        #[serde(default)]
        weight: f64,
        #[serde(default)]
        grades: Vec<String>,
    }
    for (yaml, said) in [
        ("year: 2022\n", "少了必须写的键 `name`"),
        (
            "name: 细则\nyear: '2022'\n",
            "值的类型不对：写的是文字 \"2022\"（数字不要加引号，也不要写汉字），这里要写整数",
        ),
        (
            "name: 细则\nyear: 2022.5\n",
            "值的类型不对：写的是小数 2022.5，这里要写整数",
        ),
        (
            "name: 细则\nyear: 2022\nmin: -1\n",
            "写的是 -1：这一项不能是负数，要写不小于 0 的整数",
        ),
        (
            "name: 细则\nyear: 2022\nweight: [1]\n",
            "值的类型不对：写的是一个列表，这里要写数字",
        ),
        (
            "name: 细则\nyear: 2022\ngrades: 3\n",
            "值的类型不对：写的是数字 3，这里要写列表（每项以 - 开头）",
        ),
        (
            "name: 细则\nyear: 2022\nyaer: 1\n",
            "不认识的键 `yaer`；这里可以写的键：`name`、`year`",
        ),
    ] {
        let err = yaml_serde::from_str::<Scheme>(yaml).unwrap_err();
        let full = err.to_string();
        let detail = full.find(" at line ").map_or(full.as_str(), |i| &full[..i]);
        assert!(yaml_reason(detail, Lang::Zh).contains(said), "{full}");
    }
}

/// book.toml mistakes whose toml or serde wording `toml_reason` reads, each with what
/// the user is told.
#[test]
fn every_toml_phrase_translated_is_what_toml_says() {
    for (book, said) in [
        ("[build]\nbiuld-dir = \"site\"\n", "不认识的键 `biuld-dir`"),
        ("[book]\ntitle = \"甲\"\ntitle = \"乙\"\n", "写过一次"),
        ("[book]\ntitle = \"\\uD800\"\n", "转义不是一个有效的字符"),
        ("[check]\nmin-chars = -1\n", "这一项不能是负数"),
        ("[book]\ntitle = 3\n", "值的类型不对"),
        // A number too large for the key is no wrong type (round 27).
        ("[check]\nmin-chars = 99999999999999999999\n", "数字太大"),
        (
            "[meetings.kinds.党课]\nevery = \"fortnight\"\n",
            "不是可用的值",
        ),
        ("[book]\nlanguage = \"fr\"\n", "不支持的语言"),
        // Full-width marks are named, and true/false go without quotes (round 18).
        (
            "[check]\nrequired-sections = [\"学习内容\"，\"心得体会\"]\n",
            "全角的“，”",
        ),
        ("[book]\ntitle = “测试”\n", "全角的““”"),
        (
            "[build]\nallow-html = \"true\"\n",
            "这里要写 true 或 false（不加引号）",
        ),
        // toml reads a date into a table of its own and says "map" (round 21).
        (
            "[check]\nmin-chars = 2022-03-01\n",
            "写的是日期或时间 2022-03-01，这里要写不小于 0 的整数",
        ),
        // A list in book.toml is written as TOML writes one (round 17).
        (
            "[check]\nrequired-sections = \"学习内容\"\n",
            "这里要写列表，写在方括号里，例如 [\"学习内容\", \"心得体会\"]",
        ),
    ] {
        let err = studybook::config::parse_config(book).expect_err(book);
        assert!(err.message.contains(said), "{book}: {}", err.message);
        assert!(
            !err.message.contains("TOML 语法错误"),
            "{book}: {}",
            err.message
        );
    }
    // The fallback is for what is not TOML at all.
    let err = studybook::config::parse_config("[book]\ntitle \"甲\"\n").unwrap_err();
    assert!(err.message.contains("TOML 语法错误"), "{}", err.message);
}
