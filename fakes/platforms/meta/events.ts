// Webhook deliveries of the Meta fake: which apps receive an event, the payload envelope,
// batching, signing (X-Hub-Signature-256 + legacy sha1 over the exact bytes) and the
// Messenger/IG unsubscribe-after-failures rule.
import type { FakeState } from '../../core/state.ts';
import { metaJson, metaSignature1, metaSignature256 } from '../../core/signing.ts';
import type { MetaApp, MetaObject } from './store.ts';

export type MetaWebhookPlatform = 'facebook' | 'instagram' | 'whatsapp';

export interface MetaEvent {
  platform: MetaWebhookPlatform;
  /** entry.id: Page id, IG account id or WABA id */
  entryId: string;
  field: string;
  /** a `changes[]` item value, or a `messaging[]` event */
  shape: 'changes' | 'messaging';
  value: Record<string, unknown>;
  eventId: string;
}

const OBJECT: Record<MetaWebhookPlatform, MetaObject> = {
  facebook: 'page',
  instagram: 'instagram',
  whatsapp: 'whatsapp_business_account',
};

export function callbackUrl(state: FakeState, app: MetaApp, object: MetaObject, platform: MetaWebhookPlatform): string {
  const sub = app.subscriptions[object];
  if (sub?.callbackUrl) return sub.callbackUrl;
  const target = state.config.webhookTarget;
  return target ? `${target.replace(/\/+$/, '')}/webhooks/${platform}` : '';
}

/** Apps that receive `field` for the account, following app-level and account-level subscriptions. */
function receivers(state: FakeState, ev: MetaEvent): MetaApp[] {
  const store = state.meta;
  const object = OBJECT[ev.platform];
  const wants = (app: MetaApp | undefined): app is MetaApp => {
    const sub = app?.subscriptions[object];
    return !!sub && sub.active && sub.fields.includes(ev.field);
  };
  if (ev.platform === 'facebook') {
    const page = store.pages.get(ev.entryId);
    if (!page) return [];
    const out: MetaApp[] = [];
    for (const [appId, fields] of page.subscribedApps) {
      const app = store.apps.get(appId);
      if (wants(app) && (fields.length === 0 || fields.includes(ev.field))) out.push(app);
    }
    return out;
  }
  if (ev.platform === 'instagram') {
    const ig = store.igUsers.get(ev.entryId);
    if (!ig) return [];
    if (ig.loginType === 'instagram') {
      const app = store.apps.get(ig.appId);
      return wants(app) && ig.subscribedFields?.includes(ev.field) ? [app] : [];
    }
    const page = ig.pageId ? store.pages.get(ig.pageId) : undefined;
    if (!page) return [];
    return [...page.subscribedApps.keys()].map((id) => store.apps.get(id)).filter(wants);
  }
  const waba = store.wabas.get(ev.entryId);
  if (!waba) return [];
  return [...waba.subscribedApps].map((id) => store.apps.get(id)).filter(wants);
}

function entryOf(state: FakeState, ev: MetaEvent): Record<string, unknown> {
  if (ev.shape === 'messaging') return { id: ev.entryId, time: state.now(), messaging: [ev.value] };
  if (ev.platform === 'whatsapp') return { id: ev.entryId, changes: [{ value: ev.value, field: ev.field }] };
  return { id: ev.entryId, time: state.nowSec(), changes: [{ value: ev.value, field: ev.field }] };
}

/** Emits one event to every subscribed app (each app gets its own signed delivery). Returns delivery ids (or batch keys). */
export function emitMeta(state: FakeState, ev: MetaEvent): string[] {
  const apps = receivers(state, ev);
  const object = OBJECT[ev.platform];
  const out: string[] = [];
  const cfg = state.config.webhooks;
  for (const app of apps) {
    const url = callbackUrl(state, app, object, ev.platform);
    const key = `meta|${app.id}|${object}|${url}`;
    const entry = entryOf(state, ev);
    state.webhooks.batch(key, cfg.batchWindowMs, cfg.maxBatch, { entry, ev }, (items) => {
      const payload = { object, entry: items.map((i) => i.entry) };
      const body = metaJson(payload);
      const first = items[0]?.ev ?? ev;
      const d = state.webhooks.enqueue({
        platform: ev.platform,
        url,
        body,
        kind: items.length === 1 ? first.field : `${first.field}+batch`,
        accountId: first.entryId,
        eventIds: items.map((i) => i.ev.eventId),
        group: `meta:${app.id}`,
        headers: {
          'content-type': 'application/json',
          'user-agent': 'facebookexternalua',
          'x-hub-signature': metaSignature1(app.secret, body),
          'x-hub-signature-256': metaSignature256(app.secret, body),
        },
        onDelivered: () => {
          if (ev.platform === 'facebook' && first.shape === 'messaging') {
            const page = state.meta.pages.get(first.entryId);
            if (page) delete page.messagingFailingSince;
          }
        },
        onAttemptFailed: () => unsubscribeIfFailingTooLong(state, app, first),
      });
      out.push(d.id);
    });
    if (cfg.batchWindowMs > 0) out.push(`batch:${key}`);
  }
  if (apps.length === 0) {
    // nobody subscribed: visible in the delivery log so a missing subscription is easy to spot
    const d = state.webhooks.enqueue({
      platform: ev.platform,
      url: '',
      body: metaJson({ object, entry: [entryOf(state, ev)] }),
      kind: ev.field,
      accountId: ev.entryId,
      eventIds: [ev.eventId],
      headers: {},
    });
    state.webhooks.get(d.id)!.reason = `no subscribed app for ${object}/${ev.field} on ${ev.entryId}`;
    out.push(d.id);
  }
  return out;
}

/** Messenger/IG messaging: Meta unsubscribes the app from the Page after deliveries keep failing (~1 h). */
function unsubscribeIfFailingTooLong(state: FakeState, app: MetaApp, ev: MetaEvent): void {
  if (ev.shape !== 'messaging' || ev.platform !== 'facebook') return;
  const window = state.config.metaUnsubscribeAfterMs * state.config.webhooks.retryScale;
  if (window <= 0) return;
  const page = state.meta.pages.get(ev.entryId);
  if (!page) return;
  page.messagingFailingSince ??= state.now();
  if (state.now() - page.messagingFailingSince >= window && page.subscribedApps.has(app.id)) {
    page.subscribedApps.delete(app.id);
    state.webhooks.cancel((d) => d.group === `meta:${app.id}` && d.accountId === page.id, 'app unsubscribed from the Page after failing deliveries');
  }
}
