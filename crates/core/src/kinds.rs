//! `[meetings.kinds]`: the kinds of meeting a branch holds, how often, and what a record
//! of one must contain; and the periods (month, quarter, half-year, year) they are
//! counted in.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// How often a kind of meeting is due.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Every {
    Month,
    Quarter,
    HalfYear,
    Year,
    /// Held as needed: counted, never missing.
    None,
}

impl Every {
    /// Months in one period; None for a kind without a cadence.
    pub fn months(self) -> Option<u32> {
        match self {
            Every::Month => Some(1),
            Every::Quarter => Some(3),
            Every::HalfYear => Some(6),
            Every::Year => Some(12),
            Every::None => None,
        }
    }

    /// The period holding `date`.
    pub fn slot(self, date: NaiveDate) -> Option<Slot> {
        let months = self.months()?;
        Some(Slot {
            every: self,
            year: date.year(),
            index: (date.month() - 1) / months,
        })
    }

    /// The key of its name among the interface labels (`i18n::ui_labels`).
    pub fn label_key(self) -> &'static str {
        match self {
            Every::Month => "every_month",
            Every::Quarter => "every_quarter",
            Every::HalfYear => "every_half_year",
            Every::Year => "every_year",
            Every::None => "every_none",
        }
    }

    /// The word for it in book.toml: what the JSON shows.
    pub fn key(self) -> &'static str {
        match self {
            Every::Month => "month",
            Every::Quarter => "quarter",
            Every::HalfYear => "half-year",
            Every::Year => "year",
            Every::None => "none",
        }
    }
}

/// One period of a cadence: a month, a quarter, a half-year or a year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Slot {
    pub every: Every,
    pub year: i32,
    /// 0-based within the year: the month, quarter or half.
    pub index: u32,
}

impl Slot {
    fn months(self) -> u32 {
        self.every.months().unwrap_or(12)
    }

    /// The first month of the period, 1-based.
    pub fn first_month(self) -> u32 {
        self.index * self.months() + 1
    }

    pub fn start(self) -> NaiveDate {
        NaiveDate::from_ymd_opt(self.year, self.first_month(), 1).unwrap_or(NaiveDate::MIN)
    }

    /// The last day of the period.
    pub fn end(self) -> NaiveDate {
        self.next().start().pred_opt().unwrap_or(NaiveDate::MAX)
    }

    pub fn next(self) -> Slot {
        let per_year = 12 / self.months();
        if self.index + 1 < per_year {
            Slot {
                index: self.index + 1,
                ..self
            }
        } else {
            Slot {
                year: self.year + 1,
                index: 0,
                ..self
            }
        }
    }

    /// `2022-03`, `2022-Q1`, `2022-H1`, `2022`: how the JSON and the tables name it.
    pub fn label(self) -> String {
        match self.every {
            Every::Month => format!("{}-{:02}", self.year, self.index + 1),
            Every::Quarter => format!("{}-Q{}", self.year, self.index + 1),
            Every::HalfYear => format!("{}-H{}", self.year, self.index + 1),
            Every::Year | Every::None => self.year.to_string(),
        }
    }

    /// The periods that overlap `since..=until`, in order.
    pub fn between(every: Every, since: NaiveDate, until: NaiveDate) -> Vec<Slot> {
        let (Some(first), Some(last)) = (every.slot(since), every.slot(until)) else {
            return Vec::new();
        };
        let mut out = Vec::new();
        let mut slot = first;
        while slot <= last {
            out.push(slot);
            slot = slot.next();
        }
        out
    }
}

/// One kind of meeting as the check and the counts use it.
#[derive(Debug, Clone, PartialEq)]
pub struct MeetingKind {
    pub name: String,
    pub every: Every,
    /// Headings a record must have, with text under them.
    pub sections: Vec<String>,
    /// More than half of those expected must be present.
    pub quorum: bool,
    /// Fewer distinct speakers under 讨论发言 than this is a warning; 0 for none.
    pub min_speakers: usize,
}

/// Who is expected at a kind of meeting.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expected {
    /// Every member of the branch.
    Branch,
    /// The branch committee: members with a `role`.
    Committee,
    /// The members of the record's `group`.
    Group,
}

/// The committee meeting and the group meeting by name: who they expect follows from it.
pub const COMMITTEE: &str = "支部委员会";
pub const GROUP: &str = "党小组会";
/// The party lecture: its record names a lecturer.
pub const LECTURE: &str = "党课";

impl MeetingKind {
    pub fn expected(&self) -> Expected {
        match self.name.as_str() {
            COMMITTEE => Expected::Committee,
            GROUP => Expected::Group,
            _ => Expected::Branch,
        }
    }

    pub fn needs_lecturer(&self) -> bool {
        self.name == LECTURE
    }
}

/// The kinds of docs/DESIGN.md, used where book.toml says nothing.
pub fn defaults() -> Vec<MeetingKind> {
    let kind = |name: &str, every, sections: &[&str], quorum, min_speakers| MeetingKind {
        name: name.to_string(),
        every,
        sections: sections.iter().map(|s| s.to_string()).collect(),
        quorum,
        min_speakers,
    };
    vec![
        kind(
            "支部党员大会",
            Every::Quarter,
            &["议题", "讨论发言", "决议"],
            true,
            0,
        ),
        kind(
            COMMITTEE,
            Every::Month,
            &["议题", "讨论发言", "决议"],
            true,
            0,
        ),
        kind(GROUP, Every::Month, &["学习内容", "讨论发言"], false, 0),
        kind(LECTURE, Every::Quarter, &["授课内容"], false, 0),
        kind(
            "主题党日",
            Every::Month,
            &["活动内容", "讨论发言"],
            false,
            3,
        ),
        kind(
            "组织生活会",
            Every::Year,
            &["查摆问题", "批评和自我批评", "整改措施"],
            false,
            0,
        ),
    ]
}

/// `[meetings]` as written in book.toml.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
struct Written {
    kinds: BTreeMap<String, WrittenKind>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "kebab-case", deny_unknown_fields)]
struct WrittenKind {
    every: Option<Every>,
    #[serde(deserialize_with = "some_section_names")]
    sections: Option<Vec<String>>,
    quorum: Option<bool>,
    min_speakers: Option<usize>,
}

/// `[meetings]`, resolved: the default kinds with book.toml's settings over them, then
/// the kinds book.toml adds (held as needed unless it says `every`).
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(from = "Written")]
pub struct MeetingsConfig {
    pub kinds: Vec<MeetingKind>,
}

impl Default for MeetingsConfig {
    fn default() -> Self {
        MeetingsConfig { kinds: defaults() }
    }
}

impl From<Written> for MeetingsConfig {
    fn from(written: Written) -> Self {
        let mut kinds = defaults();
        for (name, given) in written.kinds {
            let at = match kinds.iter().position(|k| k.name == name) {
                Some(at) => at,
                None => {
                    kinds.push(MeetingKind {
                        name,
                        every: Every::None,
                        sections: Vec::new(),
                        quorum: false,
                        min_speakers: 0,
                    });
                    kinds.len() - 1
                }
            };
            let kind = &mut kinds[at];
            kind.every = given.every.unwrap_or(kind.every);
            kind.sections = given.sections.unwrap_or(std::mem::take(&mut kind.sections));
            kind.quorum = given.quorum.unwrap_or(kind.quorum);
            kind.min_speakers = given.min_speakers.unwrap_or(kind.min_speakers);
        }
        MeetingsConfig { kinds }
    }
}

impl MeetingsConfig {
    pub fn kind(&self, name: &str) -> Option<&MeetingKind> {
        self.kinds.iter().find(|k| k.name == name.trim())
    }
}

/// Section names, none empty: an empty one is found in every note, so the check of
/// sections would pass them all.
pub fn section_names<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    let names = Vec::<String>::deserialize(d)?;
    if names.iter().any(|n| n.trim().is_empty()) {
        return Err(serde::de::Error::custom(crate::i18n::detail::EMPTY_SECTION));
    }
    Ok(names)
}

/// A meeting kind's `sections`, checked as `required-sections` are.
pub fn some_section_names<'de, D: serde::Deserializer<'de>>(
    d: D,
) -> Result<Option<Vec<String>>, D::Error> {
    section_names(d).map(Some)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn periods_have_labels_and_bounds() {
        let q = Every::Quarter.slot(day(2022, 3, 31)).unwrap();
        assert_eq!(q.label(), "2022-Q1");
        assert_eq!((q.start(), q.end()), (day(2022, 1, 1), day(2022, 3, 31)));
        let q4 = Every::Quarter.slot(day(2022, 10, 1)).unwrap();
        assert_eq!(
            (q4.label(), q4.end()),
            ("2022-Q4".into(), day(2022, 12, 31))
        );
        assert_eq!(q4.next().label(), "2023-Q1");
        let h = Every::HalfYear.slot(day(2022, 7, 1)).unwrap();
        assert_eq!((h.label(), h.start()), ("2022-H2".into(), day(2022, 7, 1)));
        let m = Every::Month.slot(day(2024, 2, 10)).unwrap();
        assert_eq!((m.label(), m.end()), ("2024-02".into(), day(2024, 2, 29)));
        assert_eq!(Every::Year.slot(day(2022, 5, 5)).unwrap().label(), "2022");
        assert_eq!(Every::None.slot(day(2022, 5, 5)), None);
    }

    #[test]
    fn periods_between_dates_overlap_the_range() {
        let labels = |every, a, b| -> Vec<String> {
            Slot::between(every, a, b)
                .into_iter()
                .map(Slot::label)
                .collect()
        };
        assert_eq!(
            labels(Every::Quarter, day(2022, 3, 15), day(2022, 7, 1)),
            ["2022-Q1", "2022-Q2", "2022-Q3"]
        );
        assert_eq!(
            labels(Every::Month, day(2022, 11, 30), day(2023, 1, 1)),
            ["2022-11", "2022-12", "2023-01"]
        );
        assert!(labels(Every::None, day(2022, 1, 1), day(2022, 12, 31)).is_empty());
    }
}
