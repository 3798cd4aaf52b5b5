// Adding a step to a follow-up ladder: the new step is worded and sent like one the user picks
// ("like the 7-day reminder, 45 days after the due date"), under an id of its own.
import type { LadderStep } from "$lib/bindings/LadderStep";
import type { StepAnchor } from "$lib/bindings/StepAnchor";

/** A new id for a step like `base` at `offset` days: "overdue_45", never one of `taken`. */
export function newStepId(base: LadderStep, offset: number, taken: readonly string[]): string {
  const stem = base.id.replace(/_\d+$/, "").slice(0, 30) || "step";
  const first = `${stem}_${offset < 0 ? `m${-offset}` : offset}`;
  let id = first;
  for (let n = 2; taken.includes(id); n++) id = `${first}_${n}`;
  return id;
}

/** The step to add: `base`'s channel, tone, purpose and wording, at `offset` days from `anchor`. */
export function stepLike(base: LadderStep, anchor: StepAnchor, offset: number, taken: readonly string[]): LadderStep {
  return { ...base, id: newStepId(base, offset, taken), anchor, offset_days: offset };
}
