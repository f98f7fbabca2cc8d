//! An accepted meeting record, resolved against the roster, the plan and the kinds: what
//! the check of a record (record.rs) makes of it, and what the counts, the model and
//! the pages read.

use crate::ids::{BranchId, ItemId, KindId, MemberId, NoteId};
use crate::load::roster::Roster;
use chrono::NaiveDate;

/// Someone a record names who may or may not be on the roster: a lecturer, a speaker.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Person {
    Member(MemberId),
    /// Not on the roster (a guest lecturer): as written.
    Named(String),
}

impl Person {
    pub fn name<'a>(&'a self, roster: &'a Roster) -> &'a str {
        match self {
            Person::Member(m) => &roster.member(*m).name,
            Person::Named(name) => name,
        }
    }
}

/// An accepted meeting record, resolved: indexes into the roster, the plan and the kinds.
#[derive(Debug, Clone, PartialEq)]
pub struct Meeting {
    pub note: NoteId,
    pub title: String,
    pub kind: KindId,
    pub branch: BranchId,
    pub date: NaiveDate,
    pub place: String,
    pub host: MemberId,
    pub recorder: MemberId,
    pub group: Option<String>,
    pub lecturer: Option<Person>,
    /// Who was expected (应到), in roster order.
    pub expected: Vec<MemberId>,
    /// Expected members who did not attend, with their reasons, as listed.
    pub absent: Vec<(MemberId, String)>,
    pub guests: Vec<String>,
    /// Distinct speakers under 讨论发言, in the order they spoke.
    pub speakers: Vec<Person>,
    pub study: Vec<ItemId>,
    pub draft: bool,
}

impl Meeting {
    /// Who attended (实到): the expected less the absent, in roster order.
    pub fn present(&self) -> impl Iterator<Item = MemberId> + '_ {
        self.expected
            .iter()
            .copied()
            .filter(|m| !self.absent.iter().any(|(a, _)| a == m))
    }

    pub fn was_absent(&self, member: MemberId) -> Option<&str> {
        self.absent
            .iter()
            .find(|(a, _)| *a == member)
            .map(|(_, reason)| reason.as_str())
    }
}

/// Who a meeting of `kind` in `branch` expects (应到), in roster order: the branch, its
/// committee (members with a `role`), or the members of `group`.
pub fn expected(
    roster: &Roster,
    branch: &str,
    kind: &crate::kinds::MeetingKind,
    group: Option<&str>,
) -> Vec<MemberId> {
    roster
        .in_branch(branch)
        .filter(|&m| {
            let member = roster.member(m);
            match kind.expected() {
                crate::kinds::Expected::Branch => true,
                crate::kinds::Expected::Committee => member.role.is_some(),
                crate::kinds::Expected::Group => {
                    group.is_some() && member.group.as_deref() == group
                }
            }
        })
        .collect()
}

/// The name a speaker line starts with (`- 张三：……`), if it names one: the text before
/// the first colon, without emphasis marks, short enough to be a name.
pub fn speaker_of(lead: &str) -> Option<&str> {
    let (name, _) = lead.split_once(['：', ':'])?;
    let name = name.trim_matches(|c: char| c.is_whitespace() || matches!(c, '*' | '_'));
    let chars = name.chars().count();
    (1..=16).contains(&chars).then_some(name)
}

#[cfg(test)]
mod tests {
    use super::speaker_of;

    #[test]
    fn a_speaker_is_the_name_before_the_colon() {
        assert_eq!(speaker_of("张三：要抓落实"), Some("张三"));
        assert_eq!(speaker_of("zhangsan: agreed"), Some("zhangsan"));
        assert_eq!(speaker_of("张三发言指出要抓落实"), None);
        assert_eq!(
            speaker_of("大家一致认为，在防汛工作的关键时期必须做到以下几点：一是"),
            None
        );
    }
}
