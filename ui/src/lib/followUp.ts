// Why an invoice is on today's list, in the user's words: "Due in 7 days", "1 day overdue".
import type { FollowUpReason } from "$lib/bindings/FollowUpReason";
import type { Language } from "$lib/bindings/Language";
import { plural, translate } from "./i18n/index";

export function reasonText(language: Language, reason: FollowUpReason): string {
  switch (reason.kind) {
    case "overdue":
      return plural(language, "invoice.daysOverdue", reason.days);
    case "due_soon":
      return reason.days <= 0 ? translate(language, "today.dueToday") : plural(language, "today.dueIn", reason.days);
  }
}

/** How alarming the reason is, for its colour: a month late is worse than a day. */
export function reasonTone(reason: FollowUpReason): "late" | "overdue" | "soon" {
  if (reason.kind === "due_soon") return "soon";
  return reason.days > 30 ? "late" : "overdue";
}
