// Lighthouse on the pages most citizens open first: the home page, search results and a guide.
// The `lighthouse` package drives Debian's Chromium with its default mobile preset (a
// mid-range phone, simulated slow 4G and a 4× slower processor). Each page is measured five
// times and the median run counts, as Lighthouse's own documentation advises for its
// run-to-run variance. Budgets: performance ≥ 90, accessibility 100, best practices ≥ 95.
import lighthouse from 'lighthouse';
import * as chromeLauncher from 'chrome-launcher';

const BASE = (process.env.HALL_BASE_URL || '').replace(/\/$/, '');
if (!BASE) throw new Error('HALL_BASE_URL is not set: run the gates through `cargo xtask test`');
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';

const PAGES = [
  ['home', '/'],
  ['search results', `/search?q=${encodeURIComponent('身份证')}`],
  ['guide', '/items/GA-CRJ-001'],
];
const RUNS = 5;
const BUDGET = { performance: 90, accessibility: 100, 'best-practices': 95 };

const chrome = await chromeLauncher.launch({
  chromePath: CHROMIUM,
  chromeFlags: ['--headless=new', '--no-sandbox', '--disable-gpu', '--no-first-run'],
});
const failures = [];
try {
  for (const [name, path] of PAGES) {
    const runs = [];
    for (let i = 0; i < RUNS; i++) {
      const result = await lighthouse(`${BASE}${path}`, {
        port: chrome.port,
        output: 'json',
        logLevel: 'error',
        onlyCategories: Object.keys(BUDGET),
      });
      const lhr = result.lhr;
      if (lhr.runtimeError) throw new Error(`${name}: ${lhr.runtimeError.message}`);
      const scores = Object.fromEntries(
        Object.keys(BUDGET).map((k) => [k, Math.round((lhr.categories[k].score ?? 0) * 100)]),
      );
      runs.push({
        scores,
        lcp: lhr.audits['largest-contentful-paint'].numericValue,
        tbt: lhr.audits['total-blocking-time'].numericValue,
        cls: lhr.audits['cumulative-layout-shift'].numericValue,
        failing: Object.values(lhr.categories)
          .filter((c) => c.id !== 'performance')
          .flatMap((c) => c.auditRefs.filter((r) => r.weight > 0).map((r) => lhr.audits[r.id]))
          .filter((a) => a.score !== null && a.score < 1)
          .map((a) => a.id),
      });
    }
    runs.sort((a, b) => a.scores.performance - b.scores.performance);
    const median = runs[Math.floor(runs.length / 2)];
    const all = runs.map((r) => r.scores.performance).join('/');
    console.log(
      `lighthouse ${name} (${path}), median of ${RUNS}: performance ${median.scores.performance} (runs ${all}), ` +
        `accessibility ${median.scores.accessibility}, best practices ${median.scores['best-practices']}; ` +
        `LCP ${(median.lcp / 1000).toFixed(2)} s, TBT ${Math.round(median.tbt)} ms, CLS ${median.cls.toFixed(3)}`,
    );
    for (const [category, min] of Object.entries(BUDGET)) {
      if (median.scores[category] < min) {
        failures.push(
          `${name}: ${category} ${median.scores[category]} < ${min}` +
            (median.failing.length ? ` (failing audits: ${median.failing.join(', ')})` : ''),
        );
      }
    }
  }
} finally {
  await chrome.kill();
}
if (failures.length) {
  console.error(`Lighthouse budgets missed:\n  ${failures.join('\n  ')}`);
  process.exit(1);
}
console.log('lighthouse: every page within budget');
