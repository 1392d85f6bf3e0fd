import type { Config } from '../platform/config.ts';
import type { Db } from '../platform/db/index.ts';
import type { ChannelPlatform } from '../platform/db/schema.ts';
import { getMeta, mediaDeps, prepareImage, publicUrl, type ProfileName } from '../modules/media/index.ts';
import type { MediaPort } from '../modules/publishing/index.ts';

// Connects publishing to the media store: each image is prepared for the platform's profile (size,
// ratio, re-encoded, metadata stripped) and handed over as a public, unguessable URL; videos go as
// stored (their type and size were checked at upload, MP4/MOV probed for duration).

const PROFILE: Record<ChannelPlatform, ProfileName> = {
  facebook: 'facebook',
  instagram: 'instagram_feed',
  x: 'x',
  telegram: 'telegram',
  whatsapp: 'whatsapp',
  youtube: 'youtube_thumbnail',
  tiktok: 'tiktok',
};

export function mediaPort(db: Db, config: Config): MediaPort {
  const deps = mediaDeps(db, config);
  return {
    async prepare(ref, platform) {
      const meta = ref.kind === 'image' ? await prepareImage(deps, ref.mediaId, PROFILE[platform]) : await getMeta(db, ref.mediaId);
      return { kind: ref.kind, url: await publicUrl(deps, meta.id), altText: ref.altText || undefined, mimeType: meta.mime, sizeBytes: meta.sizeBytes };
    },
  };
}
