// Bundle sizes of the web apps: `npm run bench:bundle` (after `npm run build`) writes the
// <!-- bundle:start --> section of docs/benchmarks.md. For the shop console it lists what the first
// load fetches (index.html's script, preloads and CSS) and each page's own chunk and the chunks it
// imports (read from the built files' import statements), raw and gzipped.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { writeSection } from '../report.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const dir = (app: string) => join(root, 'dist/web', app);
const size = (file: string) => {
  const bytes = readFileSync(file);
  return { raw: bytes.byteLength, gzip: gzipSync(bytes, { level: 9 }).byteLength };
};
const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;

/** The chunks a chunk imports statically (its `import … from "./x.js"` lines), transitively. */
function closure(assets: string, start: string, seen = new Set<string>()): Set<string> {
  if (seen.has(start)) return seen;
  seen.add(start);
  const text = readFileSync(join(assets, start), 'utf8');
  for (const m of text.matchAll(/(?:import|export)\s*(?:[^'"]*?from\s*)?["']\.\/([\w.-]+\.js)["']/g)) if (m[1]) closure(assets, m[1], seen);
  return seen;
}

const assets = join(dir('admin'), 'assets');
const html = readFileSync(join(dir('admin'), 'index.html'), 'utf8');
const first = [...html.matchAll(/(?:src|href)="\.\/assets\/([\w.-]+\.(?:js|css))"/g)].map((m) => m[1] ?? '');
const firstSet = new Set(first.flatMap((f) => (f.endsWith('.js') ? [...closure(assets, f)] : [f])));
const total = (files: Iterable<string>) => [...files].reduce((t, f) => ({ raw: t.raw + size(join(assets, f)).raw, gzip: t.gzip + size(join(assets, f)).gzip }), { raw: 0, gzip: 0 });
const firstTotal = total(firstSet);
const pages = readdirSync(assets).filter((f) => /^[A-Z]\w*Page-[\w-]+\.js$/.test(f) || /^(FaqImport|YamlEditor|EChart)-/.test(f)).sort();
const rows = pages.map((p) => {
  const own = size(join(assets, p));
  const extra = [...closure(assets, p)].filter((f) => !firstSet.has(f));
  const all = total(extra);
  return `| ${p.replace(/-[A-Za-z0-9_-]{8}\.js$/, '')} | ${kb(own.raw)} / ${kb(own.gzip)} | ${kb(all.raw)} / ${kb(all.gzip)} |`;
});
const widget = readdirSync(join(dir('widget'), 'assets')).filter((f) => f.endsWith('.js'));
const widgetTotal = widget.reduce((t, f) => t + size(join(dir('widget'), 'assets', f)).gzip, 0);
// The embeddable widget: the loader every storefront page fetches, and the chat it loads on first open.
const EMBED_LOADER_BUDGET = 30 * 1024;
const embedFiles = readdirSync(dir('embed')).filter((f) => f.endsWith('.js'));
const loader = size(join(dir('embed'), 'widget.js'));
const chatChunk = embedFiles.find((f) => f.startsWith('widget-chat-'));
const chat = chatChunk ? size(join(dir('embed'), chatChunk)) : undefined;
if (loader.gzip > EMBED_LOADER_BUDGET) throw new Error(`widget.js is ${kb(loader.gzip)} gzipped, over its ${kb(EMBED_LOADER_BUDGET)} budget`);

const section = `<!-- bundle:start (written by npm run bench:bundle) -->
## Web bundles

Measured by \`npm run bench:bundle\` (bench/bundle/run.ts) on ${new Date().toISOString().slice(0, 10)} from \`dist/web\` (\`npm run build\`); gzip at level 9.

The shop console (\`/admin/\`) is split per page: the first load fetches only the shell (sign-in, menu,
header), **${kb(firstTotal.raw)} raw / ${kb(firstTotal.gzip)} gzipped** in ${firstSet.size} files (${[...firstSet].map((f) => f.replace(/-[A-Za-z0-9_-]{8}\.(js|css)$/, '.$1')).join(', ')}).
Each page is a chunk of its own, loaded when opened, with what it needs beyond the shell (CodeMirror
only with the flows and settings pages, ECharts only with the dashboard and the flow diagram):

| chunk | own (raw / gzip) | with what it loads beyond the shell |
|---|---|---|
${rows.join('\n')}

The demo product page's own script (web/widget: the product from the catalog; its chat is widget.js, below): ${kb(widgetTotal)} gzipped.

### widget.js

The embeddable widget (\`<script src="…/widget.js" data-shop="…" async>\`, web/embed): what every
storefront page fetches, and what the first open of the chat adds (budget for the loader: ${kb(EMBED_LOADER_BUDGET)} gzipped).

| file | raw | gzip |
|---|---|---|
| widget.js (launcher, panel, Shadow DOM; every page) | ${kb(loader.raw)} | ${kb(loader.gzip)} |
| ${chatChunk ? 'widget-chat-&lt;hash&gt;.js' : 'widget-chat (not built)'} (chat, Socket.IO client; on first open) | ${chat ? kb(chat.raw) : '–'} | ${chat ? kb(chat.gzip) : '–'} |

Reproduce: \`npm run build && npm run bench:bundle\`.
<!-- bundle:end -->`;
writeSection(join(root, 'docs/benchmarks.md'), 'bundle', section);
console.log(section);
