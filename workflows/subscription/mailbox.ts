// Requests and notifications wait here for their turn; the workflow's loop takes them one at a time and answers
// each once its decision is persisted. Handlers never change the state themselves.
import { condition } from '@temporalio/workflow';
import { type Command, nextCommandIndex } from '../../domain/subscription/commands.js';
import type { Reply, ReplyResult } from '../../domain/subscription/decision.js';

export interface Envelope {
  id: number;
  command: Command;
}

export class Mailbox {
  private readonly queue: Envelope[] = [];
  private readonly answers = new Map<number, ReplyResult>();
  private lastId = 0;

  post(command: Command): number {
    this.lastId += 1;
    this.queue.push({ id: this.lastId, command });
    return this.lastId;
  }

  /** The next request to apply: arrival order, except that a cancel goes before money requests waiting ahead of it. */
  take(): Envelope | undefined {
    const index = nextCommandIndex(this.queue.map((e) => e.command));
    return index === undefined ? undefined : this.queue.splice(index, 1)[0];
  }

  get isEmpty() {
    return this.queue.length === 0;
  }

  deliver(replies: readonly Reply[]) {
    for (const r of replies) this.answers.set(r.to, r.result);
  }

  async answerTo(id: number): Promise<ReplyResult> {
    await condition(() => this.answers.has(id));
    const answer = this.answers.get(id) as ReplyResult;
    this.answers.delete(id);
    return answer;
  }
}
