import { InputError } from '../../../errors.ts';
import { listConversations, readConversation } from '../../../extraction/index.ts';
import { html } from '../html.ts';
import { PAGE_SIZE as CONVERSATIONS_PAGE, renderConversation, renderConversationList } from '../pages/conversations.ts';
import { type AdminRoutes, page } from '../kit.ts';

/** Conversations: the list, one conversation with what was extracted from it, and queueing its extraction. */
export const conversationRoutes: AdminRoutes = (router, kit) => {
  const { options, db, target, handle, send, notFound, context } = kit;
  router.get(
    '/conversations',
    handle('/admin/conversations', async (req, res) => {
      const p = page(req.query.page);
      const { rows, total } = await listConversations(db, { jobKind: options.extractJob, limit: CONVERSATIONS_PAGE, offset: (p - 1) * CONVERSATIONS_PAGE });
      send(req, res, 'Conversations', '/admin/conversations', renderConversationList({ rows, total, page: p }));
    }),
  );

  router.get(
    '/conversations/:id',
    handle('/admin/conversations', async (req, res) => {
      const conversation = await readConversation(db, String(req.params.id), { jobKind: options.extractJob });
      if (!conversation)
        return notFound(
          res,
          '/admin/conversations',
          html`<p>No conversation ${String(req.params.id)}: it has not reached the webhook, or it was deleted. <a href="/admin/conversations">All conversations</a></p>`,
        );
      send(req, res, 'Conversation', '/admin/conversations', renderConversation(conversation, context(res, '/admin/conversations'), target));
    }),
  );

  router.post(
    '/conversations/:id/extract',
    handle('/admin/conversations', async (req, res) => {
      const conversation = await readConversation(db, String(req.params.id), { jobKind: options.extractJob });
      if (!conversation) throw new InputError(`no conversation ${String(req.params.id)}`);
      if (!options.host)
        throw new InputError('extraction is not configured: set PROPOSALS_REPO, or GITHUB_TOKEN and GITHUB_REPOSITORY, and restart the service');
      const job = await options.queue.enqueue(options.extractJob, { conversationId: conversation.id }, { key: conversation.id });
      res.redirect(303, `/admin/conversations/${conversation.id}?done=${job === null ? 'already-queued' : 'queued'}`);
    }),
  );
};
