// A small SMTP server on 127.0.0.1 for the mail tests: it speaks enough ESMTP for lettre (EHLO,
// AUTH PLAIN/LOGIN, MAIL, RCPT, DATA, RSET, NOOP, QUIT), records each login and each message
// (envelope and raw bytes), and refuses recipients at `refuse@...` with a 550 so a test can see
// a permanent failure with the server's own words.

import net from "node:net";

export const REFUSAL = "550 5.1.1 <refuse@example.com>: no such mailbox here";

export async function startSink() {
  const logins = [];
  const messages = [];
  const server = net.createServer((socket) => session(socket, logins, messages));
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    port: server.address().port,
    logins,
    messages,
    /** Resolves once `count` messages have arrived (or rejects after `timeoutMs`). */
    async waitFor(count, timeoutMs = 20_000) {
      const deadline = Date.now() + timeoutMs;
      while (messages.length < count) {
        if (Date.now() > deadline) throw new Error(`the SMTP sink got ${messages.length} of ${count} messages`);
        await new Promise((r) => setTimeout(r, 100));
      }
      return messages;
    },
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

function session(socket, logins, messages) {
  let buffer = "";
  let mode = "command"; // command | data | login-user | login-pass
  let envelope = { from: "", to: [] };
  let data = [];
  let user = "";
  const reply = (line) => socket.write(`${line}\r\n`);
  const decode = (b64) => Buffer.from(b64, "base64").toString("utf8");

  socket.on("error", () => {});
  reply("220 sink.test ESMTP ready");
  socket.on("data", (chunk) => {
    buffer += chunk.toString("latin1");
    let end;
    while ((end = buffer.indexOf("\r\n")) >= 0) {
      const line = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      if (mode === "data") {
        if (line === ".") {
          messages.push({ ...envelope, raw: Buffer.from(data.join("\r\n") + "\r\n", "latin1").toString("utf8") });
          envelope = { from: "", to: [] };
          data = [];
          mode = "command";
          reply("250 2.0.0 queued as sink-" + messages.length);
        } else {
          data.push(line.startsWith(".") ? line.slice(1) : line);
        }
        continue;
      }
      if (mode === "login-user") {
        user = decode(line);
        mode = "login-pass";
        reply("334 UGFzc3dvcmQ6");
        continue;
      }
      if (mode === "login-pass") {
        logins.push({ user, password: decode(line) });
        mode = "command";
        reply("235 2.7.0 authenticated");
        continue;
      }
      const verb = line.split(/[ :]/)[0].toUpperCase();
      if (verb === "EHLO") {
        reply("250-sink.test");
        reply("250-AUTH PLAIN LOGIN");
        reply("250-8BITMIME");
        reply("250 SMTPUTF8");
      } else if (verb === "HELO") {
        reply("250 sink.test");
      } else if (verb === "AUTH") {
        const [, mechanism, initial] = line.split(" ");
        if (mechanism.toUpperCase() === "PLAIN") {
          const [, name, password] = decode(initial ?? "").split("\0");
          logins.push({ user: name, password });
          reply("235 2.7.0 authenticated");
        } else {
          mode = "login-user";
          reply("334 VXNlcm5hbWU6");
        }
      } else if (verb === "MAIL") {
        envelope.from = line.slice(line.indexOf(":") + 1).trim();
        reply("250 2.1.0 ok");
      } else if (verb === "RCPT") {
        const to = line.slice(line.indexOf(":") + 1).trim().replace(/^<|>$/g, "");
        if (to.startsWith("refuse@")) {
          reply(REFUSAL);
        } else {
          envelope.to.push(to);
          reply("250 2.1.5 ok");
        }
      } else if (verb === "DATA") {
        mode = "data";
        reply("354 end with <CRLF>.<CRLF>");
      } else if (verb === "RSET") {
        envelope = { from: "", to: [] };
        reply("250 2.0.0 ok");
      } else if (verb === "NOOP") {
        reply("250 2.0.0 ok");
      } else if (verb === "QUIT") {
        reply("221 2.0.0 bye");
        socket.end();
      } else {
        reply("502 5.5.2 not implemented");
      }
    }
  });
}
