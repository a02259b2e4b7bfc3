export declare const TEMPORAL_SERVER_VERSION: string;
export declare function requireGo(what: string, hint: string): void;
export declare function buildFromServerModule(dir: string, commands: Record<string, string>, folders: string[]): void;
