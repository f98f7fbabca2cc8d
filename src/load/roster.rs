//! members.yaml (or members.csv) -> [`Roster`]: who is expected to study, in which branch.

use super::data_list::{self, Kind, Record};
use crate::diag::{Diagnostic, Rule};
use crate::i18n::{Lang, Msg};
use crate::ids::{BranchId, MemberId};
use crate::names;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone)]
pub struct Member {
    pub id: String,
    pub name: String,
    pub branch: String,
    /// On the branch committee (书记, 组织委员 ...): None for an ordinary member.
    pub role: Option<String>,
    /// The 党小组 within the branch, if any.
    pub group: Option<String>,
}

#[derive(Debug, Default)]
pub struct Roster {
    pub members: Vec<Member>,
    /// Branch names in the order they first appear in the roster.
    pub branches: Vec<String>,
    by_key: HashMap<String, usize>,
}

impl Roster {
    /// The member a note's `author` names, by id or by exact name.
    pub fn find(&self, author: &str) -> Option<MemberId> {
        self.by_key.get(author.trim()).copied().map(MemberId)
    }

    pub fn member(&self, id: MemberId) -> &Member {
        &self.members[id.0]
    }

    /// The member whose folder (content/<id>/…) holds the file at `rel` (relative to
    /// the content folder), as the README tells members to keep their notes.
    pub fn folder_of(&self, rel: &str) -> Option<MemberId> {
        let (folder, _) = rel.split_once('/')?;
        let member = self.find(folder)?;
        (self.member(member).id == folder).then_some(member)
    }

    /// Ids and names, for suggesting the closest one to a misspelt author.
    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.members
            .iter()
            .flat_map(|m| [m.id.as_str(), m.name.as_str()])
    }

    /// The branch of its exact name.
    pub fn branch(&self, name: &str) -> Option<BranchId> {
        self.branches
            .iter()
            .position(|b| b == name.trim())
            .map(BranchId)
    }

    pub fn branch_name(&self, id: BranchId) -> &str {
        &self.branches[id.0]
    }

    /// Every branch with its name, in roster order.
    pub fn branch_ids(&self) -> impl Iterator<Item = (BranchId, &str)> {
        self.branches
            .iter()
            .enumerate()
            .map(|(i, name)| (BranchId(i), name.as_str()))
    }

    /// Members of `branch`, in roster order.
    pub fn in_branch<'a>(&'a self, branch: &'a str) -> impl Iterator<Item = MemberId> + 'a {
        self.members
            .iter()
            .enumerate()
            .filter(move |(_, m)| m.branch == branch)
            .map(|(i, _)| MemberId(i))
    }

    /// The 党小组 of `branch`, each once, sorted.
    pub fn groups<'a>(&'a self, branch: &'a str) -> Vec<&'a str> {
        let mut groups: Vec<&str> = self
            .in_branch(branch)
            .filter_map(|m| self.member(m).group.as_deref())
            .collect();
        groups.sort_unstable();
        groups.dedup();
        groups
    }

    /// The branch's 书记, or its 副书记 where it has none: whose 述职述廉 is reviewed.
    pub fn secretary_of(&self, branch: &str) -> Option<MemberId> {
        ["书记", "副书记"].iter().find_map(|role| {
            self.in_branch(branch)
                .find(|&m| self.member(m).role.as_deref().map(str::trim) == Some(*role))
        })
    }

    pub fn from_members(members: Vec<Member>) -> Roster {
        let mut roster = Roster::default();
        for (i, member) in members.iter().enumerate() {
            roster.by_key.entry(member.id.clone()).or_insert(i);
            roster.by_key.entry(member.name.clone()).or_insert(i);
            if !roster.branches.contains(&member.branch) {
                roster.branches.push(member.branch.clone());
            }
        }
        roster.members = members;
        roster
    }
}

/// The roster file to read: the configured one, or members.csv beside a missing
/// members.yaml.
pub fn locate(configured: &Path) -> PathBuf {
    if !configured.exists() {
        let csv = configured.with_extension("csv");
        if csv.exists() {
            return csv;
        }
    }
    configured.to_path_buf()
}

/// Reads and validates the roster, a file of the site at `root`. All problems are
/// reported, not just the first.
pub fn load(path: &Path, root: &Path, shown: &str, lang: Lang) -> Result<Roster, Vec<Diagnostic>> {
    let bytes = crate::plain::read_data_inside(path, root).map_err(|err| {
        let diag = if err.kind() == std::io::ErrorKind::NotFound {
            Diagnostic::error(Rule::Config, shown, Msg::MissingRoster(shown).text(lang))
                .with_help(Msg::MissingRosterHelp.text(lang))
        } else {
            // Not configuration: the disk said no (permissions, a file that went away).
            Diagnostic::error(
                Rule::Unreadable,
                shown,
                Msg::Unreadable(&crate::i18n::io_reason(&err, lang)).text(lang),
            )
            .with_help(Msg::UnreadableDataHelp.text(lang))
        };
        vec![diag]
    })?;
    let text = data_list::read_text(&bytes, shown, Kind::Roster, lang).map_err(|d| vec![d])?;
    let is_csv = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("csv"));
    let parsed = if is_csv {
        data_list::from_csv(&text, shown, Kind::Roster, lang)
    } else {
        data_list::from_yaml(&text, shown, Kind::Roster, lang)
    };
    validate(parsed.map_err(|d| vec![d])?, &text, shown, lang)
}

fn validate(
    records: Vec<Record>,
    text: &str,
    shown: &str,
    lang: Lang,
) -> Result<Roster, Vec<Diagnostic>> {
    if records.is_empty() {
        return Err(vec![Diagnostic::error(
            Rule::Config,
            shown,
            Msg::EmptyRoster.text(lang),
        )
        .with_help(Msg::EmptyRosterHelp.text(lang))]);
    }
    let mut problems = Vec::new();
    let mut members: Vec<Member> = Vec::with_capacity(records.len());
    let mut seen = Seen::default();
    for record in &records {
        let Some(member) = member_of(record) else {
            problems.push(missing_field(record, text, shown, lang));
            continue;
        };
        problems.extend(unsafe_id(&member.id, record.line, text, shown, lang));
        problems.extend(seen.again(&member, record.line, text, shown, lang));
        members.push(member);
    }
    if problems.is_empty() {
        Ok(Roster::from_members(members))
    } else {
        Err(problems)
    }
}

/// The member `record` names, or None when it has no id, name or branch.
fn member_of(record: &Record) -> Option<Member> {
    let field = |key: &str| record.text(key).map(str::to_string);
    Some(Member {
        id: field("id")?,
        name: field("name")?,
        branch: field("branch")?,
        role: field("role"),
        group: field("group"),
    })
}

/// The error for a record without an id, a name or a branch, naming the first missing.
fn missing_field(record: &Record, text: &str, shown: &str, lang: Lang) -> Diagnostic {
    let missing = ["id", "name", "branch"]
        .into_iter()
        .find(|k| record.text(k).is_none())
        .unwrap_or("id");
    Diagnostic::error(
        Rule::Config,
        shown,
        Msg::EmptyRosterField(missing).text(lang),
    )
    .at(text, record.line, 1)
}

/// The error for a member's id (in the record at `line`) that cannot be a folder name
/// on every system (`../x`, `a/b`, `CON`), if it cannot.
fn unsafe_id(id: &str, line: usize, text: &str, shown: &str, lang: Lang) -> Option<Diagnostic> {
    let why = names::check_folder_name(id).err()?;
    let (line, col) = data_list::find_line(text, id, line);
    Some(
        Diagnostic::error(
            Rule::Config,
            shown,
            Msg::UnsafeMemberId { id, why }.text(lang),
        )
        .at(text, line, col)
        .with_help(Msg::UnsafeMemberIdHelp.text(lang)),
    )
}

/// The ids, branches and names of the members read so far.
#[derive(Default)]
struct Seen {
    /// By page key: two ids or branches that differ only in case share a page.
    ids: HashMap<String, String>,
    branches: HashMap<String, String>,
    names: HashMap<String, usize>,
}

impl Seen {
    /// The errors for `member` (in the record at `line`) against the members before
    /// it, in this order: an id written twice or sharing another's page, a branch
    /// sharing another's page, a name written twice.
    fn again(
        &mut self,
        member: &Member,
        line: usize,
        text: &str,
        shown: &str,
        lang: Lang,
    ) -> Vec<Diagnostic> {
        let at = |value: &str| data_list::find_line(text, value, line);
        let (id, branch, name) = (&member.id, &member.branch, &member.name);
        let mut problems = Vec::new();
        match self.ids.insert(names::page_key(id), id.clone()) {
            Some(first) if first == *id => {
                let (line, col) = at(id);
                problems.push(
                    Diagnostic::error(Rule::Config, shown, Msg::DuplicateMemberId(id).text(lang))
                        .at(text, line, col)
                        .with_help(Msg::DuplicateHelp.text(lang)),
                );
            }
            Some(first) => problems.push(same_page(&first, id, text, at(id), shown, lang)),
            None => {}
        }
        match self
            .branches
            .insert(names::page_key(branch), branch.clone())
        {
            Some(first) if first != *branch => {
                problems.push(same_page(&first, branch, text, at(branch), shown, lang));
            }
            _ => {}
        }
        if self.names.insert(name.clone(), line).is_some() {
            let (line, col) = at(name);
            problems.push(
                Diagnostic::error(
                    Rule::Config,
                    shown,
                    Msg::DuplicateMemberName(name).text(lang),
                )
                .at(text, line, col)
                .with_help(Msg::DuplicateHelp.text(lang)),
            );
        }
        problems
    }
}

/// Two names that would get the same page: an error at the second.
pub(super) fn same_page(
    first: &str,
    second: &str,
    text: &str,
    (line, col): (usize, usize),
    shown: &str,
    lang: Lang,
) -> Diagnostic {
    Diagnostic::error(
        Rule::Config,
        shown,
        Msg::SamePage { first, second }.text(lang),
    )
    .at(text, line, col)
    .with_help(Msg::SamePageHelp.text(lang))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Roster, Vec<Diagnostic>> {
        let records = data_list::from_yaml(text, "members.yaml", Kind::Roster, Lang::Zh)
            .map_err(|d| vec![d])?;
        validate(records, text, "members.yaml", Lang::Zh)
    }

    #[test]
    fn members_are_found_by_id_and_name() {
        let roster = parse("- id: zhangsan\n  name: 张三\n  branch: 第一党支部\n- id: lisi\n  name: 李四\n  branch: 第二党支部\n").unwrap();
        assert_eq!(roster.find("zhangsan"), Some(MemberId(0)));
        assert_eq!(roster.find("李四"), Some(MemberId(1)));
        assert_eq!(roster.branches, ["第一党支部", "第二党支部"]);
    }

    #[test]
    fn duplicate_id_points_at_the_second_one() {
        let text = "- id: zhangsan\n  name: 张三\n  branch: 一\n- id: zhangsan\n  name: 张四\n  branch: 一\n";
        let problems = parse(text).unwrap_err();
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].line, 4);
        assert!(problems[0].message.contains("zhangsan"));
    }

    #[test]
    fn an_id_that_would_leave_the_content_folder_is_a_roster_error() {
        let text = "- id: zhangsan\n  name: 张三\n  branch: 一\n- id: ../../evil\n  name: 坏\n  branch: 一\n";
        let problems = parse(text).unwrap_err();
        assert_eq!(problems.len(), 1);
        assert_eq!((problems[0].line, problems[0].column), (4, 7));
        assert!(
            problems[0].message.contains("`/`"),
            "{}",
            problems[0].message
        );
    }

    #[test]
    fn ids_and_branches_that_share_a_page_are_errors() {
        let text =
            "- id: Zhang\n  name: 甲\n  branch: A支部\n- id: zhang\n  name: 乙\n  branch: a支部\n";
        let problems = parse(text).unwrap_err();
        assert_eq!(problems.len(), 2, "{problems:?}");
        assert!(problems.iter().all(|p| p.line >= 4));
    }

    #[test]
    fn an_empty_roster_is_an_error() {
        for text in ["", "[]", "# 只有注释\n"] {
            let records = data_list::from_yaml(text, "members.yaml", Kind::Roster, Lang::Zh);
            let problems = records
                .map_err(|d| vec![d])
                .and_then(|r| validate(r, text, "members.yaml", Lang::Zh))
                .unwrap_err();
            assert_eq!(problems[0].rule, Rule::Config, "{text:?}");
        }
    }

    #[test]
    fn a_member_without_branch_is_named() {
        let problems = parse("- id: a\n  name: 甲\n").unwrap_err();
        assert!(problems[0].message.contains("branch"));
        assert_eq!(problems[0].line, 1);
    }

    #[test]
    fn csv_roster_with_bom() {
        let text = "\u{feff}id,name,branch\nzhangsan,张三,第一党支部\n";
        let records = data_list::from_csv(text, "members.csv", Kind::Roster, Lang::Zh).unwrap();
        let roster = validate(records, text, "members.csv", Lang::Zh).unwrap();
        assert_eq!(roster.members[0].name, "张三");
    }
}
