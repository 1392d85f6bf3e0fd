import type { Config } from '../platform/config.ts';
import type { Db } from '../platform/db/index.ts';
import type { ChannelPlatform } from '../platform/db/schema.ts';
import { DEFAULT_LIMITS } from '../modules/media/kinds.ts';
import { prepareImage, type ProfileName } from '../modules/media/prepare.ts';
import { readyMeta } from '../modules/media/read.ts';
import { publicUrl } from '../modules/media/signing.ts';
import type { MediaPort } from '../modules/publishing/index.ts';

// Connects publishing to the media store: each image is prepared for the platform's profile (size,
// ratio, re-encoded, metadata stripped) and handed over as a public, unguessable URL; videos go as
// stored (their size and type were checked at upload).

const PROFILE: Record<ChannelPlatform, ProfileName> = {
  facebook: 'facebook',
  instagram: 'instagram_feed',
  x: 'x',
  telegram: 'telegram',
  whatsapp: 'whatsapp',
  youtube: 'youtube_thumbnail',
  tiktok: 'tiktok',
};

export function mediaPort(db: Db, config: Pick<Config, 'PUBLIC_URL'> & Partial<Record<'MEDIA_MAX_IMAGE_BYTES' | 'MEDIA_MAX_VIDEO_BYTES' | 'MEDIA_MAX_DOCUMENT_BYTES' | 'MEDIA_MAX_IMAGE_PIXELS', number>>): MediaPort {
  const deps = {
    db,
    publicUrl: config.PUBLIC_URL,
    limits: {
      imageBytes: config.MEDIA_MAX_IMAGE_BYTES ?? DEFAULT_LIMITS.imageBytes,
      videoBytes: config.MEDIA_MAX_VIDEO_BYTES ?? DEFAULT_LIMITS.videoBytes,
      documentBytes: config.MEDIA_MAX_DOCUMENT_BYTES ?? DEFAULT_LIMITS.documentBytes,
      imagePixels: config.MEDIA_MAX_IMAGE_PIXELS ?? DEFAULT_LIMITS.imagePixels,
    },
  };
  return {
    async prepare(ref, platform) {
      const meta = ref.kind === 'image' ? await prepareImage(deps, ref.mediaId, PROFILE[platform]) : await readyMeta(db, ref.mediaId);
      return { kind: ref.kind, url: await publicUrl(deps, meta.id), altText: ref.altText || undefined, mimeType: meta.mime, sizeBytes: meta.sizeBytes };
    },
  };
}
