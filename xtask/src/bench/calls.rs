//! `cargo xtask bench calls [--rounds N]`: calls per second and decoding of the three bench programs alone, many interleaved rounds, with no clean builds (a quick check of a change to the call path).

use super::programs::write_programs;
use super::sdk::{measure_round, Servers, Table};
use crate::process::cargo_two_jobs as cargo;

/// Builds the release programs where needed (untimed), then measures `rounds` rounds.
pub fn run(rounds: usize) -> Result<(), String> {
    let (dir, programs) = write_programs()?;
    for program in &programs {
        let project = dir.join(program.name);
        eprintln!("bench calls: building {} (release) ...", program.name);
        cargo(
            &project,
            &["build", "--quiet", "--release"],
            Some(&project.join("target")),
        )?;
    }
    let servers = Servers::start()?;
    let mut table = Table::default();
    for round in 1..=rounds {
        eprintln!("bench calls: round {round}/{rounds} ...");
        measure_round(&dir, &programs, &servers, &mut table)?;
    }
    let title = format!(
        "Calls and decoding alone, ours against the SDK (default features) and the SDK lean: {rounds} interleaved rounds"
    );
    print!("{}", table.render(&title, servers.large_len, None));
    Ok(())
}
