// Lets a fast test hold one activity call at a chosen step, and read every call the worker made in order.
import { Context } from '@temporalio/activity';

type AnyActivity = (...args: never[]) => Promise<unknown>;
type FirstArgument<F> = F extends (input: infer I, ...rest: never[]) => unknown ? I : undefined;

/** Replaces each activity by `wrap(name, activity)`, keeping the map's type. */
export function wrapActivities<A extends Record<string, AnyActivity>>(
  activities: A,
  wrap: (name: string, activity: AnyActivity) => AnyActivity,
): A {
  return Object.fromEntries(Object.entries(activities).map(([name, activity]) => [name, wrap(name, activity)])) as A;
}

export interface ActivityTraceEntry {
  /** Monotonic across all activities of the harness: what started or ended earlier has a smaller number. */
  seq: number;
  name: string;
  event: 'start' | 'end';
  attempt: number;
  input: unknown;
  /** On `end`, what the activity returned, or the message it threw. */
  result?: unknown;
  error?: string;
}

/** `before`: held before the real activity runs. `after`: it ran; its result is held from the workflow. */
export type GatePhase = 'before' | 'after';

export interface Gate<I> {
  /** Resolves with the activity's input once the worker's call reaches the gate. */
  reached: Promise<I>;
  /** Lets the held call go on (or, released early, lets it pass without stopping). */
  release(): void;
}

interface OpenGate {
  name: string;
  phase: GatePhase;
  match: (input: unknown) => boolean;
  arrive(input: unknown): void;
  released: Promise<void>;
  release(): void;
}

export function createActivityGates<A extends Record<string, AnyActivity>>() {
  const waiting: OpenGate[] = [];
  const holding = new Set<OpenGate>();
  const entries: ActivityTraceEntry[] = [];
  let seq = 0;

  const hold = <K extends keyof A & string>(
    name: K,
    options: { phase: GatePhase; match?: (input: FirstArgument<A[K]>) => boolean },
  ): Gate<FirstArgument<A[K]>> => {
    let arrive!: (input: unknown) => void;
    let release!: () => void;
    const reached = new Promise<FirstArgument<A[K]>>((resolve) => {
      arrive = resolve as (input: unknown) => void;
    });
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    const match = (options.match ?? (() => true)) as (input: unknown) => boolean;
    waiting.push({ name, phase: options.phase, match, arrive, released, release });
    return { reached, release };
  };

  // One-shot: the first matching call takes the gate; later calls pass straight through.
  const pass = async (name: string, phase: GatePhase, input: unknown) => {
    const index = waiting.findIndex((g) => g.name === name && g.phase === phase && g.match(input));
    const gate = waiting[index];
    if (!gate) return;
    waiting.splice(index, 1);
    holding.add(gate);
    gate.arrive(input);
    await gate.released;
    holding.delete(gate);
  };

  const gated =
    (name: string, activity: AnyActivity): AnyActivity =>
    async (...args) => {
      const input: unknown = args[0];
      const { attempt } = Context.current().info;
      entries.push({ seq: ++seq, name, event: 'start', attempt, input });
      await pass(name, 'before', input);
      let outcome: { result: unknown } | { error: unknown };
      try {
        outcome = { result: await activity(...args) };
      } catch (error) {
        outcome = { error };
      }
      const end = 'error' in outcome ? { error: String(outcome.error) } : { result: outcome.result };
      entries.push({ seq: ++seq, name, event: 'end', attempt, input, ...end });
      await pass(name, 'after', input);
      if ('error' in outcome) throw outcome.error;
      return outcome.result;
    };

  return {
    hold,
    wrap: (activities: A): A => wrapActivities(activities, gated),
    /** Every activity start and end so far, in order. */
    trace: (): readonly ActivityTraceEntry[] => [...entries],
    /** Names the held calls; a time skip must not start while one is held (it would wait on it). */
    held: (): string[] => [...holding].map((g) => `${g.name} (${g.phase})`),
    /** Lets every held or waiting call go, so the worker can drain at shutdown. */
    releaseAll: () => {
      for (const gate of [...waiting.splice(0), ...holding]) gate.release();
    },
  };
}

export type ActivityGates<A extends Record<string, AnyActivity>> = ReturnType<typeof createActivityGates<A>>;
