//! A real IMAP server for tests: Dovecot from Debian (`dovecot-imapd`, installed by
//! `scripts/deps.sh --test`), started unprivileged-style on 127.0.0.1 with a configuration
//! written into a temporary folder (plain login over loopback, one passwd-file user, Maildir).
//! Run as root, Dovecot refuses to run its login and mail processes as root, so they run as
//! the package's own `dovenull` / `dovecot` users; otherwise everything runs as the caller.
//! Messages are put in the inbox with IMAP APPEND, as a mail server's delivery would.

use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub const USER: &str = "duly";
pub const PASSWORD: &str = "imap-test-password";

pub struct Dovecot {
    /// Plain IMAP (loopback only), which `deliver` and `flags` use.
    pub addr: SocketAddr,
    /// IMAP over TLS from the first byte, when started with [`Dovecot::start_tls`]: its
    /// certificate names `localhost` and is signed by [`Dovecot::ca_der`].
    pub tls_addr: Option<SocketAddr>,
    /// The test's own root certificate (DER), made for this server only.
    pub ca_der: Vec<u8>,
    dir: tempfile::TempDir,
    bin: PathBuf,
    /// The master process while the server runs; `None` once [`Dovecot::stop`]ped.
    child: Option<Child>,
}

fn binary() -> Option<PathBuf> {
    ["/usr/sbin/dovecot", "/usr/local/sbin/dovecot"].into_iter().map(PathBuf::from).find(|p| p.exists())
}

fn id(flag: &str) -> String {
    let out = Command::new("id").arg(flag).output().expect("id");
    String::from_utf8_lossy(&out.stdout).trim().to_owned()
}

impl Dovecot {
    /// The server, or `None` (with the reason printed) when Dovecot is not installed outside CI;
    /// in CI (`CI=true`) a missing Dovecot fails the test.
    pub fn start() -> Option<Self> {
        Self::start_with(false)
    }

    /// [`Dovecot::start`] with an IMAPS listener too, its certificate from a root made here
    /// with the `openssl` tool (a test CA and a `localhost` certificate it signs).
    pub fn start_tls() -> Option<Self> {
        Self::start_with(true)
    }

    fn start_with(tls: bool) -> Option<Self> {
        let Some(bin) = binary() else {
            let why = "dovecot is not installed (apt-get install dovecot-imapd, or scripts/deps.sh --test)";
            assert!(std::env::var("CI").as_deref() != Ok("true"), "{why}");
            eprintln!("SKIPPED: {why}");
            return None;
        };
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        for sub in ["run", "state", "mail", "home"] {
            std::fs::create_dir(root.join(sub)).unwrap();
        }
        let port = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let tls_port = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let is_root = id("-u") == "0";
        let (login, internal, group, mail_ids) = if is_root {
            // The mail processes run as `dovecot` and write the Maildir in our temp folder.
            use std::os::unix::fs::PermissionsExt;
            for p in [root.to_path_buf(), root.join("mail"), root.join("home")] {
                std::fs::set_permissions(p, std::fs::Permissions::from_mode(0o777)).unwrap();
            }
            ("dovenull".to_owned(), "dovecot".to_owned(), "dovecot".to_owned(), "uid=dovecot gid=dovecot".to_owned())
        } else {
            let user = id("-un");
            (user.clone(), user, id("-gn"), format!("uid={} gid={}", id("-u"), id("-g")))
        };
        std::fs::write(root.join("passwd"), format!("{USER}:{{PLAIN}}{PASSWORD}\n")).unwrap();
        let r = root.display();
        let (ssl, imaps_port, ca_der) = if tls {
            (format!("yes\nssl_cert = <{r}/server.pem\nssl_key = <{r}/server.key"), tls_port, make_certificates(root))
        } else {
            ("no".to_owned(), 0, Vec::new())
        };
        let conf = format!(
            "base_dir = {r}/run\nstate_dir = {r}/state\nlog_path = {r}/dovecot.log\nprotocols = imap\n\
             listen = 127.0.0.1\nssl = {ssl}\ndisable_plaintext_auth = no\nauth_mechanisms = plain login\n\
             default_internal_user = {internal}\ndefault_internal_group = {group}\ndefault_login_user = {login}\n\
             first_valid_uid = 0\nmail_location = maildir:{r}/mail/%u\n\
             passdb {{\n  driver = passwd-file\n  args = scheme=PLAIN username_format=%u {r}/passwd\n}}\n\
             userdb {{\n  driver = static\n  args = {mail_ids} home={r}/home/%u\n}}\n\
             service imap-login {{\n  chroot =\n  inet_listener imap {{\n    address = 127.0.0.1\n    port = {port}\n  }}\n\
               inet_listener imaps {{\n    address = 127.0.0.1\n    port = {imaps_port}\n    ssl = yes\n  }}\n}}\n\
             service anvil {{\n  chroot =\n}}\n"
        );
        std::fs::write(root.join("dovecot.conf"), conf).unwrap();
        let addr: SocketAddr = format!("127.0.0.1:{port}").parse().unwrap();
        let tls_addr = tls.then(|| SocketAddr::from(([127, 0, 0, 1], tls_port)));
        let mut server = Self { addr, tls_addr, ca_der, dir, bin, child: None };
        server.run();
        Some(server)
    }

    /// Starts the master process on the configuration written in the folder and waits until it
    /// listens.
    fn run(&mut self) {
        let root = self.dir.path();
        let child = Command::new(&self.bin)
            .arg("-F")
            .arg("-c")
            .arg(root.join("dovecot.conf"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start dovecot");
        self.child = Some(child);
        let deadline = Instant::now() + Duration::from_secs(20);
        while TcpStream::connect(self.addr).is_err() {
            assert!(Instant::now() < deadline, "dovecot did not listen: {}", log(root));
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Stops the server (SIGTERM to the master, which takes its login and mail processes with
    /// it) and waits until nothing listens on its port any more. The mail stays in the folder.
    pub fn stop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = Command::new("kill").arg(child.id().to_string()).status();
            let _ = child.wait();
        }
        let deadline = Instant::now() + Duration::from_secs(20);
        while TcpStream::connect(self.addr).is_ok() {
            assert!(Instant::now() < deadline, "dovecot still listens after stop");
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Starts it again on the same port, folder and mail (UIDVALIDITY and UIDs are kept in the
    /// Maildir, as after a real server restart).
    pub fn restart(&mut self) {
        self.run();
    }

    /// Puts a message in the inbox (IMAP APPEND), unread.
    pub fn deliver(&self, raw: &[u8]) {
        let stream = TcpStream::connect(self.addr).unwrap();
        let mut client = imap::Client::new(stream);
        client.read_greeting().unwrap();
        let mut session = client.login(USER, PASSWORD).map_err(|(e, _)| e).unwrap();
        session.append("INBOX", raw).finish().unwrap();
        session.logout().unwrap();
    }

    /// The flags of every message in the inbox, read without changing them.
    pub fn flags(&self) -> Vec<String> {
        let stream = TcpStream::connect(self.addr).unwrap();
        let mut client = imap::Client::new(stream);
        client.read_greeting().unwrap();
        let mut session = client.login(USER, PASSWORD).map_err(|(e, _)| e).unwrap();
        session.examine("INBOX").unwrap();
        let fetches = session.fetch("1:*", "FLAGS").unwrap();
        let out = fetches.iter().map(|f| format!("{:?}", f.flags())).collect();
        session.logout().unwrap();
        out
    }

    pub fn log(&self) -> String {
        log(self.dir.path())
    }
}

/// A test CA and a certificate for `localhost` / 127.0.0.1 it signs, made with the `openssl`
/// tool in `root` (`server.pem`, `server.key`); returns the CA certificate as DER.
fn make_certificates(root: &Path) -> Vec<u8> {
    let openssl = |args: &[&str]| {
        let out = Command::new("openssl").args(args).current_dir(root).output().expect("openssl");
        assert!(out.status.success(), "openssl {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    };
    std::fs::write(
        root.join("server.ext"),
        "subjectAltName = DNS:localhost, IP:127.0.0.1\nbasicConstraints = CA:FALSE\n\
         keyUsage = digitalSignature, keyEncipherment\nextendedKeyUsage = serverAuth\n",
    )
    .unwrap();
    let days = ["-days", "2"];
    openssl(
        &[
            &["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.pem"][..],
            &days,
            &[
                "-subj",
                "/CN=Duly test CA",
                "-addext",
                "basicConstraints=critical,CA:TRUE",
                "-addext",
                "keyUsage=critical,keyCertSign,cRLSign",
            ],
        ]
        .concat(),
    );
    openssl(&[
        "req",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-keyout",
        "server.key",
        "-out",
        "server.csr",
        "-subj",
        "/CN=localhost",
    ]);
    openssl(
        &[
            &["x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial"][..],
            &days,
            &["-out", "server.pem", "-extfile", "server.ext"],
        ]
        .concat(),
    );
    openssl(&["x509", "-in", "ca.pem", "-outform", "DER", "-out", "ca.der"]);
    // Readable by Dovecot's own users when the test runs as root.
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(root.join("server.key"), std::fs::Permissions::from_mode(0o644)).unwrap();
    std::fs::read(root.join("ca.der")).unwrap()
}

fn log(root: &Path) -> String {
    std::fs::read_to_string(root.join("dovecot.log")).unwrap_or_default()
}

impl Drop for Dovecot {
    fn drop(&mut self) {
        // SIGTERM to the master we started (its children leave with it), then reap it.
        if let Some(mut child) = self.child.take() {
            let _ = Command::new("kill").arg(child.id().to_string()).status();
            let _ = child.wait();
        }
    }
}
