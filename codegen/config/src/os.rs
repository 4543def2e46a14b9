//! What the providers read from the machine: environment variables, files and the clock, each replaceable so tests and embedders can supply their own.

use std::collections::HashMap;
use std::fmt;
use std::io;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::SystemTime;

/// Environment variables: the process's, or a given set that replaces them entirely.
#[derive(Clone, Default)]
pub struct Env {
    vars: Option<Arc<HashMap<String, String>>>,
}

impl fmt::Debug for Env {
    /// Names only: values may be secrets.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.vars {
            None => f.write_str("Env(process)"),
            Some(vars) => {
                let mut names: Vec<&str> = vars.keys().map(String::as_str).collect();
                names.sort_unstable();
                f.debug_tuple("Env").field(&names).finish()
            }
        }
    }
}

impl Env {
    /// The process's environment, read when asked.
    pub fn process() -> Self {
        Env { vars: None }
    }

    /// Exactly these variables; the process's are not consulted.
    pub fn from_vars<K: Into<String>, V: Into<String>>(
        vars: impl IntoIterator<Item = (K, V)>,
    ) -> Self {
        Env {
            vars: Some(Arc::new(
                vars.into_iter()
                    .map(|(k, v)| (k.into(), v.into()))
                    .collect(),
            )),
        }
    }

    /// A variable's value, as set (possibly blank).
    pub fn get(&self, name: &str) -> Option<String> {
        match &self.vars {
            None => std::env::var(name).ok(),
            Some(vars) => vars.get(name).cloned(),
        }
    }

    /// A variable's value, trimmed; `None` when unset or blank.
    pub fn value(&self, name: &str) -> Option<String> {
        self.get(name)
            .map(|v| v.trim().to_owned())
            .filter(|v| !v.is_empty())
    }

    /// Whether a variable is set to `true`, in any case.
    pub fn is_true(&self, name: &str) -> bool {
        self.value(name)
            .is_some_and(|v| v.eq_ignore_ascii_case("true"))
    }

    /// The home directory: `HOME`, else `USERPROFILE`.
    pub fn home(&self) -> Option<String> {
        self.value("HOME").or_else(|| self.value("USERPROFILE"))
    }

    /// Expands a leading `~/` to the home directory; `None` when there is none to expand to.
    pub fn expand_home(&self, path: &str) -> Option<String> {
        match path
            .strip_prefix("~/")
            .or_else(|| (path == "~").then_some(""))
        {
            Some(rest) => {
                let home = self.home()?;
                Some(format!("{}/{rest}", home.trim_end_matches('/')))
            }
            None => Some(path.to_owned()),
        }
    }
}

/// The files the providers read and write: the real file system, one mounted under a
/// directory (a virtual `/`), or a map of paths to contents.
#[derive(Clone, Debug, Default)]
pub enum Files {
    /// The real file system.
    #[default]
    Real,
    /// The real directory that stands for `/`; paths that are not absolute are not found.
    Rooted(PathBuf),
    /// Paths and their contents, in memory (written files are kept for later reads).
    Memory(Arc<std::sync::Mutex<HashMap<String, Vec<u8>>>>),
}

impl Files {
    /// A file system of these paths and contents, in memory.
    pub fn memory<P: Into<String>, C: Into<Vec<u8>>>(
        files: impl IntoIterator<Item = (P, C)>,
    ) -> Self {
        Files::Memory(Arc::new(std::sync::Mutex::new(
            files
                .into_iter()
                .map(|(p, c)| (p.into(), c.into()))
                .collect(),
        )))
    }

    fn real_path(&self, path: &str) -> io::Result<PathBuf> {
        match self {
            Files::Real => Ok(PathBuf::from(path)),
            Files::Rooted(root) => match path.strip_prefix('/') {
                Some(rest) => Ok(root.join(rest)),
                None => Err(io::Error::from_raw_os_error(2)),
            },
            Files::Memory(_) => Err(io::Error::new(
                io::ErrorKind::Unsupported,
                "files in memory have no real path",
            )),
        }
    }

    /// A whole file's bytes; the error is the operating system's.
    pub fn read(&self, path: &str) -> io::Result<Vec<u8>> {
        match self {
            Files::Memory(files) => files
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .get(path)
                .cloned()
                .ok_or_else(|| io::Error::from_raw_os_error(2)),
            _ => std::fs::read(self.real_path(path)?),
        }
    }

    /// Replaces a whole file, creating its directory; used to update the SSO token cache.
    pub fn write(&self, path: &str, contents: &[u8]) -> io::Result<()> {
        match self {
            Files::Memory(files) => {
                files
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .insert(path.to_owned(), contents.to_vec());
                Ok(())
            }
            _ => {
                let real = self.real_path(path)?;
                if let Some(parent) = real.parent() {
                    std::fs::create_dir_all(parent)?;
                }
                std::fs::write(real, contents)
            }
        }
    }
}

/// The time credentials are checked against: the system clock unless fixed.
#[derive(Clone, Default)]
pub struct Clock {
    fixed: Option<Arc<std::sync::Mutex<SystemTime>>>,
}

impl fmt::Debug for Clock {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.fixed {
            None => f.write_str("Clock(system)"),
            Some(time) => write!(
                f,
                "Clock({:?})",
                *time.lock().unwrap_or_else(|e| e.into_inner())
            ),
        }
    }
}

impl Clock {
    /// The system clock.
    pub fn system() -> Self {
        Clock { fixed: None }
    }

    /// A clock that stays at `time` until [`set`](Self::set).
    pub fn fixed(time: SystemTime) -> Self {
        Clock {
            fixed: Some(Arc::new(std::sync::Mutex::new(time))),
        }
    }

    /// Moves a fixed clock (and every clone of it) to `time`; the system clock ignores it.
    pub fn set(&self, time: SystemTime) {
        if let Some(fixed) = &self.fixed {
            *fixed.lock().unwrap_or_else(|e| e.into_inner()) = time;
        }
    }

    /// The current time.
    pub fn now(&self) -> SystemTime {
        match &self.fixed {
            None => SystemTime::now(),
            Some(time) => *time.lock().unwrap_or_else(|e| e.into_inner()),
        }
    }
}
