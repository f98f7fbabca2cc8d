//! What each point of a score is traced to (a record, a note, a file of the assessment,
//! a missing period): what `score` writes and `says` tells.

use serde::Serialize;

/// Why a trace entry is there.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Why {
    /// A period with no accepted record.
    Missing,
    /// A period held, by the record at `path`.
    Held,
    /// The kind was due in no period of the year (or does not apply to the branch).
    NothingDue,
    /// A record or note that earned points.
    Counted,
    /// The share the score was taken from: `of` = (counted, of all).
    Ratio,
    NothingToMeasure,
    NoSecretary,
    /// The 党课 the 书记 lectured: `of` = (lectured, at least).
    Lectures,
    /// A manual item the assessors have not scored.
    Unscored,
    /// A note of the branch rejected as a copy.
    Duplicate,
    NoReview,
    /// A score the assessors gave, in the assessment file at `path`.
    Scored,
    /// The branch's secretary was reviewed, in the record at `path`.
    Reviewed,
}

#[derive(Debug, Clone, Serialize)]
pub struct Trace {
    pub why: Why,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub period: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    /// The rule that rejected the record at `path`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rule: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub of: Option<(usize, usize)>,
    /// The file line of a manual score.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
}

impl Trace {
    pub(super) fn new(why: Why) -> Trace {
        Trace {
            why,
            period: None,
            path: None,
            rule: None,
            of: None,
            line: None,
        }
    }

    pub(super) fn path(why: Why, path: &str) -> Trace {
        Trace {
            path: Some(path.to_string()),
            ..Trace::new(why)
        }
    }

    pub(super) fn ratio(counted: usize, of: usize) -> Trace {
        Trace {
            of: Some((counted, of)),
            ..Trace::new(Why::Ratio)
        }
    }
}
