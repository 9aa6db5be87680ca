import { describe, expect, it } from "vitest";
import { chainTime } from "./useClock";
import { enrollmentState } from "./useEnrollment";

describe("chainTime", () => {
  it("follows the wall clock, moved forward when the chain is ahead of it", () => {
    // A block 500 s ahead of the wall clock (a local chain whose time was advanced), seen at 1000.
    expect(chainTime(1_500n, 1_000, 1_010)).toBe(1_510n);
    // An idle chain: its last block is old; the next block will carry the wall clock's time.
    expect(chainTime(900n, 1_000, 1_010)).toBe(1_010n);
  });
});

describe("enrollmentState", () => {
  it("tells never enrolled from enrolled and from an enrollment that ended", () => {
    expect(enrollmentState(false, 0n)).toBe("never");
    expect(enrollmentState(true, 1_767_225_600n)).toBe("enrolled");
    expect(enrollmentState(false, 1_767_225_600n)).toBe("ended");
  });
});
