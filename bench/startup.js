// Start-up: `dockdoc --version` against `node -e 0`, the floor of any Node process. Target ≤ 1.5×.
import { fileURLToPath } from 'node:url';
import { mb, measureSideBySide, ms, row } from './measure.js';

const BIN = fileURLToPath(new URL('../bin/dockdoc.js', import.meta.url));

export async function run() {
  const [node, version] = await measureSideBySide([
    [process.execPath, ['-e', '0']],
    [process.execPath, [BIN, '--version']],
  ]);
  const ratio = version.ms / node.ms;
  return [row('`dockdoc --version`', `${ms(version.ms)}, ${mb(version.rssMb)}`, `node -e 0: ${ms(node.ms)}`, `≤ 1.5× (now ${ratio.toFixed(2)}×)`, ratio <= 1.5)];
}

