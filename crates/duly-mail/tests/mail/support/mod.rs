//! SMTP servers on 127.0.0.1 for the tests and the benchmark: a real one (mailin-embedded) that
//! records what it receives, and a small scripted one for the faults a real server will not
//! produce on demand (4xx, 5xx, a connection dropped in the middle of DATA, silence).
#![allow(dead_code)]

use std::collections::VecDeque;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpListener};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::Duration;

use duly_mail::{Mailbox, Security, SmtpSettings};
use mailin_embedded::{AuthMechanism, Handler, Response, Server, SslConfig, response};
use openssl::ssl::{SslAcceptor, SslMethod};

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
    logins: Arc<Mutex<Vec<(String, String)>>>,
    password: Option<String>,
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

    fn auth_plain(&mut self, _authz: &str, user: &str, password: &str) -> Response {
        self.logins.lock().unwrap().push((user.to_owned(), password.to_owned()));
        if self.password.as_deref() == Some(password) { response::AUTH_OK } else { response::INVALID_CREDENTIALS }
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
    logins: Arc<Mutex<Vec<(String, String)>>>,
}

impl RealServer {
    /// `keep_data: false` counts messages without keeping their bytes (the benchmark).
    pub fn start(keep_data: bool) -> Self {
        Self::start_with(keep_data, None)
    }

    /// With STARTTLS (the PKI's certificate) and AUTH PLAIN accepting `password`.
    pub fn start_tls(pki: &TestPki, password: &str) -> Self {
        Self::start_with(true, Some((pki, password)))
    }

    fn start_with(keep_data: bool, tls: Option<(&TestPki, &str)>) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        let inbox = Arc::new(Mutex::new(Vec::new()));
        let sessions = Arc::new(AtomicUsize::new(0));
        let logins = Arc::new(Mutex::new(Vec::new()));
        let recorder = Recorder {
            inbox: Arc::clone(&inbox),
            sessions: Arc::clone(&sessions),
            logins: Arc::clone(&logins),
            password: tls.map(|(_, password)| password.to_owned()),
            keep: keep_data,
            from: String::new(),
            to: Vec::new(),
            data: Vec::new(),
        };
        let mut server = Server::new(recorder);
        server.with_name("sink.test").with_tcp_listener(listener);
        if let Some((pki, _)) = tls {
            server
                .with_ssl(SslConfig::SelfSigned { cert_path: pki.cert_path.clone(), key_path: pki.key_path.clone() })
                .unwrap()
                .with_auth(AuthMechanism::Plain);
        }
        thread::spawn(move || {
            if let Err(e) = server.serve() {
                panic!("mailin-embedded stopped: {e}");
            }
        });
        Self { addr, inbox, sessions, logins }
    }

    /// AUTH PLAIN attempts: (user, password).
    pub fn logins(&self) -> Vec<(String, String)> {
        self.logins.lock().unwrap().clone()
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
        Self::start_with(script, None)
    }

    /// TLS from the first byte (SMTPS), with the PKI's certificate.
    pub fn start_implicit_tls(script: impl IntoIterator<Item = Fault>, pki: &TestPki) -> Self {
        Self::start_with(script, Some(pki.acceptor()))
    }

    fn start_with(script: impl IntoIterator<Item = Fault>, tls: Option<SslAcceptor>) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let server = FakeServer {
            addr: listener.local_addr().unwrap(),
            state: Arc::new(Mutex::new(FakeState { script: script.into_iter().collect(), ..FakeState::default() })),
            auth_reply: Arc::new(Mutex::new(None)),
        };
        let shared = server.clone();
        thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(stream) = stream else { continue };
                let server = shared.clone();
                let tls = tls.clone();
                thread::spawn(move || {
                    let _ = stream.set_read_timeout(Some(Duration::from_secs(20)));
                    let _ = match tls {
                        Some(acceptor) => match acceptor.accept(stream) {
                            Ok(stream) => server.session(stream),
                            Err(_) => Ok(()),
                        },
                        None => server.session(stream),
                    };
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

    fn session<S: Read + Write>(&self, stream: S) -> std::io::Result<()> {
        self.state.lock().unwrap().connections += 1;
        let mut input = BufReader::new(stream);
        let out = |input: &mut BufReader<S>, bytes: &[u8]| {
            let stream = input.get_mut();
            stream.write_all(bytes).and_then(|()| stream.flush())
        };
        out(&mut input, b"220 fake.test ESMTP ready\r\n")?;
        let (mut from, mut to, mut fault) = (String::new(), Vec::new(), None::<Fault>);
        let mut line = String::new();
        loop {
            line.clear();
            if input.read_line(&mut line)? == 0 {
                return Ok(());
            }
            let command = line.trim_end().to_owned();
            let verb = command.split([' ', ':']).next().unwrap_or("").to_ascii_uppercase();
            if verb == "AUTH" {
                self.state.lock().unwrap().auth_lines.push(command.clone());
            } else {
                self.state.lock().unwrap().commands.push(command.clone());
            }
            match verb.as_str() {
                "EHLO" | "HELO" => {
                    let auth = self.auth_reply.lock().unwrap().is_some();
                    let ext = if auth { "250-AUTH PLAIN LOGIN\r\n" } else { "" };
                    out(&mut input, format!("250-fake.test\r\n{ext}250 8BITMIME\r\n").as_bytes())?;
                }
                "AUTH" => {
                    let reply = self.auth_reply.lock().unwrap().clone();
                    let reply = reply.unwrap_or_else(|| "503 no AUTH here".into());
                    // A hostile or buggy server may echo what it got; the mailer must cope.
                    let echo = command.split(' ').nth(2).unwrap_or("");
                    let line = format!("{}\r\n", reply.replace("{echo}", echo));
                    out(&mut input, line.as_bytes())?;
                }
                "MAIL" => {
                    fault = self.state.lock().unwrap().script.pop_front();
                    from = command.clone();
                    to.clear();
                    out(&mut input, b"250 2.1.0 ok\r\n")?;
                }
                "RCPT" => match &fault {
                    Some(Fault::AtRcpt(reply)) => out(&mut input, format!("{reply}\r\n").as_bytes())?,
                    _ => {
                        to.push(command.clone());
                        out(&mut input, b"250 2.1.5 ok\r\n")?;
                    }
                },
                "DATA" => {
                    out(&mut input, b"354 go ahead\r\n")?;
                    let mut data = Vec::new();
                    let mut lines = 0;
                    loop {
                        let mut l = Vec::new();
                        if input.read_until(b'\n', &mut l)? == 0 {
                            return Ok(());
                        }
                        lines += 1;
                        if matches!(fault, Some(Fault::DropMidData)) && lines == 5 {
                            // Gone, without a reply, half-way through the message (returning
                            // drops, and so closes, the connection).
                            return Ok(());
                        }
                        if l == b".\r\n" {
                            break;
                        }
                        let unstuffed = if l.starts_with(b"..") { &l[1..] } else { &l[..] };
                        data.extend_from_slice(unstuffed);
                    }
                    self.state.lock().unwrap().attempts.push(data.clone());
                    match fault.take() {
                        Some(Fault::AfterData(reply)) => out(&mut input, format!("{reply}\r\n").as_bytes())?,
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
                            out(&mut input, b"250 2.0.0 queued as 1\r\n")?;
                        }
                    }
                }
                "RSET" | "NOOP" => out(&mut input, b"250 2.0.0 ok\r\n")?,
                "QUIT" => {
                    out(&mut input, b"221 2.0.0 bye\r\n")?;
                    return Ok(());
                }
                _ => out(&mut input, b"502 5.5.2 unknown command\r\n")?,
            }
        }
    }
}

/// A throwaway CA and a `localhost` / 127.0.0.1 server certificate it signed, on disk for
/// mailin-embedded, in memory for the scripted server and the client's trust list.
pub struct TestPki {
    pub ca_pem: Vec<u8>,
    pub cert_path: String,
    pub key_path: String,
    cert_pem: Vec<u8>,
    key_pem: Vec<u8>,
    _dir: tempfile::TempDir,
}

impl TestPki {
    pub fn new() -> Self {
        use openssl::asn1::Asn1Time;
        use openssl::bn::BigNum;
        use openssl::ec::{EcGroup, EcKey};
        use openssl::hash::MessageDigest;
        use openssl::nid::Nid;
        use openssl::pkey::PKey;
        use openssl::x509::extension::{BasicConstraints, ExtendedKeyUsage, KeyUsage, SubjectAlternativeName};
        use openssl::x509::{X509, X509NameBuilder};

        let key = || {
            let group = EcGroup::from_curve_name(Nid::X9_62_PRIME256V1).unwrap();
            PKey::from_ec_key(EcKey::generate(&group).unwrap()).unwrap()
        };
        let name = |cn: &str| {
            let mut name = X509NameBuilder::new().unwrap();
            name.append_entry_by_text("CN", cn).unwrap();
            name.build()
        };
        let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs();
        let valid = |b: &mut openssl::x509::X509Builder, serial: u32| {
            b.set_version(2).unwrap();
            let serial = BigNum::from_u32(serial).unwrap().to_asn1_integer().unwrap();
            b.set_serial_number(&serial).unwrap();
            let start = i64::try_from(now).unwrap() - 3600;
            b.set_not_before(&Asn1Time::from_unix(start).unwrap()).unwrap();
            b.set_not_after(&Asn1Time::days_from_now(2).unwrap()).unwrap();
        };

        let ca_key = key();
        let mut ca = X509::builder().unwrap();
        valid(&mut ca, 1);
        ca.set_subject_name(&name("Duly test CA")).unwrap();
        ca.set_issuer_name(&name("Duly test CA")).unwrap();
        ca.set_pubkey(&ca_key).unwrap();
        ca.append_extension(BasicConstraints::new().critical().ca().build().unwrap()).unwrap();
        ca.append_extension(KeyUsage::new().critical().key_cert_sign().crl_sign().build().unwrap()).unwrap();
        ca.sign(&ca_key, MessageDigest::sha256()).unwrap();
        let ca = ca.build();

        let leaf_key = key();
        let mut leaf = X509::builder().unwrap();
        valid(&mut leaf, 2);
        leaf.set_subject_name(&name("localhost")).unwrap();
        leaf.set_issuer_name(ca.subject_name()).unwrap();
        leaf.set_pubkey(&leaf_key).unwrap();
        let san = SubjectAlternativeName::new()
            .dns("localhost")
            .ip("127.0.0.1")
            .build(&leaf.x509v3_context(Some(&ca), None))
            .unwrap();
        leaf.append_extension(san).unwrap();
        leaf.append_extension(BasicConstraints::new().build().unwrap()).unwrap();
        leaf.append_extension(ExtendedKeyUsage::new().server_auth().build().unwrap()).unwrap();
        leaf.append_extension(KeyUsage::new().critical().digital_signature().build().unwrap()).unwrap();
        leaf.sign(&ca_key, MessageDigest::sha256()).unwrap();
        let leaf = leaf.build();

        let dir = tempfile::tempdir().unwrap();
        let cert_pem = leaf.to_pem().unwrap();
        let key_pem = leaf_key.private_key_to_pem_pkcs8().unwrap();
        let cert_path = dir.path().join("server.pem");
        let key_path = dir.path().join("server.key");
        std::fs::write(&cert_path, &cert_pem).unwrap();
        std::fs::write(&key_path, &key_pem).unwrap();
        Self {
            ca_pem: ca.to_pem().unwrap(),
            cert_path: cert_path.to_string_lossy().into_owned(),
            key_path: key_path.to_string_lossy().into_owned(),
            cert_pem,
            key_pem,
            _dir: dir,
        }
    }

    fn acceptor(&self) -> SslAcceptor {
        let mut builder = SslAcceptor::mozilla_intermediate_v5(SslMethod::tls()).unwrap();
        let cert = openssl::x509::X509::from_pem(&self.cert_pem).unwrap();
        let key = openssl::pkey::PKey::private_key_from_pem(&self.key_pem).unwrap();
        builder.set_certificate(&cert).unwrap();
        builder.set_private_key(&key).unwrap();
        builder.check_private_key().unwrap();
        builder.build()
    }
}
