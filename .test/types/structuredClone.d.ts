// The app's @types/node is 16.18 (the only line `rc-apps package` compiles cleanly with TypeScript 5.9),
// which predates this Node 17+ global; the tests run on Node 20, where it exists.
declare function structuredClone<T>(value: T, options?: { transfer?: unknown[] }): T;
