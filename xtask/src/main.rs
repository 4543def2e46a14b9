//! `cargo xtask`: the command line over the `xtask` library, dispatching through its command table.

use std::process::ExitCode;
use xtask::commands::{find, usage};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("help" | "--help" | "-h") => {
            println!("{}", usage());
            Ok(())
        }
        Some(name) => match find(name) {
            Some(command) => (command.run)(&args[1..]),
            None => Err(format!("unknown command `{name}`\n\n{}", usage())),
        },
        None => Err(format!("missing command\n\n{}", usage())),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}
