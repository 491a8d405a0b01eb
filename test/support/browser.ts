/// <reference lib="dom" />
// Functions passed to page.evaluate run in the browser and use its DOM types.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { describe, it } from 'vitest';
import { REQUIRE_INTEGRATION_ENV } from './describe-integration.js';

/** Debian's chromium package; the npm driver never downloads a browser of its own. */
export const CHROMIUM = '/usr/bin/chromium';

/** Nothing but the page: no GPU, QUIC, sync, component updates or background traffic, and a profile of its own. */
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'];

/** `describe` for browser tests: skipped with the reason printed when chromium is missing, a failure under DOCKDOC_REQUIRE_INTEGRATION=1. */
export function describeBrowser(name: string, body: () => void): void {
  if (existsSync(CHROMIUM)) {
    describe(name, body);
    return;
  }
  const reason = `${CHROMIUM} not found (apt-get install chromium)`;
  if (process.env[REQUIRE_INTEGRATION_ENV] === '1') {
    describe(name, () => {
      it('has a browser', () => {
        throw new Error(`${REQUIRE_INTEGRATION_ENV}=1 but browser tests cannot run: ${reason}`);
      });
    });
    return;
  }
  console.warn(`browser tests skipped: ${reason}`);
  describe.skip(`${name} (browser tests skipped: ${reason})`, body);
}

export interface Browser {
  context: BrowserContext;
  close(): Promise<void>;
}

export async function launchBrowser(): Promise<Browser> {
  const profile = mkdtempSync(join(tmpdir(), 'dockdoc-chromium-'));
  const context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: FLAGS, viewport: { width: 1280, height: 900 } });
  return {
    context,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** The page's own origin: documents are served from here by route(), and nothing else may be asked for. */
export const ORIGIN = 'http://dockdoc.invalid';

export interface Rendered {
  page: Page;
  /** Console messages of type error or warning, and uncaught page errors. */
  problems: string[];
  /** Every request other than the document itself (each one aborted). */
  requests: string[];
  /** Navigation until the load event, in ms. */
  loadMs: number;
}

/** Opens `body` as `name` at the given width; any other request is recorded and aborted. */
export async function render(browser: Browser, name: string, body: string, contentType: string, width: number, colorScheme: 'light' | 'dark' = 'light'): Promise<Rendered> {
  const page = await browser.context.newPage();
  await page.setViewportSize({ width, height: 900 });
  await page.emulateMedia({ colorScheme });
  const problems: string[] = [];
  const requests: string[] = [];
  const url = `${ORIGIN}/${name}`;
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') problems.push(`${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('request', (r) => {
    if (r.url() !== url) requests.push(r.url());
  });
  await page.route('**/*', (route) => (route.request().url() === url ? route.fulfill({ status: 200, contentType, body }) : route.abort()));
  const started = Date.now();
  await page.goto(url, { waitUntil: 'load' });
  await page.evaluate(() => document.documentElement.getBoundingClientRect().height);
  return { page, problems, requests, loadMs: Date.now() - started };
}

/**
 * A PNG of the page from the top, at the page's own width, up to `maxHeight` px. Through CDP with the viewport grown to
 * the page: Playwright's page.screenshot waits for a frame this chromium (156, headless, no GPU) never signals, and
 * CDP's captureBeyondViewport lays the page out again at the window's width, not the emulated one.
 */
export async function screenshot(page: Page, maxHeight = 16_000): Promise<Buffer> {
  const viewport = page.viewportSize()!;
  const height = Math.min(await page.evaluate(() => document.documentElement.scrollHeight), maxHeight);
  await page.setViewportSize({ width: viewport.width, height });
  try {
    const cdp = await page.context().newCDPSession(page);
    const shot = (await cdp.send('Page.captureScreenshot', { format: 'png' })) as { data: string };
    await cdp.detach();
    return Buffer.from(shot.data, 'base64');
  } finally {
    await page.setViewportSize(viewport);
  }
}

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/**
 * Counts pixels of a screenshot inside each box that pass `test`, decoding the PNG in a blank page of its own (the
 * report's Content-Security-Policy rightly forbids data: images in the report itself).
 */
export async function countPixels(browser: Browser, png: Buffer, boxes: Box[], test: 'red' | 'dark'): Promise<number[]> {
  const page = await browser.context.newPage();
  try {
    return await page.evaluate(
      async ({ data, boxes, test }) => {
        const image = new Image();
        image.src = `data:image/png;base64,${data}`;
        await image.decode();
        const canvas = document.createElement('canvas');
        canvas.width = image.width;
        canvas.height = image.height;
        const ctx = canvas.getContext('2d')!;
        ctx.drawImage(image, 0, 0);
        return boxes.map((b) => {
          const w = Math.max(1, Math.floor(b.width));
          const h = Math.max(1, Math.floor(b.height));
          const pixels = ctx.getImageData(Math.floor(b.x), Math.floor(b.y), w, h).data;
          let n = 0;
          for (let i = 0; i < pixels.length; i += 4) {
            const [r, g, bl] = [pixels[i]!, pixels[i + 1]!, pixels[i + 2]!];
            if (test === 'red' ? r > 150 && r > g + 60 && r > bl + 60 : r + g + bl < 120) n++;
          }
          return n;
        });
      },
      { data: png.toString('base64'), boxes, test },
    );
  } finally {
    await page.close();
  }
}
