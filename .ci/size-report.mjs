// Sizes of the built app (dist/) against the budgets, in brotli bytes (quality 11, as served).
// The lazy routes' chunks and their shared chunks come from routes.json, which
// .ci/split-manifest.mjs writes from wasm-split's loader.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { brotliCompressSync, constants } from 'node:zlib';
import { join } from 'node:path';

const KB = 1024;
// The first load's target is 180 KB; the main module is not there yet (README, "Size"), so
// the hard budget (just above the latest first load, 208,199 bytes) stops any growth while the
// target is reported beside it.
const firstLoadTarget = 180 * KB;
const budgets = {
  firstLoad: Number(process.env.FIRST_LOAD_BUDGET ?? 210 * KB),
  chunk: Number(process.env.CHUNK_BUDGET ?? 60 * KB),
  homeownerSections: Number(process.env.HOMEOWNER_SECTIONS_BUDGET ?? 420 * KB),
};
// Lazy unit (the view's name in the split file, `Unit::name`) → section (src/domain/sections.rs).
const sectionOf = {
  crew_forms: 'main', outbox: 'main', account: 'main',
  care: 'care', quotes: 'quotes', service: 'service', feedback: 'feedback',
  desk: 'desk', board: 'board', console: 'console',
};
const homeowner = ['care', 'quotes', 'service', 'feedback'];

const br = (path) =>
  brotliCompressSync(readFileSync(path), { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
const pkgs = readdirSync('dist/pkg');
if (pkgs.length !== 1) throw new Error(`expected one build in dist/pkg, found ${pkgs.length}`);
const pkg = join('dist/pkg', pkgs[0]);
const html = readFileSync('dist/index.html', 'utf8');
const css = html.match(/href="\/(main-[0-9a-f]+\.css)"/)[1];
const size = (f) => ({ raw: statSync(f).size, br: br(f) });

let failed = false;
const row = (name, s, note = '') => console.log(`  ${name.padEnd(58)} ${String(s.raw).padStart(9)} ${String(s.br).padStart(9)} ${note}`);
const check = (what, value, budget) => {
  const ok = value <= budget;
  if (!ok) failed = true;
  console.log(`  ${ok ? 'ok' : 'OVER BUDGET'}: ${what} ${value} ${ok ? '<=' : '>'} ${budget} bytes brotli`);
};

// First load: the page, the stylesheet, the main module and its JS, and the chunk loader.
// The first screens (sign-in, projects, diary, photos) are in the main module, so no route
// chunk is part of it.
console.log('first load (sign-in, projects, diary, photos)');
console.log(`  ${'file'.padEnd(58)} ${'raw'.padStart(9)} ${'brotli'.padStart(9)}`);
let first = { raw: 0, br: 0 };
for (const f of ['dist/index.html', join('dist', css), join(pkg, 'seed-portal.js'), join(pkg, '__wasm_split.js'), join(pkg, 'seed-portal_bg.wasm')]) {
  const s = size(f);
  row(f.replace(pkg, 'pkg'), s);
  first = { raw: first.raw + s.raw, br: first.br + s.br };
}
row('total', first);
check('first load', first.br, budgets.firstLoad);
console.log(`  target ${firstLoadTarget}: ${first.br <= firstLoadTarget ? 'met' : `not met, ${first.br - firstLoadTarget} bytes over`}`);

// Each lazy route and the files it needs (written by .ci/split-manifest.mjs).
const routeFiles = JSON.parse(readFileSync(join(pkg, 'routes.json'), 'utf8'));
const allFiles = new Set(Object.values(routeFiles).flat());

console.log('\nlazy chunks (each on its own)');
const sizes = new Map();
for (const f of allFiles) sizes.set(f, size(join(pkg, f)));
const biggest = [...sizes.entries()].sort((a, b) => b[1].br - a[1].br);
for (const [f, s] of biggest.slice(0, 12)) row(f, s);
console.log(`  … ${sizes.size} chunk files in all`);
check(`largest chunk (${biggest[0][0]})`, biggest[0][1].br, budgets.chunk);

console.log('\nsections (everything a section needs beyond the main module)');
const bySection = new Map();
for (const [name, files] of Object.entries(routeFiles)) {
  const section = sectionOf[name];
  if (!section) throw new Error(`lazy route ${name} has no section in .ci/size-report.mjs`);
  if (!bySection.has(section)) bySection.set(section, new Set());
  for (const f of files) bySection.get(section).add(f);
}
const total = (files) =>
  [...files].reduce((a, f) => ({ raw: a.raw + sizes.get(f).raw, br: a.br + sizes.get(f).br }), { raw: 0, br: 0 });
for (const [section, files] of bySection) row(`${section} (${files.size} files)`, total(files));
const home = new Set(homeowner.flatMap((s) => [...(bySection.get(s) ?? [])]));
row(`homeowner sections together: ${homeowner.join(', ')}`, total(home));
check('homeowner sections together', total(home).br, budgets.homeownerSections);
if (failed) {
  console.error('size budget exceeded');
  process.exit(1);
}
