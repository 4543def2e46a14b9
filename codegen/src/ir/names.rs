//! The one place that decides Rust names: acronym-aware word splitting, keywords, reserved names.
//!
//! Generic case converters mangle AWS names (`IPv4Address` -> `i_pv4_address`, `ACLs` ->
//! `ac_ls`), so words are split here by rules that know acronyms, then joined.

/// Mixed-case words that the upper/lower rules would tear apart.
const MIXED_CASE_WORDS: &[&str] = &["IPv4", "IPv6", "OAuth", "iOS", "macOS"];

/// Keywords that must be written as raw identifiers (`r#type`).
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "do", "dyn",
    "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl", "in", "let",
    "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref", "return",
    "static", "struct", "trait", "true", "try", "type", "typeof", "unsafe", "unsized", "use",
    "virtual", "where", "while", "yield",
];

/// Whether `name` is a keyword, or a name that cannot be a raw identifier either.
pub fn is_keyword(name: &str) -> bool {
    KEYWORDS.contains(&name) || NOT_RAW.contains(&name)
}

/// Names that cannot be raw identifiers; they get a `_` suffix.
const NOT_RAW: &[&str] = &["self", "super", "crate", "Self", "_"];

/// Member names that would clash with methods every generated structure has
/// (`X::builder()`, `XBuilder::build()`, `Validate`'s) or that input builders get from the
/// runtime's macros (`send`, `validation`, `into_paginator`; `delay`, `wait` on waiters);
/// the field gets a `_value` suffix.
const RESERVED_FIELDS: &[&str] = &[
    "builder",
    "build",
    "validate",
    "validate_with",
    "validate_members",
    "validation_report",
    "send",
    "validation",
    "into_paginator",
    "delay",
    "wait",
];

/// Enum variant names that would clash with the variant kept for unknown wire values.
const RESERVED_VARIANTS: &[&str] = &["Unknown"];

/// Splits a wire name into words, keeping acronyms (`LDAPS`), plural acronyms (`ACLs`)
/// and known mixed-case words (`IPv4`) whole; digits stay with the word before them.
pub fn split_words(name: &str) -> Vec<String> {
    let chars: Vec<char> = name.chars().collect();
    let mut words = Vec::new();
    let mut current = String::new();
    let mut i = 0;
    let flush = |current: &mut String, words: &mut Vec<String>| {
        if !current.is_empty() {
            words.push(std::mem::take(current));
        }
    };
    while i < chars.len() {
        let c = chars[i];
        if !c.is_alphanumeric() {
            flush(&mut current, &mut words);
            i += 1;
            continue;
        }
        if current.is_empty() || is_boundary_before(&chars, i) {
            if let Some(word) = mixed_case_word_at(&chars, i) {
                flush(&mut current, &mut words);
                words.push(word.to_owned());
                i += word.chars().count();
                continue;
            }
        }
        if c.is_uppercase() {
            let run_end = (i..chars.len())
                .find(|&j| !chars[j].is_uppercase())
                .unwrap_or(chars.len());
            let run = run_end - i;
            if run >= 2 {
                flush(&mut current, &mut words);
                let next_lower = chars.get(run_end).is_some_and(|c| c.is_lowercase());
                let plural = next_lower
                    && chars[run_end] == 's'
                    && chars.get(run_end + 1).is_none_or(|c| !c.is_lowercase());
                let end = if plural {
                    run_end + 1
                } else if next_lower {
                    // `LDAPSSettings`: the last capital starts the next word.
                    run_end - 1
                } else {
                    run_end
                };
                current.extend(&chars[i..end]);
                i = end;
                if !plural && !next_lower {
                    // Digits after an acronym stay with it (`EC2`).
                    while i < chars.len() && chars[i].is_ascii_digit() {
                        current.push(chars[i]);
                        i += 1;
                    }
                }
                flush(&mut current, &mut words);
                continue;
            }
            flush(&mut current, &mut words);
            current.push(c);
            i += 1;
            continue;
        }
        current.push(c);
        i += 1;
    }
    flush(&mut current, &mut words);
    words
}

fn is_boundary_before(chars: &[char], i: usize) -> bool {
    i == 0
        || !chars[i - 1].is_alphanumeric()
        || chars[i - 1].is_lowercase()
        || chars[i - 1].is_ascii_digit()
}

fn mixed_case_word_at(chars: &[char], i: usize) -> Option<&'static str> {
    MIXED_CASE_WORDS.iter().copied().find(|word| {
        let w: Vec<char> = word.chars().collect();
        let end = i + w.len();
        end <= chars.len()
            && chars[i..end] == w[..]
            && chars.get(end).is_none_or(|c| !c.is_lowercase())
    })
}

fn join_snake(words: &[String]) -> String {
    words
        .iter()
        .map(|w| w.to_lowercase())
        .collect::<Vec<_>>()
        .join("_")
}

fn join_camel(words: &[String]) -> String {
    words
        .iter()
        .map(|w| {
            let mut chars = w.chars();
            match chars.next() {
                Some(first) => first
                    .to_uppercase()
                    .chain(chars.flat_map(char::to_lowercase))
                    .collect(),
                None => String::new(),
            }
        })
        .collect::<String>()
}

/// Makes any string a valid identifier: a leading digit gets a `_` prefix, keywords become
/// raw identifiers, and names that cannot be raw get a `_` suffix. The result is the text to
/// pass to `syn::parse_str::<Ident>` or `Ident::new_raw` (for `r#` names).
fn escape(name: String) -> String {
    let name = if name.is_empty() {
        "unnamed".to_owned()
    } else {
        name
    };
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        return format!("_{name}");
    }
    if NOT_RAW.contains(&name.as_str()) {
        return format!("{name}_");
    }
    if KEYWORDS.contains(&name.as_str()) {
        return format!("r#{name}");
    }
    name
}

/// The Rust type name of a shape (`IpRouteInfo` for `IpRouteInfo`, `LdapsSettingInfo` for
/// `LDAPSSettingInfo`).
pub fn type_name(wire: &str) -> String {
    escape(join_camel(&split_words(wire)))
}

/// The Rust field (and getter) name of a structure member.
pub fn field_name(wire: &str) -> String {
    let snake = join_snake(&split_words(wire));
    if RESERVED_FIELDS.contains(&snake.as_str()) {
        return format!("{snake}_value");
    }
    escape(snake)
}

/// The Rust variant name of an enum value or union member.
pub fn variant_name(wire: &str) -> String {
    let camel = join_camel(&split_words(wire));
    if RESERVED_VARIANTS.contains(&camel.as_str()) {
        return format!("{camel}Value");
    }
    escape(camel)
}

/// A snake-case name for functions and modules (`describe_directories`).
pub fn fn_name(wire: &str) -> String {
    escape(join_snake(&split_words(wire)))
}

/// A SCREAMING_SNAKE_CASE name for statics (`DIRECTORY_ID`).
pub fn const_name(wire: &str) -> String {
    escape(join_snake(&split_words(wire)).to_uppercase())
}

/// The snake-case name without raw prefix, for building other names (`set_type`).
pub fn bare(name: &str) -> &str {
    name.strip_prefix("r#").unwrap_or(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_words_the_way_aws_means_them() {
        let cases: &[(&str, &[&str])] = &[
            ("DirectoryId", &["Directory", "Id"]),
            ("IPv4Address", &["IPv4", "Address"]),
            ("DnsIpAddrsV6", &["Dns", "Ip", "Addrs", "V6"]),
            ("CustomerDnsIpsV6", &["Customer", "Dns", "Ips", "V6"]),
            ("ACLs", &["ACLs"]),
            ("CIDRsForVpc", &["CIDRs", "For", "Vpc"]),
            ("LDAPSSettingInfo", &["LDAPS", "Setting", "Info"]),
            ("DescribeLDAPSSettings", &["Describe", "LDAPS", "Settings"]),
            ("SSOEnabled", &["SSO", "Enabled"]),
            ("EC2SecurityGroup", &["EC2", "Security", "Group"]),
            ("Ec2Instance", &["Ec2", "Instance"]),
            ("S3Bucket", &["S3", "Bucket"]),
            ("PENDING_ACCEPTANCE", &["PENDING", "ACCEPTANCE"]),
            ("Client-LDAP", &["Client", "LDAP"]),
            ("snake_case_name", &["snake", "case", "name"]),
            ("OSVersion", &["OS", "Version"]),
            ("IDs", &["IDs"]),
            ("UserIDsList", &["User", "IDs", "List"]),
            ("x509Certificate", &["x509", "Certificate"]),
            ("SHA256", &["SHA256"]),
            ("IpV6Only", &["Ip", "V6", "Only"]),
            ("IPv6Cidr", &["IPv6", "Cidr"]),
            ("2FA", &["2", "FA"]),
            ("MaxResults", &["Max", "Results"]),
        ];
        for (wire, words) in cases {
            assert_eq!(split_words(wire), *words, "{wire}");
        }
    }

    #[test]
    fn field_names() {
        let cases = [
            ("DirectoryId", "directory_id"),
            ("IPv4Address", "ipv4_address"),
            ("ACLs", "acls"),
            ("LDAPSSettingsInfo", "ldaps_settings_info"),
            ("Type", "r#type"),
            ("type", "r#type"),
            ("Self", "self_"),
            ("Super", "super_"),
            ("Crate", "crate_"),
            ("Async", "r#async"),
            ("Gen", "r#gen"),
            ("Builder", "builder_value"),
            ("Build", "build_value"),
            ("Validate", "validate_value"),
            ("Validation", "validation_value"),
            ("Delay", "delay_value"),
            ("2FAEnabled", "_2_fa_enabled"),
            ("NextToken", "next_token"),
            ("SSOEnabled", "sso_enabled"),
            ("_", "unnamed"),
        ];
        for (wire, rust) in cases {
            assert_eq!(field_name(wire), rust, "{wire}");
        }
    }

    #[test]
    fn type_names() {
        let cases = [
            ("LDAPSSettingInfo", "LdapsSettingInfo"),
            ("IpRouteInfo", "IpRouteInfo"),
            ("Self", "Self_"),
            ("Option", "Option"),
            ("directory_type", "DirectoryType"),
            ("IPv4Address", "Ipv4Address"),
            ("3DSettings", "_3DSettings"),
        ];
        for (wire, rust) in cases {
            assert_eq!(type_name(wire), rust, "{wire}");
        }
    }

    #[test]
    fn variant_names() {
        let cases = [
            ("SimpleAD", "SimpleAd"),
            ("ADConnector", "AdConnector"),
            ("Client-LDAP", "ClientLdap"),
            ("PENDING_ACCEPTANCE", "PendingAcceptance"),
            ("Unknown", "UnknownValue"),
            ("1.2", "_12"),
            ("Self", "Self_"),
            ("us-east-1", "UsEast1"),
        ];
        for (wire, rust) in cases {
            assert_eq!(variant_name(wire), rust, "{wire}");
        }
    }

    #[test]
    fn distinct_wire_names_can_collide() {
        assert_eq!(field_name("FooBar"), field_name("foo_bar"));
        assert_eq!(type_name("Foo_Bar"), type_name("FooBar"));
        assert_eq!(variant_name("foo-bar"), variant_name("FOO_BAR"));
    }
}
