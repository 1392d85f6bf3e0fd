import { z } from 'zod';
import type { App } from '../../platform/http/server.ts';
import { parseWibBound } from '../../platform/time.ts';
import { requestMeta, requireActor, type Actor } from '../org/index.ts';
import * as service from './service.ts';
import * as replies from './reply.ts';
import type { LiveHub } from './live.ts';
import * as rules from './rules.ts';
import { bulkAction } from './moderation.ts';
import * as contacts from './contacts.ts';
import * as savedViews from './saved-views.ts';
import { VIEW_KEYS } from './views.ts';

// HTTP of the inbox: thin; every decision is in the service.

const tags = ['inbox'];
const Id = z.strictObject({ id: z.uuid() });
const Bool = z.enum(['true', 'false']).transform((v) => v === 'true');
const STATUSES = ['open', 'assigned', 'done', 'spam', 'hidden'] as const;
const StatusList = z
  .string()
  .max(100)
  .transform((v) => [...new Set(v.split(',').map((x) => x.trim()).filter(Boolean))])
  .pipe(z.array(z.enum(STATUSES)).min(1).max(STATUSES.length));
const Platform = z.enum(['facebook', 'instagram', 'whatsapp', 'x', 'telegram', 'youtube', 'tiktok']);
const Intent = z.enum(['complaint', 'question', 'aspiration', 'praise', 'spam', 'abuse', 'other']);
const Filter = z.strictObject({
  orgId: z.uuid().optional(),
  platform: z.enum(['facebook', 'instagram', 'whatsapp', 'x', 'telegram', 'youtube', 'tiktok']).optional(),
  accountId: z.uuid().optional(),
  kind: z.enum(['comment', 'reply', 'mention', 'message']).optional(),
  intent: z.enum(['complaint', 'question', 'aspiration', 'praise', 'spam', 'abuse', 'other']).optional(),
  sentiment: z.enum(['negative', 'neutral', 'positive']).optional(),
  urgency: z.enum(['high', 'medium', 'low']).optional(),
  // One status, or several separated by commas (any of them).
  status: StatusList.optional(),
  assigneeId: z.uuid().optional(),
  unassigned: Bool.optional(),
  triage: Bool.optional(),
  from: z.iso.datetime({ offset: true }).or(z.iso.date()).optional(),
  to: z.iso.datetime({ offset: true }).or(z.iso.date()).optional(),
  q: z.string().trim().min(1).max(200).optional(),
  contactId: z.uuid().optional(),
});
const ListQuery = Filter.extend({
  // A built-in view over the filters (src/modules/inbox/views.ts); its count is `views.<view>` of /api/inbox/counts.
  view: z.enum(VIEW_KEYS).optional(),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(200).optional(),
});
/** What a saved view stores: the filters of the panel (WIB days) and a built-in view. */
const SavedFilters = z.strictObject({
  view: z.enum(VIEW_KEYS).optional(),
  platform: Platform.optional(),
  intent: Intent.optional(),
  sentiment: z.enum(['negative', 'neutral', 'positive']).optional(),
  urgency: z.enum(['high', 'medium', 'low']).optional(),
  status: z.enum(STATUSES).optional(),
  orgId: z.uuid().optional(),
  from: z.iso.date().optional(),
  to: z.iso.date().optional(),
  q: z.string().trim().max(200).optional(),
});
const ViewName = z.string().trim().min(1).max(60);

function filterOf(qs: z.infer<typeof Filter>) {
  const { from, to, ...rest } = qs;
  return { ...rest, from: from ? parseWibBound(from, false) : undefined, to: to ? parseWibBound(to, true) : undefined };
}

function audit(req: Parameters<typeof requestMeta>[0], actor: Actor) {
  const m = requestMeta(req);
  return { actor, requestId: m.requestId, ip: m.ip };
}

export function registerInboxRoutes(app: App, deps: service.InboxDeps, live: LiveHub): void {
  app.get('/api/inbox/stream', { schema: { tags, summary: 'Pembaruan langsung (Server-Sent Events): pesan baru, perubahan, dan siapa yang sedang membuka percakapan' } }, async (req, reply) => {
    const actor = requireActor(req);
    await live.subscribe(req, reply, actor);
  });

  app.post('/api/inbox/:id/viewing', { schema: { tags, summary: 'Umumkan bahwa Anda sedang membuka percakapan ini', params: Id, response: { 204: z.null() } } }, async (req, reply) => {
    await service.announceViewing(deps, requireActor(req), req.params.id);
    return reply.code(204).send(null);
  });

  app.get('/api/inbox', { schema: { tags, summary: 'Kotak masuk: komentar, mention, dan pesan (data pribadi tersamar)', querystring: ListQuery } }, async (req) => {
    const { cursor, limit, ...f } = req.query;
    return service.listInbox(deps, requireActor(req), { ...filterOf(f), cursor, limit });
  });

  app.get('/api/inbox/counts', { schema: { tags, summary: 'Jumlah per status untuk tampilan kotak masuk', querystring: Filter } }, async (req) => {
    return service.inboxCounts(deps, requireActor(req), filterOf(req.query));
  });

  app.get('/api/inbox/assignees', { schema: { tags, summary: 'Rekan yang dapat ditugaskan pada pesan OPD ini (aktif, bukan peninjau; staf provinsi untuk peran provinsi)', querystring: z.strictObject({ orgId: z.uuid().optional() }) } }, async (req) => {
    return { items: await service.listAssignees(deps, requireActor(req), req.query.orgId) };
  });

  app.get('/api/inbox/saved-views', { schema: { tags, summary: 'Tampilan tersimpan: milik Anda dan yang dibagikan di OPD Anda, dengan jumlahnya' } }, async (req) => {
    return { items: await savedViews.listSavedViews(deps.db, requireActor(req)) };
  });
  app.post('/api/inbox/saved-views', { schema: { tags, summary: 'Simpan tampilan (nama, filter; bisa dibagikan ke OPD)', body: z.strictObject({ name: ViewName, shared: z.boolean().optional(), filters: SavedFilters }) } }, async (req, reply) => {
    const actor = requireActor(req);
    return reply.code(201).send(await savedViews.createSavedView(deps.db, actor, req.body, audit(req, actor)));
  });
  app.patch('/api/inbox/saved-views/:id', { schema: { tags, summary: 'Ubah nama, berbagi, atau filter tampilan tersimpan (pemiliknya saja)', params: Id, body: z.strictObject({ name: ViewName.optional(), shared: z.boolean().optional(), filters: SavedFilters.optional() }) } }, async (req) => {
    const actor = requireActor(req);
    return savedViews.updateSavedView(deps.db, actor, req.params.id, req.body, audit(req, actor));
  });
  app.delete('/api/inbox/saved-views/:id', { schema: { tags, summary: 'Hapus tampilan tersimpan (pemiliknya saja)', params: Id, response: { 204: z.null() } } }, async (req, reply) => {
    const actor = requireActor(req);
    await savedViews.deleteSavedView(deps.db, actor, req.params.id, audit(req, actor));
    return reply.code(204).send(null);
  });

  app.get('/api/inbox/contacts', { schema: { tags, summary: 'Cari kontak warga (nama, akun, nomor) untuk ditautkan; hanya yang pernah menulis ke OPD Anda', querystring: z.strictObject({ q: z.string().trim().min(2).max(100) }) } }, async (req) => {
    return { items: await contacts.searchContacts(deps.db, requireActor(req), req.query.q) };
  });
  app.get('/api/inbox/contacts/:id', { schema: { tags, summary: 'Kontak dan kontak lain orang yang sama (yang terlihat oleh Anda)', params: Id } }, async (req) => {
    return { items: await contacts.personOf(deps.db, requireActor(req), req.params.id) };
  });
  app.post('/api/inbox/contacts/:id/links', { schema: { tags, summary: 'Tautkan kontak lain orang yang sama (mis. WhatsApp dan Instagram); dicatat di log audit', params: Id, body: z.strictObject({ contactId: z.uuid() }) } }, async (req) => {
    const actor = requireActor(req);
    return { items: await contacts.linkContacts(deps.db, actor, req.params.id, req.body.contactId, audit(req, actor)) };
  });
  app.post('/api/inbox/contacts/:id/unlink', { schema: { tags, summary: 'Lepaskan kontak dari orang yang ditautkan; dicatat di log audit', params: Id, response: { 204: z.null() } } }, async (req, reply) => {
    const actor = requireActor(req);
    await contacts.unlinkContact(deps.db, actor, req.params.id, audit(req, actor));
    return reply.code(204).send(null);
  });

  app.get('/api/inbox/:id', { schema: { tags, summary: 'Percakapan: pesan, utas, riwayat kontak, alasan analisis, catatan', params: Id } }, async (req) => {
    return service.getConversation(deps, requireActor(req), req.params.id);
  });

  app.post('/api/inbox/:id/reveal', { schema: { tags, summary: 'Tampilkan teks asli (data pribadi); dicatat di log audit', params: Id, body: z.strictObject({ reason: z.string().trim().min(3).max(300) }) } }, async (req) => {
    const actor = requireActor(req);
    return service.revealText(deps, actor, req.params.id, audit(req, actor), req.body.reason);
  });

  app.post('/api/inbox/:id/assign', { schema: { tags, summary: 'Tugaskan ke petugas (null: lepas)', params: Id, body: z.strictObject({ assigneeId: z.uuid().nullable() }), response: { 204: z.null() } } }, async (req, reply) => {
    const actor = requireActor(req);
    await service.assign(deps, actor, req.params.id, req.body.assigneeId, audit(req, actor));
    return reply.code(204).send(null);
  });

  app.post('/api/inbox/:id/status', { schema: { tags, summary: 'Tandai selesai, spam, atau buka kembali', params: Id, body: z.strictObject({ status: z.enum(['open', 'done', 'spam']) }), response: { 204: z.null() } } }, async (req, reply) => {
    const actor = requireActor(req);
    await service.setStatus(deps, actor, req.params.id, req.body.status, audit(req, actor));
    return reply.code(204).send(null);
  });

  app.post('/api/inbox/:id/intent', { schema: { tags, summary: 'Koreksi jenis pesan (melatih model bahasa)', params: Id, body: z.strictObject({ intent: z.enum(['complaint', 'question', 'aspiration', 'praise', 'spam', 'abuse', 'other']) }), response: { 204: z.null() } } }, async (req, reply) => {
    const actor = requireActor(req);
    await service.correctIntent(deps, actor, req.params.id, req.body.intent, audit(req, actor));
    return reply.code(204).send(null);
  });

  app.post('/api/inbox/:id/reroute', { schema: { tags, summary: 'Teruskan ke OPD lain dengan alasan (melatih model penerusan)', params: Id, body: z.strictObject({ orgCode: z.string().regex(/^[A-Z0-9_]{2,32}$/), reason: z.string().trim().min(3).max(500) }), response: { 204: z.null() } } }, async (req, reply) => {
    const actor = requireActor(req);
    await service.reroute(deps, actor, req.params.id, req.body, audit(req, actor));
    return reply.code(204).send(null);
  });

  app.post(
    '/api/inbox/:id/reply',
    {
      schema: {
        tags,
        summary: 'Balas lewat kanal asal (publik atau pribadi), sekali saja',
        params: Id,
        body: z.strictObject({
          text: z.string().max(4000).optional(),
          cannedId: z.uuid().optional(),
          mode: z.enum(['public', 'private']).default('public'),
          requestId: z.string().regex(/^[\w-]{8,64}$/).optional(),
          template: z.strictObject({ name: z.string().min(1).max(100), language: z.string().min(2).max(10), parameters: z.array(z.string().max(500)).max(10) }).optional(),
        }),
      },
    },
    async (req, reply) => {
      const actor = requireActor(req);
      const r = await replies.reply(deps.db, actor, req.params.id, req.body, audit(req, actor));
      return reply.code(r.duplicate ? 200 : 202).send(r);
    },
  );

  app.get('/api/inbox/canned', { schema: { tags, summary: 'Jawaban siap pakai OPD', querystring: z.strictObject({ orgId: z.uuid().optional() }) } }, async (req) => {
    return { items: await replies.listCanned(deps.db, requireActor(req), req.query.orgId) };
  });

  app.post('/api/inbox/canned', { schema: { tags, summary: 'Buat atau ubah jawaban siap pakai ({nama}, {kode_aduan})', body: z.strictObject({ id: z.uuid().optional(), orgId: z.uuid(), title: z.string().trim().min(1).max(120), body: z.string().trim().min(1).max(4000) }) } }, async (req, reply) => {
    const actor = requireActor(req);
    return reply.code(req.body.id ? 200 : 201).send(await replies.saveCanned(deps.db, actor, req.body, audit(req, actor)));
  });

  app.delete('/api/inbox/canned/:id', { schema: { tags, summary: 'Hapus jawaban siap pakai', params: Id, response: { 204: z.null() } } }, async (req, reply) => {
    const actor = requireActor(req);
    await replies.deleteCanned(deps.db, actor, req.params.id, audit(req, actor));
    return reply.code(204).send(null);
  });

  app.post('/api/inbox/bulk', { schema: { tags, summary: 'Tindakan massal: selesai, spam, atau sembunyikan di platform (judol)', body: z.strictObject({ ids: z.array(z.uuid()).min(1).max(200), action: z.enum(['done', 'spam', 'hide']) }) } }, async (req) => {
    const actor = requireActor(req);
    return bulkAction(deps.db, actor, req.body, audit(req, actor));
  });

  const RuleBody = z.strictObject({
    name: z.string().trim().min(1).max(120),
    enabled: z.boolean().optional(),
    position: z.number().int().min(0).max(100_000).optional(),
    match: z.strictObject({
      accountId: z.uuid().nullable().optional(),
      platform: z.enum(['facebook', 'instagram', 'whatsapp', 'x', 'telegram', 'youtube', 'tiktok']).nullable().optional(),
      keywords: z.array(z.string().trim().min(2).max(60)).max(50).optional(),
      intents: z.array(z.enum(['complaint', 'question', 'aspiration', 'praise', 'spam', 'abuse', 'other'])).max(7).optional(),
      locations: z.array(z.string().trim().min(2).max(60)).max(50).optional(),
    }),
    action: z.strictObject({
      routeOrgCode: z.string().regex(/^[A-Z0-9_]{2,32}$/).nullable().optional(),
      assigneeId: z.uuid().nullable().optional(),
      label: z.string().trim().min(1).max(40).nullable().optional(),
      urgency: z.enum(['high', 'medium', 'low']).nullable().optional(),
    }),
  });
  app.get('/api/inbox/rules', { schema: { tags, summary: 'Aturan penerusan (Kominfotik)' } }, async (req) => ({ items: await rules.listRules(deps.db, requireActor(req)) }));
  app.post('/api/inbox/rules', { schema: { tags, summary: 'Tambah aturan penerusan', body: RuleBody } }, async (req, reply) => {
    const actor = requireActor(req);
    return reply.code(201).send(await rules.saveRule(deps.db, actor, null, req.body, audit(req, actor)));
  });
  app.put('/api/inbox/rules/:id', { schema: { tags, summary: 'Ubah aturan penerusan', params: Id, body: RuleBody } }, async (req) => {
    const actor = requireActor(req);
    return rules.saveRule(deps.db, actor, req.params.id, req.body, audit(req, actor));
  });
  app.delete('/api/inbox/rules/:id', { schema: { tags, summary: 'Hapus aturan penerusan', params: Id, response: { 204: z.null() } } }, async (req, reply) => {
    const actor = requireActor(req);
    await rules.deleteRule(deps.db, actor, req.params.id, audit(req, actor));
    return reply.code(204).send(null);
  });
  app.post('/api/inbox/rules/test', { schema: { tags, summary: 'Uji: aturan mana yang berlaku untuk contoh teks', body: z.strictObject({ text: z.string().min(1).max(4000), accountId: z.uuid().optional(), platform: z.string().max(20).optional() }) } }, async (req) => {
    return rules.testRules(deps.db, requireActor(req), req.body);
  });

  app.post('/api/inbox/:id/notes', { schema: { tags, summary: 'Catatan internal (sebut rekan dengan @email)', params: Id, body: z.strictObject({ text: z.string().trim().min(1).max(4000) }) } }, async (req, reply) => {
    const actor = requireActor(req);
    return reply.code(201).send(await service.addNote(deps, actor, req.params.id, req.body.text, audit(req, actor)));
  });
}
