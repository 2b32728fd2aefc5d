/**
 * Frames the PNG of the map as the SVG export frames its drawing: the caption above (what it was
 * made from and when, and what it leaves out past the drawing limit), the edge legend below, and
 * even margins all round. A picture pasted into a review document is read without the app beside
 * it. Cytoscape renders the map itself, cropped to what is drawn; this draws that image on a canvas
 * with the text around it. Where everything goes is a pure function of sizes and a text measure,
 * unit-tested without a browser; the drawing only follows it.
 */
import type { CaptionLine } from './export-caption';
import { CAPTION_COLOR } from './graph-style';
import { fillLines } from './label-wrap';
import { EXPORT_FRAME, type SvgLegendItem } from './svg-export';

/** A narrow map still gets a caption and legend a reader can take in: the picture is at least this wide. */
const MIN_WIDTH = 480;
/** Between the caption and the map, and between the map and the legend. */
const GAP = 14;
const FONT = 'Helvetica, Arial, sans-serif';

/**
 * Splits text into lines no wider than `maxWidth` as `measure` sees them, breaking at spaces
 * (fillLines, as node labels do), any run of white space read as one space. A single word wider
 * than the line gets a line of its own rather than being cut.
 */
export function wrapCaption(text: string, maxWidth: number, measure: (s: string) => number): string[] {
  const words = text.split(/\s+/).filter(Boolean).join(' ');
  return words ? fillLines(words, maxWidth, measure) : [];
}

export interface PngFrameInput {
  /** The map image's size in device pixels. */
  imageWidth: number;
  imageHeight: number;
  /** Device pixels per CSS pixel the map was rendered at: the text keeps its size next to the map's labels. */
  scale: number;
  caption: readonly CaptionLine[];
  legend: readonly SvgLegendItem[];
  /** Width of `text` in device pixels at a font size of `px` device pixels. */
  measure: (text: string, px: number) => number;
}

/** Where everything goes, in device pixels; text positions are the top left of each line. */
export interface PngFrame {
  width: number;
  height: number;
  /** The map image's top left. */
  image: { x: number; y: number };
  captionFont: number;
  caption: { text: string; tone: CaptionLine['tone']; x: number; y: number }[];
  legendFont: number;
  /** Each row's line sample runs from x to x + swatch at lineY; its label starts at textX. */
  legend: { item: SvgLegendItem; x: number; lineY: number; textX: number; y: number }[];
  swatch: number;
}

/**
 * Lays the picture out: caption lines from the top margin, wrapped to the picture's width; the map
 * below them, centred, so the margins left and right of it are equal; the legend rows below the
 * map; the same margin on every side of the whole.
 */
export function layoutPngFrame(input: PngFrameInput): PngFrame {
  const { scale, measure } = input;
  const margin = EXPORT_FRAME.padding * scale;
  const captionFont = EXPORT_FRAME.captionSize * scale;
  const legendFont = EXPORT_FRAME.legendFont * scale;
  const legendWidth = Math.max(0, ...input.legend.map((l) => EXPORT_FRAME.legendTextX * scale + measure(l.label, legendFont)));
  const width = Math.ceil(Math.max(input.imageWidth, legendWidth, (MIN_WIDTH - 2 * EXPORT_FRAME.padding) * scale) + 2 * margin);
  let y = margin;
  const caption: PngFrame['caption'] = [];
  for (const line of input.caption) {
    for (const text of wrapCaption(line.text, width - 2 * margin, (s) => measure(s, captionFont))) {
      caption.push({ text, tone: line.tone, x: margin, y });
      y += EXPORT_FRAME.captionLine * scale;
    }
  }
  if (caption.length) y += GAP * scale - (EXPORT_FRAME.captionLine - EXPORT_FRAME.captionSize) * scale;
  const image = { x: Math.round((width - input.imageWidth) / 2), y: Math.round(y) };
  y = image.y + input.imageHeight;
  const legend: PngFrame['legend'] = [];
  if (input.legend.length) {
    y += GAP * scale;
    const row = EXPORT_FRAME.legendRow * scale;
    input.legend.forEach((item, k) => {
      const top = y + k * row;
      legend.push({ item, x: margin, lineY: top + row / 2, textX: margin + EXPORT_FRAME.legendTextX * scale, y: top + (row - legendFont) / 2 });
    });
    y += input.legend.length * row;
  }
  return { width, height: Math.ceil(y + margin), image, captionFont, caption, legendFont, legend, swatch: EXPORT_FRAME.legendSwatch * scale };
}

/** The PNG data URL framed: caption above, legend below, even margins (layoutPngFrame). */
export async function framePng(dataUrl: string, scale: number, caption: readonly CaptionLine[], legend: readonly SvgLegendItem[]): Promise<string> {
  const image = new Image();
  image.src = dataUrl;
  await image.decode();
  const canvas = document.createElement('canvas');
  const ctx = canvas.getContext('2d');
  if (!ctx) return dataUrl;
  const measure = (text: string, px: number): number => {
    ctx.font = `${px}px ${FONT}`;
    return ctx.measureText(text).width;
  };
  const frame = layoutPngFrame({ imageWidth: image.width, imageHeight: image.height, scale, caption, legend, measure });
  canvas.width = frame.width;
  canvas.height = frame.height;
  // Setting the size resets the context's state, the font included.
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  ctx.drawImage(image, frame.image.x, frame.image.y);
  ctx.textBaseline = 'top';
  ctx.font = `${frame.captionFont}px ${FONT}`;
  for (const line of frame.caption) {
    ctx.fillStyle = line.tone === 'warning' ? CAPTION_COLOR : EXPORT_FRAME.textColor;
    ctx.fillText(line.text, line.x, line.y);
  }
  ctx.font = `${frame.legendFont}px ${FONT}`;
  for (const row of frame.legend) {
    // Drawn as the edges are: thick for the risky row, dashed where the map dashes, faded where it fades.
    ctx.strokeStyle = row.item.color;
    ctx.lineWidth = (row.item.thick ? EXPORT_FRAME.legendThickLine : EXPORT_FRAME.legendLine) * scale;
    ctx.setLineDash(row.item.dashed ? EXPORT_FRAME.legendDash.map((d) => d * scale) : []);
    ctx.globalAlpha = row.item.opacity ?? 1;
    ctx.beginPath();
    ctx.moveTo(row.x, row.lineY);
    ctx.lineTo(row.x + frame.swatch, row.lineY);
    ctx.stroke();
    ctx.globalAlpha = 1;
    ctx.fillStyle = EXPORT_FRAME.textColor;
    ctx.fillText(row.item.label, row.textX, row.y);
  }
  return canvas.toDataURL('image/png');
}
