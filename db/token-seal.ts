import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

const VERSION = 'v1';

/**
 * AES-256-GCM for a card token kept at rest outside its home (the webhook inbox): `v1.<iv>.<tag>.<ciphertext>`,
 * base64url. The key comes from the environment (INBOX_ENCRYPTION_KEY, 32 bytes in base64).
 */
export function createTokenSeal(keyBase64: string) {
  const key = Buffer.from(keyBase64, 'base64');
  if (key.length !== 32) throw new Error('The inbox encryption key must be 32 bytes (base64)');
  return {
    seal(plain: string): string {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const sealed = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return [VERSION, iv, cipher.getAuthTag(), sealed]
        .map((p) => (typeof p === 'string' ? p : p.toString('base64url')))
        .join('.');
    },
    open(sealed: string): string {
      const [version, iv, tag, data] = sealed.split('.');
      if (version !== VERSION || !iv || !tag || data === undefined) throw new Error('Not a sealed token');
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()]).toString('utf8');
    },
  };
}
export type TokenSeal = ReturnType<typeof createTokenSeal>;

/** The raw body with every occurrence of the token (as sent, or form-encoded) replaced, for the inbox. */
export function withoutToken(rawBody: string, token: string | undefined): string {
  if (!token) return rawBody;
  const encoded = new URLSearchParams({ t: token }).toString().slice(2);
  return rawBody.split(token).join('[sealed]').split(encoded).join('[sealed]');
}
