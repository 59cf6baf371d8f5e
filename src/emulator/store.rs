//! The state file: every change written atomically (write, fsync, rename, fsync the folder),
//! so a kill at any moment leaves either the old or the new state, never a torn one.

use super::account::Account;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("cannot read state file {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error(
        "state file {path} is corrupt ({reason}); it was left untouched: move it away or fix it"
    )]
    Corrupt { path: PathBuf, reason: String },
    #[error("cannot write state file {path}: {source}")]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
}

/// Loads the state, or `None` when the file does not exist yet.
pub fn load(path: &Path) -> Result<Option<Account>, StoreError> {
    match fs::read_to_string(path) {
        Ok(text) => serde_json::from_str(&text)
            .map(Some)
            .map_err(|e| StoreError::Corrupt {
                path: path.to_path_buf(),
                reason: e.to_string(),
            }),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(source) => Err(StoreError::Read {
            path: path.to_path_buf(),
            source,
        }),
    }
}

pub fn save(path: &Path, account: &Account) -> Result<(), StoreError> {
    let error = |source| StoreError::Write {
        path: path.to_path_buf(),
        source,
    };
    let text = serde_json::to_vec(account).expect("state serialises");
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let tmp = dir.join(format!(
        ".{}.tmp",
        path.file_name().and_then(|n| n.to_str()).unwrap_or("state")
    ));
    let mut file = fs::File::create(&tmp).map_err(error)?;
    file.write_all(&text).map_err(error)?;
    file.sync_all().map_err(error)?;
    drop(file);
    fs::rename(&tmp, path).map_err(error)?;
    fs::File::open(dir)
        .and_then(|d| d.sync_all())
        .map_err(error)?;
    Ok(())
}
