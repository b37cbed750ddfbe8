// The library entry for a backend that runs the router in its own process:
//   import { openRouter } from 'sop';
//   const sop = await openRouter();               // reads the same environment as `sop serve`
//   const reply = await sop.ask({ message, stickyKey, route, context });
//   await sop.close();
// The TypeScript sources are loaded through tsx's scoped loader: the host process's own imports are untouched.
import { tsImport } from 'tsx/esm/api';

const main = await tsImport('../src/main.ts', import.meta.url);

/** The router of `POST /api/ask` in process, over the configured database, SOPs and rollout file. */
export const openRouter = (env = process.env) => main.createRuntime(env).openRouter();
export const createRuntime = main.createRuntime;
