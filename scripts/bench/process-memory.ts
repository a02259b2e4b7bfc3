// Resident memory of a process and everything it forked, from /proc (Linux only; elsewhere NaN): what the worker,
// the API and the Temporal dev server hold while subscriptions are live.
import { readdirSync, readFileSync } from 'node:fs';

function read(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

/** VmRSS of a /proc/<pid>/status text, in bytes; undefined for a process without one (a zombie, a kernel thread). */
export function vmRssBytes(status: string): number | undefined {
  const match = /^VmRSS:\s+(\d+)\s+kB$/m.exec(status);
  return match ? Number(match[1]) * 1024 : undefined;
}

/** The parent pid in a /proc/<pid>/stat text; fields are counted after `(comm)`, which may hold spaces. */
export function parentPid(stat: string): number {
  return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
}

/** `pid` and all its descendants, given each process's parent. */
export function subtree(root: number, parentOf: ReadonlyMap<number, number>): number[] {
  const children = new Map<number, number[]>();
  for (const [pid, parent] of parentOf) children.set(parent, [...(children.get(parent) ?? []), pid]);
  const found: number[] = [];
  const queue = [root];
  while (queue.length > 0) {
    const pid = queue.shift() as number;
    found.push(pid);
    queue.push(...(children.get(pid) ?? []));
  }
  return found;
}

function parentMap(): Map<number, number> {
  const parents = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = read(`/proc/${entry}/stat`);
    if (stat) parents.set(Number(entry), parentPid(stat));
  }
  return parents;
}

/** RSS of each root's process tree, in bytes (NaN when the root is gone or /proc is missing). */
export function treeRss(roots: Record<string, number | undefined>): Record<string, number> {
  let parents: Map<number, number>;
  try {
    parents = parentMap();
  } catch {
    parents = new Map();
  }
  const rssOf = (pid: number) => vmRssBytes(read(`/proc/${pid}/status`) ?? '') ?? 0;
  return Object.fromEntries(
    Object.entries(roots).map(([name, root]) => {
      if (root === undefined || !parents.has(root)) return [name, Number.NaN];
      return [name, subtree(root, parents).reduce((total, pid) => total + rssOf(pid), 0)];
    }),
  );
}

/** The pid of our own child running `comm` (the Temporal CLI is started by a helper that does not expose it). */
export function childPidByName(comm: string): number | undefined {
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = read(`/proc/${entry}/stat`);
    if (!stat) continue;
    const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
    if (name === comm && parentPid(stat) === process.pid) return Number(entry);
  }
  return undefined;
}
