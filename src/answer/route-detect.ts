import { phraseTest, words } from '../search/index.ts';
import type { RouteInstructions } from '../sops/index.ts';
import type { HumanOnlyRequest } from './types.ts';

/**
 * The route whose priority terms occur in the message (an always-escalate route first), if any:
 * emergency wording beats whatever search or the caller says.
 */
export function priorityRoute(message: string, routes: Map<string, RouteInstructions>): string | null {
  const contains = phraseTest(message);
  const matching = [...routes.values()]
    .filter((r) => r.priorityTerms.some(contains))
    .sort((a, b) => Number(b.alwaysEscalate) - Number(a.alwaysEscalate) || a.route.localeCompare(b.route));
  return matching[0]?.route ?? null;
}

/** Human-only actions the message asks for (refunds, credits, unlocks...), from every route's rules. */
export function requestedHumanOnly(message: string, routes: Map<string, RouteInstructions>): HumanOnlyRequest[] {
  const found: HumanOnlyRequest[] = [];
  const contains = phraseTest(message);
  for (const route of routes.values()) {
    for (const rule of route.humanOnly) {
      const term = rule.terms.find(contains);
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
