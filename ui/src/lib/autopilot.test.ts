import { describe, expect, it } from "vitest";
import { headline, neverReason, stepName, stopReason } from "./autopilot";

describe("autopilot words", () => {
  it("names Duly's steps in each language and keeps the label of a step the user added", () => {
    expect(stepName("en", "overdue_1", "polite reminder")).toBe("Polite reminder");
    expect(stepName("ro", "final_demand", "formal demand")).toBe("Somație de plată");
    expect(stepName("id", "escalate", "x")).toBe("Pemberitahuan tegas ke kontak lain");
    expect(stepName("en", "my_step", "My own step")).toBe("My own step");
  });

  it("says why autopilot stopped, falling back to the API's sentence", () => {
    expect(stopReason("en", "smtp_failure", "x")).toBe("A message could not be sent.");
    expect(stopReason("ro", "payment", "x")).toBe("S-a înregistrat o plată.");
    expect(stopReason("en", "something_new", "Autopilot stopped: something new.")).toBe(
      "Autopilot stopped: something new.",
    );
    expect(neverReason("en", "final_demand")).toBe("The formal demand is always yours to send.");
    expect(neverReason("en", null)).toBeNull();
    expect(neverReason("en", "unknown")).toBeNull();
  });

  it("writes Today's headline from what was sent and what waits", () => {
    const sent = (tone: string) => ({ state: "sent", tone });
    expect(headline("en", [])).toEqual([]);
    expect(headline("en", [sent("polite"), sent("friendly"), sent("polite")])).toEqual([
      "Duly sent 3 polite reminders today",
    ]);
    expect(headline("en", [sent("polite")])).toEqual(["Duly sent 1 polite reminder today"]);
    expect(headline("en", [sent("firm"), sent("polite"), { state: "queued", tone: "polite" }])).toEqual([
      "Duly sent 2 reminders by itself today",
      "1 more waits for the client's business hours.",
    ]);
    expect(headline("en", [{ state: "queued", tone: "polite" }])).toEqual([
      "Autopilot queued 1 reminder today: it goes out in the client's business hours.",
    ]);
    expect(headline("ro", [sent("polite"), sent("polite")])).toEqual(["Duly a trimis azi 2 mementouri politicoase"]);
    expect(headline("id", [sent("polite")])).toEqual(["Hari ini Duly mengirim 1 pengingat sopan"]);
    // A cancelled or failed message is not counted as sent.
    expect(headline("en", [{ state: "cancelled", tone: "polite" }])).toEqual([]);
  });
});
