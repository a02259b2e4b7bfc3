export declare function canApt(): boolean;
export declare function aptInstall(packages: string[], why: string): void;
export declare function findPostgresBinDir(): string | undefined;
export declare function ensurePostgres(): void;
export declare const CHROMIUM_CANDIDATES: string[];
export declare function findChromium(): string | undefined;
export declare function ensureChromium(): void;
