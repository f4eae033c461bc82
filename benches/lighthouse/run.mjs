// Lighthouse (default mobile settings: emulated phone, simulated slow 4G and CPU) against the
// portal's main pages, signed in where needed, and a plain HTML "floor" page showing the same
// diary, served in the same run. Prints the median of N runs of FCP, LCP, CLS and TBT per page
// and LCP ÷ floor. A benchmark, not a test: it asserts nothing; read the ratios.
//   node run.mjs <portal base url> [runs]
import http from 'node:http';
import lighthouse from 'lighthouse';
import * as chromeLauncher from 'chrome-launcher';

const base = process.argv[2] ?? 'http://127.0.0.1:8080';
const runs = Number(process.argv[3] ?? 3);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function signIn(login) {
  const r = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: base },
    body: JSON.stringify({ login, password: 'demo1234' }),
  });
  if (!r.ok) throw new Error(`sign-in ${login}: ${r.status}`);
  return r.headers.get('set-cookie').split(';')[0];
}

async function getJson(path, cookie) {
  const r = await fetch(`${base}${path}`, { headers: { cookie } });
  if (!r.ok) throw new Error(`${path}: ${r.status}`);
  return r.json();
}

const escape = (s) => String(s ?? '').replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);

// The floor: the same diary as plain HTML with the portal's stylesheet and thumbnails, no script.
function floorPage(project, entries, css) {
  const cards = entries
    .map(
      (e) => `<article class="card entry-card"><h2>${escape(e.entry_date)}</h2><p class="prewrap">${escape(e.work_done)}</p>
<ul class="thumb-grid">${(e.photos ?? [])
        .map((p) => `<li><img class="thumb" width="400" height="400" alt="" src="${p.thumb_url}"></li>`)
        .join('')}</ul></article>`,
    )
    .join('\n');
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escape(project.title)}</title><link rel="stylesheet" href="${css}"></head><body>
<header class="topbar"><div class="topbar-inner"><a class="brand" href="/projects"><span class="brand-mark">匠</span><span class="brand-text">匠心家装</span></a></div></header>
<main class="page"><section class="stack"><h1>${escape(project.title)}</h1><div class="timeline">${cards}</div></section></main></body></html>`;
}

const owner = await signIn('13800000001');
const staff = await signIn('staff@demo.cn');
const projects = await getJson('/api/v1/projects', owner);
// The list is paged ({items, next_cursor}).
const project = (Array.isArray(projects) ? projects : projects.items)[0];
const diary = await getJson(`/api/v1/projects/${project.id}/diary`, owner);
const entries = diary.items;
const quotes = await getJson(`/api/v1/projects/${project.id}/quotes`, owner);
const index = await (await fetch(`${base}/login`)).text();
const css = index.match(/href="(\/main-[0-9a-f]+\.css)"/)[1];
const floorHtml = floorPage(project, Array.isArray(entries) ? entries : [], css);

// The floor is served beside a proxy to the portal, so its stylesheet and photos come from
// the same server with the same cookie.
const target = new URL(base);
const floor = http.createServer((req, res) => {
  if (req.url === '/floor') {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-cache' });
    res.end(floorHtml);
    return;
  }
  const up = http.request(
    { host: target.hostname, port: target.port, path: req.url, method: req.method, headers: { ...req.headers, host: target.host } },
    (r) => {
      res.writeHead(r.statusCode, r.headers);
      r.pipe(res);
    },
  );
  req.pipe(up);
});
await new Promise((ok) => floor.listen(0, '127.0.0.1', ok));
const floorUrl = `http://127.0.0.1:${floor.address().port}/floor`;

const pages = [
  ['floor (plain HTML diary)', floorUrl, owner],
  ['/login', `${base}/login`, ''],
  ['/projects', `${base}/projects`, owner],
  ['diary', `${base}/projects/${project.id}`, owner],
  ['progress', `${base}/care/projects/${project.id}/progress`, owner],
  ['quote', `${base}/quotes/${quotes[0]?.id}`, owner],
  ['service', `${base}/service/projects/${project.id}`, owner],
  ['staff queue', `${base}/desk/queue`, staff],
  ['board', `${base}/board`, staff],
];

const chrome = await chromeLauncher.launch({
  chromePath: process.env.CHROME_PATH ?? '/usr/bin/chromium',
  chromeFlags: ['--headless=new', '--no-sandbox', '--disable-gpu'],
});
const results = [];
try {
  for (const [name, url, cookie] of pages) {
    const m = { fcp: [], lcp: [], cls: [], tbt: [] };
    for (let i = 0; i < runs; i++) {
      const r = await lighthouse(url, {
        port: chrome.port,
        output: 'json',
        logLevel: 'error',
        onlyCategories: ['performance'],
        extraHeaders: cookie ? { Cookie: cookie } : undefined,
      });
      const a = r.lhr.audits;
      m.fcp.push(a['first-contentful-paint'].numericValue);
      m.lcp.push(a['largest-contentful-paint'].numericValue);
      m.cls.push(a['cumulative-layout-shift'].numericValue);
      m.tbt.push(a['total-blocking-time'].numericValue);
    }
    results.push({ name, fcp: median(m.fcp), lcp: median(m.lcp), cls: median(m.cls), tbt: median(m.tbt) });
    process.stderr.write(`measured ${name}\n`);
  }
} finally {
  await chrome.kill();
  floor.close();
}

const floorLcp = results[0].lcp;
console.log(`Lighthouse ${runs} runs per page, medians (default mobile settings)`);
console.log('| page | FCP ms | LCP ms | CLS | TBT ms | LCP ÷ floor |');
console.log('|---|---|---|---|---|---|');
for (const r of results) {
  console.log(`| ${r.name} | ${Math.round(r.fcp)} | ${Math.round(r.lcp)} | ${r.cls.toFixed(3)} | ${Math.round(r.tbt)} | ${(r.lcp / floorLcp).toFixed(2)} |`);
}
