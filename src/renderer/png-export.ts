/**
 * Puts a caption band above an exported PNG of the map, as the SVG export does: past the drawing
 * limit a picture that only shows the most important edges must say so wherever it ends up (a
 * review document, a ticket). Cytoscape renders the map itself; this draws its image under a
 * wrapped line or two of text on a canvas. Line wrapping is a pure function so it is unit-tested
 * without a browser.
 */
import { CAPTION_COLOR } from './graph-style';

const FONT_PX = 14;
const PADDING_PX = 10;

/**
 * Splits text into lines no wider than `maxWidth` as `measure` sees them, breaking at spaces. A
 * single word wider than the line gets a line of its own rather than being cut.
 */
export function wrapCaption(text: string, maxWidth: number, measure: (s: string) => number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const next = line ? `${line} ${word}` : word;
    if (line && measure(next) > maxWidth) {
      lines.push(line);
      line = word;
    } else line = next;
  }
  if (line) lines.push(line);
  return lines;
}

/**
 * The PNG data URL with `caption` in a band above the image. `scale` is the pixel ratio the map
 * was rendered at, so the text keeps its size next to the map's labels.
 */
export async function captionPng(dataUrl: string, caption: string, scale: number): Promise<string> {
  const image = new Image();
  image.src = dataUrl;
  await image.decode();
  const canvas = document.createElement('canvas');
  const ctx = canvas.getContext('2d');
  if (!ctx) return dataUrl;
  const font = `${FONT_PX * scale}px Helvetica, Arial, sans-serif`;
  const pad = PADDING_PX * scale;
  // A narrow map still gets a readable caption: the band is at least 480 CSS pixels wide.
  const width = Math.max(image.width, 480 * scale);
  ctx.font = font;
  const lines = wrapCaption(caption, width - 2 * pad, (s) => ctx.measureText(s).width);
  const lineHeight = FONT_PX * scale * 1.4;
  const band = Math.ceil(lines.length * lineHeight + 2 * pad);
  canvas.width = width;
  canvas.height = image.height + band;
  // Setting the size resets the context's state, the font included.
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  ctx.font = font;
  ctx.fillStyle = CAPTION_COLOR;
  ctx.textBaseline = 'top';
  lines.forEach((l, i) => ctx.fillText(l, pad, pad + i * lineHeight));
  ctx.drawImage(image, 0, band);
  return canvas.toDataURL('image/png');
}
