// Bundles the portal into dist/: one script, one stylesheet and index.html, with content hashes
// in the names so the web server can cache them for good. `node build.mjs --watch` rebuilds on
// every change.
import * as esbuild from 'esbuild';
import { copyFile, mkdir, readFile, rm, writeFile } from 'node:fs/promises';

const watch = process.argv.includes('--watch');
await rm('dist', { recursive: true, force: true });
await mkdir('dist', { recursive: true });

const options = {
  entryPoints: ['src/main.tsx', 'src/style.css'],
  bundle: true,
  format: 'esm',
  target: 'es2022',
  minify: !watch,
  sourcemap: true,
  outdir: 'dist',
  entryNames: watch ? '[name]' : '[name]-[hash]',
  metafile: true,
  logLevel: 'warning',
};

async function page(metafile) {
  const outputs = Object.keys(metafile.outputs).map((path) => path.replace(/^dist\//, ''));
  const script = outputs.find((f) => f.startsWith('main') && f.endsWith('.js'));
  const style = outputs.find((f) => f.startsWith('style') && f.endsWith('.css'));
  const html = (await readFile('index.html', 'utf8'))
    .replace('%SCRIPT%', `/${script}`)
    .replace('%STYLE%', `/${style}`);
  await writeFile('dist/index.html', html);
}

if (watch) {
  const context = await esbuild.context({
    ...options,
    plugins: [{ name: 'page', setup: (b) => b.onEnd((r) => r.metafile && page(r.metafile)) }],
  });
  await context.watch();
} else {
  const result = await esbuild.build(options);
  await page(result.metafile);
  await copyFile('favicon.svg', 'dist/favicon.svg');
  // The notifier service runs under Node.js, with its packages from node_modules.
  await esbuild.build({
    entryPoints: ['notifier/main.ts'],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    outfile: 'dist-notifier/notifier.mjs',
    logLevel: 'warning',
  });
  console.log('portal built in dist/, notifier in dist-notifier/');
}
