export { type PngOptions, svgToPng } from './png.js';
export { COLORS, renderFigure, renderPanel } from './svg.js';
export { type Axis, formatTick, niceAxis } from './ticks.js';
