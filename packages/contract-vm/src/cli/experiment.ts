/**
 * `leag-sim experiment <fig3|fig4|fig5|fig6|fig7|fig8|printed|all> [--runs R] [--seed S] --out DIR`
 *
 * Reproduces the seed paper's Sec. VI figures: runs the planned tasks on a worker pool (both cores
 * by default) with a progress bar on stderr, then writes per figure DIR/<id>.csv, .svg and .png,
 * and DIR/summary.json with the headline gains beside the paper's.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { LeagError } from '@leag/core';
import { Presets, SingleBar } from 'cli-progress';
import type { Command } from 'commander';
import { buildFigure } from '../experiment/figure-build.js';
import { toCsv } from '../experiment/figure-data.js';
import { FIGURE_IDS, type FigureId, type PlannedTask, planTasks } from '../experiment/figures.js';
import { groupResults } from '../experiment/run-serial.js';
import { headline } from '../experiment/summary.js';
import type { TaskResult } from '../experiment/tasks.js';
import { svgToPng } from '../plot/png.js';
import { renderFigure } from '../plot/svg.js';
import { writeTextFile } from './io.js';
import { defaultWorkers, runPool } from './pool.js';

const FONT_CANDIDATES = [
  '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf',
  '/usr/share/fonts/TTF/DejaVuSans.ttf',
  '/usr/share/fonts/dejavu/DejaVuSans.ttf',
];

function whole(name: string, v: string, min: number, max: number): number {
  if (!/^\d+$/.test(v) || Number(v) < min || Number(v) > max) {
    throw new LeagError('CLI_INPUT', `--${name} must be a whole number in [${min}, ${max}], got "${v}"`, {
      field: name,
    });
  }
  return Number(v);
}

export function parseFigures(arg: string): FigureId[] {
  if (arg === 'all') return [...FIGURE_IDS];
  const ids = arg.split(',');
  for (const id of ids) {
    if (!(FIGURE_IDS as readonly string[]).includes(id)) {
      throw new LeagError(
        'CLI_INPUT',
        `unknown figure "${id}": use one of ${FIGURE_IDS.join(', ')} or all (comma-separated lists work)`,
        { field: 'figure' },
      );
    }
  }
  return ids as FigureId[];
}

/** Heavy tasks (IDA markets, larger first) go out first so both workers finish together. */
function schedule(plan: readonly PlannedTask[]): number[] {
  const weight = (p: PlannedTask): number =>
    p.task.kind === 'scale' ? 1e6 + p.task.n * p.task.m : p.task.n * p.task.m;
  return plan.map((_, k) => k).sort((a, b) => weight(plan[b] as PlannedTask) - weight(plan[a] as PlannedTask) || a - b);
}

function fontFile(): string | undefined {
  const env = process.env.LEAG_FONT;
  if (env && existsSync(env)) return env;
  return FONT_CANDIDATES.find((f) => existsSync(f));
}

export interface ExperimentOptions {
  readonly runs: number;
  readonly seed: number;
  readonly out: string;
  readonly workers: number;
  readonly png: boolean;
  readonly progress: boolean;
}

export async function runExperiment(ids: readonly FigureId[], o: ExperimentOptions): Promise<Record<string, unknown>> {
  const t0 = performance.now();
  const plan = planTasks(ids, o.runs, o.seed);
  const order = schedule(plan);
  const bar = o.progress
    ? new SingleBar(
        {
          stream: process.stderr,
          format: 'experiment [{bar}] {percentage}% | {value}/{total} tasks | ETA {eta_formatted}',
          hideCursor: true,
          noTTYOutput: true,
          notTTYSchedule: 5000,
          etaBuffer: 200,
        },
        Presets.shades_classic,
      )
    : undefined;
  bar?.start(plan.length, 0);
  let raw: TaskResult[];
  try {
    raw = await runPool(
      order.map((k) => (plan[k] as PlannedTask).task),
      {},
      o.workers,
      (d) => bar?.update(d),
    );
  } finally {
    bar?.stop();
  }
  const results = new Array<TaskResult>(plan.length);
  order.forEach((k, q) => {
    results[k] = raw[q] as TaskResult;
  });
  const grouped = groupResults(plan, results);
  try {
    mkdirSync(o.out, { recursive: true });
  } catch (e) {
    throw new LeagError(
      'CLI_WRITE',
      `cannot create output directory "${o.out}": ${(e as { code?: string }).code ?? 'unknown error'}`,
      { path: o.out },
    );
  }
  const font = o.png ? fontFile() : undefined;
  if (o.png && !font)
    process.stderr.write(
      'leag-sim: no DejaVu Sans font found (set LEAG_FONT to a .ttf file); writing SVG and CSV only\n',
    );
  const written: string[] = [];
  const note = `${o.runs} runs per point, seed ${o.seed}; error bars ±1 sd over runs`;
  for (const id of ids) {
    const fig = buildFigure(id, grouped);
    const base = join(o.out, id);
    writeTextFile(`${base}.csv`, toCsv(fig));
    const svg = renderFigure(fig, note);
    writeTextFile(`${base}.svg`, svg);
    written.push(`${base}.csv`, `${base}.svg`);
    if (font) {
      try {
        writeFileSync(`${base}.png`, svgToPng(svg, { fontFiles: [font] }));
      } catch (e) {
        throw new LeagError('CLI_WRITE', `cannot write "${base}.png": ${(e as Error).message}`, {
          path: `${base}.png`,
        });
      }
      written.push(`${base}.png`);
    }
  }
  const seconds = (performance.now() - t0) / 1000;
  const summary: Record<string, unknown> = {
    figures: ids,
    runs: o.runs,
    seed: o.seed,
    workers: o.workers,
    tasks: plan.length,
    seconds: Math.round(seconds * 10) / 10,
  };
  if (ids.some((id) => id === 'fig3' || id === 'fig7' || id === 'fig8')) summary.headline = headline(grouped);
  writeTextFile(join(o.out, 'summary.json'), `${JSON.stringify(summary, null, 2)}\n`);
  written.push(join(o.out, 'summary.json'));
  return { ...summary, written };
}

export function registerExperiment(program: Command): void {
  program
    .command('experiment')
    .description("reproduce the paper's Sec. VI figures (BABG vs IDA vs ETA): CSV, SVG and PNG per figure")
    .argument('<figure>', `one of ${FIGURE_IDS.join(', ')}, a comma-separated list, or all`)
    .option('-r, --runs <n>', 'random markets per point (error bars over these)', '20')
    .option('--seed <s>', 'base seed, a whole number in [0, 4294967295]', '1')
    .requiredOption('-o, --out <dir>', 'directory for the CSV, SVG and PNG files')
    .option('-w, --workers <n>', 'worker threads (default: the number of cores)')
    .option('--no-png', 'write CSV and SVG only')
    .option('--no-progress', 'no progress bar')
    .action(
      async (
        figure: string,
        opts: { runs: string; seed: string; out: string; workers?: string; png: boolean; progress: boolean },
      ) => {
        const ids = parseFigures(figure);
        const res = await runExperiment(ids, {
          runs: whole('runs', opts.runs, 1, 100_000),
          seed: whole('seed', opts.seed, 0, 0xffffffff),
          out: opts.out,
          workers: opts.workers === undefined ? defaultWorkers() : whole('workers', opts.workers, 1, 256),
          png: opts.png,
          progress: opts.progress,
        });
        process.stdout.write(`${JSON.stringify(res, null, 2)}\n`);
      },
    );
}
