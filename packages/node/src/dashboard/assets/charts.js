// Thin wrappers over uPlot (loaded as a classic script: window.uPlot): responsive size, one place
// for the look of every chart, and an explicit "no data" state handled by the callers.

const U = window.uPlot;
const HEIGHT = 190;
const AXIS = { stroke: '#66717e', grid: { stroke: '#eef1f4' }, ticks: { stroke: '#dde2e8' } };

function widthOf(box) {
  return Math.max(240, Math.floor(box.getBoundingClientRect().width));
}

/**
 * A chart in the element `id`. spec: { x: { label, integer }, y: { label }, series: [{ label,
 * stroke, fill, paths: 'line'|'stepAfter'|'stepBefore'|'bars', points }] }. Returns { set(data) }.
 */
export function chart(id, spec) {
  const box = document.getElementById(id);
  const paths = {
    line: undefined,
    stepAfter: U.paths.stepped({ align: 1 }),
    stepBefore: U.paths.stepped({ align: -1 }),
    bars: U.paths.bars({ size: [0.6, 36] }),
  };
  const xAxis = { ...AXIS, label: spec.x.label, labelSize: 18, size: 32 };
  const scales = { x: { time: false } };
  if (spec.x.integer) {
    // whole windows: half a window of room on each side so end points and bars are not cut
    scales.x.range = (_u, min, max) => [min - 0.5, max + 0.5];
    xAxis.incrs = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000];
    xAxis.values = (_u, vals) => vals.map((v) => (Number.isInteger(v) ? String(v) : ''));
  }
  const opts = {
    width: widthOf(box),
    height: HEIGHT,
    legend: { live: false },
    cursor: { drag: { x: false, y: false } },
    scales,
    axes: [xAxis, { ...AXIS, label: spec.y.label, labelSize: 18, size: 56 }],
    series: [
      { label: spec.x.label },
      ...spec.series.map((s) => ({
        label: s.label,
        stroke: s.stroke,
        fill: s.fill,
        width: 2,
        paths: paths[s.paths ?? 'line'],
        points: { show: s.points ?? false, size: 6, fill: s.stroke },
        spanGaps: false,
      })),
    ],
  };
  let plot = null;
  let last = null;
  new ResizeObserver(() => {
    if (plot !== null) plot.setSize({ width: widthOf(box), height: HEIGHT });
  }).observe(box);
  return {
    set(data) {
      last = data;
      if (plot === null) plot = new U(opts, data, box);
      else plot.setData(data);
    },
    get data() {
      return last;
    },
  };
}
