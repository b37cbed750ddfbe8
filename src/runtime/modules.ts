/** The service's modules, loaded only by the commands that serve: `sop ask` stays small and quick. */
export async function serviceModules() {
  const [db, http, openphone, extraction, privacy, git, assistant, router, metrics, escalation, gaps, deploy] = await Promise.all([
    import('../db/index.ts'),
    import('../http/index.ts'),
    import('../openphone/index.ts'),
    import('../extraction/index.ts'),
    import('../privacy/index.ts'),
    import('../git/index.ts'),
    import('../assistant/index.ts'),
    import('../router/index.ts'),
    import('../metrics/index.ts'),
    import('../escalation/index.ts'),
    import('../gaps/index.ts'),
    import('../deploy/index.ts'),
  ]);
  return { db, http, openphone, extraction, privacy, git, assistant, router, metrics, escalation, gaps, deploy };
}

export type ServiceModules = Awaited<ReturnType<typeof serviceModules>>;
