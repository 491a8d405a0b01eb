import { escapeMarkup } from '../markup.js';
import { layoutMap, type MapLayout, type Shape } from './layout.js';
import type { AddressMap } from './model.js';
import { MAP_DEFS, MAP_STYLE } from './style.js';

const num = (n: number): string => String(Math.round(n * 10) / 10);

function shapeMarkup(shape: Shape): string {
  switch (shape.type) {
    case 'rect':
      return `<rect x="${num(shape.x)}" y="${num(shape.y)}" width="${num(shape.width)}" height="${num(shape.height)}" class="${shape.className}"/>`;
    case 'text':
      return `<text x="${num(shape.x)}" y="${num(shape.y)}" class="${shape.className}"${shape.anchor && shape.anchor !== 'start' ? ` text-anchor="${shape.anchor}"` : ''}>${escapeMarkup(shape.text)}</text>`;
    case 'group': {
      const inner = `<title>${escapeMarkup(shape.title)}</title>${shape.children.map(shapeMarkup).join('')}`;
      // A link makes the element reachable by keyboard and takes it to its row in the detail table.
      return shape.target ? `<a href="${escapeMarkup(shape.target)}" class="${shape.className}">${inner}</a>` : `<g class="${shape.className}">${inner}</g>`;
    }
  }
}

export interface SvgOptions {
  /** A standalone file carries its own style and patterns; inline copies share the page's. */
  standalone: boolean;
  className?: string;
  /** Accessible name of the picture. */
  label: string;
}

export function renderMapSvg(layout: MapLayout, options: SvgOptions): string {
  const head = options.standalone ? `<?xml version="1.0" encoding="UTF-8"?>\n` : '';
  const ns = options.standalone ? ' xmlns="http://www.w3.org/2000/svg"' : '';
  const style = options.standalone ? `<style>${MAP_STYLE}</style>${MAP_DEFS}` : '';
  return (
    `${head}<svg${ns} class="address-map${options.className ? ` ${options.className}` : ''}" viewBox="0 0 ${layout.width} ${layout.height}" width="${layout.width}" height="${layout.height}" role="img" aria-label="${escapeMarkup(options.label)}">` +
    `<title>${escapeMarkup(options.label)}</title>${style}<rect class="map-bg" width="${layout.width}" height="${layout.height}"/>` +
    `${layout.shapes.map(shapeMarkup).join('')}</svg>\n`
  );
}

/** `dockdoc pools --format svg`: the picture on its own, 1200 px wide, hover titles on every element. */
export function renderStandaloneMapSvg(map: AddressMap): string {
  return renderMapSvg(layoutMap(map, { width: 1200, target: () => null }), { standalone: true, label: map.heading });
}
