// The demo world: every OPD given gets an account on each platform, connected and subscribed to the
// configured webhook target. Used by the product's demo mode (through the control API) and tests.
import type { FakeState } from './core/state.ts';
import type { Platform } from './core/types.ts';
import { PLATFORMS } from './core/types.ts';
import type { AccountInfo } from './accounts.ts';
import { createAccount } from './accounts.ts';

export interface DemoOpd {
  /** OPD code from opd.json, e.g. DISDIK */
  code: string;
  /** display name, e.g. "Dinas Pendidikan" */
  name: string;
  /** handle stem (default: code in lower case) */
  handle?: string;
}

export interface DemoInput {
  opds: DemoOpd[];
  platforms?: Platform[];
  /** set a Telegram webhook to `<webhookTarget>/webhooks/telegram` for each bot (default true) */
  telegramWebhook?: boolean;
}

export interface DemoWorld {
  opds: { code: string; name: string; accounts: AccountInfo[] }[];
}

export function setupDemoWorld(state: FakeState, input: DemoInput): DemoWorld {
  const platforms = input.platforms ?? [...PLATFORMS];
  const out: DemoWorld = { opds: [] };
  input.opds.forEach((opd, i) => {
    const stem = (opd.handle ?? opd.code).toLowerCase().replace(/[^a-z0-9]+/g, '');
    const full = `${opd.name} Provinsi Sumatera Barat`;
    const accounts: AccountInfo[] = [];
    let pageId: string | undefined;
    for (const p of platforms) {
      switch (p) {
        case 'facebook': {
          const a = createAccount(state, { platform: 'facebook', name: full, username: `${stem}.sumbarprov`, seedPosts: [`Selamat datang di halaman resmi ${full}.`, `Jadwal layanan ${opd.name} pekan ini: Senin–Jumat pukul 08.00–16.00 WIB.`, `Kanal pengaduan ${opd.name}: sampaikan lewat kolom komentar atau pesan.`] });
          pageId = a.id;
          accounts.push(a);
          break;
        }
        case 'instagram':
          accounts.push(
            pageId
              ? createAccount(state, { platform: 'instagram', username: `${stem}.sumbar`, name: full, pageId, loginType: 'facebook', seedMedia: [`Info layanan ${opd.name}`, `Kegiatan ${opd.name} hari ini`] })
              : createAccount(state, { platform: 'instagram', username: `${stem}.sumbar`, name: full, loginType: 'instagram', seedMedia: [`Info layanan ${opd.name}`] }),
          );
          break;
        case 'whatsapp':
          accounts.push(createAccount(state, { platform: 'whatsapp', displayPhoneNumber: `+62 751 555 ${String(1000 + i).padStart(4, '0')}`, verifiedName: full }));
          break;
        case 'x':
          accounts.push(createAccount(state, { platform: 'x', username: `${stem}_sumbar`.slice(0, 15), name: full, seedTweets: [`Akun resmi ${full}. Layanan informasi dan pengaduan.`, `Info layanan ${opd.name} minggu ini.`] }));
          break;
        case 'telegram':
          accounts.push(createAccount(state, { platform: 'telegram', username: `${stem}_sumbar_bot`.slice(0, 32), firstName: opd.name, channelUsername: `${stem}_sumbar`, channelTitle: full, webhook: input.telegramWebhook ?? true }));
          break;
        case 'youtube':
          accounts.push(createAccount(state, { platform: 'youtube', title: full, handle: `${stem}sumbar`, seedVideos: [`Profil ${opd.name}`, `Sosialisasi layanan ${opd.name}`] }));
          break;
        case 'tiktok':
          accounts.push(createAccount(state, { platform: 'tiktok', username: `${stem}.sumbar`, displayName: full }));
          break;
      }
    }
    out.opds.push({ code: opd.code, name: opd.name, accounts });
  });
  return out;
}
