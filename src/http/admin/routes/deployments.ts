import { findDeployment, listDeployments, readActive, rollbackDeployment, unpinDeployment } from '../../../deploy/index.ts';
import { InputError } from '../../../errors.ts';
import { html } from '../html.ts';
import { renderDeployments, renderRollbackConfirm } from '../pages/deployments.ts';
import type { AdminRoutes } from '../kit.ts';

/** Deployments: the versions, and rolling back to one or unpinning. */
export const deploymentRoutes: AdminRoutes = (router, kit) => {
  const { options, db, log, handle, send, notFound, context, by } = kit;
  router.get(
    '/deployments',
    handle('/admin/deployments', async (req, res) => {
      const [versions, active] = await Promise.all([listDeployments(db), readActive(db)]);
      send(
        req,
        res,
        'Deployments',
        '/admin/deployments',
        renderDeployments({ versions, active, serving: options.version() }, context(res, '/admin/deployments')),
      );
    }),
  );

  router.get(
    '/deployments/:version/rollback',
    handle('/admin/deployments', async (req, res) => {
      const [found, active] = await Promise.all([findDeployment(db, String(req.params.version)), readActive(db)]);
      if (!found)
        return notFound(
          res,
          '/admin/deployments',
          html`<p>No version ${String(req.params.version)}: it may have been pruned. <a href="/admin/deployments">All versions</a></p>`,
        );
      send(req, res, 'Roll back', '/admin/deployments', renderRollbackConfirm({ target: found, active }, context(res, '/admin/deployments')));
    }),
  );

  router.post(
    '/deployments/rollback',
    handle('/admin/deployments', async (req, res) => {
      const version = String((req.body as Record<string, unknown>).version ?? '');
      if (!version) throw new InputError('version: name the version to roll back to');
      const activated = await rollbackDeployment(db, version, by(res));
      log.info({ version: activated, by: by(res) }, 'rolled back from the dashboard');
      res.redirect(303, '/admin/deployments?done=rolled-back');
    }),
  );

  router.post(
    '/deployments/unpin',
    handle('/admin/deployments', async (_req, res) => {
      const activated = await unpinDeployment(db, by(res));
      log.info({ version: activated, by: by(res) }, 'unpinned from the dashboard');
      res.redirect(303, '/admin/deployments?done=unpinned');
    }),
  );
};
