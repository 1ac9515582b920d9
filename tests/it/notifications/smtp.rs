//! A real SMTP server for the tests: tests/smtp_sink.py (aiosmtpd), which
//! writes each message it receives as JSON (headers decoded, both parts).
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};

use serde_json::Value;

pub struct Smtp {
    pub port: u16,
    dir: tempfile::TempDir,
    child: Option<Child>,
}

fn script() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/smtp_sink.py")
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

impl Smtp {
    pub fn start() -> Smtp {
        let mut s = Smtp { port: free_port(), dir: tempfile::tempdir().unwrap(), child: None };
        s.up();
        s
    }

    pub fn url(&self) -> String {
        format!("smtp://127.0.0.1:{}", self.port)
    }

    /// (Re)starts the server on its port.
    pub fn up(&mut self) {
        assert!(self.child.is_none(), "already running");
        let mut child = Command::new("python3")
            .arg(script())
            .arg(self.port.to_string())
            .arg(self.dir.path())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("python3 runs tests/smtp_sink.py (python3 -m pip install aiosmtpd)");
        let mut out = std::io::BufReader::new(child.stdout.take().unwrap());
        let mut line = String::new();
        std::io::BufRead::read_line(&mut out, &mut line).unwrap();
        assert_eq!(line.trim(), "ready", "the SMTP sink started (is aiosmtpd installed?)");
        self.child = Some(child);
    }

    /// Stops the server: connections are refused until `up`.
    pub fn down(&mut self) {
        if let Some(mut c) = self.child.take() {
            let _ = c.kill();
            let _ = c.wait();
        }
    }

    /// Every message received so far, in arrival order, read by the
    /// sink's `--read`.
    pub fn mails(&self) -> Vec<Value> {
        let out = Command::new("python3")
            .arg(script())
            .arg("--read")
            .arg(self.dir.path())
            .output()
            .expect("python3 runs tests/smtp_sink.py --read");
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        match serde_json::from_slice(&out.stdout).unwrap() {
            Value::Array(mails) => mails,
            other => panic!("not a list: {other}"),
        }
    }

    /// The messages to one address.
    pub fn mails_to(&self, address: &str) -> Vec<Value> {
        self.mails().into_iter().filter(|m| m["rcpt"][0] == address).collect()
    }
}

impl Drop for Smtp {
    fn drop(&mut self) {
        self.down();
    }
}
