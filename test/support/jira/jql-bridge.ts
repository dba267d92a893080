// The emulator's view of JQL: a thin adapter over `./jql.ts`, so routes and webhooks ask their questions
// (parse, match, sort, what does it name, is it bounded, is it a valid webhook filter) in one place.
import {
  checkWebhookFilter,
  evaluateJql,
  isBounded,
  type JqlIssueView,
  type JqlQuery,
  parseJql,
  referencedValues,
  sortIssues,
} from './jql.js';

export type { JqlIssueView, JqlQuery };

export interface JqlEngine {
  /** Throws `JqlError` with Jira's message. */
  parse(jql: string): JqlQuery;
  matches(q: JqlQuery, issue: JqlIssueView, ctx: { currentAccountId?: string; now?: number }): boolean;
  referenced(q: JqlQuery): { projects: string[]; keys: string[] };
  bounded(q: JqlQuery): boolean;
  sort<T extends JqlIssueView>(q: JqlQuery, issues: T[]): T[];
  webhookFilterProblem(jql: string): string | null;
}

export const jqlEngine: JqlEngine = {
  parse: parseJql,
  matches: evaluateJql,
  referenced: referencedValues,
  bounded: isBounded,
  sort: sortIssues,
  webhookFilterProblem: checkWebhookFilter,
};
