import type { Installation, InstallationQuery, InstallationStore } from '@slack/bolt';
import type { Redis } from 'ioredis';
import type { Sealer } from './crypto.js';
import { keys } from './redis.js';

/** Slack OAuth installations (multi-workspace mode), sealed whole: they are bot tokens. */
export class RedisInstallationStore implements InstallationStore {
  constructor(
    private readonly redis: Redis,
    private readonly sealer: Sealer,
  ) {}

  private keyFor(q: { teamId?: string; enterpriseId?: string; isEnterpriseInstall?: boolean }): string {
    const id = q.isEnterpriseInstall && q.enterpriseId ? `E:${q.enterpriseId}` : (q.teamId ?? '');
    if (!id) throw new Error('installation has no team or enterprise id');
    return keys.installation(id);
  }

  async storeInstallation(installation: Installation): Promise<void> {
    const key = this.keyFor({
      teamId: installation.team?.id,
      enterpriseId: installation.enterprise?.id,
      isEnterpriseInstall: installation.isEnterpriseInstall,
    });
    await this.redis.set(key, this.sealer.seal(JSON.stringify(installation), key));
  }

  async fetchInstallation(query: InstallationQuery<boolean>): Promise<Installation> {
    const key = this.keyFor(query);
    const raw = await this.redis.get(key);
    if (!raw) throw new Error('no installation for this workspace');
    return JSON.parse(this.sealer.open(raw, key)) as Installation;
  }

  async deleteInstallation(query: InstallationQuery<boolean>): Promise<void> {
    await this.redis.del(this.keyFor(query));
  }
}
