//! Plain-text tables aligned by display width, so Chinese names (two columns each) line
//! up with Latin text in a terminal.

use crate::diag::unicode_display_width;

/// Which way a column's cells are pushed.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Align {
    Left,
    Right,
}

/// Lays out `rows` (the first is the header) with two spaces between columns, each
/// column as wide as its widest cell on screen. Trailing spaces are trimmed.
pub fn render(rows: &[Vec<String>], align: &[Align]) -> String {
    // Names and titles come from files: what a terminal would obey is shown instead.
    let rows: Vec<Vec<String>> = rows
        .iter()
        .map(|r| {
            r.iter()
                .map(|c| crate::diag::visible(c).into_owned())
                .collect()
        })
        .collect();
    let rows = &rows;
    let columns = rows.iter().map(Vec::len).max().unwrap_or(0);
    let widths: Vec<usize> = (0..columns)
        .map(|c| {
            rows.iter()
                .filter_map(|r| r.get(c))
                .map(|cell| unicode_display_width(cell))
                .max()
                .unwrap_or(0)
        })
        .collect();
    let mut out = String::new();
    for row in rows {
        let mut line = String::new();
        for (c, cell) in row.iter().enumerate() {
            let pad = " ".repeat(widths[c] - unicode_display_width(cell));
            if c > 0 {
                line.push_str("  ");
            }
            match align.get(c).copied().unwrap_or(Align::Left) {
                Align::Left => {
                    line.push_str(cell);
                    line.push_str(&pad);
                }
                Align::Right => {
                    line.push_str(&pad);
                    line.push_str(cell);
                }
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_and_latin_cells_line_up() {
        let rows = vec![
            vec!["姓名".to_string(), "n".to_string()],
            vec!["欧阳娜娜".to_string(), "12".to_string()],
            vec!["Li".to_string(), "3".to_string()],
        ];
        let text = render(&rows, &[Align::Left, Align::Right]);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines, ["姓名       n", "欧阳娜娜  12", "Li         3"]);
    }
}
