import type { KnownBlock } from '@slack/types';
import { ACTIONS, BLOCKS } from '../ids.js';
import type { Message } from './help.js';
import { type CardIssue, compactCard } from './issue-card.js';
import { clip, code } from './mrkdwn.js';

/** Results per page; each is one block, so a page stays far below Slack's 50. */
export const SEARCH_PAGE_SIZE = 10;

export interface SearchResultsInput {
  /** What the person typed (raw; escaped here). */
  query: string;
  /** 1 for the first page. */
  page: number;
  issues: CardIssue[];
  /** The *More results* button's value, when Jira has another page. */
  more?: string;
}

/** One page of `/jira search`: a line saying what was searched, compact cards, *More results*. */
export function searchResults(r: SearchResultsInput): Message {
  const what = code(clip(r.query.replace(/\s+/g, ' ').trim(), 200));
  if (r.issues.length === 0) {
    const text = r.page === 1 ? `No issues match ${what}.` : `No more issues match ${what}.`;
    return { text, blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }] };
  }
  const first = (r.page - 1) * SEARCH_PAGE_SIZE + 1;
  const range = r.issues.length === 1 ? `${first}` : `${first}–${first + r.issues.length - 1}`;
  const head = `Issues matching ${what} (${range}${r.more ? ', more below' : ''})`;
  const blocks: KnownBlock[] = [{ type: 'context', elements: [{ type: 'mrkdwn', text: head }] }];
  for (const issue of r.issues.slice(0, SEARCH_PAGE_SIZE)) blocks.push(...compactCard(issue));
  if (r.more) {
    blocks.push({
      type: 'actions',
      block_id: BLOCKS.searchMore,
      elements: [
        {
          type: 'button',
          text: { type: 'plain_text', text: 'More results' },
          action_id: ACTIONS.searchMore,
          value: r.more,
        },
      ],
    });
  }
  return { text: head, blocks };
}
