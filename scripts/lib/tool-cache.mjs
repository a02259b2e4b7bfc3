// Tools we build or download once live in a versioned cache folder outside the clone, so every checkout (CI's fresh
// one included) reuses them; an environment variable can point at one installed elsewhere.
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

/** `$XDG_CACHE_HOME` (or ~/.cache)/movix-billing/<tool>/<version>. */
export function toolCacheDir(tool, version) {
  const cacheRoot = process.env.XDG_CACHE_HOME || join(homedir(), '.cache');
  return join(cacheRoot, 'movix-billing', tool, version);
}

/** The path `envVar` names (which must exist), else `cachedPath` when present, else undefined. */
export function pathFromEnvOrCache(envVar, cachedPath) {
  const fromEnv = process.env[envVar];
  if (fromEnv) {
    if (!existsSync(fromEnv)) throw new Error(`${envVar}=${fromEnv} does not exist.`);
    return fromEnv;
  }
  return existsSync(cachedPath) ? cachedPath : undefined;
}
