//! Secrets the server keeps outside its database: today the key of anonymous
//! survey answers (see `app::surveys::anonymity`). Given by configuration
//! (`XASO_SURVEY_SECRET`, the same on every app server of a deployment), or
//! made at first start into the data directory, readable by the server's user
//! only. Back it up with the database: without it, people can no longer change
//! their anonymous answers (the answers themselves stay).

use std::path::Path;

use crate::BoxError;

/// The file the secret is kept in, in the data directory.
pub const SURVEY_SECRET_FILE: &str = "survey-secret.key";

/// The survey secret: from `configured` (64 hex digits) when given, else from
/// `data_dir/survey-secret.key`, made there the first time.
pub fn survey_secret(configured: &str, data_dir: &Path) -> Result<[u8; 32], BoxError> {
    let configured = configured.trim();
    if !configured.is_empty() {
        return parse(configured).ok_or_else(|| "XASO_SURVEY_SECRET must be 64 hex digits".into());
    }
    let path = data_dir.join(SURVEY_SECRET_FILE);
    match std::fs::read_to_string(&path) {
        Ok(text) => parse(text.trim())
            .ok_or_else(|| format!("{} must hold 64 hex digits", path.display()).into()),
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
            std::fs::create_dir_all(data_dir)?;
            let secret: [u8; 32] = rand::random();
            write_private(&path, &hex::encode(secret))?;
            tracing::info!(path = %path.display(), "made the survey secret");
            Ok(secret)
        }
        Err(error) => Err(error.into()),
    }
}

fn parse(text: &str) -> Option<[u8; 32]> {
    hex::decode(text).ok()?.try_into().ok()
}

/// Writes a new file only the owner may read (never replacing one: two
/// servers starting at once keep the first one's secret).
fn write_private(path: &Path, text: &str) -> Result<(), BoxError> {
    use std::io::Write;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    match options.open(path) {
        Ok(mut file) => {
            file.write_all(text.as_bytes())?;
            file.sync_all()?;
            Ok(())
        }
        Err(error) if error.kind() == std::io::ErrorKind::AlreadyExists => Ok(()),
        Err(error) => Err(error.into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn made_once_then_read() {
        let dir = std::env::temp_dir().join(format!("xaso-secret-{:x}", rand::random::<u64>()));
        let first = survey_secret("", &dir).unwrap();
        let again = survey_secret("", &dir).unwrap();
        assert_eq!(first, again);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(dir.join(SURVEY_SECRET_FILE))
                .unwrap()
                .permissions()
                .mode();
            assert_eq!(mode & 0o077, 0, "readable by the owner only");
        }
        let given = "ab".repeat(32);
        assert_eq!(survey_secret(&given, &dir).unwrap(), [0xab; 32]);
        assert!(survey_secret("not hex", &dir).is_err());
        std::fs::remove_dir_all(dir).unwrap();
    }
}
