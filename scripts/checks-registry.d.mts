export declare const CHECKS_DIR: string;
export declare function checkModules(dir?: string): string[];
export declare function registrySource(files: readonly string[]): string;
export declare function writeRegistry(dir?: string): boolean;
