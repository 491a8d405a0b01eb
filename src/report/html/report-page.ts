import type { Report } from '../../engine/run.js';
import { AREAS, type Finding, type RuleMeta, type Severity } from '../../engine/types.js';
import { dockerFirewall } from '../../iptables/docker/analysis.js';
import { poolsView, predictNext } from '../../pools/model.js';
import type { Snapshot } from '../../snapshot/schema.js';
import { AREA_TITLES, areaOfFinding, areaOfSkipped, areaStatus, plural } from '../area.js';
import { buildAddressMap, type AddressMap } from '../map/model.js';
import { escapeMarkup } from '../markup.js';
import { renderAddressSection } from './address-section.js';
import { firewallRows, renderFirewallTable, type FirewallRow } from './firewall-table.js';
import { renderPage } from './page.js';

export interface HtmlReportOptions {
  /** "dockdoc 0.1.0: snapshot host.json (web-1, Docker 28.5.2, taken …)". */
  heading: string;
  /** When this file was made (the snapshot's own time is in the heading). */
  generatedAt: Date;
  rules: readonly RuleMeta[];
  /** The address-space picture, or null when the snapshot could not be read. */
  map: AddressMap | null;
  firewall: FirewallRow[];
}

/** How many upcoming subnets the report's picture highlights. */
const NEXT_IN_REPORT = 5;

/** The picture and the firewall table of a report, from the same models the rules used. */
export function reportExtras(snapshot: Snapshot, engineVersion: string, reserved: readonly { cidr: string; name: string }[], findings: readonly Finding[]): Pick<HtmlReportOptions, 'map' | 'firewall'> {
  const view = poolsView(snapshot, engineVersion, reserved);
  const map = buildAddressMap({ snapshot, view, next: predictNext(view, NEXT_IN_REPORT, false), reserved });
  const analysis = dockerFirewall(snapshot, engineVersion);
  const hasFirewallFindings = findings.some((f) => /^DD4/.test(f.ruleId));
  return { map, firewall: analysis && hasFirewallFindings ? firewallRows(analysis, findings) : [] };
}

const SEVERITY_TEXT: Record<Severity, string> = { error: '✗ error', warning: '! warning', info: '• note' };
const MARK_CLASS = { '✗': 'mark-x', '!': 'mark-warn', '✓': 'mark-ok' } as const;

/** `check --format html` and `lint --format html`: the whole report in one self-contained, printable file. */
export function renderHtmlReport(report: Report, options: HtmlReportOptions): string {
  const rulesById = new Map(options.rules.map((r) => [r.id, r]));
  const areaItems: string[] = [];
  const sections: string[] = [];
  let findingNumber = 0;
  for (const area of AREAS) {
    const areaRules = options.rules.filter((r) => r.area === area);
    const findings = report.findings.filter((f) => areaOfFinding(f, rulesById) === area);
    const skipped = report.skipped.filter((s) => areaOfSkipped(s, rulesById) === area);
    if (areaRules.length === 0 && findings.length === 0) continue;
    const status = areaStatus(findings, skipped.length, areaRules.length);
    areaItems.push(
      `<li><span class="mark ${MARK_CLASS[status.mark]}">[${status.mark}]</span> <a href="#area-${area}">${escapeMarkup(AREA_TITLES[area])}</a>: ${escapeMarkup(status.text)}</li>`,
    );
    const articles = findings.map((f) => findingArticle(f, ++findingNumber)).join('\n');
    const skippedList = skipped.length > 0 ? `<p class="meta">Not checked here: ${skipped.map((s) => `${escapeMarkup(s.ruleId)} (${escapeMarkup(s.reason)})`).join('; ')}</p>` : '';
    sections.push(`<section id="area-${area}"><h2><span class="mark ${MARK_CLASS[status.mark]}">[${status.mark}]</span> ${escapeMarkup(AREA_TITLES[area])}</h2>
${articles || '<p>No findings.</p>'}
${skippedList}
${area === 'firewall' && options.firewall.length > 0 ? `<h3>What works and what is broken, per network and port</h3>\n${renderFirewallTable(options.firewall)}` : ''}</section>`);
  }
  const { error, warning, info } = report.summary;
  const summary = `${plural(error, 'error') || '0 errors'}, ${plural(warning, 'warning') || '0 warnings'}, ${plural(info, 'note') || '0 notes'}${report.skipped.length > 0 ? `; ${plural(report.skipped.length, 'check')} skipped` : ''}`;
  const skippedTable =
    report.skipped.length === 0
      ? '<p>Every check ran.</p>'
      : `<div class="table-scroll"><table><thead><tr><th>check</th><th>why it was skipped</th></tr></thead><tbody>${report.skipped
          .map((s) => `<tr><td><code>${escapeMarkup(s.ruleId)}</code> ${escapeMarkup(rulesById.get(s.ruleId)?.title ?? '')}</td><td>${escapeMarkup(s.reason)}</td></tr>`)
          .join('')}</tbody></table></div><p>A skipped check is not a pass: its area is marked [!], never [✓].</p>`;
  const body = `<h1>dockdoc report</h1>
<p class="meta">${escapeMarkup(options.heading)}</p>
<p class="meta">Report written ${escapeMarkup(options.generatedAt.toISOString())}</p>
<p class="summary"><strong>Summary:</strong> ${escapeMarkup(summary)}</p>
<ul class="areas">${areaItems.join('')}</ul>
${sections.join('\n')}
<section id="skipped"><h2>Skipped checks</h2>${skippedTable}</section>
${options.map ? `<section id="address-space"><h2>Address space</h2>${renderAddressSection(options.map)}</section>` : ''}`;
  return renderPage({ title: `dockdoc report: ${options.heading}`, body });
}

function findingArticle(f: Finding, n: number): string {
  const where = f.location ? `${f.location.file}${f.location.line ? `:${f.location.line}${f.location.column ? `:${f.location.column}` : ''}` : ''}` : null;
  const commands = f.fix.commands && f.fix.commands.length > 0 ? `<pre><code>${f.fix.commands.map(escapeMarkup).join('\n')}</code></pre>` : '';
  const evidence = Object.keys(f.evidence).length > 0 ? `<p class="label">Evidence</p><pre class="evidence"><code>${escapeMarkup(JSON.stringify(f.evidence, null, 2))}</code></pre>` : '';
  return `<article class="finding ${f.severity}" id="finding-${n}">
<h3><span class="sev-${f.severity}">${SEVERITY_TEXT[f.severity]}</span> <span class="rule">${escapeMarkup(f.ruleId)}</span> ${escapeMarkup(f.title)}</h3>
${where ? `<p class="where">${escapeMarkup(where)}</p>` : ''}<p class="meta">subject: <code>${escapeMarkup(f.subject)}</code></p>
<p><span class="label">Why:</span> ${escapeMarkup(f.message)}</p>
<p><span class="label">Fix:</span> ${escapeMarkup(f.fix.text)}</p>
${commands}${evidence}</article>`;
}
