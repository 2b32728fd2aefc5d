// The vector export: shapes per node kind, boxes beneath edges beneath leaves, arrows per colour,
// labels as searchable text, XML escaping of names a user controls (Name tags), and a viewBox that
// holds everything drawn.
import { describe, expect, it } from 'vitest';
import { CAPTION_COLOR, EDGE_LEGEND } from '../../src/renderer/graph-style';
import { buildSvg, escapeXml, labelWidth, svgDataUrl, type SvgEdge, type SvgNode, type SvgScene } from '../../src/renderer/svg-export';

const node = (over: Partial<SvgNode>): SvgNode => ({
  id: 'n', x: 0, y: 0, w: 40, h: 30, shape: 'round-rectangle', fill: '#3d74c5', fillOpacity: 1, stroke: '#223', strokeWidth: 1,
  label: 'web-1', labelColor: '#111', fontSize: 10, labelValign: 'bottom', parent: false, depth: 1, opacity: 1, ...over,
});
const edge = (over: Partial<SvgEdge>): SvgEdge => ({
  id: 'e', sx: 0, sy: 0, tx: 100, ty: 0, mx: 50, my: 0, color: '#d9534f', width: 2, dashed: false, arrow: true,
  label: 'tcp 22', labelColor: '#333', fontSize: 9, opacity: 1, ...over,
});
const scene = (nodes: SvgNode[], edges: SvgEdge[] = []): SvgScene => ({ nodes, edges, background: '#ffffff', title: 'map' });

describe('buildSvg', () => {
  it('draws each node kind with its own shape', () => {
    const svg = buildSvg(scene([
      node({ id: 'a', shape: 'ellipse' }),
      node({ id: 'b', shape: 'hexagon', x: 100 }),
      node({ id: 'c', shape: 'round-rectangle', x: 200 }),
      node({ id: 'd', shape: 'barrel', x: 300, h: 80 }),
    ]));
    expect(svg).toMatch(/<ellipse cx="0" cy="0" rx="20" ry="15"/);
    // A hexagon's six corners, the first at the left middle.
    expect(svg).toMatch(/<polygon points="80,0 90,-15 110,-15 120,0 110,15 90,15"/);
    expect(svg).toMatch(/<rect x="180" y="-15" width="40" height="30" rx="7.5"/);
    expect(svg).toMatch(/<rect x="280" y="-40" width="40" height="80" rx="10"/);
  });

  it('draws boxes first (outer before inner), then edges, then endpoints and labels', () => {
    const svg = buildSvg(scene(
      [node({ id: 'leaf', label: 'leaf' }), node({ id: 'subnet', parent: true, depth: 1, label: 'subnet-a', w: 200, h: 200 }), node({ id: 'vpc', parent: true, depth: 0, label: 'vpc-1', w: 400, h: 400 })],
      [edge({})],
    ));
    const order = ['vpc-1', 'subnet-a', 'class="edges"><path', '<title>leaf</title>'].map((s) => svg.indexOf(s));
    expect(order.every((at) => at >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
  });

  it('gives each edge colour one arrow marker and draws dashed and curved edges', () => {
    const svg = buildSvg(scene([], [edge({ id: 'a' }), edge({ id: 'b', sy: 10, ty: 10, my: 10 }), edge({ id: 'c', color: '#888', dashed: true, mx: 50, my: 20 })]));
    expect(svg.match(/<marker /g)).toHaveLength(2);
    expect(svg).toContain('marker-end="url(#arrow0)"');
    expect(svg).toContain('marker-end="url(#arrow1)"');
    expect(svg).toContain('stroke-dasharray');
    // Straight: the control point is the midpoint itself; curved: pulled twice as far.
    expect(svg).toContain('M0,0 Q50,0 100,0');
    expect(svg).toContain('M0,0 Q50,40 100,0');
    expect(svg).toContain('>tcp 22</text>');
  });

  it('draws edge labels along their edge, upright, over a halo, as the map does', () => {
    const svg = buildSvg(scene([], [
      edge({ id: 'level', label: 'tcp 80' }),
      edge({ id: 'down', sx: 0, sy: 0, tx: 100, ty: 100, mx: 50, my: 50, label: 'tcp 443' }),
      // Right to left: turned half a turn so it still reads left to right.
      edge({ id: 'back', sx: 100, sy: 0, tx: 0, ty: 100, mx: 50, my: 50, label: 'udp 53' }),
    ]));
    const labelOf = (t: string) => new RegExp(`<text[^>]*>${t}</text>`).exec(svg)?.[0] ?? '';
    expect(labelOf('tcp 80')).not.toContain('rotate(');
    expect(labelOf('tcp 443')).toContain('transform="rotate(45 50 50)"');
    expect(labelOf('udp 53')).toContain('transform="rotate(-45 50 50)"');
    for (const t of ['tcp 80', 'tcp 443', 'udp 53']) expect(labelOf(t)).toContain('paint-order="stroke"');
  });

  it('prints a legend below the map when given, each row a line drawn as its edges are, with room made for it', () => {
    const plain = buildSvg(scene([node({ y: 0 })]));
    const withLegend = buildSvg({ ...scene([node({ y: 0 })]), legend: [
      { color: '#d9534f', label: 'Admin/DB port from the Internet', thick: true },
      { color: '#888888', label: 'Depends on <unknowns>', dashed: true },
    ] });
    const box = (svg: string) => /viewBox="([^"]+)"/.exec(svg)![1]!.split(' ').map(Number) as [number, number, number, number];
    expect(plain).not.toContain('class="legend"');
    expect(withLegend).toContain('<g class="legend"><line');
    expect(withLegend).toContain('stroke="#d9534f" stroke-width="4"/>');
    expect(withLegend).toContain('stroke="#888888" stroke-width="2" stroke-dasharray="6 4"/>');
    expect(withLegend).toContain('>Depends on &lt;unknowns&gt;</text>');
    // Same top, taller: the rows sit below everything drawn.
    expect(box(withLegend)[1]).toBe(box(plain)[1]);
    expect(box(withLegend)[3]).toBeGreaterThan(box(plain)[3] + 2 * 16 - 1);
    // Wide enough for its longest label, though the map is one small node.
    expect(box(withLegend)[2]).toBeGreaterThan(box(plain)[2]);
  });

  it('escapes names a user controls', () => {
    const svg = buildSvg(scene([node({ label: '<script>alert("x")</script> & co' })]));
    expect(svg).not.toContain('<script>');
    expect(svg).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; co');
    expect(escapeXml(`a'b`)).toBe('a&apos;b');
  });

  it('sizes the viewBox to hold every node and edge, with padding', () => {
    const svg = buildSvg(scene([node({ x: -100, y: -50, label: '' }), node({ x: 300, y: 200, label: '' })], [edge({ sx: 0, sy: 0, tx: 500, ty: 0, mx: 250, my: 0 })]));
    const [x, y, w, h] = /viewBox="([^"]+)"/.exec(svg)![1]!.split(' ').map(Number) as [number, number, number, number];
    expect(x).toBeLessThanOrEqual(-120);
    expect(y).toBeLessThanOrEqual(-65);
    expect(x + w).toBeGreaterThanOrEqual(500);
    expect(y + h).toBeGreaterThanOrEqual(215);
  });

  it('prints a caption above the map, escaped, with room made for it', () => {
    const plain = buildSvg(scene([node({ y: 0 })]));
    const captioned = buildSvg({ ...scene([node({ y: 0 })]), caption: [{ text: '10,000 of 171,783 edges <drawn>', tone: 'warning' }] });
    const top = (svg: string) => Number(/viewBox="([^"]+)"/.exec(svg)![1]!.split(' ')[1]);
    expect(plain).not.toContain('class="caption"');
    expect(captioned).toContain('<g class="caption"><text');
    expect(captioned).toContain('10,000 of 171,783 edges &lt;drawn&gt;');
    expect(top(captioned)).toBe(top(plain) - 26);
  });

  it('prints each caption line on its own line, the note in text grey and the warning in the caption colour, with room for both', () => {
    const one = buildSvg({ ...scene([node({ y: 0 })]), caption: [{ text: 'Inputs: prod.tfstate · exported 2026-11-21', tone: 'note' }] });
    const two = buildSvg({ ...scene([node({ y: 0 })]), caption: [
      { text: 'Inputs: prod.tfstate · exported 2026-11-21', tone: 'note' },
      { text: '1 of 3 matching edges drawn', tone: 'warning' },
    ] });
    const lines = [...two.matchAll(/<text x="([-\d.]+)" y="([-\d.]+)" font-size="13" fill="([^"]+)"[^>]*>([^<]*)<\/text>/g)].map((m) => ({ x: Number(m[1]), y: Number(m[2]), fill: m[3], text: m[4] }));
    expect(lines.map((l) => [l.text, l.fill])).toEqual([['Inputs: prod.tfstate · exported 2026-11-21', '#333333'], ['1 of 3 matching edges drawn', CAPTION_COLOR]]);
    expect(lines[0]!.x).toBe(lines[1]!.x);
    expect(lines[1]!.y - lines[0]!.y).toBeGreaterThanOrEqual(13);
    const top = (svg: string) => Number(/viewBox="([^"]+)"/.exec(svg)![1]!.split(' ')[1]);
    expect(top(two)).toBe(top(one) - 18);
    // The second line still ends above the map's first pixel (the node's top, at -15).
    expect(lines[1]!.y).toBeLessThan(-15);
  });

  it('widens for a long caption and keeps the map in the middle, so its margins stay even', () => {
    const caption = [{ text: `Inputs: ${'very-long-input-name.tfstate, '.repeat(3)}+ 9 more · exported 2026-11-21`, tone: 'note' as const }];
    const svg = buildSvg({ ...scene([node({ x: 0, w: 40, label: '' })]), caption, legend: EDGE_LEGEND });
    const [x, , w] = /viewBox="([^"]+)"/.exec(svg)![1]!.split(' ').map(Number) as [number, number, number, number];
    expect(w).toBeGreaterThan(caption[0]!.text.length * 13 * 0.5);
    // The node spans -20 to 20: as much room on its left as on its right.
    expect(Math.abs(-20 - x - (x + w - 20))).toBeLessThan(0.2);
  });

  it('prints every row of the app\'s edge legend', () => {
    const svg = buildSvg({ ...scene([node({})]), legend: EDGE_LEGEND });
    expect(svg.match(/<g class="legend">(.*)<\/g>/)![1]!.match(/<line /g)).toHaveLength(EDGE_LEGEND.length);
    for (const row of EDGE_LEGEND) expect(svg).toContain(`>${escapeXml(row.label)}</text>`);
  });

  it('draws a faded legend row faded, as the map draws latent exposures, and the others whole', () => {
    const svg = buildSvg({ ...scene([node({})]), legend: [{ color: '#d42f2f', label: 'latent', dashed: true, opacity: 0.5 }, { color: '#d42f2f', label: 'live', thick: true }] });
    const lines = svg.match(/<g class="legend">(.*)<\/g>/)![1]!.match(/<line [^>]*\/>/g)!;
    expect(lines[0]).toContain('stroke-dasharray="6 4" opacity="0.5"');
    expect(lines[1]).not.toContain('opacity');
  });

  it('an empty map is still a valid document', () => {
    const svg = buildSvg(scene([]));
    expect(svg).toMatch(/^<\?xml[^>]*>\n<svg [^>]*viewBox="0 0 100 100"/);
    expect(svg.trim().endsWith('</svg>')).toBe(true);
  });

  it('wraps as a UTF-8 data URL the export call accepts, any character kept', () => {
    const url = svgDataUrl('<svg>×</svg>');
    expect(url.startsWith('data:image/svg+xml;charset=utf-8,')).toBe(true);
    expect(decodeURIComponent(url.slice(url.indexOf(',') + 1))).toBe('<svg>×</svg>');
  });
});

describe('labels holding characters XML 1.0 forbids', () => {
  // Names come from inputs (Name tags, Terraform keys, JSON files) and may hold control characters
  // or a lone UTF-16 surrogate (`"\ud800"` is valid JSON): the document must still parse and export.
  it('replaces control characters and lone surrogates, keeps tabs, pairs and other text', () => {
    const svg = buildSvg(scene([node({ label: 'a\u0001b\u000bc\ud800d\udc00e\ufffff\tg😀h' })], [edge({ label: 'tcp\u001b 22' })]));
    // eslint-disable-next-line no-control-regex
    expect(svg).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/);
    expect(svg).toContain('a\ufffdb\ufffdc\ufffdd\ufffde\ufffdf\tg😀h');
    expect(svg).toContain('tcp\ufffd 22');
    expect(() => svgDataUrl(svg)).not.toThrow();
    expect(escapeXml('\ud83d\ude00 & \ud83d')).toBe('😀 &amp; \ufffd');
  });
});

describe('the viewBox and box labels', () => {
  it('holds a box label longer than its box: drawn from the box\'s left edge, it runs to the right', () => {
    const label = 'subnet-0a1b2c3d4e5f67890 · private-eu-west-1a';
    const svg = buildSvg(scene([node({ id: 'subnet', parent: true, depth: 1, x: 0, y: 0, w: 40, h: 40, label, labelValign: 'top', fontSize: 10 })]));
    expect(svg).toContain('text-anchor="start"');
    const [x, , w] = /viewBox="([^"]+)"/.exec(svg)![1]!.split(' ').map(Number) as [number, number, number, number];
    // The text starts at x = -20 and is about label.length * fontSize / 2 wide.
    expect(x + w).toBeGreaterThanOrEqual(-20 + (label.length * 10) / 2);
  });
});

describe('line styles the map gives meaning to', () => {
  it('draws dotted edges (egress rules) dotted and dashed borders (subnets, external groups) dashed', () => {
    const svg = buildSvg(scene(
      [node({ id: 'ext', shape: 'ellipse', borderStyle: 'dashed' }), node({ id: 'plain', x: 100 })],
      [edge({ id: 'egress', dotted: true }), edge({ id: 'solid', sy: 50, ty: 50, my: 50 })],
    ));
    expect(svg).toMatch(/<path d="M0,0 [^"]*"[^>]* stroke-dasharray="[^"]+"[^>]*stroke-linecap="round"/);
    expect(svg).toMatch(/<path d="M0,50 [^"]*" fill="none" stroke="#d9534f" stroke-width="2" marker-end/);
    expect(svg).toMatch(/<ellipse [^>]*stroke-dasharray="[^"]+"/);
    expect(svg).toMatch(/<rect x="80" [^>]*\/>/);
    expect(svg).not.toMatch(/<rect x="80" [^>]*stroke-dasharray/);
  });
});

describe('long node labels', () => {
  // Helvetica widths in thousandths of the font size: the address's pieces are module. 3557,
  // network. 3779, aws_ 2334, security_ 4001, group. 2835, internal_ 3835 and services 3667, so at
  // font size 10 a 140-wide line holds 14000.
  const address = 'module.network.aws_security_group.internal_services';
  const box = (svg: string) => /viewBox="([^"]+)"/.exec(svg)![1]!.split(' ').map(Number) as [number, number, number, number];
  const tspans = (svg: string) => [...svg.matchAll(/<tspan x="([-\d.]+)" dy="([-\d.]+)">([^<]*)<\/tspan>/g)].map((m) => ({ x: Number(m[1]), dy: Number(m[2]), text: m[3] ?? '' }));

  it('measures a line by Helvetica\'s widths', () => {
    expect(labelWidth('module.', 10)).toBeCloseTo(35.57, 5);
    // A typical endpoint label: 11507 thousandths, so 126.6 at the map's 11, inside its 140.
    expect(labelWidth('EC2 instance · 10.40.1.10', 11)).toBeCloseTo(126.577, 5);
  });

  it('wraps a long address after its separators, each line within the map\'s width, the lines stacked below the node', () => {
    const svg = buildSvg(scene([node({ label: address, labelMaxWidth: 140 })]));
    // 3557 + 3779 + 2334 + 4001 = 13671 fits; adding group. (16506) does not.
    const lines = tspans(svg);
    expect(lines.map((l) => l.text)).toEqual(['module.network.aws_security_', 'group.internal_services']);
    for (const l of lines) expect(labelWidth(l.text, 10)).toBeLessThanOrEqual(140);
    expect(lines.map((l) => [l.x, l.dy])).toEqual([[0, 0], [0, 12]]);
    // The first baseline sits a font size under the node's bottom (15), as a one-line label does.
    expect(svg).toMatch(/<text x="0" y="25" font-size="10"[^>]*text-anchor="middle"><tspan/);
  });

  it('keeps a typical endpoint label on one line, as the map does', () => {
    const svg = buildSvg(scene([node({ label: 'shop-front\nEC2 instance · 10.40.1.10', fontSize: 11, labelMaxWidth: 140 })]));
    expect(tspans(svg).map((l) => l.text)).toEqual(['shop-front', 'EC2 instance · 10.40.1.10']);
  });

  it('makes the drawing as wide as the widest line, not the whole label', () => {
    // Before wrapping, the whole label was reckoned half a font size a character: 255 wide, 303 with
    // the padding; one unwrapped line is 240.08 wide in Helvetica, 288.08 with it.
    expect(box(buildSvg(scene([node({ label: address })])))[2]).toBeCloseTo(288.1, 1);
    const wrapped = buildSvg(scene([node({ label: address, labelMaxWidth: 140 })]));
    // Its widest line, 136.71, centred on the node at 0, plus 24 padding each side.
    expect(box(wrapped)[0]).toBeCloseTo(-92.4, 1);
    expect(box(wrapped)[2]).toBeCloseTo(184.7, 1);
    // Taller instead: from the node's top (-15) to the last line's descent, 25 + 12 + 5 = 42.
    expect(box(wrapped)[1]).toBe(-39);
    expect(box(wrapped)[3]).toBe(42 + 15 + 48);
  });

  it('stacks a box label upwards from the box\'s top, so its last line sits where a one-line label does', () => {
    const svg = buildSvg(scene([node({ id: 'vpc', parent: true, depth: 0, x: 0, y: 0, w: 100, h: 100, label: address, labelValign: 'top', labelMaxWidth: 140 })]));
    expect(tspans(svg).map((l) => [l.x, l.text])).toEqual([[-50, 'module.network.aws_security_'], [-50, 'group.internal_services']]);
    // The first baseline a line (12) above the one-line baseline at -50 - 4.
    expect(svg).toMatch(/<text x="-50" y="-66" [^>]*text-anchor="start"><tspan/);
    // Room above for the first line's ascent: -66 - 10, less the padding.
    expect(box(svg)[1]).toBe(-76 - 24);
  });

  it('centres the lines of a label drawn inside its node', () => {
    const svg = buildSvg(scene([node({ label: address, labelMaxWidth: 140, labelValign: 'center' })]));
    // Two lines 12 apart around where a one-line label's baseline is (10 / 3 below the centre).
    expect(svg).toMatch(/<text x="0" y="-2.7" [^>]*><tspan/);
  });

  it('keeps a short label one line, and still breaks at an explicit newline', () => {
    const short = buildSvg(scene([node({ label: 'web-1', labelMaxWidth: 140 })]));
    expect(short).toContain('text-anchor="middle">web-1</text>');
    expect(short).not.toContain('<tspan');
    const two = buildSvg(scene([node({ label: 'web-1\nEC2 instance', labelMaxWidth: 140 })]));
    expect(tspans(two).map((l) => l.text)).toEqual(['web-1', 'EC2 instance']);
  });

  it('escapes each wrapped line and leaves no zero-width space in the document', () => {
    const svg = buildSvg(scene([node({ label: 'module.app["<web>&api"].aws_instance.this', labelMaxWidth: 100 })]));
    // module. 3557, app["<web>&api"]. 8215 (11772 together, past 10000), aws_ 2334, instance. 4002, this 1556.
    expect(tspans(svg).map((l) => l.text)).toEqual(['module.', 'app[&quot;&lt;web&gt;&amp;api&quot;].', 'aws_instance.this']);
    expect(svg).not.toContain('<web>');
    expect(svg).not.toContain('\u200b');
    // The node's tooltip keeps the whole name, for a search that spans the lines.
    expect(svg).toContain('<title>module.app[&quot;&lt;web&gt;&amp;api&quot;].aws_instance.this</title>');
  });
});
