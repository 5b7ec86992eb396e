//! A directory entry as staff write it, in the editor or as one line of a CSV
//! file: every field as text, checked all at once so that each wrong field is
//! named (a form shows them all, an import reports them line by line). The
//! field names are also the CSV columns.

use serde::{Deserialize, Serialize};

use crate::directory::model::{Area, Kind, Position, Service, ServicePhone, ServiceStatus};
use crate::error::{FieldProblem, Problem};
use crate::hours::{Closure, OpeningHours, WEEKDAYS, clock, parse_closures, parse_day};

/// The fields of an entry, in the order of the CSV columns.
pub const FIELDS: [&str; 26] = [
    "id",
    "name",
    "kind",
    "organization",
    "description",
    "offers",
    "village",
    "address",
    "latitude",
    "longitude",
    "phone_1",
    "phone_1_label",
    "phone_2",
    "phone_2_label",
    "phone_3",
    "phone_3_label",
    "mon",
    "tue",
    "wed",
    "thu",
    "fri",
    "sat",
    "sun",
    "closures",
    "status",
    "status_note",
];

/// How many phones an entry lists.
pub const PHONES: usize = 3;

const NAME_MAX: usize = 200;
const TEXT_MAX: usize = 2000;
const LINE_MAX: usize = 300;
const LABEL_MAX: usize = 60;

/// A line of the staff's list of entries.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EntrySummary {
    pub id: i64,
    pub name: String,
    pub area: Area,
    pub kind: String,
    pub village: Option<String>,
    pub archived: bool,
    pub verified_at_ms: Option<i64>,
}

/// An entry as typed: every field is text, as it comes from a form or a CSV line.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct EntryInput {
    pub id: String,
    pub name: String,
    pub kind: String,
    pub organization: String,
    pub description: String,
    pub offers: String,
    pub village: String,
    pub address: String,
    pub latitude: String,
    pub longitude: String,
    pub phone_1: String,
    pub phone_1_label: String,
    pub phone_2: String,
    pub phone_2_label: String,
    pub phone_3: String,
    pub phone_3_label: String,
    pub mon: String,
    pub tue: String,
    pub wed: String,
    pub thu: String,
    pub fri: String,
    pub sat: String,
    pub sun: String,
    pub closures: String,
    pub status: String,
    pub status_note: String,
}

/// A checked entry, ready to store. The village is still a name: only the
/// database knows the commune's villages.
#[derive(Clone, Debug, PartialEq)]
pub struct Entry {
    pub id: Option<i64>,
    pub name: String,
    pub kind: Kind,
    pub organization: String,
    pub description: String,
    pub offers: String,
    pub village: String,
    pub address: String,
    pub position: Option<Position>,
    pub phones: Vec<(ServicePhone, String)>,
    pub hours: OpeningHours,
    pub closures: Vec<Closure>,
    pub status: ServiceStatus,
    pub status_note: String,
}

impl EntryInput {
    /// The value of the field named `field` (one of `FIELDS`).
    pub fn get(&self, field: &str) -> &str {
        match field {
            "id" => &self.id,
            "name" => &self.name,
            "kind" => &self.kind,
            "organization" => &self.organization,
            "description" => &self.description,
            "offers" => &self.offers,
            "village" => &self.village,
            "address" => &self.address,
            "latitude" => &self.latitude,
            "longitude" => &self.longitude,
            "phone_1" => &self.phone_1,
            "phone_1_label" => &self.phone_1_label,
            "phone_2" => &self.phone_2,
            "phone_2_label" => &self.phone_2_label,
            "phone_3" => &self.phone_3,
            "phone_3_label" => &self.phone_3_label,
            "mon" => &self.mon,
            "tue" => &self.tue,
            "wed" => &self.wed,
            "thu" => &self.thu,
            "fri" => &self.fri,
            "sat" => &self.sat,
            "sun" => &self.sun,
            "closures" => &self.closures,
            "status" => &self.status,
            "status_note" => &self.status_note,
            _ => "",
        }
    }

    /// Sets the field named `field`; false when there is no such field.
    pub fn set(&mut self, field: &str, value: String) -> bool {
        let slot = match field {
            "id" => &mut self.id,
            "name" => &mut self.name,
            "kind" => &mut self.kind,
            "organization" => &mut self.organization,
            "description" => &mut self.description,
            "offers" => &mut self.offers,
            "village" => &mut self.village,
            "address" => &mut self.address,
            "latitude" => &mut self.latitude,
            "longitude" => &mut self.longitude,
            "phone_1" => &mut self.phone_1,
            "phone_1_label" => &mut self.phone_1_label,
            "phone_2" => &mut self.phone_2,
            "phone_2_label" => &mut self.phone_2_label,
            "phone_3" => &mut self.phone_3,
            "phone_3_label" => &mut self.phone_3_label,
            "mon" => &mut self.mon,
            "tue" => &mut self.tue,
            "wed" => &mut self.wed,
            "thu" => &mut self.thu,
            "fri" => &mut self.fri,
            "sat" => &mut self.sat,
            "sun" => &mut self.sun,
            "closures" => &mut self.closures,
            "status" => &mut self.status,
            "status_note" => &mut self.status_note,
            _ => return false,
        };
        *slot = value;
        true
    }

    /// The form of an existing entry, to edit it (or to export it).
    pub fn from_service(service: &Service) -> EntryInput {
        let mut input = EntryInput {
            id: service.id.to_string(),
            name: service.name.clone(),
            kind: service.kind.clone(),
            organization: service
                .organization
                .as_ref()
                .map(|o| o.name.clone())
                .unwrap_or_default(),
            description: service.description.clone(),
            offers: service.offers.clone(),
            village: service
                .village
                .as_ref()
                .map(|v| v.name.clone())
                .unwrap_or_default(),
            address: service.address.clone(),
            latitude: service
                .position
                .map(|p| format!("{:.6}", p.latitude))
                .unwrap_or_default(),
            longitude: service
                .position
                .map(|p| format!("{:.6}", p.longitude))
                .unwrap_or_default(),
            closures: service
                .closures
                .iter()
                .map(|c| format!("{} {}", c.date, c.note).trim_end().to_owned())
                .collect::<Vec<_>>()
                .join("\n"),
            status: service.status.code().to_owned(),
            status_note: service.status_note.clone(),
            ..EntryInput::default()
        };
        for (i, phone) in service.phones.iter().take(PHONES).enumerate() {
            input.set(&format!("phone_{}", i + 1), phone.display.clone());
            input.set(&format!("phone_{}_label", i + 1), phone.label.clone());
        }
        for (day, field) in WEEKDAYS.iter().enumerate() {
            let spans: Vec<String> = service
                .hours
                .intervals()
                .iter()
                .filter(|i| usize::from(i.weekday) == day + 1)
                .map(|i| format!("{}-{}", clock(i.opens), clock(i.closes)))
                .collect();
            input.set(field, spans.join(", "));
        }
        input
    }

    /// Checks every field; on failure, every wrong field with its problem (`line`
    /// is the CSV line, 0 for a form).
    pub fn check(&self, line: u32) -> Result<Entry, Vec<FieldProblem>> {
        let mut problems = Vec::new();
        let mut report = |field: &str, problem: Problem| {
            problems.push(FieldProblem {
                line,
                field: field.to_owned(),
                problem,
            })
        };
        let text = |field: &str, max: usize, report: &mut dyn FnMut(&str, Problem)| {
            let value = self.get(field).trim();
            if value.chars().count() > max {
                report(field, Problem::TextTooLong);
            }
            value.to_owned()
        };

        let id = match self.id.trim() {
            "" => None,
            id => match id.parse::<i64>() {
                Ok(id) if id > 0 => Some(id),
                _ => {
                    report("id", Problem::UnknownEntry);
                    None
                }
            },
        };
        let name = text("name", NAME_MAX, &mut report);
        if name.is_empty() {
            report("name", Problem::EntryNameMissing);
        }
        let kind = Kind::parse(&self.kind).map_err(|p| report("kind", p)).ok();
        let organization = text("organization", NAME_MAX, &mut report);
        let description = text("description", TEXT_MAX, &mut report);
        let offers = text("offers", TEXT_MAX, &mut report);
        let village = text("village", NAME_MAX, &mut report);
        let address = text("address", LINE_MAX, &mut report);
        let position = match (self.latitude.trim(), self.longitude.trim()) {
            ("", "") => None,
            (latitude, longitude) => Position::parse(latitude, longitude)
                .map_err(|problem| {
                    // Name the coordinate that is not a number, else the latitude.
                    let number = |s: &str| s.replace(',', ".").parse::<f64>().is_ok();
                    let field = if number(latitude) && !number(longitude) {
                        "longitude"
                    } else {
                        "latitude"
                    };
                    report(field, problem)
                })
                .ok(),
        };
        let mut phones = Vec::new();
        for i in 1..=PHONES {
            let field = format!("phone_{i}");
            let label_field = format!("phone_{i}_label");
            let number = self.get(&field).trim();
            let label = text(&label_field, LABEL_MAX, &mut report);
            if number.is_empty() {
                if !label.is_empty() {
                    report(&field, Problem::ServicePhoneInvalid);
                }
                continue;
            }
            match ServicePhone::parse(number) {
                Ok(phone) => phones.push((phone, label)),
                Err(problem) => report(&field, problem),
            }
        }
        let mut intervals = Vec::new();
        for (day, field) in WEEKDAYS.iter().enumerate() {
            match parse_day(self.get(field), day as u8 + 1) {
                Ok(list) => intervals.extend(list),
                Err(problem) => report(field, problem),
            }
        }
        // Each day was checked alone, so the week can only fail on a day that
        // already reported its problem.
        let hours = OpeningHours::new(intervals).unwrap_or_default();
        let closures = parse_closures(&self.closures).unwrap_or_else(|problem| {
            report("closures", problem);
            Vec::new()
        });
        let status = match self.status.trim() {
            "" | "active" => ServiceStatus::Active,
            "temporarily_closed" => ServiceStatus::TemporarilyClosed,
            _ => {
                report("status", Problem::UnknownStatus);
                ServiceStatus::Active
            }
        };
        let status_note = text("status_note", LINE_MAX, &mut report);

        match kind {
            Some(kind) if problems.is_empty() => Ok(Entry {
                id,
                name,
                kind,
                organization,
                description,
                offers,
                village,
                address,
                position,
                phones,
                hours,
                closures,
                status,
                status_note,
            }),
            _ => Err(problems),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn valid() -> EntryInput {
        EntryInput {
            name: "Trạm Y tế xã".into(),
            kind: "tram_y_te".into(),
            latitude: "20,6725".into(),
            longitude: "106.1289".into(),
            phone_1: "0221 3874 115".into(),
            phone_1_label: "Trực trạm".into(),
            phone_2: "115".into(),
            mon: "07:30-11:30, 13:30-17:00".into(),
            sat: "07:00–11:00".into(),
            closures: "02/09/2027 Nghỉ lễ Quốc khánh\n2028-01-01".into(),
            ..EntryInput::default()
        }
    }

    fn fields(result: Result<Entry, Vec<FieldProblem>>) -> Vec<(String, Problem)> {
        result
            .unwrap_err()
            .into_iter()
            .map(|p| (p.field, p.problem))
            .collect()
    }

    #[test]
    fn a_valid_entry() {
        let entry = valid().check(0).unwrap();
        assert_eq!(entry.id, None);
        assert_eq!(entry.phones.len(), 2);
        assert_eq!(entry.phones[0].1, "Trực trạm");
        assert_eq!(entry.hours.intervals().len(), 3);
        assert_eq!(entry.closures[0].date, "2027-09-02");
        assert_eq!(entry.closures[0].note, "Nghỉ lễ Quốc khánh");
        assert_eq!(entry.closures[1].date, "2028-01-01");
        assert_eq!(entry.status, ServiceStatus::Active);
    }

    #[test]
    fn every_wrong_field_is_named() {
        let input = EntryInput {
            id: "abc".into(),
            name: " ".into(),
            kind: "bakery".into(),
            latitude: "48.85".into(),
            longitude: "2.35".into(),
            phone_2: "12345".into(),
            tue: "11:00-07:00".into(),
            wed: "07:00-11:30, 11:00-17:00".into(),
            thu: "sáng".into(),
            closures: "31/02/2027 Nghỉ".into(),
            status: "open".into(),
            ..valid()
        };
        assert_eq!(
            fields(input.check(0)),
            vec![
                ("id".into(), Problem::UnknownEntry),
                ("name".into(), Problem::EntryNameMissing),
                ("kind".into(), Problem::UnknownKind),
                ("latitude".into(), Problem::PositionOutsideVietnam),
                ("phone_2".into(), Problem::ServicePhoneInvalid),
                ("tue".into(), Problem::HoursEndBeforeStart),
                ("wed".into(), Problem::HoursOverlap),
                ("thu".into(), Problem::HoursInvalid),
                ("closures".into(), Problem::ClosureInvalid),
                ("status".into(), Problem::UnknownStatus),
            ]
        );
    }

    #[test]
    fn limits_and_lone_fields() {
        let input = EntryInput {
            name: "x".repeat(201),
            latitude: "".into(),
            phone_3_label: "Bảo vệ".into(),
            ..valid()
        };
        assert_eq!(
            fields(input.check(7)),
            vec![
                ("name".into(), Problem::TextTooLong),
                ("latitude".into(), Problem::PositionInvalid),
                ("phone_3".into(), Problem::ServicePhoneInvalid),
            ]
        );
        assert_eq!(valid().check(7).unwrap().name, "Trạm Y tế xã");
    }

    #[test]
    fn fields_round_trip() {
        let mut input = EntryInput::default();
        for (i, field) in FIELDS.iter().enumerate() {
            assert!(input.set(field, i.to_string()), "{field}");
        }
        for (i, field) in FIELDS.iter().enumerate() {
            assert_eq!(input.get(field), i.to_string());
        }
        assert!(!input.set("colour", String::new()));
    }

    #[test]
    fn dates() {
        assert_eq!(
            crate::time::parse_date("29/02/2028").as_deref(),
            Some("2028-02-29")
        );
        assert_eq!(crate::time::parse_date("29/02/2027"), None);
        assert_eq!(crate::time::parse_date("2027-13-01"), None);
        assert_eq!(crate::time::parse_date("tomorrow"), None);
    }
}
