//! `cargo xtask`: the command line over the `xtask` library.

use std::process::ExitCode;
use xtask::{
    bench, botocore, codegen_cmd, conformance, diff_cmd, fuzz, lines, semver_checks, smithy_sweep,
    sweep, test_cmd, USAGE,
};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("codegen") => codegen_cmd::run(&args[1..]),
        Some("update-model") => botocore::update_model(&args[1..]),
        Some("diff") => diff_cmd::run(&args[1..]),
        Some("conformance") => conformance::run(&args[1..]),
        Some("test") => test_cmd::run(&args[1..]),
        Some("generality") => test_cmd::generality(&args[1..]),
        Some("bench") => bench::run(&args[1..]),
        Some("lines") => lines::run(&args[1..]),
        Some("smithy-sweep") => smithy_sweep::run(&args[1..]),
        Some("sweep") => sweep::run(&args[1..]),
        Some("fuzz") => fuzz::run(&args[1..]),
        Some("semver-checks") => semver_checks::run(&args[1..]),
        Some("help" | "--help" | "-h") => {
            println!("{USAGE}");
            Ok(())
        }
        _ => Err(format!("unknown or missing command\n\n{USAGE}")),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}
