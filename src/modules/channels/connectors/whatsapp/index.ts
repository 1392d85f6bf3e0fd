import { appAccessToken, GraphClient } from '../graph.ts';
import { ConnectorError, type Connector, type ConnectorAuth, type ConnectorContext, type MessageTemplate, type PlatformModule, type ReplyInput } from '../types.ts';
import { ageMs, checkGraphToken, debugToken, graphFor, permanent, TEXT, unsupported, WINDOW_24H_MS } from '../facebook/meta.ts';

// WhatsApp Business Cloud API connector. No public posts, comments or insights: only messages to
// citizens who wrote first. Free-form text inside the 24-hour customer-service window (opened by
// each inbound message), approved templates outside it. Connected by token entry: phone-number
// id, WABA id and a system-user token.
//
// The window is checked here from lastInboundAt; WhatsApp itself accepts an out-of-window free-form
// message (200 with a wamid) and only later reports it by webhook as a `failed` status with error
// 131047 "Re-engagement message". That status arrives through the webhook intake like any other.

const wabaIdOf = (ctx: ConnectorContext): string | null => (typeof ctx.account.extra.wabaId === 'string' ? ctx.account.extra.wabaId : null);

interface SendResult {
  messaging_product: 'whatsapp';
  contacts?: { input: string; wa_id: string }[];
  messages?: { id: string; message_status?: string }[];
}

async function replyPrivate(ctx: ConnectorContext, input: ReplyInput): Promise<{ externalId: string }> {
  const t = input.target;
  const to = t.userId ?? (t.externalId && !t.externalId.startsWith('wamid.') ? t.externalId : undefined);
  if (!to) throw permanent('whatsapp', TEXT.needsUser);
  const age = ageMs(ctx, t.lastInboundAt);
  const inWindow = age !== null && age <= WINDOW_24H_MS;
  let body: Record<string, unknown>;
  if (inWindow && input.text) {
    body = { messaging_product: 'whatsapp', recipient_type: 'individual', to, type: 'text', text: { preview_url: false, body: input.text } };
    // Quote the citizen's message when replying to one.
    if (t.externalId.startsWith('wamid.')) body.context = { message_id: t.externalId };
  } else if (input.template) {
    const tpl = input.template;
    const template: Record<string, unknown> = { name: tpl.name, language: { code: tpl.language } };
    if (tpl.parameters.length > 0) template.components = [{ type: 'body', parameters: tpl.parameters.map((text) => ({ type: 'text', text })) }];
    body = { messaging_product: 'whatsapp', recipient_type: 'individual', to, type: 'template', template };
  } else if (inWindow) {
    throw permanent('whatsapp', 'Pesan kosong: isi teks balasan.');
  } else {
    throw permanent('whatsapp', TEXT.whatsappWindow, 131047);
  }
  const r = await graphFor(ctx).post<SendResult>(`${ctx.account.externalId}/messages`, { json: body });
  const id = r.messages?.[0]?.id;
  if (!id) throw permanent('whatsapp', 'WhatsApp tidak mengembalikan ID pesan.');
  return { externalId: id };
}

interface TemplateNode {
  name: string;
  language: string;
  status: string;
  category?: string;
  components?: { type: string; format?: string; text?: string; buttons?: { type: string; url?: string }[] }[];
}

/** Whether a component needs parameters Dayung does not send (media headers, variable headers, dynamic URL buttons). */
function needsMoreThanBody(c: NonNullable<TemplateNode['components']>[number]): boolean {
  if (c.type === 'HEADER') return (c.format !== undefined && c.format !== 'TEXT') || /\{\{/.test(c.text ?? '');
  if (c.type === 'BUTTONS') return (c.buttons ?? []).some((b) => /\{\{/.test(b.url ?? ''));
  return false;
}

/** Distinct {{n}} placeholders in a template body. */
export function placeholderCount(body: string): number {
  return new Set([...body.matchAll(/\{\{\s*(\d+)\s*\}\}/g)].map((m) => m[1])).size;
}

/**
 * The approved templates of the account's WhatsApp Business Account (Business Management API:
 * GET /{waba-id}/message_templates, needs whatsapp_business_management). Only APPROVED ones can be
 * sent; media headers and buttons are not offered (Dayung sends body parameters only).
 */
export async function listTemplates(ctx: ConnectorContext): Promise<MessageTemplate[]> {
  const wabaId = wabaIdOf(ctx);
  if (!wabaId) throw permanent('whatsapp', 'ID akun WhatsApp Business tidak diketahui; hubungkan ulang akun ini.');
  const out: MessageTemplate[] = [];
  for await (const page of graphFor(ctx).pages<TemplateNode>(`${wabaId}/message_templates`, { query: { fields: 'name,language,status,category,components', limit: 100 }, maxPages: 10 })) {
    for (const t of page) {
      if (t.status !== 'APPROVED') continue;
      const comps = t.components ?? [];
      // Templates whose header or buttons need parameters cannot be sent with body text alone.
      if (comps.some(needsMoreThanBody)) continue;
      const body = comps.find((c) => c.type === 'BODY')?.text ?? '';
      out.push({ name: t.name, language: t.language, category: t.category ?? 'UTILITY', body, parameters: placeholderCount(body) });
    }
  }
  return out.sort((a, b) => a.name.localeCompare(b.name) || a.language.localeCompare(b.language));
}

/**
 * A file a citizen sent (GET /{media-id} gives a short-lived URL on lookaside.fbsbx.com, fetched with
 * the same token). Media ids stay valid for 30 days after the message.
 */
export async function downloadMedia(ctx: ConnectorContext, mediaId: string, maxBytes: number): Promise<{ data: Uint8Array; mime: string | null }> {
  if (!/^\d+$/.test(mediaId)) throw permanent('whatsapp', 'ID media WhatsApp tidak valid.');
  const meta = await graphFor(ctx).get<{ url?: string; mime_type?: string; file_size?: number }>(mediaId);
  if (!meta.url) throw permanent('whatsapp', 'WhatsApp tidak memberikan alamat unduhan media ini.');
  if ((meta.file_size ?? 0) > maxBytes) throw permanent('whatsapp', `Berkas dari warga terlalu besar untuk disimpan (${meta.file_size} byte).`);
  const res = await ctx.http({ method: 'GET', url: meta.url, headers: { authorization: `Bearer ${ctx.credentials.accessToken}` }, binary: { maxBytes } });
  if (res.status === 401 || res.status === 403) throw new ConnectorError('auth', 'whatsapp', 'Token WhatsApp ditolak saat mengunduh media; hubungkan ulang akun.', { status: res.status });
  if (res.status === 404) throw permanent('whatsapp', 'Media WhatsApp sudah tidak tersedia (kedaluwarsa).');
  if (res.status >= 500) throw new ConnectorError('transient', 'whatsapp', `Unduhan media WhatsApp gagal (HTTP ${res.status}).`, { status: res.status });
  if (!res.bytes) throw permanent('whatsapp', `Unduhan media WhatsApp gagal (HTTP ${res.status}).`);
  return { data: res.bytes, mime: meta.mime_type ?? null };
}

/** Marks a citizen's message as read (blue ticks); optional courtesy after handling it. */
export async function markWhatsAppRead(ctx: ConnectorContext, messageId: string): Promise<void> {
  await graphFor(ctx).post(`${ctx.account.externalId}/messages`, { json: { messaging_product: 'whatsapp', status: 'read', message_id: messageId } });
}

export const whatsappConnector: Connector = {
  platform: 'whatsapp',
  capabilities: {
    publishText: false,
    publishImage: false,
    publishVideo: false,
    publishReel: false,
    comments: false,
    mentions: false,
    directMessages: true,
    publicReply: false,
    privateReply: true,
    hide: false,
    delete: false,
    insights: false,
    webhooks: true,
    polling: false,
  },
  publish: async () => {
    throw unsupported('whatsapp', TEXT.whatsappNoPublic);
  },
  findPublished: async () => null,
  replyPublic: async () => {
    throw unsupported('whatsapp', TEXT.whatsappNoPublic);
  },
  replyPrivate,
  setHidden: async () => {
    throw unsupported('whatsapp', TEXT.whatsappNoModeration);
  },
  deleteComment: async () => {
    throw unsupported('whatsapp', TEXT.whatsappNoModeration);
  },
  insights: async () => {
    throw unsupported('whatsapp', TEXT.whatsappNoInsights);
  },
  checkToken: (ctx) => checkGraphToken(ctx, (g) => g.get(ctx.account.externalId, { query: { fields: 'id' } })),
  listTemplates,
  downloadMedia,
};

export const whatsappAuth: ConnectorAuth = {
  kind: 'token',
  tokenFields: [
    { name: 'phoneNumberId', label: 'ID nomor telepon (Phone number ID)', secret: false, help: 'Dari WhatsApp Manager > API Setup, bukan nomor teleponnya.' },
    { name: 'wabaId', label: 'ID akun WhatsApp Business (WABA ID)', secret: false },
    { name: 'accessToken', label: 'Token akses pengguna sistem (System user token)', secret: true, help: 'Token permanen dengan izin whatsapp_business_messaging dan whatsapp_business_management.' },
  ],
  async fromToken(ctx, fields) {
    const phoneNumberId = (fields.phoneNumberId ?? '').trim();
    const wabaId = (fields.wabaId ?? '').trim();
    const accessToken = (fields.accessToken ?? '').trim();
    if (!/^\d+$/.test(phoneNumberId)) throw permanent('whatsapp', 'ID nomor telepon harus berupa angka.');
    if (!/^\d+$/.test(wabaId)) throw permanent('whatsapp', 'ID akun WhatsApp Business harus berupa angka.');
    if (!accessToken) throw permanent('whatsapp', 'Token akses wajib diisi.');
    const g = new GraphClient(ctx, { platform: 'whatsapp', token: accessToken, appSecret: ctx.settings.apps.meta.appSecret || null, usageKey: phoneNumberId });
    const phone = await g.get<{ id: string; display_phone_number?: string; verified_name?: string }>(phoneNumberId, { query: { fields: 'id,display_phone_number,verified_name' } });
    // The number must belong to the WABA whose webhooks Dayung subscribes to.
    let belongs = false;
    for await (const page of g.pages<{ id: string }>(`${wabaId}/phone_numbers`, { query: { fields: 'id', limit: 100 }, maxPages: 5 })) {
      if (page.some((p) => p.id === phoneNumberId)) belongs = true;
    }
    if (!belongs) throw permanent('whatsapp', 'Nomor telepon ini tidak terdaftar pada akun WhatsApp Business (WABA) yang diisi.');
    let scopes: string[] = [];
    let expiresAt: Date | null = null;
    if (appAccessToken(ctx.settings)) {
      const d = await debugToken(ctx, 'whatsapp', accessToken);
      scopes = d.check.scopes ?? [];
      expiresAt = d.check.expiresAt;
    }
    return [
      {
        externalId: phone.id,
        name: phone.verified_name ?? phone.display_phone_number ?? phone.id,
        handle: phone.display_phone_number ?? null,
        credentials: { accessToken, refreshToken: null, expiresAt },
        scopes,
        extra: { wabaId, displayPhoneNumber: phone.display_phone_number ?? null },
      },
    ];
  },
  async afterConnect(ctx) {
    const wabaId = wabaIdOf(ctx);
    if (!wabaId) throw permanent('whatsapp', 'ID akun WhatsApp Business tidak diketahui.');
    await graphFor(ctx).post(`${wabaId}/subscribed_apps`);
    return { webhookSubscribed: true };
  },
};

export const whatsapp: PlatformModule = { connector: whatsappConnector, auth: whatsappAuth };
