import type { ChannelPlatform } from '../../../platform/db/schema.ts';
import type { PlatformModule } from './types.ts';

// The connector of each platform (connectors/<platform>/index.ts exports `<platform>: PlatformModule`),
// loaded once at start.
const NAMES: ChannelPlatform[] = ['facebook', 'instagram', 'whatsapp', 'x', 'telegram', 'youtube', 'tiktok'];

export async function loadPlatformModules(): Promise<Partial<Record<ChannelPlatform, PlatformModule>>> {
  const out: Partial<Record<ChannelPlatform, PlatformModule>> = {};
  for (const name of NAMES) {
    const path = `./${name}/index.ts`;
    try {
      const mod = (await import(path)) as Record<string, PlatformModule>;
      if (mod[name]) out[name] = mod[name];
    } catch (err) {
      if ((err as { code?: string }).code !== 'ERR_MODULE_NOT_FOUND') throw err;
    }
  }
  return out;
}
