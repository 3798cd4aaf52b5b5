import { describe, expect, it } from "vitest";
import { href, parseRoute, sectionOf, type Route } from "./router";

describe("parseRoute", () => {
  it("reads the dashboard from an empty or root hash", () => {
    expect(parseRoute("")).toEqual({ name: "dashboard" });
    expect(parseRoute("#")).toEqual({ name: "dashboard" });
    expect(parseRoute("#/")).toEqual({ name: "dashboard" });
  });

  it("reads the simple sections", () => {
    expect(parseRoute("#/invoices")).toEqual({ name: "invoices" });
    expect(parseRoute("#/invoices?import")).toEqual({ name: "invoices", importHelp: true });
    expect(parseRoute("#/clients/")).toEqual({ name: "clients" });
    expect(parseRoute("#/today")).toEqual({ name: "today" });
    expect(parseRoute("#/calls")).toEqual({ name: "calls" });
    expect(parseRoute("#/outbox")).toEqual({ name: "outbox" });
    expect(parseRoute("#/outbox?message=12")).toEqual({ name: "outbox", message: 12 });
    expect(parseRoute("#/outbox?message=x")).toEqual({ name: "outbox" });
    expect(parseRoute("#/settings")).toEqual({ name: "settings" });
  });

  it("reads invoice pages with encoded numbers", () => {
    expect(parseRoute("#/invoices/RO-2026-001")).toEqual({ name: "invoice", number: "RO-2026-001" });
    expect(parseRoute("#/invoices/A%2FB%20%231")).toEqual({ name: "invoice", number: "A/B #1" });
    expect(parseRoute("#/invoices/INV-7/edit")).toEqual({ name: "invoice-edit", number: "INV-7" });
  });

  it("reads the new invoice form with an optional client", () => {
    expect(parseRoute("#/invoices/new")).toEqual({ name: "invoice-new", clientId: null });
    expect(parseRoute("#/invoices/new?client=12")).toEqual({ name: "invoice-new", clientId: 12 });
    expect(parseRoute("#/invoices/new?client=abc")).toEqual({ name: "invoice-new", clientId: null });
    expect(parseRoute("#/invoices/new?client=0")).toEqual({ name: "invoice-new", clientId: null });
  });

  it("reads client pages and rejects bad ids", () => {
    expect(parseRoute("#/clients/new")).toEqual({ name: "client-new" });
    expect(parseRoute("#/clients/42")).toEqual({ name: "client", id: 42 });
    expect(parseRoute("#/clients/42/edit")).toEqual({ name: "client-edit", id: 42 });
    expect(parseRoute("#/clients/x")).toEqual({ name: "not-found", path: "/clients/x" });
    expect(parseRoute("#/clients/-1")).toEqual({ name: "not-found", path: "/clients/-1" });
    expect(parseRoute("#/clients/99999999999999999999").name).toBe("not-found");
  });

  it("rejects unknown and malformed paths", () => {
    expect(parseRoute("#/nope")).toEqual({ name: "not-found", path: "/nope" });
    expect(parseRoute("#/invoices/A/pay")).toEqual({ name: "not-found", path: "/invoices/A/pay" });
    expect(parseRoute("#/invoices/A/edit/more")).toEqual({ name: "not-found", path: "/invoices/A/edit/more" });
    expect(parseRoute("#/invoices/%E0%A4%A")).toEqual({ name: "not-found", path: "/invoices/%E0%A4%A" });
    expect(parseRoute("#/settings/extra").name).toBe("not-found");
  });
});

describe("href", () => {
  const routes: Route[] = [
    { name: "dashboard" },
    { name: "invoices" },
    { name: "invoices", importHelp: true },
    { name: "invoice-new", clientId: null },
    { name: "invoice-new", clientId: 7 },
    { name: "invoice", number: "RO-2026-001" },
    { name: "invoice", number: "A/B #1 ?x=1" },
    { name: "invoice-edit", number: "Ș/1" },
    { name: "clients" },
    { name: "client-new" },
    { name: "client", id: 3 },
    { name: "client-edit", id: 3 },
    { name: "today" },
    { name: "calls" },
    { name: "outbox" },
    { name: "outbox", message: 12 },
    { name: "settings" },
  ];

  it("round-trips through parseRoute", () => {
    for (const route of routes) expect(parseRoute(href(route))).toEqual(route);
  });

  it("encodes invoice numbers", () => {
    expect(href({ name: "invoice", number: "A/B #1" })).toBe("#/invoices/A%2FB%20%231");
  });
});

describe("sectionOf", () => {
  it("maps pages to their sidebar entry", () => {
    expect(sectionOf({ name: "invoice", number: "X" })).toBe("invoices");
    expect(sectionOf({ name: "invoice-new", clientId: 1 })).toBe("invoices");
    expect(sectionOf({ name: "client-edit", id: 1 })).toBe("clients");
    expect(sectionOf({ name: "settings" })).toBe("settings");
    expect(sectionOf({ name: "not-found", path: "/x" })).toBeNull();
  });
});
