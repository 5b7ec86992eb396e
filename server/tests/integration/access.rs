//! The access table: every server function and every page, called by each kind of
//! caller, with the status each must get. A new endpoint that is missing from the
//! table fails `every_endpoint_is_in_the_table`.

use app::accounts::model::{PhoneNumber, Role};

use crate::support::{DEMO_COMMUNE, PASSWORD, TestApp};

/// The callers, in the order of each row's expected statuses.
const CALLERS: [&str; 6] = [
    "anonymous",
    "resident",
    "staff of the commune",
    "staff of another commune",
    "commune admin",
    "officer of another province",
];

/// Another commune of Hưng Yên (Xã Tiên Hoa) and another province (Hà Nội).
const OTHER_COMMUNE: i64 = 12361;
const OTHER_PROVINCE: i64 = 1;

/// Fresh callers and targets for one row, so that rows cannot affect each other.
struct Fixture {
    tokens: Vec<Option<String>>,
    /// A resident of the demo commune whom the rows act on.
    target_phone: String,
    /// A staff member of the demo commune whom `remove_staff` removes.
    removable_staff: i64,
    villages: Vec<i64>,
    /// The tracking code of a report the resident caller filed in the demo commune.
    report: String,
    row: usize,
}

fn phone(row: usize, n: usize) -> String {
    format!("097{:03}{:04}", row, n)
}

async fn fixture(app: &TestApp, row: usize) -> Fixture {
    let roles = [
        None,
        Some(Role::Resident),
        Some(Role::CommuneStaff { commune: 12364 }),
        Some(Role::CommuneStaff {
            commune: OTHER_COMMUNE,
        }),
        Some(Role::CommuneAdmin { commune: 12364 }),
        Some(Role::ProvinceOfficer {
            province: OTHER_PROVINCE,
        }),
    ];
    let mut tokens = Vec::new();
    for (n, role) in roles.into_iter().enumerate() {
        tokens.push(match role {
            None => None,
            Some(role) => Some(app.person_with_role(&phone(row, n), role).await),
        });
    }
    let target_phone = phone(row, 10);
    app.sign_up(&target_phone, "Người Được Chọn").await;
    let removable = phone(row, 11);
    app.person_with_role(&removable, Role::CommuneStaff { commune: 12364 })
        .await;
    let removable_staff =
        app::accounts::db::person_by_phone(&app.db, &PhoneNumber::parse(&removable).unwrap())
            .await
            .unwrap()
            .unwrap()
            .id;
    let villages =
        sqlx::query_scalar("select id from villages where commune_code = 12364 order by id")
            .fetch_all(&app.db)
            .await
            .unwrap();
    let filed = app
        .post(
            "/api/reports/file",
            &[
                ("commune", DEMO_COMMUNE),
                ("report[category]", &first_category(app).await.to_string()),
                (
                    "report[description]",
                    "Đèn đường ở đầu thôn bị hỏng từ tuần trước",
                ),
            ],
            tokens[1].as_deref(),
        )
        .await;
    assert_eq!(filed.status(), 200, "the fixture's report is filed");
    let report: String = filed.json().await.unwrap();
    Fixture {
        tokens,
        target_phone,
        removable_staff,
        villages,
        report,
        row,
    }
}

/// The id of the demo commune's first report category (created on first use).
async fn first_category(app: &TestApp) -> i64 {
    app::reports::db::categories(&app.db, 12364).await.unwrap()[0].id
}

type Params = fn(&Fixture, usize) -> Vec<(String, String)>;

struct Row {
    /// The route as the router lists it (`/c/{code}`) or the server function's path.
    endpoint: &'static str,
    /// What is requested (the endpoint with its path parameters filled in;
    /// `{report}` stands for the fixture's report code).
    path: &'static str,
    post: bool,
    params: Params,
    expect: [u16; 6],
}

fn none(_: &Fixture, _: usize) -> Vec<(String, String)> {
    Vec::new()
}

fn pairs(items: &[(&str, String)]) -> Vec<(String, String)> {
    items
        .iter()
        .map(|(k, v)| (k.to_string(), v.clone()))
        .collect()
}

fn demo_commune(_: &Fixture, _: usize) -> Vec<(String, String)> {
    pairs(&[("commune", DEMO_COMMUNE.into())])
}

const PAGE: fn(&'static str, [u16; 6]) -> Row = |path, expect| Row {
    endpoint: path,
    path,
    post: false,
    params: none,
    expect,
};

const ALL_200: [u16; 6] = [200; 6];
/// Open to staff of any kind.
const STAFF: [u16; 6] = [401, 403, 200, 200, 200, 200];
/// Only the demo commune's admin.
const ADMIN: [u16; 6] = [401, 403, 403, 403, 200, 403];
/// The demo commune's staff and admin (who edit its directory).
const EDIT: [u16; 6] = [401, 403, 200, 403, 200, 403];
/// A survey that does not exist, asked for by staff: not found in any commune.
const NO_SURVEY: [u16; 6] = [401, 403, 404, 404, 404, 403];

fn no_survey(_: &Fixture, _: usize) -> Vec<(String, String)> {
    pairs(&[("id", "999999".into())])
}

fn survey_999999(_: &Fixture, _: usize) -> Vec<(String, String)> {
    pairs(&[("survey", "999999".into())])
}

/// Nobody in the table (system administrator or the province's own officer only).
const NOBODY: [u16; 6] = [401, 403, 403, 403, 403, 403];

fn table() -> Vec<Row> {
    vec![
        PAGE("/", ALL_200),
        PAGE("/commune", ALL_200),
        Row {
            endpoint: "/c/{code}",
            path: "/c/12364",
            ..PAGE("", ALL_200)
        },
        PAGE("/directory", ALL_200),
        Row {
            endpoint: "/directory/{page}",
            path: "/directory/1",
            ..PAGE("", ALL_200)
        },
        get(
            "/api/directory/overview",
            |_, _| pairs(&[("commune", DEMO_COMMUNE.into()), ("area", "health".into())]),
            ALL_200,
        ),
        get(
            "/api/directory/service",
            |_, _| pairs(&[("id", "1".into())]),
            ALL_200,
        ),
        PAGE("/reports", ALL_200),
        Row {
            endpoint: "/reports/{page}",
            path: "/reports/new",
            ..PAGE("", ALL_200)
        },
        Row {
            endpoint: "/reports/{page}",
            path: "/reports/{report}",
            ..PAGE("", ALL_200)
        },
        Row {
            endpoint: "/reports/{page}",
            path: "/reports/XX-2026-999999",
            ..PAGE("", [404; 6])
        },
        get(
            "/api/reports/form",
            demo_commune,
            [401, 200, 200, 200, 200, 200],
        ),
        post(
            "/api/reports/file",
            |_, _| {
                pairs(&[
                    ("commune", DEMO_COMMUNE.into()),
                    ("report[category]", "1".into()),
                    (
                        "report[description]",
                        "Rác thải đổ trộm cạnh kênh mương".into(),
                    ),
                ])
            },
            [401, 200, 200, 200, 200, 200],
        ),
        get("/api/reports/list", demo_commune, ALL_200),
        get(
            "/api/reports/nearby",
            |_, _| {
                pairs(&[
                    ("commune", DEMO_COMMUNE.into()),
                    ("category", "1".into()),
                    ("village", "1".into()),
                ])
            },
            ALL_200,
        ),
        get(
            "/api/reports/notifications",
            none,
            [401, 200, 200, 200, 200, 200],
        ),
        post(
            "/api/reports/notifications/read",
            none,
            [401, 200, 200, 200, 200, 200],
        ),
        Row {
            endpoint: "/reports/{page}",
            path: "/reports/notifications",
            ..PAGE("", [401, 200, 200, 200, 200, 200])
        },
        get(
            "/api/reports/one",
            |f, _| pairs(&[("code", f.report.clone())]),
            ALL_200,
        ),
        post(
            "/api/reports/follow",
            |f, _| pairs(&[("code", f.report.clone())]),
            [401, 200, 200, 200, 200, 200],
        ),
        // Only its reporter (the resident) answers, and only once it is resolved.
        post(
            "/api/reports/confirm",
            |f, _| pairs(&[("code", f.report.clone()), ("fixed", "yes".into())]),
            [401, 409, 403, 403, 403, 403],
        ),
        post(
            "/api/reports/rate",
            |f, _| pairs(&[("code", f.report.clone()), ("rating", "5".into())]),
            [401, 409, 403, 403, 403, 403],
        ),
        // Staff of another commune see their own commune's queue.
        get("/api/staff/reports", none, [401, 403, 200, 200, 200, 403]),
        // Another commune's report is not found, for its staff as for officers.
        get(
            "/api/staff/reports/one",
            |f, _| pairs(&[("code", f.report.clone())]),
            [401, 403, 200, 404, 200, 404],
        ),
        // The admin comes after the staff member who already started the work.
        post(
            "/api/staff/reports/act",
            |f, _| pairs(&[("code", f.report.clone()), ("step", "start".into())]),
            [401, 403, 200, 404, 409, 404],
        ),
        post(
            "/api/staff/reports/assign",
            |f, _| pairs(&[("code", f.report.clone()), ("user", "".into())]),
            [401, 403, 200, 404, 200, 404],
        ),
        post(
            "/api/staff/reports/reply",
            |f, _| pairs(&[("code", f.report.clone()), ("body", "Đã ghi nhận".into())]),
            [401, 403, 200, 404, 200, 404],
        ),
        Row {
            endpoint: "/staff/{page}",
            path: "/staff/reports",
            ..PAGE("", [401, 403, 200, 200, 200, 403])
        },
        // The staff member hides it first; for the admin there is nothing left to hide.
        post(
            "/api/staff/reports/hide",
            |f, _| {
                pairs(&[
                    ("code", f.report.clone()),
                    ("target", "text".into()),
                    ("reason", "Xúc phạm".into()),
                ])
            },
            [401, 403, 200, 404, 404, 404],
        ),
        // Only the admin may show hidden content again; the fixture's report
        // has nothing hidden, so the admin is told so.
        post(
            "/api/staff/reports/show",
            |f, _| {
                pairs(&[
                    ("code", f.report.clone()),
                    ("target", "text".into()),
                    ("reason", "Không vi phạm".into()),
                ])
            },
            [401, 403, 403, 404, 404, 404],
        ),
        Row {
            endpoint: "/staff/{page}",
            path: "/staff/settings",
            ..PAGE("", ADMIN)
        },
        get("/api/staff/settings", none, ADMIN),
        post(
            "/api/staff/settings/category",
            |f, caller| {
                pairs(&[
                    ("name", format!("Cây xanh {} {caller}", f.row)),
                    ("days", "3".into()),
                ])
            },
            ADMIN,
        ),
        // Policy first: only the admin learns that the category does not exist.
        post(
            "/api/staff/settings/category/remove",
            |_, _| pairs(&[("id", "999999".into())]),
            [401, 403, 403, 403, 400, 403],
        ),
        post(
            "/api/staff/settings/working-time",
            |_, _| pairs(&[("working[mon]", "07:30-11:30, 13:30-17:00".into())]),
            ADMIN,
        ),
        post(
            "/api/staff/settings/template",
            |_, _| {
                pairs(&[
                    ("title", "Cảm ơn".into()),
                    ("body", "Xã đã tiếp nhận.".into()),
                ])
            },
            ADMIN,
        ),
        post(
            "/api/staff/settings/template/remove",
            |_, _| pairs(&[("id", "999999".into())]),
            [401, 403, 403, 403, 404, 403],
        ),
        post(
            "/api/staff/settings/key",
            |_, _| pairs(&[("name", "Tổng đài".into())]),
            ADMIN,
        ),
        post(
            "/api/staff/settings/key/revoke",
            |_, _| pairs(&[("id", "999999".into())]),
            [401, 403, 403, 403, 404, 403],
        ),
        Row {
            endpoint: "/staff/{page}/{id}",
            path: "/staff/reports/{report}",
            ..PAGE("", [401, 403, 200, 404, 200, 404])
        },
        PAGE("/surveys", ALL_200),
        Row {
            endpoint: "/surveys/{page}",
            path: "/surveys/999999",
            ..PAGE("", [404; 6])
        },
        Row {
            endpoint: "/surveys/{page}/results",
            path: "/surveys/999999/results",
            ..PAGE("", [404; 6])
        },
        Row {
            endpoint: "/staff/{page}",
            path: "/staff/surveys",
            ..PAGE("", [401, 403, 200, 200, 200, 403])
        },
        Row {
            endpoint: "/staff/{page}/{id}",
            path: "/staff/surveys/999999",
            ..PAGE("", NO_SURVEY)
        },
        get("/api/surveys/list", demo_commune, ALL_200),
        get("/api/surveys/one", no_survey, [404; 6]),
        get("/api/surveys/results", no_survey, [404; 6]),
        post(
            "/api/surveys/answer",
            |_, _| pairs(&[("survey", "999999".into()), ("intent", "send".into())]),
            [401, 404, 404, 404, 404, 404],
        ),
        get("/api/staff/surveys", none, [401, 403, 200, 200, 200, 403]),
        // Staff of another commune create in their own commune.
        post(
            "/api/staff/surveys/create",
            |_, _| pairs(&[("template", "new-rural".into())]),
            [401, 403, 200, 200, 200, 403],
        ),
        get(
            "/api/staff/surveys/one",
            |_, _| pairs(&[("id", "999999".into())]),
            NO_SURVEY,
        ),
        post(
            "/api/staff/surveys/save",
            |_, _| pairs(&[("id", "999999".into())]),
            NO_SURVEY,
        ),
        post("/api/staff/surveys/question", survey_999999, NO_SURVEY),
        post(
            "/api/staff/surveys/question/arrange",
            |_, _| {
                pairs(&[
                    ("survey", "999999".into()),
                    ("id", "1".into()),
                    ("direction", "up".into()),
                ])
            },
            NO_SURVEY,
        ),
        post("/api/staff/surveys/publish", survey_999999, NO_SURVEY),
        post("/api/staff/surveys/delete", survey_999999, NO_SURVEY),
        post(
            "/api/staff/surveys/population",
            |_, _| pairs(&[("adults", "5200".into())]),
            ADMIN,
        ),
        PAGE("/announcements", ALL_200),
        Row {
            endpoint: "/announcements/{page}",
            path: "/announcements/999999",
            ..PAGE("", [404; 6])
        },
        Row {
            endpoint: "/staff/{page}",
            path: "/staff/announcements",
            ..PAGE("", [401, 403, 200, 200, 200, 403])
        },
        get("/api/announcements/list", demo_commune, ALL_200),
        get("/api/announcements/home", demo_commune, ALL_200),
        get("/api/announcements/one", no_survey, [404; 6]),
        get(
            "/api/staff/announcements",
            none,
            [401, 403, 200, 200, 200, 403],
        ),
        // Staff of another commune post in their own commune.
        post(
            "/api/staff/announcements/post",
            |_, _| {
                pairs(&[
                    ("announcement[kind]", "notice".into()),
                    ("announcement[title]", "Lịch cắt điện".into()),
                    ("announcement[body]", "Cắt điện từ 8 giờ đến 10 giờ.".into()),
                ])
            },
            [401, 403, 200, 200, 200, 403],
        ),
        post(
            "/api/staff/announcements/withdraw",
            no_survey,
            [401, 403, 404, 404, 404, 403],
        ),
        post(
            "/api/staff/announcements/edit",
            no_survey,
            [401, 403, 404, 404, 404, 403],
        ),
        get("/api/push/settings", none, [401, 200, 200, 200, 200, 200]),
        post(
            "/api/push/subscribe",
            |fixture, caller| {
                pairs(&[
                    (
                        "endpoint",
                        format!("https://fcm.googleapis.com/fcm/send/row{}-caller{caller}", fixture.row),
                    ),
                    (
                        "p256dh",
                        "BCVxsr7N_eNgVRqvHtD0zTZsEc6-VV-JvLexhqUzORcxaOzi6-AYWXvTBHm4bjyPjs7Vd8pZGH6SRpkNtoIAiw4".into(),
                    ),
                    ("auth", "BTBZMqHH6r4Tts7J_aSIgg".into()),
                    ("reports", "1".into()),
                    ("announcements", "urgent".into()),
                ])
            },
            [401, 200, 200, 200, 200, 200],
        ),
        post(
            "/api/push/unsubscribe",
            |_, _| {
                pairs(&[(
                    "endpoint",
                    "https://fcm.googleapis.com/fcm/send/none".into(),
                )])
            },
            [401, 200, 200, 200, 200, 200],
        ),
        PAGE("/offline", ALL_200),
        PAGE("/account", ALL_200),
        Row {
            endpoint: "/account/{page}",
            path: "/account/signup",
            ..PAGE("", ALL_200)
        },
        Row {
            endpoint: "/account/{page}",
            path: "/account/reset",
            ..PAGE("", ALL_200)
        },
        PAGE("/staff", STAFF),
        Row {
            endpoint: "/staff/{page}",
            path: "/staff/no-such-page",
            ..PAGE("", [404; 6])
        },
        Row {
            endpoint: "/staff/{page}",
            path: "/staff/people",
            ..PAGE("", [401, 403, 403, 403, 200, 403])
        },
        Row {
            endpoint: "/staff/{page}",
            path: "/staff/villages",
            ..PAGE("", [401, 403, 403, 403, 200, 403])
        },
        Row {
            endpoint: "/staff/{page}",
            path: "/staff/reset",
            ..PAGE("", STAFF)
        },
        // Without `?commune=`, staff of another commune see their own commune's.
        Row {
            endpoint: "/staff/{page}",
            path: "/staff/directory",
            ..PAGE("", [401, 403, 200, 200, 200, 403])
        },
        Row {
            endpoint: "/staff/{page}/{id}",
            path: "/staff/directory/new",
            ..PAGE("", [401, 403, 200, 200, 200, 403])
        },
        // Entry 1 is the demo commune's: not found from another commune.
        Row {
            endpoint: "/staff/{page}/{id}",
            path: "/staff/directory/1",
            ..PAGE("", [401, 403, 200, 404, 200, 403])
        },
        Row {
            endpoint: "/staff/{page}/{id}",
            path: "/staff/people/1",
            ..PAGE("", [404; 6])
        },
        // A browser (this client asks for HTML) is sent back to the list with the error.
        get(
            "/staff/directory/export.csv",
            demo_commune,
            [303, 303, 200, 303, 200, 303],
        ),
        get("/api/staff/directory", demo_commune, EDIT),
        get(
            "/api/staff/directory/entry",
            |_, _| pairs(&[("commune", DEMO_COMMUNE.into()), ("id", "1".into())]),
            EDIT,
        ),
        post(
            "/api/staff/directory/save",
            |_, caller| {
                pairs(&[
                    ("commune", DEMO_COMMUNE.into()),
                    ("entry[name]", format!("Điểm mới {caller}")),
                    ("entry[kind]", "thu_vien".into()),
                    ("entry[mon]", "07:30-11:30".into()),
                ])
            },
            EDIT,
        ),
        post(
            "/api/staff/directory/verify",
            |_, _| pairs(&[("commune", DEMO_COMMUNE.into()), ("id", "1".into())]),
            EDIT,
        ),
        post(
            "/api/staff/directory/archive",
            |_, _| {
                pairs(&[
                    ("commune", DEMO_COMMUNE.into()),
                    ("id", "2".into()),
                    ("archived", "0".into()),
                ])
            },
            EDIT,
        ),
        Row {
            endpoint: "/staff/{page}",
            path: "/staff/audit",
            ..PAGE("", [401, 403, 403, 403, 200, 403])
        },
        // The officer sees their own province here.
        Row {
            endpoint: "/staff/{page}",
            path: "/staff/province",
            ..PAGE("", [401, 403, 403, 403, 403, 200])
        },
        Row {
            endpoint: "/staff/{page}",
            path: "/staff/communes",
            ..PAGE("", [401, 403, 403, 403, 403, 200])
        },
        // Staff see their own commune's dashboard; an officer names a commune.
        Row {
            endpoint: "/staff/{page}",
            path: "/staff/dashboard",
            ..PAGE("", [401, 403, 200, 200, 200, 403])
        },
        Row {
            endpoint: "/c/{code}/record",
            path: "/c/12364/record",
            ..PAGE("", ALL_200)
        },
        Row {
            endpoint: "/staff/{page}",
            path: "/staff/officers",
            ..PAGE("", NOBODY)
        },
        Row {
            endpoint: "/api/places/search",
            path: "/api/places/search",
            post: false,
            params: |_, _| pairs(&[("q", "tien lu".into())]),
            expect: ALL_200,
        },
        Row {
            endpoint: "/api/places/commune",
            path: "/api/places/commune",
            post: false,
            params: |_, _| pairs(&[("code", DEMO_COMMUNE.into())]),
            expect: ALL_200,
        },
        post(
            "/api/language",
            |_, _| pairs(&[("lang", "en".into())]),
            ALL_200,
        ),
        post(
            "/api/account/sign-up",
            |f, caller| {
                pairs(&[
                    ("phone", phone(f.row, 20 + caller)),
                    ("name", "Mới".into()),
                    ("password", PASSWORD.into()),
                    ("commune", DEMO_COMMUNE.into()),
                ])
            },
            ALL_200,
        ),
        post(
            "/api/account/sign-in",
            |f, _| {
                pairs(&[
                    ("phone", f.target_phone.clone()),
                    ("password", PASSWORD.into()),
                ])
            },
            ALL_200,
        ),
        post("/api/account/sign-out", none, ALL_200),
        post(
            "/api/account/sign-out-everywhere",
            none,
            [401, 200, 200, 200, 200, 200],
        ),
        get("/api/account/profile", none, [401, 200, 200, 200, 200, 200]),
        post(
            "/api/account/profile/update",
            |_, _| pairs(&[("name", "Tên Mới".into()), ("lang", "vi".into())]),
            [401, 200, 200, 200, 200, 200],
        ),
        post(
            "/api/account/password",
            |_, _| {
                pairs(&[
                    ("current", PASSWORD.into()),
                    ("password", "mat-khau-moi-2026".into()),
                ])
            },
            [401, 200, 200, 200, 200, 200],
        ),
        post(
            "/api/account/delete",
            |_, _| pairs(&[("password", PASSWORD.into()), ("confirm", "yes".into())]),
            [401, 200, 200, 200, 200, 200],
        ),
        post(
            "/api/account/reset",
            // Wrong codes (for numbers of their own, so the throttle stays out of it).
            |f, caller| {
                pairs(&[
                    ("phone", phone(f.row, 30 + caller)),
                    ("code", "12345678".into()),
                    ("password", "mat-khau-moi-2026".into()),
                ])
            },
            [400; 6],
        ),
        get("/api/staff/home", none, STAFF),
        get("/api/staff/people", demo_commune, ADMIN),
        post(
            "/api/staff/people/appoint",
            |f, _| {
                pairs(&[
                    ("commune", DEMO_COMMUNE.into()),
                    ("phone", f.target_phone.clone()),
                ])
            },
            ADMIN,
        ),
        post(
            "/api/staff/people/remove",
            |f, _| {
                pairs(&[
                    ("commune", DEMO_COMMUNE.into()),
                    ("user", f.removable_staff.to_string()),
                ])
            },
            ADMIN,
        ),
        get("/api/staff/villages", demo_commune, ADMIN),
        post(
            "/api/staff/villages/add",
            |_, caller| {
                pairs(&[
                    ("commune", DEMO_COMMUNE.into()),
                    ("name", format!("Thôn Mới {caller}")),
                    ("kind", "thon".into()),
                ])
            },
            ADMIN,
        ),
        post(
            "/api/staff/villages/rename",
            |f, caller| {
                pairs(&[
                    ("commune", DEMO_COMMUNE.into()),
                    ("village", f.villages[0].to_string()),
                    ("name", format!("Thôn Đổi Tên {caller}")),
                ])
            },
            ADMIN,
        ),
        post(
            "/api/staff/villages/remove",
            |f, _| {
                pairs(&[
                    ("commune", DEMO_COMMUNE.into()),
                    ("village", f.villages[1].to_string()),
                ])
            },
            ADMIN,
        ),
        post(
            "/api/staff/reset-code",
            |f, _| {
                pairs(&[
                    ("commune", DEMO_COMMUNE.into()),
                    ("phone", f.target_phone.clone()),
                ])
            },
            [401, 403, 200, 403, 200, 403],
        ),
        get("/api/staff/reset-code/issued", none, STAFF),
        get("/api/staff/audit", demo_commune, ADMIN),
        get(
            "/api/staff/province",
            |_, _| pairs(&[("province", "33".into())]),
            NOBODY,
        ),
        post(
            "/api/staff/province/commune",
            |_, _| pairs(&[("commune", DEMO_COMMUNE.into()), ("enabled", "0".into())]),
            NOBODY,
        ),
        post(
            "/api/staff/province/admin",
            |f, _| {
                pairs(&[
                    ("commune", DEMO_COMMUNE.into()),
                    ("phone", f.target_phone.clone()),
                ])
            },
            NOBODY,
        ),
        get("/api/dashboard/commune", demo_commune, EDIT),
        get(
            "/api/dashboard/province",
            |_, _| pairs(&[("province", "33".into())]),
            NOBODY,
        ),
        get("/api/dashboard/record", demo_commune, ALL_200),
        post(
            "/api/staff/province/pilot",
            |_, _| pairs(&[("commune", DEMO_COMMUNE.into()), ("pilot", "1".into())]),
            NOBODY,
        ),
        get("/api/staff/officers", none, NOBODY),
        post(
            "/api/staff/officers/appoint",
            |f, _| pairs(&[("province", "33".into()), ("phone", f.target_phone.clone())]),
            NOBODY,
        ),
    ]
}

fn get(path: &'static str, params: Params, expect: [u16; 6]) -> Row {
    Row {
        endpoint: path,
        path,
        post: false,
        params,
        expect,
    }
}

fn post(path: &'static str, params: Params, expect: [u16; 6]) -> Row {
    Row {
        endpoint: path,
        path,
        post: true,
        params,
        expect,
    }
}

#[test]
fn every_endpoint_is_in_the_table() {
    let table = table();
    let listed: std::collections::BTreeSet<&str> = table.iter().map(|row| row.endpoint).collect();
    let mut missing = Vec::new();
    for (path, _method) in leptos::server_fn::axum::server_fn_paths() {
        if !listed.contains(path) {
            missing.push(path.to_owned());
        }
    }
    for route in server::web::route_list() {
        let path = route.path().to_owned();
        if !listed.contains(path.as_str()) {
            missing.push(path);
        }
    }
    assert!(
        missing.is_empty(),
        "endpoints missing from the access table: {missing:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_caller_gets_the_expected_answer() {
    let app = TestApp::spawn().await;
    let mut failures = Vec::new();
    for (row_index, row) in table().into_iter().enumerate() {
        let fixture = fixture(&app, row_index).await;
        for (caller, want) in row.expect.iter().enumerate() {
            let params = (row.params)(&fixture, caller);
            let path = row.path.replace("{report}", &fixture.report);
            let mut request = if row.post {
                app.client.post(app.url(&path)).form(&params)
            } else {
                app.client.get(app.url(&path)).query(&params)
            };
            if row.path.starts_with("/api/") {
                request = request.header("accept", "application/json");
            }
            if let Some(token) = &fixture.tokens[caller] {
                request = request.header("cookie", format!("xaso_session={token}"));
            }
            let response = request.send().await.unwrap();
            let status = response.status().as_u16();
            if status != *want {
                let body = response.text().await.unwrap_or_default();
                let body: String = body.chars().take(200).collect();
                failures.push(format!(
                    "{} {} as {}: got {status}, want {want} ({body})",
                    if row.post { "POST" } else { "GET" },
                    row.path,
                    CALLERS[caller]
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
