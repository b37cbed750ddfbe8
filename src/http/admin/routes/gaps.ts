import { InputError } from '../../../errors.ts';
import { GAP_PERIODS, keptGapReports, markNewSop, markNotOurs, proposeTopicQuestions, readMarks, type GapReport } from '../../../gaps/index.ts';
import { renderGaps } from '../pages/gaps.ts';
import type { AdminRoutes } from '../kit.ts';

/** Gaps: the topics customers asked about that no SOP answered well, and the three decisions on a topic. */
export const gapRoutes: AdminRoutes = (router, kit) => {
  const { options, db, log, now, handle, send, context, by } = kit;

  const gaps = options.gaps ?? keptGapReports({ db, version: options.version, index: options.index, log, now });

  /** A kept report with the marks as they are now: a decision shows at once. */
  const withMarks = async (report: GapReport): Promise<GapReport> => {
    const marks = await readMarks(
      db,
      report.topics.map((t) => t.id),
    );
    return { ...report, topics: report.topics.map((t) => ({ ...t, mark: marks.get(t.id) ?? null })) };
  };

  /** The period, route and topic a form on the Gaps page names. */
  const postedTopic = async (body: Record<string, unknown>) => {
    const days = (GAP_PERIODS as readonly number[]).includes(Number(body.days)) ? Number(body.days) : 7;
    const route = typeof body.route === 'string' && body.route ? body.route : undefined;
    const topic = (await gaps.get(days, route).report).topics.find((t) => t.id === body.topic);
    if (!topic) throw new InputError(`topic: no topic ${String(body.topic)} in this report any more; reload the page`);
    return { days, route, topic };
  };
  const gapsPage = (days: number, route: string | undefined, done: string) =>
    `/admin/gaps?days=${days}${route ? `&route=${encodeURIComponent(route)}` : ''}&done=${done}`;

  router.get(
    '/gaps',
    handle('/admin/gaps', async (req, res) => {
      const days = (GAP_PERIODS as readonly number[]).includes(Number(req.query.days)) ? Number(req.query.days) : 7;
      const routes = options.rollout().routes.map((r) => r.route);
      const route = typeof req.query.route === 'string' && routes.includes(req.query.route) ? req.query.route : undefined;
      const { at, report } = gaps.get(days, route);
      send(
        req,
        res,
        'Gaps',
        '/admin/gaps',
        renderGaps(
          {
            report: await withMarks(await report),
            days,
            route,
            routes,
            computedAt: at,
            documents: options.host ? options.documents().map((d) => d.path) : null,
          },
          context(res, '/admin/gaps'),
        ),
      );
    }),
  );

  router.post(
    '/gaps/questions',
    handle('/admin/gaps', async (req, res) => {
      const body = req.body as Record<string, unknown>;
      if (!options.host) throw new InputError('nowhere to propose: set PROPOSALS_REPO (a local git repository), or GITHUB_TOKEN and GITHUB_REPOSITORY');
      const { days, route, topic } = await postedTopic(body);
      const sop = String(body.sop ?? '');
      if (!options.documents().some((d) => d.path === sop)) throw new InputError(`sop: choose one of the SOPs this server answers with, got "${sop}"`);
      const { proposal, added } = await proposeTopicQuestions({ host: options.host, topic, sop, sopsDir: options.sopsPath });
      log.info({ topic: topic.id, sop, added: added.length, branch: proposal?.branch ?? null, by: by(res) }, 'gap topic proposed as SOP questions');
      res.redirect(303, gapsPage(days, route, proposal ? 'questions-proposed' : 'nothing-to-propose'));
    }),
  );

  router.post(
    '/gaps/not-ours',
    handle('/admin/gaps', async (req, res) => {
      const { days, route, topic } = await postedTopic(req.body as Record<string, unknown>);
      const { link } = await markNotOurs({ db, host: options.host, sopsPath: options.sopsPath, topic, by: by(res) });
      log.info({ topic: topic.id, link, by: by(res) }, 'gap topic marked not ours');
      res.redirect(303, gapsPage(days, route, 'not-ours'));
    }),
  );

  router.post(
    '/gaps/new-sop',
    handle('/admin/gaps', async (req, res) => {
      const { days, route, topic } = await postedTopic(req.body as Record<string, unknown>);
      const link = await markNewSop({ db, host: options.host, topic, by: by(res) });
      log.info({ topic: topic.id, link, by: by(res) }, 'gap topic marked as needing a new SOP');
      res.redirect(303, gapsPage(days, route, 'new-sop'));
    }),
  );
};
