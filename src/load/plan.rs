//! plan.yaml -> [`Plan`]: what is to be studied, by whom, by when.

use super::data_list::{self, Kind, Record};
use super::roster::Roster;
use crate::date::parse_date;
use crate::diag::{Diagnostic, Rule};
use crate::i18n::{Lang, Msg};
use crate::ids::ItemId;
use chrono::NaiveDate;
use std::collections::HashMap;
use std::path::Path;

#[derive(Debug, Clone)]
pub struct PlanItem {
    pub id: String,
    pub title: String,
    pub kind: String,
    pub start: Option<NaiveDate>,
    pub due: NaiveDate,
    /// Branches the item applies to; empty means every branch.
    pub branches: Vec<String>,
}

impl PlanItem {
    pub fn applies_to(&self, branch: &str) -> bool {
        self.branches.is_empty() || self.branches.iter().any(|b| b == branch)
    }
}

#[derive(Debug, Default)]
pub struct Plan {
    pub items: Vec<PlanItem>,
    by_id: HashMap<String, usize>,
    /// Whether there is no plan file: notes that name plan items then match nothing,
    /// which [`super::load`] stops at.
    pub missing: bool,
}

impl Plan {
    pub fn from_items(items: Vec<PlanItem>) -> Plan {
        let by_id = items
            .iter()
            .enumerate()
            .map(|(i, item)| (item.id.clone(), i))
            .collect();
        Plan {
            items,
            by_id,
            missing: false,
        }
    }

    pub fn find(&self, id: &str) -> Option<ItemId> {
        self.by_id.get(id.trim()).copied().map(ItemId)
    }

    pub fn item(&self, id: ItemId) -> &PlanItem {
        &self.items[id.0]
    }
}

/// The plan file to read: the configured one, or the one beside it under YAML's other
/// extension (`plan.yml` for a missing `plan.yaml`, and the other way round).
pub fn locate(configured: &Path) -> std::path::PathBuf {
    let other = match configured.extension().and_then(|e| e.to_str()) {
        Some("yaml") => "yml",
        Some("yml") => "yaml",
        _ => return configured.to_path_buf(),
    };
    let beside = configured.with_extension(other);
    if !configured.exists() && beside.exists() {
        return beside;
    }
    configured.to_path_buf()
}

/// Reads and validates the plan, a file of the site at `root`. A missing plan is an empty
/// plan: notes may be self-study.
pub fn load(
    path: &Path,
    root: &Path,
    shown: &str,
    roster: &Roster,
    lang: Lang,
) -> Result<Plan, Vec<Diagnostic>> {
    let bytes = match crate::plain::read_data_inside(path, root) {
        Ok(bytes) => bytes,
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => {
            return Ok(Plan {
                missing: true,
                ..Plan::default()
            })
        }
        Err(err) => {
            return Err(vec![Diagnostic::error(
                Rule::Unreadable,
                shown,
                Msg::Unreadable(&crate::i18n::io_reason(&err, lang)).text(lang),
            )
            .with_help(Msg::UnreadableDataHelp.text(lang))])
        }
    };
    let text = data_list::read_text(&bytes, shown, Kind::Plan, lang).map_err(|d| vec![d])?;
    let records = data_list::from_yaml(&text, shown, Kind::Plan, lang).map_err(|d| vec![d])?;
    validate(records, &text, shown, roster, lang)
}

fn validate(
    records: Vec<Record>,
    text: &str,
    shown: &str,
    roster: &Roster,
    lang: Lang,
) -> Result<Plan, Vec<Diagnostic>> {
    let file = PlanFile { text, shown, lang };
    let mut problems = Vec::new();
    let mut items = Vec::with_capacity(records.len());
    let mut seen: HashMap<String, String> = HashMap::new();
    for record in &records {
        let Some(id) = record.text("id").map(str::to_string) else {
            problems.push(file.error(
                Msg::PlanInvalid(&Msg::MissingField("id").text(lang)),
                record.line,
                1,
            ));
            continue;
        };
        let start = file.date(record, &id, "start", false, &mut problems);
        let Some(due) = file.date(record, &id, "due", true, &mut problems) else {
            continue;
        };
        if start.is_some_and(|s| s > due) {
            problems.push(file.error(Msg::DueBeforeStart(&id), record.line, 1));
        }
        problems.extend(file.again(&mut seen, &id, record.line));
        let branches = record.list("branches");
        problems.extend(file.unknown_branches(&branches, roster, record.line));
        items.push(PlanItem {
            title: record.text("title").unwrap_or(&id).to_string(),
            kind: record.text("kind").unwrap_or_default().to_string(),
            id,
            start,
            due,
            branches,
        });
    }
    if problems.is_empty() {
        Ok(Plan::from_items(items))
    } else {
        Err(problems)
    }
}

/// The plan file as read, for its errors: its text, the path it is shown by and the
/// language they are written in.
#[derive(Clone, Copy)]
struct PlanFile<'a> {
    text: &'a str,
    shown: &'a str,
    lang: Lang,
}

impl PlanFile<'_> {
    /// A plan error at `line` and `col`.
    fn error(&self, msg: Msg<'_>, line: usize, col: usize) -> Diagnostic {
        Diagnostic::error(Rule::Config, self.shown, msg.text(self.lang)).at(self.text, line, col)
    }

    /// The date of item `id` at `key` in `record`, if it has one that is a date; one
    /// missing where it is `required`, and one that is no date, are told in `problems`.
    fn date(
        &self,
        record: &Record,
        id: &str,
        key: &str,
        required: bool,
        problems: &mut Vec<Diagnostic>,
    ) -> Option<NaiveDate> {
        let lang = self.lang;
        match record.text(key) {
            None if required => {
                problems.push(self.error(
                    Msg::PlanInvalid(&format!("{id}: {}", Msg::MissingField(key).text(lang))),
                    record.line,
                    1,
                ));
                None
            }
            None => None,
            Some(value) => parse_date(value)
                .map_err(|_| {
                    let (line, col) = data_list::find_line(self.text, value, record.line);
                    problems.push(
                        self.error(Msg::PlanInvalid(&Msg::BadDate(value).text(lang)), line, col)
                            .with_help(Msg::BadDateHelp.text(lang)),
                    );
                })
                .ok(),
        }
    }

    /// The error for item `id` (in the record at `line`) when an item before it, in
    /// `seen`, has the same id or one that shares its page.
    fn again(
        &self,
        seen: &mut HashMap<String, String>,
        id: &str,
        line: usize,
    ) -> Option<Diagnostic> {
        match seen.insert(crate::names::page_key(id), id.to_string()) {
            Some(first) if first == id => {
                let (line, col) = data_list::find_line(self.text, id, line);
                Some(self.error(Msg::DuplicatePlanId(id), line, col))
            }
            Some(first) => {
                let at = data_list::find_line(self.text, id, line);
                Some(super::roster::same_page(
                    &first, id, self.text, at, self.shown, self.lang,
                ))
            }
            None => None,
        }
    }

    /// The errors for the `branches` of an item (in the record at `line`) that are not
    /// in `roster`.
    fn unknown_branches(
        &self,
        branches: &[String],
        roster: &Roster,
        line: usize,
    ) -> Vec<Diagnostic> {
        branches
            .iter()
            .filter(|b| !roster.branches.contains(b))
            .map(|branch| {
                let (line, col) = data_list::find_line(self.text, branch, line);
                self.error(Msg::UnknownBranch(branch), line, col)
                    .with_help(Msg::UnknownBranchHelp.text(self.lang))
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::roster::Member;

    fn roster() -> Roster {
        Roster::from_members(vec![Member {
            id: "a".into(),
            name: "甲".into(),
            branch: "第一党支部".into(),
            role: None,
            group: None,
        }])
    }

    fn parse(text: &str) -> Result<Plan, Vec<Diagnostic>> {
        let records =
            data_list::from_yaml(text, "plan.yaml", Kind::Plan, Lang::Zh).map_err(|d| vec![d])?;
        validate(records, text, "plan.yaml", &roster(), Lang::Zh)
    }

    #[test]
    fn items_load_with_dates() {
        let plan =
            parse("- id: x\n  title: 学习\n  kind: 党课\n  start: 2022-03-01\n  due: 2022/3/31\n")
                .unwrap();
        assert_eq!(
            plan.items[0].due,
            NaiveDate::from_ymd_opt(2022, 3, 31).unwrap()
        );
        assert_eq!(plan.find("x"), Some(ItemId(0)));
    }

    #[test]
    fn unknown_branch_and_duplicate_id_are_errors_with_lines() {
        let text =
            "- id: x\n  due: 2022-03-31\n  branches: [第九党支部]\n- id: x\n  due: 2022-04-30\n";
        let problems = parse(text).unwrap_err();
        assert_eq!(problems.len(), 2);
        assert!(problems[0].message.contains("第九党支部"));
        assert_eq!(problems[0].line, 3);
        assert_eq!(problems[1].line, 4);
    }
}
