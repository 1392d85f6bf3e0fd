// WhatsApp Cloud API part of the Meta fake: send (text, media, template, interactive, reaction),
// the 24-hour customer-service window (violations accepted, then a failed status 131047),
// status webhooks sent -> delivered -> read, media upload/download, templates, throughput limits.
import { createHash } from 'node:crypto';
import type { FakeState } from '../../core/state.ts';
import { obj, str } from '../../core/http.ts';
import type { GraphCtx } from './graph.ts';
import { GraphError, gerr, paginate, requireScopes, requireToken, spend } from './graph.ts';
import { project } from './fields.ts';
import type { WaMessage, WaPhone, Waba, WaTemplate } from './store.ts';
import { DAY_MS, normalizeWaId, requireWaba } from './common.ts';
import { emitMeta } from './events.ts';

export function wamid(state: FakeState, waId: string): string {
  const inner = Buffer.from(`\u0018\u000b${waId}\u0015\u0002\u0000\u0011\u0018\u0012${state.ids.hex(20).toUpperCase()}\u0000`).toString('base64');
  return `wamid.${inner}`;
}

export function defaultTemplates(state: FakeState): WaTemplate[] {
  const t = (name: string, language: string, category: WaTemplate['category'], body: string): WaTemplate => ({
    id: state.ids.numeric('meta', '1', 16),
    name,
    language,
    status: 'APPROVED',
    category,
    components: [{ type: 'BODY', text: body }],
  });
  return [
    t('hello_world', 'en_US', 'UTILITY', 'Hello World'),
    t('case_update', 'en_US', 'UTILITY', 'Update on your case {{1}}.'),
    t('aduan_diterima', 'id', 'UTILITY', 'Terima kasih, aduan Anda sudah kami terima dengan nomor {{1}}. Kami akan menindaklanjuti dalam {{2}} hari kerja.'),
    t('pembaruan_aduan', 'id', 'UTILITY', 'Pembaruan aduan {{1}}: {{2}}'),
    t('konfirmasi_selesai', 'id', 'UTILITY', 'Aduan {{1}} telah selesai ditindaklanjuti. Balas pesan ini bila masih ada kendala.'),
    t('info_layanan', 'id', 'MARKETING', 'Info layanan Pemprov Sumbar: {{1}}'),
  ];
}

function requirePhone(ctx: GraphCtx, phone: WaPhone, management = false): Waba {
  const waba = requireWaba(ctx, phone.wabaId);
  requireScopes(ctx, management ? ['whatsapp_business_management'] : ['whatsapp_business_messaging']);
  return waba;
}

const TYPES = ['text', 'image', 'video', 'audio', 'document', 'sticker', 'location', 'contacts', 'interactive', 'template', 'reaction'];

function placeholderCount(text: string): number {
  const m = text.match(/\{\{\s*\d+\s*\}\}/g);
  return m ? new Set(m.map((x) => x.replace(/\D/g, ''))).size : 0;
}

function sendWa(ctx: GraphCtx, phone: WaPhone): Record<string, unknown> {
  const waba = requirePhone(ctx, phone);
  const p = ctx.inc.params;
  if (str(p, 'messaging_product') !== 'whatsapp') throw gerr.param('(#100) The parameter messaging_product is required.');
  // read receipts
  if (str(p, 'status') === 'read') {
    const mid = str(p, 'message_id');
    const msg = mid ? ctx.store.waMessages.get(mid) : undefined;
    if (!msg || msg.phoneId !== phone.id || msg.direction !== 'in') throw new GraphError(400, 100, '(#100) Invalid parameter', { subcode: 2494010 });
    msg.status = 'read';
    return { success: true };
  }
  const to = str(p, 'to');
  if (!to) throw gerr.param('(#100) The parameter to is required.');
  const type = str(p, 'type') ?? 'text';
  if (!TYPES.includes(type)) throw gerr.param(`(#100) Param type must be one of {${TYPES.map((t) => t.toUpperCase()).join(', ')}} - got "${type}".`);
  const waId = normalizeWaId(to);
  const payload = obj(p, type) ?? {};
  let category = 'service';
  let template: WaTemplate | undefined;
  if (type === 'text') {
    const body = payload.body;
    if (typeof body !== 'string' || body.length === 0) throw gerr.param("(#100) Param text['body'] is required.");
    if (body.length > 4096) throw gerr.param("(#100) Param text['body'] must be at most 4096 characters long.");
  } else if (type === 'template') {
    const name = typeof payload.name === 'string' ? payload.name : undefined;
    const lang = (payload.language as Record<string, unknown> | undefined)?.code;
    if (!name) throw gerr.param("(#100) Param template['name'] is required.");
    if (typeof lang !== 'string') throw gerr.param("(#100) Param template['language']['code'] is required.");
    template = waba.templates.find((t) => t.name === name && t.language === lang);
    if (!template || template.status !== 'APPROVED') {
      throw new GraphError(404, 132001, '(#132001) Template name does not exist in the translation', {
        userTitle: 'Template does not exist',
        userMsg: `template name (${name}) does not exist in ${lang}`,
      });
    }
    const bodyText = String(template.components.find((c) => c.type === 'BODY')?.text ?? '');
    const expected = placeholderCount(bodyText);
    const comps = Array.isArray(payload.components) ? (payload.components as Record<string, unknown>[]) : [];
    const bodyParams = comps.find((c) => c.type === 'body')?.parameters;
    const got = Array.isArray(bodyParams) ? bodyParams.length : 0;
    if (got !== expected) {
      throw new GraphError(400, 132000, '(#132000) Number of parameters does not match the expected number of params', {
        userTitle: 'Number of parameters does not match',
        userMsg: `body: number of localizable_params (${got}) does not match the expected number of params (${expected})`,
      });
    }
    category = template.category.toLowerCase();
  } else if (['image', 'video', 'audio', 'document', 'sticker'].includes(type)) {
    if (typeof payload.link !== 'string' && typeof payload.id !== 'string') throw gerr.param(`(#100) Param ${type} must contain either link or id.`);
    if (typeof payload.id === 'string' && !ctx.store.waMedia.has(payload.id)) throw new GraphError(400, 131053, '(#131053) Media upload error', { userMsg: 'Unknown media id' });
  } else if (type === 'reaction') {
    if (typeof payload.message_id !== 'string') throw gerr.param("(#100) Param reaction['message_id'] is required.");
  } else if (type === 'interactive') {
    if (typeof payload.type !== 'string') throw gerr.param("(#100) Param interactive['type'] is required.");
  }
  spend(ctx, `wa:tp:${phone.id}`, ctx.state.config.limits.whatsapp.throughput, () =>
    new GraphError(400, 130429, '(#130429) Rate limit hit', { userMsg: 'Cloud API message throughput has been reached.', isTransient: true }),
  );
  spend(ctx, `wa:pair:${phone.id}:${waId}`, ctx.state.config.limits.whatsapp.pair, () =>
    new GraphError(400, 131056, '(#131056) (Business Account, Consumer Account) pair rate limit hit', { userMsg: 'Too many messages sent from this phone number to the same phone number in a short period of time.', isTransient: true }),
  );
  const contact = phone.contacts.get(waId);
  const inWindow = !!contact?.lastInboundAt && ctx.state.now() - contact.lastInboundAt <= DAY_MS;
  const validNumber = /^\d{8,15}$/.test(waId);
  const context = obj(p, 'context');
  const msg: WaMessage = {
    id: wamid(ctx.state, waId),
    phoneId: phone.id,
    waId,
    direction: 'out',
    type,
    payload,
    createdAt: ctx.state.now(),
    status: 'accepted',
    category,
    ...(typeof context?.message_id === 'string' ? { contextId: context.message_id } : {}),
  };
  if (!validNumber || contact?.blocked) {
    msg.error = { code: 131026, title: 'Message undeliverable', message: 'Message undeliverable' };
  } else if (type !== 'template' && !inWindow) {
    msg.error = { code: 131047, title: 'Re-engagement message', message: 'Re-engagement message' };
  }
  ctx.store.waMessages.set(msg.id, msg);
  phone.messageIds.push(msg.id);
  const text = type === 'text' ? String(payload.body) : type === 'template' ? renderTemplate(template, payload) : undefined;
  ctx.state.record({
    platform: 'whatsapp',
    kind: type === 'template' ? 'template_message' : 'message',
    accountId: phone.id,
    objectId: msg.id,
    targetId: waId,
    ...(text === undefined ? {} : { text }),
    data: { type, payload, inWindow, context: msg.contextId, willFail: msg.error?.code },
  });
  scheduleStatuses(ctx.state, phone, msg);
  const out: Record<string, unknown> = {
    messaging_product: 'whatsapp',
    contacts: [{ input: to, wa_id: waId }],
    messages: [type === 'template' ? { id: msg.id, message_status: 'accepted' } : { id: msg.id }],
  };
  return out;
}

function renderTemplate(t: WaTemplate | undefined, payload: Record<string, unknown>): string {
  if (!t) return '';
  let body = String(t.components.find((c) => c.type === 'BODY')?.text ?? '');
  const comps = Array.isArray(payload.components) ? (payload.components as Record<string, unknown>[]) : [];
  const params = (comps.find((c) => c.type === 'body')?.parameters as Record<string, unknown>[] | undefined) ?? [];
  params.forEach((prm, i) => {
    body = body.replace(new RegExp(`\\{\\{\\s*${i + 1}\\s*\\}\\}`, 'g'), String(prm.text ?? ''));
  });
  return body;
}

function statusValue(state: FakeState, phone: WaPhone, msg: WaMessage, status: 'sent' | 'delivered' | 'read' | 'failed'): Record<string, unknown> {
  const st: Record<string, unknown> = {
    id: msg.id,
    status,
    timestamp: String(state.nowSec()),
    recipient_id: msg.waId,
  };
  if (status !== 'failed' && status !== 'read') {
    if (status === 'sent') st.conversation = { id: state.ids.hex(32), expiration_timestamp: String(state.nowSec() + 86400), origin: { type: msg.category === 'service' ? 'service' : msg.category } };
    st.pricing = {
      billable: msg.category !== 'service',
      pricing_model: 'PMP',
      type: msg.category === 'service' ? 'free_customer_service' : 'regular',
      category: msg.category,
    };
  }
  if (status === 'failed' && msg.error) {
    st.errors = [{ code: msg.error.code, title: msg.error.title, message: msg.error.message, error_data: { details: msg.error.code === 131047 ? 'Message failed to send because more than 24 hours have passed since the customer last replied to this number.' : 'Message undeliverable.' }, href: 'https://developers.facebook.com/docs/whatsapp/cloud-api/support/error-codes/' }];
  }
  return {
    messaging_product: 'whatsapp',
    metadata: { display_phone_number: phone.displayPhoneNumber.replace(/\D/g, ''), phone_number_id: phone.id },
    statuses: [st],
  };
}

function scheduleStatuses(state: FakeState, phone: WaPhone, msg: WaMessage): void {
  const [sentMs, deliveredMs, readMs] = state.config.processing.whatsappStatusMs;
  const emit = (status: 'sent' | 'delivered' | 'read' | 'failed') => {
    msg.status = status;
    emitMeta(state, { platform: 'whatsapp', entryId: phone.wabaId, field: 'messages', shape: 'changes', eventId: `${msg.id}:${status}`, value: statusValue(state, phone, msg, status) });
  };
  if (msg.error) {
    state.later(sentMs ?? 200, () => emit('failed'));
    return;
  }
  if (sentMs !== null) state.later(sentMs, () => emit('sent'));
  if (deliveredMs !== null) state.later(deliveredMs, () => emit('delivered'));
  if (readMs !== null) state.later(readMs, () => { if (state.rng.chance(0.7)) emit('read'); });
}

function uploadMedia(ctx: GraphCtx, phone: WaPhone): Record<string, unknown> {
  requirePhone(ctx, phone);
  if (str(ctx.inc.params, 'messaging_product') !== 'whatsapp') throw gerr.param('(#100) The parameter messaging_product is required.');
  const file = ctx.inc.files.file;
  if (!file) throw gerr.param('(#100) The parameter file is required.');
  const id = ctx.state.ids.numeric('meta', '1', 16);
  ctx.store.waMedia.set(id, { id, phoneId: phone.id, mimeType: str(ctx.inc.params, 'type') ?? file.contentType, size: file.size, sha256: createHash('sha256').update(file.data).digest('hex'), data: file.data });
  ctx.state.record({ platform: 'whatsapp', kind: 'media_upload', accountId: phone.id, objectId: id, data: { bytes: file.size, type: file.contentType } });
  return { id };
}

export async function waPhoneNode(ctx: GraphCtx, phone: WaPhone, edge: string | undefined): Promise<unknown> {
  const m = ctx.inc.method;
  if (!edge && m === 'GET') {
    requireWaba(ctx, phone.wabaId);
    return project(
      {
        id: phone.id,
        display_phone_number: phone.displayPhoneNumber,
        verified_name: phone.verifiedName,
        quality_rating: phone.qualityRating,
        code_verification_status: 'VERIFIED',
        platform_type: 'CLOUD_API',
        throughput: { level: 'STANDARD' },
        messaging_limit_tier: 'TIER_1K',
        name_status: 'APPROVED',
      },
      'WhatsAppBusinessPhoneNumber',
      ctx.fields,
      ['verified_name', 'code_verification_status', 'display_phone_number', 'quality_rating', 'platform_type', 'throughput', 'id'],
    );
  }
  if (edge === 'messages' && m === 'POST') return sendWa(ctx, phone);
  if (edge === 'media' && m === 'POST') return uploadMedia(ctx, phone);
  if (edge === 'whatsapp_business_profile' && m === 'GET') {
    requireWaba(ctx, phone.wabaId);
    return { data: [{ about: phone.verifiedName, description: `Layanan resmi ${phone.verifiedName}`, vertical: 'GOVT', messaging_product: 'whatsapp' }] };
  }
  throw gerr.unsupported(m, `${phone.id}${edge ? '/' + edge : ''}`);
}

export async function wabaNode(ctx: GraphCtx, waba: Waba, edge: string | undefined): Promise<unknown> {
  requireWaba(ctx, waba.id);
  const m = ctx.inc.method;
  if (!edge && m === 'GET') {
    return project({ id: waba.id, name: waba.name, currency: 'IDR', timezone_id: '56', message_template_namespace: `ns_${waba.id.slice(-8)}` }, 'WhatsAppBusinessAccount', ctx.fields, ['id', 'name', 'timezone_id', 'message_template_namespace']);
  }
  switch (`${m} ${edge}`) {
    case 'GET phone_numbers': {
      const list = waba.phoneIds.map((id) => ctx.store.waPhones.get(id)).filter((p): p is WaPhone => !!p);
      return paginate(ctx, list, (p) => project({ id: p.id, display_phone_number: p.displayPhoneNumber, verified_name: p.verifiedName, quality_rating: p.qualityRating, code_verification_status: 'VERIFIED' }, 'WhatsAppBusinessPhoneNumber', ctx.fields, ['verified_name', 'code_verification_status', 'display_phone_number', 'quality_rating', 'id']));
    }
    case 'GET message_templates': {
      requireScopes(ctx, ['whatsapp_business_management']);
      const name = str(ctx.inc.params, 'name');
      const list = waba.templates.filter((t) => !name || t.name === name);
      return paginate(ctx, list, (t) => project({ id: t.id, name: t.name, language: t.language, status: t.status, category: t.category, components: t.components }, 'WhatsAppMessageTemplate', ctx.fields, ['name', 'components', 'language', 'status', 'category', 'id']));
    }
    case 'POST message_templates': {
      requireScopes(ctx, ['whatsapp_business_management']);
      const name = str(ctx.inc.params, 'name');
      const language = str(ctx.inc.params, 'language');
      const category = (str(ctx.inc.params, 'category') ?? 'UTILITY').toUpperCase() as WaTemplate['category'];
      const components = (ctx.inc.params.components as Record<string, unknown>[] | undefined) ?? [];
      if (!name || !/^[a-z0-9_]{1,512}$/.test(name)) throw gerr.param('(#100) Invalid parameter: name');
      if (!language) throw gerr.param('(#100) The parameter language is required.');
      if (waba.templates.some((t) => t.name === name && t.language === language)) {
        throw new GraphError(400, 100, 'Invalid parameter', { subcode: 2388024, userTitle: 'Message template already exists', userMsg: `There is already ${language} content for this template.` });
      }
      const t: WaTemplate = { id: ctx.state.ids.numeric('meta', '1', 16), name, language, status: 'APPROVED', category, components: components.map((c) => ({ ...c, type: String(c.type ?? '').toUpperCase() })) };
      waba.templates.push(t);
      return { id: t.id, status: t.status, category: t.category };
    }
    case 'POST subscribed_apps':
      requireScopes(ctx, ['whatsapp_business_management']);
      waba.subscribedApps.add(requireToken(ctx).appId);
      ctx.state.record({ platform: 'whatsapp', kind: 'webhook_subscription', accountId: waba.id, data: { appId: requireToken(ctx).appId } });
      return { success: true };
    case 'GET subscribed_apps':
      return { data: [...waba.subscribedApps].map((id) => ({ whatsapp_business_api_data: { id, link: `https://www.facebook.com/games/?app_id=${id}`, name: ctx.store.apps.get(id)?.name ?? id } })) };
    case 'DELETE subscribed_apps':
      waba.subscribedApps.delete(requireToken(ctx).appId);
      return { success: true };
    default:
      throw gerr.unsupported(m, `${waba.id}/${edge}`);
  }
}

export async function waMediaNode(ctx: GraphCtx, mediaId: string, edge: string | undefined): Promise<unknown> {
  const media = ctx.store.waMedia.get(mediaId);
  if (!media || edge) throw gerr.unsupported(ctx.inc.method, mediaId);
  const phone = ctx.store.waPhones.get(media.phoneId);
  if (!phone) throw gerr.unsupported(ctx.inc.method, mediaId);
  requireWaba(ctx, phone.wabaId);
  if (ctx.inc.method === 'DELETE') {
    ctx.store.waMedia.delete(mediaId);
    return { success: true };
  }
  return {
    messaging_product: 'whatsapp',
    url: `${ctx.state.config.publicUrl}/lookaside/whatsapp_business/attachments/?mid=${media.id}&ext=${ctx.state.nowSec()}`,
    mime_type: media.mimeType,
    sha256: media.sha256,
    file_size: media.size,
    id: media.id,
  };
}
