// tostring(number) (`%.14g`) has a fast path for fixed-notation values whose shortest text has
// at most 14 significant digits (transforms write totals into headers): it must agree with
// the general formatter everywhere, including the edges of the fast path.
import { describe, it, expect } from "vitest";
import { numberToString, fmtG } from "../../src/runtime-shims/number.js";

const general = (n: number) => (Number.isInteger(n) && Math.abs(n) < 1e14 ? (Object.is(n, -0) ? "-0" : "" + n) : fmtG(n, 14));

describe("numberToString fast path", () => {
  it("matches %.14g at the edges", () => {
    const edges = [
      114.15, 0.1, 0.1 + 0.2, 1 / 3, -2 / 3, 1e-4, 0.0001234, 9.99999e-5, 1e-5, 12345678901234.5, 99999999999999.9, 99999999999999.99, 1234567890123.45,
      0.30000000000000004, 123.456789012345, 12.3456789012346, -0.001, 5e-324, 1.7976931348623157e308, 1e14 + 0.5, 1e21 + 1, -1e-4,
    ];
    for (const n of edges) expect(numberToString(n), String(n)).toBe(general(n));
    expect(numberToString(114.15)).toBe("114.15");
    expect(numberToString(0.1 + 0.2)).toBe("0.3");
    expect(numberToString(1 / 3)).toBe("0.33333333333333");
    expect(numberToString(1e-5)).toBe("1e-05");
  });

  it("matches %.14g on random values of every magnitude", () => {
    let seed = 42;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    for (let i = 0; i < 50000; i++) {
      const e = Math.floor(rnd() * 30) - 10;
      const n = (rnd() < 0.5 ? -1 : 1) * rnd() * 10 ** e;
      const cents = Math.round(rnd() * 10 ** (e + 3)) / 100;
      expect(numberToString(n)).toBe(general(n));
      expect(numberToString(cents)).toBe(general(cents));
    }
  });
});
