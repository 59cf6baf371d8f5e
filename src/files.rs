//! The one way the product opens a file of its own or the user's: files it writes are never
//! reached through a link, never overwritten unless the user said so, and private when they
//! hold account data; files it reads must be regular files under a stated size.

use std::fs::{File, OpenOptions};
use std::io::Read;
use std::os::unix::fs::{FileTypeExt, OpenOptionsExt};
use std::path::{Path, PathBuf};

/// The largest file read as input (a policy, a baseline, an accounts list, a fixture): far
/// above what any of them holds, far below what would exhaust memory.
pub const MAX_INPUT_BYTES: u64 = 64 * 1024 * 1024;

/// Who may read a file written: account data (recordings, baselines, profiles, kept texts) is
/// the user's alone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// 0600.
    Private,
    /// 0644 less the umask: what any program writes (screenshots for slides).
    Shared,
}

impl Access {
    fn mode(self) -> u32 {
        match self {
            Access::Private => 0o600,
            Access::Shared => 0o644,
        }
    }
}

/// Whether an existing file may be replaced.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Existing {
    Keep,
    /// The user said so (`--force`, or yes in the TUI).
    Replace,
}

#[derive(Debug, thiserror::Error)]
pub enum FileError {
    #[error("{} exists; it is not overwritten without --force", shown(.0))]
    Exists(PathBuf),
    #[error("{} is a symbolic link; it is not followed", shown(.0))]
    Link(PathBuf),
    #[error("{} is not a regular file ({kind})", shown(path))]
    NotRegular { path: PathBuf, kind: &'static str },
    #[error("{} is larger than {} MiB, more than this file ever holds", shown(path), cap / (1024 * 1024))]
    TooLarge { path: PathBuf, cap: u64 },
    #[error("{}: {source}", shown(path))]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
}

fn shown(path: &Path) -> String {
    crate::printable::line(&path.display().to_string()).into_owned()
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> FileError + '_ {
    move |source| match source.raw_os_error() {
        Some(libc::EEXIST)
            if std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink()) =>
        {
            FileError::Link(path.to_path_buf())
        }
        Some(libc::EEXIST) => FileError::Exists(path.to_path_buf()),
        Some(libc::ELOOP) => FileError::Link(path.to_path_buf()),
        _ => FileError::Io {
            path: path.to_path_buf(),
            source,
        },
    }
}

fn kind_of(file_type: std::fs::FileType) -> &'static str {
    if file_type.is_dir() {
        "a folder"
    } else if file_type.is_fifo() {
        "a FIFO"
    } else if file_type.is_char_device() || file_type.is_block_device() {
        "a device"
    } else if file_type.is_socket() {
        "a socket"
    } else {
        "not a file"
    }
}

/// Opens `path` as `options` say and checks, on the descriptor opened, that it is a regular
/// file: nothing can be swapped in between the check and the use.
fn open_regular(
    path: &Path,
    options: &OpenOptions,
) -> Result<(File, std::fs::Metadata), FileError> {
    let file = options.open(path).map_err(io(path))?;
    let metadata = file.metadata().map_err(io(path))?;
    if !metadata.is_file() {
        return Err(FileError::NotRegular {
            path: path.to_path_buf(),
            kind: kind_of(metadata.file_type()),
        });
    }
    Ok((file, metadata))
}

/// Opens `path` to write it whole: created with `access`, never through a link, and an
/// existing file replaced only when `existing` says so (and only if it is a regular file).
pub fn create(path: &Path, access: Access, existing: Existing) -> Result<File, FileError> {
    let mut options = OpenOptions::new();
    options
        .write(true)
        .mode(access.mode())
        // Non-blocking: opening a FIFO for writing would wait for a reader.
        .custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK);
    match existing {
        Existing::Keep => options.create_new(true),
        Existing::Replace => options.create(true),
    };
    let (file, _) = open_regular(path, &options)?;
    // Truncated only now that it is known to be a regular file of ours to replace.
    file.set_len(0).map_err(io(path))?;
    if access == Access::Private {
        use std::os::unix::fs::PermissionsExt;
        file.set_permissions(std::fs::Permissions::from_mode(0o600))
            .map_err(io(path))?;
    }
    clear_nonblocking(&file);
    Ok(file)
}

/// Writes `contents` to `path` as [`create`] opens it.
pub fn write(
    path: &Path,
    contents: &[u8],
    access: Access,
    existing: Existing,
) -> Result<(), FileError> {
    use std::io::Write;
    let mut file = create(path, access, existing)?;
    file.write_all(contents).map_err(io(path))?;
    file.sync_all().map_err(io(path))
}

/// Opens `path` to add lines to it (a log): created with `access`, never through a link.
pub fn append(path: &Path, access: Access) -> Result<File, FileError> {
    let mut options = OpenOptions::new();
    options
        .append(true)
        .create(true)
        .mode(access.mode())
        .custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK);
    let (file, _) = open_regular(path, &options)?;
    clear_nonblocking(&file);
    Ok(file)
}

/// Reads `path` whole, as text: a regular file (through a link is fine: reading it changes
/// nothing) of at most `cap` bytes. A FIFO or a device is refused without waiting on it.
pub fn read_text(path: &Path, cap: u64) -> Result<String, FileError> {
    read_capped(path, cap, libc::O_NONBLOCK)
}

/// Reads `path` as [`read_text`] does, but refuses a link ([`FileError::Link`]): for a file the
/// product later replaces, where a link would be replaced rather than what it points to.
pub fn read_text_unlinked(path: &Path, cap: u64) -> Result<String, FileError> {
    read_capped(path, cap, libc::O_NONBLOCK | libc::O_NOFOLLOW)
}

fn read_capped(path: &Path, cap: u64, flags: i32) -> Result<String, FileError> {
    let mut options = OpenOptions::new();
    options.read(true).custom_flags(flags);
    let (file, metadata) = open_regular(path, &options)?;
    let too_large = || FileError::TooLarge {
        path: path.to_path_buf(),
        cap,
    };
    if metadata.len() > cap {
        return Err(too_large());
    }
    // The descriptor ends here, so its O_NONBLOCK (no effect on a regular file) need not be
    // cleared; sized from fstat, the read takes one call and the end-of-file one more.
    let mut bytes = Vec::with_capacity(usize::try_from(metadata.len()).unwrap_or(0) + 1);
    // The file may grow after the check: never read past the cap.
    file.take(cap + 1)
        .read_to_end(&mut bytes)
        .map_err(io(path))?;
    if bytes.len() as u64 > cap {
        return Err(too_large());
    }
    String::from_utf8(bytes).map_err(|e| FileError::Io {
        path: path.to_path_buf(),
        source: std::io::Error::new(std::io::ErrorKind::InvalidData, e.utf8_error()),
    })
}

/// A regular file opened with `O_NONBLOCK` reads and writes as usual, but the flag is cleared
/// so that nothing later depends on that.
fn clear_nonblocking(file: &File) {
    use std::os::fd::AsRawFd;
    let fd = file.as_raw_fd();
    // SAFETY: fcntl on a descriptor this function's caller owns; failure leaves the flag set,
    // which a regular file ignores.
    unsafe {
        let flags = libc::fcntl(fd, libc::F_GETFL);
        if flags >= 0 {
            libc::fcntl(fd, libc::F_SETFL, flags & !libc::O_NONBLOCK);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    #[test]
    fn a_link_is_never_written_through() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("target");
        std::fs::write(&target, "keep").unwrap();
        let link = dir.path().join("link");
        std::os::unix::fs::symlink(&target, &link).unwrap();
        for existing in [Existing::Keep, Existing::Replace] {
            let error = write(&link, b"x", Access::Private, existing).unwrap_err();
            assert!(
                matches!(error, FileError::Link(_) | FileError::Exists(_)),
                "{error}"
            );
        }
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "keep");
    }

    #[test]
    fn an_existing_file_is_replaced_only_when_asked() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f");
        std::fs::write(&path, "before, longer").unwrap();
        let error = write(&path, b"x", Access::Shared, Existing::Keep).unwrap_err();
        assert!(error.to_string().contains("--force"), "{error}");
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "before, longer");
        write(&path, b"after", Access::Private, Existing::Replace).unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "after");
        let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
    }

    #[test]
    fn a_private_file_is_created_0600() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("new");
        write(&path, b"x", Access::Private, Existing::Keep).unwrap();
        let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
    }

    fn fifo_in(dir: &Path) -> PathBuf {
        let fifo = dir.join("fifo");
        let c = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
        // SAFETY: mkfifo on a path in a fresh temporary folder.
        assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
        fifo
    }

    #[test]
    fn reading_refuses_a_fifo_a_device_and_a_file_over_the_cap_without_waiting() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = fifo_in(dir.path());
        let error = read_text(&fifo, 1024).unwrap_err();
        assert!(error.to_string().contains("FIFO"), "{error}");
        let error = read_text(Path::new("/dev/zero"), 1024).unwrap_err();
        assert!(error.to_string().contains("device"), "{error}");
        let big = dir.path().join("big");
        std::fs::write(&big, vec![b'a'; 2048]).unwrap();
        let error = read_text(&big, 1024).unwrap_err();
        assert!(matches!(error, FileError::TooLarge { .. }), "{error}");
        assert_eq!(read_text(&big, 4096).unwrap().len(), 2048);
    }

    #[test]
    fn a_link_is_read_through_unless_the_file_is_one_the_product_replaces() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("target");
        std::fs::write(&target, "text").unwrap();
        let link = dir.path().join("link");
        std::os::unix::fs::symlink(&target, &link).unwrap();
        assert_eq!(read_text(&link, 1024).unwrap(), "text");
        let error = read_text_unlinked(&link, 1024).unwrap_err();
        assert!(matches!(error, FileError::Link(_)), "{error}");
        assert_eq!(read_text_unlinked(&target, 1024).unwrap(), "text");
    }

    #[test]
    fn writing_refuses_a_fifo_without_waiting_for_a_reader() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = fifo_in(dir.path());
        assert!(create(&fifo, Access::Private, Existing::Replace).is_err());
    }
}
