// npm runs `prepare` after `npm ci` / `npm install` in a clone (the bundler is there: just build) and for
// `npm install -g .` (npm links the folder without installing its dependencies, so on a fresh clone neither the
// bundler nor the runtime dependencies are there: install them into the clone first, then build, and the linked
// command works). A tarball from `npm pack` carries dist/ and never runs this.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

if (!existsSync(fileURLToPath(new URL('../node_modules/esbuild/package.json', import.meta.url)))) {
  // The global install's settings must not reach the clone's own install (it would install into the global prefix).
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^npm_config_(global|prefix|location)$/i.test(name)));
  process.stderr.write('dockdoc prepare: installing the dependencies into this clone to build it (npm ci)\n');
  execFileSync('npm', ['ci', '--ignore-scripts', '--no-audit', '--no-fund'], { cwd: root, env, stdio: 'inherit' });
}
execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: root, stdio: 'inherit' });
