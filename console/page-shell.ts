import { html } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';

export type Markup = HtmlEscapedString | Promise<HtmlEscapedString>;

/** Only our own stylesheet, no script at all, forms post only here, never framed. */
export const CONSOLE_CSP = [
  "default-src 'none'",
  "style-src 'self'",
  "img-src 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'self'",
].join('; ');

export interface Shell {
  title: string;
  /** The session's CSRF token; absent on the sign-in and refusal pages (no session to sign out of). */
  csrf?: string | undefined;
  operator?: string | undefined;
  /** Moves on to this console page at once (meta refresh, no script): a navigation that starts here, same-site. */
  continueTo?: string | undefined;
}

const nav = (s: Shell) =>
  s.csrf
    ? html`<nav aria-label="Console">
        <a href="/console/search">Find a customer</a>
        <a href="/console/queues">Work queues</a>
        <a href="/console/finance">Finance</a>
        <form method="post" action="/console/sign-out" class="inline">
          <input type="hidden" name="csrf" value="${s.csrf}">
          <span class="muted">Signed in as <strong>${s.operator}</strong></span>
          <button type="submit">Sign out</button>
        </form>
      </nav>`
    : '';

export const pageShell = (s: Shell, main: Markup) => html`<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>${s.title} · Movix Billing console</title>
  ${s.continueTo ? html`<meta http-equiv="refresh" content="0; url=${s.continueTo}">` : ''}
  <link rel="stylesheet" href="/console/assets/console.css">
</head>
<body>
  <header><a class="brand" href="/console">Movix Billing · operators' console</a>${nav(s)}</header>
  <main id="main">
    <h1>${s.title}</h1>
    ${main}
  </main>
</body>
</html>`;

export const notice = (kind: 'ok' | 'error', text: Markup | string) =>
  html`<div class="notice ${kind}" role="${kind === 'error' ? 'alert' : 'status'}">${text}</div>`;
