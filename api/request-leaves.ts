import type { Context } from 'hono';

/**
 * One piece of caller-supplied text: a URL path, a query or form field's name or value, a JSON key or value. `path`
 * names where it sits (`query.status`, `form.MD`, `json.payment.cryptogram`); `key` is the field it is the value of,
 * empty for names and the URL path.
 */
export type Leaf = { path: string; key: string; text: string };

function jsonLeaves(value: unknown, path: string, key: string, out: Leaf[]) {
  if (Array.isArray(value)) {
    for (const [i, v] of value.entries()) jsonLeaves(v, `${path}.${i}`, key, out);
  } else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      out.push({ path: `${path}.${k}`, key: '', text: k });
      jsonLeaves(v, `${path}.${k}`, k, out);
    }
  } else if (typeof value === 'string' || typeof value === 'number') out.push({ path, key, text: String(value) });
}

function bodyLeaves(raw: string, contentType: string): Leaf[] {
  if (/json/i.test(contentType)) {
    try {
      const out: Leaf[] = [];
      jsonLeaves(JSON.parse(raw), 'json', '', out);
      return out;
    } catch {
      // Malformed JSON is refused later; its raw text is still searched below.
    }
  } else if (/x-www-form-urlencoded/i.test(contentType)) {
    return [...new URLSearchParams(raw)].flatMap(([k, v]) => [
      { path: `form.${k}`, key: '', text: k },
      { path: `form.${k}`, key: k, text: v },
    ]);
  }
  return [{ path: 'body', key: '', text: raw }];
}

export const decodeUrlText = (path: string) => {
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
};

/** Every piece of text the caller sent in the URL and body (headers aside), as the handlers will read it. */
export async function requestLeaves(c: Context): Promise<Leaf[]> {
  const url = new URL(c.req.url);
  const leaves: Leaf[] = [
    { path: 'path', key: '', text: decodeUrlText(url.pathname) },
    ...[...url.searchParams].flatMap(([k, v]) => [
      { path: `query.${k}`, key: '', text: k },
      { path: `query.${k}`, key: k, text: v },
    ]),
  ];
  if (c.req.raw.body) {
    const raw = new TextDecoder().decode(await c.req.arrayBuffer());
    // One push per leaf: a 10,000-row import (over 100,000 leaves) spread as arguments overflows the call stack.
    for (const leaf of bodyLeaves(raw, c.req.header('content-type') ?? '')) leaves.push(leaf);
  }
  return leaves;
}
