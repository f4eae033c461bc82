// One page, one run, with the diagnostics: long tasks, LCP element and its phases.
//   node one.mjs <url> [cookie]
import lighthouse from 'lighthouse';
import * as chromeLauncher from 'chrome-launcher';
const [url, cookie] = process.argv.slice(2);
const chrome = await chromeLauncher.launch({ chromePath: '/usr/bin/chromium', chromeFlags: ['--headless=new', '--no-sandbox', '--disable-gpu'] });
try {
  const r = await lighthouse(url, { port: chrome.port, output: 'json', logLevel: 'error', onlyCategories: ['performance'], extraHeaders: cookie ? { Cookie: cookie } : undefined, blockedUrlPatterns: process.env.BLOCK ? process.env.BLOCK.split(',') : [] });
  const a = r.lhr.audits;
  for (const k of ['first-contentful-paint', 'largest-contentful-paint', 'total-blocking-time', 'cumulative-layout-shift', 'interactive']) console.log(k, Math.round(a[k].numericValue));
  console.log('long tasks:', JSON.stringify((a['long-tasks'].details?.items ?? []).map((t) => [t.url.slice(-40), Math.round(t.startTime), Math.round(t.duration)])));
  const el = a['largest-contentful-paint-element']?.details?.items ?? [];
  console.log('lcp element:', JSON.stringify(el.map((t) => (t.items ?? []).map((i) => i.node ? [i.node.snippet, i.node.selector] : [i.phase, Math.round(i.timing)]))));
  console.log('bootup:', JSON.stringify((a['bootup-time'].details?.items ?? []).map((t) => [t.url.slice(-40), Math.round(t.total), Math.round(t.scripting), Math.round(t.scriptParseCompile)])));
  console.log('mainthread:', JSON.stringify((a['mainthread-work-breakdown'].details?.items ?? []).map((t) => [t.group, Math.round(t.duration)])));
  console.log('network:', JSON.stringify((a['network-requests'].details?.items ?? []).map((t) => [t.url.replace(/^https?:\/\/[^/]+/, '').slice(0, 50), Math.round(t.networkRequestTime), Math.round(t.networkEndTime), t.transferSize])));
} finally { await chrome.kill(); }
