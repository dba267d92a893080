import { randomBytes } from 'node:crypto';
import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import { WebAPIPlatformError, type WebClient } from '@slack/web-api';
import { requireAdmin } from '../../access/admin.js';
import type { Deps } from '../../deps.js';
import { isCodedError } from '../../errors.js';
import { describeError, internalErrorMessage, plainWords } from '../blocks/error-message.js';
import { settingsLoadingModal, settingsModal, settingsNoticeModal } from '../blocks/settings-modal.js';
import { SETTINGS_INPUTS } from '../ids.js';
import { type Changer, republishAfterChange, saveSettings, serviceProjectList } from '../settings-change.js';
import { readSettingsForm } from './settings-form.js';

/**
 * Opens the settings modal for an admin. Slack's trigger lasts three seconds and listing Jira projects
 * may take longer, so a Loading view opens at once and is replaced (guarded by its hash) when the data
 * is in. Throws NotAdminError before anything opens, so the caller can refuse in its own way.
 */
export async function openSettings(deps: Deps, client: WebClient, who: Changer, triggerId: string): Promise<void> {
  await requireAdmin(deps, who);
  const opened = await client.views.open({ trigger_id: triggerId, view: settingsLoadingModal() });
  const viewId = opened.view?.id;
  if (!viewId) return;
  let view: ReturnType<typeof settingsModal>;
  try {
    const [settings, projects] = await Promise.all([
      deps.stores.settings.get(who.teamId),
      serviceProjectList(deps, who.teamId),
    ]);
    view = settingsModal({ settings, projects });
  } catch (err) {
    const ref = randomBytes(4).toString('hex');
    deps.log.error({ err, ref, team: who.teamId, user: who.userId }, 'could not build the settings modal');
    view = settingsNoticeModal(internalErrorMessage(ref).text);
  }
  try {
    await client.views.update({ view_id: viewId, hash: opened.view?.hash, view });
  } catch (err) {
    // The admin closed the Loading view (not_found) or something else replaced it (hash_conflict):
    // there is nobody left to show the form to.
    const code = err instanceof WebAPIPlatformError ? err.data.error : undefined;
    if (code !== 'not_found' && code !== 'hash_conflict') throw err;
    deps.log.info({ code, team: who.teamId, user: who.userId }, 'settings modal was gone before it loaded');
  }
}

/**
 * Opens the settings modal from an interaction that has no reply channel (a Home button): a refusal
 * or a failure is shown in a small modal on the same trigger instead.
 */
export async function openSettingsOrExplain(
  deps: Deps,
  client: WebClient,
  who: Changer,
  triggerId: string,
): Promise<void> {
  try {
    await openSettings(deps, client, who, triggerId);
  } catch (err) {
    const coded = isCodedError(err) ? err : undefined;
    let text: string;
    if (coded) {
      deps.log.info({ code: coded.code, team: who.teamId, user: who.userId }, 'settings refused');
      text = describeError(coded, {}).text;
    } else {
      const ref = randomBytes(4).toString('hex');
      deps.log.error({ err, ref, team: who.teamId, user: who.userId }, 'could not open the settings modal');
      text = internalErrorMessage(ref).text;
    }
    // The trigger is spent if the failure came after views.open; then the log line is all there is.
    await client.views.open({ trigger_id: triggerId, view: settingsNoticeModal(text) }).catch(() => undefined);
  }
}

/**
 * The settings modal's Save. Field errors keep the modal open; a caller who is not (or no longer) an
 * admin is refused on the server whatever the form says. On success: save, close, re-publish Home.
 */
export async function submitSettings(
  { ack, body, view }: SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs,
  deps: Deps,
): Promise<void> {
  const who: Changer = { teamId: body.team?.id ?? body.user.team_id ?? view.team_id, userId: body.user.id };
  const form = readSettingsForm(view.state.values);
  if (!form.ok) {
    await ack({ response_action: 'errors', errors: form.errors });
    return;
  }
  let saved: Awaited<ReturnType<typeof saveSettings>>;
  try {
    await requireAdmin(deps, who);
    saved = await saveSettings(deps, who, 'settings modal', (s) => ({ ...s, ...form.settings }));
  } catch (err) {
    let text: string;
    if (isCodedError(err)) {
      deps.log.info({ code: err.code, team: who.teamId, user: who.userId }, 'settings submission refused');
      text = describeError(err, {}).text;
    } else {
      const ref = randomBytes(4).toString('hex');
      deps.log.error({ err, ref, team: who.teamId, user: who.userId }, 'could not save settings');
      text = internalErrorMessage(ref).text;
    }
    // Errors must name an input block; the first one is at the top of the form, where it is seen.
    await ack({ response_action: 'errors', errors: { [SETTINGS_INPUTS.projectsMode]: plainWords(text) } });
    return;
  }
  await ack();
  await republishAfterChange(deps, who, saved.before, saved.after);
}
