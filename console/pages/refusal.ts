import type { Context } from 'hono';
import { html } from 'hono/html';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { refusalInWords } from '../error-words.js';
import type { ApiAnswer } from '../in-process-api.js';
import { notice, pageShell } from '../page-shell.js';

/** A refused request, in words: the sentence, the API's code and message, and a way back. */
export function refusalPage(c: Context, answer: ApiAnswer, back?: string) {
  const { sentence, code, detail } = refusalInWords(answer);
  const csrf = c.get('csrf') as string | undefined;
  const body = html`${notice('error', sentence)}
    <p class="muted">The admin API answered ${answer.status} <span class="kind">${code}</span>${detail ? html`: ${detail}` : ''}</p>
    <p>${back ? html`<a href="${back}">Back</a> · ` : ''}<a href="/console/search">Find a customer</a>
      ${answer.status === 401 || answer.status === 403 ? html` · <a href="/console/sign-in">Sign in with another token</a>` : ''}</p>`;
  return c.html(
    pageShell({ title: 'Refused', csrf, operator: c.get('principal')?.userId }, body),
    answer.status as ContentfulStatusCode,
  );
}
