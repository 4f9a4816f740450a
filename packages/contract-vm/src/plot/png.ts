/**
 * SVG → PNG through @resvg/resvg-js. The caller names the font files (the CLI passes DejaVu Sans
 * from /usr/share/fonts), so text renders the same everywhere and system fonts are not scanned.
 */
import { Resvg } from '@resvg/resvg-js';

export interface PngOptions {
  /** TrueType files to load; the first one's family becomes the default. */
  readonly fontFiles: readonly string[];
  readonly defaultFontFamily?: string;
  /** Output width in pixels (the SVG scales); default: 1.5 × the SVG's width. */
  readonly width?: number;
}

export function svgToPng(svg: string, o: PngOptions): Uint8Array {
  const r = new Resvg(svg, {
    background: '#ffffff',
    fitTo: o.width ? { mode: 'width', value: o.width } : { mode: 'zoom', value: 1.5 },
    font: {
      loadSystemFonts: false,
      fontFiles: [...o.fontFiles],
      defaultFontFamily: o.defaultFontFamily ?? 'DejaVu Sans',
    },
  });
  return r.render().asPng();
}
