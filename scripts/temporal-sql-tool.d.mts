export declare const TEMPORAL_SERVER_VERSION: string;
export interface TemporalSqlTool {
  /** The temporal-sql-tool binary. */
  tool: string;
  /** The server module's schema/ folder, laid out as the admin-tools image's /etc/temporal/schema. */
  schemaDir: string;
}
export declare function temporalSqlToolCacheDir(): string;
export declare function findTemporalSqlTool(): TemporalSqlTool | undefined;
export declare function ensureTemporalSqlTool(): TemporalSqlTool;
