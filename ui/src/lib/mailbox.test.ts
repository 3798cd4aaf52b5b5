import { describe, expect, it } from "vitest";
import { isUntilRead, parseAutoReply, parseBounce, parseReply } from "./mailbox";

describe("the inbox's timeline lines", () => {
  it("reads a reply's sender, date and first lines, markup left as text", () => {
    const r = parseReply("Popescu, Ioana <ioana@a.example>, 2026-12-03T09:15:00+00:00: We paid: <b>Friday</b>\nThanks");
    expect(r).toEqual({
      from: "Popescu, Ioana <ioana@a.example>",
      at: "2026-12-03T09:15:00+00:00",
      text: "We paid: <b>Friday</b>\nThanks",
    });
    expect(parseReply("something else")).toBeNull();
  });

  it("reads a bounce's addresses", () => {
    expect(parseBounce("a@x.example, b@y.example: undeliverable, the next message goes to another contact")).toEqual([
      "a@x.example",
      "b@y.example",
    ]);
    expect(parseBounce("garbled")).toEqual([]);
  });

  it("reads an automatic answer's return date, or its absence", () => {
    expect(parseAutoReply("Elena <e@s.example>: Out of office: Invoice F-2 (back on 2026-11-20)")).toEqual({
      from: "Elena <e@s.example>",
      subject: "Out of office: Invoice F-2",
      back: "2026-11-20",
    });
    expect(parseAutoReply("e@s.example: Away (no return date given)")?.back).toBeNull();
  });

  it("knows a pause until read from one until a date", () => {
    expect(isUntilRead("+262142-12-31")).toBe(true);
    expect(isUntilRead("2026-12-20")).toBe(false);
  });
});
