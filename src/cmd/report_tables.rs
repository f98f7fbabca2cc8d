//! The report's tables ([`Table`], [`Cell`]) and the three ways they are written:
//! Markdown to paste into a document, CSV and XLSX for Excel. `report` and `assess`
//! both make tables; neither lays them out itself.

use super::Result;
use crate::coverage;

/// One cell: text, a count, a share shown as a percentage, or a score (2 decimals).
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Text(String),
    Count(usize),
    Share(Option<f64>),
    Score(f64),
}

impl Cell {
    fn shown(&self) -> String {
        match self {
            Cell::Text(text) => text.clone(),
            Cell::Count(n) => n.to_string(),
            Cell::Share(share) => coverage::percent_or_dash(*share, 1),
            Cell::Score(x) => format!("{x}"),
        }
    }
}

#[derive(Debug, Clone)]
pub struct Table {
    pub title: String,
    pub headers: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
}

/// Markdown tables under headings, for pasting into a document.
pub fn markdown(title: &str, tables: &[Table]) -> String {
    let mut out = format!("# {}\n", one_line(title));
    for table in tables {
        out += &format!("\n## {}\n\n", one_line(&table.title));
        let escape = |s: String| one_line(&s).replace('|', "\\|");
        let headers: Vec<String> = table.headers.iter().cloned().map(escape).collect();
        out += &format!("| {} |\n", headers.join(" | "));
        out += &format!("|{}\n", "---|".repeat(table.headers.len()));
        for row in &table.rows {
            let cells: Vec<String> = row.iter().map(|c| escape(c.shown())).collect();
            out += &format!("| {} |\n", cells.join(" | "));
        }
    }
    out
}

/// `text` on one line: a line break or a tab in a name (`王|五\n## 标题`) would end the
/// table row or start a heading of its own.
fn one_line(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

/// The tables one after another, each with its title row, in UTF-8 with a BOM for Excel.
pub fn csv(title: &str, tables: &[Table]) -> Result<Vec<u8>> {
    let mut writer = super::sheet::Sheet::new();
    writer.row([title])?;
    for table in tables {
        writer.blank()?;
        writer.row([&table.title])?;
        writer.row(&table.headers)?;
        for row in &table.rows {
            writer.row(row.iter().map(Cell::shown))?;
        }
    }
    writer.finish()
}

/// One worksheet per table; counts are numbers and shares percentages, so Excel can sum
/// and chart them.
pub fn xlsx(tables: &[Table]) -> Result<Vec<u8>> {
    use rust_xlsxwriter::{Format as CellFormat, Workbook};
    let mut workbook = Workbook::new();
    let bold = CellFormat::new().set_bold();
    let percent = CellFormat::new().set_num_format("0.0%");
    for table in tables {
        let sheet = workbook.add_worksheet();
        sheet.set_name(sheet_name(&table.title))?;
        for (c, header) in table.headers.iter().enumerate() {
            sheet.write_string_with_format(0, c as u16, header, &bold)?;
            sheet.set_column_width(c as u16, 16)?;
        }
        for (r, row) in table.rows.iter().enumerate() {
            let r = r as u32 + 1;
            for (c, cell) in row.iter().enumerate() {
                let c = c as u16;
                match cell {
                    Cell::Text(text) => sheet.write_string(r, c, text).map(drop)?,
                    Cell::Count(n) => sheet.write_number(r, c, *n as f64).map(drop)?,
                    Cell::Share(Some(share)) => sheet
                        .write_number_with_format(r, c, *share, &percent)
                        .map(drop)?,
                    Cell::Share(None) => sheet.write_string(r, c, coverage::NO_SHARE).map(drop)?,
                    Cell::Score(x) => sheet.write_number(r, c, *x).map(drop)?,
                }
            }
        }
    }
    Ok(workbook.save_to_buffer()?)
}

/// Excel sheet names: at most 31 characters, none of `[]:*?/\`.
fn sheet_name(title: &str) -> String {
    title
        .chars()
        .filter(|c| !"[]:*?/\\".contains(*c))
        .take(31)
        .collect()
}
