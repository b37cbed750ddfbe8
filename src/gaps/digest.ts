import type { Queryable } from '../db/index.ts';
import { escapeMrkdwn, type NotifyOutcome, type SlackMessage } from '../escalation/index.ts';
import type { SearchIndex } from '../search/index.ts';
import { buildGapReport, type GapReport, type GapTopic } from './report.ts';

/** Topics a digest names at most. */
export const DIGEST_TOPICS = 5;

/** `2026-W49`: the ISO week of a date (weeks start on Monday; week 1 holds the year's first Thursday). */
export function isoWeek(date: Date): string {
  const day = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()));
  const weekday = day.getUTCDay() || 7;
  day.setUTCDate(day.getUTCDate() + 4 - weekday);
  const yearStart = Date.UTC(day.getUTCFullYear(), 0, 1);
  const week = Math.ceil(((day.getTime() - yearStart) / 86_400_000 + 1) / 7);
  return `${day.getUTCFullYear()}-W${String(week).padStart(2, '0')}`;
}

/** The week's digest: the largest new or growing topics nobody has decided on, with a link to the page. */
export function digestMessage(report: GapReport, publicUrl: string): { message: SlackMessage; topics: GapTopic[] } {
  const topics = report.topics.filter((t) => !t.mark && (t.trend === 'new' || t.trend === 'growing')).slice(0, DIGEST_TOPICS);
  const page = `${publicUrl.replace(/\/+$/, '')}/admin/gaps?days=7`;
  const title = `Gaps this week: ${topics.length} new or growing ${topics.length === 1 ? 'topic' : 'topics'}`;
  const lines = topics.map(
    (t, i) =>
      `${i + 1}. *${escapeMrkdwn(t.name)}* (${t.trend}${t.trend === 'growing' ? ` from ${t.previous}` : ''}): ${t.texts} texts from ${t.customers} customers, ${(t.share * 100).toFixed(1)}% of ${escapeMrkdwn(t.route)}\n>${escapeMrkdwn(t.examples[0] ?? '').slice(0, 200)}`,
  );
  return {
    topics,
    message: {
      text: title,
      blocks: [
        { type: 'header', text: { type: 'plain_text', text: title } },
        { type: 'section', text: { type: 'mrkdwn', text: lines.join('\n') } },
        {
          type: 'context',
          elements: [{ type: 'mrkdwn', text: `${report.texts} texts answered below threshold or judged worse in 7 days · <${page}|Open the Gaps page>` }],
        },
      ],
    },
  };
}

/**
 * Posts the week's digest once per ISO week, whichever replica's worker gets there first: the week is
 * claimed in `gap_digests` before posting and released if the post fails, so the next run tries again.
 * A week with no new or growing topic yet posts nothing and stays unclaimed: the first run that finds
 * one posts it.
 */
export async function postWeeklyDigest(input: {
  db: Queryable;
  post: (message: SlackMessage) => Promise<NotifyOutcome>;
  publicUrl: string;
  now: Date;
  index?: SearchIndex | null;
}): Promise<{ week: string; outcome: NotifyOutcome | 'already-posted' | 'nothing-new' }> {
  const week = isoWeek(input.now);
  const claimed = await input.db.query('INSERT INTO gap_digests (week) VALUES ($1) ON CONFLICT (week) DO NOTHING RETURNING week', [week]);
  if (claimed.rows.length === 0) return { week, outcome: 'already-posted' };
  try {
    const report = await buildGapReport({ db: input.db, to: input.now, days: 7, index: input.index ?? null });
    const { message, topics } = digestMessage(report, input.publicUrl);
    if (topics.length === 0) {
      await input.db.query('DELETE FROM gap_digests WHERE week = $1', [week]);
      return { week, outcome: 'nothing-new' };
    }
    const outcome = await input.post(message);
    if (outcome !== 'failed') {
      await input.db.query('UPDATE gap_digests SET topics = $2 WHERE week = $1', [week, JSON.stringify(topics.map((t) => ({ id: t.id, texts: t.texts })))]);
    } else await input.db.query('DELETE FROM gap_digests WHERE week = $1', [week]);
    return { week, outcome };
  } catch (error) {
    await input.db.query('DELETE FROM gap_digests WHERE week = $1', [week]);
    throw error;
  }
}
