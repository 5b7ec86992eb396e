//! The demo commune's directory: sixteen services in the five areas, with
//! their organizations, phones, hours and a day closed, marked `is_demo`.

use std::collections::HashMap;

use crate::db::{Db, now_ms};
use crate::directory::db::{search_forms, write_week_hours};
use crate::directory::model::{Kind, ServicePhone};
use crate::error::AppError;

/// A demo entry: organization, area, kind, name, description, offers, village,
/// offsets of its position from the commune centre, phones, hours.
struct Demo {
    organization: &'static str,
    kind: &'static str,
    name: &'static str,
    description: &'static str,
    offers: &'static str,
    village: Option<&'static str>,
    offset: (f64, f64),
    phones: &'static [(&'static str, &'static str)],
    hours: Hours,
}

#[derive(Clone, Copy)]
enum Hours {
    /// Government hours, Monday to Friday.
    Office,
    /// Office hours and Saturday morning.
    OfficeAndSaturday,
    /// School days, 07:00–17:00 Monday to Friday.
    School,
    /// Every day, 06:30–21:00.
    Shop,
    /// Around the clock.
    Always,
    /// Tuesday and Friday, 16:00–18:00.
    Collection,
    /// Evenings and weekends.
    Evenings,
}

impl Hours {
    fn intervals(self) -> Vec<(u8, u16, u16)> {
        let days = |from: u8, to: u8, spans: &[(u16, u16)]| -> Vec<(u8, u16, u16)> {
            (from..=to)
                .flat_map(|d| spans.iter().map(move |(o, c)| (d, *o, *c)))
                .collect()
        };
        match self {
            Hours::Office => days(1, 5, &[(450, 690), (810, 1020)]),
            Hours::OfficeAndSaturday => {
                let mut list = days(1, 5, &[(420, 690), (810, 1020)]);
                list.push((6, 420, 660));
                list
            }
            Hours::School => days(1, 5, &[(420, 1020)]),
            Hours::Shop => days(1, 7, &[(390, 1260)]),
            Hours::Always => days(1, 7, &[(0, 1440)]),
            Hours::Collection => vec![(2, 960, 1080), (5, 960, 1080)],
            Hours::Evenings => {
                let mut list = days(1, 5, &[(1050, 1260)]);
                list.extend(days(6, 7, &[(420, 1260)]));
                list
            }
        }
    }
}

const DEMO_CENTRE: (f64, f64) = (20.6725, 106.1289);

const DEMO_ORGANIZATIONS: [(&str, &str); 5] = [
    ("UBND xã Tiên Lữ", "Ủy ban nhân dân xã Tiên Lữ"),
    (
        "Trung tâm Y tế khu vực Tiên Lữ",
        "Quản lý trạm y tế và phòng khám trên địa bàn",
    ),
    ("Công an tỉnh Hưng Yên", "Công an xã Tiên Lữ trực thuộc"),
    (
        "Phòng Giáo dục khu vực Tiên Lữ",
        "Quản lý các trường mầm non, tiểu học, trung học cơ sở",
    ),
    (
        "Hợp tác xã Môi trường Tiên Lữ",
        "Thu gom rác và cấp nước sạch",
    ),
];

const DEMO_SERVICES: [Demo; 16] = [
    Demo {
        organization: "Trung tâm Y tế khu vực Tiên Lữ",
        kind: "tram_y_te",
        name: "Trạm Y tế xã Tiên Lữ",
        description: "Khám chữa bệnh ban đầu, sơ cứu, chăm sóc sức khỏe bà mẹ và trẻ em.",
        offers: "Khám bệnh có bảo hiểm y tế; tiêm chủng mở rộng ngày 25 hằng tháng; khám thai; tư vấn dinh dưỡng.",
        village: Some("Thôn An Tảo"),
        offset: (0.0012, -0.0008),
        phones: &[("0221 3874 115", "Trực trạm"), ("115", "Cấp cứu")],
        hours: Hours::OfficeAndSaturday,
    },
    Demo {
        organization: "Trung tâm Y tế khu vực Tiên Lữ",
        kind: "phong_kham",
        name: "Phòng khám đa khoa khu vực Tiên Lữ",
        description: "Khám nội, ngoại, sản, nhi; xét nghiệm và siêu âm.",
        offers: "Khám chuyên khoa; xét nghiệm máu; siêu âm; chụp X-quang.",
        village: Some("Thôn Đông Kết"),
        offset: (-0.0031, 0.0024),
        phones: &[("0221 3874 668", "Tiếp đón")],
        hours: Hours::OfficeAndSaturday,
    },
    Demo {
        organization: "UBND xã Tiên Lữ",
        kind: "nha_thuoc",
        name: "Nhà thuốc Hồng Nhung",
        description: "Nhà thuốc đạt chuẩn GPP, có dược sĩ tư vấn.",
        offers: "Thuốc theo đơn và không theo đơn; đo huyết áp miễn phí.",
        village: Some("Tổ dân phố Vương"),
        offset: (0.0005, 0.0017),
        phones: &[("0912 468 135", "Dược sĩ")],
        hours: Hours::Shop,
    },
    Demo {
        organization: "Phòng Giáo dục khu vực Tiên Lữ",
        kind: "truong_mam_non",
        name: "Trường Mầm non Tiên Lữ",
        description: "Nhận trẻ từ 18 tháng đến 6 tuổi, có bán trú.",
        offers: "Nhà trẻ; mẫu giáo bé, nhỡ, lớn; bán trú.",
        village: Some("Thôn Lệ Chi"),
        offset: (0.0022, 0.0009),
        phones: &[("0221 3874 210", "Văn phòng")],
        hours: Hours::School,
    },
    Demo {
        organization: "Phòng Giáo dục khu vực Tiên Lữ",
        kind: "truong_tieu_hoc",
        name: "Trường Tiểu học Tiên Lữ",
        description: "Trường chuẩn quốc gia mức độ 1.",
        offers: "Lớp 1 đến lớp 5; học hai buổi một ngày; thư viện thân thiện.",
        village: Some("Thôn Nhật Tân"),
        offset: (-0.0014, -0.0021),
        phones: &[("0221 3874 211", "Văn phòng")],
        hours: Hours::School,
    },
    Demo {
        organization: "Phòng Giáo dục khu vực Tiên Lữ",
        kind: "truong_thcs",
        name: "Trường THCS Tiên Lữ",
        description: "Trường trung học cơ sở của xã.",
        offers: "Lớp 6 đến lớp 9; câu lạc bộ tiếng Anh; bồi dưỡng học sinh giỏi.",
        village: Some("Thôn Nhật Tân"),
        offset: (-0.0018, -0.0026),
        phones: &[("0221 3874 212", "Văn phòng")],
        hours: Hours::School,
    },
    Demo {
        organization: "Công an tỉnh Hưng Yên",
        kind: "cong_an_xa",
        name: "Công an xã Tiên Lữ",
        description: "Tiếp nhận tin báo tội phạm, giải quyết thủ tục cư trú, căn cước.",
        offers: "Đăng ký thường trú, tạm trú; làm căn cước; tiếp nhận tin báo 24 giờ.",
        village: Some("Thôn An Tảo"),
        offset: (0.0008, -0.0015),
        phones: &[("113", "Khẩn cấp"), ("0221 3874 113", "Trực ban")],
        hours: Hours::Always,
    },
    Demo {
        organization: "UBND xã Tiên Lữ",
        kind: "quan_su_xa",
        name: "Ban Chỉ huy Quân sự xã Tiên Lữ",
        description: "Đăng ký nghĩa vụ quân sự, dân quân tự vệ.",
        offers: "Đăng ký nghĩa vụ quân sự; phòng chống thiên tai và cứu hộ.",
        village: Some("Thôn An Tảo"),
        offset: (0.0010, -0.0011),
        phones: &[("0221 3874 300", "Trực ban")],
        hours: Hours::Office,
    },
    Demo {
        organization: "UBND xã Tiên Lữ",
        kind: "ubnd_xa",
        name: "Trụ sở UBND xã Tiên Lữ",
        description: "Bộ phận một cửa tiếp nhận và trả kết quả thủ tục hành chính.",
        offers: "Chứng thực; hộ tịch; đất đai; chính sách xã hội.",
        village: Some("Thôn An Tảo"),
        offset: (0.0, 0.0),
        phones: &[("0221 3874 001", "Bộ phận một cửa")],
        hours: Hours::OfficeAndSaturday,
    },
    Demo {
        organization: "Hợp tác xã Môi trường Tiên Lữ",
        kind: "thu_gom_rac",
        name: "Điểm thu gom rác thôn An Tảo",
        description: "Điểm tập kết rác sinh hoạt đã phân loại.",
        offers: "Thu gom rác sinh hoạt thứ Ba và thứ Sáu; nhận rác tái chế.",
        village: Some("Thôn An Tảo"),
        offset: (0.0030, -0.0030),
        phones: &[("0983 246 810", "Tổ thu gom")],
        hours: Hours::Collection,
    },
    Demo {
        organization: "Hợp tác xã Môi trường Tiên Lữ",
        kind: "thu_gom_rac",
        name: "Điểm thu gom rác thôn Lệ Chi",
        description: "Điểm tập kết rác sinh hoạt đã phân loại.",
        offers: "Thu gom rác sinh hoạt thứ Ba và thứ Sáu.",
        village: Some("Thôn Lệ Chi"),
        offset: (0.0035, 0.0028),
        phones: &[("0983 246 810", "Tổ thu gom")],
        hours: Hours::Collection,
    },
    Demo {
        organization: "Hợp tác xã Môi trường Tiên Lữ",
        kind: "nuoc_sach",
        name: "Trạm cấp nước sạch Tiên Lữ",
        description: "Cung cấp nước sạch cho toàn xã.",
        offers: "Lắp đặt đồng hồ nước; báo sự cố mất nước; thu tiền nước.",
        village: Some("Thôn Hải Yến"),
        offset: (-0.0040, 0.0012),
        phones: &[("0221 3874 500", "Báo sự cố")],
        hours: Hours::OfficeAndSaturday,
    },
    Demo {
        organization: "UBND xã Tiên Lữ",
        kind: "nha_van_hoa",
        name: "Nhà văn hóa thôn An Tảo",
        description: "Nơi sinh hoạt cộng đồng, họp thôn, văn nghệ.",
        offers: "Họp thôn; câu lạc bộ dưỡng sinh; cho mượn hội trường.",
        village: Some("Thôn An Tảo"),
        offset: (0.0025, -0.0019),
        phones: &[("0978 135 246", "Trưởng thôn")],
        hours: Hours::Evenings,
    },
    Demo {
        organization: "UBND xã Tiên Lữ",
        kind: "thu_vien",
        name: "Thư viện xã Tiên Lữ",
        description: "Sách báo, truyện thiếu nhi, góc đọc có máy tính.",
        offers: "Mượn sách miễn phí; đọc báo; máy tính có Internet.",
        village: Some("Thôn An Tảo"),
        offset: (0.0003, 0.0004),
        phones: &[("0221 3874 002", "Văn phòng UBND")],
        hours: Hours::Office,
    },
    Demo {
        organization: "UBND xã Tiên Lữ",
        kind: "san_the_thao",
        name: "Sân thể thao trung tâm xã",
        description: "Sân bóng đá, bóng chuyền và đường chạy.",
        offers: "Bóng đá; bóng chuyền hơi; thể dục buổi sáng.",
        village: Some("Thôn Thủ Sỹ"),
        offset: (-0.0008, 0.0036),
        phones: &[("0978 135 247", "Người quản lý")],
        hours: Hours::Evenings,
    },
    Demo {
        organization: "UBND xã Tiên Lữ",
        kind: "buu_dien",
        name: "Điểm bưu điện văn hóa xã Tiên Lữ",
        description: "Gửi nhận bưu phẩm, chi trả lương hưu và trợ cấp.",
        offers: "Bưu phẩm; chi trả lương hưu; nộp hồ sơ thủ tục hành chính qua bưu điện.",
        village: Some("Tổ dân phố Phố Giác"),
        offset: (0.0016, 0.0031),
        phones: &[("0221 3874 888", "Quầy giao dịch")],
        hours: Hours::OfficeAndSaturday,
    },
];

/// Demo entries for the demo commune, marked `is_demo`. Safe to run again: it
/// does nothing once the commune has demo entries.
#[tracing::instrument(skip(db))]
pub async fn seed(db: &Db) -> Result<(), AppError> {
    let commune = super::DEMO_COMMUNE;
    let existing: i64 = sqlx::query_scalar(
        "select count(*) from directory_services where commune_code = $1 and is_demo = 1",
    )
    .bind(commune)
    .fetch_one(db)
    .await?;
    if existing > 0 {
        return Ok(());
    }
    let now = now_ms();
    let mut tx = db.begin().await?;
    let mut organizations = HashMap::new();
    for (name, description) in DEMO_ORGANIZATIONS {
        let id: i64 = sqlx::query_scalar(
            "insert into directory_organizations (commune_code, name, description, is_demo, created_at, updated_at) \
             values ($1, $2, $3, 1, $4, $4) returning id",
        )
        .bind(commune)
        .bind(name)
        .bind(description)
        .bind(now)
        .fetch_one(&mut *tx)
        .await?;
        organizations.insert(name, id);
    }
    for demo in &DEMO_SERVICES {
        let kind = Kind::parse(demo.kind)?;
        let village: Option<i64> = match demo.village {
            Some(name) => {
                sqlx::query_scalar("select id from villages where commune_code = $1 and name = $2")
                    .bind(commune)
                    .bind(name)
                    .fetch_optional(&mut *tx)
                    .await?
            }
            None => None,
        };
        let (search_name, search_text) =
            search_forms(demo.name, kind.vi, demo.description, demo.offers);
        let id: i64 = sqlx::query_scalar(
            "insert into directory_services (commune_code, organization_id, area, kind, name, search_name, \
               search_text, description, offers, village_id, address, latitude, longitude, status, \
               verified_at, is_demo, created_at, updated_at) \
             values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, 'active', $14, 1, $14, $14) \
             returning id",
        )
        .bind(commune)
        .bind(organizations.get(demo.organization).copied())
        .bind(kind.area.code())
        .bind(kind.code)
        .bind(demo.name)
        .bind(search_name)
        .bind(search_text)
        .bind(demo.description)
        .bind(demo.offers)
        .bind(village)
        .bind(demo.village.map(|v| format!("{v}, xã Tiên Lữ, Hưng Yên")).unwrap_or_default())
        .bind(DEMO_CENTRE.0 + demo.offset.0)
        .bind(DEMO_CENTRE.1 + demo.offset.1)
        .bind(now)
        .fetch_one(&mut *tx)
        .await?;
        for (position, (number, label)) in demo.phones.iter().enumerate() {
            let phone = ServicePhone::parse(number)?;
            sqlx::query(
                "insert into directory_phones (service_id, number, label, position) values ($1, $2, $3, $4)",
            )
            .bind(id)
            .bind(phone.dial())
            .bind(*label)
            .bind(position as i64)
            .execute(&mut *tx)
            .await?;
        }
        for (weekday, opens, closes) in demo.hours.intervals() {
            sqlx::query(
                "insert into directory_schedules (service_id, weekday, opens_at, closes_at) values ($1, $2, $3, $4)",
            )
            .bind(id)
            .bind(i64::from(weekday))
            .bind(i64::from(opens))
            .bind(i64::from(closes))
            .execute(&mut *tx)
            .await?;
        }
        write_week_hours(&mut tx, id).await?;
        // National Day: offices close.
        if !matches!(demo.hours, Hours::Always | Hours::Shop) {
            sqlx::query(
                "insert into directory_closures (service_id, on_date, note) values ($1, $2, $3)",
            )
            .bind(id)
            .bind("2027-09-02")
            .bind("Nghỉ lễ Quốc khánh")
            .execute(&mut *tx)
            .await?;
        }
    }
    tx.commit().await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::hours::{Interval, OpeningHours};

    #[test]
    fn demo_entries_are_valid() {
        for demo in &DEMO_SERVICES {
            let kind = Kind::parse(demo.kind).unwrap();
            assert!(!demo.name.is_empty());
            for (number, _) in demo.phones {
                assert!(ServicePhone::parse(number).is_ok(), "{number}");
            }
            let intervals = demo
                .hours
                .intervals()
                .into_iter()
                .map(|(weekday, opens, closes)| Interval {
                    weekday,
                    opens,
                    closes,
                })
                .collect();
            assert!(OpeningHours::new(intervals).is_ok(), "{}", demo.name);
            assert!(
                DEMO_ORGANIZATIONS
                    .iter()
                    .any(|(o, _)| *o == demo.organization)
            );
            let _ = kind;
        }
        let areas: std::collections::BTreeSet<_> = DEMO_SERVICES
            .iter()
            .map(|d| Kind::parse(d.kind).unwrap().area.code())
            .collect();
        assert_eq!(areas.len(), 5, "every area has demo entries");
    }
}
