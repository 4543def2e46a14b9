//! The shared config and credentials files as one set of profiles, read from where the environment says, with the selected profile.

pub mod chain;
pub mod parse;

use crate::os::{Env, Files};
use parse::{FileKind, Section, Sections};
use std::fmt;

/// The profiles of both shared files, merged, and the name of the one selected.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ProfileSet {
    /// Every section of both files.
    pub sections: Sections,
    /// The selected profile: the one asked for, else `AWS_PROFILE`, else `default`.
    pub selected: String,
    /// Whether the profile was named (in code or by `AWS_PROFILE`) rather than defaulted.
    pub explicit: bool,
}

impl ProfileSet {
    /// The selected profile, if defined.
    pub fn selected(&self) -> Option<&Section> {
        self.sections.profiles.get(&self.selected)
    }

    /// A property of the selected profile.
    pub fn get(&self, key: &str) -> Option<&str> {
        self.selected()?.get(key)
    }

    /// The `endpoint_url` for a service (its `[services]` section's sub-property, by the
    /// service's identifier in snake case), else the profile's own `endpoint_url`.
    pub fn endpoint_url(&self, service: &str) -> Option<&str> {
        let profile = self.selected()?;
        profile
            .get("services")
            .and_then(|name| self.sections.services.get(name))
            .and_then(|services| services.sub_properties.get(service))
            .and_then(|settings| settings.get("endpoint_url"))
            .map(String::as_str)
            .or_else(|| profile.get("endpoint_url"))
    }
}

/// A shared file that exists but cannot be read or parsed.
#[derive(Debug)]
pub struct ProfileFileError {
    /// The file.
    pub path: String,
    /// Why: an I/O error or the line that does not parse.
    pub cause: Box<dyn std::error::Error + Send + Sync>,
}

impl fmt::Display for ProfileFileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "could not parse profile file `{}`", self.path)
    }
}

impl std::error::Error for ProfileFileError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&*self.cause)
    }
}

/// Where a shared file is: its variable's path, else `~/.aws/NAME`; `None` when there is no
/// home directory to find it in.
fn file_path(env: &Env, variable: &str, default: &str) -> Option<String> {
    match env.value(variable) {
        Some(path) => env.expand_home(&path),
        None => env
            .home()
            .map(|home| format!("{}/.aws/{default}", home.trim_end_matches('/'))),
    }
}

/// Reads both shared files. A file that does not exist counts as empty; one that cannot be
/// read or parsed is an error naming it.
pub fn load(
    env: &Env,
    files: &Files,
    profile: Option<&str>,
) -> Result<ProfileSet, ProfileFileError> {
    let mut sections = Sections::default();
    for (variable, default, kind) in [
        ("AWS_CONFIG_FILE", "config", FileKind::Config),
        (
            "AWS_SHARED_CREDENTIALS_FILE",
            "credentials",
            FileKind::Credentials,
        ),
    ] {
        let Some(path) = file_path(env, variable, default) else {
            continue;
        };
        let bytes = match files.read(&path) {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
            Err(e) => {
                return Err(ProfileFileError {
                    path,
                    cause: Box::new(e),
                })
            }
        };
        let text = String::from_utf8_lossy(&bytes);
        let parsed = parse::parse(&text, kind).map_err(|e| ProfileFileError {
            path: path.clone(),
            cause: Box::new(e),
        })?;
        sections.merge(parsed);
    }
    let named = profile
        .map(str::to_owned)
        .or_else(|| env.value("AWS_PROFILE"));
    Ok(ProfileSet {
        sections,
        explicit: named.is_some(),
        selected: named.unwrap_or_else(|| "default".to_owned()),
    })
}
