//! The marks that keep a note to its writer, beyond the known keys (`draft`,
//! `published`, `private`, `hidden`, `password`): what blogs, CMS exports and office
//! habits write instead. Each one holds the note back as a draft, told at its key;
//! studybook would rather hold a note back by mistake than publish one meant for
//! nobody else.

use chrono::NaiveDate;
use yaml_serde::Value;

use super::field::scalar_text;

/// A date that decides whether the note is published yet, as written at a key.
/// studybook goes by the day: a time written with it (`2026-12-07T20:00+08:00`) holds
/// the note back on that day too, since a build that day may come before the time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Schedule {
    /// Not before this day: `publishDate: 2027-01-01` (Hugo, Hexo, Astro).
    From { day: NaiveDate, timed: bool },
    /// Not from this day on: `expiryDate: 2020-01-01`.
    Until { day: NaiveDate, timed: bool },
}

impl Schedule {
    /// Whether the note is held back on `today`: before its first day (and on it, when
    /// a time is written), or from its expiry day on.
    pub fn holds_on(self, today: NaiveDate) -> bool {
        match self {
            Schedule::From { day, timed } => day > today || (timed && day == today),
            // A day without a time is its first moment, as Hugo reads it: expired on it.
            Schedule::Until { day, .. } => day <= today,
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
    holds_at(key, value, 0)
}

/// [`holds`] for a key `depth` maps down: a map's keys are read as the note's own
/// (`params: {private: true}`, `extra: {draft: true}`, Hugo's `_build: {render:
/// never}`), a few levels down.
fn holds_at(key: &str, value: &Value, depth: usize) -> bool {
    if schedule_of(key, value).is_some() {
        return false;
    }
    let key = normal(key);
    reads_as_private(&key)
        || (PUBLISH_KEYS.contains(&key.as_str()) && !is_one_of(value, YES))
        || (AUDIENCE_KEYS.contains(&key.as_str()) && !is_one_of(value, everyone_for(&key)))
        || (SECRET_KEYS.contains(&key.as_str()) && super::field::has_content(value))
        // A PIN is digits; `pin: true` is a theme's pinned post.
        || (key == "pin" && scalar_text(value).is_ok_and(|t| t.is_some_and(|t| is_pin(&t))))
        || (HIDE_KEYS.contains(&key.as_str()) && is_one_of(value, YES))
        || (STATUS_KEYS.contains(&key.as_str()) && status_holds(value))
        || says_private(value)
        || (depth < 3 && map_holds(value, depth + 1))
}

/// Whether a map (a value of the front matter) holds a mark that keeps the note back:
/// one of the known keys as the note's own fields read it, or any other mark.
fn map_holds(value: &Value, depth: usize) -> bool {
    let Value::Mapping(map) = value else {
        return false;
    };
    map.iter().take(64).any(|(key, value)| {
        let Some(key) = key.as_str() else {
            return false;
        };
        match normal(key).as_str() {
            // Hugo's build options: a page never rendered or never listed.
            "render" | "list" => is_one_of(value, &["never", "false", "no"]),
            _ => known_mark_holds(key, value).unwrap_or_else(|| holds_at(key, value, depth)),
        }
    })
}

/// What one of the known marks (`draft`, `private`, `hidden`, `published`, `password`)
/// says, read leniently where no field is taken out in its form (a map's key, a line of
/// a block that could not be read): Some(whether it holds the note back), None for any
/// other key.
pub fn known_mark_holds(key: &str, value: &Value) -> Option<bool> {
    Some(match normal(key).as_str() {
        // Held unless it clearly says no (or, for `published`, yes), as the fields say.
        "draft" | "private" | "hidden" => super::field::flag(value) != Some(false),
        "published" => publish_says(value) != Some(true),
        "password" => super::field::has_content(value),
        _ => return None,
    })
}

/// What a `published:` says: yes (`true`, `1`, `公开`, `发布`, `可以` …), no (`false`,
/// `0`, `否`), or neither, which holds the note.
pub fn publish_says(value: &Value) -> Option<bool> {
    if is_one_of(value, YES) {
        return Some(true);
    }
    super::field::flag(value)
}

/// The dates of publication written in maps a few levels down (`params: {expiryDate:
/// 2020-01-01}`, Hugo's front matter params, Zola's `extra`), each with its key path
/// (`params.expiryDate`), as [`schedule_of`] reads them; the same levels
/// [`holds`] reads a map's marks at.
pub fn nested_schedules(key: &str, value: &Value) -> Vec<(String, Dated)> {
    let mut found = Vec::new();
    gather_schedules(key, value, 1, &mut found);
    found
}

fn gather_schedules(path: &str, value: &Value, depth: usize, found: &mut Vec<(String, Dated)>) {
    let Value::Mapping(map) = value else {
        return;
    };
    for (key, value) in map.iter().take(64) {
        let Some(key) = key.as_str() else {
            continue;
        };
        let path = format!("{path}.{key}");
        match schedule_of(key, value) {
            Some(dated) => found.push((path, dated)),
            None if depth < 4 => gather_schedules(&path, value, depth + 1, found),
            None => {}
        }
    }
}

/// What `key` with `value` says when it dates the note's publication (`publishDate`,
/// Astro's `pubDate`, `expiryDate`, whether or not it is the note's date as well). None
/// for any other key.
pub fn schedule_of(key: &str, value: &Value) -> Option<Dated> {
    let key = normal(key);
    // `expired:` is a date or a flag: as a flag (`expired: true`) it is a key that takes
    // the note back ([`HIDE_KEYS`]), not a date that cannot be read.
    if key == "expired" && crate::date::parse_date(&scalar_text(value).ok()??).is_err() {
        return None;
    }
    let text = scalar_text(value).ok().flatten().unwrap_or_default();
    let parsed = crate::date::parse_date(&text);
    // A key of the lists, or one that says as much in other words (`公示日期`,
    // `notBefore`, `validThrough`) when a day is written at it.
    let from = match schedule_key(&key) {
        Some(from) => from,
        None if parsed.is_ok() => schedule_stem(&key)?,
        None => return None,
    };
    let Ok(day) = parsed else {
        return Some(Dated::Unreadable);
    };
    // A time of day after the date: `2026-12-07 08:00`, `2026-12-07T00:00:00+08:00`.
    let timed = text.trim().contains(':');
    Some(Dated::Scheduled(if from {
        Schedule::From { day, timed }
    } else {
        Schedule::Until { day, timed }
    }))
}

/// Whether a status (`status:`, `状态:`) holds the note back: any word but one for
/// published (`draft`, `审核中`, `待发布`), a list or a map.
fn status_holds(value: &Value) -> bool {
    !is_one_of(value, PUBLISHED)
}

/// Whether a tag is a mark rather than a subject: `tags: [草稿]`, `[private]`, `#草稿`,
/// or a nested tag under one (`草稿/待改`, as Obsidian writes them).
pub fn tag_holds(tag: &str) -> bool {
    // `学习，草稿` and `#学习 #草稿`: several tags written as one.
    // A level as file names mark one (`【机密】`, `秘密★1年`, `仅限内部`).
    super::super::by_name::is_classified(tag)
        || tag
            .split(['/', ',', '，', '、', ';', '；', ' ', '　', '#', '＃'])
            .any(|part| PRIVATE_WORDS.contains(&normal(part).as_str()))
}

/// The words that say everyone may read a note at `key` (normalised): for a secrecy
/// level (密级, classification), `none` and 无 are unclassified; for who may see it
/// (visibility, access), they are nobody.
fn everyone_for(key: &str) -> &'static [&'static str] {
    const LEVELS: &[&str] = &[
        "classification",
        "security",
        "securitylevel",
        "secrecy",
        "密级",
        "保密等级",
        "保密级别",
        "密级程度",
        "涉密等级",
    ];
    if LEVELS.contains(&key) {
        EVERYONE
    } else {
        &EVERYONE[..EVERYONE.len() - 2]
    }
}

/// Short keys that hold a password or a code when anything is written at them (`pass:`,
/// `pin:`), normalised: read whole, since `pass` is inside `passage`.
const SECRET_KEYS: &[&str] = &["pass", "passwd", "passcode", "accesscode"];

/// Whether `text` reads as a PIN: four to eight digits.
fn is_pin(text: &str) -> bool {
    let text = text.trim();
    (4..=8).contains(&text.len()) && text.bytes().all(|b| b.is_ascii_digit())
}

/// The key or word lower-cased, without the spaces, `_` and `-` that join its parts
/// (`only_me`, `Only-Me` and `onlyme` are one), and without a leading `is`.
fn normal(word: &str) -> String {
    let joined: String = crate::names::as_read(word.trim())
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
        "绝密",
        "机密",
        "秘密",
        "涉密",
        "不发布",
        "私有",
        "私隐",
        "隐私",
        "私人",
        "个人可见",
        "passcode",
        "passwd",
        "pwd",
        "口令",
        "提取码",
        "访问码",
        "密钥",
        "秘钥",
    ];
    const SLIPS_OF: &[&str] = &["draft", "private", "hidden", "published", "password"];
    // Words a slip would be taken for that are fields of their own: a book's publisher.
    const WORDS: &[&str] = &["publisher", "publishers", "drafter", "drafters"];
    SAYS.iter().any(|word| key.contains(word))
        || (key.chars().count() <= 12
            && !WORDS.contains(&key.as_str())
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
    "发布",
    "公开",
    "是否公开",
    "是否发布",
    "是否可见",
    "分享",
    "共享",
    "允许分享",
    "上线",
    "show",
    "approved",
    "审核通过",
    "已审核",
    "通过审核",
];

/// Keys that hold the note back when true: it was taken back or thrown away
/// (`deleted: true`, `撤回: 是`), normalised.
const HIDE_KEYS: &[&str] = &[
    "deleted",
    "removed",
    "withdrawn",
    "archived",
    "trashed",
    "trash",
    "retracted",
    "revoked",
    "protected",
    "encrypted",
    "encrypt",
    "locked",
    "lock",
    "personal",
    "个人",
    "敏感",
    "offline",
    // Hugo: a headless bundle is never rendered as a page.
    "headless",
    "下线",
    "已下线",
    "expired",
    "已过期",
    "加密",
    "锁定",
    "撤回",
    "已撤回",
    "删除",
    "已删除",
    "作废",
    "已作废",
    "归档",
    "已归档",
    "撤销",
    "回收站",
];

/// Keys that say the note's status: any word but one for published holds it back.
const STATUS_KEYS: &[&str] = &[
    "status",
    "poststatus",
    "publishstatus",
    "状态",
    "发布状态",
    "审核状态",
    "审批状态",
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
    "approved",
    "通过",
    "已通过",
    "审核通过",
    "已审核",
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
    "unclassified",
    "是",
    "公开",
    "所有人",
    "全部",
    "全体",
    "全体党员",
    "非密",
    "不涉密",
    // Last, and only for a secrecy level (see [`everyone_for`]): unclassified.
    "none",
    "无",
];

/// The words that say yes to a key of [`PUBLISH_KEYS`].
const YES: &[&str] = &[
    "true",
    "yes",
    "y",
    "是",
    "公开",
    "public",
    "发布",
    "可以",
    "允许",
    "通过",
    "已通过",
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
    "非公开",
    "勿公开",
    "不宜公开",
    "请勿公开",
    "勿外传",
    "请勿外传",
    "不得外传",
    "禁止外传",
    "不外传",
    "内部资料",
    "内部材料",
    "内部文件",
    "私密笔记",
    "私有",
    "私隐",
    "隐私",
    "私人",
    "个人笔记",
    "勿发布",
    "请勿发布",
    "donotpublish",
    "dontpublish",
    "notforpublication",
    "不要发布",
    "暂不发布",
    "暂不公开",
    // Unfinished: a note still being written is no note handed in yet.
    "wip",
    "未完成",
    "待修改",
    "待完善",
    "修改中",
    "编辑中",
    "写作中",
    "未定稿",
    "待定稿",
    "待审核",
    "审核中",
];

/// Whether `value` is, or lists, a word that keeps the note to its writer
/// (`type: draft`, `categories: [草稿]`).
pub fn says_private(value: &Value) -> bool {
    match value {
        Value::Sequence(items) => items.iter().take(64).any(says_private),
        Value::Tagged(tagged) => says_private(&tagged.value),
        _ => scalar_text(value).ok().flatten().is_some_and(|text| {
            // A whole value, or a phrase of one (`草稿，请勿发布`, `do not publish`).
            PRIVATE_WORDS.contains(&normal(&text).as_str())
                || text
                    .split(['，', ',', '、', '；', ';', '。', '！', '!', '：', ':'])
                    .any(|part| PRIVATE_WORDS.contains(&normal(part).as_str()))
        }),
    }
}

/// Keys (normalised) of the day a note is published from.
const FROM_KEYS: &[&str] = &[
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
    "公开日期",
    "公开时间",
    "发布于",
    "embargo",
    "embargountil",
    "availablefrom",
    "availablesince",
    "visiblefrom",
    "golive",
    "liveon",
    "launch",
    "launchdate",
    "生效日期",
    "生效时间",
];

/// Keys (normalised) of the day a note is published until.
const UNTIL_KEYS: &[&str] = &[
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
    "有效期",
    "有效期至",
    "撤下日期",
    "撤下时间",
    "停止公开",
    "公开截止",
    "截止公开",
    "下架时间",
    "下架日期",
    "validuntil",
    "validto",
    "availableuntil",
    "visibleuntil",
    "enddate",
    "dateexpired",
    "expired",
    "expireat",
    "expireon",
    "takedown",
    "takedowndate",
    "sunset",
    "lastday",
    "截止日期",
    "截止时间",
];

/// Whether `key` (normalised) dates the note's publication: Some(true) for its first
/// day (`publishDate`), Some(false) for its last (`expiryDate`).
fn schedule_key(key: &str) -> Option<bool> {
    if FROM_KEYS.contains(&key) {
        Some(true)
    } else if UNTIL_KEYS.contains(&key) {
        Some(false)
    } else {
        None
    }
}

/// Whether a key (normalised) not in the lists names a day of publication in other
/// words: Some(true) from it (`公示日期`, `解密日期`, `scheduled`, `notBefore`),
/// Some(false) until it (`到期日`, `validThrough`, `notAfter`). Read only where a day is
/// written, so `publisher: 人民出版社` is no date.
fn schedule_stem(key: &str) -> Option<bool> {
    const UNTIL: &[&str] = &[
        // Not `until` or `valid` alone: `until: 2022-03-31` is a member's own deadline.
        "expir",
        "unpublish",
        "validthrough",
        "notafter",
        "takedown",
        "sunset",
        "过期",
        "失效",
        "到期",
        "有效",
        "撤下",
        "截止",
        "下线",
        "下架",
        "停止",
    ];
    const FROM: &[&str] = &[
        "publish",
        "release",
        "embargo",
        "available",
        "visible",
        "golive",
        "launch",
        "notbefore",
        "schedul",
        "发布",
        "公开",
        "公示",
        "上线",
        "生效",
        "解密",
        "定时",
        "解禁",
    ];
    if UNTIL.iter().any(|stem| key.contains(stem)) {
        Some(false)
    } else if FROM.iter().any(|stem| key.contains(stem)) {
        Some(true)
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
            ("私有", "true"),
            ("发布状态", "待发布"),
            ("审核状态", "待审核"),
            ("审核通过", "否"),
            ("approved", "false"),
            ("撤回", "是"),
            ("deleted", "true"),
            ("archived", "true"),
            ("_build", "{render: never, list: never}"),
            ("build", "{render: never}"),
            ("extra", "{draft: true}"),
            ("params", "{private: true}"),
            ("cascade", "{draft: true}"),
            ("备注", "勿公开"),
            ("comment", "请勿外传"),
            ("type", "非公开"),
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
            ("status", "已发布"),
            ("deleted", "false"),
            ("extra", "{draft: false, comments: true}"),
            ("_build", "{render: always}"),
            ("审核状态", "已审核"),
        ] {
            assert!(!holds(key, &value(v)), "{key}: {v}");
        }
    }

    #[test]
    fn dates_in_maps_schedule_the_note_too() {
        let day = |s| crate::date::parse_date(s).unwrap();
        assert_eq!(
            nested_schedules("params", &value("{expiryDate: 2020-01-01, weight: 3}")),
            vec![(
                "params.expiryDate".to_string(),
                Dated::Scheduled(Schedule::Until {
                    day: day("2020-01-01"),
                    timed: false
                })
            )]
        );
        assert_eq!(
            nested_schedules("extra", &value("{a: {publish_date: 明年}}")),
            vec![("extra.a.publish_date".to_string(), Dated::Unreadable)]
        );
        assert!(nested_schedules("params", &value("{toc: true}")).is_empty());
        assert!(nested_schedules("expiryDate", &value("2020-01-01")).is_empty());
    }

    #[test]
    fn dates_of_publication_schedule_the_note() {
        let day = |s| crate::date::parse_date(s).unwrap();
        assert_eq!(
            schedule_of("publishDate", &value("2027-01-01")),
            Some(Dated::Scheduled(Schedule::From {
                day: day("2027-01-01"),
                timed: false
            }))
        );
        assert_eq!(
            schedule_of("expiry_date", &value("2020-01-01 08:00")),
            Some(Dated::Scheduled(Schedule::Until {
                day: day("2020-01-01"),
                timed: true
            }))
        );
        // A schedule that cannot be read is not taken to publish now.
        assert_eq!(
            schedule_of("publishDate", &value("明年")),
            Some(Dated::Unreadable)
        );
        assert_eq!(schedule_of("date", &value("2027-01-01")), None);
        for key in ["公开日期", "发布于", "embargo", "available_from"] {
            assert!(
                matches!(
                    schedule_of(key, &value("2099-01-01")),
                    Some(Dated::Scheduled(Schedule::From { .. }))
                ),
                "{key}"
            );
        }
        for key in [
            "有效期至",
            "撤下日期",
            "停止公开",
            "公开截止",
            "valid_until",
        ] {
            assert!(
                matches!(
                    schedule_of(key, &value("2000-01-01")),
                    Some(Dated::Scheduled(Schedule::Until { .. }))
                ),
                "{key}"
            );
        }
        let today = day("2026-12-05");
        let from = |day, timed| Schedule::From { day, timed };
        let until = |day, timed| Schedule::Until { day, timed };
        assert!(from(day("2026-12-06"), false).holds_on(today));
        assert!(!from(today, false).holds_on(today));
        assert!(until(today, false).holds_on(today));
        assert!(until(day("2026-12-04"), false).holds_on(today));
        // With a time, the day itself is held: a build that day may come before it.
        assert!(from(today, true).holds_on(today));
        assert!(until(today, true).holds_on(today));
        assert!(!until(day("2026-12-06"), true).holds_on(today));
        assert!(!from(day("2026-12-04"), true).holds_on(today));
    }

    #[test]
    fn expired_is_a_date_or_a_flag() {
        assert_eq!(schedule_of("expired", &value("true")), None);
        assert!(holds("expired", &value("true")));
        assert!(!holds("expired", &value("false")));
        assert!(matches!(
            schedule_of("expired", &value("2020-01-01")),
            Some(Dated::Scheduled(Schedule::Until { .. }))
        ));
    }

    #[test]
    fn tags_that_are_marks_hold_the_note() {
        for tag in [
            "草稿",
            "Private",
            "非公开",
            "内部资料",
            "私密笔记",
            "ＤＲＡＦＴ",
            "#草稿",
            "草稿/待改",
        ] {
            assert!(tag_holds(tag), "{tag}");
        }
        for tag in ["内部控制", "学习/心得", "#理论学习"] {
            assert!(!tag_holds(tag), "{tag}");
        }
    }
}
