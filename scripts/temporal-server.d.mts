export interface TemporalServerBuild {
  /** The temporal-server binary. */
  server: string;
  /** Its `--root`: config/docker.yaml (the image's config template) and config/dynamicconfig/. */
  root: string;
}
export declare function temporalServerCacheDir(): string;
export declare function findTemporalServer(): TemporalServerBuild | undefined;
export declare function ensureTemporalServer(): TemporalServerBuild;
