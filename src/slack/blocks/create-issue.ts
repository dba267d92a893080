import type { KnownBlock, ModalView, PlainTextOption } from '@slack/types';
import { z } from 'zod';
import type { ProjectInfo } from '../../access/gate.js';
import { FIELD_KINDS, type FieldPlan, type FieldValue, fieldBlock } from '../create-fields.js';
import { CREATE_ISSUE, VIEWS } from '../ids.js';
import type { ErrorView } from './error-message.js';
import { clip, esc, issueLink } from './mrkdwn.js';

// The modal remembers, in private_metadata (≤ 3000 characters), where it came from and which fields it
// shows, so a submission is read without asking Jira for the create metadata again. Option values are
// Jira ids, so the kinds and ids are all that is needed to turn the answers into Jira fields.
const MetaSchema = z.object({
  v: z.literal(1),
  /** The conversation to confirm in (where `/jira create` was typed). */
  ch: z.string().optional(),
  /** The Slack message a shortcut started from: channel, ts, thread, permalink, channel name. */
  src: z
    .object({
      ch: z.string(),
      ts: z.string(),
      th: z.string().optional(),
      link: z.string().optional(),
      name: z.string().optional(),
    })
    .optional(),
  /** Project key and id, and issue type id, whose fields the modal shows. */
  p: z.string().optional(),
  pid: z.string().optional(),
  t: z.string().optional(),
  /** The fields shown: [id, kind, required (1/0), name] (the name is shed when space runs out). */
  f: z
    .array(
      z.union([
        z.tuple([z.string(), z.enum(FIELD_KINDS), z.union([z.literal(0), z.literal(1)]), z.string()]),
        z.tuple([z.string(), z.enum(FIELD_KINDS), z.union([z.literal(0), z.literal(1)])]),
      ]),
    )
    .optional(),
  /** Text carried across a view that has no inputs (the *Create in Jira* one). */
  carry: z.object({ s: z.string().optional(), d: z.string().optional() }).optional(),
});

export type CreateMeta = z.infer<typeof MetaSchema>;

const META_MAX = 3000;

export function encodeMeta(meta: CreateMeta): string {
  let m = meta;
  let s = JSON.stringify(m);
  // Shed what is only nice to have until it fits: field names (errors then name the field id), carried text.
  if (s.length > META_MAX && m.f) {
    m = { ...m, f: m.f.map(([id, kind, req]) => [id, kind, req] as const) };
    s = JSON.stringify(m);
  }
  if (s.length > META_MAX && m.carry) {
    m = { ...m, carry: undefined };
    s = JSON.stringify(m);
  }
  return s.length > META_MAX ? JSON.stringify({ ...m, f: undefined }) : s;
}

export function decodeMeta(raw: string | undefined): CreateMeta | null {
  try {
    const r = MetaSchema.safeParse(JSON.parse(raw ?? ''));
    return r.success ? r.data : null;
  } catch {
    return null;
  }
}

/** The fields a modal shows, from its metadata. */
export function metaPlans(meta: CreateMeta): Array<Pick<FieldPlan, 'id' | 'kind' | 'required' | 'name'>> {
  return (meta.f ?? []).map(([id, kind, req, name]) => ({ id, kind, required: req === 1, name: name ?? '' }));
}

export function planTuples(plans: readonly FieldPlan[]): NonNullable<CreateMeta['f']> {
  return plans.map((p) => [p.id, p.kind, p.required ? 1 : 0, clip(p.name, 40)] as const);
}

/** Before a project is chosen the modal still offers a summary and a description, so nothing typed is lost. */
export const STARTER_FIELDS: FieldPlan[] = [
  { id: 'summary', name: 'Summary', kind: 'summary', required: true },
  { id: 'description', name: 'Description', kind: 'description', required: false },
];

const TITLE = 'Create Jira issue';
const plain = (text: string) => ({ type: 'plain_text' as const, text });
const md = (text: string, blockId?: string): KnownBlock => ({
  type: 'section',
  ...(blockId ? { block_id: blockId } : {}),
  text: { type: 'mrkdwn', text: clip(text, 3000) },
});
const context = (text: string): KnownBlock => ({ type: 'context', elements: [{ type: 'mrkdwn', text }] });

function modal(meta: CreateMeta | null, blocks: KnownBlock[], submit?: string, close = 'Cancel'): ModalView {
  return {
    type: 'modal',
    callback_id: VIEWS.createIssue,
    title: plain(TITLE),
    ...(submit ? { submit: plain(submit) } : {}),
    close: plain(close),
    ...(meta ? { private_metadata: encodeMeta(meta) } : {}),
    blocks,
  };
}

/** Shown at once, before any Jira call, so the trigger is used within Slack's 3 seconds. */
export function loadingModal(meta: CreateMeta): ModalView {
  return modal(meta, [md(':hourglass_flowing_sand: Loading your Jira projects…')]);
}

export interface CreateForm {
  meta: CreateMeta;
  /** Projects the person may create in. */
  projects: readonly ProjectInfo[];
  project?: ProjectInfo;
  types?: ReadonlyArray<{ id: string; name: string }>;
  typeId?: string;
  /** The inputs to show (for the chosen type, or the starter fields before a project is chosen). */
  inputs: readonly FieldPlan[];
  /** Initial values by field id: what the person already entered, or the prefill. */
  values: Readonly<Record<string, FieldValue | undefined>>;
  /** Required fields the modal cannot render, and Jira's prefilled create screen for them. */
  blocking?: ReadonlyArray<{ name: string }>;
  createInJiraUrl?: string;
  /** A warning at the top, finished mrkdwn. */
  notice?: string;
}

const MAX_PROJECT_OPTIONS = 100;

function projectOption(p: ProjectInfo): PlainTextOption {
  return { text: plain(clip(`${p.name} (${p.key})`, 75)), value: p.key };
}

/**
 * The create form: project and issue-type selects (each change re-renders the modal with that type's
 * fields), then one input per field. When the type has a required field Slack can't show, the inputs
 * give way to a *Create in Jira* link, and there is no submit that would only fail.
 */
export function createIssueModal(f: CreateForm): ModalView {
  const blocks: KnownBlock[] = [];
  if (f.notice) blocks.push(md(f.notice));
  if (f.projects.length === 0) {
    blocks.push(
      md(
        'You can’t create issues in any Jira project reachable from Slack. Your Jira account needs the *Create issues* permission in a project this workspace allows.',
      ),
    );
    return modal(f.meta, blocks, undefined, 'Close');
  }

  let shown = f.projects.slice(0, MAX_PROJECT_OPTIONS);
  if (f.project && !shown.some((p) => p.key === f.project?.key)) shown = [...shown.slice(0, -1), f.project];
  const options = shown.map(projectOption);
  const chosen = f.project ? options.find((o) => o.value === f.project?.key) : undefined;
  blocks.push({
    type: 'section',
    block_id: CREATE_ISSUE.projectBlock,
    text: { type: 'mrkdwn', text: '*Project*' },
    accessory: {
      type: 'static_select',
      action_id: CREATE_ISSUE.projectAction,
      placeholder: plain('Choose a project'),
      options,
      ...(chosen ? { initial_option: chosen } : {}),
    },
  });
  if (f.projects.length > MAX_PROJECT_OPTIONS) {
    blocks.push(
      context(
        `Showing ${MAX_PROJECT_OPTIONS} of your ${f.projects.length} projects. For another one, type \`/jira create KEY\`.`,
      ),
    );
  }

  if (f.project && f.types) {
    if (f.types.length === 0) {
      blocks.push(md(`There is no issue type you can create in ${esc(f.project.name)} from Slack.`));
    } else {
      const typeOptions = f.types.slice(0, 100).map((t) => ({ text: plain(clip(t.name, 75)), value: t.id }));
      const chosenType = typeOptions.find((o) => o.value === f.typeId);
      blocks.push({
        type: 'section',
        block_id: CREATE_ISSUE.typeBlock,
        text: { type: 'mrkdwn', text: '*Issue type*' },
        accessory: {
          type: 'static_select',
          action_id: CREATE_ISSUE.typeAction,
          placeholder: plain('Choose an issue type'),
          options: typeOptions,
          ...(chosenType ? { initial_option: chosenType } : {}),
        },
      });
    }
  }

  if (f.blocking?.length) {
    const names = f.blocking.map((b) => `*${esc(clip(b.name, 100))}*`).join(', ');
    blocks.push(
      md(
        `This issue type needs ${names}, which Slack can’t show. Create it in Jira instead — what you typed comes along.`,
      ),
    );
    if (f.createInJiraUrl) {
      blocks.push({
        type: 'actions',
        elements: [
          {
            type: 'button',
            text: plain('Create in Jira'),
            action_id: CREATE_ISSUE.createInJira,
            url: f.createInJiraUrl,
            style: 'primary',
          },
        ],
      });
    }
    return modal(f.meta, blocks, undefined, 'Close');
  }

  if (!f.project) blocks.push(context('Choose a project to see the fields it needs.'));
  if (f.project && f.types?.length === 0) return modal(f.meta, blocks, undefined, 'Close');
  for (const p of f.inputs) blocks.push(fieldBlock(p, f.values[p.id] ?? p.initial));
  if (f.meta.src?.link) {
    blocks.push(context('A link back to the Slack message is added to the description and to the issue.'));
  }
  return modal(f.meta, blocks, f.inputs.length ? 'Create' : undefined);
}

/** Shown when Jira takes longer than Slack waits for an answer; replaced with the result. */
export function creatingModal(): ModalView {
  return modal(null, [md(':hourglass_flowing_sand: Creating your issue in Jira…')], undefined, 'Close');
}

/** The result, when the modal was still open while Jira created the issue. */
export function createdModal(i: { key: string; url: string; summary: string }): ModalView {
  return modal(null, [md(`:white_check_mark: Created *${issueLink(i)}*.`)], undefined, 'Done');
}

/** A failure that leaves nothing to fill in (not connected, Jira down while loading). */
export function errorModal(view: ErrorView): ModalView {
  const blocks: KnownBlock[] = [md(view.text)];
  if (view.button) {
    blocks.push({
      type: 'actions',
      elements: [
        {
          type: 'button',
          text: plain(view.button.text),
          url: view.button.url,
          action_id: view.button.actionId,
          style: 'primary',
        },
      ],
    });
  }
  return modal(null, blocks, undefined, 'Close');
}
