//! SMTP servers on 127.0.0.1 for the outbox tests: mailin-embedded (a real server that records
//! what it receives) and a small scripted one for replies a real server will not give on demand
//! (451, 550) and for stalling in DATA.

use std::collections::VecDeque;
use std::io::{BufRead, BufReader, Write};
use std::net::{SocketAddr, TcpListener};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::Duration;

use mailin_embedded::{Handler, Response, Server, response};

#[derive(Clone, Default)]
struct Recorder {
    inbox: Arc<Mutex<Vec<Vec<u8>>>>,
    /// Each message's envelope recipients (RCPT TO), in the order received.
    envelopes: Arc<Mutex<Vec<Vec<String>>>>,
    data: Vec<u8>,
}

impl Handler for Recorder {
    fn data_start(&mut self, _domain: &str, _from: &str, _is8bit: bool, to: &[String]) -> Response {
        self.data.clear();
        self.envelopes.lock().unwrap().push(to.to_vec());
        response::OK
    }
    fn data(&mut self, buf: &[u8]) -> std::io::Result<()> {
        self.data.extend_from_slice(buf);
        Ok(())
    }
    fn data_end(&mut self) -> Response {
        self.inbox.lock().unwrap().push(std::mem::take(&mut self.data));
        response::OK
    }
}

/// mailin-embedded on 127.0.0.1:0.
pub struct RealServer {
    pub addr: SocketAddr,
    inbox: Arc<Mutex<Vec<Vec<u8>>>>,
    envelopes: Arc<Mutex<Vec<Vec<String>>>>,
}

impl RealServer {
    pub fn start() -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        let recorder = Recorder::default();
        let inbox = Arc::clone(&recorder.inbox);
        let envelopes = Arc::clone(&recorder.envelopes);
        let mut server = Server::new(recorder);
        server.with_name("sink.test").with_tcp_listener(listener);
        thread::spawn(move || server.serve().unwrap());
        Self { addr, inbox, envelopes }
    }

    pub fn received(&self) -> Vec<Vec<u8>> {
        self.inbox.lock().unwrap().clone()
    }

    /// The RCPT TO addresses of each message.
    pub fn envelopes(&self) -> Vec<Vec<String>> {
        self.envelopes.lock().unwrap().clone()
    }
}

/// What the scripted server does with the next message; once the script is empty it accepts.
#[derive(Clone, Debug)]
pub enum Step {
    /// Answer the end of DATA with this line.
    Reply(String),
    /// Read DATA to its end and never answer (until the test ends).
    #[allow(dead_code, reason = "the CLI's outbox test stalls; this file is included there too")]
    Stall,
}

#[derive(Default)]
struct State {
    script: VecDeque<Step>,
    accepted: Vec<Vec<u8>>,
    /// Messages whose DATA was read to the end, whatever the answer.
    data_seen: usize,
    /// The one login (AUTH PLAIN) taken before any mail, when set; mailin-embedded offers AUTH
    /// only over TLS, which Duly uses only to other computers.
    login: Option<(String, String)>,
    /// The user names that logged in, in order.
    logins: Vec<String>,
}

#[derive(Clone)]
pub struct FakeServer {
    pub addr: SocketAddr,
    state: Arc<Mutex<State>>,
}

impl FakeServer {
    pub fn start(script: impl IntoIterator<Item = Step>) -> Self {
        Self::serve(State { script: script.into_iter().collect(), ..State::default() })
    }

    /// A server that accepts every message, but only after this login.
    pub fn with_login(user: &str, password: &str) -> Self {
        Self::serve(State { login: Some((user.to_owned(), password.to_owned())), ..State::default() })
    }

    /// The user names that logged in, in order.
    pub fn logins(&self) -> Vec<String> {
        self.state.lock().unwrap().logins.clone()
    }

    fn serve(state: State) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let server = FakeServer { addr: listener.local_addr().unwrap(), state: Arc::new(Mutex::new(state)) };
        let shared = server.clone();
        thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let server = shared.clone();
                thread::spawn(move || {
                    let _ = stream.set_read_timeout(Some(Duration::from_secs(120)));
                    let _ = server.session(stream);
                });
            }
        });
        server
    }

    pub fn accepted(&self) -> Vec<Vec<u8>> {
        self.state.lock().unwrap().accepted.clone()
    }

    pub fn data_seen(&self) -> usize {
        self.state.lock().unwrap().data_seen
    }

    fn session(&self, stream: std::net::TcpStream) -> std::io::Result<()> {
        let mut writer = stream.try_clone()?;
        let mut input = BufReader::new(stream);
        writer.write_all(b"220 fake.test ESMTP\r\n")?;
        let mut step = None;
        let needs_login = self.state.lock().unwrap().login.is_some();
        let mut logged_in = !needs_login;
        loop {
            let mut line = String::new();
            if input.read_line(&mut line)? == 0 {
                return Ok(());
            }
            let verb = line.split([' ', ':', '\r', '\n']).next().unwrap_or("").to_ascii_uppercase();
            match verb.as_str() {
                "EHLO" | "HELO" if needs_login => {
                    writer.write_all(b"250-fake.test\r\n250-8BITMIME\r\n250 AUTH PLAIN\r\n")?
                }
                "EHLO" | "HELO" => writer.write_all(b"250-fake.test\r\n250 8BITMIME\r\n")?,
                "AUTH" => {
                    use base64::Engine;
                    let encoded = line.split_whitespace().nth(2).unwrap_or("");
                    let decoded = base64::engine::general_purpose::STANDARD.decode(encoded).unwrap_or_default();
                    let parts: Vec<&[u8]> = decoded.split(|&b| b == 0).collect();
                    let mut state = self.state.lock().unwrap();
                    let accepted = match (&state.login, parts.as_slice()) {
                        (Some((user, password)), [_, u, p]) => *u == user.as_bytes() && *p == password.as_bytes(),
                        _ => false,
                    };
                    if accepted {
                        let user = state.login.as_ref().map(|(u, _)| u.clone()).unwrap_or_default();
                        state.logins.push(user);
                        logged_in = true;
                        writer.write_all(b"235 2.7.0 authenticated\r\n")?;
                    } else {
                        writer.write_all(b"535 5.7.8 bad credentials\r\n")?;
                    }
                }
                "MAIL" if !logged_in => writer.write_all(b"530 5.7.0 authentication required\r\n")?,
                "MAIL" => {
                    step = self.state.lock().unwrap().script.pop_front();
                    writer.write_all(b"250 ok\r\n")?;
                }
                "RCPT" => writer.write_all(b"250 ok\r\n")?,
                "DATA" => {
                    writer.write_all(b"354 go ahead\r\n")?;
                    let mut data = Vec::new();
                    loop {
                        let mut l = Vec::new();
                        if input.read_until(b'\n', &mut l)? == 0 {
                            return Ok(());
                        }
                        if l == b".\r\n" {
                            break;
                        }
                        data.extend_from_slice(if l.starts_with(b"..") { &l[1..] } else { &l[..] });
                    }
                    self.state.lock().unwrap().data_seen += 1;
                    match step.take() {
                        Some(Step::Reply(reply)) => writer.write_all(format!("{reply}\r\n").as_bytes())?,
                        Some(Step::Stall) => {
                            thread::sleep(Duration::from_secs(600));
                            return Ok(());
                        }
                        None => {
                            self.state.lock().unwrap().accepted.push(data);
                            writer.write_all(b"250 2.0.0 queued\r\n")?;
                        }
                    }
                }
                "RSET" | "NOOP" => writer.write_all(b"250 ok\r\n")?,
                "QUIT" => {
                    writer.write_all(b"221 bye\r\n")?;
                    return Ok(());
                }
                _ => writer.write_all(b"502 unknown\r\n")?,
            }
        }
    }
}
