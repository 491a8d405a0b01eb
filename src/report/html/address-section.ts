import { escapeMarkup } from '../markup.js';
import { count, layoutMap } from '../map/layout.js';
import { rangeText, type AddressMap, type MapElement } from '../map/model.js';
import { renderMapSvg } from '../map/svg.js';

/** How many elements of one kind the detail table lists before it summarises the rest (10,000 networks stay a click away in JSON). */
const LISTED_PER_KIND = 300;

/** Where a picture element links to: its detail row, or the first conflict's entry. */
function target(ids: string[]): string {
  return `#d-${ids[0]}`;
}

/**
 * The address-space picture for an HTML page: a wide and a narrow drawing (CSS shows one; print the wide), the
 * conflicts as a numbered list, and a table with a row per element that the picture's links and hover titles lead to.
 */
export function renderAddressSection(map: AddressMap): string {
  const wide = renderMapSvg(layoutMap(map, { width: 1240, target }), { standalone: false, className: 'wide', label: map.heading });
  const narrow = renderMapSvg(layoutMap(map, { width: 370, target }), { standalone: false, className: 'narrow', label: map.heading });
  const conflicts =
    map.conflicts.length === 0
      ? '<p>No conflicts: nothing Docker uses or will use overlaps the host’s routes, addresses, nameservers or reserved ranges.</p>'
      : `<ol class="conflicts">${map.conflicts.map((c) => `<li id="d-${c.id}">✗${c.id.slice(1)} ${escapeMarkup(c.text)} <span class="where">(${escapeMarkup(rangeText(c.range))})</span></li>`).join('')}</ol>`;
  return `<div class="map" id="address-map">${wide}${narrow}</div>
<h3>Conflicts (${map.conflicts.length})</h3>
${conflicts}
${map.notes.length > 0 ? `<ul>${map.notes.map((n) => `<li>${escapeMarkup(n)}</li>`).join('')}</ul>` : ''}
<h3>Everything in the picture</h3>
${detailTable(map)}`;
}

function detailTable(map: AddressMap): string {
  const rows: string[] = [];
  const listed = new Map<string, number>();
  const left = new Map<string, number>();
  for (const e of map.elements) {
    const shown = listed.get(e.kind) ?? 0;
    // Conflicting elements are always listed: the picture links to them.
    if (shown >= LISTED_PER_KIND && e.conflicts.length === 0) {
      left.set(e.kind, (left.get(e.kind) ?? 0) + 1);
      continue;
    }
    listed.set(e.kind, shown + 1);
    rows.push(row(e));
  }
  const more = [...left].map(([kind, n]) => `<p>${count(n)} more ${escapeMarkup(kind)} elements are drawn in the picture (aggregated) but not listed here; <code>dockdoc pools --format json</code> lists every one.</p>`);
  return `<div class="table-scroll"><table><thead><tr><th>what</th><th>range</th><th>details</th><th>conflicts</th></tr></thead><tbody>${rows.join('')}</tbody></table></div>${more.join('')}`;
}

function row(e: MapElement): string {
  const tags = e.tags.map((t) => ` [${escapeMarkup(t)}]`).join('');
  const conflicts = e.conflicts.map((c) => `<a href="#d-${c}">✗${c.slice(1)}</a>`).join(' ');
  return `<tr id="d-${e.id}"><td>${escapeMarkup(e.lane)}: ${escapeMarkup(e.label)}${tags}</td><td><code>${escapeMarkup(rangeText(e.range))}</code></td><td>${e.details.map(escapeMarkup).join('<br>')}</td><td>${conflicts}</td></tr>`;
}
