import { describe, expect, it } from "vitest";
import { reasonText, reasonTone } from "./followUp";

describe("reasonText", () => {
  it("words overdue invoices with the right plural", () => {
    expect(reasonText("en", { kind: "overdue", days: 1 })).toBe("1 day overdue");
    expect(reasonText("en", { kind: "overdue", days: 23 })).toBe("23 days overdue");
    expect(reasonText("en", { kind: "overdue", days: 1200 })).toBe("1,200 days overdue");
    expect(reasonText("ro", { kind: "overdue", days: 1 })).toBe("Restantă de 1 zi");
    expect(reasonText("ro", { kind: "overdue", days: 3 })).toBe("Restantă de 3 zile");
    expect(reasonText("ro", { kind: "overdue", days: 23 })).toBe("Restantă de 23 de zile");
    expect(reasonText("id", { kind: "overdue", days: 23 })).toBe("Terlambat 23 hari");
  });

  it("words invoices coming due", () => {
    expect(reasonText("en", { kind: "due_soon", days: 7 })).toBe("Due in 7 days");
    expect(reasonText("en", { kind: "due_soon", days: 1 })).toBe("Due in 1 day");
    expect(reasonText("en", { kind: "due_soon", days: 0 })).toBe("Due today");
    expect(reasonText("ro", { kind: "due_soon", days: 1 })).toBe("Scadentă peste 1 zi");
    expect(reasonText("ro", { kind: "due_soon", days: 7 })).toBe("Scadentă peste 7 zile");
    expect(reasonText("id", { kind: "due_soon", days: 7 })).toBe("Jatuh tempo dalam 7 hari");
    expect(reasonText("id", { kind: "due_soon", days: 0 })).toBe("Jatuh tempo hari ini");
  });
});

describe("reasonTone", () => {
  it("grows more alarming with lateness", () => {
    expect(reasonTone({ kind: "due_soon", days: 3 })).toBe("soon");
    expect(reasonTone({ kind: "overdue", days: 30 })).toBe("overdue");
    expect(reasonTone({ kind: "overdue", days: 31 })).toBe("late");
  });
});
