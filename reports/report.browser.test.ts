/**
 * report.html in a real browser: headless Chromium (Debian's package) through playwright-core.
 * The math is rendered, every plot is drawn, the console has no errors, a data string that holds
 * a <script> is shown as text and never run, and a hostile shard's <meta http-equiv=refresh>
 * redirects nothing. The first screen (1280×800) shows the errata count and the first erratum,
 * every plot's chart lies inside the viewport, and the page reads at 800 px with no sideways
 * scrolling. Screenshots are saved under reports/out/screens/ (the test prints where).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { mergeResults } from '../cli/fuzz.ts';
import { claimById } from '../properties/registry.ts';
import { claimResult } from '../properties/run.ts';
import { isRefutedAnswer } from './errata.ts';
import { resultsOf, type Results } from './schema.ts';
import { writeReport, REPORTS_OUT } from './write.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
// as root, in a sandbox with no network: no sandbox, no GPU, no background connections
const FLAGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

let browser: Browser;
beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM}: install Debian's chromium package (apt-get install chromium), or set CHROMIUM_PATH`);
  browser = await chromium.launch({ executablePath: CHROMIUM, args: FLAGS });
});
afterAll(async () => browser?.close());

async function open(file: string, viewport = { width: 1280, height: 800 }) {
  const page = await browser.newPage({ viewport });
  const errors: string[] = [];
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(pathToFileURL(file).href);
  return { page, errors };
}

const SCREENS = join(REPORTS_OUT, 'screens');

describe('report.html after `examcheck check`', () => {
  let dir: string;
  let results: Results;
  let stdout: string;
  beforeAll(() => {
    const check = spawnSync(process.execPath, ['bin/examcheck.js', 'check', '--seed', '2024'], { cwd: root, encoding: 'utf8' });
    expect(check.status, check.stderr).toBe(0);
    stdout = check.stdout;
    dir = check.stdout.match(/^report: (.*)$/m)![1];
    results = JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8'));
    mkdirSync(SCREENS, { recursive: true });
    console.log(`screenshots: ${SCREENS}`);
  }, 300_000); // a whole default-profile check, as a real process

  test("the terminal's first lines after the seed name every erratum and finding of results.json (every exam loaded)", () => {
    const lines = stdout.split('\n');
    const lead = lines.slice(1, lines.findIndex((l) => l.startsWith('harness: ')));
    const named = lead.filter((l) => l.startsWith('  ')).map((l) => /^ {2}P\d+[a-z]? (erratum|finding) (\S+) \((\S+)\)/.exec(l)!.slice(1).join(' '));
    const listed = results.claims.flatMap((c) =>
      isRefutedAnswer(c) ? [`erratum ${c.findings[0]?.id ?? c.id} ${c.id}`] : [...c.errata.map((e) => `erratum ${e.id} ${c.id}`), ...c.findings.map((f) => `finding ${f.id} ${c.id}`)],
    );
    expect(named).toEqual(listed);
    expect(lead.filter((l) => l.startsWith('exam ')).length).toBe(new Set(results.claims.map((c) => c.exam)).size);
  });

  test('the first screen (1280×800) shows the errata count and the first erratum', async () => {
    const { page, errors } = await open(join(dir, 'report.html'));
    const headline = page.locator('h1.headline');
    expect(await headline.innerText()).toMatch(/^exam \S+ \(\d+ problems?, \d+ claims?\): \d+ errat(a|um), \d+ findings?, \d+ claims? verified$/);
    const first = page.locator('.lead li.erratum').first();
    const [h, e] = [await headline.boundingBox(), await first.boundingBox()];
    expect(h!.y + h!.height).toBeLessThanOrEqual(800);
    expect(e!.y + e!.height).toBeLessThanOrEqual(800);
    expect(e!.x + e!.width).toBeLessThanOrEqual(1280);
    await page.screenshot({ path: join(SCREENS, 'first-screen.png') });
    expect(errors).toEqual([]);
    await page.close();
  });

  test("every plot's chart lies inside the 1280-px viewport; screenshots of P2's and P5's", async () => {
    const { page } = await open(join(dir, 'report.html'));
    const plots = page.locator('figure.plot');
    expect(await plots.count()).toBeGreaterThan(0);
    for (let k = 0; k < (await plots.count()); k++) {
      const plot = plots.nth(k);
      await plot.scrollIntoViewIfNeeded();
      // the chart: vega's frame (axes, marks) and every mark inside it
      const boxes = await plot.locator('svg, svg .role-frame, svg path').evaluateAll((els) => els.map((el) => el.getBoundingClientRect()).map((r) => [r.left, r.right]));
      for (const [left, right] of boxes) expect([left >= 0, right <= 1280], `plot ${k}: ${left}..${right}`).toEqual([true, true]);
      expect(await plot.locator('figcaption').count()).toBe(1);
    }
    for (const id of ['P2.tuning', 'P5.hvp']) await page.locator(`section[id="${id}"] figure.plot`).first().screenshot({ path: join(SCREENS, `${id}-plot.png`) });
    await page.close();
  });

  test('reads at 800 px: no sideways scrolling of the page, every plot inside the viewport', async () => {
    const { page } = await open(join(dir, 'report.html'), { width: 800, height: 900 });
    expect(await page.evaluate(() => (globalThis as unknown as { document: { documentElement: { scrollWidth: number } } }).document.documentElement.scrollWidth)).toBeLessThanOrEqual(800);
    const rights = await page.locator('figure.plot svg').evaluateAll((els) => els.map((el) => el.getBoundingClientRect().right));
    expect(rights.filter((r) => r > 800)).toEqual([]);
    await page.screenshot({ path: join(SCREENS, 'at-800px.png') });
    await page.close();
  });

  test('renders the math and every plot, with no console errors', async () => {
    const { page, errors } = await open(join(dir, 'report.html'));

    const statements = await page.locator('blockquote.statement').count();
    expect(statements).toBe(results.claims.length);
    const math = await page.locator('blockquote.statement math').evaluateAll((els) => els.map((e) => e.getBoundingClientRect().width));
    expect(math.length).toBeGreaterThanOrEqual(10);
    expect(math.filter((w) => w <= 0)).toEqual([]);

    // the three the reports issue asks for: complex step vs differences (P5), sᵗ's quality against ε (P3), momentum's regimes (P2)
    for (const id of ['P5.hvp', 'P3.beta2', 'P2.tuning']) {
      expect(await page.locator(`section[id="${id}"] figure.plot svg path`).count(), id).toBeGreaterThan(0);
    }
    const plots = results.claims.flatMap((c) => c.measurements).filter((m) => m.plot).length;
    const drawn = await page.locator('figure.plot svg path').count();
    expect(await page.locator('figure.plot svg').count()).toBe(plots);
    if (plots > 0) expect(drawn).toBeGreaterThan(plots);

    await page.screenshot({ path: join(REPORTS_OUT, 'report-screenshot.png'), fullPage: false });
    expect(errors).toEqual([]);
    await page.close();
  });

  test('shows a <script> that comes from data as text, and does not run it', async () => {
    const evil = '<script>window.__ran = true</script><img src=x onerror="window.__ran = true">';
    const results: Results = {
      schema: 1,
      seed: 1,
      profile: 'default',
      startedAt: evil,
      ok: false,
      claims: [
        {
          id: 'P1.backward', problem: 1, part: 'b', kind: 'identity', statement: `exam words ${evil} and $x^2$`, domain: evil, oracle: evil,
          verdict: 'refuted', expected: false, ok: false, runs: 1, ms: 1, counterexample: { [evil]: evil }, failure: evil, shrinks: 0,
          replay: evil, corpus: { replayed: 0, saved: 0 },
          wrongAnswers: [{ id: evil, description: evil, refuted: false, runsToFailure: null, counterexample: [evil], failure: evil, shrinks: null, replay: evil }],
          errata: [], findings: [{ id: evil, summary: evil, counterexample: evil }],
          measurements: [{ id: evil, title: evil, summary: evil, table: { columns: [evil], rows: [[evil]] }, plot: { x: { label: evil }, y: { label: evil }, series: [{ name: evil, points: [[1, 2], [2, 3]] }] } }],
        },
      ],
    };
    const dir = await writeReport(results, join(REPORTS_OUT, 'escaping-check'));
    const { page, errors } = await open(join(dir, 'report.html'));
    expect(await page.evaluate(() => (globalThis as { __ran?: boolean }).__ran)).toBeUndefined();
    expect(await page.locator('script').count()).toBe(0);
    expect(await page.locator('body').innerText()).toContain('<script>window.__ran = true</script>');
    expect(errors).toEqual([]);
    await page.close();
  });

  test('a hostile shard, merged: its markup (a <meta http-equiv=refresh> in the seed, kind, verdict, problem, part) is text, and the page stays put', async () => {
    const refresh = `<meta http-equiv="refresh" content="0;url=data:text/html,redirected">`;
    const shardDir = mkdtempSync(join(tmpdir(), 'examcheck-hostile-'));
    const [claim] = resultsOf({ seed: 1, profile: 'nightly', startedAt: 'now', claims: [claimResult(claimById('P1.numpy'), { reference: { failed: false, runs: 3, counterexample: null, failure: null, shrinks: null, replay: null, path: null } })] }).claims;
    // what merge's schema check lets through (free text), and a forged report whose typed fields hold markup too
    const shard = { ...resultsOf({ seed: 1, profile: 'nightly', startedAt: '2026-11-29T03:17:00.000Z', claims: [{ ...claim, id: `"></a>${refresh}`, statement: refresh, domain: refresh, part: `</title>${refresh}` }], fuzz: { budgetMs: 1, elapsedMs: 1, interrupted: false, shard: '1/1' } }) };
    writeFileSync(join(shardDir, 'results.json'), JSON.stringify(shard));
    const { results: merged } = mergeResults([shardDir], () => 'verified');
    const forged = { ...merged, seed: `</title>${refresh}`, claims: merged.claims.map((c) => ({ ...c, kind: refresh, verdict: `"><${refresh.slice(1)}`, problem: refresh })) } as unknown as Results;
    for (const results of [merged, forged]) {
      const dir = await writeReport(results, join(REPORTS_OUT, 'escaping-hostile-shard'));
      const { page, errors } = await open(join(dir, 'report.html'));
      const url = page.url();
      expect(await page.locator('meta[http-equiv="refresh" i]').count()).toBe(0);
      expect(await page.locator('body').innerText()).toContain(refresh);
      // a refresh to 0 s would have navigated before the load event; the page is where it was opened
      await page.waitForLoadState('load');
      expect(page.url()).toBe(url);
      expect(errors).toEqual([]);
      await page.close();
    }
  });
});
