//! The marks that keep a note to its writer, beyond the known keys (`draft`,
//! `published`, `private`, `hidden`, `password`): what blogs, CMS exports and office
//! habits write instead. Each one holds the note back as a draft, told at its key;
//! studybook would rather hold a note back by mistake than publish one meant for
//! nobody else.

use chrono::NaiveDate;
use yaml_serde::Value;

use super::field::scalar_text;

/// A date that decides whether the note is published yet, as written at a key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Schedule {
    /// Not before this day: `publishDate: 2027-01-01` (Hugo, Hexo, Astro).
    From(NaiveDate),
    /// Not after this day: `expiryDate: 2020-01-01`.
    Until(NaiveDate),
}

impl Schedule {
    /// Whether the note is held back on `today`: before its first day, or once its
    /// last day is over.
    pub fn holds_on(self, today: NaiveDate) -> bool {
        match self {
            Schedule::From(day) => day > today,
            Schedule::Until(day) => day < today,
        }
    }
}

/// What a key that dates the note's publication says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dated {
    /// The note is published from or until a day.
    Scheduled(Schedule),
    /// The day cannot be read: the note is held back rather than published now.
    Unreadable,
}

/// Whether `key` (as written, one studybook has no field for, and no date of
/// publication) with `value` holds the note back: the key, or its value, reads as
/// keeping it to oneself.
pub fn holds(key: &str, value: &Value) -> bool {
    let key = normal(key);
    schedule_key(&key).is_none()
        && (reads_as_private(&key)
            || (PUBLISH_KEYS.contains(&key.as_str()) && !is_one_of(value, YES))
            || (AUDIENCE_KEYS.contains(&key.as_str()) && !is_one_of(value, EVERYONE))
            || says_private(value))
}

/// What `key` with `value` says when it dates the note's publication (`publishDate`,
/// Astro's `pubDate`, `expiryDate`, whether or not it is the note's date as well). None
/// for any other key.
pub fn schedule_of(key: &str, value: &Value) -> Option<Dated> {
    let from = schedule_key(&normal(key))?;
    let day = scalar_text(value)
        .ok()
        .flatten()
        .and_then(|text| crate::date::parse_date(&text).ok());
    Some(day.map_or(Dated::Unreadable, |day| {
        Dated::Scheduled(if from {
            Schedule::From(day)
        } else {
            Schedule::Until(day)
        })
    }))
}

/// Whether a status (`status:`, `状态:`) holds the note back: any word but one for
/// published (`draft`, `审核中`, `待发布`), a list or a map.
pub fn status_holds(value: &Value) -> bool {
    !is_one_of(value, PUBLISHED)
}

/// Whether a tag is a mark rather than a subject: `tags: [草稿]`, `[private]`.
pub fn tag_holds(tag: &str) -> bool {
    PRIVATE_WORDS.contains(&normal(tag).as_str())
}

/// The key or word lower-cased, without the spaces, `_` and `-` that join its parts
/// (`only_me`, `Only-Me` and `onlyme` are one), and without a leading `is`.
fn normal(word: &str) -> String {
    let joined: String = word
        .trim()
        .chars()
        .filter(|c| !matches!(c, '_' | '-' | ' ' | '　'))
        .flat_map(char::to_lowercase)
        .collect();
    match joined.strip_prefix("is") {
        Some(rest) if rest.len() >= 4 => rest.to_string(),
        _ => joined,
    }
}

/// Whether an unknown key (normalised) reads as a mark to keep the note to oneself: a
/// slip of one of the known ones (`draf`, `drafts`, `privat`), or one that says so
/// (`草稿箱`, `is_draft`, `unlisted`, `only_me`).
pub(super) fn reads_as_private(key: &str) -> bool {
    let key = normal(key);
    const SAYS: &[&str] = &[
        "draft",
        "private",
        "hidden",
        "unlisted",
        "unpublish",
        "password",
        "secret",
        "confidential",
        "internal",
        "onlyme",
        "selfonly",
        "草稿",
        "私密",
        "隐藏",
        "保密",
        "不公开",
        "未发布",
        "密码",
        "内部",
        "仅自己",
        "仅我",
        "仅本人",
        "自己可见",
        "本人可见",
        "机密",
        "秘密",
        "涉密",
        "不发布",
    ];
    const SLIPS_OF: &[&str] = &["draft", "private", "hidden", "published", "password"];
    SAYS.iter().any(|word| key.contains(word))
        || (key.chars().count() <= 12
            && SLIPS_OF
                .iter()
                .any(|known| strsim::damerau_levenshtein(&key, known) <= 2))
}

/// Keys that publish the note when true, and hold it back otherwise (`public: false`,
/// `visible: no`, `listed: false`, `share: false`), normalised.
const PUBLISH_KEYS: &[&str] = &[
    "public",
    "visible",
    "listed",
    "share",
    "shared",
    "shareable",
    "publish",
    "release",
    "released",
    "对外公开",
    "是否公开",
    "是否发布",
    "是否可见",
    "分享",
    "共享",
    "允许分享",
    "上线",
];

/// Keys that say who may read the note: anyone but everyone holds it back
/// (`visibility: 本支部`, `permission: private`, `密级: 秘密`), normalised.
const AUDIENCE_KEYS: &[&str] = &[
    "visibility",
    "access",
    "accesslevel",
    "permission",
    "permissions",
    "audience",
    "classification",
    "security",
    "securitylevel",
    "secrecy",
    "可见",
    "可见性",
    "可见范围",
    "权限",
    "阅读权限",
    "查看权限",
    "访问权限",
    "阅读范围",
    "公开范围",
    "开放范围",
    "知悉范围",
    "受众",
    "密级",
    "保密等级",
    "保密级别",
    "密级程度",
    "涉密等级",
];

/// The words of a `status:` that publish a note.
const PUBLISHED: &[&str] = &[
    "",
    "published",
    "publish",
    "public",
    "active",
    "done",
    "finished",
    "已发布",
    "发布",
    "公开",
    "完成",
    "已完成",
];

/// The words that say everyone may read a note.
const EVERYONE: &[&str] = &[
    "",
    "public",
    "everyone",
    "all",
    "open",
    "true",
    "yes",
    "none",
    "unclassified",
    "是",
    "公开",
    "所有人",
    "全部",
    "全体",
    "全体党员",
    "非密",
    "不涉密",
    "无",
];

/// The words that say yes to a key of [`PUBLISH_KEYS`].
const YES: &[&str] = &[
    "true", "yes", "是", "公开", "public", "发布", "可以", "允许",
];

/// Words that, as a value or a tag, keep the note to its writer, normalised.
const PRIVATE_WORDS: &[&str] = &[
    "draft",
    "drafts",
    "private",
    "secret",
    "confidential",
    "internal",
    "hidden",
    "unlisted",
    "unpublished",
    "onlyme",
    "草稿",
    "草稿箱",
    "私密",
    "秘密",
    "机密",
    "绝密",
    "内部",
    "涉密",
    "保密",
    "不公开",
    "未发布",
    "不发布",
    "仅自己可见",
    "仅本人可见",
    "仅我可见",
    "仅自己",
    "自己可见",
];

/// Whether `value` is, or lists, a word that keeps the note to its writer
/// (`type: draft`, `categories: [草稿]`).
fn says_private(value: &Value) -> bool {
    match value {
        Value::Sequence(items) => items.iter().take(64).any(says_private),
        Value::Tagged(tagged) => says_private(&tagged.value),
        _ => scalar_text(value)
            .ok()
            .flatten()
            .is_some_and(|text| PRIVATE_WORDS.contains(&normal(&text).as_str())),
    }
}

/// Whether `key` (normalised) dates the note's publication: Some(true) for its first
/// day (`publishDate`), Some(false) for its last (`expiryDate`).
fn schedule_key(key: &str) -> Option<bool> {
    const FROM: &[&str] = &[
        "publishdate",
        "pubdate",
        "publishat",
        "publishon",
        "publishtime",
        "releasedate",
        "发布日期",
        "发布时间",
        "定时发布",
        "上线时间",
        "上线日期",
    ];
    const UNTIL: &[&str] = &[
        "expirydate",
        "expiry",
        "expires",
        "expire",
        "expiredate",
        "expiresat",
        "expirationdate",
        "expiration",
        "unpublishdate",
        "unpublishat",
        "unpublishon",
        "过期时间",
        "过期日期",
        "失效日期",
        "失效时间",
        "下线时间",
        "下线日期",
        "到期时间",
        "到期日期",
    ];
    if FROM.contains(&key) {
        Some(true)
    } else if UNTIL.contains(&key) {
        Some(false)
    } else {
        None
    }
}

/// Whether `value` is text that is one of `words` (trimmed, in any case); a list or a
/// map (`[draft]`) is none of them.
fn is_one_of(value: &Value, words: &[&str]) -> bool {
    scalar_text(value)
        .is_ok_and(|text| words.contains(&text.unwrap_or_default().trim().to_lowercase().as_str()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn value(yaml: &str) -> Value {
        yaml_serde::from_str(yaml).unwrap()
    }

    #[test]
    fn marks_written_as_people_write_them_hold_the_note() {
        for (key, v) in [
            ("public", "false"),
            ("visible", "false"),
            ("listed", "false"),
            ("share", "false"),
            ("Is_Public", "no"),
            ("密级", "秘密"),
            ("classification", "内部"),
            ("permission", "private"),
            ("only_me", "true"),
            ("audience", "本支部"),
            ("type", "draft"),
            ("categories", "[学习, 草稿]"),
            ("public", ""),
        ] {
            assert!(holds(key, &value(v)), "{key}: {v}");
        }
    }

    #[test]
    fn marks_that_publish_and_other_keys_hold_nothing() {
        for (key, v) in [
            ("public", "true"),
            ("visible", "是"),
            ("密级", "非密"),
            ("audience", "全体党员"),
            ("visibility", "public"),
            ("categories", "[学习, 理论]"),
            ("summary", "内部控制的学习体会"),
            ("weight", "3"),
            ("showToc", "false"),
        ] {
            assert!(!holds(key, &value(v)), "{key}: {v}");
        }
    }

    #[test]
    fn dates_of_publication_schedule_the_note() {
        let day = |s| crate::date::parse_date(s).unwrap();
        assert_eq!(
            schedule_of("publishDate", &value("2027-01-01")),
            Some(Dated::Scheduled(Schedule::From(day("2027-01-01"))))
        );
        assert_eq!(
            schedule_of("expiry_date", &value("2020-01-01 08:00")),
            Some(Dated::Scheduled(Schedule::Until(day("2020-01-01"))))
        );
        // A schedule that cannot be read is not taken to publish now.
        assert_eq!(
            schedule_of("publishDate", &value("明年")),
            Some(Dated::Unreadable)
        );
        assert_eq!(schedule_of("date", &value("2027-01-01")), None);
        let today = day("2026-12-05");
        assert!(Schedule::From(day("2026-12-06")).holds_on(today));
        assert!(!Schedule::From(today).holds_on(today));
        assert!(!Schedule::Until(today).holds_on(today));
        assert!(Schedule::Until(day("2026-12-04")).holds_on(today));
    }

    #[test]
    fn tags_that_are_marks_hold_the_note() {
        assert!(tag_holds("草稿"));
        assert!(tag_holds("Private"));
        assert!(!tag_holds("内部控制"));
    }
}
