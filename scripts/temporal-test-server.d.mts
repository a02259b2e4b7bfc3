export declare const TEMPORAL_TEST_SERVER_VERSION: string;
export declare function testServerCacheDir(): string;
export declare function findTemporalTestServer(): string | undefined;
export declare function ensureTemporalTestServer(): string;
