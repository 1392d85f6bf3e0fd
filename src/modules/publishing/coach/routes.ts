import type { App } from '../../../platform/http/server.ts';
import { requestMeta, requireActor, type Actor } from '../../org/index.ts';
import { CoachInputSchema, CoachResultSchema, CoachSettingsSchema, SettingsViewSchema } from './schema.ts';
import * as service from './service.ts';
import type { CoachInput } from './types.ts';

// HTTP of the content coach: thin; decisions are in the service.

const tags = ['publishing'];

function audit(req: Parameters<typeof requestMeta>[0], actor: Actor) {
  const m = requestMeta(req);
  return { actor, requestId: m.requestId, ip: m.ip };
}

export function registerCoachRoutes(app: App, deps: service.CoachDeps): void {
  app.post(
    '/api/publishing/coach',
    { schema: { tags, summary: 'Pelatih konten: periksa draf (keterbacaan, kelengkapan, aksesibilitas, keamanan, kesesuaian kanal, kampanye)', body: CoachInputSchema, response: { 200: CoachResultSchema } } },
    async (req) => service.checkDraft(deps, requireActor(req), req.body as CoachInput),
  );
  app.get(
    '/api/publishing/coach/settings',
    { schema: { tags, summary: 'Pengaturan pelatih konten (admin provinsi)', response: { 200: SettingsViewSchema } } },
    async (req) => service.settingsView(deps, requireActor(req)),
  );
  app.put(
    '/api/publishing/coach/settings',
    { schema: { tags, summary: 'Ubah pengaturan pelatih konten (admin provinsi; tercatat di log audit)', body: CoachSettingsSchema, response: { 200: SettingsViewSchema } } },
    async (req) => {
      const actor = requireActor(req);
      return service.updateSettings(deps, actor, req.body, audit(req, actor));
    },
  );
}
