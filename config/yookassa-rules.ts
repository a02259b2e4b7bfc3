// Production talks to the real YooKassa: the local sandbox shop's defaults are refused, not guessed.
import type { z } from 'zod';
import { acquirerList } from './acquirer-routes.js';
import { isLoopbackHost } from './network.js';

interface YooKassaEnv {
  NODE_ENV: 'development' | 'test' | 'production';
  ACQUIRER: string;
  ACQUIRERS?: string | undefined;
  YOOKASSA_API_URL?: string | undefined;
  YOOKASSA_SECRET_KEY: string;
}

export function yooKassaIssues(env: YooKassaEnv, ctx: z.RefinementCtx, sandboxSecretKey: string) {
  // Whenever YooKassa is one of the acquirers, not only the default: renewals and refunds still reach it.
  if (env.NODE_ENV !== 'production' || !acquirerList(env.ACQUIRERS, env.ACQUIRER).includes('yookassa')) return;
  const issue = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
  const url = env.YOOKASSA_API_URL;
  if (!url) issue('YOOKASSA_API_URL', 'must be set in production (unset, it points at the local sandbox)');
  else {
    const parsed = new URL(url);
    if (parsed.protocol !== 'https:' || isLoopbackHost(parsed.hostname)) {
      issue('YOOKASSA_API_URL', 'must be an https URL of the real YooKassa in production, not a local sandbox');
    }
  }
  if (env.YOOKASSA_SECRET_KEY === sandboxSecretKey) {
    issue('YOOKASSA_SECRET_KEY', "must be set in production (the sandbox's local default opens no real shop)");
  }
}
