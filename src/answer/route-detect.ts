import { containsPhrase, words, type SearchResult } from '../search/index.ts';
import type { RouteInstructions } from '../sops/index.ts';
import type { HumanOnlyRequest } from './types.ts';

/**
 * Picks the route of a message: a route whose priority terms occur in it wins (emergency wording
 * beats everything, whatever search says); otherwise the route of the best document.
 */
export function detectRoute(
  message: string,
  routes: Map<string, RouteInstructions>,
  result: SearchResult,
): { route: string; by: 'priority' | 'search' } | null {
  const priority = [...routes.values()]
    .filter((r) => r.priorityTerms.some((t) => containsPhrase(message, t)))
    .sort((a, b) => Number(b.alwaysEscalate) - Number(a.alwaysEscalate) || a.route.localeCompare(b.route));
  if (priority[0]) return { route: priority[0].route, by: 'priority' };
  const top = result.hits[0];
  return top ? { route: top.route, by: 'search' } : null;
}

/** Human-only actions the message asks for (refunds, credits, unlocks...), from every route's rules. */
export function requestedHumanOnly(message: string, routes: Map<string, RouteInstructions>): HumanOnlyRequest[] {
  const found: HumanOnlyRequest[] = [];
  for (const route of routes.values()) {
    for (const rule of route.humanOnly) {
      const term = rule.terms.find((t) => containsPhrase(message, t));
      if (term && !found.some((f) => f.action === rule.action)) {
        found.push({ action: rule.action, term, reason: `asks for a ${rule.action} ("${term}"), which only staff can do`, handover: route.escalation });
      }
    }
  }
  return found;
}

/** The message without the words of its human-only requests: what is left for the SOPs to answer. */
export function withoutRequests(message: string, requests: readonly HumanOnlyRequest[]): string {
  let text = ` ${words(message).join(' ')} `;
  for (const r of requests) text = text.replaceAll(` ${words(r.term).join(' ')} `, ' ');
  return text.trim();
}
