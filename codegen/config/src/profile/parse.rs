//! The shared config and credentials file format: sections, properties, sub-properties and continuation lines, as the AWS SDKs read them.

use std::collections::BTreeMap;
use std::fmt;

/// Which of the two shared files a text is: they name their sections differently.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileKind {
    /// `~/.aws/config`: `[default]`, `[profile NAME]`, `[sso-session NAME]`, `[services NAME]`.
    Config,
    /// `~/.aws/credentials`: `[NAME]`.
    Credentials,
}

/// One section's properties, keys lower-cased; a property written as `key =` followed by
/// indented `sub = value` lines holds those in `sub_properties`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Section {
    /// The section's name (the profile's name, without `profile `).
    pub name: String,
    /// The properties by key.
    pub properties: BTreeMap<String, String>,
    /// The nested properties of a property, by the property's key, then their own.
    pub sub_properties: BTreeMap<String, BTreeMap<String, String>>,
}

impl Section {
    /// A property's value.
    pub fn get(&self, key: &str) -> Option<&str> {
        self.properties.get(key).map(String::as_str)
    }

    fn merge(&mut self, other: Section) {
        self.properties.extend(other.properties);
        for (key, sub) in other.sub_properties {
            self.sub_properties.entry(key).or_default().extend(sub);
        }
    }
}

/// The sections of one or both files, by kind and name.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Sections {
    /// Profiles by name.
    pub profiles: BTreeMap<String, Section>,
    /// `[sso-session NAME]` sections by name.
    pub sso_sessions: BTreeMap<String, Section>,
    /// `[services NAME]` sections by name.
    pub services: BTreeMap<String, Section>,
}

impl Sections {
    /// Adds a later file's sections: a key both define takes the later file's value, as the
    /// credentials file's (read second) wins over the config file's.
    pub fn merge(&mut self, later: Sections) {
        for (target, sections) in [
            (&mut self.profiles, later.profiles),
            (&mut self.sso_sessions, later.sso_sessions),
            (&mut self.services, later.services),
        ] {
            for (name, section) in sections {
                target
                    .entry(name.clone())
                    .or_insert_with(|| Section {
                        name,
                        ..Section::default()
                    })
                    .merge(section);
            }
        }
    }
}

/// A line of a profile file that is not valid, with its number (from 1) and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseError {
    /// The line number, from 1.
    pub line: usize,
    /// What is wrong with it.
    pub message: String,
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}: {}", self.line, self.message)
    }
}

impl std::error::Error for ParseError {}

/// Whether a profile or section name uses only the characters the SDKs allow.
pub fn valid_name(name: &str) -> bool {
    !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_/.%@:+".contains(c))
}

/// Where a parsed header puts its section: `None` for one this kind of file ignores.
fn section_kind(kind: FileKind, header: &str) -> Option<(SectionKind, String)> {
    let words: Vec<&str> = header.split_whitespace().collect();
    let (section, name) = match (kind, words.as_slice()) {
        (FileKind::Config, ["default"]) => (SectionKind::DefaultProfile, "default"),
        (FileKind::Config, ["profile", name]) => (SectionKind::Profile, *name),
        (FileKind::Config, ["sso-session", name]) => (SectionKind::SsoSession, *name),
        (FileKind::Config, ["services", name]) => (SectionKind::Services, *name),
        (FileKind::Credentials, [name]) => (SectionKind::Profile, *name),
        _ => return None,
    };
    valid_name(name).then(|| (section, name.to_owned()))
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum SectionKind {
    /// `[default]` in the config file: `[profile default]` replaces it when both exist.
    DefaultProfile,
    Profile,
    SsoSession,
    Services,
}

/// Cuts a comment off a property value: `#` or `;` after whitespace starts one.
fn strip_value_comment(value: &str) -> &str {
    let bytes = value.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        if (b == b'#' || b == b';') && i > 0 && bytes[i - 1].is_ascii_whitespace() {
            return value[..i].trim_end();
        }
    }
    value
}

/// Splits `key = value`; the key must not be empty.
fn property(line: &str, number: usize) -> Result<(String, String), ParseError> {
    let error = |message: &str| ParseError {
        line: number,
        message: message.to_owned(),
    };
    let (key, value) = line
        .split_once('=')
        .ok_or_else(|| error("expected `key = value`"))?;
    let key = key.trim();
    if key.is_empty() {
        return Err(error("a property has no name before `=`"));
    }
    Ok((
        key.to_ascii_lowercase(),
        strip_value_comment(value.trim()).to_owned(),
    ))
}

/// Parses one file's text into its sections; sections this kind of file does not use, and
/// names with characters the SDKs do not allow, are left out as the SDKs leave them out.
pub fn parse(text: &str, kind: FileKind) -> Result<Sections, ParseError> {
    // Sections in file order, with where each goes; `None` is a section being skipped.
    let mut parsed: Vec<(Option<SectionKind>, Section)> = Vec::new();
    // The property an indented line continues or nests under.
    let mut last_key: Option<String> = None;
    for (index, raw) in text.lines().enumerate() {
        let number = index + 1;
        let trimmed = raw.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') || trimmed.starts_with(';') {
            continue;
        }
        let indented = raw.starts_with([' ', '\t']);
        if !indented && trimmed.starts_with('[') {
            let header = trimmed
                .split_once(']')
                .filter(|(_, rest)| {
                    let rest = rest.trim();
                    rest.is_empty() || rest.starts_with('#') || rest.starts_with(';')
                })
                .map(|(header, _)| &header[1..])
                .ok_or_else(|| ParseError {
                    line: number,
                    message: format!("`{trimmed}` starts a section but does not end with `]`"),
                })?;
            let (section, name) = match section_kind(kind, header) {
                Some((section, name)) => (Some(section), name),
                None => (None, header.trim().to_owned()),
            };
            parsed.push((
                section,
                Section {
                    name,
                    ..Section::default()
                },
            ));
            last_key = None;
            continue;
        }
        let Some((_, section)) = parsed.last_mut() else {
            return Err(ParseError {
                line: number,
                message: "a property before any `[section]`".to_owned(),
            });
        };
        if indented {
            let Some(key) = &last_key else {
                return Err(ParseError {
                    line: number,
                    message: "an indented line that no property comes before".to_owned(),
                });
            };
            let value = section.properties.entry(key.clone()).or_default();
            if value.is_empty() {
                let (sub_key, sub_value) = property(trimmed, number)?;
                section
                    .sub_properties
                    .entry(key.clone())
                    .or_default()
                    .insert(sub_key, sub_value);
            } else {
                value.push('\n');
                value.push_str(trimmed);
            }
            continue;
        }
        let (key, value) = property(trimmed, number)?;
        section.properties.insert(key.clone(), value);
        last_key = Some(key);
    }
    let explicit_default = parsed
        .iter()
        .any(|(s, sec)| *s == Some(SectionKind::Profile) && sec.name == "default");
    let mut sections = Sections::default();
    for (section, contents) in parsed {
        let target = match section {
            Some(SectionKind::DefaultProfile) if explicit_default => continue,
            Some(SectionKind::DefaultProfile | SectionKind::Profile) => &mut sections.profiles,
            Some(SectionKind::SsoSession) => &mut sections.sso_sessions,
            Some(SectionKind::Services) => &mut sections.services,
            None => continue,
        };
        match target.get_mut(&contents.name) {
            Some(existing) => existing.merge(contents),
            None => {
                target.insert(contents.name.clone(), contents);
            }
        }
    }
    Ok(sections)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_sections_sub_properties_and_continuations() {
        let text = "# top\n[default]\nregion = us-east-1 # comment\nkey=a#b\n[profile dev]\ns3 =\n  max_concurrent_requests = 5\nlong = one\n  two\n[sso-session corp]\nsso_region = eu-west-1\n[services local]\nsts =\n  endpoint_url = http://localhost\n[nonsense name]\nx = 1\n";
        let sections = parse(text, FileKind::Config).unwrap();
        let default = &sections.profiles["default"];
        assert_eq!(default.get("region"), Some("us-east-1"));
        assert_eq!(default.get("key"), Some("a#b"));
        let dev = &sections.profiles["dev"];
        assert_eq!(dev.sub_properties["s3"]["max_concurrent_requests"], "5");
        assert_eq!(dev.get("long"), Some("one\ntwo"));
        assert_eq!(
            sections.sso_sessions["corp"].get("sso_region"),
            Some("eu-west-1")
        );
        assert_eq!(
            sections.services["local"].sub_properties["sts"]["endpoint_url"],
            "http://localhost"
        );
        assert_eq!(sections.profiles.len(), 2);
    }

    #[test]
    fn profile_default_replaces_default_and_names_are_checked() {
        let text = "[default]\na = 1\n[profile default]\nb = 2\n[profile bad name!]\nc = 3\n";
        let sections = parse(text, FileKind::Config).unwrap();
        assert_eq!(sections.profiles["default"].get("a"), None);
        assert_eq!(sections.profiles["default"].get("b"), Some("2"));
        assert_eq!(sections.profiles.len(), 1);
        let credentials = parse("[profile x]\na = 1\n[x]\nB = 2\n", FileKind::Credentials).unwrap();
        assert_eq!(credentials.profiles.len(), 1);
        assert_eq!(credentials.profiles["x"].get("b"), Some("2"));
    }

    #[test]
    fn bad_lines_are_errors_with_their_number() {
        for (text, line) in [
            ("[default]\n= us-east-1\n", 2),
            ("a = 1\n", 1),
            ("[default\n", 1),
            ("[default]\nnonsense\n", 2),
            ("[default]\n  indented = 1\n", 2),
        ] {
            assert_eq!(
                parse(text, FileKind::Config).unwrap_err().line,
                line,
                "{text}"
            );
        }
    }
}
