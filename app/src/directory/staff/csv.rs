//! A commune's directory as a CSV file (server only), for staff who keep their
//! list in a spreadsheet. Export writes UTF-8 with a byte order mark, so that
//! Excel shows Vietnamese correctly; import reads the same columns, checks
//! every line and saves all of them in one transaction, or none and says which
//! lines are wrong and why.

use super::api::REPORT_LIMIT;
use super::model::{EntryInput, FIELDS};
use crate::db::Db;
use crate::directory::model::Service;
use crate::error::{AppError, FieldProblem, Problem};

/// The largest file an import takes, and the most entry lines.
pub const MAX_BYTES: usize = 2 * 1024 * 1024;
pub const MAX_LINES: usize = 1000;

const BOM: &[u8] = b"\xEF\xBB\xBF";

/// The file of `services`: a header with `FIELDS`, then one line per entry.
pub fn export(services: &[Service]) -> Result<Vec<u8>, AppError> {
    let mut file = crate::spreadsheet::CsvFile::new();
    file.row(FIELDS)?;
    for service in services {
        let input = EntryInput::from_service(service);
        file.row(FIELDS.iter().map(|field| input.get(field)))?;
    }
    file.finish()
}

/// Reads a file into entries as typed, each with its line number. Refuses
/// (changing nothing) files that are too large, not UTF-8, without the
/// directory's columns, or with lines that cannot be read.
pub fn parse(bytes: &[u8]) -> Result<Vec<(u32, EntryInput)>, AppError> {
    if bytes.len() > MAX_BYTES || bytes.iter().filter(|b| **b == b'\n').count() > MAX_LINES + 1 {
        return Err(Problem::CsvTooLarge.into());
    }
    let bytes = bytes.strip_prefix(BOM).unwrap_or(bytes);
    let text = std::str::from_utf8(bytes).map_err(|_| Problem::CsvEncoding)?;
    // Spreadsheets set to Vietnamese often separate cells with `;`.
    let first_line = text.lines().next().unwrap_or_default();
    let delimiter = if first_line.contains(';') && !first_line.contains(',') {
        b';'
    } else {
        b','
    };
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(false)
        .from_reader(text.as_bytes());
    let header: Vec<String> = reader
        .headers()
        .map_err(|_| Problem::CsvColumns)?
        .iter()
        .map(|h| h.trim().to_lowercase())
        .collect();
    let mut sorted = header.clone();
    sorted.sort();
    let mut expected: Vec<String> = FIELDS.iter().map(|f| f.to_string()).collect();
    expected.sort();
    if sorted != expected {
        return Err(Problem::CsvColumns.into());
    }
    let mut entries = Vec::new();
    let mut problems = Vec::new();
    // The line a record starts on, counted from its byte offset: the reader's
    // own line count skips blank lines, which would misnumber the report.
    let mut counted = (0usize, 1u32);
    let mut line_at = |byte: u64| {
        // A record after blank lines starts, for the reader, at the first of them.
        let mut byte = (byte as usize).min(text.len());
        while matches!(text.as_bytes().get(byte), Some(b'\n' | b'\r')) {
            byte += 1;
        }
        if byte > counted.0 {
            let newlines = text.as_bytes()[counted.0..byte]
                .iter()
                .filter(|b| **b == b'\n')
                .count();
            counted = (byte, counted.1 + newlines as u32);
        }
        counted.1
    };
    for record in reader.records() {
        match record {
            Ok(record) => {
                let line = record.position().map(|p| line_at(p.byte())).unwrap_or(0);
                if record.iter().all(|cell| cell.trim().is_empty()) {
                    continue;
                }
                let mut input = EntryInput::default();
                for (field, value) in header.iter().zip(record.iter()) {
                    // A cell our export wrote as text (`'+84…`) reads back as typed.
                    input.set(field, crate::spreadsheet::typed(value).to_owned());
                }
                entries.push((line, input));
            }
            Err(error) => problems.push(FieldProblem {
                line: error.position().map(|p| line_at(p.byte())).unwrap_or(0),
                field: String::new(),
                problem: Problem::CsvMalformed,
            }),
        }
    }
    if !problems.is_empty() {
        return Err(AppError::fields(problems, REPORT_LIMIT));
    }
    if entries.is_empty() {
        return Err(Problem::CsvEmpty.into());
    }
    Ok(entries)
}

/// Imports a file into the commune's directory for `actor`: every line
/// checked, then all saved in one transaction with the audit line. Returns how
/// many entries were added and changed.
pub async fn import(
    db: &Db,
    commune: i64,
    actor: i64,
    bytes: &[u8],
    changes: &crate::page_changes::PageChanges,
) -> Result<(usize, usize), AppError> {
    let mut problems = Vec::new();
    let mut checked = Vec::new();
    for (line, input) in parse(bytes)? {
        match input.check(line) {
            Ok(entry) => checked.push((line, entry)),
            Err(found) => problems.extend(found),
        }
    }
    let (resolved, found) = super::db::resolve(db, commune, checked).await?;
    problems.extend(found);
    if !problems.is_empty() {
        problems.sort_by_key(|p| p.line);
        return Err(AppError::fields(problems, REPORT_LIMIT));
    }
    use crate::guard::{Change, audit};
    let mut tx = db.begin().await?;
    let saved = super::db::save(&mut *tx, commune, &resolved).await?;
    let added = saved.iter().filter(|(_, new)| *new).count();
    let updated = saved.len() - added;
    let detail = format!("+{added} / ~{updated}");
    let action = crate::staff::model::AuditAction::ImportEntries;
    let change = Change::in_commune(commune, actor, action);
    audit(&mut tx, change.detail(&detail)).await?;
    crate::page_changes::commit(tx, commune, changes).await?;
    Ok((added, updated))
}

/// The commune's entries that residents see, as a file.
pub async fn export_commune(db: &Db, commune: i64) -> Result<Vec<u8>, AppError> {
    let filter = crate::directory::db::ServiceFilter {
        commune: Some(commune),
        page: 1,
        per_page: 100_000,
        phones: true,
        ..Default::default()
    };
    let (services, _) = crate::directory::db::list_services(db, &filter).await?;
    export(&services)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn header() -> String {
        FIELDS.join(",")
    }

    fn line(name: &str, kind: &str, phone: &str, monday: &str) -> String {
        let mut cells = vec![""; FIELDS.len()];
        cells[1] = name;
        cells[2] = kind;
        cells[10] = phone;
        cells[16] = monday;
        cells
            .iter()
            .map(|c| format!("\"{c}\""))
            .collect::<Vec<_>>()
            .join(",")
    }

    #[test]
    fn reads_lines_with_their_numbers() {
        let file = format!(
            "\u{feff}{}\n{}\n\n{}\n",
            header(),
            line(
                "Trạm Y tế",
                "tram_y_te",
                "0221 3874 115",
                "07:30-11:30, 13:30-17:00"
            ),
            line("Công an xã", "cong_an_xa", "113", "")
        );
        let entries = parse(file.as_bytes()).unwrap();
        assert_eq!(entries.len(), 2);
        assert_eq!(entries[0].0, 2);
        assert_eq!(entries[0].1.name, "Trạm Y tế");
        assert_eq!(entries[0].1.mon, "07:30-11:30, 13:30-17:00");
        assert_eq!(entries[1].0, 4);
        assert!(entries[0].1.check(2).is_ok());
    }

    #[test]
    fn columns_in_any_order_and_semicolons() {
        let mut fields = FIELDS.to_vec();
        fields.reverse();
        let mut cells = vec![String::new(); FIELDS.len()];
        cells[FIELDS.len() - 2] = "Thư viện".into();
        cells[FIELDS.len() - 3] = "thu_vien".into();
        let file = format!("{}\n{}\n", fields.join(";"), cells.join(";"));
        let entries = parse(file.as_bytes()).unwrap();
        assert_eq!(entries[0].1.name, "Thư viện");
        assert_eq!(entries[0].1.kind, "thu_vien");
    }

    #[test]
    fn refuses_bad_files() {
        let problem = |bytes: &[u8]| parse(bytes).unwrap_err();
        assert_eq!(
            problem(b"name,kind\nA,tram_y_te\n"),
            AppError::Invalid(Problem::CsvColumns)
        );
        let latin1 = format!("{}\n", header()).into_bytes();
        let mut latin1 = latin1;
        latin1.extend_from_slice(b"\"Tr\xe1m\"\n");
        assert_eq!(problem(&latin1), AppError::Invalid(Problem::CsvEncoding));
        let huge = format!("{}\n{}", header(), "x\n".repeat(100_000));
        assert_eq!(
            problem(huge.as_bytes()),
            AppError::Invalid(Problem::CsvTooLarge)
        );
        assert_eq!(
            problem(format!("{}\n", header()).as_bytes()),
            AppError::Invalid(Problem::CsvEmpty)
        );
        let short = format!("{}\n\"A\",\"tram_y_te\"\n", header());
        match problem(short.as_bytes()) {
            AppError::Fields { problems, .. } => {
                assert_eq!(problems[0].line, 2);
                assert_eq!(problems[0].problem, Problem::CsvMalformed);
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn export_starts_with_a_bom_and_the_header() {
        let bytes = export(&[]).unwrap();
        assert!(bytes.starts_with(BOM));
        let text = String::from_utf8(bytes[3..].to_vec()).unwrap();
        assert_eq!(text.trim_end(), header());
    }
}
