import type { Redis } from 'ioredis';
import { z } from 'zod';
import { keys } from './redis.js';

export const settingsSchema = z.object({
  /** When non-empty, only these projects are reachable from Slack. */
  allowedProjects: z.array(z.string()).default([]),
  /** Never reachable from Slack (applies when allowedProjects is empty). */
  bannedProjects: z.array(z.string()).default([]),
  /** Unconnected users see nothing but a Connect prompt. */
  requireAuth: z.boolean().default(true),
  previews: z.enum(['off', 'connected']).default('connected'),
  subscribers: z.enum(['admins', 'everyone']).default('everyone'),
  /** Slack user ids who may manage the app besides Slack admins and owners. */
  managers: z.array(z.string()).default([]),
});

export type WorkspaceSettings = z.infer<typeof settingsSchema>;
export const DEFAULT_SETTINGS: WorkspaceSettings = settingsSchema.parse({});

/** Workspace settings: defaults until an admin changes them. */
export class SettingsStore {
  constructor(private readonly redis: Redis) {}

  async get(teamId: string): Promise<WorkspaceSettings> {
    const raw = await this.redis.get(keys.settings(teamId));
    return raw ? settingsSchema.parse(JSON.parse(raw)) : { ...DEFAULT_SETTINGS };
  }

  async put(teamId: string, settings: WorkspaceSettings): Promise<void> {
    await this.redis.set(keys.settings(teamId), JSON.stringify(settingsSchema.parse(settings)));
  }

  async update(teamId: string, change: (s: WorkspaceSettings) => WorkspaceSettings): Promise<WorkspaceSettings> {
    const next = change(await this.get(teamId));
    await this.put(teamId, next);
    return next;
  }
}
