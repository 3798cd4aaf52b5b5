// A real IMAP server for the mailbox tests: Dovecot from Debian (`dovecot-imapd`), started on
// 127.0.0.1 with a configuration written into a temporary folder (plain login over loopback, one
// passwd-file user, Maildir), as the API tests' `support/dovecot.rs` does. Run as root, Dovecot
// will not run its login and mail processes as root, so they run as the package's `dovenull` /
// `dovecot` users. Messages reach the inbox by IMAP APPEND, as a mail server's delivery would.

import { spawn, execFileSync } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import net from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";

export const USER = "duly";
export const PASSWORD = "imap-e2e-password";

const BINARIES = ["/usr/sbin/dovecot", "/usr/local/sbin/dovecot"];

const id = (flag) => execFileSync("id", [flag], { encoding: "utf8" }).trim();

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** The server, or null (with the reason printed) when Dovecot is not installed outside CI. */
export async function startDovecot() {
  const bin = BINARIES.find((p) => existsSync(p));
  if (!bin) {
    const why = "dovecot is not installed (apt-get install dovecot-imapd, or scripts/deps.sh --test)";
    if (process.env.CI === "true") throw new Error(why);
    console.error(`SKIPPED: ${why}`);
    return null;
  }
  const root = mkdtempSync(path.join(tmpdir(), "duly-e2e-dovecot-"));
  for (const sub of ["run", "state", "mail", "home"]) mkdirSync(path.join(root, sub));
  const port = await freePort();
  let login, internal, group, mailIds;
  if (id("-u") === "0") {
    for (const p of [root, path.join(root, "mail"), path.join(root, "home")]) chmodSync(p, 0o777);
    [login, internal, group, mailIds] = ["dovenull", "dovecot", "dovecot", "uid=dovecot gid=dovecot"];
  } else {
    const user = id("-un");
    [login, internal, group, mailIds] = [user, user, id("-gn"), `uid=${id("-u")} gid=${id("-g")}`];
  }
  writeFileSync(path.join(root, "passwd"), `${USER}:{PLAIN}${PASSWORD}\n`);
  const conf = `base_dir = ${root}/run
state_dir = ${root}/state
log_path = ${root}/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
default_internal_user = ${internal}
default_internal_group = ${group}
default_login_user = ${login}
first_valid_uid = 0
mail_location = maildir:${root}/mail/%u
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u ${root}/passwd
}
userdb {
  driver = static
  args = ${mailIds} home=${root}/home/%u
}
service imap-login {
  chroot =
  inet_listener imap {
    address = 127.0.0.1
    port = ${port}
  }
  inet_listener imaps {
    port = 0
  }
}
service anvil {
  chroot =
}
`;
  const confPath = path.join(root, "dovecot.conf");
  writeFileSync(confPath, conf);
  const child = spawn(bin, ["-F", "-c", confPath], { stdio: "ignore" });
  const log = () => {
    try {
      return readFileSync(path.join(root, "dovecot.log"), "utf8");
    } catch {
      return "";
    }
  };
  const deadline = Date.now() + 20_000;
  while (!(await listening(port))) {
    if (Date.now() > deadline) throw new Error(`dovecot did not listen: ${log()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    port,
    log,
    /** Puts a message in the inbox (IMAP APPEND), unread. */
    deliver: (raw) => append(port, raw),
    async close() {
      if (child.exitCode === null) {
        await new Promise((resolve) => {
          child.once("exit", resolve);
          child.kill("SIGTERM");
        });
      }
      rmSync(root, { recursive: true, force: true });
    },
  };
}

function listening(port) {
  return new Promise((resolve) => {
    const socket = net.connect(port, "127.0.0.1");
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

/** LOGIN, APPEND (a synchronising literal), LOGOUT: the least IMAP that delivers a message. */
function append(port, raw) {
  const bytes = Buffer.from(raw);
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, "127.0.0.1");
    let buffer = "";
    let step = "greeting";
    const fail = (why) => {
      socket.destroy();
      reject(new Error(`IMAP APPEND: ${why}`));
    };
    socket.setTimeout(10_000, () => fail("timed out"));
    socket.on("error", (e) => fail(e.message));
    socket.on("data", (chunk) => {
      buffer += chunk.toString("latin1");
      let nl;
      while ((nl = buffer.indexOf("\r\n")) >= 0) {
        const line = buffer.slice(0, nl);
        buffer = buffer.slice(nl + 2);
        if (step === "greeting" && line.startsWith("* OK")) {
          step = "login";
          socket.write(`a1 LOGIN ${USER} ${PASSWORD}\r\n`);
        } else if (step === "login" && line.startsWith("a1 ")) {
          if (!line.startsWith("a1 OK")) return fail(line);
          step = "append";
          socket.write(`a2 APPEND INBOX {${bytes.length}}\r\n`);
        } else if (step === "append" && line.startsWith("+")) {
          step = "appended";
          socket.write(Buffer.concat([bytes, Buffer.from("\r\n")]));
        } else if ((step === "append" || step === "appended") && line.startsWith("a2 ")) {
          if (!line.startsWith("a2 OK")) return fail(line);
          step = "logout";
          socket.write("a3 LOGOUT\r\n");
        } else if (step === "logout" && line.startsWith("a3 ")) {
          socket.end();
          resolve();
        }
      }
    });
  });
}
