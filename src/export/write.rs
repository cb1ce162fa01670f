//! Writing an export to a file without being turned against the user: the text goes to a
//! temporary file created exclusively (`O_EXCL`, an unpredictable name) in the target's
//! folder, then takes the target's name only if nothing is there (or, when replacing is
//! allowed, by a rename that replaces the name itself, never writing through a symlink). An
//! existing non-regular target (a terminal, `/dev/stdout`, a pipe) is opened and written to,
//! never renamed onto. The session store itself is never a target.

use std::io::{self, Write as _};
use std::path::Path;

/// Where an export may go.
#[derive(Debug, Clone, Copy, Default)]
pub struct Target<'a> {
    /// Whether an existing file may be replaced (`--force`, or the user said yes).
    pub replace: bool,
    /// The session store's file, which is never replaced (nor its `-wal`, `-shm`, `-journal`).
    pub store: Option<&'a Path>,
}

/// Why an export could not be written.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    /// A file is already there and replacing it was not allowed.
    #[error("{} already exists", path.display())]
    Exists {
        /// The file.
        path: std::path::PathBuf,
    },
    /// The target is the session store (or one of its side files).
    #[error("{} is the session store; export somewhere else", path.display())]
    Store {
        /// The file.
        path: std::path::PathBuf,
    },
    /// Writing failed.
    #[error("cannot write {}: {cause}", path.display())]
    Io {
        /// The file.
        path: std::path::PathBuf,
        /// Why.
        cause: io::Error,
    },
}

/// Whether `path` names the store file or one of its side files (compared after resolving
/// symlinks, so another name for the same file is caught too).
fn is_store(path: &Path, store: &Path) -> bool {
    let Ok(target) = std::fs::canonicalize(path) else {
        return false;
    };
    ["", "-wal", "-shm", "-journal"].iter().any(|suffix| {
        let mut side = store.as_os_str().to_owned();
        side.push(suffix);
        std::fs::canonicalize(side).is_ok_and(|s| s == target)
    })
}

/// Writes `text` to `path` as [`Target`] allows.
pub fn write_export(path: &Path, text: &str, target: Target<'_>) -> Result<(), WriteError> {
    let io = |cause| WriteError::Io {
        path: path.to_path_buf(),
        cause,
    };
    if target.store.is_some_and(|s| is_store(path, s)) {
        return Err(WriteError::Store {
            path: path.to_path_buf(),
        });
    }
    // `/dev/stdout` and `/proc/self/fd/N` name an open file of this process, even when that is
    // a regular file (`> out.md`): written through, appending, never renamed onto (which would
    // replace the link itself).
    if path.starts_with("/dev") || path.starts_with("/proc") {
        return write_into(std::fs::OpenOptions::new().append(true), path, text).map_err(io);
    }
    // Follows a symlink: a link to a terminal or a pipe is written through.
    let existing = std::fs::metadata(path).ok();
    if let Some(meta) = &existing
        && !meta.is_file()
    {
        if meta.is_dir() {
            return Err(io(io::Error::new(
                io::ErrorKind::IsADirectory,
                "it is a folder",
            )));
        }
        return write_into(std::fs::OpenOptions::new().write(true), path, text).map_err(io);
    }
    if existing.is_some() && !target.replace {
        return Err(WriteError::Exists {
            path: path.to_path_buf(),
        });
    }
    let folder = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let mut tmp = tempfile::Builder::new()
        .prefix(".lockdiag-export-")
        .tempfile_in(folder)
        .map_err(io)?;
    tmp.write_all(text.as_bytes())
        .and_then(|()| tmp.as_file().sync_all())
        .map_err(io)?;
    let persisted = if target.replace {
        tmp.persist(path)
    } else {
        // Fails when anything, a dangling symlink included, has the name by now.
        tmp.persist_noclobber(path)
    };
    persisted.map(drop).map_err(|e| {
        if e.error.kind() == io::ErrorKind::AlreadyExists {
            WriteError::Exists {
                path: path.to_path_buf(),
            }
        } else {
            io(e.error)
        }
    })
}

/// Writes `text` into the file `path` opened with `how` (a device, a FIFO, an open fd): no
/// temporary file and no rename.
fn write_into(how: &mut std::fs::OpenOptions, path: &Path, text: &str) -> io::Result<()> {
    let mut f = how.open(path)?;
    f.write_all(text.as_bytes())?;
    f.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_existing_file_is_kept_unless_replacing_is_allowed() {
        let dir = tempfile::tempdir().expect("tempdir");
        let p = dir.path().join("out.md");
        write_export(&p, "one", Target::default()).expect("new file");
        let again = write_export(&p, "two", Target::default());
        assert!(matches!(again, Err(WriteError::Exists { .. })), "{again:?}");
        assert_eq!(std::fs::read_to_string(&p).expect("read"), "one");
        let force = Target {
            replace: true,
            store: None,
        };
        write_export(&p, "two", force).expect("replaced");
        assert_eq!(std::fs::read_to_string(&p).expect("read"), "two");
        let left: Vec<_> = std::fs::read_dir(dir.path()).expect("ls").collect();
        assert_eq!(left.len(), 1, "no temporary file is left behind");
    }
}
