//! A believable year of the demo commune (Xã Tiên Lữ): residents and staff,
//! a few hundred reports across categories, villages and statuses (replies,
//! internal notes, photos, reopenings, ratings, deadlines met and missed, a
//! few still overdue), a closed survey with a few hundred responses and its
//! results published, announcements, and the commune's adult population.
//!
//! The story of each report is drawn by a seeded generator on the commune's
//! own working time, so the same day gives the same demo and the dashboards'
//! figures (times in working minutes, shares on time) are what the app itself
//! would have recorded. Every row is marked `is_demo`; `removal` takes it away.

use sqlx::Transaction;

use super::DEMO_COMMUNE;
use super::scenes::{Scene, photo};
use crate::accounts::model::{PhoneNumber, Role};
use crate::db::{Db, now_ms};
use crate::error::AppError;
use crate::reports::deadlines::WorkingTime;
use crate::reports::lifecycle::Status;
use crate::reports::model::tracking_code;
use crate::reports::photos::Photo;

const MINUTE: i64 = 60_000;
const HOUR: i64 = 60 * MINUTE;
const DAY: i64 = 24 * HOUR;
const VIETNAM_OFFSET: i64 = 7 * HOUR;

/// How many reports the year holds, and survey responses.
pub const REPORTS: usize = 320;
pub const RESPONSES: usize = 280;

type Tx<'a> = Transaction<'a, sqlx::Any>;

/// A small seeded generator (SplitMix64): the demo is the same every time.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// In `0..n`.
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    /// In `[low, high)`.
    fn between(&mut self, low: f64, high: f64) -> f64 {
        low + (self.next() >> 11) as f64 / (1u64 << 53) as f64 * (high - low)
    }

    fn chance(&mut self, p: f64) -> bool {
        self.between(0.0, 1.0) < p
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// Whether the demo commune already has its history.
pub async fn seeded(db: &Db) -> Result<bool, AppError> {
    let n: i64 =
        sqlx::query_scalar("select count(*) from reports where commune_code = $1 and is_demo = 1")
            .bind(DEMO_COMMUNE)
            .fetch_one(db)
            .await?;
    Ok(n > 0)
}

/// Gives the demo commune its year, ending now. Does nothing when it has one
/// already (returns false). The demo commune, its villages and its demo
/// people must be there (`demo::seed`).
#[tracing::instrument(skip(db))]
pub async fn seed(db: &Db) -> Result<bool, AppError> {
    if seeded(db).await? {
        return Ok(false);
    }
    let now = now_ms();
    // Everything read first: on SQLite a transaction should start with its write.
    let villages: Vec<i64> = sqlx::query_scalar(
        "select id from villages where commune_code = $1 and is_demo = 1 order by id",
    )
    .bind(DEMO_COMMUNE)
    .fetch_all(db)
    .await?;
    if villages.is_empty() {
        tracing::error!("the demo commune has no villages: seed the demo commune first");
        return Err(AppError::Internal);
    }
    let categories = crate::reports::db::categories(db, DEMO_COMMUNE).await?;
    let (working, _) = crate::reports::db::working_time(db, DEMO_COMMUNE).await?;
    let province: String = sqlx::query_scalar(
        "select p.name from provinces p join communes c on c.province_code = p.code where c.code = $1",
    )
    .bind(DEMO_COMMUNE)
    .fetch_one(db)
    .await?;
    let centre = crate::reports::db::commune_center(db, DEMO_COMMUNE)
        .await?
        .unwrap_or((20.655, 106.128));
    let admin: i64 = sqlx::query_scalar("select id from users where phone = $1 and is_demo = 1")
        .bind(PhoneNumber::parse(super::DEMO_ADMIN_PHONE)?.as_str())
        .fetch_optional(db)
        .await?
        .ok_or_else(|| {
            tracing::error!("the demo commune admin is missing: seed the demo people first");
            AppError::Internal
        })?;
    let password = crate::accounts::passwords::hash(super::DEMO_PASSWORD).await?;
    let photos: Vec<(Scene, Photo)> =
        tokio::task::spawn_blocking(|| Scene::ALL.into_iter().map(|s| (s, photo(s))).collect())
            .await
            .map_err(|_| AppError::Internal)?;

    let mut rng = Rng(0x5A5A_2026);
    let mut tx = db.begin().await?;
    // Two servers starting at once on one PostgreSQL: the commune's row lock
    // lets one seed, and the other then finds the history there.
    sqlx::query("update communes set updated_at = updated_at where code = $1")
        .bind(DEMO_COMMUNE)
        .execute(&mut *tx)
        .await?;
    let already: i64 =
        sqlx::query_scalar("select count(*) from reports where commune_code = $1 and is_demo = 1")
            .bind(DEMO_COMMUNE)
            .fetch_one(&mut *tx)
            .await?;
    if already > 0 {
        return Ok(false);
    }
    let staff = staff(&mut tx, admin, &password, now).await?;
    let residents = residents(&mut tx, &mut rng, &villages, &password, now).await?;
    if residents.is_empty() {
        tracing::error!("every demo resident's number belongs to a real account");
        return Err(AppError::Internal);
    }
    let world = World {
        now,
        working: &working,
        province: &province,
        centre,
        villages: &villages,
        staff: &staff,
        residents: &residents,
        photos: &photos,
    };
    let filed = reports(&mut tx, &mut rng, &world, &categories).await?;
    survey(&mut tx, &mut rng, &world).await?;
    announcements(&mut tx, &world, admin).await?;
    // Each village's adults, for participation per village (7,400 in all,
    // some of them in no village the app knows).
    for (n, village) in villages.iter().enumerate() {
        sqlx::query("update villages set adults = $1 where id = $2 and adults is null")
            .bind(600 + (n as i64 * 137) % 500)
            .bind(village)
            .execute(&mut *tx)
            .await?;
    }
    sqlx::query(
        "insert into commune_population (commune_code, adults, updated_by, created_at, updated_at) \
         values ($1, $2, null, $3, $3) on conflict (commune_code) do nothing",
    )
    .bind(DEMO_COMMUNE)
    .bind(7_400_i64)
    .bind(now)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    tracing::info!(reports = filed, "gave the demo commune a year of history");
    Ok(true)
}

/// What every part of the story draws on.
struct World<'a> {
    now: i64,
    working: &'a WorkingTime,
    province: &'a str,
    centre: (f64, f64),
    villages: &'a [i64],
    /// The commune admin first.
    staff: &'a [i64],
    /// Each with their village.
    residents: &'a [(i64, i64)],
    photos: &'a [(Scene, Photo)],
}

impl World<'_> {
    fn photo(&self, scene: Scene) -> &Photo {
        &self
            .photos
            .iter()
            .find(|(s, _)| *s == scene)
            .expect("every scene is drawn")
            .1
    }
}

async fn insert_person(
    tx: &mut Tx<'_>,
    phone: &str,
    name: &str,
    password: &str,
    village: Option<i64>,
    since: i64,
) -> Result<Option<i64>, AppError> {
    let phone = PhoneNumber::parse(phone)?;
    sqlx::query(
        "insert into users (phone, name, password_hash, home_commune, village_id, lang, is_demo, \
         created_at, updated_at) values ($1, $2, $3, $4, $5, 'vi', 1, $6, $6) \
         on conflict (phone) do nothing",
    )
    .bind(phone.as_str())
    .bind(name)
    .bind(password)
    .bind(DEMO_COMMUNE)
    .bind(village)
    .bind(since)
    .execute(&mut **tx)
    .await?;
    // Someone real who has this number is never made part of the demo (nor
    // removed with it).
    Ok(
        sqlx::query_scalar("select id from users where phone = $1 and is_demo = 1")
            .bind(phone.as_str())
            .fetch_optional(&mut **tx)
            .await?,
    )
}

/// The commune admin and two commune staff, who handle the reports.
async fn staff(
    tx: &mut Tx<'_>,
    admin: i64,
    password: &str,
    now: i64,
) -> Result<Vec<i64>, AppError> {
    let mut ids = vec![admin];
    for (phone, name) in [
        ("0900000003", "Lê Văn Dũng"),
        ("0900000004", "Phạm Thị Lan"),
    ] {
        let Some(id) = insert_person(tx, phone, name, password, None, now - 400 * DAY).await?
        else {
            continue;
        };
        crate::staff::db::appoint(
            &mut **tx,
            id,
            Role::CommuneStaff {
                commune: DEMO_COMMUNE,
            },
            admin,
        )
        .await?;
        ids.push(id);
    }
    Ok(ids)
}

const FAMILY: [&str; 10] = [
    "Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đỗ", "Bùi", "Đặng", "Ngô",
];
const GIVEN: [&str; 16] = [
    "Văn An",
    "Thị Bình",
    "Văn Cường",
    "Thị Dung",
    "Văn Hải",
    "Thị Hương",
    "Văn Long",
    "Thị Mai",
    "Văn Nam",
    "Thị Ngọc",
    "Văn Phúc",
    "Thị Thu",
    "Văn Tuấn",
    "Thị Yến",
    "Đức Thắng",
    "Minh Châu",
];

/// Forty residents (phones 0900001000–0900001039), each of a village.
async fn residents(
    tx: &mut Tx<'_>,
    rng: &mut Rng,
    villages: &[i64],
    password: &str,
    now: i64,
) -> Result<Vec<(i64, i64)>, AppError> {
    let mut people = Vec::new();
    for n in 0..40 {
        let name = format!(
            "{} {}",
            FAMILY[n % FAMILY.len()],
            GIVEN[(n * 7) % GIVEN.len()]
        );
        let village = *rng.pick(villages);
        let since = now - 380 * DAY + n as i64 * DAY;
        let phone = format!("09000010{n:02}");
        if let Some(id) = insert_person(tx, &phone, &name, password, Some(village), since).await? {
            people.push((id, village));
        }
    }
    Ok(people)
}

/// What residents write, per category code.
fn descriptions(category: &str) -> &'static [&'static str] {
    match category {
        "giao_thong" => &[
            "Đường liên thôn đoạn gần cầu bị sụt lún, nhiều ổ gà sâu, xe máy đi lại rất nguy hiểm.",
            "Biển báo ở ngã ba đầu làng bị đổ sau trận mưa to, người lạ đi qua không biết đường.",
            "Cành tre che khuất tầm nhìn ở khúc cua gần trường, xe đi ngược chiều không thấy nhau.",
            "Mặt đường bê tông nứt vỡ một đoạn dài khoảng 20 mét, trời mưa đọng nước.",
        ],
        "dien_chieu_sang" => &[
            "Đèn đường ở đầu ngõ hỏng đã hơn một tuần, buổi tối rất tối, các cháu đi học thêm về sợ.",
            "Dây điện võng thấp ngang đường, xe chở rơm cao đi qua có thể vướng.",
            "Cột đèn chiếu sáng bị nghiêng sau bão, có nguy cơ đổ vào nhà dân.",
        ],
        "nuoc_sach" => &[
            "Nước máy có màu vàng và mùi lạ từ hôm qua, gia đình không dám dùng để nấu ăn.",
            "Đường ống nước sạch bị vỡ trước cổng nhà văn hóa, nước chảy tràn ra đường.",
            "Cả xóm mất nước sinh hoạt từ sáng mà chưa có thông báo.",
        ],
        "moi_truong" => &[
            "Rác thải tập kết bên đường lâu ngày không được thu gom, bốc mùi hôi, ruồi nhặng nhiều.",
            "Có người đổ trộm phế thải xây dựng xuống mương thoát nước của thôn.",
            "Khói đốt rơm rạ buổi chiều bay vào khu dân cư, người già và trẻ nhỏ khó thở.",
            "Xác gia cầm vứt xuống ao đầu làng, nước ao bốc mùi.",
        ],
        "an_ninh" => &[
            "Nhóm thanh niên tụ tập, rú ga nẹt pô gây ồn ào lúc nửa đêm.",
            "Mấy đêm gần đây trong thôn mất chó, nghi có người trộm.",
            "Xe tải chở vật liệu chạy nhanh qua khu dân cư vào giờ tan học.",
        ],
        "y_te" => &[
            "Nhiều muỗi ở khu ao tù cuối xóm, đề nghị phun thuốc phòng sốt xuất huyết.",
            "Trạm y tế chưa thông báo lịch tiêm chủng tháng này, nhiều gia đình có con nhỏ chưa biết.",
        ],
        "giao_duc" => &[
            "Mái che sân trường tiểu học bị dột, trời mưa các cháu không ra chơi được.",
            "Trước cổng trường mẫu giáo không có vạch kẻ đường và biển báo trường học.",
        ],
        "van_hoa" => &[
            "Nhà văn hóa thôn xuống cấp, quạt và đèn hỏng nhiều, họp thôn rất nóng.",
            "Loa truyền thanh thôn bật quá to từ năm giờ sáng.",
        ],
        "thuy_loi" => &[
            "Cống thoát nước bị tắc, cứ mưa to là ngập cả đoạn đường vào xóm.",
            "Bờ kênh tưới tiêu bị sạt lở một đoạn khoảng 10 mét, sợ vỡ khi tháo nước.",
            "Ruộng lúa cánh đồng sau làng bị ngập úng do trạm bơm chưa vận hành.",
        ],
        _ => &[
            "Chó thả rông không rọ mõm trên đường làng, trẻ em đi học sợ.",
            "Đề nghị lắp thêm ghế đá và đèn ở khu vui chơi của thôn.",
        ],
    }
}

/// What staff answer when it is done, per category code.
fn resolution(category: &str) -> &'static str {
    match category {
        "giao_thong" => "Đã vá ổ gà và láng lại mặt đường đoạn này. Cảm ơn bà con đã phản ánh.",
        "dien_chieu_sang" => "Điện lực đã thay bóng và sửa lại đường dây. Đèn đã sáng bình thường.",
        "nuoc_sach" => "Đơn vị cấp nước đã sửa đường ống và súc rửa, nước đã trong trở lại.",
        "moi_truong" => "Tổ vệ sinh môi trường đã thu gom, dọn sạch và nhắc nhở các hộ xung quanh.",
        "an_ninh" => "Công an xã đã tăng cường tuần tra ban đêm và làm việc với các thanh niên.",
        "thuy_loi" => "Đã nạo vét cống, khơi thông dòng chảy; nước đã rút hết.",
        _ => "Xã đã kiểm tra và xử lý xong. Cảm ơn ông/bà đã phản ánh.",
    }
}

const PROGRESS_REPLIES: [&str; 3] = [
    "Cán bộ xã đã xuống kiểm tra hiện trường, dự kiến xử lý trong tuần này.",
    "Xã đã đề nghị đơn vị phụ trách cử người đến khắc phục.",
    "Đang chờ vật tư, xã sẽ báo lại khi làm xong.",
];
const NOTES: [&str; 2] = [
    "Đã báo trưởng thôn phối hợp.",
    "Cần kinh phí sửa chữa, trình lãnh đạo xã.",
];
const RATING_COMMENTS: [&str; 4] = [
    "Xử lý nhanh, cảm ơn xã.",
    "Đã sửa xong, đi lại tốt rồi.",
    "Làm được nhưng hơi lâu.",
    "Cán bộ nhiệt tình.",
];

/// Who acts in a step of the story.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Actor {
    Reporter,
    /// The staff member handling it.
    Handler,
}

#[derive(Clone, Debug)]
struct Step {
    at: i64,
    actor: Actor,
    kind: &'static str,
    status: Option<Status>,
    body: String,
    public: bool,
    resolve_by: Option<i64>,
    photo: Option<Scene>,
}

/// One report's year: its steps and where they left it.
#[derive(Clone, Debug)]
struct Story {
    steps: Vec<Step>,
    status: Status,
    acknowledged_at: Option<i64>,
    acknowledge_minutes: Option<i64>,
    resolved_at: Option<i64>,
    resolve_minutes: Option<i64>,
    resolve_by: i64,
    reopened_at: Option<i64>,
    rating: Option<(i64, &'static str)>,
    handled: bool,
}

impl Story {
    fn step(&mut self, at: i64, actor: Actor, status: Status, body: &str) {
        self.status = status;
        self.steps.push(Step {
            at,
            actor,
            kind: "status",
            status: Some(status),
            body: body.to_owned(),
            public: true,
            resolve_by: None,
            photo: None,
        });
    }
}

/// How a report filed at `filed` went, as the app would have recorded it, up
/// to `now`. `duplicate` says whether there is an earlier report it could
/// duplicate.
fn story(
    rng: &mut Rng,
    working: &WorkingTime,
    filed: i64,
    now: i64,
    (category, days, urgent): (&str, u32, bool),
    duplicate: bool,
) -> Story {
    let target = f64::from(days * working.day_minutes());
    let mut s = Story {
        steps: vec![Step {
            at: filed,
            actor: Actor::Reporter,
            kind: "filed",
            status: Some(Status::New),
            body: String::new(),
            public: true,
            resolve_by: None,
            photo: None,
        }],
        status: Status::New,
        acknowledged_at: None,
        acknowledge_minutes: None,
        resolved_at: None,
        resolve_minutes: None,
        resolve_by: working.resolve_by(filed, days),
        reopened_at: None,
        rating: None,
        handled: false,
    };
    // Acknowledged within the 8 (urgent: 4) working hours nine times in ten.
    let limit = if urgent { 240.0 } else { 480.0 };
    let factor = if rng.chance(0.9) {
        rng.between(0.05, 0.95)
    } else {
        rng.between(1.1, 2.5)
    };
    let acknowledged = working.add(filed, (limit * factor) as u32);
    if acknowledged >= now {
        return s;
    }
    s.acknowledged_at = Some(acknowledged);
    s.acknowledge_minutes = Some(working.minutes_between(filed, acknowledged));
    let fate = rng.below(100);
    let (first, body) = match fate {
        0..2 => (
            Status::Rejected,
            "Nội dung không phải là phản ánh về việc của xã.",
        ),
        2..6 => (
            Status::NotResponsible,
            "Việc này thuộc thẩm quyền của đơn vị cấp trên; xã đã chuyển phản ánh đến đơn vị phụ trách.",
        ),
        6..9 if duplicate => (
            Status::Duplicate,
            "Trùng với một phản ánh đã có, xã đang xử lý chung.",
        ),
        _ => (Status::Acknowledged, "Xã đã tiếp nhận phản ánh."),
    };
    s.step(acknowledged, Actor::Handler, first, body);
    if first != Status::Acknowledged {
        return s;
    }
    s.handled = true;
    let started = working.add(acknowledged, rng.between(30.0, 600.0) as u32);
    if started >= now {
        return s;
    }
    s.step(started, Actor::Handler, Status::InProgress, "");
    // A few are still waiting, overdue: deadlines missed that show now.
    let stuck = rng.chance(0.04);
    let on_time = rng.chance(0.8);
    let factor = if on_time {
        rng.between(0.15, 0.95)
    } else {
        rng.between(1.05, 2.2)
    };
    let resolved = working
        .add(filed, (target * factor) as u32)
        .max(started + 30 * MINUTE);
    // Replies and notes while it is being worked on.
    let until = if stuck { now } else { resolved.min(now) };
    // A public reply (three in ten) and an internal note (one in seven).
    for (p, kind, texts, minutes) in [
        (0.3, "reply", &PROGRESS_REPLIES[..], (60.0, 900.0)),
        (0.15, "note", &NOTES[..], (10.0, 300.0)),
    ] {
        if rng.chance(p) {
            let at = working.add(started, rng.between(minutes.0, minutes.1) as u32);
            if at < until {
                s.steps.push(Step {
                    at,
                    actor: Actor::Handler,
                    kind,
                    status: None,
                    body: rng.pick(texts).to_string(),
                    public: kind == "reply",
                    resolve_by: None,
                    photo: None,
                });
            }
        }
    }
    if stuck || resolved >= now {
        return s;
    }
    resolve(&mut s, rng, resolved, filed, working, category);
    let answered = resolved + rng.between(2.0, 96.0) as i64 * HOUR;
    if answered >= now {
        return s;
    }
    let mut on_time = on_time;
    if rng.chance(0.07) {
        // "Not fixed yet": a new deadline from the reopening.
        let deadline = working.resolve_by(answered, days);
        s.step(answered, Actor::Reporter, Status::InProgress, "");
        if let Some(step) = s.steps.last_mut() {
            step.resolve_by = Some(deadline);
        }
        s.resolve_by = deadline;
        s.reopened_at = Some(answered);
        let again = working.add(answered, (target * rng.between(0.2, 0.9)) as u32);
        if again >= now {
            return s;
        }
        resolve(&mut s, rng, again, answered, working, category);
        on_time = false;
        if again + 2 * DAY >= now {
            return s;
        }
    }
    if rng.chance(0.8) {
        let closed = s.resolved_at.unwrap_or(answered).max(answered);
        s.step(closed, Actor::Reporter, Status::Closed, "");
        if rng.chance(0.85) {
            let stars = if on_time {
                *rng.pick(&[5, 5, 5, 4, 4, 3])
            } else {
                *rng.pick(&[4, 3, 3, 2, 1])
            };
            let comment = if rng.chance(0.4) {
                *rng.pick(&RATING_COMMENTS)
            } else {
                ""
            };
            s.rating = Some((stars, comment));
        }
    }
    s
}

fn resolve(
    s: &mut Story,
    rng: &mut Rng,
    at: i64,
    since: i64,
    working: &WorkingTime,
    category: &str,
) {
    s.step(at, Actor::Handler, Status::Resolved, resolution(category));
    if rng.chance(0.3)
        && let Some(step) = s.steps.last_mut()
    {
        step.photo = Some(Scene::Mended);
    }
    s.resolved_at = Some(at);
    s.resolve_minutes = Some(working.minutes_between(since, at));
}

/// Category codes by how often residents report them.
const WEIGHTS: [(&str, usize); 10] = [
    ("giao_thong", 18),
    ("dien_chieu_sang", 12),
    ("nuoc_sach", 8),
    ("moi_truong", 20),
    ("an_ninh", 8),
    ("y_te", 5),
    ("giao_duc", 4),
    ("van_hoa", 5),
    ("thuy_loi", 12),
    ("khac", 8),
];

/// When the reports were filed: over the last year, more of them lately (the
/// commune took to the app), in the daytime.
fn filing_times(rng: &mut Rng, now: i64) -> Vec<i64> {
    let today = (now + VIETNAM_OFFSET).div_euclid(DAY) * DAY - VIETNAM_OFFSET;
    let mut times: Vec<i64> = (0..REPORTS)
        .map(|_| {
            let days_ago = (365.0 * rng.between(0.0, 1.0).powf(1.4)) as i64;
            today - days_ago * DAY + (rng.between(6.0, 21.0) * HOUR as f64) as i64
        })
        .filter(|t| *t < now - 20 * MINUTE)
        .collect();
    times.sort_unstable();
    times
}

async fn reports(
    tx: &mut Tx<'_>,
    rng: &mut Rng,
    world: &World<'_>,
    categories: &[crate::reports::model::Category],
) -> Result<usize, AppError> {
    let weighted: Vec<&crate::reports::model::Category> = categories
        .iter()
        .flat_map(|c| {
            let weight = WEIGHTS
                .iter()
                .find(|(code, _)| *code == c.code)
                .map_or(4, |(_, w)| *w);
            std::iter::repeat_n(c, weight)
        })
        .collect();
    // Each village a place of its own around the commune's centre.
    let place_of = |village: i64| {
        let i = world
            .villages
            .iter()
            .position(|v| *v == village)
            .unwrap_or(0) as f64;
        let angle = i * 2.4;
        (
            world.centre.0 + 0.012 * angle.sin() * (1.0 + i / 10.0),
            world.centre.1 + 0.014 * angle.cos() * (1.0 + i / 10.0),
        )
    };
    let mut earlier: std::collections::HashMap<i64, i64> = Default::default();
    let times = filing_times(rng, world.now);
    for filed in &times {
        let filed = *filed;
        let category = *rng.pick(&weighted);
        let (reporter, home) = *rng.pick(world.residents);
        let village = if rng.chance(0.8) {
            home
        } else {
            *rng.pick(world.villages)
        };
        let position = rng.chance(0.85).then(|| {
            let (lat, lon) = place_of(village);
            (
                lat + rng.between(-0.003, 0.003),
                lon + rng.between(-0.003, 0.003),
            )
        });
        let urgent = rng.chance(
            if matches!(category.code.as_str(), "an_ninh" | "thuy_loi") {
                0.2
            } else {
                0.05
            },
        );
        let description = *rng.pick(descriptions(&category.code));
        let days = category.resolve_days.clamp(1, 90) as u32;
        let duplicate_of = earlier.get(&category.id).copied();
        let story = story(
            rng,
            world.working,
            filed,
            world.now,
            (&category.code, days, urgent),
            duplicate_of.is_some(),
        );
        let handler = *rng.pick(world.staff);
        let placeholder = format!("demo-pending-{filed}");
        let id: i64 = sqlx::query_scalar(
            "insert into reports (code, commune_code, category_id, reporter_id, description, village_id, \
               latitude, longitude, hide_name, urgent, status, acknowledge_by, resolve_by, created_at, \
               updated_at, acknowledged_at, acknowledge_minutes, resolved_at, resolve_minutes, reopened, \
               reopened_at, duplicate_of, rating, rating_comment, assigned_to, is_demo) \
             values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, \
               $20, $21, $22, $23, $24, $25, 1) returning id",
        )
        .bind(&placeholder)
        .bind(DEMO_COMMUNE)
        .bind(category.id)
        .bind(reporter)
        .bind(description)
        .bind(village)
        .bind(position.map(|p| p.0))
        .bind(position.map(|p| p.1))
        .bind(i64::from(rng.chance(0.12)))
        .bind(i64::from(urgent))
        .bind(story.status.code())
        .bind(world.working.acknowledge_by(filed, urgent))
        .bind(story.resolve_by)
        .bind(filed)
        .bind(story.steps.last().map_or(filed, |s| s.at))
        .bind(story.acknowledged_at)
        .bind(story.acknowledge_minutes)
        .bind(story.resolved_at)
        .bind(story.resolve_minutes)
        .bind(i64::from(story.reopened_at.is_some()))
        .bind(story.reopened_at)
        .bind((story.status == Status::Duplicate).then_some(duplicate_of).flatten())
        .bind(story.rating.map(|r| r.0))
        .bind(story.rating.map_or("", |r| r.1))
        .bind(story.handled.then_some(handler))
        .fetch_one(&mut **tx)
        .await?;
        let year: i64 = crate::time::iso_date(filed)[..4].parse().unwrap_or(2026);
        sqlx::query("update reports set code = $1 where id = $2")
            .bind(tracking_code(world.province, year, id))
            .bind(id)
            .execute(&mut **tx)
            .await?;
        earlier.insert(category.id, id);
        if rng.chance(0.35) {
            let scene = Scene::for_category(&category.code);
            insert_photo(tx, id, None, world.photo(scene), filed).await?;
        }
        for step in &story.steps {
            let actor = match step.actor {
                Actor::Reporter => reporter,
                Actor::Handler => handler,
            };
            let event: i64 = sqlx::query_scalar(
                "insert into report_events (report_id, actor_id, kind, status, body, public, resolve_by, \
                 created_at) values ($1, $2, $3, $4, $5, $6, $7, $8) returning id",
            )
            .bind(id)
            .bind(actor)
            .bind(step.kind)
            .bind(step.status.map(|s| s.code()))
            .bind(&step.body)
            .bind(i64::from(step.public))
            .bind(step.resolve_by)
            .bind(step.at)
            .fetch_one(&mut **tx)
            .await?;
            if let Some(scene) = step.photo {
                insert_photo(tx, id, Some(event), world.photo(scene), step.at).await?;
            }
        }
        // The reporter follows it; a few neighbours have the problem too.
        let mut followers = vec![reporter];
        for _ in 0..rng.below(4) {
            let (neighbour, _) = *rng.pick(world.residents);
            if !followers.contains(&neighbour) {
                followers.push(neighbour);
            }
        }
        for (n, follower) in followers.iter().enumerate() {
            sqlx::query(
                "insert into report_followers (report_id, user_id, created_at) values ($1, $2, $3)",
            )
            .bind(id)
            .bind(follower)
            .bind(filed + n as i64 * HOUR)
            .execute(&mut **tx)
            .await?;
        }
    }
    Ok(times.len())
}

async fn insert_photo(
    tx: &mut Tx<'_>,
    report: i64,
    event: Option<i64>,
    photo: &Photo,
    at: i64,
) -> Result<(), AppError> {
    let photos = std::slice::from_ref(photo);
    Ok(crate::reports::db::store_photos(tx, report, event, photos, at).await?)
}

const SUGGESTIONS: [&str; 12] = [
    "Đề nghị xã làm thêm đèn đường ở các ngõ nhỏ.",
    "Nên có lịch thu gom rác cố định và thông báo trên loa.",
    "Cần nạo vét kênh mương trước mùa mưa.",
    "Thủ tục ở bộ phận một cửa nhanh hơn trước, cảm ơn xã.",
    "Mong xã sửa sớm nhà văn hóa thôn.",
    "Trạm y tế nên khám sức khỏe định kỳ cho người cao tuổi.",
    "Đường vào khu nghĩa trang nên được đổ bê tông.",
    "Xã nên mở lớp dạy dùng điện thoại thông minh cho người lớn tuổi.",
    "Cần thêm sân chơi an toàn cho trẻ em trong thôn.",
    "Đề nghị kiểm tra chất lượng nước giếng khoan định kỳ.",
    "Mong có thêm chỗ bán hàng nông sản cho bà con ở chợ xã.",
    "Loa truyền thanh nên phát lịch cắt điện, cắt nước sớm hơn.",
];

/// A survey that ran for a month about four months ago, with its results
/// published: the new-rural template, answered by a few hundred residents.
async fn survey(tx: &mut Tx<'_>, rng: &mut Rng, world: &World<'_>) -> Result<(), AppError> {
    let (template, questions) = crate::surveys::model::new_rural_template();
    let opens = world.now - 140 * DAY;
    let closes = opens + 30 * DAY;
    let year = &crate::time::iso_date(opens)[..4];
    let details = crate::surveys::model::SurveyInput {
        title: format!("Sự hài lòng của người dân với nông thôn mới, giữa năm {year}"),
        opens: crate::time::iso_date(opens),
        closes: crate::time::iso_date(closes),
        ..template
    }
    .check()
    .map_err(|_| AppError::Internal)?;
    let id = crate::surveys::db::create_survey(&mut **tx, DEMO_COMMUNE, &details, &questions, None)
        .await?;
    crate::surveys::db::publish(&mut **tx, id).await?;
    crate::surveys::db::publish_results(&mut **tx, id).await?;
    sqlx::query("update surveys set is_demo = 1, created_at = $1, published_at = $1, results_published_at = $2 where id = $3")
        .bind(opens - 3 * DAY)
        .bind(closes + 2 * DAY)
        .bind(id)
        .execute(&mut **tx)
        .await?;
    respond(tx, rng, world, id, (opens, closes), RESPONSES).await?;
    // The survey open now (the demo's, see `demo::surveys`) has its
    // first answers too, so that the dashboard's latest survey is not empty.
    let open: Option<(i64, String)> = sqlx::query_as(
        "select id, opens_on from surveys where commune_code = $1 and is_demo = 1 and id <> $2 \
         and published_at is not null order by id limit 1",
    )
    .bind(DEMO_COMMUNE)
    .bind(id)
    .fetch_optional(&mut **tx)
    .await?;
    if let Some((open, opens_on)) = open {
        let from = crate::time::parse_iso(&opens_on).unwrap_or(world.now - DAY);
        let from = from.min(world.now - HOUR);
        respond(tx, rng, world, open, (from, world.now - HOUR), 90).await?;
    }
    Ok(())
}

/// `count` more responses to a survey, sent between `from` and `to`: its
/// scale questions (and matrix rows) answered, some criteria liked better
/// than others, and a few suggestions.
async fn respond(
    tx: &mut Tx<'_>,
    rng: &mut Rng,
    world: &World<'_>,
    survey: i64,
    (from, to): (i64, i64),
    count: usize,
) -> Result<(), AppError> {
    use crate::surveys::model::QuestionKind;
    let questions: Vec<(i64, String, String)> = sqlx::query_as(
        "select id, kind, options from survey_questions where survey_id = $1 order by position",
    )
    .bind(survey)
    .fetch_all(&mut **tx)
    .await?;
    let scale: String = sqlx::query_scalar("select scale from surveys where id = $1")
        .bind(survey)
        .fetch_one(&mut **tx)
        .await?;
    let levels = scale.lines().count().max(2) as i64;
    let content: Vec<f64> = (0..20).map(|_| rng.between(0.5, 0.9)).collect();
    let taken: i64 =
        sqlx::query_scalar("select count(*) from survey_responses where survey_id = $1")
            .bind(survey)
            .fetch_one(&mut **tx)
            .await?;
    for n in 0..count {
        let sent = from + (rng.between(0.0, 1.0) * (to - from) as f64) as i64;
        let at = crate::surveys::anonymity::day_of(sent);
        let response: i64 = sqlx::query_scalar(
            "insert into survey_responses (survey_id, respondent, user_id, village_id, submitted_at, \
             created_at, updated_at) values ($1, $2, null, $3, $4, $4, $4) returning id",
        )
        .bind(survey)
        .bind(format!("demo-{}", taken + n as i64))
        .bind(*rng.pick(world.villages))
        .bind(at)
        .fetch_one(&mut **tx)
        .await?;
        for (question, kind, options) in &questions {
            let kind = QuestionKind::parse(kind).map_err(|_| AppError::Internal)?;
            let answers: Vec<(i64, i64, &str)> = match kind {
                QuestionKind::Matrix => (0..options.lines().count())
                    .map(|item| {
                        let level = if rng.chance(content[item % content.len()]) {
                            levels - rng.below(2) as i64
                        } else {
                            1 + rng.below((levels - 2).max(1) as usize) as i64
                        };
                        (item as i64, level, "")
                    })
                    .collect(),
                QuestionKind::LongText if rng.chance(0.05) => {
                    vec![(0, 0, *rng.pick(&SUGGESTIONS))]
                }
                _ => Vec::new(),
            };
            for (item, choice, text) in answers {
                sqlx::query(
                    "insert into survey_answers (response_id, question_id, item, choice, text) \
                     values ($1, $2, $3, $4, $5)",
                )
                .bind(response)
                .bind(question)
                .bind(item)
                .bind(choice)
                .bind(text)
                .execute(&mut **tx)
                .await?;
            }
        }
    }
    Ok(())
}

/// One of the year's announcements.
struct Posted {
    days_ago: i64,
    /// How many days it is shown.
    days: i64,
    kind: &'static str,
    title: &'static str,
    body: &'static str,
    /// For the first village only (otherwise the whole commune).
    one_village: bool,
}

const ANNOUNCEMENTS: [Posted; 8] = [
    Posted {
        days_ago: 300,
        days: 4,
        kind: "alert",
        title: "Cảnh báo bão và mưa lớn",
        body: "Bão dự kiến ảnh hưởng trực tiếp đến địa bàn xã từ đêm nay. Đề nghị bà con chằng chống nhà cửa, thu hoạch lúa chín, không ra đồng khi mưa to.",
        one_village: false,
    },
    Posted {
        days_ago: 240,
        days: 30,
        kind: "notice",
        title: "Lịch thu gom rác thải mới",
        body: "Từ ngày 1 tháng tới, xe thu gom rác đi qua các thôn vào sáng thứ Hai, thứ Tư và thứ Sáu. Bà con để rác đúng nơi quy định trước 7 giờ.",
        one_village: false,
    },
    Posted {
        days_ago: 180,
        days: 10,
        kind: "event",
        title: "Ngày hội Đại đoàn kết toàn dân tộc",
        body: "Thôn tổ chức Ngày hội Đại đoàn kết tại nhà văn hóa thôn lúc 8 giờ sáng Chủ nhật. Mời bà con đến dự.",
        one_village: true,
    },
    Posted {
        days_ago: 145,
        days: 32,
        kind: "notice",
        title: "Lấy ý kiến sự hài lòng về nông thôn mới",
        body: "Xã lấy ý kiến người dân về kết quả xây dựng nông thôn mới. Phiếu không ghi tên, mất khoảng 3 phút, trả lời ngay trên ứng dụng Xã Số.",
        one_village: false,
    },
    Posted {
        days_ago: 90,
        days: 14,
        kind: "notice",
        title: "Phòng chống sốt xuất huyết",
        body: "Trạm y tế xã phun thuốc diệt muỗi tại các thôn trong tuần này. Đề nghị bà con dọn dẹp dụng cụ chứa nước đọng quanh nhà.",
        one_village: false,
    },
    Posted {
        days_ago: 6,
        days: 21,
        kind: "notice",
        title: "Lịch tiêm chủng mở rộng tháng này",
        body: "Trạm y tế xã tiêm chủng cho trẻ dưới 5 tuổi vào ngày 15 và 16. Phụ huynh mang theo sổ tiêm chủng.",
        one_village: false,
    },
    Posted {
        days_ago: 2,
        days: 12,
        kind: "event",
        title: "Hội nghị đối thoại với nhân dân",
        body: "Ủy ban nhân dân xã tổ chức đối thoại với nhân dân về đường giao thông và thủy lợi, 14 giờ thứ Năm tới tại hội trường xã.",
        one_village: false,
    },
    Posted {
        days_ago: 1,
        days: 4,
        kind: "alert",
        title: "Cảnh báo rét đậm, rét hại",
        body: "Nhiệt độ có thể xuống dưới 10 độ. Bà con giữ ấm cho người già, trẻ nhỏ và che chắn chuồng trại cho gia súc.",
        one_village: false,
    },
];

async fn announcements(tx: &mut Tx<'_>, world: &World<'_>, author: i64) -> Result<(), AppError> {
    let today = (world.now + VIETNAM_OFFSET).div_euclid(DAY) * DAY - VIETNAM_OFFSET;
    for Posted {
        days_ago,
        days,
        kind,
        title,
        body,
        one_village,
    } in ANNOUNCEMENTS
    {
        let posted = (today - days_ago * DAY + 8 * HOUR).min(world.now - HOUR);
        let id: i64 = sqlx::query_scalar(
            "insert into announcements (commune_code, kind, title, body, expires_at, author_id, is_demo, \
             created_at, updated_at) values ($1, $2, $3, $4, $5, $6, 1, $7, $7) returning id",
        )
        .bind(DEMO_COMMUNE)
        .bind(kind)
        .bind(title)
        .bind(body)
        .bind(today - days_ago * DAY + (days + 1) * DAY - MINUTE)
        .bind(author)
        .bind(posted)
        .fetch_one(&mut **tx)
        .await?;
        if one_village {
            sqlx::query(
                "insert into announcement_villages (announcement_id, village_id) values ($1, $2)",
            )
            .bind(id)
            .bind(world.villages[0])
            .execute(&mut **tx)
            .await?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A year of stories on government hours: every step in order and before
    /// now, deadlines met and missed, reopenings with their new deadline.
    #[test]
    fn stories_are_consistent_and_varied() {
        let working = WorkingTime::default();
        let mut rng = Rng(7);
        let now = 1_796_000_000_000;
        let mut statuses = std::collections::BTreeSet::new();
        let (mut late, mut reopened, mut rated) = (0, 0, 0);
        for filed in filing_times(&mut rng, now) {
            let s = story(
                &mut rng,
                &working,
                filed,
                now,
                ("giao_thong", 5, false),
                true,
            );
            let times: Vec<i64> = s
                .steps
                .iter()
                .filter(|s| s.status.is_some())
                .map(|s| s.at)
                .collect();
            assert!(
                times.windows(2).all(|w| w[0] <= w[1]),
                "status steps in order"
            );
            assert!(s.steps.iter().all(|step| step.at < now && step.at >= filed));
            if let Some(at) = s.resolved_at {
                late += i64::from(at > s.resolve_by);
            }
            if let Some(at) = s.reopened_at {
                reopened += 1;
                assert!(
                    s.resolve_by > at,
                    "the new deadline comes after the reopening"
                );
            }
            rated += i64::from(s.rating.is_some());
            statuses.insert(s.status.code());
        }
        for status in [
            "new",
            "in_progress",
            "resolved",
            "closed",
            "rejected",
            "not_responsible",
            "duplicate",
        ] {
            assert!(
                statuses.contains(status),
                "{status} missing from {statuses:?}"
            );
        }
        assert!(
            late > 10 && reopened > 3 && rated > 100,
            "{late} {reopened} {rated}"
        );
    }
}
