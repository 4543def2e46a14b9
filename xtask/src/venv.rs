//! The Python environment the tests use (`target/venv`), created and kept in step with
//! `tests/python/requirements.txt`.

use crate::process::run;
use crate::root;
use std::fs;
use std::path::PathBuf;
use std::process::Command;

/// The venv's Python, after creating the venv and installing the pinned requirements if they
/// changed since the last run.
pub fn python() -> Result<PathBuf, String> {
    let root = root();
    let venv = root.join("target/venv");
    let python = venv.join("bin/python");
    let requirements = root.join("tests/python/requirements.txt");
    let wanted = fs::read_to_string(&requirements)
        .map_err(|e| format!("cannot read {}: {e}", requirements.display()))?;
    let stamp = venv.join("installed-requirements.txt");
    if python.exists() && fs::read_to_string(&stamp).is_ok_and(|have| have == wanted) {
        return Ok(python);
    }
    if !python.exists() {
        eprintln!("creating {} ...", venv.display());
        run(
            Command::new(std::env::var("PYTHON").unwrap_or_else(|_| "python3".to_owned()))
                .args(["-m", "venv"])
                .arg(&venv),
        )?;
    }
    eprintln!("installing {} ...", requirements.display());
    run(Command::new(&python)
        .args([
            "-m",
            "pip",
            "install",
            "--quiet",
            "--disable-pip-version-check",
            "-r",
        ])
        .arg(&requirements))?;
    fs::write(&stamp, wanted).map_err(|e| format!("cannot write {}: {e}", stamp.display()))?;
    Ok(python)
}
