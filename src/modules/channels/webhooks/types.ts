// What every platform's webhook parser produces: one row per platform object (comment, message,
// status, update...), keyed so that a replayed or re-batched delivery is stored once.

export const WEBHOOK_PLATFORMS = ['facebook', 'instagram', 'whatsapp', 'x', 'telegram', 'tiktok'] as const;
export type WebhookPlatform = (typeof WEBHOOK_PLATFORMS)[number];

export interface ParsedEvent {
  /** Unique per platform: the same object and change delivered twice gives the same key. */
  dedupeKey: string;
  /** The platform's id of the account the event belongs to (Page id, IG user id, phone-number id, X user id, bot id, TikTok open_id). */
  externalAccountId: string | null;
  /** e.g. feed.comment.add, messaging.message, whatsapp.message, whatsapp.status, tweet_create, update.message */
  kind: string;
  /** When the platform says it happened. */
  occurredAt: Date | null;
  /** The event's own JSON, exactly as delivered (the part of the batch that concerns this object). */
  payload: unknown;
  /** True when the shape is not one Dayung understands: stored raw and flagged, never dropped. */
  unknown: boolean;
}
