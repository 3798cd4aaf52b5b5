import { describe, expect, it } from "vitest";
import { baseName, pending, queuePaths, takePending, toBase64 } from "./importQueue.svelte";
import { href, parseRoute, sectionOf } from "./router";

describe("import queue", () => {
  it("names dropped files by the last part of their path, on every OS", () => {
    expect(baseName("/home/ana/Downloads/factura 1.xml")).toBe("factura 1.xml");
    expect(baseName("C:\\Users\\ana\\export.csv")).toBe("export.csv");
    queuePaths(["/a/b.csv", "/c/d.pdf"]);
    expect(pending.files.length).toBe(2);
    expect(takePending()).toEqual([
      { name: "b.csv", path: "/a/b.csv" },
      { name: "d.pdf", path: "/c/d.pdf" },
    ]);
    expect(takePending()).toEqual([]);
  });

  it("encodes bytes as base64, also past the chunk size", () => {
    const decode = (b64: string): number[] => Array.from(atob(b64), (c) => c.charCodeAt(0));
    expect(toBase64(new TextEncoder().encode("Ab?"))).toBe("QWI/");
    const text = new TextEncoder().encode("Ștefănescu;1.234,50");
    expect(decode(toBase64(text))).toEqual(Array.from(text));
    const big = new Uint8Array(100_000).map((_, i) => i % 251);
    expect(decode(toBase64(big))).toEqual(Array.from(big));
  });

  it("has its own route", () => {
    expect(parseRoute("#/import")).toEqual({ name: "import" });
    expect(href({ name: "import" })).toBe("#/import");
    expect(sectionOf({ name: "import" })).toBe("import");
  });
});
