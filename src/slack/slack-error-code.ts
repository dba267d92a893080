/** Slack's error code of a failed Web API call (`not_in_channel`, …), never the request or its token. */
export function slackErrorCode(err: unknown): string {
  const data = (err as { data?: { error?: unknown } } | null)?.data;
  if (typeof data?.error === 'string') return data.error;
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : 'unknown';
}
