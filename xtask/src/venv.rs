//! The Python environment the tests use (`target/venv`), created and kept in step with
//! `tests/python/requirements.txt`; and botocore's optional CRT checksums (`awscrt`, from
//! `tests/python/requirements-crt.txt`) in `target/venv-crt`, apart, which only the
//! checksum comparison puts on its path (with it, botocore changes more than checksums).

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
        crt(&python)?;
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
    pip_install(&python, &requirements, &[])?;
    fs::write(&stamp, wanted).map_err(|e| format!("cannot write {}: {e}", stamp.display()))?;
    crt(&python)?;
    Ok(python)
}

/// `awscrt` installed into `target/venv-crt` (not the venv) if its pin changed.
fn crt(python: &std::path::Path) -> Result<(), String> {
    let root = root();
    let dir = root.join("target/venv-crt");
    let requirements = root.join("tests/python/requirements-crt.txt");
    let wanted = fs::read_to_string(&requirements)
        .map_err(|e| format!("cannot read {}: {e}", requirements.display()))?;
    let stamp = dir.join("installed-requirements.txt");
    if fs::read_to_string(&stamp).is_ok_and(|have| have == wanted) {
        return Ok(());
    }
    let target = dir.display().to_string();
    pip_install(python, &requirements, &["--no-deps", "--target", &target])?;
    fs::write(&stamp, wanted).map_err(|e| format!("cannot write {}: {e}", stamp.display()))
}

/// `pip install -r requirements` with the venv's Python, and `options` before it.
fn pip_install(
    python: &std::path::Path,
    requirements: &std::path::Path,
    options: &[&str],
) -> Result<(), String> {
    eprintln!("installing {} ...", requirements.display());
    run(Command::new(python)
        .args([
            "-m",
            "pip",
            "install",
            "--quiet",
            "--disable-pip-version-check",
        ])
        .args(options)
        .arg("-r")
        .arg(requirements))
}
