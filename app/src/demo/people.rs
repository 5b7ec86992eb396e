//! The demo commune's staff: a commune admin and a province officer.

use super::{DEMO_ADMIN_PHONE, DEMO_COMMUNE, DEMO_OFFICER_PHONE, DEMO_PASSWORD};
use crate::accounts::model::{PersonName, PhoneNumber, Role};
use crate::db::Db;
use crate::error::AppError;
use crate::i18n::Lang;
use crate::places::model::CommuneCode;

/// Makes the demo accounts unless they exist, each with the password
/// `DEMO_PASSWORD`, marked `is_demo`. Safe to run again.
#[tracing::instrument(skip_all)]
pub async fn seed(db: &Db) -> Result<(), AppError> {
    let commune = DEMO_COMMUNE;
    let people = [
        (
            DEMO_ADMIN_PHONE,
            "Nguyễn Thị Hoa",
            Role::CommuneAdmin { commune },
        ),
        (
            DEMO_OFFICER_PHONE,
            "Trần Văn Minh",
            Role::ProvinceOfficer { province: 33 },
        ),
    ];
    for (phone, name, role) in people {
        let phone = PhoneNumber::parse(phone)?;
        if crate::accounts::db::person_by_phone(db, &phone)
            .await?
            .is_some()
        {
            continue;
        }
        let hash = crate::accounts::passwords::hash(DEMO_PASSWORD).await?;
        let name = PersonName::parse(name)?;
        let id = crate::accounts::db::create_user(
            db,
            &phone,
            &name,
            &hash,
            CommuneCode::from_db(commune),
            None,
            Lang::Vi,
        )
        .await?;
        crate::staff::db::appoint(db, id, role, 0).await?;
        // Demo data, removed by `server remove-demo` (migration 0015 marks
        // the ones seeded before it).
        sqlx::query("update users set is_demo = 1 where id = $1")
            .bind(id)
            .execute(db)
            .await?;
    }
    Ok(())
}
