import type { Logger } from 'pino';
import type { AlarmResult, AlarmTransition } from '@acad/monitoring';

export interface NotificationOutcome {
  logged: number;
  /** Absent when no webhook is configured. */
  /** The host only: a webhook URL is a secret. */
  webhook?: { host: string; status?: number; error?: string };
}

const ICON: Record<AlarmTransition['to'], string> = {
  ALARM: ':rotating_light:',
  OK: ':white_check_mark:',
  INSUFFICIENT_DATA: ':grey_question:',
};

/** A Slack-compatible message (`{ text }`) listing the state changes. */
export function webhookMessage(transitions: readonly AlarmTransition[], alarms: readonly AlarmResult[]): { text: string } {
  const lines = transitions.map((t) => {
    const description = alarms.find((a) => a.name === t.alarm)?.description;
    return `${ICON[t.to]} *${t.alarm}* ${t.from} → ${t.to}${description ? ` — ${description}` : ''} (${t.reason})`;
  });
  return { text: [`Academics Data Platform: ${transitions.length} alarm state change(s)`, ...lines].join('\n') };
}

/**
 * Every state change goes to the log; when a webhook is configured, one POST carries them all.
 * A failing webhook is logged and reported, never fatal: the local log still has the changes.
 */
export async function notifyTransitions(
  transitions: readonly AlarmTransition[],
  alarms: readonly AlarmResult[],
  options: { logger: Logger; webhookUrl?: string; fetch: typeof fetch; timeoutMs?: number },
): Promise<NotificationOutcome> {
  for (const t of transitions) {
    options.logger[t.to === 'ALARM' ? 'warn' : 'info'](
      { alarm: t.alarm, from: t.from, to: t.to, reason: t.reason, at: t.at },
      `alarm ${t.alarm} ${t.from} -> ${t.to}`,
    );
  }
  const outcome: NotificationOutcome = { logged: transitions.length };
  if (!options.webhookUrl || transitions.length === 0) return outcome;
  const url = options.webhookUrl;
  const host = new URL(url).host;
  try {
    const response = await options.fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(webhookMessage(transitions, alarms)),
      signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
    });
    outcome.webhook = { host, status: response.status };
    if (!response.ok) options.logger.error({ status: response.status }, 'alarm webhook refused the notification');
  } catch (error) {
    outcome.webhook = { host, error: (error as Error).message };
    options.logger.error({ err: (error as Error).message }, 'alarm webhook could not be reached');
  }
  return outcome;
}
