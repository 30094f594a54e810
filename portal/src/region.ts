// Region codes as the runtime reads them (pallets/primitives/src/region.rs): twelve digits,
// province, city, county, sub-district, neighbourhood; trailing zeros mean "the whole of the
// level above". Only codes the chain accepted reach here, so only containment is needed.

/** Divisors that cut a code down to each level, narrowest first. */
const SCALES = [1, 1_000, 1_000_000, 100_000_000, 10_000_000_000];

/** Whether `inner` lies in `outer` (a region contains itself). */
export function contains(outer: number, inner: number): boolean {
  // The divisor of the narrowest level `outer` fills in.
  const scale = [...SCALES].reverse().find((s) => outer % s === 0) ?? 1;
  return Math.floor(inner / scale) * scale === outer;
}
