export { clearVariant, type Decision, type Variant } from './as-printed.js';
export { type Comparison, compareAlgorithms, metricMarket, toBaselineMarket } from './compare.js';
export { buildFigure } from './figure-build.js';
export { type FigureData, type Panel, type Point, type Series, stats, toCsv } from './figure-data.js';
export {
  FIGURE_IDS,
  type FigureId,
  type PlannedTask,
  planTasks,
  type Results,
  SETTINGS,
} from './figures.js';
export { groupResults, runPlanSerial } from './run-serial.js';
export { seedFor } from './seeds.js';
export { type Gain, type Headline, headline, PAPER_CLAIMS } from './summary.js';
export { OVERLAP_PRICES, runTask, type Task, type TaskOptions, type TaskResult } from './tasks.js';
