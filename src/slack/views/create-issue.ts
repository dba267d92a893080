// The create-issue modal, opened from `/jira create`, the Home tab's *Create issue* button and the
// *Create Jira issue* message shortcut.
//
// Timing. A trigger is good for 3 seconds and a submission must be answered within 3, while Jira may
// take longer. So the modal opens at once with a loading view (before any Jira call) and is filled with
// `views.update` (with the view's hash) once Jira has answered. On submit, local problems are answered at
// once as field errors; then the issue is created with the person's own token within a budget of
// ~2.2 s. Within the budget Jira's own verdict is the answer: field errors under their inputs (Slack
// keeps what was typed), or the modal closes and the card is posted. Past the budget the submission is
// answered with a "Creating…" view and the result replaces it later: the "Created" view, or — when Jira
// refused — the same form again with everything typed filled back in and Jira's reasons on top, so
// trying again is one click on *Create*.

import type {
  AllMiddlewareArgs,
  BlockAction,
  SlackActionMiddlewareArgs,
  SlackViewMiddlewareArgs,
  ViewSubmitAction,
} from '@slack/bolt';
import type { ModalView } from '@slack/types';
import type { WebClient } from '@slack/web-api';
import type { EffectiveAccess, ProjectInfo } from '../../access/gate.js';
import type { Deps } from '../../deps.js';
import { isCodedError, UserUnmappedError } from '../../errors.js';
import { describeJiraError, isJiraError } from '../../jira/errors.js';
import {
  type CreateMeta,
  createdModal,
  createIssueModal,
  creatingModal,
  decodeMeta,
  errorModal,
  loadingModal,
  metaPlans,
  planTuples,
  STARTER_FIELDS,
} from '../blocks/create-issue.js';
import { describeError, plainWords } from '../blocks/error-message.js';
import { clip, esc } from '../blocks/mrkdwn.js';
import {
  blockValue,
  createInJiraUrl,
  type FieldValue,
  fieldBlockId,
  jiraErrorsToBlocks,
  mentionedUsers,
  messagePrefill,
  parseState,
  planFields,
  splitProjectAndSummary,
  toJiraFields,
  type ViewState,
  valuesFromState,
} from '../create-fields.js';
import { announceCreated } from '../created-issue.js';
import { CREATE_ISSUE } from '../ids.js';
import { slackErrorCode } from '../slack-error-code.js';

/** How long a submission may wait for Jira before it is answered with "Creating…" (Slack allows 3 s). */
export const SUBMIT_BUDGET_MS = 2200;

export interface OpenCreateIssue {
  who: { teamId: string; userId: string };
  client: WebClient;
  triggerId: string;
  /** Where to confirm (the conversation `/jira create` was typed in); none means a DM. */
  channelId?: string;
  /** `/jira create` text after the subcommand: `[PROJECT] [summary]`. */
  text?: string;
  /** The message the shortcut was used on. */
  source?: { channel: string; channelName?: string; ts: string; threadTs?: string; text: string };
}

/**
 * Opens the create modal. Refuses (throws the coded reason) before opening anything when the person has
 * no usable Jira connection of their own; callers render that as a Connect or Re-authorize prompt.
 */
export async function openCreateIssue(deps: Deps, req: OpenCreateIssue): Promise<void> {
  await deps.gate.requireConnection(req.who);
  const src = req.source;
  const meta: CreateMeta = {
    v: 1,
    ...(req.channelId ? { ch: req.channelId } : {}),
    ...(src
      ? {
          src: {
            ch: src.channel,
            ts: src.ts,
            ...(src.threadTs && src.threadTs !== src.ts ? { th: src.threadTs } : {}),
            ...(src.channelName ? { name: clip(src.channelName, 80) } : {}),
          },
        }
      : {}),
  };
  const opened = await req.client.views.open({ trigger_id: req.triggerId, view: loadingModal(meta) });
  const viewId = opened.view?.id;
  if (!viewId) return;
  let view: ModalView;
  try {
    view = await firstForm(deps, req, meta);
  } catch (err) {
    view = failureModal(deps, err, req.who, 'loading the create form');
  }
  await updateView(deps, req.client, { view_id: viewId, hash: opened.view?.hash, view });
}

async function firstForm(deps: Deps, req: OpenCreateIssue, meta: CreateMeta): Promise<ModalView> {
  const src = req.source;
  const [access, permalink, names] = await Promise.all([
    deps.gate.access(req.who),
    src ? permalinkOf(deps, req.client, src.channel, src.ts) : Promise.resolve(undefined),
    src ? mentionNames(req.client, src.text) : Promise.resolve({}),
  ]);
  const projects = await deps.gate.creatableProjects(access);
  const values: Record<string, FieldValue | undefined> = {};
  let projectKey: string | undefined;
  let notice: string | undefined;
  if (src) {
    const pre = messagePrefill(src.text, names);
    values.summary = pre.summary;
    values.description = pre.description;
  } else if (req.text?.trim()) {
    const parsed = splitProjectAndSummary(
      req.text,
      projects.map((p) => p.key),
      access.projects.map((p) => p.key),
    );
    projectKey = parsed.projectKey;
    if (parsed.summary) values.summary = parsed.summary;
    if (parsed.refusedKey)
      notice = `:warning: You can’t create issues in ${esc(parsed.refusedKey)}. Choose another project.`;
  }
  if (!projectKey && projects.length === 1) projectKey = projects[0]?.key;
  const withLink: CreateMeta = meta.src && permalink ? { ...meta, src: { ...meta.src, link: permalink } } : meta;
  return loadForm({ access, projects, projectKey, values, meta: withLink, notice });
}

interface FormInput {
  access: EffectiveAccess;
  projects: ProjectInfo[];
  projectKey?: string;
  typeId?: string;
  values: Record<string, FieldValue | undefined>;
  meta: CreateMeta;
  notice?: string;
}

/** The form for a project and issue type, from Jira's create metadata (read with the person's token). */
async function loadForm(f: FormInput): Promise<ModalView> {
  const { access, projects, meta, notice } = f;
  const base: CreateMeta = { v: 1, ch: meta.ch, src: meta.src };
  const text = (id: string) => {
    const v = f.values[id];
    return typeof v === 'string' ? v : undefined;
  };
  const summary = text('summary') ?? meta.carry?.s;
  const description = text('description') ?? meta.carry?.d;
  const values = { ...f.values, summary, description };
  const project = projects.find((p) => p.key.toUpperCase() === f.projectKey?.toUpperCase());
  if (!project) {
    return createIssueModal({
      meta: { ...base, f: planTuples(STARTER_FIELDS) },
      projects,
      inputs: STARTER_FIELDS,
      values,
      ...(notice ? { notice } : {}),
    });
  }
  // Sub-tasks need a parent issue, which this form doesn't ask for.
  const types = (await access.client.createMetaIssueTypes(project.key)).filter((t) => !t.subtask);
  const type = types.find((t) => t.id === f.typeId) ?? types[0];
  const chosen = { ...base, p: project.key, pid: project.id };
  if (!type) {
    return createIssueModal({ meta: chosen, projects, project, types: [], inputs: [], values, notice });
  }
  const plan = planFields(await access.client.createMetaFields(project.key, type.id));
  const typed = { ...chosen, t: type.id };
  if (plan.blocking.length) {
    const link = meta.src?.link;
    const url = createInJiraUrl(access.workspace.siteUrl, {
      projectId: project.id,
      issueTypeId: type.id,
      ...(summary ? { summary } : {}),
      description: [description ?? '', link ? `From Slack: ${link}` : ''].filter(Boolean).join('\n\n'),
    });
    return createIssueModal({
      meta: { ...typed, f: [], carry: { s: summary, d: description ? clip(description, 1500) : undefined } },
      projects,
      project,
      types,
      typeId: type.id,
      inputs: [],
      values,
      blocking: plan.blocking,
      createInJiraUrl: url,
      notice,
    });
  }
  return createIssueModal({
    meta: { ...typed, f: planTuples(plan.inputs) },
    projects,
    project,
    types,
    typeId: type.id,
    inputs: plan.inputs,
    values,
    notice,
  });
}

/** A project or issue type was picked: re-render the modal with that type's fields, keeping what was typed. */
export async function refreshCreateIssue(
  { ack, body, client }: SlackActionMiddlewareArgs<BlockAction> & AllMiddlewareArgs,
  deps: Deps,
): Promise<void> {
  await ack();
  const view = body.view;
  const action = body.actions[0];
  if (!view || !action || action.type !== 'static_select') return;
  const who = { teamId: body.team?.id ?? body.user.team_id ?? '', userId: body.user.id };
  const meta = decodeMeta(view.private_metadata) ?? { v: 1 as const };
  const picked = action.selected_option?.value;
  const state = parseState(view.state?.values);
  const values = valuesFromState(state, metaPlans(meta));
  const onProject = action.action_id === CREATE_ISSUE.projectAction;
  let next: ModalView;
  try {
    const access = await deps.gate.access(who);
    const projects = await deps.gate.creatableProjects(access);
    const projectKey = onProject ? picked : meta.p;
    const refused = projectKey && !projects.some((p) => p.key === projectKey);
    next = await loadForm({
      access,
      projects,
      ...(refused ? {} : { projectKey }),
      ...(onProject ? {} : { typeId: picked }),
      values,
      meta,
      ...(refused
        ? { notice: `:warning: You can’t create issues in ${esc(projectKey)}. Choose another project.` }
        : {}),
    });
  } catch (err) {
    next = failureModal(deps, err, who, 'loading the create form');
  }
  // A newer pick may have re-rendered the modal meanwhile (hash_conflict): that one wins.
  await updateView(deps, client, { view_id: view.id, hash: view.hash, view: next });
}

type Outcome =
  | { kind: 'created'; key: string; access: EffectiveAccess }
  | { kind: 'invalid'; errors: Record<string, string> }
  | { kind: 'failed'; error: unknown };

/** The modal was submitted: check it, create the issue as the person, and answer within Slack's 3 seconds. */
export async function submitCreateIssue(
  { ack, body, view, client }: SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs,
  deps: Deps,
): Promise<void> {
  const started = Date.now();
  const who = { teamId: body.team?.id ?? body.user.team_id ?? '', userId: body.user.id };
  const meta = decodeMeta(view.private_metadata);
  if (!meta) {
    await ack({
      response_action: 'update',
      view: errorModal({ text: 'This form is out of date. Please open it again.' }),
    });
    return;
  }
  const plans = metaPlans(meta);
  const state = parseState(view.state.values);
  const anchor = fieldBlockId(plans.find((p) => p.kind === 'summary')?.id ?? plans[0]?.id ?? 'summary');
  if (!meta.p || !meta.t || plans.length === 0) {
    await ack({ response_action: 'errors', errors: { [anchor]: 'Choose a project first.' } });
    return;
  }
  const linkBack = meta.src?.link ? { url: meta.src.link, text: 'Created from a Slack message' } : undefined;
  const draft = toJiraFields(valuesFromState(state, plans), plans, {
    projectKey: meta.p,
    issueTypeId: meta.t,
    ...(linkBack ? { linkBack } : {}),
  });
  if (Object.keys(draft.errors).length) {
    await ack({ response_action: 'errors', errors: draft.errors });
    return;
  }

  const work = create(deps, who, meta, state, draft, anchor);
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'late'>((resolve) => {
    timer = setTimeout(() => resolve('late'), Math.max(0, SUBMIT_BUDGET_MS - (Date.now() - started)));
  });
  const first = await Promise.race([work, late]);
  clearTimeout(timer);

  if (first !== 'late') {
    if (first.kind === 'invalid') {
      await ack({ response_action: 'errors', errors: first.errors });
      return;
    }
    if (first.kind === 'failed') {
      const text = failureText(deps, first.error, who);
      if (text.kind === 'field') await ack({ response_action: 'errors', errors: { [anchor]: text.text } });
      else await ack({ response_action: 'update', view: failureModal(deps, first.error, who, 'creating the issue') });
      return;
    }
    await ack();
    await announceCreated({ deps, slack: client, who, access: first.access, key: first.key, meta });
    return;
  }

  await ack({ response_action: 'update', view: creatingModal() });
  const outcome = await work;
  if (outcome.kind === 'created') {
    const ref = await announceCreated({ deps, slack: client, who, access: outcome.access, key: outcome.key, meta });
    await updateView(deps, client, { view_id: view.id, view: createdModal(ref) });
    return;
  }
  // Too late for field errors: show the form again, filled with what was typed, with Jira's reasons on top.
  const reasons =
    outcome.kind === 'invalid' ? Object.values(outcome.errors).join(' ') : failureText(deps, outcome.error, who).text;
  let again: ModalView;
  try {
    const access = await deps.gate.access(who);
    again = await loadForm({
      access,
      projects: await deps.gate.creatableProjects(access),
      projectKey: meta.p,
      typeId: meta.t,
      values: valuesFromState(state, plans),
      meta,
      notice: `:warning: The issue wasn’t created. ${esc(clip(reasons, 2500))}\nYour answers are below; press *Create* to try again.`,
    });
  } catch (err) {
    again = failureModal(deps, err, who, 'creating the issue');
  }
  await updateView(deps, client, { view_id: view.id, view: again });
}

/** Everything that needs Jira, run against the submit budget. Never throws: failures are outcomes. */
async function create(
  deps: Deps,
  who: { teamId: string; userId: string },
  meta: CreateMeta,
  state: ViewState,
  draft: ReturnType<typeof toJiraFields>,
  anchor: string,
): Promise<Outcome> {
  try {
    const access = await deps.gate.access(who);
    const projects = await deps.gate.creatableProjects(access);
    // The selects' state is what the person (or a forged request) says; the metadata is what was loaded.
    const project = String(blockValue(state, CREATE_ISSUE.projectBlock) ?? meta.p);
    const type = String(blockValue(state, CREATE_ISSUE.typeBlock) ?? meta.t);
    if (!projects.some((p) => p.key === project) || !projects.some((p) => p.key === meta.p)) {
      deps.log.info({ team: who.teamId, user: who.userId, project }, 'create refused: project not creatable');
      return {
        kind: 'invalid',
        errors: { [anchor]: `You can’t create issues in ${clip(project, 100)}. Choose another project.` },
      };
    }
    if (project !== meta.p || type !== meta.t) {
      return {
        kind: 'invalid',
        errors: { [anchor]: 'The form is still loading the fields for your choice. Wait a moment, then press Create.' },
      };
    }
    const fields = { ...draft.fields };
    const errors: Record<string, string> = {};
    for (const person of draft.people) {
      try {
        const match = await deps.userMap.resolve(access.workspace, person.slackUserId, access.client);
        fields[person.fieldId] = { accountId: match.accountId };
      } catch (err) {
        if (!(err instanceof UserUnmappedError)) throw err;
        // Field errors are plain text: the same words as elsewhere, without mrkdwn.
        errors[fieldBlockId(person.fieldId)] = plainWords(describeError(err, {}).text);
      }
    }
    if (Object.keys(errors).length) return { kind: 'invalid', errors };
    try {
      const created = await access.client.createIssue(fields);
      deps.log.info({ team: who.teamId, user: who.userId, key: created.key }, 'issue created from Slack');
      return { kind: 'created', key: created.key, access };
    } catch (err) {
      if (isJiraError(err) && err.code === 'invalid') {
        return { kind: 'invalid', errors: jiraErrorsToBlocks(err, metaPlans(meta), anchor) };
      }
      throw err;
    }
  } catch (error) {
    return { kind: 'failed', error };
  }
}

/** Words for a failure: a Jira problem can sit under a field (values kept); a coded one needs its own view. */
function failureText(
  deps: Deps,
  err: unknown,
  who: { teamId: string; userId: string },
): { kind: 'field' | 'view'; text: string } {
  if (isJiraError(err)) {
    if (err.code === 'timeout') {
      return {
        kind: 'field',
        text: 'Jira didn’t answer in time, so the issue may or may not have been created. Check Jira before trying again.',
      };
    }
    return { kind: 'field', text: describeJiraError(err, 'creating the issue') };
  }
  const coded = isCodedError(err) ? err : deps.translateError(err);
  if (coded) return { kind: 'view', text: describeError(coded, {}).text };
  deps.log.error({ err, team: who.teamId, user: who.userId }, 'create issue failed');
  return { kind: 'view', text: 'Something went wrong on our side. Please try again.' };
}

function failureModal(deps: Deps, err: unknown, who: { teamId: string; userId: string }, what: string): ModalView {
  const coded = isCodedError(err) ? err : deps.translateError(err);
  if (coded) {
    deps.log.info({ code: coded.code, what, team: who.teamId, user: who.userId }, 'create issue refused');
    // Connect/re-authorize links are single-use and made per click; the modal points to Home instead.
    const view = describeError(coded, {});
    return errorModal(view);
  }
  deps.log.error({ err, what, team: who.teamId, user: who.userId }, 'create issue failed');
  return errorModal({ text: 'Something went wrong on our side. Please try again in a moment.' });
}

async function updateView(
  deps: Deps,
  client: WebClient,
  args: { view_id: string; hash?: string | undefined; view: ModalView },
): Promise<void> {
  try {
    await client.views.update({ view_id: args.view_id, view: args.view, ...(args.hash ? { hash: args.hash } : {}) });
  } catch (err) {
    // hash_conflict: a newer update won; not_found: the person closed the modal. Neither is a failure.
    deps.log.info({ slackError: slackErrorCode(err) }, 'create modal not updated');
  }
}

async function permalinkOf(deps: Deps, client: WebClient, channel: string, ts: string): Promise<string | undefined> {
  try {
    return (await client.chat.getPermalink({ channel, message_ts: ts })).permalink;
  } catch (err) {
    deps.log.info({ slackError: slackErrorCode(err) }, 'no permalink for the shortcut message');
    return undefined;
  }
}

async function mentionNames(client: WebClient, text: string): Promise<Record<string, string>> {
  const ids = mentionedUsers(text).slice(0, 10);
  const pairs = await Promise.all(
    ids.map(async (id) => {
      try {
        const u = (await client.users.info({ user: id })).user;
        return [id, u?.profile?.display_name || u?.real_name || u?.name || id] as const;
      } catch {
        return [id, id] as const;
      }
    }),
  );
  return Object.fromEntries(pairs);
}
