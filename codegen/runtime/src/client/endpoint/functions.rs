//! The rule functions beyond comparisons: host labels, S3 bucket names, ARNs, URLs,
//! substrings, URI encoding and attribute paths.

use serde_json::Value;

/// A DNS label (or, with `sub_domains`, dot-separated labels): 1 to 63 letters, digits and
/// hyphens, not starting with a hyphen.
pub(super) fn valid_host_label(value: &str, sub_domains: bool) -> bool {
    let label = |l: &str| {
        !l.is_empty()
            && l.len() <= 63
            && !l.starts_with('-')
            && !l.ends_with('-')
            && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
    };
    if sub_domains {
        value.split('.').all(label)
    } else {
        label(value)
    }
}

/// S3's `aws.isVirtualHostableS3Bucket`, as botocore implements it: a bucket name that can
/// be the first label of a host is at least 3 characters, lower case, not an IPv4 address,
/// and a valid host label (each of its dot-separated labels such a name, when
/// `sub_domains`).
pub(super) fn virtual_hostable_s3_bucket(value: &str, sub_domains: bool) -> bool {
    let ipv4 = {
        let parts: Vec<&str> = value.split('.').collect();
        parts.len() == 4
            && parts
                .iter()
                .all(|p| (1..=3).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_digit()))
    };
    if value.len() < 3 || value.to_lowercase() != value || ipv4 {
        return false;
    }
    if sub_domains {
        value
            .split('.')
            .all(|label| virtual_hostable_s3_bucket(label, false))
    } else {
        valid_host_label(value, false)
    }
}

/// `arn:partition:service:region:account:resource`, with the resource split on `:` and `/`.
pub(super) fn parse_arn(value: &str) -> Value {
    let parts: Vec<&str> = value.splitn(6, ':').collect();
    match parts.as_slice() {
        ["arn", partition, service, region, account, resource]
            if !partition.is_empty() && !service.is_empty() && !resource.is_empty() =>
        {
            let ids: Vec<Value> = resource
                .split([':', '/'])
                .map(|p| Value::String(p.to_owned()))
                .collect();
            serde_json::json!({"partition": partition, "service": service, "region": region, "accountId": account, "resourceId": ids})
        }
        _ => Value::Null,
    }
}

/// An `http` or `https` URL without query: scheme, authority, path, normalized path, and
/// whether the host is an IP address.
pub(super) fn parse_url(value: &str) -> Value {
    let Some((scheme, rest)) = value.split_once("://") else {
        return Value::Null;
    };
    if !matches!(scheme, "http" | "https") || value.contains('?') || value.contains('#') {
        return Value::Null;
    }
    let (authority, path) = match rest.find('/') {
        Some(i) => (&rest[..i], &rest[i..]),
        None => (rest, ""),
    };
    if authority.is_empty() {
        return Value::Null;
    }
    let host = if authority.starts_with('[') {
        authority
    } else {
        authority.rsplit_once(':').map_or(authority, |(h, _)| h)
    };
    let is_ip = host.starts_with('[') || host.parse::<std::net::Ipv4Addr>().is_ok();
    let normalized = if path.ends_with('/') {
        path.to_owned()
    } else {
        format!("{path}/")
    };
    serde_json::json!({"scheme": scheme, "authority": authority, "path": path, "normalizedPath": normalized, "isIp": is_ip})
}

/// `substring(input, start, stop, reverse)` on ASCII input; null when out of range.
pub(super) fn substring(input: &Value, start: &Value, stop: &Value, reverse: &Value) -> Value {
    let (Some(s), Some(start), Some(stop)) = (input.as_str(), start.as_u64(), stop.as_u64()) else {
        return Value::Null;
    };
    let (start, stop) = (start as usize, stop as usize);
    if !s.is_ascii() || start >= stop || stop > s.len() {
        return Value::Null;
    }
    let (from, to) = if *reverse == Value::Bool(true) {
        (s.len() - stop, s.len() - start)
    } else {
        (start, stop)
    };
    Value::String(s[from..to].to_owned())
}

/// Percent-encodes everything but unreserved characters.
pub(super) fn uri_encode(value: &str) -> String {
    value
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// `getAttr`: a dotted path with optional `[index]` parts.
pub(super) fn attribute(value: &Value, path: &str) -> Value {
    let mut current = value.clone();
    for part in path.split('.') {
        let (key, index) = match part.split_once('[') {
            Some((key, rest)) => (key, rest.trim_end_matches(']').parse::<usize>().ok()),
            None => (part, None),
        };
        if !key.is_empty() {
            current = current.get(key).cloned().unwrap_or(Value::Null);
        }
        if let Some(i) = index {
            current = current.get(i).cloned().unwrap_or(Value::Null);
        }
    }
    current
}
