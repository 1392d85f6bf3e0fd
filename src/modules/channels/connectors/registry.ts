import type { ChannelPlatform } from '../../../platform/db/schema.ts';
import { facebook } from './facebook/index.ts';
import { instagram } from './instagram/index.ts';
import { telegram } from './telegram/index.ts';
import { tiktok } from './tiktok/index.ts';
import type { PlatformModule } from './types.ts';
import { whatsapp } from './whatsapp/index.ts';
import { x } from './x/index.ts';
import { youtube } from './youtube/index.ts';

// The connector of each platform.
export const PLATFORM_MODULES: Record<ChannelPlatform, PlatformModule> = { facebook, instagram, whatsapp, x, telegram, youtube, tiktok };

export async function loadPlatformModules(): Promise<Partial<Record<ChannelPlatform, PlatformModule>>> {
  return PLATFORM_MODULES;
}
