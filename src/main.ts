import { createCore } from './runtime/core.ts';
import { openKnowledgeTools, startWorker } from './runtime/jobs.ts';
import { serviceModules } from './runtime/modules.ts';
import { openRouter } from './runtime/routing.ts';
import { startService } from './runtime/service.ts';
import type { Runtime } from './runtime/types.ts';

export type { Runtime, RouterHandle, KnowledgeTools, Service } from './runtime/types.ts';

/**
 * The composition root: the real dependencies, built once from the environment. The core (clients,
 * knowledge, database) is made now; the service's modules load only when a command that serves asks.
 * Each piece of wiring is a file of `src/runtime/`.
 */
export function createRuntime(processEnv: Record<string, string | undefined> = process.env): Runtime {
  const wiring = createCore(processEnv);
  return {
    ...wiring.core,
    startService: async (options) => startService(wiring, await serviceModules(), processEnv, options),
    startWorker: async () => startWorker(wiring, await serviceModules()),
    openKnowledgeTools: async () => openKnowledgeTools(wiring, await serviceModules()),
    openRouter: async () => openRouter(wiring, await serviceModules()),
  };
}
