import { InputError } from '../../../errors.ts';
import { countExtracted, findProposal, ITEM_STATUSES, listExtracted, listProposals, localReview, reviewProposal } from '../../../extraction/index.ts';
import { html } from '../html.ts';
import { renderKnowledge, renderProposal } from '../pages/knowledge.ts';
import type { AdminRoutes } from '../kit.ts';

/** Knowledge: extracted items and proposals, and the review of a proposal (merge or reject). */
export const knowledgeRoutes: AdminRoutes = (router, kit) => {
  const { options, db, log, target, handle, send, notFound, context, by } = kit;
  router.get(
    '/knowledge',
    handle('/admin/knowledge', async (req, res) => {
      const status = (ITEM_STATUSES as readonly unknown[]).includes(req.query.status) ? String(req.query.status) : undefined;
      const [proposals, items, counts] = await Promise.all([listProposals(db), listExtracted(db, { status }), countExtracted(db)]);
      send(req, res, 'Knowledge', '/admin/knowledge', renderKnowledge({ target, proposals, items, counts, status }));
    }),
  );

  router.get(
    '/knowledge/proposals/:key',
    handle('/admin/knowledge', async (req, res) => {
      const key = String(req.params.key);
      const proposal = await findProposal(db, key).catch((error: unknown) => {
        if (error instanceof InputError) return null;
        throw error;
      });
      if (!proposal) return notFound(res, '/admin/knowledge', html`<p>No proposal ${key}. <a href="/admin/knowledge">All proposals</a></p>`);
      const review = localReview(options.host);
      const diff = review && proposal.host === 'local' && proposal.state === 'open' ? await review.diff(proposal.branch).catch(() => null) : null;
      const items = await listExtracted(db, { proposalKey: key });
      send(req, res, proposal.title, '/admin/knowledge', renderProposal({ proposal, items, diff, target }, context(res, '/admin/knowledge')));
    }),
  );

  for (const action of ['merge', 'reject'] as const) {
    router.post(
      `/knowledge/proposals/:key/${action}`,
      handle('/admin/knowledge', async (req, res) => {
        const key = String(req.params.key);
        const state = await reviewProposal({ db, host: options.host, key, action });
        log.info({ proposal: key, state, by: by(res) }, 'proposal reviewed in the dashboard');
        res.redirect(303, `/admin/knowledge/proposals/${encodeURIComponent(key)}?done=${state}`);
      }),
    );
  }
};
