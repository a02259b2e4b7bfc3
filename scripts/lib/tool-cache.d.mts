export function toolCacheDir(tool: string, version: string): string;
export function pathFromEnvOrCache(envVar: string, cachedPath: string): string | undefined;
