import type { Principal } from '../api/app-env.js';
import type { InProcessApi } from './in-process-api.js';

export interface ConsoleEnv {
  Variables: { principal: Principal; api: InProcessApi; csrf: string; token: string };
}

export interface ConsoleSettings {
  /** The Temporal Web UI, for a link to each workflow. */
  temporalUiUrl: string;
  temporalNamespace: string;
  /** Cookies are Secure when the API is served over https. */
  secureCookies: boolean;
  /** The IdP's name on "Sign in with …" when the OIDC sign-in is configured. */
  ssoProviderName?: string | undefined;
}
