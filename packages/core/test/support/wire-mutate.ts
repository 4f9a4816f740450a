/** Field-level and byte-level mutations of protobuf encodings, for the codec's property tests. */
import fc from 'fast-check';

export function varint(n: bigint): number[] {
  const out: number[] = [];
  while (n >= 128n) {
    out.push(Number(n % 128n) | 0x80);
    n /= 128n;
  }
  out.push(Number(n));
  return out;
}

/** Top-level fields of b: [start, end) of each, tag included, and its field number; stops at the first malformed one. */
function fieldsOf(b: Uint8Array): [number, number, number][] {
  const out: [number, number, number][] = [];
  let p = 0;
  const read = (): number | undefined => {
    let x = 0;
    let m = 1;
    for (let k = 0; k < 10 && p < b.length; k++) {
      const c = b[p++] as number;
      x += (c & 0x7f) * m;
      m *= 128;
      if (c < 128) return x;
    }
    return undefined;
  };
  while (p < b.length) {
    const s = p;
    const tag = read();
    if (tag === undefined) break;
    if (tag % 8 === 0) {
      if (read() === undefined) break;
    } else {
      const len = read();
      if (len === undefined || p + len > b.length) break;
      p += len;
    }
    out.push([s, p, Math.floor(tag / 8)]);
  }
  return out;
}

/** Field-level and byte-level changes to a canonical encoding. */
export function mutate(
  b: Uint8Array,
  m: { op: number; i: number; j: number; byte: number; value: bigint; pad: number },
): Uint8Array {
  const f = fieldsOf(b);
  const pick = (k: number) => f[k % Math.max(1, f.length)];
  const cat = (...parts: (Uint8Array | number[])[]) => Uint8Array.from(parts.flatMap((x) => [...x]));
  const a = pick(m.i);
  const c = pick(m.j);
  switch (m.op) {
    case 0: // swap two fields
      if (a === undefined || c === undefined || a[0] === c[0]) return b;
      {
        const [x, y] = a[0] < c[0] ? [a, c] : [c, a];
        return cat(
          b.subarray(0, x[0]),
          b.subarray(y[0], y[1]),
          b.subarray(x[1], y[0]),
          b.subarray(x[0], x[1]),
          b.subarray(y[1]),
        );
      }
    case 1: // a field twice
      return a === undefined ? b : cat(b.subarray(0, a[1]), b.subarray(a[0], a[1]), b.subarray(a[1]));
    case 2: // a field dropped
      return a === undefined ? b : cat(b.subarray(0, a[0]), b.subarray(a[1]));
    case 3: // a varint field's value replaced (0, 1, 2, 2^31, 2^32, 2^64, ...), possibly padded non-minimally
    case 4: {
      const ids = [...new Set(f.map(([, , id]) => id))]; // field numbers at the top level
      const id = ids[m.i % Math.max(1, ids.length)] ?? 1;
      const v = varint(m.value);
      if (m.op === 4 && m.pad > 0) {
        v[v.length - 1] = (v[v.length - 1] as number) | 0x80;
        for (let k = 1; k < m.pad; k++) v.push(0x80);
        v.push(0);
      }
      const tag = varint(BigInt(id * 8));
      const at = a === undefined ? b.length : m.j % 2 === 0 ? a[0] : a[1];
      return cat(b.subarray(0, at), tag, v, b.subarray(at));
    }
    case 5: // an empty length-delimited field inserted
      return a === undefined
        ? cat(b, [(1 + (m.byte % 12)) * 8 + 2, 0])
        : cat(b.subarray(0, a[0]), [((m.byte % 12) + 1) * 8 + 2, 0], b.subarray(a[0]));
    case 7: {
      // the value of a varint field replaced in place (possibly padded non-minimally)
      const varints = f.filter(([s]) => ((b[s] as number) & 7) === 0 && (b[s] as number) < 128);
      const x = varints[m.i % Math.max(1, varints.length)];
      if (x === undefined) return b;
      const v = varint(m.value);
      if (m.pad > 0) {
        v[v.length - 1] = (v[v.length - 1] as number) | 0x80;
        for (let k = 1; k < m.pad; k++) v.push(0x80);
        v.push(0);
      }
      return cat(b.subarray(0, x[0] + 1), v, b.subarray(x[1]));
    }
    default: {
      // one byte set
      if (b.length === 0) return Uint8Array.of(m.byte);
      const out = b.slice();
      out[m.i % b.length] = m.byte;
      return out;
    }
  }
}

export const mutation = fc.record({
  op: fc.integer({ min: 0, max: 7 }),
  i: fc.nat(),
  j: fc.nat(),
  byte: fc.integer({ min: 0, max: 255 }),
  value: fc.constantFrom(
    0n,
    1n,
    2n,
    127n,
    128n,
    2n ** 31n,
    2n ** 32n - 1n,
    2n ** 32n,
    2n ** 63n,
    2n ** 64n - 1n,
    2n ** 64n,
    2n ** 70n,
  ),
  pad: fc.integer({ min: 0, max: 3 }),
});
