import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { SealError, Sealer } from '../../../src/store/crypto.js';

const key = (id: string) => ({ id, key: randomBytes(32) });

describe('sealing secrets at rest', () => {
  it('opens what it sealed, and the sealed form does not contain the secret', () => {
    const s = new Sealer([key('a')]);
    const sealed = s.seal('refresh-token-123', 'user:T1:U1');
    expect(sealed).not.toContain('refresh-token-123');
    expect(s.open(sealed, 'user:T1:U1')).toBe('refresh-token-123');
  });

  it('seals the same secret differently each time', () => {
    const s = new Sealer([key('a')]);
    expect(s.seal('x', 'c')).not.toBe(s.seal('x', 'c'));
  });

  it('rejects tampered ciphertext instead of returning garbage', () => {
    const s = new Sealer([key('a')]);
    const parts = s.seal('secret', 'ctx').split('.');
    const ct = Buffer.from(parts[4]!, 'base64url');
    ct[0] = (ct[0] ?? 0) ^ 1;
    parts[4] = ct.toString('base64url');
    expect(() => s.open(parts.join('.'), 'ctx')).toThrow(SealError);
  });

  it('refuses a sealed value moved to another record', () => {
    const s = new Sealer([key('a')]);
    const sealed = s.seal('secret', 'user:T1:U1');
    expect(() => s.open(sealed, 'user:T1:U2')).toThrow(SealError);
  });

  it('rotates keys: old values still open, new values use the new key', () => {
    const oldKey = key('old');
    const before = new Sealer([oldKey]);
    const sealedOld = before.seal('secret', 'ctx');
    const after = new Sealer([key('new'), oldKey]);
    expect(after.open(sealedOld, 'ctx')).toBe('secret');
    const sealedNew = after.seal('secret', 'ctx');
    expect(sealedNew.split('.')[1]).toBe('new');
    expect(() => before.open(sealedNew, 'ctx')).toThrow(/unknown key new/);
  });
});
