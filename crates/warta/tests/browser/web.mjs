// warta's web pages in headless Chromium (Debian's /usr/bin/chromium),
// driven by playwright-core. Run by crates/warta/tests/web_browser.rs
// against a `warta serve` on 127.0.0.1 whose store it filled:
//
//   node web.mjs --base http://127.0.0.1:PORT --token TOKEN --out DIR \
//       --feed http://127.0.0.1:PORT2/dunia/rss.xml --hostile /articles/ID
//
// It walks the pages as a reader would (front page, a story, an article,
// search, the actor-pair chart), logs in and adds a source through the
// form, and opens the hostile article with the page's Content-Security-
// Policy and again without it, checking that none of its script runs.
// Each page leaves a PNG screenshot in DIR. Prints `ok - ...` per check;
// exits 1 on the first failed check.

import { chromium } from 'playwright-core';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const args = {};
for (let i = 2; i < process.argv.length; i += 2) {
  args[process.argv[i].replace(/^--/, '')] = process.argv[i + 1];
}
for (const k of ['base', 'token', 'out', 'feed', 'hostile']) {
  if (!args[k]) {
    console.error(`web.mjs: --${k} is missing`);
    process.exit(2);
  }
}
const base = args.base.replace(/\/$/, '');
const executablePath = process.env.WARTA_CHROMIUM || '/usr/bin/chromium';
fs.mkdirSync(args.out, { recursive: true });

const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

class CheckFailed extends Error {}

function check(ok, what, detail) {
  if (!ok) {
    throw new CheckFailed(`not ok - ${what}${detail === undefined ? '' : `: ${detail}`}`);
  }
  console.log(`ok - ${what}`);
}

/// Chromium with a fresh, empty profile folder; closes and removes it.
async function withBrowser(options, fn) {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'warta-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath,
    headless: true,
    args: FLAGS,
    viewport: { width: 1280, height: 900 },
    locale: 'en-US',
    ...options,
  });
  context.setDefaultTimeout(20_000);
  try {
    return await fn(context);
  } finally {
    await context.close();
    fs.rmSync(profile, { recursive: true, force: true });
  }
}

/// What the pages did that they should not have: dialogs (alert,
/// confirm, prompt), uncaught errors, console errors, and any request
/// that left 127.0.0.1.
function watch(page) {
  const seen = { dialogs: [], pageErrors: [], consoleErrors: [], offsite: [] };
  page.on('dialog', async (d) => {
    seen.dialogs.push(`${d.type()}: ${d.message()}`);
    await d.dismiss().catch(() => {});
  });
  page.on('pageerror', (e) => seen.pageErrors.push(String(e)));
  page.on('console', (m) => {
    if (m.type() === 'error') seen.consoleErrors.push(m.text());
  });
  page.on('request', (r) => {
    const u = new URL(r.url());
    if (!['127.0.0.1', 'localhost'].includes(u.hostname) && !['data:', 'about:'].includes(u.protocol)) {
      seen.offsite.push(r.url());
    }
  });
  return seen;
}

async function shot(page, name) {
  const file = path.join(args.out, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  console.log(`# screenshot ${file}`);
}

/// Clicks a form's submit button and waits for the page it leads to
/// (after any redirect).
async function submit(page, button) {
  const navigated = page.waitForEvent('framenavigated', (f) => f === page.mainFrame());
  await page.click(button);
  await navigated;
  await page.waitForLoadState('load');
}

async function expectStatus(response, status, what) {
  check(response && response.status() === status, `${what} answers ${status}`, response && response.status());
}

/// The reader's walk: front page, story, article, search, pair chart,
/// then the admin's: log in, add a source.
async function reader(context) {
  const page = await context.newPage();
  const seen = watch(page);

  // Front page.
  await expectStatus(await page.goto(`${base}/`), 200, 'the front page');
  const cards = page.locator('ol.stories li.story');
  check((await cards.count()) >= 3, 'the front page lists the stories', await cards.count());
  check((await page.locator('li.story p.meta span.outlet').count()) >= 3, 'stories name their outlets');
  check((await page.locator('li.story a.actor').count()) >= 1, 'stories show their top actors');
  await shot(page, '01-front');

  // The summit's story, by its title, as a reader would click it.
  const summit = page.locator('li.story h2 a', { hasText: /Kim|Putin/ }).first();
  check((await summit.count()) === 1, "the summit's story is on the front page");
  await Promise.all([page.waitForURL(/\/stories\/\d+$/), summit.click()]);
  check((await page.locator('article.story-page h1').count()) === 1, 'the story page has its title');
  const reports = page.locator('ol.reports > li');
  check((await reports.count()) >= 1, 'the story lists its reports', await reports.count());
  check((await page.locator('table.events tr').count()) >= 1, 'the story lists its merged events');
  await shot(page, '02-story');

  // An article of it, with entities and events.
  await Promise.all([page.waitForURL(/\/articles\/\d+$/), reports.first().locator(':scope > a').click()]);
  const marks = page.locator('article.reading mark.ent');
  check((await marks.count()) >= 2, 'the article highlights its entities (mark.ent)', await marks.count());
  const notes = page.locator('article.reading aside.ev div.event');
  check((await notes.count()) >= 1, 'the article shows an event note beside its sentence', await notes.count());
  check((await page.locator('aside.ev a.actor').count()) >= 1, 'event notes link their actors');
  await shot(page, '03-article');

  // Search through the form.
  await page.goto(`${base}/search`);
  await page.fill('form.search input[name=q]', 'Korea Utara');
  await page.selectOption('form.search select[name=lang]', 'id');
  await submit(page, 'form.search button[type=submit]');
  check(/\/search\?.*q=Korea\+Utara.*lang=id/.test(page.url()), 'the search form asks with its fields', page.url());
  const hits = page.locator('ol.results div.hit');
  check((await hits.count()) >= 1, 'the search finds articles', await hits.count());
  check((await page.locator('ol.results p.snippet b').count()) >= 1, 'search snippets mark the matched words');
  check(
    (await page.inputValue('form.search input[name=q]')) === 'Korea Utara',
    'the search form keeps the words',
  );
  await shot(page, '04-search');

  // The Russia–North Korea relation over time.
  await expectStatus(await page.goto(`${base}/actors/RUS/PRK`), 200, 'the actor-pair page');
  const line = page.locator('svg.chart path.goldstein');
  check((await line.count()) === 1, 'the pair page draws the chart');
  const d = (await line.getAttribute('d')) || '';
  check(/^M\s*[\d.]+[ ,][\d.]+/.test(d.trim()), 'the weekly Goldstein line has a path', d);
  const dots = page.locator('svg.chart circle.dot');
  check((await dots.count()) >= 2, 'the events are dots on the timeline', await dots.count());
  const box = await page.locator('svg.chart').boundingBox();
  check(box && box.width > 200 && box.height > 100, 'the chart takes room on the page', JSON.stringify(box));
  const lineBox = await line.boundingBox();
  check(lineBox && (lineBox.width > 0 || lineBox.height > 0), 'the line is drawn', JSON.stringify(lineBox));
  await shot(page, '05-pair');

  // The admin side: /sources asks for the token, the form logs in.
  const gate = await page.goto(`${base}/sources`);
  check(gate.status() === 401, '/sources without the token asks for it', gate.status());
  check((await page.locator('form[action="/login"] input[name=token]').count()) === 1, 'the login form is shown');
  await page.fill('form[action="/login"] input[name=token]', 'wrong-token');
  await submit(page, 'form[action="/login"] button[type=submit]');
  // Refused by the token check, on the login page again: not by the
  // origin check, which would mean the page's own form was taken for
  // another site's.
  check(
    (await page.locator('p.error').count()) === 1 &&
      (await page.locator('form[action="/login"] input[name=token]').count()) === 1 &&
      !/may not change/.test(await page.locator('main').innerText()),
    'a wrong token is refused with a message',
    await page.locator('main').innerText(),
  );
  await page.goto(`${base}/login?back=/sources`);
  await shot(page, '06-login');
  await page.fill('form[action="/login"] input[name=token]', args.token);
  await submit(page, 'form[action="/login"] button[type=submit]');
  check(
    page.url() === `${base}/sources`,
    'logging in leads back to /sources',
    `${page.url()}: ${await page.locator('main').innerText()}`,
  );
  check((await page.locator('form[action="/sources"] input[name=url]').count()) === 1, 'logged in, the sources page has its form');
  const before = await page.locator('tr.source').count();
  await page.fill('form[action="/sources"] input[name=url]', args.feed);
  await page.fill('form[action="/sources"] input[name=title]', 'Kabar Dunia');
  await submit(page, 'form[action="/sources"] button[type=submit]');
  check(
    /\/sources\?done=1$/.test(page.url()),
    'the form adds the source',
    `${page.url()}: ${await page.locator('main').innerText()}`,
  );
  check((await page.locator('p.flash').count()) === 1, 'the form says the source was added');
  const rows = page.locator('tr.source');
  check((await rows.count()) === before + 1, 'the sources table has one more row', `${before} -> ${await rows.count()}`);
  const added = rows.filter({ hasText: args.feed });
  check((await added.count()) === 1, 'the new source is in the table', args.feed);
  check((await added.locator('strong', { hasText: 'Kabar Dunia' }).count()) === 1, 'with the title given');
  await shot(page, '07-sources');

  check(seen.dialogs.length === 0, 'no dialog opened', seen.dialogs.join('; '));
  check(seen.pageErrors.length === 0, 'no script error', seen.pageErrors.join('; '));
  check(seen.offsite.length === 0, 'nothing was fetched off 127.0.0.1', seen.offsite.join(' '));
  return seen;
}

/// The hostile article: its title and text carry markup, its page
/// carried scripts, handlers and javascript: links. With `csp` false the
/// page's Content-Security-Policy is bypassed, so escaping alone must
/// keep the scripts from running.
async function hostile(context, csp) {
  const label = csp ? 'with the CSP' : 'without the CSP';
  const page = await context.newPage();
  const seen = watch(page);
  await page.addInitScript(() => {
    window.__pwned = undefined;
  });
  await expectStatus(await page.goto(`${base}${args.hostile}`), 200, `the hostile article (${label})`);
  // Hover and click over everything a handler could hide on.
  for (const el of await page.locator('article.reading h1, article.reading p, article.reading figure, article.reading mark').all()) {
    await el.hover().catch(() => {});
  }
  const title = await page.locator('article.reading h1').textContent();
  check(title.includes("<script>alert('judul')</script>"), `the hostile title is shown as text (${label})`, title);
  const body = await page.locator('article.reading div.body').textContent();
  check(body.includes("<script>window.__pwned=1;alert('teks')</script>"), `the script in the text is shown as text (${label})`);
  check(body.includes('onmouseover="window.__pwned=2"'), `the attribute injection is shown as text (${label})`);
  check(body.includes('<img src=x onerror='), `the img onerror is shown as text (${label})`);
  const injected = await page.evaluate(() => ({
    scripts: document.querySelectorAll('script').length,
    handlers: [...document.querySelectorAll('*')].filter((e) => [...e.attributes].some((a) => /^on/i.test(a.name))).length,
    jsLinks: [...document.querySelectorAll('[href],[src],[action]')].filter((e) =>
      /^\s*javascript:/i.test(e.getAttribute('href') || e.getAttribute('src') || e.getAttribute('action') || ''),
    ).length,
    iframes: document.querySelectorAll('iframe, object, embed').length,
    pwned: window.__pwned,
  }));
  check(injected.scripts === 0, `no <script> element on the page (${label})`, injected.scripts);
  check(injected.handlers === 0, `no on* attribute on the page (${label})`, injected.handlers);
  check(injected.jsLinks === 0, `no javascript: URL on the page (${label})`, injected.jsLinks);
  check(injected.iframes === 0, `no frame on the page (${label})`, injected.iframes);
  check(injected.pwned === undefined, `the page's scripts did not run (${label})`, injected.pwned);
  // Its story and a search that finds it show the same text, escaped.
  const story = await page.locator('article.reading p.meta a[href^="/stories/"]').getAttribute('href');
  if (story) {
    await page.goto(`${base}${story}`);
    await page.locator('ol.reports a').first().hover().catch(() => {});
  }
  await page.goto(`${base}/search?q=peretas`);
  check((await page.locator('ol.results div.hit').count()) >= 1, `the search finds the hostile article (${label})`);
  for (const el of await page.locator('ol.results a, ol.results p').all()) {
    await el.hover().catch(() => {});
  }
  const pwned = await page.evaluate(() => window.__pwned);
  check(pwned === undefined, `no script ran on its story or search page (${label})`, pwned);
  await page.goto(`${base}${args.hostile}`);
  await shot(page, csp ? '08-hostile' : '09-hostile-no-csp');
  check(seen.dialogs.length === 0, `no dialog opened (${label})`, seen.dialogs.join('; '));
  check(seen.pageErrors.length === 0, `no script error (${label})`, seen.pageErrors.join('; '));
  // With the CSP on, a script that got into the page would be refused
  // with a console error: there must be none.
  const refused = seen.consoleErrors.filter((m) => /Content Security Policy|Refused to/i.test(m));
  check(refused.length === 0, `the CSP had nothing to refuse (${label})`, refused.join('; '));
  check(seen.offsite.length === 0, `nothing was fetched off 127.0.0.1 (${label})`, seen.offsite.join(' '));
}

try {
  await withBrowser({}, async (context) => {
    await reader(context);
    await hostile(context, true);
  });
  await withBrowser({ bypassCSP: true }, (context) => hostile(context, false));
  console.log('# all browser checks passed');
} catch (e) {
  console.error(e instanceof CheckFailed ? e.message : e);
  process.exit(1);
}
