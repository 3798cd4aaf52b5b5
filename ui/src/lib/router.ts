// A tiny hash router: "#/invoices/INV-2026-0001" <-> { name: "invoice", number: "INV-2026-0001" }.
// Pure functions here; the reactive current route lives in router.svelte.ts.

export type Route =
  | { name: "dashboard" }
  | { name: "invoices"; importHelp?: true }
  | { name: "invoice-new"; clientId: number | null }
  | { name: "invoice"; number: string }
  | { name: "invoice-edit"; number: string }
  | { name: "clients" }
  | { name: "client-new" }
  | { name: "client"; id: number }
  | { name: "client-edit"; id: number }
  | { name: "today" }
  | { name: "calls" }
  | { name: "outbox"; message?: number }
  | { name: "settings" }
  | { name: "import" }
  | { name: "not-found"; path: string };

/** The sidebar section a route belongs to. */
export type Section =
  "dashboard" | "invoices" | "clients" | "today" | "calls" | "outbox" | "settings" | "import" | null;

function parseId(text: string | undefined | null): number | null {
  if (text == null || !/^[1-9]\d{0,15}$/.test(text)) return null;
  const n = Number(text);
  return Number.isSafeInteger(n) ? n : null;
}

export function parseRoute(hash: string): Route {
  let rest = hash.startsWith("#") ? hash.slice(1) : hash;
  const q = rest.indexOf("?");
  const query = new URLSearchParams(q >= 0 ? rest.slice(q + 1) : "");
  rest = q >= 0 ? rest.slice(0, q) : rest;
  const notFound: Route = { name: "not-found", path: rest };

  let parts: string[];
  try {
    parts = rest
      .split("/")
      .filter((p) => p !== "")
      .map((p) => decodeURIComponent(p));
  } catch {
    return notFound;
  }
  const [first, second, third, ...more] = parts;
  if (more.length > 0) return notFound;

  switch (first) {
    case undefined:
      return { name: "dashboard" };
    case "today":
    case "calls":
    case "settings":
    case "dashboard":
    case "import":
      return second === undefined ? { name: first } : notFound;
    case "outbox": {
      // "#/outbox?message=12": the Outbox with that message picked out (links from Today).
      if (second !== undefined) return notFound;
      const message = parseId(query.get("message"));
      return message === null ? { name: "outbox" } : { name: "outbox", message };
    }
    case "invoices":
      if (second === undefined)
        return query.has("import") ? { name: "invoices", importHelp: true } : { name: "invoices" };
      if (second === "new" && third === undefined) {
        return { name: "invoice-new", clientId: parseId(query.get("client")) };
      }
      if (third === undefined) return { name: "invoice", number: second };
      if (third === "edit") return { name: "invoice-edit", number: second };
      return notFound;
    case "clients": {
      if (second === undefined) return { name: "clients" };
      if (second === "new" && third === undefined) return { name: "client-new" };
      const id = parseId(second);
      if (id === null) return notFound;
      if (third === undefined) return { name: "client", id };
      if (third === "edit") return { name: "client-edit", id };
      return notFound;
    }
    default:
      return notFound;
  }
}

/** The hash (with its leading "#") that parses back into `route`. */
export function href(route: Route): string {
  switch (route.name) {
    case "dashboard":
      return "#/";
    case "invoices":
      return route.importHelp ? "#/invoices?import" : "#/invoices";
    case "clients":
    case "today":
    case "calls":
    case "settings":
    case "import":
      return `#/${route.name}`;
    case "outbox":
      return route.message === undefined ? "#/outbox" : `#/outbox?message=${route.message}`;
    case "invoice-new":
      return route.clientId === null ? "#/invoices/new" : `#/invoices/new?client=${route.clientId}`;
    case "invoice":
      return `#/invoices/${encodeURIComponent(route.number)}`;
    case "invoice-edit":
      return `#/invoices/${encodeURIComponent(route.number)}/edit`;
    case "client-new":
      return "#/clients/new";
    case "client":
      return `#/clients/${route.id}`;
    case "client-edit":
      return `#/clients/${route.id}/edit`;
    case "not-found":
      return `#${route.path}`;
  }
}

export function sectionOf(route: Route): Section {
  switch (route.name) {
    case "dashboard":
    case "today":
    case "calls":
    case "outbox":
    case "settings":
    case "import":
      return route.name;
    case "invoices":
    case "invoice":
    case "invoice-new":
    case "invoice-edit":
      return "invoices";
    case "clients":
    case "client":
    case "client-new":
    case "client-edit":
      return "clients";
    case "not-found":
      return null;
  }
}
