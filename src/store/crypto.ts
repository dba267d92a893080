import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

export class SealError extends Error {
  override name = 'SealError';
}

/**
 * Seals secrets at rest with AES-256-GCM. A sealed value names the key that sealed it, so keys can
 * rotate: new values use the first key, old values still open with any listed key. The record's Redis
 * key is bound in as associated data, so a sealed token copied onto another record will not open.
 */
export class Sealer {
  private readonly byId: Map<string, Buffer>;
  private readonly current: { id: string; key: Buffer };

  constructor(keys: ReadonlyArray<{ id: string; key: Buffer }>) {
    const [first] = keys;
    if (!first) throw new SealError('at least one encryption key is required');
    for (const k of keys) if (k.key.length !== 32) throw new SealError(`key ${k.id} is not 32 bytes`);
    this.current = first;
    this.byId = new Map(keys.map((k) => [k.id, k.key]));
  }

  seal(plaintext: string, context: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.current.key, iv);
    cipher.setAAD(Buffer.from(context));
    const ct = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    const tag = cipher.getAuthTag();
    return ['v1', this.current.id, iv.toString('base64url'), tag.toString('base64url'), ct.toString('base64url')].join(
      '.',
    );
  }

  open(sealed: string, context: string): string {
    const parts = sealed.split('.');
    if (parts.length !== 5 || parts[0] !== 'v1') throw new SealError('not a sealed value');
    const [, id, iv, tag, ct] = parts as [string, string, string, string, string];
    const key = this.byId.get(id);
    if (!key) throw new SealError(`sealed with unknown key ${id}; add it to TOKEN_ENCRYPTION_KEYS_OLD`);
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
      decipher.setAAD(Buffer.from(context));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(ct, 'base64url')), decipher.final()]).toString('utf8');
    } catch {
      throw new SealError('sealed value failed authentication (tampered, or wrong key)');
    }
  }
}
