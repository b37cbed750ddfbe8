import { loadMetricsSummary, readDecisionStats } from '../../../metrics/index.ts';
import { PERIODS, renderOverview } from '../pages/overview.ts';
import type { AdminRoutes } from '../kit.ts';

/** The overview: decisions, answers, escalations and costs of a period. */
export const overviewRoutes: AdminRoutes = (router, kit) => {
  const { options, db, now, handle, send } = kit;
  router.get(
    '/',
    handle('/admin', async (req, res) => {
      const days = (PERIODS as readonly number[]).includes(Number(req.query.days)) ? Number(req.query.days) : 7;
      const rollout = options.rollout();
      const summary = await loadMetricsSummary(db, { days, today: now(), baselineMonthlyUsd: rollout.costs.baseline_monthly_usd });
      const stats = await readDecisionStats(db, summary.range);
      send(req, res, 'Overview', '/admin', renderOverview({ days, rollout, summary, stats }));
    }),
  );
};
