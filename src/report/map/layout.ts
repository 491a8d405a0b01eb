import type { AddressRange } from '../../net/range-set.js';
import { rangeText, type AddressMap, type ElementKind, type MapElement, type Region, type SegmentState } from './model.js';

/**
 * Places the address map on a canvas of a given width: one block per region, drawn to scale, a band per lane, and
 * every element labelled in text — inside its box when the label fits, else by a number that the key under the
 * region spells out. Elements too small to see on their own are aggregated with their neighbours (10,000 networks
 * or a pool of 4,194,304 /30s are a handful of boxes), so the output grows with what is distinct, not with counts.
 */

export type Shape =
  | { type: 'rect'; x: number; y: number; width: number; height: number; className: string }
  | { type: 'text'; x: number; y: number; text: string; className: string; anchor?: 'start' | 'middle' | 'end' }
  | { type: 'group'; className: string; title: string; target: string | null; children: Shape[] };

export interface MapLayout {
  width: number;
  height: number;
  shapes: Shape[];
}

export const FONT = { text: 11, small: 10, title: 13 };
/** Monospace advance: labels are measured before they are drawn, without any font metrics at hand. */
const CHAR = 0.61;
const BAND = 18;
const LANE_LABEL = 13;
const MARGIN = 8;
/** Below this width an element is aggregated with tiny neighbours; above it, it is drawn on its own. */
const MIN_OWN = 6;
const MIN_DRAWN = 3;
/** Tiny elements closer than this merge, so their key numbers never overlap. */
const TINY_GAP = 22;
/** How many names an aggregate's key line lists before "and N more". */
const NAMES_LISTED = 6;

const LANE_ORDER: ElementKind[] = ['pool', 'swarm-pool', 'network', 'compose', 'next', 'input', 'route', 'address', 'nameserver', 'reserved'];

const KIND_NOUN: Record<ElementKind, [string, string]> = {
  pool: ['pool', 'pools'],
  'swarm-pool': ['swarm pool', 'swarm pools'],
  network: ['network', 'networks'],
  compose: ['compose subnet', 'compose subnets'],
  next: ['next subnet', 'next subnets'],
  route: ['route', 'routes'],
  address: ['address', 'addresses'],
  nameserver: ['nameserver', 'nameservers'],
  reserved: ['reserved range', 'reserved ranges'],
  input: ['INPUT source', 'INPUT sources'],
};

export function textWidth(text: string, size: number): number {
  return [...text].length * size * CHAR;
}

/** Splits text into lines of at most `width` pixels, at spaces where possible. */
export function wrap(text: string, width: number, size: number): string[] {
  const max = Math.max(8, Math.floor(width / (size * CHAR)));
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    let rest = word;
    while ([...rest].length > max) {
      if (line) lines.push(line);
      lines.push([...rest].slice(0, max).join(''));
      rest = [...rest].slice(max).join('');
      line = '';
    }
    if (!line) line = rest;
    else if ([...line].length + 1 + [...rest].length <= max) line += ` ${rest}`;
    else {
      lines.push(line);
      line = rest;
    }
  }
  if (line) lines.push(line);
  return lines;
}

export function count(n: number | bigint): string {
  return n.toLocaleString('en-US');
}

function tagged(e: MapElement): string {
  return [e.conflicts.length > 0 ? '✗' : '', e.label, ...e.tags.map((t) => `[${t}]`)].filter(Boolean).join(' ');
}

interface Placed {
  x0: number;
  x1: number;
  elements: MapElement[];
}

export interface LayoutOptions {
  width: number;
  /** Where an element or aggregate links to (the HTML detail rows); null draws no link. */
  target: (elementIds: string[]) => string | null;
}

export function layoutMap(map: AddressMap, options: LayoutOptions): MapLayout {
  const width = options.width;
  const inner = width - 2 * MARGIN;
  const shapes: Shape[] = [];
  let y = MARGIN;
  const line = (text: string, className: string, size: number, gap = 3): void => {
    for (const l of wrap(text, inner, size)) {
      y += size + gap;
      shapes.push({ type: 'text', x: MARGIN, y, text: l, className });
    }
  };
  line(map.heading, 'map-heading', FONT.title);
  y = layoutLegend(shapes, y + 6, inner);
  for (const region of map.regions) y = layoutRegion(map, region, shapes, y + 10, inner, options);
  if (map.notes.length > 0) {
    y += 6;
    for (const note of map.notes) line(note, 'map-note', FONT.small);
  }
  return { width, height: Math.ceil(y + MARGIN), shapes };
}

/** Swatch and words for every style the picture uses; the words carry the meaning, the swatch only repeats it. */
const LEGEND: { className: string; text: string; overlay?: string }[] = [
  { className: 'el el-pool', text: 'pool: free' },
  { className: 'el el-pool', overlay: 'seg seg-used', text: 'used by a network' },
  { className: 'el el-pool', overlay: 'seg seg-docker0', text: 'docker0' },
  { className: 'el el-pool', overlay: 'seg seg-blocked', text: 'blocked (route or nameserver)' },
  { className: 'el el-swarm-pool', text: 'swarm pool (dashed)' },
  { className: 'el el-network', text: 'Docker network' },
  { className: 'el el-compose', text: 'compose subnet (dashed)' },
  { className: 'el el-next', text: 'next subnets (dotted)' },
  { className: 'el el-route', text: 'route / address / nameserver' },
  { className: 'el el-route vpn', text: 'VPN tunnel (dash-dot)' },
  { className: 'el el-reserved', text: 'reserved range (hatched)' },
  { className: 'conflict', text: '✗N conflict (red hatching)' },
  { className: 'el aggregate el-network', text: 'N items merged (thick outline)' },
];

function layoutLegend(shapes: Shape[], top: number, inner: number): number {
  let x = MARGIN;
  let y = top;
  const swatch = 22;
  for (const item of LEGEND) {
    const w = swatch + 6 + textWidth(item.text, FONT.small) + 14;
    if (x + w > MARGIN + inner && x > MARGIN) {
      x = MARGIN;
      y += 18;
    }
    shapes.push({ type: 'rect', x, y, width: swatch, height: 12, className: item.className });
    if (item.overlay) shapes.push({ type: 'rect', x: x + 5, y: y + 2, width: swatch - 10, height: 8, className: item.overlay });
    shapes.push({ type: 'text', x: x + swatch + 5, y: y + 10, text: item.text, className: 'key' });
    x += w;
  }
  return y + 16;
}

function layoutRegion(map: AddressMap, region: Region, shapes: Shape[], top: number, inner: number, options: LayoutOptions): number {
  let y = top;
  const size = region.range.last - region.range.first + 1n;
  const inRegion = map.elements.filter((e) => e.range.family === region.range.family && e.range.last >= region.range.first && e.range.first <= region.range.last);
  const text = (t: string, className: string, fontSize: number): void => {
    for (const l of wrap(t, inner, fontSize)) {
      y += fontSize + 3;
      shapes.push({ type: 'text', x: MARGIN, y, text: l, className });
    }
  };
  text(`${region.title} · ${count(size)} addresses`, 'region-title', FONT.text + 1);
  if (inRegion.length === 0) {
    text('nothing configured, allocated, routed or reserved here', 'map-note', FONT.small);
    return y;
  }
  // Float maths on the offset is exact enough for pixels: a /128 is 2^128 addresses, but only ~1,000 pixels wide.
  const scale = inner / Number(size);
  const xOf = (address: bigint): number => MARGIN + Number(address - region.range.first) * scale;
  const clip = (r: AddressRange): [number, number] => {
    const first = r.first < region.range.first ? region.range.first : r.first;
    const last = r.last > region.range.last ? region.range.last : r.last;
    return [xOf(first), xOf(last + 1n)];
  };
  // Axis: first and last address, and the middle when there is room.
  y += 4;
  shapes.push({ type: 'rect', x: MARGIN, y, width: inner, height: 1, className: 'axis' });
  const ends = rangeText({ ...region.range, last: region.range.first }).replace(/\/\d+$/, '');
  const last = rangeText({ ...region.range, first: region.range.last }).replace(/\/\d+$/, '');
  y += FONT.small + 2;
  shapes.push({ type: 'text', x: MARGIN, y, text: ends, className: 'axis-label' });
  shapes.push({ type: 'text', x: MARGIN + inner, y, text: last, className: 'axis-label', anchor: 'end' });
  const laneTop = y + 2;

  const lanes = [...new Set(inRegion.map((e) => e.lane))].sort((a, b) => laneRank(inRegion, a) - laneRank(inRegion, b) || a.localeCompare(b));
  const keys: string[] = [];
  const body: Shape[] = [];
  // Text goes on top of boxes and conflict bands, so nothing hides a label.
  const labels: Shape[] = [];
  for (const lane of lanes) {
    const elements = inRegion.filter((e) => e.lane === lane).sort((a, b) => (a.range.first < b.range.first ? -1 : a.range.first > b.range.first ? 1 : 0));
    y += LANE_LABEL;
    labels.push({ type: 'text', x: MARGIN, y: y - 2, text: lane, className: 'lane-label' });
    const bandTop = y;
    for (const placed of place(elements, clip)) {
      const w = Math.max(placed.x1 - placed.x0, MIN_DRAWN);
      const single = placed.elements.length === 1 ? placed.elements[0]! : null;
      const children: Shape[] = [];
      const kind = placed.elements[0]!.kind;
      const conflicted = placed.elements.some((e) => e.conflicts.length > 0);
      const cls = `el el-${kind}${conflicted ? ' in-conflict' : ''}${single ? '' : ' aggregate'}${placed.elements.some((e) => e.tags.includes('VPN tunnel')) ? ' vpn' : ''}`;
      children.push({ type: 'rect', x: placed.x0, y: bandTop, width: w, height: BAND, className: cls });
      if (single?.segments) {
        for (const run of segmentRuns(single, clip)) children.push({ type: 'rect', x: run.x0, y: bandTop + 3, width: run.x1 - run.x0, height: BAND - 6, className: `seg seg-${run.state}` });
      }
      const label = single ? tagged(single) : aggregateLabel(placed.elements);
      let title: string;
      // The full label, else the name with its tags, else the name alone: the first that fits.
      const candidates = single ? [label, tagged({ ...single, label: single.short }), `${single.conflicts.length > 0 ? '✗ ' : ''}${single.short}`] : [label];
      const fitting = candidates.find((c) => textWidth(c, FONT.small) + 6 <= w) ?? null;
      if (fitting !== null) {
        labels.push({ type: 'text', x: placed.x0 + 3, y: bandTop + BAND - 5, text: fitting, className: 'el-label' });
        title = single ? [label, ...single.details].join('\n') : aggregateKey(placed.elements);
      } else {
        keys.push(single ? `${tagged(single)} · ${single.details.join(' · ')}` : aggregateKey(placed.elements));
        const number = String(keys.length);
        const inside = textWidth(number, FONT.small) + 4 <= w;
        labels.push({ type: 'text', x: inside ? placed.x0 + 2 : placed.x0 + w + 2, y: bandTop + BAND - 5, text: number, className: inside ? 'el-label' : 'el-label key-number' });
        title = `${number}: ${keys[keys.length - 1]}`;
      }
      body.push({ type: 'group', className: 'el-group', title, target: options.target(placed.elements.map((e) => e.id)), children });
    }
    y = bandTop + BAND;
  }
  // Conflicts are drawn over every lane of the region, with their number: hatching, outline and text, not colour alone.
  const bottom = y;
  const conflicts = map.conflicts.filter((c) => c.range.family === region.range.family && c.range.last >= region.range.first && c.range.first <= region.range.last);
  const marks: Shape[] = [];
  for (const c of conflicts) {
    const [x0, x1] = clip(c.range);
    const w = Math.max(x1 - x0, 4);
    const x = Math.min(x0, MARGIN + inner - w);
    marks.push({
      type: 'group',
      className: 'conflict-group',
      title: `✗ ${c.id}: ${c.text}`,
      target: options.target([c.id]),
      children: [
        { type: 'rect', x, y: laneTop, width: w, height: bottom - laneTop, className: 'conflict' },
      ],
    });
    labels.push({ type: 'text', x: x + w / 2, y: laneTop - 1, text: `✗${c.id.slice(1)}`, className: 'conflict-label', anchor: 'middle' });
  }
  // Conflict bands behind the boxes: they show in the gaps between lanes, and the boxes keep their red outline.
  shapes.push(...marks, ...body, ...labels);
  y += 4;
  keys.forEach((k, i) => text(`${i + 1}  ${k}`, 'key', FONT.small));
  for (const c of conflicts) text(`✗${c.id.slice(1)}  ${c.text}`, 'conflict-text', FONT.small);
  return y;
}

function laneRank(elements: MapElement[], lane: string): number {
  const kind = elements.find((e) => e.lane === lane)!.kind;
  // The main routing table first: it is the one dockerd looks at.
  return LANE_ORDER.indexOf(kind) * 2 + (kind === 'route' && !lane.endsWith(' main') ? 1 : 0);
}

/** Elements wide enough stand alone; tiny ones merge with tiny neighbours into one aggregate. */
function place(elements: MapElement[], clip: (r: AddressRange) => [number, number]): Placed[] {
  const out: Placed[] = [];
  let tiny: Placed | null = null;
  for (const e of elements) {
    const [x0, x1] = clip(e.range);
    if (x1 - x0 >= MIN_OWN) {
      out.push({ x0, x1, elements: [e] });
      continue;
    }
    if (tiny && x0 <= Math.max(tiny.x1, tiny.x0 + MIN_DRAWN) + TINY_GAP) {
      tiny.elements.push(e);
      tiny.x1 = Math.max(tiny.x1, x1);
    } else {
      tiny = { x0, x1, elements: [e] };
      out.push(tiny);
    }
  }
  return out;
}

function aggregateLabel(elements: MapElement[]): string {
  const [one, many] = KIND_NOUN[elements[0]!.kind];
  const conflicted = elements.filter((e) => e.conflicts.length > 0).length;
  return `${conflicted > 0 ? '✗ ' : ''}${count(elements.length)} ${elements.length === 1 ? one : many}`;
}

function aggregateKey(elements: MapElement[]): string {
  const span = { family: elements[0]!.range.family, first: elements.reduce((m, e) => (e.range.first < m ? e.range.first : m), elements[0]!.range.first), last: elements.reduce((m, e) => (e.range.last > m ? e.range.last : m), elements[0]!.range.last) };
  // Conflicting elements are always named, whatever their position in the run.
  const named = [...elements.filter((e) => e.conflicts.length > 0), ...elements.filter((e) => e.conflicts.length === 0)].slice(0, NAMES_LISTED);
  const more = elements.length - named.length;
  return `${aggregateLabel(elements)} in ${rangeText(span)}: ${named.map(tagged).join(', ')}${more > 0 ? ` and ${count(more)} more` : ''}`;
}

/** A pool's used / blocked / docker0 parts merged per pixel, drawn over its free background (at least 1.5 px each). */
function segmentRuns(element: MapElement, clip: (r: AddressRange) => [number, number]): { state: SegmentState; x0: number; x1: number }[] {
  const runs: { state: SegmentState; x0: number; x1: number }[] = [];
  for (const state of ['blocked', 'used', 'docker0'] as const) {
    let current: { state: SegmentState; x0: number; x1: number } | null = null;
    for (const segment of element.segments!) {
      if (segment.state !== state) continue;
      const [x0, raw1] = clip(segment.range);
      const x1 = Math.max(raw1, x0 + 1.5);
      if (current && x0 <= current.x1 + 1) current.x1 = Math.max(current.x1, x1);
      else {
        current = { state, x0, x1 };
        runs.push(current);
      }
    }
  }
  return runs;
}
