//! Every pattern of the ds model: translated, compiled, checked against a table of values
//! that must and must not match, and against java.util.regex on thousands more.

use crate::support::ds_model;
use codegen::ir::pattern::{translate, Formula};
use serde_json::Value;
use std::collections::BTreeMap;
use std::io::Write;
use std::process::{Command, Stdio};

use aws_codegen_runtime::validate;

/// Values that must match and values that must not, per shape with a pattern.
pub const TABLE: &[(&str, &[&str], &[&str])] = &[
    ("AliasName", &["mycompany", "corp-1", "a", "abc_def"], &["d-1234", "D-abc", "-abc", "", "_abc"]),
    ("AssessmentId", &["da-0123456789abcdef01"], &["da-0123456789abcdef0", "DA-0123456789abcdef01", "da-0123456789abcdeg01"]),
    (
        "AssessmentInstanceId",
        &["i-0123abcd", "i-0123456789abcdef0", "mi-0123abcd", "mi-0123456789abcdef0"],
        &["i-0123abc", "x-0123abcd", "i-0123456789abcdef", "i-0123ABCD"],
    ),
    ("CertificateId", &["c-0123456789"], &["c-012345678", "c-ABCDEF0123", "c-01234567890"]),
    ("CidrIp", &["10.0.0.0/8", "192.168.1.0/24", "0.0.0.0/32"], &["10.0.0.0", "256.0.0.0/8", "10.0.0.0/33", "10.0.0.0/0"]),
    (
        "CidrIpv6",
        &["2001:db8::/32", "fe80::1/128", "::/0", "2600:1f18:61b:4f00::/56", "1:2:3:4:5:6:7:8/64"],
        &["2001:db8::/129", "2001:db8::", "10.0.0.0/8", "2001:db8::g/32"],
    ),
    ("ComputerPassword", &["Passw0rd!", "\u{e9}t\u{e9}"], &["", "\u{4e2d}\u{6587}", "\n"]),
    ("CustomerId", &["123456789012"], &["12345678901", "12345678901a", "\u{ff11}23456789012"]),
    ("CustomerUserName", &["Admin", "john.doe", "svc_account"], &["dom\\user", "user@corp", "a:b", "a\"b", "a|b"]),
    ("Description", &["Corporate directory", "Test_1 @#%*+=:?./!-", "a\\b"], &[" leading space", "semi;colon", "", "\u{e9}"]),
    ("DirectoryConfigurationSettingName", &["TLS_1_0", "a.b/c d-e", ""], &["a;b", "\u{e4}"]),
    ("DirectoryConfigurationSettingValue", &["Enable", "", "TLS_1_2"], &["a-b", "a b"]),
    ("DirectoryId", &["d-926708edcb", "d-926708edcb\n"], &["d-926708edc", "d-926708EDCB", "D-926708edcb", "xd-926708edcb"]),
    ("DirectoryName", &["corp.example.com", "my-dir.local", "a\\b"], &["corp", ".corp.com", "corp..com", "corp_x.com"]),
    ("DirectoryShortName", &["CORP", "corp-1", "corp.1"], &[".corp", "co:rp", "a/b", ""]),
    ("DomainControllerId", &["dc-0123456789"], &["dc-01234567890", "dc-012345678"]),
    ("IpAddr", &["10.0.1.112", "255.255.255.255", "0.0.0.0"], &["256.1.1.1", "10.0.1", "10.0.1.1.1", "a.b.c.d"]),
    (
        "Ipv6Addr",
        &["2001:db8::1", "fe80::1%eth0", "::ffff:192.168.1.1", "2600:1f18:61b:4f02::1", "1:2:3:4:5:6:7:8", "::"],
        &["2001:db8::g", "12345::1", "10.0.0.1", "1:2:3:4:5:6:7:8:9"],
    ),
    ("LogGroupName", &["/aws/directoryservice/d-123", "a"], &["", "***"]),
    ("OCSPUrl", &["http://ocsp.example.com/", "ldaps://x", "https://a.b/c?d=e"], &["gopher://x", "http://", "http:// x"]),
    (
        "Password",
        &["Sup3rSecret", "abc123!@#x", "ABC!!!def", "ABC123!!!", "Aa1Aa1Aa1"],
        &["password", "short1A", "PASSWORD", "12345678", "abcdefgh!", "ABCDEFGH1"],
    ),
    (
        "PcaConnectorArn",
        &["arn:aws:pca-connector-ad:us-east-1:123456789012:connector/01234567-89ab-cdef-0123-456789abcdef"],
        &["arn:aws:pca-connector-ad:us-east-1:123456789012:connector/0123", "arn:aws:acm:us-east-1:1:connector/01234567-89ab-cdef-0123-456789abcdef"],
    ),
    ("RadiusSharedSecret", &["s3cr3t-radius", "pa ss!", "\u{dc}n\u{ef}c\u{f6}d\u{e9}1"], &["tab\there", "", "emoji\u{1f600}"]),
    ("RemoteDomainName", &["example.com", "example.com.", "a-b.c"], &["example", "ex ample.com", ".example.com"]),
    ("RequestId", &["01234567-89ab-cdef-0123-456789ABCDEF"], &["0123", "01234567-89ab-cdef-0123-456789ABCDEG"]),
    ("ResourceId", &["d-1234567890"], &["e-1234567890", "d-123456789"]),
    ("SID", &["S-1-5-21-1004336348", "a&b", "x"], &["", "%%%"]),
    ("SchemaExtensionId", &["e-0123456789"], &["e-012345678", "d-0123456789"]),
    (
        "SecretArn",
        &["arn:aws:secretsmanager:us-east-1:123456789012:secret:my/secret-AbCdEf"],
        &["arn:aws:secretsmanager:us-east-1:123456789012:secret:mysecret", "arn:aws:secretsmanager:us-east-1:12345:secret:x-AbCdEf"],
    ),
    ("SecurityGroupId", &["sg-12345678", "sg-0123456789abcdef0"], &["sg-1234567", "sg-0123456789abcdef", "sg-1234567g"]),
    ("SnapshotId", &["s-0123456789"], &["s-012345678"]),
    ("SnapshotName", &["nightly_1", "Snap 2024.01"], &["-bad", "semi;colon"]),
    ("SubnetId", &["subnet-12345678", "subnet-0123456789abcdef0"], &["subnet-123", "subnet-0123456789abcdef"]),
    ("TagKey", &["team", "\u{dc}n\u{ef}code key 1", "aws:cloudformation:stack-name", ""], &["a;b", "tab\t", "a*b"]),
    ("TagValue", &["identity", "a=b+c@d", ""], &["a;b", "a#b"]),
    ("TopicName", &["my-topic_1"], &["", "***"]),
    ("TrustId", &["t-0123456789"], &["t-012345678"]),
    ("TrustPassword", &["Tru5t pass!"], &["", "tab\t"]),
    ("UserName", &["john.doe", "a"], &["", "@@@"]),
    ("VpcId", &["vpc-12345678", "vpc-0a1b2c3d4e5f67890"], &["vpc-123", "vpc-0a1b2c3d4e5f6789"]),
];

fn leak_formula(f: &Formula) -> &'static validate::Formula {
    let converted = match f {
        Formula::Match(re) => validate::Formula::Match(Box::leak(re.clone().into_boxed_str())),
        Formula::Not(inner) => validate::Formula::Not(leak_formula(inner)),
        Formula::All(items) => validate::Formula::All(Box::leak(
            items
                .iter()
                .map(|i| clone_formula(leak_formula(i)))
                .collect::<Vec<_>>()
                .into_boxed_slice(),
        )),
        Formula::Any(items) => validate::Formula::Any(Box::leak(
            items
                .iter()
                .map(|i| clone_formula(leak_formula(i)))
                .collect::<Vec<_>>()
                .into_boxed_slice(),
        )),
    };
    Box::leak(Box::new(converted))
}

fn clone_formula(f: &'static validate::Formula) -> validate::Formula {
    match f {
        validate::Formula::Match(r) => validate::Formula::Match(r),
        validate::Formula::Not(i) => validate::Formula::Not(i),
        validate::Formula::All(i) => validate::Formula::All(i),
        validate::Formula::Any(i) => validate::Formula::Any(i),
    }
}

/// The runtime pattern for every shape of the ds model that has one.
fn patterns() -> BTreeMap<String, (String, validate::Pattern)> {
    let model: Value = serde_json::from_str(&ds_model().service.text).unwrap();
    model["shapes"]
        .as_object()
        .unwrap()
        .iter()
        .filter_map(|(name, shape)| {
            shape["pattern"]
                .as_str()
                .map(|p| (name.clone(), p.to_owned()))
        })
        .map(|(name, java)| {
            let formula = translate(&java).unwrap_or_else(|e| panic!("{name}: {e}"));
            let pattern = validate::Pattern::new(
                Box::leak(java.clone().into_boxed_str()),
                leak_formula(&formula),
            );
            (name, (java, pattern))
        })
        .collect()
}

#[test]
fn every_ds_pattern_translates_and_matches_its_table() {
    let patterns = patterns();
    assert_eq!(
        patterns.len(),
        40,
        "the ds model has 40 shapes with patterns"
    );
    let tabled: Vec<&str> = TABLE.iter().map(|(name, _, _)| *name).collect();
    assert_eq!(
        tabled,
        patterns.keys().map(String::as_str).collect::<Vec<_>>(),
        "one table row per pattern, sorted"
    );
    let mut failures = Vec::new();
    for (name, good, bad) in TABLE {
        let (java, pattern) = &patterns[*name];
        for value in *good {
            if !pattern.is_match(value) {
                failures.push(format!("{name}: `{java}` should match {value:?}"));
            }
        }
        for value in *bad {
            if pattern.is_match(value) {
                failures.push(format!("{name}: `{java}` should not match {value:?}"));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Seeded xorshift, so a disagreement replays.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n.max(1) as u64) as usize
    }
}

const ALPHABET: &[char] = &[
    'a',
    'd',
    'e',
    'f',
    'z',
    'A',
    'F',
    'Z',
    '0',
    '1',
    '9',
    '-',
    '.',
    ':',
    '/',
    '_',
    ' ',
    '@',
    '#',
    '!',
    '*',
    ';',
    '\\',
    '"',
    '\n',
    '\t',
    '\u{e9}',
    '\u{4e2d}',
    '\u{1f600}',
    '%',
    '=',
    '+',
];

fn hex(text: &str) -> String {
    text.bytes().map(|b| format!("{b:02x}")).collect()
}

#[test]
fn translation_agrees_with_java_regex() {
    let patterns = patterns();
    let mut rng = Rng(0x2545_F491_4F6C_DD1D);
    let mut cases: Vec<(&str, String)> = Vec::new();
    for (name, good, bad) in TABLE {
        let values: Vec<String> = good
            .iter()
            .chain(bad.iter())
            .map(|s| s.to_string())
            .collect();
        for value in &values {
            cases.push((name, value.clone()));
            // Single-character mutations of each tabled value probe the edges.
            for _ in 0..12 {
                let mut chars: Vec<char> = value.chars().collect();
                let at = rng.below(chars.len() + 1);
                let c = ALPHABET[rng.below(ALPHABET.len())];
                match rng.below(3) {
                    0 => chars.insert(at, c),
                    1 if at < chars.len() => chars[at] = c,
                    _ if at < chars.len() => {
                        chars.remove(at);
                    }
                    _ => chars.push(c),
                }
                cases.push((name, chars.into_iter().collect()));
            }
        }
        for _ in 0..60 {
            let len = rng.below(24);
            cases.push((
                name,
                (0..len)
                    .map(|_| ALPHABET[rng.below(ALPHABET.len())])
                    .collect(),
            ));
        }
    }
    let input: String = cases
        .iter()
        .map(|(name, value)| format!("{}\t{}\n", hex(&patterns[*name].0), hex(value)))
        .collect();
    let oracle = crate::support::root().join("tests/java/PatternOracle.java");
    let mut child = Command::new("java")
        .arg(&oracle)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("java is needed for the pattern oracle (Debian: openjdk-17-jre-headless)");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    let output = child.wait_with_output().unwrap();
    assert!(output.status.success(), "the Java oracle failed");
    let verdicts: Vec<bool> = String::from_utf8(output.stdout)
        .unwrap()
        .lines()
        .map(|l| l == "1")
        .collect();
    assert_eq!(verdicts.len(), cases.len());
    let disagreements: Vec<String> = cases
        .iter()
        .zip(&verdicts)
        .filter(|((name, value), java)| patterns[*name].1.is_match(value) != **java)
        .map(|((name, value), java)| {
            format!(
                "{name} `{}` on {value:?}: java says {java}",
                patterns[*name].0
            )
        })
        .collect();
    println!(
        "{} values checked against java.util.regex, {} disagreements",
        cases.len(),
        disagreements.len()
    );
    assert!(disagreements.is_empty(), "{}", disagreements.join("\n"));
}

#[test]
fn password_needs_three_of_four_character_kinds_and_8_to_64_characters() {
    let patterns = patterns();
    let password = &patterns["Password"].1;
    // Each of the four complexity rules of the pattern, met exactly.
    for accepted in ["Abcdefg1", "abcdef1!", "Abcdefg!", "ABCDEF1!"] {
        assert!(password.is_match(accepted), "{accepted}");
    }
    // Only one or two kinds of character: no rule is met.
    for rejected in [
        "abcdefgh", "ABCDEFGH", "12345678", "!!!!!!!!", "abcdEFGH", "abcd1234", "ABCD!!!!",
    ] {
        assert!(!password.is_match(rejected), "{rejected}");
    }
    let with_length = |n: usize| format!("Aa1{}", "x".repeat(n - 3));
    assert!(!password.is_match(&with_length(7)));
    assert!(password.is_match(&with_length(8)));
    assert!(password.is_match(&with_length(64)));
    assert!(!password.is_match(&with_length(65)));
}
