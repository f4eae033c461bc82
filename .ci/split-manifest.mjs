// Reads the loader wasm-split wrote (__wasm_split.js) and writes routes.json beside it: for each
// lazy route (by the snake-case name of its type), the files it needs, its own chunk first.
// The server preloads them with the page of that route; the size report sums them.
//   node .ci/split-manifest.mjs <build folder>
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const dir = process.argv[2];
const loader = readFileSync(join(dir, '__wasm_split.js'), 'utf8');
const units = new Map();
const re = /const (__chunk_\d+|__wasm_split_load_\w+) = (?:wrapAsyncCb\()?makeLoad\(\(\) => \{\s*const src = fetch\(new URL\("\.\/([^"]+)"[\s\S]*?\n\}\s*,\s*\[([^\]]*)\]/g;
for (const m of loader.matchAll(re)) {
  units.set(m[1], { file: m[2], deps: m[3].split(',').map((d) => d.trim()).filter(Boolean) });
}
// The names the server knows (src/domain/sections.rs, `lazy_route`).
const known = new Set([...readFileSync('src/domain/sections.rs', 'utf8').matchAll(/=> "([a-z_]+)"/g)].map((m) => m[1]));
const routes = {};
for (const [unit, u] of units) {
  if (!unit.startsWith('__wasm_split_load_')) continue;
  const name = unit.replace(/^__wasm_split_load___/, '').replace(/_view_\d+$/, '');
  if (!known.has(name)) throw new Error(`lazy route ${name} is missing from lazy_route() in src/domain/sections.rs`);
  routes[name] = [u.file, ...u.deps.map((d) => units.get(d).file)];
}
if (Object.keys(routes).length === 0) throw new Error('no lazy routes in __wasm_split.js');
writeFileSync(join(dir, 'routes.json'), JSON.stringify(routes));
console.log(`routes.json: ${Object.keys(routes).length} lazy routes`);
