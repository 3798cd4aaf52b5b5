import { describe, expect, it } from "vitest";
import { preferredLanguage } from "./uiLanguage";

describe("preferredLanguage", () => {
  it("takes the first language Duly speaks, by its primary subtag", () => {
    expect(preferredLanguage(["ro-RO", "en-US"])).toBe("ro");
    expect(preferredLanguage(["de-DE", "id-ID", "ro"])).toBe("id");
    expect(preferredLanguage(["EN_gb"])).toBe("en");
  });
  it("reads the legacy Indonesian code", () => {
    expect(preferredLanguage(["in-ID"])).toBe("id");
  });
  it("falls back to English", () => {
    expect(preferredLanguage(["de-DE", "fr"])).toBe("en");
    expect(preferredLanguage([])).toBe("en");
    expect(preferredLanguage([""])).toBe("en");
  });
});
