import { JOB_STATES, type JobState } from '../../../db/index.ts';
import { InputError } from '../../../errors.ts';
import { renderJobs } from '../pages/jobs.ts';
import type { AdminRoutes } from '../kit.ts';

/** Jobs: the worker's queue by state, and queueing a dead job again. */
export const jobRoutes: AdminRoutes = (router, kit) => {
  const { options, log, handle, send, context, by } = kit;
  router.get(
    '/jobs',
    handle('/admin/jobs', async (req, res) => {
      const state = (JOB_STATES as readonly unknown[]).includes(req.query.state) ? (req.query.state as JobState) : undefined;
      const [counts, jobs] = await Promise.all([options.queue.counts(), options.queue.list({ state, limit: 200 })]);
      send(req, res, 'Jobs', '/admin/jobs', renderJobs({ counts, jobs, state, extractJob: options.extractJob }, context(res, '/admin/jobs')));
    }),
  );

  router.post(
    '/jobs/:id/retry',
    handle('/admin/jobs', async (req, res) => {
      const id = Number(req.params.id);
      if (!Number.isSafeInteger(id) || !(await options.queue.requeue(id)))
        throw new InputError(`job ${String(req.params.id)} is not dead, does not exist, or another job of its kind and key is queued or running`);
      log.info({ job: id, by: by(res) }, 'dead job queued again from the dashboard');
      res.redirect(303, '/admin/jobs?done=requeued');
    }),
  );
};
