//! `cargo xtask bench stream`: a 1 GiB streaming body sent and received through the loopback
//! server of `tests/tests/stream_memory.rs`, in release, with the client process's peak
//! resident memory; the numbers go to `target/bench/stream.txt` for the docs.

use crate::root;
use std::process::Command;

/// The body's size, in MiB.
const MIB: u64 = 1024;

/// Runs the streaming test at 1 GiB in release and prints (and keeps) its measurement.
pub fn run() -> Result<(), String> {
    let root = root();
    let output = Command::new(env!("CARGO"))
        .current_dir(&root)
        .args([
            "test",
            "--release",
            "--quiet",
            "-p",
            "tests",
            "--test",
            "stream_memory",
            "--",
            "--nocapture",
        ])
        .env("STREAM_MIB", MIB.to_string())
        .output()
        .map_err(|e| format!("cannot run the streaming test: {e}"))?;
    let stdout = String::from_utf8_lossy(&output.stdout);
    if !output.status.success() {
        return Err(format!(
            "the streaming test failed at {MIB} MiB:\n{stdout}\n{}",
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    let line = stdout
        .lines()
        .find(|l| l.starts_with("streamed "))
        .ok_or_else(|| format!("the streaming test printed no measurement:\n{stdout}"))?;
    let dir = root.join("target/bench");
    std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    std::fs::write(dir.join("stream.txt"), format!("{line}\n"))
        .map_err(|e| format!("cannot write target/bench/stream.txt: {e}"))?;
    println!("{line}");
    Ok(())
}
