// Types for engines.js (plain CommonJS so that jest.config.js can read it).
export interface EngineInfo {
    version: string;
    /** The npm name it is installed under (an alias for all but the default). */
    package: string;
    /** The Rocket.Chat release line that ships it. */
    rocketChat: string;
    /** Spawns Deno on `<engine>/deno-runtime/main.ts` inside node_modules (before 1.62), not on a copy in its temp folder. */
    runtimeInPlace: boolean;
    isDefault: boolean;
}
export declare const ENGINES: Record<string, Omit<EngineInfo, 'version' | 'isDefault'>>;
export declare const DEFAULT_ENGINE: string;
export declare function selectedEngine(env?: NodeJS.ProcessEnv): EngineInfo;
export declare function jestModuleNameMapper(engine?: EngineInfo): Record<string, string>;
export declare function nodeBundleOptions(engine?: EngineInfo): import('esbuild').BuildOptions;
