/** A deterministic event queue ordered by (time, insertion order): the simulation's clock. */
export interface SimEvent {
  at: number;
  seq: number;
  run: () => void;
}

export class EventQueue {
  private readonly heap: SimEvent[] = [];
  private seq = 0;
  now = 0;

  get size(): number {
    return this.heap.length;
  }

  at(time: number, run: () => void): void {
    this.push({ at: Math.max(time, this.now), seq: this.seq++, run });
  }

  private less(a: SimEvent, b: SimEvent): boolean {
    return a.at < b.at || (a.at === b.at && a.seq < b.seq);
  }

  private push(e: SimEvent): void {
    const h = this.heap;
    h.push(e);
    let i = h.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.less(h[i]!, h[p]!)) break;
      [h[i], h[p]] = [h[p]!, h[i]!];
      i = p;
    }
  }

  /** Runs the next event; false when none is left or the next is after `until`. */
  step(until: number): boolean {
    const h = this.heap;
    if (h.length === 0 || h[0]!.at > until) return false;
    const top = h[0]!;
    const last = h.pop()!;
    if (h.length > 0) {
      h[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < h.length && this.less(h[l]!, h[m]!)) m = l;
        if (r < h.length && this.less(h[r]!, h[m]!)) m = r;
        if (m === i) break;
        [h[i], h[m]] = [h[m]!, h[i]!];
        i = m;
      }
    }
    this.now = top.at;
    top.run();
    return true;
  }
}
