import { XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { ALL_RULES } from '../../rules/index.js';
import { runRules } from '../../src/engine/run.js';
import { poolsView, predictNext } from '../../src/pools/model.js';
import { renderHtmlReport, reportExtras } from '../../src/report/html/report-page.js';
import { buildAddressMap } from '../../src/report/map/model.js';
import { renderStandaloneMapSvg } from '../../src/report/map/svg.js';
import { escapeMarkup } from '../../src/report/markup.js';
import type { Snapshot } from '../../src/snapshot/schema.js';
import { hostFixture } from '../helpers/hosts.js';
import { withEngine, withInterface } from '../pools/snapshots.js';

const HOSTILE = `<script>alert("x")</script><img src=x onerror=alert(1)>'&\u0000`;
const RESERVED = [{ cidr: '172.18.0.0/24', name: `office "VPN" </text><script>` }];

/** The seed host with a network, an interface and a reserved range named to break out of markup. */
function hostileHost(): Snapshot {
  let snapshot = withEngine(hostFixture('seed'), (engine) => ({
    ...engine,
    networks: engine.networks.map((n) => (n.name === 'mynet' ? { ...n, name: `mynet${HOSTILE}` } : n)),
  }));
  snapshot = withInterface(snapshot, { name: `tun0${HOSTILE}`, state: 'UP', addresses: [{ family: 4, address: '172.18.0.77', prefixLength: 32 }] });
  return snapshot;
}

const settings = { engineVersion: null, reserved: RESERVED, thresholds: { minFreeSubnets: 5 } };

describe('HTML and SVG escaping', () => {
  it('escapes markup characters and replaces what XML forbids', () => {
    expect(escapeMarkup(`a<b>&"c'\u0000\uFFFE😀`)).toBe('a&lt;b&gt;&amp;&quot;c&#39;\uFFFD\uFFFD😀');
  });

  it('the picture of a host with hostile names is valid XML and carries the names as text, never as markup', () => {
    const snapshot = hostileHost();
    const view = poolsView(snapshot, '20.10.24', RESERVED);
    const svg = renderStandaloneMapSvg(buildAddressMap({ snapshot, view, next: predictNext(view, 3, false), reserved: RESERVED }));
    expect(XMLValidator.validate(svg)).toBe(true);
    expect(svg).not.toMatch(/<(script|img)\b/);
    expect(svg).toContain('mynet&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(svg).toContain('office &quot;VPN&quot; &lt;/text&gt;&lt;script&gt;');
  });

  it('the HTML report escapes finding text, evidence and picture, and forbids scripts, fonts and requests by CSP', () => {
    const snapshot = hostileHost();
    const rules = ALL_RULES.filter((r) => r.area !== 'compose');
    const report = runRules(snapshot, { rules, settings, ignore: [], severityOverrides: {} });
    expect(report.findings.some((f) => f.message.includes(HOSTILE))).toBe(true);
    const html = renderHtmlReport(report, { heading: `host ${HOSTILE}`, generatedAt: new Date(0), rules, ...reportExtras(snapshot, '20.10.24+dfsg1', RESERVED, report.findings) });
    expect(html).not.toMatch(/<(script|img|link|iframe)\b/i);
    expect(html).not.toMatch(/<[a-z][^>]*\son\w+=/i);
    expect(html).toContain(escapeMarkup(HOSTILE));
    expect(html).toContain("default-src 'none'; style-src 'sha256-");
    expect(html).toContain("script-src 'none'");
    expect(html.match(/<style>/g)).toHaveLength(1);
    // The style attribute is never used: the policy's hash covers the one <style> element only.
    expect(html).not.toMatch(/\sstyle="/);
  });
});
