/** Every Slack-facing identifier the app registers or renders, in one place. */

export const COMMAND = '/jira';

export const SHORTCUTS = {
  createIssue: 'create_jira_issue',
} as const;

/**
 * The create-issue modal: the project and issue-type selects (their changes re-render the modal), one
 * input block per Jira field (`fieldBlockPrefix` + the field id), and the *Create in Jira* link.
 */
export const CREATE_ISSUE = {
  projectBlock: 'create_project',
  projectAction: 'create_issue_project',
  typeBlock: 'create_type',
  typeAction: 'create_issue_type',
  fieldBlockPrefix: 'create_field_',
  fieldAction: 'create_value',
  createInJira: 'create_in_jira',
} as const;

export const ACTIONS = {
  connectUser: 'connect_user',
  connectService: 'connect_service',
  changeService: 'change_service',
  disconnectUser: 'disconnect_user',
  reauthorize: 'reauthorize',
  openInJira: 'open_in_jira',
  notificationOpenInJira: 'notif_open_in_jira',
  comment: 'issue_comment',
  assignToMe: 'issue_assign_to_me',
  transition: 'issue_transition',
  watch: 'issue_watch',
  share: 'issue_share',
  searchMore: 'search_more',
  openSettings: 'open_settings',
  createIssue: 'home_create_issue',
  removeSubscription: 'remove_subscription',
  notifyToggle: 'notify_toggle',
  noop: 'noop',
  /** Inputs of the comment and transition modals (not dispatched; read on submit). */
  commentText: 'comment_text',
  transitionPick: 'transition_pick',
} as const;

export const VIEWS = {
  settings: 'settings_modal',
  createIssue: 'create_issue_modal',
  comment: 'comment_modal',
  transition: 'transition_modal',
  subscribe: 'subscribe_modal',
} as const;

export const BLOCKS = {
  issueActions: 'issue_actions',
  commentText: 'comment_text',
  transitionPick: 'transition_pick',
  searchMore: 'search_more',
} as const;

/** The settings modal's inputs; each id is both the input's block_id and its element's action_id. */
export const SETTINGS_INPUTS = {
  projectsMode: 'settings_projects_mode',
  projects: 'settings_projects',
  requireAuth: 'settings_require_auth',
  previews: 'settings_previews',
  subscribers: 'settings_subscribers',
  managers: 'settings_managers',
} as const;

/** The subscribe modal's inputs; each id is both the input's block_id and its element's action_id. */
export const SUBSCRIBE_INPUTS = {
  project: 'subscribe_project',
  events: 'subscribe_events',
  issueTypes: 'subscribe_issue_types',
  statuses: 'subscribe_statuses',
  priorities: 'subscribe_priorities',
  labels: 'subscribe_labels',
  assignees: 'subscribe_assignees',
  security: 'subscribe_security',
} as const;
