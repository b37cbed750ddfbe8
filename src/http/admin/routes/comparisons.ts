import { harvestSkip } from '../../../evals/index.ts';
import { findComparison, listComparisons, recordVerdict, VERDICTS, type Verdict } from '../../../metrics/index.ts';
import { html } from '../html.ts';
import { PAGE_SIZE as COMPARISONS_PAGE, renderComparison, renderComparisonList, type ComparisonQuery } from '../pages/comparisons.ts';
import { type AdminRoutes, number01, day, page } from '../kit.ts';

/** Shadow comparisons: the list, one comparison, and a reviewer's verdict (which `sop eval harvest` reads). */
export const comparisonRoutes: AdminRoutes = (router, kit) => {
  const { options, db, handle, send, notFound, context, by } = kit;
  router.get(
    '/comparisons',
    handle('/admin/comparisons', async (req, res) => {
      const q = req.query;
      const verdict = q.verdict === 'none' || (VERDICTS as readonly unknown[]).includes(q.verdict) ? (q.verdict as Verdict | 'none') : undefined;
      const filter: ComparisonQuery = {
        route: typeof q.route === 'string' && q.route ? q.route : undefined,
        from: day('from', q.from),
        to: day('to', q.to),
        similarityBelow: number01('similarity_below', q.similarity_below),
        minConfidence: number01('min_confidence', q.min_confidence),
        maxConfidence: number01('max_confidence', q.max_confidence),
        verdict,
        page: page(q.page),
      };
      const { rows, total } = await listComparisons(db, { ...filter, limit: COMPARISONS_PAGE, offset: (filter.page - 1) * COMPARISONS_PAGE });
      // Only an empty page needs to know whether there is anything at all (the two empty states differ).
      const anyAtAll = total > 0 || (await listComparisons(db, { limit: 1 })).total > 0;
      send(
        req,
        res,
        'Shadow comparisons',
        '/admin/comparisons',
        renderComparisonList({ filter, routes: options.rollout().routes.map((r) => r.route), rows, total, anyAtAll }),
      );
    }),
  );

  router.get(
    '/comparisons/:id',
    handle('/admin/comparisons', async (req, res) => {
      const comparison = await findComparison(db, String(req.params.id));
      if (!comparison)
        return notFound(
          res,
          '/admin/comparisons',
          html`<p>No shadow comparison ${String(req.params.id)}. <a href="/admin/comparisons">All comparisons</a></p>`,
        );
      const back = req.originalUrl.includes('?') ? req.originalUrl.slice(req.originalUrl.indexOf('?')).replace(/[?&]done=[^&]*/, '') : '';
      send(
        req,
        res,
        'Shadow comparison',
        '/admin/comparisons',
        renderComparison(comparison, options.documents(), context(res, '/admin/comparisons'), back.startsWith('?') ? back : back ? `?${back.slice(1)}` : ''),
      );
    }),
  );

  router.post(
    '/comparisons/:id/verdict',
    handle('/admin/comparisons', async (req, res) => {
      const body = req.body as Record<string, unknown>;
      const id = String(req.params.id);
      const source = typeof body.source === 'string' ? body.source : undefined;
      const judged = await recordVerdict(db, id, String(body.verdict ?? ''), by(res), { source, documents: new Set(options.documents().map((d) => d.path)) });
      const skip = harvestSkip(judged);
      const back = typeof body.back === 'string' && body.back.startsWith('?') ? body.back : '';
      res.redirect(303, `/admin/comparisons/${id}${back ? `${back}&` : '?'}done=${skip ? `verdict-${skip}` : 'verdict'}`);
    }),
  );
};
