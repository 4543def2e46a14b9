//! The `cargo xtask` commands as one table (each command's forms, what it does, the function that runs it), from which the usage text is written.

use crate::{
    bench, botocore, codegen_cmd, conformance, diff_cmd, fuzz, lines, moto, outside, root,
    semver_checks, smithy_sweep, sweep, test_cmd, venv,
};

/// One command: its forms (arguments and what the form does) and the function that runs
/// it with the arguments after its name.
pub struct Command {
    /// The name typed after `cargo xtask`.
    pub name: &'static str,
    /// Each form: its arguments and what it does.
    pub forms: &'static [(&'static str, &'static str)],
    /// Runs the command.
    pub run: fn(&[String]) -> Result<(), String>,
}

/// Every command, in the order the usage lists them.
pub const COMMANDS: &[Command] = &[
    Command {
        name: "codegen",
        forms: &[
            (
                "[--check]",
                "generate the checked-in crates (model/ds -> generated/, and model/NAME -> generated/NAME/ for clouddirectory, sts, iam, sns and ec2, the last two trimmed to the operations the moto tests use); --check lists stale and orphaned files and fails without writing",
            ),
            (
                "--model PATH [--out DIR] [--package NAME] [--runtime path|vendored] [--operations A,B]",
                "generate the crate for a model: a botocore directory, or a Smithy JSON AST file (or a directory holding one), told apart by content; the crate depends on codegen/runtime by a relative path, or (vendored) carries a copy; --operations generates only those operations (names as in the model) and the shapes, errors, paginators and waiters they reach; --check works here too",
            ),
        ],
        run: codegen_cmd::run,
    },
    Command {
        name: "diff",
        forms: &[(
            "OLD NEW [--format markdown|json] [--fail-on breaking|dangerous]",
            "what changed between two model directories, its severity and semver bump",
        )],
        run: diff_cmd::run,
    },
    Command {
        name: "outside",
        forms: &[(
            "",
            "the test command's step that uses the generator from outside the repository: install the aws-codegen CLI into a scratch directory, generate a user's Smithy service and DynamoDB into a new project there, build it and call both (a loopback server, moto)",
        )],
        run: |args| {
            if let Some(arg) = args.first() {
                return Err(format!("`outside` takes no arguments (got `{arg}`)"));
            }
            let moto = moto::Moto::start(&venv::python()?)?;
            outside::run(&root(), &moto.endpoint)
        },
    },
    Command {
        name: "semver-checks",
        forms: &[
            (
                "[--only OLD-NEW]",
                "generate the ds crate from both sides of each reviewed revision pair and run cargo-semver-checks (pinned, installed into target/tools/) on them; writes the verdicts to tests/fixtures/semver/ for the tests (not in CI: the tool builds for minutes)",
            ),
            (
                "--runtime",
                "cargo-semver-checks on the runtime crate against its previous tagged release (git tag aws-codegen-runtime-vX.Y.Z); writes tests/fixtures/semver/runtime.json, which a test checks names the runtime's current version",
            ),
        ],
        run: semver_checks::run,
    },
    Command {
        name: "fuzz",
        forms: &[(
            "(TARGET | --all) [--time SECONDS]",
            "run fuzz targets of tests/fuzz/ with cargo-fuzz (pinned, installed into target/tools/) from their checked-in corpora (default 60 s each); the test command runs each for 30 s",
        )],
        run: fuzz::run,
    },
    Command {
        name: "update-model",
        forms: &[
            (
                "--botocore VERSION [--service NAME]",
                "download that botocore wheel into target/ and write model/NAME/ (default: ds)",
            ),
            (
                "--smithy VERSION --service SDK_ID",
                "download software.amazon.api.models:SDK_ID:VERSION from Maven Central with mvn into target/maven/ and write model/smithy/SDK_ID.json",
            ),
        ],
        run: botocore::update_model,
    },
    Command {
        name: "sweep",
        forms: &[(
            "[--botocore VERSION] [--protocol P,...] [--only S,...] [--no-build]",
            "every service of a botocore release (default the pinned one), generated as its own crate into one scratch workspace under target/sweep/ (with a client wherever the generator speaks one of its protocols, types only otherwise) and checked with `cargo check --keep-going`: one row per service of client, generated, compiled, warnings and reasons (not in CI: it is long)",
        )],
        run: sweep::run,
    },
    Command {
        name: "smithy-sweep",
        forms: &[(
            "[--compile N] [--no-build]",
            "generate the Smithy models of every awsJson, restJson1 and rpcv2Cbor service in the tests' model bundle; N of them (default 40) compile as one bundle with -D warnings; a table of generated and failed models with reasons",
        )],
        run: smithy_sweep::run,
    },
    Command {
        name: "conformance",
        forms: &[(
            "",
            "botocore's protocol test suites and Smithy's own compliance suites (515 client cases, converted from the IDL vendored in tests/fixtures/smithy-protocol-tests/ with java over smithy-model from Maven Central) of awsJson 1.0 and 1.1, rest-json and rpcv2Cbor, against generated code in one build: a table per suite and the totals; fails on a botocore failure, a Smithy failure not listed with its reason in xtask/src/conformance/smithy_expected.rs, or a listed one that passes",
        )],
        run: conformance::run,
    },
    Command {
        name: "test",
        forms: &[(
            "[--list | --step N]",
            "run every test: workspace tests, freshness, lints and docs of the generated crate, and generation for other services; --list prints the steps and what each proves, --step N runs step N alone",
        )],
        run: test_cmd::run,
    },
    Command {
        name: "generality",
        forms: &[(
            "",
            "the test's last step alone: other botocore services generated into one bundle, linted and documented with -D warnings",
        )],
        run: test_cmd::generality,
    },
    Command {
        name: "bench",
        forms: &[
            (
                "[sdk [--runs N]]",
                "our generated crate against the official aws-sdk-directory: build times, crates, lines, binary size, calls per second, latency, decoding (default; 3 runs, medians; writes target/bench/sdk.json)",
            ),
            (
                "service NAME [--runs N]",
                "one service's whole generated crate against the SDK's crate of it (lean): lines, and clean debug and release builds of the crate alone, interleaved (default 1 run; writes target/bench/service/NAME/result.json)",
            ),
            (
                "credentials [--runs N]",
                "a program that takes credentials and region from the default chain and makes one ds call: ours (aws-codegen-config) against the SDK's aws-config, both lean; clean debug and release builds interleaved, crates, stripped binary (default 1 run; writes target/bench/credentials/report.md)",
            ),
            (
                "throughput [--botocore VERSION]",
                "the generator over every service of a botocore release (default the pinned one), in memory, in release: total, median and slowest services",
            ),
            (
                "stream",
                "a 1 GiB streaming body up (PutObject from a reader) and down (GetObject read chunk by chunk) through a loopback server, in release: times and the client's peak resident memory (writes target/bench/stream.txt)",
            ),
            (
                "calls [--rounds N]",
                "calls per second and decoding alone, ours against the lean SDK, in interleaved rounds",
            ),
            (
                "cbor [--runs N]",
                "the ds client over rpcv2Cbor against itself over awsJson: calls per second and decoding the 1,000-directory response (default 5 runs, medians)",
            ),
            (
                "floor [--runs N]",
                "the client stack alone (the runtime's client dependencies, none of our code; and the same with the system's OpenSSL for TLS) against the bench's ours and lean SDK programs: clean builds interleaved (default 2 runs, medians) and the stripped binaries",
            ),
            (
                "codegen|patterns|diff",
                "time generating the ds crate, the ds patterns on 100 kB inputs, or a model diff (rebuilds itself in release)",
            ),
        ],
        run: bench::run,
    },
    Command {
        name: "lines",
        forms: &[(
            "[DIR]",
            "lines of Rust in a generated crate (default generated/), per file kind and per item: structure, builder, operation, error enum, paginator",
        )],
        run: lines::run,
    },
];

/// The command called `name`.
pub fn find(name: &str) -> Option<&'static Command> {
    COMMANDS.iter().find(|c| c.name == name)
}

/// The usage text: every form of every command, its description wrapped under it.
pub fn usage() -> String {
    let mut out =
        String::from("usage: cargo xtask <command>\n\ncommands:\n  help\n      this text\n");
    for command in COMMANDS {
        for (args, help) in command.forms {
            let line = format!("  {} {args}", command.name);
            out.push_str(line.trim_end());
            out.push('\n');
            out.push_str(&wrap(help, 6, 88));
        }
    }
    out.trim_end().to_owned()
}

/// `text` in lines of at most `width` columns, each indented by `indent` spaces.
fn wrap(text: &str, indent: usize, width: usize) -> String {
    let pad = " ".repeat(indent);
    let mut out = String::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        if !line.is_empty() && indent + line.len() + 1 + word.len() > width {
            out.push_str(&format!("{pad}{line}\n"));
            line.clear();
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        out.push_str(&format!("{pad}{line}\n"));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_usage_lists_every_command_and_form() {
        let usage = usage();
        for command in COMMANDS {
            for (args, _) in command.forms {
                let form = format!("  {} {args}", command.name);
                assert!(usage.contains(form.trim_end()), "{form}");
            }
        }
        assert!(usage.lines().all(|l| l.len() <= 100), "{usage}");
        assert!(find("test").is_some() && find("nope").is_none());
        let names: std::collections::BTreeSet<_> = COMMANDS.iter().map(|c| c.name).collect();
        assert_eq!(names.len(), COMMANDS.len(), "a command is listed twice");
    }
}
