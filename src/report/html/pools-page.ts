import { formatPrefix } from '../../net/prefix.js';
import type { PoolsReport } from '../../pools/render.js';
import type { AddressMap } from '../map/model.js';
import { count } from '../map/layout.js';
import { escapeMarkup } from '../markup.js';
import { renderAddressSection } from './address-section.js';
import { renderPage } from './page.js';

/** `dockdoc pools --format html`: capacity per pool, the next subnets and the address-space picture, in one file. */
export function renderPoolsHtml(report: PoolsReport, map: AddressMap, generatedBy: string): string {
  const { view, next } = report;
  const pools = view.local
    .map(
      (u) =>
        `<tr><td><code>${escapeMarkup(formatPrefix(u.pool.base))}</code></td><td>/${u.pool.size}</td><td>${count(u.total)}</td><td>${count(u.used)}</td><td>${count(u.blocked)}</td><td>${count(u.free)}</td></tr>`,
    )
    .join('');
  const nextItems = next.subnets.map((s) => `<li><code>${escapeMarkup(formatPrefix(s))}</code></li>`).join('');
  const body = `<h1>Docker address pools</h1>
<p class="meta">${escapeMarkup(map.heading)}</p>
<p class="meta">${escapeMarkup(generatedBy)}</p>
${view.refusal ? `<p class="sev-error">✗ dockerd refuses to start with this configuration: ${escapeMarkup(view.refusal.dockerdError ?? '')}</p>` : ''}
<h2>Address space</h2>
${renderAddressSection(map)}
<h2>Local pools (${view.configured ? 'default-address-pools' : 'built-in defaults'}), in the order dockerd walks them</h2>
<div class="table-scroll"><table><thead><tr><th>pool</th><th>size</th><th>subnets</th><th>used</th><th>blocked</th><th>free</th></tr></thead><tbody>${pools}</tbody></table></div>
<p>docker0: <code>${view.docker0 ? escapeMarkup(formatPrefix(view.docker0)) : 'none'}</code> · free IPv4 subnets in the local pools: ${count(view.freeIPv4)}</p>
<h2>Next ${next.subnets.length} <code>docker network create</code></h2>
<ol>${nextItems}</ol>
${next.error ? `<p class="sev-error">then: ${escapeMarkup(next.error)}</p>` : ''}`;
  return renderPage({ title: `dockdoc pools: ${map.heading}`, body });
}
