/**
 * Text for an arbitrary (possibly hostile) input value in an error message. Never throws: String()
 * of an object whose toString is not a function would, so anything that is not a primitive is shown
 * by its JSON (truncated) or its type.
 */
export function describeValue(v: unknown): string {
  switch (typeof v) {
    case 'string':
      return JSON.stringify(v.length > 80 ? `${v.slice(0, 80)}…` : v);
    case 'number':
    case 'boolean':
    case 'bigint':
    case 'undefined':
      return String(v);
    default:
      if (v === null) return 'null';
      try {
        const s = JSON.stringify(v);
        if (typeof s === 'string') return s.length > 80 ? `${s.slice(0, 80)}…` : s;
      } catch {
        // fall through to the type
      }
      return Array.isArray(v) ? 'an array' : `a ${typeof v}`;
  }
}
