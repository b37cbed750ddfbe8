// The library entry for a backend that runs the router in its own process:
//   import { openRouter } from 'sop';
//   const sop = await openRouter();               // reads the same environment as `sop serve`
//   const reply = await sop.ask({ message, stickyKey, route, context });
//   await sop.close();
// TypeScript sources run through tsx's loader, as for the `sop` command.
import { register } from 'tsx/esm/api';

register();
const main = await import('../src/main.ts');

/** The router of `POST /api/ask` in process, over the configured database, SOPs and rollout file. */
export const openRouter = (env = process.env) => main.createRuntime(env).openRouter();
export const createRuntime = main.createRuntime;
