// `npm run build` into a directory of its own under .cache/ (ignored by git and biome), for tests of the compiled
// entry points. Inside the repository, so the compiled code finds node_modules as it does in the image's /app.
import { execFile } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';

const root = join(import.meta.dirname, '../..');

export interface CompiledBuild {
  dir: string;
  entry(name: 'api' | 'worker' | 'sandbox'): string;
  remove(): void;
}

export async function buildCompiled(name: string): Promise<CompiledBuild> {
  const dir = join(root, '.cache', `compiled-${name}-${process.pid}`, 'dist');
  await promisify(execFile)(process.execPath, [join(root, 'scripts/build-dist.mjs'), dir], {
    cwd: root,
    maxBuffer: 16 * 1024 * 1024,
  });
  return {
    dir,
    entry: (entry) => join(dir, entry, 'main.js'),
    remove: () => rmSync(join(dir, '..'), { recursive: true, force: true }),
  };
}
