// Builds the page into dist/: src/app.js (with the CSS it imports, Tabulator's included) bundled
// and minified by esbuild into app.js and app.css, and src/index.html with the asset links made
// unique per build (?v=<hash>) so that a browser never mixes an old script with a new page.
// "node build.mjs --watch" rebuilds on every change.

import * as esbuild from 'esbuild';
import { createHash } from 'node:crypto';
import { copyFile, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(fileURLToPath(import.meta.url));
const dist = join(root, 'dist');
const KEEP = 'placeholder.txt'; // committed, so that go:embed finds dist/ in a fresh clone
const tabulator = JSON.parse(await readFile(join(root, 'node_modules/tabulator-tables/package.json'), 'utf8'));
// Tabulator's MIT license travels with the bundle (its own header comment is not kept by minify).
const notice = `/*! Includes Tabulator ${tabulator.version} (c) Oliver Folkerd, MIT license: /assets/licenses.txt */`;

const options = {
  absWorkingDir: root,
  entryPoints: ['src/app.js'],
  bundle: true,
  minify: true,
  sourcemap: true,
  outdir: 'dist',
  publicPath: '/assets/',
  loader: { '.css': 'css' },
  target: ['chrome109', 'edge109', 'firefox115', 'safari15.4'],
  legalComments: 'eof',
  banner: { js: notice, css: notice },
  logLevel: 'info',
};

async function clean() {
  await mkdir(dist, { recursive: true });
  for (const name of await readdir(dist)) {
    if (name !== KEEP) await rm(join(dist, name), { recursive: true, force: true });
  }
}

async function writeIndex() {
  const version = async (name) =>
    createHash('sha256')
      .update(await readFile(join(dist, name)))
      .digest('hex')
      .slice(0, 12);
  let html = await readFile(join(root, 'src/index.html'), 'utf8');
  for (const name of ['app.js', 'app.css']) {
    html = html.replace(`/assets/${name}"`, `/assets/${name}?v=${await version(name)}"`);
  }
  await writeFile(join(dist, 'index.html'), html);
}

await clean();
if (process.argv.includes('--watch')) {
  const ctx = await esbuild.context({
    ...options,
    plugins: [{ name: 'index', setup: (b) => b.onEnd((r) => (r.errors.length ? null : writeIndex())) }],
  });
  await ctx.watch();
} else {
  await esbuild.build(options);
  await writeIndex();
}
await copyFile(join(root, 'node_modules/tabulator-tables/LICENSE'), join(dist, 'licenses.txt'));
