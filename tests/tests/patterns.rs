//! Every pattern of the ds model: translated, compiled, checked against a table of values
//! that must and must not match, and against java.util.regex on thousands more.

use crate::support::ds_model;
use codegen::lang::pattern::{plan, translate, Formula, PatternCheck};
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
    let verdicts = java_find(
        &cases
            .iter()
            .map(|(name, value)| (patterns[*name].0.as_str(), value.as_str()))
            .collect::<Vec<_>>(),
    );
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

/// java.util.regex's `find()` verdict on each (pattern, value).
pub(crate) fn java_find(cases: &[(&str, &str)]) -> Vec<bool> {
    let input: String = cases
        .iter()
        .map(|(pattern, value)| format!("{}\t{}\n", hex(pattern), hex(value)))
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
    String::from_utf8(output.stdout)
        .unwrap()
        .lines()
        .map(|l| l == "1")
        .collect()
}

fn leak(text: &str) -> &'static str {
    Box::leak(text.to_owned().into_boxed_str())
}

/// The runtime pattern the generator would emit for `java`, or `None` when it is left
/// unchecked.
pub(crate) fn runtime_pattern(java: &str) -> Option<validate::Pattern> {
    Some(match plan(java) {
        PatternCheck::Linear(formula) => validate::Pattern::new(leak(java), leak_formula(&formula)),
        PatternCheck::Backtracking { regex, .. } => {
            validate::Pattern::backtracking(leak(java), leak(&regex))
        }
        PatternCheck::Unchecked { .. } => return None,
    })
}

#[test]
fn patterns_beyond_linear_regexes_agree_with_java_regex() {
    let list = std::fs::read_to_string(
        crate::support::root().join("tests/fixtures/patterns/beyond-linear.txt"),
    )
    .unwrap();
    let javas: Vec<&str> = list.lines().filter(|l| !l.starts_with('#')).collect();
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let (mut linear, mut backtracking, mut unchecked) = (0, 0, Vec::new());
    let mut checked: Vec<(&str, validate::Pattern)> = Vec::new();
    for java in &javas {
        match plan(java) {
            PatternCheck::Linear(_) => linear += 1,
            PatternCheck::Backtracking { .. } => backtracking += 1,
            PatternCheck::Unchecked { why } => unchecked.push(format!("{java}: {why}")),
        }
        if let Some(pattern) = runtime_pattern(java) {
            checked.push((java, pattern));
        }
    }
    // Values drawn from the pattern's own characters and the shared alphabet, so loose
    // patterns match some and strict ones reject most.
    let mut cases: Vec<(usize, String)> = Vec::new();
    for (i, (java, _)) in checked.iter().enumerate() {
        let own: Vec<char> = java
            .chars()
            .filter(|c| !"\\()[]{}?*+|^$".contains(*c))
            .collect();
        for _ in 0..40 {
            let len = rng.below(20);
            let value: String = (0..len)
                .map(|_| {
                    if !own.is_empty() && rng.below(3) > 0 {
                        own[rng.below(own.len())]
                    } else {
                        ALPHABET[rng.below(ALPHABET.len())]
                    }
                })
                .collect();
            cases.push((i, value));
        }
    }
    let verdicts = java_find(
        &cases
            .iter()
            .map(|(i, value)| (checked[*i].0, value.as_str()))
            .collect::<Vec<_>>(),
    );
    assert_eq!(verdicts.len(), cases.len());
    let (mut matched, mut out_of_steps) = (0, 0);
    let mut disagreements = Vec::new();
    for ((i, value), java_says) in cases.iter().zip(&verdicts) {
        let (java, pattern) = &checked[*i];
        matched += usize::from(*java_says);
        match pattern.verdict(value) {
            validate::Verdict::Unchecked(_) => out_of_steps += 1,
            verdict => {
                if (verdict == validate::Verdict::Matches) != *java_says {
                    disagreements.push(format!("`{java}` on {value:?}: java says {java_says}"));
                }
            }
        }
    }
    println!(
        "{} patterns: {linear} linear, {backtracking} backtracking, {} unchecked; {} values against java.util.regex ({matched} matching), {out_of_steps} out of steps, {} disagreements",
        javas.len(),
        unchecked.len(),
        cases.len(),
        disagreements.len()
    );
    for why in &unchecked {
        println!("  unchecked: {why}");
    }
    assert!(disagreements.is_empty(), "{}", disagreements.join("\n"));
    assert_eq!(out_of_steps, 0, "short values never run out of steps");
    // Pinned, so a change in how patterns are planned shows here.
    assert_eq!(
        (javas.len(), linear, backtracking, unchecked.len()),
        (430, 302, 127, 1)
    );
}

/// acm's `DomainNameString`, the issue's example: agreement with java.util.regex on the
/// oracle's values, and under 50 ms (release) on 100 kB adversarial values.
#[test]
fn acm_domain_name_agrees_with_java_and_stays_fast() {
    let java =
        r"(\*\.)?(((?!-)[A-Za-z0-9-]{0,62}[A-Za-z0-9])\.)+((?!-)[A-Za-z0-9-]{1,62}[A-Za-z0-9])";
    assert!(matches!(plan(java), PatternCheck::Backtracking { .. }));
    let pattern = runtime_pattern(java).unwrap();
    let mut values: Vec<String> = [
        "example.com",
        "*.example.com",
        "-a.b",
        "a-.bc",
        "a.-bc",
        "a..bc",
        "*.*.a.bc",
        ".com",
        "a.b",
        "a.bc",
        "xn--a.com",
        "-.--",
        "a.b-",
        "A1.B2",
        "a_b.cd",
        "",
        "*.",
        "1.23",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    let label = format!("{}.{}", "a".repeat(63), "b".repeat(63));
    values.push(label.clone());
    values.push(format!("a{label}"));
    let mut rng = Rng(0xD1B5_4A32_D192_ED03);
    let alphabet = ['a', 'Z', '0', '-', '.', '*', '_'];
    for _ in 0..2000 {
        let len = rng.below(16);
        values.push(
            (0..len)
                .map(|_| alphabet[rng.below(alphabet.len())])
                .collect(),
        );
    }
    let verdicts = java_find(
        &values
            .iter()
            .map(|v| (java, v.as_str()))
            .collect::<Vec<_>>(),
    );
    let disagreements: Vec<String> = values
        .iter()
        .zip(&verdicts)
        .filter(|(v, java_says)| (pattern.verdict(v) == validate::Verdict::Matches) != **java_says)
        .map(|(v, java_says)| format!("{v:?}: java says {java_says}"))
        .collect();
    println!(
        "DomainNameString: {} values against java.util.regex, {} matching, {} disagreements",
        values.len(),
        verdicts.iter().filter(|m| **m).count(),
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
