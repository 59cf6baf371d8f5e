//! The state file: every change written atomically (a new file beside it, fsync, rename, fsync
//! the folder), so a kill at any moment leaves either the old or the new state, never a torn one.
//!
//! One server at a time: a second `serve` on the same file would overwrite the first one's
//! acknowledged writes, so the file is locked for as long as the server runs. The lock is taken
//! on a file beside it (`.NAME.lock`), not on the state file itself: every save replaces the
//! state file with a new one, and a lock on the old one would no longer guard anything.

use super::account::Account;
use std::fs::{self, File};
use std::io::Write;
use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};

/// A state file created by the emulator is readable by its owner only.
const NEW_FILE_MODE: u32 = 0o600;

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
    #[error(
        "state file {path} is not a regular file (a link, a FIFO, a folder…): give the path of a file"
    )]
    NotAFile { path: PathBuf },
    #[error("the folder of state file {path} cannot be used: {source}")]
    Folder {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error(
        "state file {path} is in use by another lambda-policy serve (it holds {lock}): stop it, or give another --state"
    )]
    InUse { path: PathBuf, lock: PathBuf },
}

/// The state file of a running server, locked until this value is dropped.
#[derive(Debug)]
pub struct StateFile {
    path: PathBuf,
    /// Held open (and locked) for as long as the server runs.
    _lock: File,
}

fn folder_of(path: &Path) -> &Path {
    path.parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
}

impl StateFile {
    /// Locks `path` for this process. The file need not exist yet; if it does, it must be a
    /// regular file, not a link to one (a save would replace the link, and two names for one
    /// file would take two locks), nor a FIFO (the read would block forever) or a device.
    pub fn open(path: &Path) -> Result<StateFile, StoreError> {
        let read_error = |source| StoreError::Read {
            path: path.to_path_buf(),
            source,
        };
        match fs::symlink_metadata(path) {
            Ok(meta) if !meta.file_type().is_file() => {
                return Err(StoreError::NotAFile {
                    path: path.to_path_buf(),
                });
            }
            Ok(_) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(read_error(e)),
        }
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "state".into());
        // The lock is named after the folder's real path, so that two spellings of one path
        // (`./s.json`, `dir/../s.json`, a linked folder) take the same lock.
        let folder = fs::canonicalize(folder_of(path)).map_err(|source| StoreError::Folder {
            path: path.to_path_buf(),
            source,
        })?;
        let path = folder.join(&name);
        let lock_path = folder.join(format!(".{name}.lock"));
        let lock = fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .mode(NEW_FILE_MODE)
            .custom_flags(libc::O_NOFOLLOW)
            .open(&lock_path)
            .map_err(read_error)?;
        match lock.try_lock() {
            Ok(()) => {}
            Err(fs::TryLockError::WouldBlock) => {
                return Err(StoreError::InUse {
                    path: path.to_path_buf(),
                    lock: lock_path,
                });
            }
            Err(fs::TryLockError::Error(e)) => return Err(read_error(e)),
        }
        Ok(StateFile { path, _lock: lock })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The state, or `None` when the file does not exist yet. Read as every input file is
    /// ([`crate::files`]): not through a link, not from a FIFO or a device, not past a cap.
    pub fn load(&self) -> Result<Option<Account>, StoreError> {
        use crate::files::FileError;
        let path = &self.path;
        let text = match crate::files::read_text_unlinked(path, crate::files::MAX_INPUT_BYTES) {
            Ok(text) => text,
            Err(FileError::Io { source, .. }) if source.kind() == std::io::ErrorKind::NotFound => {
                return Ok(None);
            }
            Err(FileError::Link(_) | FileError::NotRegular { .. }) => {
                return Err(StoreError::NotAFile { path: path.clone() });
            }
            Err(FileError::TooLarge { cap, .. }) => {
                return Err(StoreError::Corrupt {
                    path: path.clone(),
                    reason: format!(
                        "larger than {} MiB, more than a state holds",
                        cap / (1024 * 1024)
                    ),
                });
            }
            Err(FileError::Io { source, .. }) => {
                return Err(StoreError::Read {
                    path: path.clone(),
                    source,
                });
            }
            Err(other @ FileError::Exists(_)) => {
                return Err(StoreError::Read {
                    path: path.clone(),
                    source: std::io::Error::other(other.to_string()),
                });
            }
        };
        serde_json::from_str(&text)
            .map(Some)
            .map_err(|e| StoreError::Corrupt {
                path: path.clone(),
                reason: e.to_string(),
            })
    }

    /// Replaces the state with `account`. The new file is made under a fresh random name in
    /// the same folder (created exclusively, so a link planted there is never followed), takes
    /// the permissions of the file it replaces (0600 for a new one), and is renamed over it.
    pub fn save(&self, account: &Account) -> Result<(), StoreError> {
        let path = &self.path;
        let error = |source| StoreError::Write {
            path: path.clone(),
            source,
        };
        let text = serde_json::to_vec(account).expect("state serialises");
        let dir = folder_of(path);
        let mode = match fs::symlink_metadata(path) {
            Ok(meta) => meta.permissions().mode() & 0o777,
            Err(_) => NEW_FILE_MODE,
        };
        let mut file = tempfile::Builder::new()
            .prefix(".state-")
            .suffix(".tmp")
            .permissions(fs::Permissions::from_mode(mode))
            .tempfile_in(dir)
            .map_err(error)?;
        // The umask may have narrowed the mode asked for at creation.
        file.as_file()
            .set_permissions(fs::Permissions::from_mode(mode))
            .map_err(error)?;
        file.write_all(&text).map_err(error)?;
        file.as_file().sync_all().map_err(error)?;
        file.persist(path).map_err(|e| error(e.error))?;
        File::open(dir).and_then(|d| d.sync_all()).map_err(error)?;
        Ok(())
    }
}
