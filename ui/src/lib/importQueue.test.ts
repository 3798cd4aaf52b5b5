import { describe, expect, it } from "vitest";
import { baseName, pending, queuePaths, takePending } from "./importQueue.svelte";
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

  it("has its own route", () => {
    expect(parseRoute("#/import")).toEqual({ name: "import" });
    expect(href({ name: "import" })).toBe("#/import");
    expect(sectionOf({ name: "import" })).toBe("import");
  });
});
