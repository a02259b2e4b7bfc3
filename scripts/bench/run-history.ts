// What one workflow run cost Temporal, read from its history: events, workflow tasks, signals, retried activities.
import type { Client } from '@temporalio/client';
import { historyToJSON } from '@temporalio/common/lib/proto-utils.js';

interface HistoryEventJson {
  eventId: string;
  eventTime: string;
  eventType: string;
  workflowExecutionSignaledEventAttributes?: { signalName?: string };
  activityTaskScheduledEventAttributes?: { activityType?: { name?: string } };
  activityTaskStartedEventAttributes?: {
    scheduledEventId?: string;
    attempt?: number;
    lastFailure?: { message?: string; applicationFailureInfo?: { type?: string } };
  };
}

export interface RunSummary {
  events: number;
  workflowTasks: number;
  /** Workflow tasks that timed out, e.g. a sticky task no worker slot picked up within 5 s. */
  workflowTaskTimeouts: number;
  signals: string[];
  /** Activities whose last recorded start was a retry: `chargeInvoice after acquirer_unavailable`. */
  retried: string[];
  /** Event types in order, activities and signals named: `ActivityTaskScheduled(chargeInvoice)`. */
  eventTypes: string[];
  /** When each event was recorded, ms since the epoch. */
  eventTimes: number[];
  closed: boolean;
}

/** `EVENT_TYPE_WORKFLOW_TASK_COMPLETED` → `WorkflowTaskCompleted`. */
const eventName = (type: string) =>
  type
    .replace(/^EVENT_TYPE_/, '')
    .toLowerCase()
    .replace(/(^|_)([a-z])/g, (_m, _sep, c: string) => c.toUpperCase());

const CLOSING = new Set(['WorkflowExecutionContinuedAsNew', 'WorkflowExecutionCompleted', 'WorkflowExecutionFailed']);

function retriedActivities(events: HistoryEventJson[]): string[] {
  const nameOf = new Map(events.map((e) => [e.eventId, e.activityTaskScheduledEventAttributes?.activityType?.name]));
  return events.flatMap((e) => {
    const started = e.activityTaskStartedEventAttributes;
    if (!started || (started.attempt ?? 1) <= 1) return [];
    const failure = started.lastFailure?.applicationFailureInfo?.type ?? started.lastFailure?.message ?? 'a failure';
    return [`${nameOf.get(started.scheduledEventId ?? '') ?? 'activity'} after ${failure}`];
  });
}

export async function summariseRun(client: Client, workflowId: string, runId?: string): Promise<RunSummary> {
  const history = await client.workflow.getHandle(workflowId, runId).fetchHistory();
  const events = (JSON.parse(historyToJSON(history)) as { events: HistoryEventJson[] }).events;
  const eventTypes = events.map((e) => {
    const name = eventName(e.eventType);
    const detail =
      e.activityTaskScheduledEventAttributes?.activityType?.name ??
      e.workflowExecutionSignaledEventAttributes?.signalName;
    return detail ? `${name}(${detail})` : name;
  });
  return {
    events: events.length,
    workflowTasks: eventTypes.filter((t) => t === 'WorkflowTaskCompleted').length,
    workflowTaskTimeouts: eventTypes.filter((t) => t === 'WorkflowTaskTimedOut').length,
    signals: events.flatMap((e) => e.workflowExecutionSignaledEventAttributes?.signalName ?? []),
    retried: retriedActivities(events),
    eventTypes,
    eventTimes: events.map((e) => Date.parse(e.eventTime)),
    closed: CLOSING.has(eventTypes.at(-1) ?? ''),
  };
}
