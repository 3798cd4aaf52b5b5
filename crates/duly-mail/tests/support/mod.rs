//! SMTP servers on 127.0.0.1 for the tests and the benchmark: a real one (mailin-embedded) that
//! records what it receives, and a small scripted one for the faults a real server will not
//! produce on demand (4xx, 5xx, a connection dropped in the middle of DATA, silence).
#![allow(dead_code)]

use std::collections::VecDeque;
use std::io::{BufRead, BufReader, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::Duration;

use duly_mail::{Mailbox, Security, SmtpSettings};
use mailin_embedded::{Handler, Response, Server, response};

/// A message as an SMTP server saw it.
#[derive(Debug, Clone)]
pub struct Received {
    pub from: String,
    pub to: Vec<String>,
    pub data: Vec<u8>,
}

/// Plain-SMTP settings pointing at a server on this machine.
pub fn local_settings(addr: SocketAddr) -> SmtpSettings {
    SmtpSettings {
        host: addr.ip().to_string(),
        port: addr.port(),
        security: Security::Plain,
        username: None,
        sender: Mailbox::new("Ana Pop", "ana@studio.example.ro"),
        reply_to: None,
    }
}

#[derive(Clone)]
struct Recorder {
    inbox: Arc<Mutex<Vec<Received>>>,
    sessions: Arc<AtomicUsize>,
    keep: bool,
    from: String,
    to: Vec<String>,
    data: Vec<u8>,
}

impl Handler for Recorder {
    fn helo(&mut self, _ip: std::net::IpAddr, _domain: &str) -> Response {
        self.sessions.fetch_add(1, Ordering::SeqCst);
        response::OK
    }

    fn data_start(&mut self, _domain: &str, from: &str, _is8bit: bool, to: &[String]) -> Response {
        self.from = from.to_owned();
        self.to = to.to_vec();
        self.data.clear();
        response::OK
    }

    fn data(&mut self, buf: &[u8]) -> std::io::Result<()> {
        if self.keep {
            self.data.extend_from_slice(buf);
        }
        Ok(())
    }

    fn data_end(&mut self) -> Response {
        self.inbox.lock().unwrap().push(Received {
            from: std::mem::take(&mut self.from),
            to: std::mem::take(&mut self.to),
            data: std::mem::take(&mut self.data),
        });
        response::OK
    }
}

/// mailin-embedded on 127.0.0.1:0, serving until the process ends.
pub struct RealServer {
    pub addr: SocketAddr,
    inbox: Arc<Mutex<Vec<Received>>>,
    sessions: Arc<AtomicUsize>,
}

impl RealServer {
    /// `keep_data: false` counts messages without keeping their bytes (the benchmark).
    pub fn start(keep_data: bool) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        let inbox = Arc::new(Mutex::new(Vec::new()));
        let sessions = Arc::new(AtomicUsize::new(0));
        let recorder = Recorder {
            inbox: Arc::clone(&inbox),
            sessions: Arc::clone(&sessions),
            keep: keep_data,
            from: String::new(),
            to: Vec::new(),
            data: Vec::new(),
        };
        let mut server = Server::new(recorder);
        server.with_name("sink.test").with_tcp_listener(listener);
        thread::spawn(move || {
            if let Err(e) = server.serve() {
                panic!("mailin-embedded stopped: {e}");
            }
        });
        Self {
            addr,
            inbox,
            sessions,
        }
    }

    pub fn received(&self) -> Vec<Received> {
        self.inbox.lock().unwrap().clone()
    }

    pub fn count(&self) -> usize {
        self.inbox.lock().unwrap().len()
    }

    /// SMTP sessions opened so far (one EHLO each).
    pub fn sessions(&self) -> usize {
        self.sessions.load(Ordering::SeqCst)
    }
}

/// What the scripted server does with the next transaction. Once the script is empty it accepts.
#[derive(Debug, Clone)]
pub enum Fault {
    /// Answer the end of DATA with this line, e.g. `451 4.3.0 try again later`.
    AfterData(String),
    /// Answer RCPT TO with this line.
    AtRcpt(String),
    /// Read a few lines of DATA, then close the connection.
    DropMidData,
    /// Read DATA to the end and never answer.
    Silent,
}

#[derive(Default)]
struct FakeState {
    script: VecDeque<Fault>,
    /// Every DATA payload the server read to its end, accepted or not.
    attempts: Vec<Vec<u8>>,
    accepted: Vec<Received>,
    auth_lines: Vec<String>,
    commands: Vec<String>,
    connections: usize,
}

/// A scripted SMTP server written for fault injection.
#[derive(Clone)]
pub struct FakeServer {
    pub addr: SocketAddr,
    state: Arc<Mutex<FakeState>>,
    auth_reply: Arc<Mutex<Option<String>>>,
}

impl FakeServer {
    pub fn start(script: impl IntoIterator<Item = Fault>) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let server = FakeServer {
            addr: listener.local_addr().unwrap(),
            state: Arc::new(Mutex::new(FakeState {
                script: script.into_iter().collect(),
                ..FakeState::default()
            })),
            auth_reply: Arc::new(Mutex::new(None)),
        };
        let shared = server.clone();
        thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(stream) = stream else { continue };
                let server = shared.clone();
                thread::spawn(move || {
                    let _ = server.session(stream);
                });
            }
        });
        server
    }

    /// Advertise AUTH and answer it with this line (`None`: no AUTH offered).
    pub fn with_auth(self, reply: &str) -> Self {
        *self.auth_reply.lock().unwrap() = Some(reply.to_owned());
        self
    }

    pub fn accepted(&self) -> Vec<Received> {
        self.state.lock().unwrap().accepted.clone()
    }

    pub fn data_attempts(&self) -> Vec<Vec<u8>> {
        self.state.lock().unwrap().attempts.clone()
    }

    pub fn auth_lines(&self) -> Vec<String> {
        self.state.lock().unwrap().auth_lines.clone()
    }

    pub fn commands(&self) -> Vec<String> {
        self.state.lock().unwrap().commands.clone()
    }

    pub fn connections(&self) -> usize {
        self.state.lock().unwrap().connections
    }

    fn session(&self, stream: TcpStream) -> std::io::Result<()> {
        stream.set_read_timeout(Some(Duration::from_secs(20)))?;
        self.state.lock().unwrap().connections += 1;
        let mut out = stream.try_clone()?;
        let mut input = BufReader::new(stream);
        out.write_all(b"220 fake.test ESMTP ready\r\n")?;
        let (mut from, mut to, mut fault) = (String::new(), Vec::new(), None::<Fault>);
        let mut line = String::new();
        loop {
            line.clear();
            if input.read_line(&mut line)? == 0 {
                return Ok(());
            }
            let command = line.trim_end().to_owned();
            let verb = command
                .split([' ', ':'])
                .next()
                .unwrap_or("")
                .to_ascii_uppercase();
            if verb == "AUTH" {
                self.state.lock().unwrap().auth_lines.push(command.clone());
            } else {
                self.state.lock().unwrap().commands.push(command.clone());
            }
            match verb.as_str() {
                "EHLO" | "HELO" => {
                    let auth = self.auth_reply.lock().unwrap().is_some();
                    let ext = if auth { "250-AUTH PLAIN LOGIN\r\n" } else { "" };
                    write!(out, "250-fake.test\r\n{ext}250 8BITMIME\r\n")?;
                }
                "AUTH" => {
                    let reply = self.auth_reply.lock().unwrap().clone();
                    let reply = reply.unwrap_or_else(|| "503 no AUTH here".into());
                    // A hostile or buggy server may echo what it got; the mailer must cope.
                    let echo = command.split(' ').nth(2).unwrap_or("");
                    write!(out, "{}\r\n", reply.replace("{echo}", echo))?;
                }
                "MAIL" => {
                    fault = self.state.lock().unwrap().script.pop_front();
                    from = command.clone();
                    to.clear();
                    out.write_all(b"250 2.1.0 ok\r\n")?;
                }
                "RCPT" => match &fault {
                    Some(Fault::AtRcpt(reply)) => write!(out, "{reply}\r\n")?,
                    _ => {
                        to.push(command.clone());
                        out.write_all(b"250 2.1.5 ok\r\n")?;
                    }
                },
                "DATA" => {
                    out.write_all(b"354 go ahead\r\n")?;
                    let mut data = Vec::new();
                    let mut lines = 0;
                    loop {
                        let mut l = Vec::new();
                        if input.read_until(b'\n', &mut l)? == 0 {
                            return Ok(());
                        }
                        lines += 1;
                        if matches!(fault, Some(Fault::DropMidData)) && lines == 5 {
                            // Gone, without a reply, half-way through the message.
                            let _ = out.shutdown(std::net::Shutdown::Both);
                            return Ok(());
                        }
                        if l == b".\r\n" {
                            break;
                        }
                        let unstuffed = if l.starts_with(b"..") {
                            &l[1..]
                        } else {
                            &l[..]
                        };
                        data.extend_from_slice(unstuffed);
                    }
                    self.state.lock().unwrap().attempts.push(data.clone());
                    match fault.take() {
                        Some(Fault::AfterData(reply)) => write!(out, "{reply}\r\n")?,
                        Some(Fault::Silent) => {
                            thread::sleep(Duration::from_secs(30));
                            return Ok(());
                        }
                        _ => {
                            self.state.lock().unwrap().accepted.push(Received {
                                from: from.clone(),
                                to: to.clone(),
                                data,
                            });
                            out.write_all(b"250 2.0.0 queued as 1\r\n")?;
                        }
                    }
                }
                "RSET" | "NOOP" => out.write_all(b"250 2.0.0 ok\r\n")?,
                "QUIT" => {
                    out.write_all(b"221 2.0.0 bye\r\n")?;
                    return Ok(());
                }
                _ => out.write_all(b"502 5.5.2 unknown command\r\n")?,
            }
        }
    }
}
