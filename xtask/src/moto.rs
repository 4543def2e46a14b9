//! Starts `moto_server` from the test venv on a free loopback port for the end-to-end tests,
//! and stops it when the guard is dropped, whether the tests passed or not.

use crate::root;
use std::fs;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A running moto server; dropping it stops the server.
pub struct Moto {
    child: Child,
    /// `http://127.0.0.1:PORT`.
    pub endpoint: String,
}

impl Moto {
    /// Starts the server and waits until it accepts requests.
    pub fn start(python: &Path) -> Result<Moto, String> {
        let bin = python
            .parent()
            .ok_or("venv has no bin directory")?
            .join("moto_server");
        let log_path = root().join("target/moto.log");
        // A fresh log, so a stale one cannot give a stale port.
        let log = fs::File::create(&log_path)
            .map_err(|e| format!("cannot create {}: {e}", log_path.display()))?;
        let err = log.try_clone().map_err(|e| e.to_string())?;
        let child = Command::new(&bin)
            .args(["-H", "127.0.0.1", "-p", "0"])
            .stdin(Stdio::null())
            .stdout(log)
            .stderr(err)
            .spawn()
            .map_err(|e| format!("cannot start {}: {e}", bin.display()))?;
        let mut moto = Moto {
            child,
            endpoint: String::new(),
        };
        let started = Instant::now();
        while started.elapsed() < Duration::from_secs(30) {
            let text = fs::read_to_string(&log_path).unwrap_or_default();
            if let Some(at) = text.find("Running on http://127.0.0.1:") {
                let rest = &text[at + "Running on ".len()..];
                let url: String = rest.chars().take_while(|c| !c.is_whitespace()).collect();
                if text.contains("CTRL+C") {
                    moto.endpoint = url;
                    return Ok(moto);
                }
            }
            if let Ok(Some(status)) = moto.child.try_wait() {
                return Err(format!(
                    "moto_server exited with {status}; see {}",
                    log_path.display()
                ));
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        Err(format!(
            "moto_server did not start within 30 s; see {}",
            log_path.display()
        ))
    }
}

impl Drop for Moto {
    fn drop(&mut self) {
        // SIGTERM would be gentler, but moto holds no state worth saving; kill is portable.
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
