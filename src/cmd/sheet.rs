//! CSV for spreadsheets: UTF-8 with a BOM, so that Excel on Chinese Windows reads it
//! right, and no cell that a spreadsheet would run as a formula.
//!
//! A member named `=HYPERLINK("http://…","张三")` must reach the admin's Excel as text.
//! Following the OWASP advice on CSV injection, a cell that starts with `=`, `+`, `-`,
//! `@`, a tab or a carriage return gets a leading `'`, which spreadsheets show as text.

use std::borrow::Cow;

/// A CSV file being written in memory, one row at a time.
pub struct Sheet {
    writer: csv::Writer<Vec<u8>>,
}

/// A csv writer that goes on after `bytes`, with rows of any length.
fn writer_after(bytes: Vec<u8>) -> csv::Writer<Vec<u8>> {
    csv::WriterBuilder::new().flexible(true).from_writer(bytes)
}

impl Default for Sheet {
    fn default() -> Self {
        Sheet::new()
    }
}

impl Sheet {
    pub fn new() -> Sheet {
        Sheet {
            writer: writer_after(b"\xEF\xBB\xBF".to_vec()),
        }
    }

    /// Writes an empty line between blocks (a row of no cells, which the csv writer
    /// would write as `""`).
    pub fn blank(&mut self) -> csv::Result<()> {
        let writer = std::mem::replace(&mut self.writer, writer_after(Vec::new()));
        let mut bytes = writer.into_inner().map_err(|err| err.into_error())?;
        bytes.push(b'\n');
        self.writer = writer_after(bytes);
        Ok(())
    }

    /// Writes one row; every cell is made safe to open.
    pub fn row<I, S>(&mut self, cells: I) -> csv::Result<()>
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        let cells: Vec<String> = cells
            .into_iter()
            .map(|c| neutralise(c.as_ref()).into_owned())
            .collect();
        self.writer.write_record(&cells)
    }

    pub fn finish(self) -> super::Result<Vec<u8>> {
        self.writer
            .into_inner()
            .map_err(|err| super::Error::Io(err.into_error()))
    }
}

/// The cell as a spreadsheet should show it: with a leading `'` where it would start a
/// formula.
pub fn neutralise(text: &str) -> Cow<'_, str> {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        Cow::Owned(format!("'{text}"))
    } else {
        Cow::Borrowed(text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_that_would_run_are_text() {
        for cell in [
            "=HYPERLINK(\"http://x\",\"张三\")",
            "+1",
            "-1+2",
            "@SUM(A1)",
            "\t=1+1",
            "\r=1",
        ] {
            assert_eq!(neutralise(cell), format!("'{cell}"), "{cell:?}");
        }
        for cell in ["张三", "12.5%", "—", "a=b", ""] {
            assert_eq!(neutralise(cell), cell);
        }
    }

    #[test]
    fn a_sheet_has_a_bom_and_safe_cells() {
        let mut sheet = Sheet::new();
        sheet.row(["姓名", "支部"]).unwrap();
        sheet.row(["=1+1", "第一党支部"]).unwrap();
        let bytes = sheet.finish().unwrap();
        let text = String::from_utf8(bytes).unwrap();
        assert_eq!(text, "\u{feff}姓名,支部\n'=1+1,第一党支部\n");
    }
}
