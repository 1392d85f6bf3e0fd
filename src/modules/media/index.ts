// The media store: uploaded files in PostgreSQL (chunked rows), streamed in and out, typed from
// their bytes, images cleaned of metadata and prepared per platform, served by signed public URLs.
// See docs/media.md.
import type { Config } from '../../platform/config.ts';
import type { Db } from '../../platform/db/index.ts';
import type { MediaDeps } from './store.ts';

export { ACCEPTED, DEFAULT_LIMITS, type MediaLimits } from './kinds.ts';
export type { MediaMeta } from './meta.ts';
export { Mp4Probe, type VideoProbe } from './mp4.ts';
export { prepareImage, PROFILES, PROFILE_NAMES, targetSize, type ImageProfile, type ProfileName } from './prepare.ts';
export { openReadStream, parseRange, readyMeta as getMeta, sendMedia, type ByteRange } from './read.ts';
export { registerMediaRoutes, multipartError } from './routes.ts';
export { mediaCron, mediaJobs, sweepMedia } from './jobs.ts';
export { mediaToken, publicUrl, verifyMediaToken } from './signing.ts';
export { CHUNK_BYTES, claimMedia, discardMedia, storeStream, type MediaDeps, type StoreInput } from './store.ts';
export { mediaSummaries, setAltText, visibleMedia } from './service.ts';

/** The media store's dependencies from the configuration. */
export function mediaDeps(db: Db, config: Pick<Config, 'PUBLIC_URL' | 'MEDIA_MAX_IMAGE_BYTES' | 'MEDIA_MAX_VIDEO_BYTES' | 'MEDIA_MAX_DOCUMENT_BYTES' | 'MEDIA_MAX_IMAGE_PIXELS'>): MediaDeps {
  return {
    db,
    publicUrl: config.PUBLIC_URL,
    limits: { imageBytes: config.MEDIA_MAX_IMAGE_BYTES, videoBytes: config.MEDIA_MAX_VIDEO_BYTES, documentBytes: config.MEDIA_MAX_DOCUMENT_BYTES, imagePixels: config.MEDIA_MAX_IMAGE_PIXELS },
  };
}
