import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { describe, test } from 'node:test';
import { type FigureData, toCsv } from '../../src/experiment/figure-data.js';
import { svgToPng } from '../../src/plot/png.js';
import { renderFigure } from '../../src/plot/svg.js';
import { formatTick, niceAxis } from '../../src/plot/ticks.js';

const fig: FigureData = {
  id: 'figX',
  title: 'Test <figure>',
  panels: [
    {
      title: '(a) welfare',
      xLabel: 'number of charging EVs N',
      yLabel: 'social welfare',
      series: [
        {
          name: 'BABG',
          points: [
            { x: 5, mean: 1, sd: 0.5, n: 3 },
            { x: 10, mean: 3, sd: 0, n: 3 },
          ],
        },
        {
          name: 'IDA, "quoted"',
          points: [
            { x: 5, mean: -2, sd: 1, n: 3 },
            { x: 10, mean: 2.5, sd: 0.2, n: 3 },
          ],
        },
      ],
    },
  ],
};

describe('axes', () => {
  test('nice ticks cover the data with 1-2-5 steps', () => {
    const a = niceAxis(-2.3, 41.7, 6);
    assert.ok(a.min <= -2.3 && a.max >= 41.7);
    assert.deepEqual(a.ticks, [-10, 0, 10, 20, 30, 40, 50]);
    assert.equal(niceAxis(0.7512, 0.8401, 6).decimals, 2);
    assert.deepEqual(niceAxis(3, 3).ticks.length > 1, true);
    assert.equal(formatTick(-0.5, 1), '−0.5');
  });
});

describe('figure rendering', () => {
  const svg = renderFigure(fig, 'note');
  test('SVG has the labels, a legend entry per series, error bars only where sd > 0, escaped text', () => {
    assert.ok(svg.startsWith('<svg'));
    for (const s of [
      'number of charging EVs N',
      'social welfare',
      'BABG',
      'IDA, &quot;quoted&quot;',
      'Test &lt;figure&gt;',
      'note',
    ])
      assert.ok(svg.includes(s), s);
    const bars = svg.match(/opacity="0.75"/g) ?? [];
    assert.equal(bars.length, 3);
  });

  test('CSV holds one row per point, quoted where needed', () => {
    const csv = toCsv(fig).trim().split('\n');
    assert.equal(csv[0], 'figure,panel,series,x,mean,sd,runs');
    assert.equal(csv.length, 5);
    assert.equal(csv[3], 'figX,a,"IDA, ""quoted""",5,-2,1,3');
  });

  const font = '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf';
  test('PNG renders with the DejaVu font', { skip: existsSync(font) ? false : `font ${font} not installed` }, () => {
    const png = svgToPng(svg, { fontFiles: [font] });
    assert.deepEqual([...png.subarray(0, 8)], [137, 80, 78, 71, 13, 10, 26, 10]);
    assert.ok(png.length > 5000);
  });
});
