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
}

impl Plan {
    pub fn from_items(items: Vec<PlanItem>) -> Plan {
        let by_id = items
            .iter()
            .enumerate()
            .map(|(i, item)| (item.id.clone(), i))
            .collect();
        Plan { items, by_id }
    }

    pub fn find(&self, id: &str) -> Option<ItemId> {
        self.by_id.get(id.trim()).copied().map(ItemId)
    }

    pub fn item(&self, id: ItemId) -> &PlanItem {
        &self.items[id.0]
    }
}

/// Reads and validates the plan. A missing plan is an empty plan: notes may be self-study.
pub fn load(
    path: &Path,
    shown: &str,
    roster: &Roster,
    lang: Lang,
) -> Result<Plan, Vec<Diagnostic>> {
    let bytes = match super::source::read_data(path) {
        Ok(bytes) => bytes,
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => return Ok(Plan::default()),
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
    let mut problems = Vec::new();
    let mut items = Vec::with_capacity(records.len());
    let mut seen: HashMap<String, String> = HashMap::new();
    for record in &records {
        let error = |msg: Msg<'_>, line: usize, col: usize| {
            Diagnostic::error(Rule::Config, shown, msg.text(lang)).at(text, line, col)
        };
        let Some(id) = record.text("id").map(str::to_string) else {
            problems.push(error(
                Msg::PlanInvalid(&Msg::MissingField("id").text(lang)),
                record.line,
                1,
            ));
            continue;
        };
        let mut date = |key: &str, required: bool| -> Option<NaiveDate> {
            match record.text(key) {
                None if required => {
                    problems.push(error(
                        Msg::PlanInvalid(&format!("{id}: {}", Msg::MissingField(key).text(lang))),
                        record.line,
                        1,
                    ));
                    None
                }
                None => None,
                Some(value) => parse_date(value)
                    .map_err(|_| {
                        let (line, col) = data_list::find_line(text, value, record.line);
                        problems.push(
                            error(Msg::PlanInvalid(&Msg::BadDate(value).text(lang)), line, col)
                                .with_help(Msg::BadDateHelp.text(lang)),
                        );
                    })
                    .ok(),
            }
        };
        let start = date("start", false);
        let Some(due) = date("due", true) else {
            continue;
        };
        if start.is_some_and(|s| s > due) {
            problems.push(error(Msg::DueBeforeStart(&id), record.line, 1));
        }
        match seen.insert(crate::names::page_key(&id), id.clone()) {
            Some(first) if first == id => {
                let (line, col) = data_list::find_line(text, &id, record.line);
                problems.push(error(Msg::DuplicatePlanId(&id), line, col));
            }
            Some(first) => {
                let at = data_list::find_line(text, &id, record.line);
                problems.push(super::roster::same_page(&first, &id, text, at, shown, lang));
            }
            None => {}
        }
        let branches = record.list("branches");
        for branch in branches.iter().filter(|b| !roster.branches.contains(b)) {
            let (line, col) = data_list::find_line(text, branch, record.line);
            problems.push(
                error(Msg::UnknownBranch(branch), line, col)
                    .with_help(Msg::UnknownBranchHelp.text(lang)),
            );
        }
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
