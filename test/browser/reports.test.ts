/// <reference lib="dom" />
// Functions passed to page.evaluate run in the browser and use its DOM types.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { XMLValidator } from 'fast-xml-parser';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { dockdoc, fixturePath, REPO_ROOT } from '../helpers/cli.js';
import { countPixels, describeBrowser, launchBrowser, render, screenshot, type Box, type Browser, type Rendered } from '../support/browser.js';
import { fourMillionSubnetPoolHost, tenThousandNetworkHost } from './big-hosts.js';

const HOSTS = readdirSync(fixturePath('hosts')).sort();
const WIDTHS = [1280, 390] as const;
/** The README's illustrations, refreshed by this test (DOCKDOC_UPDATE_SCREENSHOTS=1). */
const SCREENSHOTS = join(REPO_ROOT, 'docs', 'images');

let browser: Browser;
let work: string;

async function cli(args: string[]): Promise<string> {
  const output = join(work, `out-${Math.random().toString(36).slice(2)}`);
  const started = Date.now();
  const result = await dockdoc([...args, '-o', output]);
  console.info(`dockdoc ${args[0]} ${args.at(-1)}: ${Date.now() - started} ms`);
  expect(result.stderr).toBe('');
  return readFileSync(output, 'utf8');
}

/** Nothing overflows the viewport sideways, no console error, no request. */
async function expectClean(rendered: Rendered, width: number): Promise<void> {
  expect(rendered.problems).toEqual([]);
  expect(rendered.requests).toEqual([]);
  const scrollWidth = await rendered.page.evaluate(() => document.documentElement.scrollWidth);
  expect(scrollWidth).toBeLessThanOrEqual(width);
}

/** Boxes of the visible elements matching `selector` (the picture not shown at this width is display:none). */
async function visibleBoxes(page: Page, selector: string): Promise<(Box & { text: string })[]> {
  return page.evaluate((selector) => {
    return Array.from(document.querySelectorAll(selector))
      .map((e) => ({ r: e.getBoundingClientRect(), text: e.textContent ?? '' }))
      .filter(({ r }) => r.width > 0 && r.height > 0)
      .map(({ r, text }) => ({ x: r.x + window.scrollX, y: r.y + window.scrollY, width: r.width, height: r.height, text }));
  }, selector);
}

/** Every conflict of the picture: a numbered label inside the viewport, and red hatching actually painted. */
async function expectConflictsDrawn(rendered: Rendered, width: number, conflicts: number): Promise<void> {
  const labels = await visibleBoxes(rendered.page, 'svg.address-map .conflict-label');
  const numbers = new Set(labels.map((l) => l.text));
  expect(numbers.size).toBe(conflicts);
  for (const l of labels) expect(l.x + l.width).toBeLessThanOrEqual(width);
  const bands = await visibleBoxes(rendered.page, 'svg.address-map .conflict');
  if (bands.length === 0) return;
  const png = await screenshot(rendered.page);
  const red = await countPixels(browser, png, bands, 'red');
  // The hatching shows between the lanes: a tenth of the band at least is red, not merely its outline.
  bands.forEach((band, i) => expect(red[i]!).toBeGreaterThan(0.1 * Math.floor(Math.max(1, band.width)) * Math.floor(band.height)));
}

describeBrowser('HTML and SVG reports in Chromium', () => {
  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'dockdoc-browser-'));
    browser = await launchBrowser();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    rmSync(work, { recursive: true, force: true });
  });

  for (const host of HOSTS) {
    it(`check --format html of fixtures/hosts/${host}: every rule ID and area readable at 1280 and 390 px`, async () => {
      // Relative to the repository, where the CLI runs: the reports (and screenshots) name no machine's paths.
      const snapshot = `fixtures/hosts/${host}/snapshot.json`;
      const html = await cli(['check', '--snapshot', snapshot, '--format', 'html']);
      const json = JSON.parse((await dockdoc(['check', '--snapshot', snapshot, '--format', 'json'])).stdout) as { findings: { ruleId: string }[]; skipped: unknown[] };
      for (const width of WIDTHS) {
        const rendered = await render(browser, 'report.html', html, 'text/html', width);
        await expectClean(rendered, width);
        const ruleIds = (await visibleBoxes(rendered.page, '.finding .rule')).map((b) => b.text);
        expect(ruleIds.sort()).toEqual(json.findings.map((f) => f.ruleId).sort());
        for (const box of await visibleBoxes(rendered.page, '.finding .rule, .areas li, svg.address-map')) expect(box.x + box.width).toBeLessThanOrEqual(width);
        // Never ✓ for an area with skipped checks.
        const areas = await rendered.page.$$eval('.areas li', (items) => items.map((li) => li.textContent ?? ''));
        for (const area of areas) if (/checks skipped/.test(area)) expect(area).not.toMatch(/\[✓\]/);
        if (json.skipped.length > 0) expect(await rendered.page.textContent('#skipped')).toMatch(/skipped/);
        const conflicts = await rendered.page.$$eval('.conflicts li', (items) => items.length);
        await expectConflictsDrawn(rendered, width, conflicts);
        await rendered.page.close();
      }
    }, 120_000);
  }

  it('the seed host: lint --format html shows the compose subnet over mynet as a labelled conflict, and renders within 2 s', async () => {
    const html = await cli(['lint', 'fixtures/compose/seed', '--snapshot', 'fixtures/hosts/seed/snapshot.json', '--format', 'html']);
    for (const width of WIDTHS) {
      const rendered = await render(browser, 'lint.html', html, 'text/html', width);
      await expectClean(rendered, width);
      expect(rendered.loadMs).toBeLessThan(2000);
      const text = await rendered.page.textContent('.conflicts');
      expect(text).toContain('compose network shop_backend 172.18.0.0/16 overlaps network mynet 172.18.0.0/16');
      expect(text).toContain('overlaps 172.19.0.1/16 on br-76c1f4b95c9f (a stale Docker bridge');
      const ruleIds = (await visibleBoxes(rendered.page, '.finding .rule')).map((b) => b.text);
      expect(ruleIds).toEqual(expect.arrayContaining(['DD304', 'DD305']));
      await expectConflictsDrawn(rendered, width, 2);
      if (width === 1280) saveScreenshot('seed-lint-report.png', await screenshot(rendered.page, 2600));
      await rendered.page.close();
    }
  }, 120_000);

  it('pools --format svg of the seed host is valid XML and draws the 15 pools, docker0, the networks and the conflicts', async () => {
    const svg = await cli(['pools', '--snapshot', 'fixtures/hosts/seed/snapshot.json', '--compose', 'fixtures/compose/seed', '--format', 'svg']);
    expect(XMLValidator.validate(svg)).toBe(true);
    const rendered = await render(browser, 'pools.svg', svg, 'image/svg+xml', 1280);
    await expectClean(rendered, 1280);
    expect(rendered.loadMs).toBeLessThan(2000);
    const texts = await rendered.page.$$eval('text', (items) => items.map((t) => t.textContent ?? '').join('\n'));
    for (let i = 17; i <= 31; i++) expect(texts).toContain(`172.${i}.0.0/16 /16`);
    expect(svg).toMatch(/<title>bridge 172\.17\.0\.0\/16 \[docker0\]/);
    expect(texts).toContain('✗ mynet');
    await expectConflictsDrawn(rendered, 1280, 2);
    saveScreenshot('seed-pools.png', await screenshot(rendered.page));
    await rendered.page.close();
  }, 120_000);

  it('pools --format html of a 10,000-network host renders within 2 s, aggregated, with its three conflicts labelled', async () => {
    const snapshot = join(work, 'ten-thousand.json');
    writeFileSync(snapshot, JSON.stringify(tenThousandNetworkHost()));
    const html = await cli(['pools', '--snapshot', snapshot, '--format', 'html']);
    const svg = await cli(['pools', '--snapshot', snapshot, '--format', 'svg']);
    expect(XMLValidator.validate(svg)).toBe(true);
    // Aggregated: the picture holds a few hundred shapes, not one per network.
    expect((svg.match(/<rect /g) ?? []).length).toBeLessThan(400);
    for (const width of WIDTHS) {
      const rendered = await render(browser, 'pools.html', html, 'text/html', width);
      await expectClean(rendered, width);
      expect(rendered.loadMs).toBeLessThan(2000);
      console.info(`10,000 networks: ${(html.length / 1024).toFixed(0)} KiB of HTML, loaded in ${rendered.loadMs} ms at ${width} px`);
      const conflicts = await rendered.page.textContent('.conflicts');
      expect(conflicts).toContain('network legacy-vpn-clash 10.200.5.0/24 overlaps route 10.200.0.0/16 via 172.16.99.1 dev wg0 scope global (dockerd does not check this)');
      expect(conflicts).toContain('network app1800 10.7.7.0/24 overlaps nameserver 10.7.7.53');
      expect(conflicts).toContain('pool 10.0.0.0/8 overlaps route 10.200.0.0/16 via 172.16.99.1 dev wg0 scope global (dockerd does not check this)');
      await expectConflictsDrawn(rendered, width, 3);
      const keys = await rendered.page.$$eval('svg.address-map text.key', (items) => items.map((t) => t.textContent ?? '').join('\n'));
      expect(keys).toMatch(/10,001 networks in 10\.0\.0\.0 – 10\.200\.5\.255|10,000 networks/);
      if (width === 390) saveScreenshot('ten-thousand-networks-390.png', await screenshot(rendered.page, 2200));
      await rendered.page.close();
    }
  }, 120_000);

  it('a pool of 4,194,304 /30 subnets: counted, drawn to scale, three tiny networks labelled', async () => {
    const snapshot = join(work, 'pool-30.json');
    writeFileSync(snapshot, JSON.stringify(fourMillionSubnetPoolHost()));
    const svg = await cli(['pools', '--snapshot', snapshot, '--format', 'svg']);
    expect(XMLValidator.validate(svg)).toBe(true);
    const rendered = await render(browser, 'pools.svg', svg, 'image/svg+xml', 1280);
    await expectClean(rendered, 1280);
    const texts = await rendered.page.$$eval('text', (items) => items.map((t) => t.textContent ?? '').join('\n'));
    expect(svg).toContain('4,194,304 × /30: 3 used, 0 blocked, 4,194,301 free');
    expect(texts).toMatch(/2 networks in 10\.0\.0\.0\/29: tiny-a 10\.0\.0\.0\/30, tiny-b 10\.0\.0\.4\/30/);
    expect(texts).toContain('tiny-far 10.128.0.0/30');
    await rendered.page.close();
  }, 120_000);

  it('dark and print: the page follows prefers-color-scheme, and print shows the wide picture', async () => {
    const html = await cli(['check', '--snapshot', 'fixtures/hosts/el7-iptables-restart/snapshot.json', '--format', 'html']);
    const rendered = await render(browser, 'report.html', html, 'text/html', 1280, 'dark');
    await expectClean(rendered, 1280);
    const [dark] = await countPixels(browser, await screenshot(rendered.page), [{ x: 0, y: 0, width: 10, height: 40 }], 'dark');
    expect(dark).toBe(400);
    saveScreenshot('el7-report-dark.png', await screenshot(rendered.page, 1800));
    await rendered.page.emulateMedia({ media: 'print', colorScheme: 'light' });
    const shown = await rendered.page.$$eval('.map svg.address-map', (svgs) => svgs.map((s) => getComputedStyle(s).display));
    expect(shown).toEqual(['block', 'none']);
    // The firewall table says what is broken, per network and port.
    const table = await rendered.page.textContent('table.firewall');
    expect(table).toMatch(/published 0\.0\.0\.0:8080 → web:80\/tcp\s*✗ broken/);
    await rendered.page.close();
  }, 120_000);
});

function saveScreenshot(name: string, png: Buffer): void {
  if (process.env['DOCKDOC_UPDATE_SCREENSHOTS'] !== '1') return;
  mkdirSync(SCREENSHOTS, { recursive: true });
  writeFileSync(join(SCREENSHOTS, name), png);
}
