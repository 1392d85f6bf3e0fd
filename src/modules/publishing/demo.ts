import type { Db } from '../../platform/db/index.ts';
import { recordAudit, systemContext } from '../org/index.ts';
import type { PostContent } from './content.ts';
import { scheduleDue } from './engine.ts';

// The demo's publishing world (`npm start`): a province campaign for several OPDs, and at DINKES and
// DISDIK posts in every stage (draft, waiting for approval, changes requested, scheduled, and two that
// publish to the fake platforms a minute after start), so the calendar, the approval queue and the
// campaign board have something true to show. Runs once: only when no post exists yet.

const TEXT_ONLY = ['facebook', 'x', 'telegram'] as const;

interface Demo {
  org: string;
  by: string;
  approver: string | null;
  status: 'draft' | 'diajukan' | 'perlu_revisi' | 'terjadwal';
  inMinutes: number | null;
  title: string;
  text: string;
  link?: string;
  campaign?: boolean;
  review?: string;
}

const POSTS: Demo[] = [
  {
    org: 'DINKES',
    by: 'admin@dinkes.sumbarprov.go.id',
    approver: 'kepala@dinkes.sumbarprov.go.id',
    status: 'terjadwal',
    inMinutes: 1,
    title: 'Waspada DBD musim hujan',
    text: 'Musim hujan tiba. Lakukan 3M Plus: menguras, menutup, dan mendaur ulang barang bekas, serta memakai lotion antinyamuk. Demam tinggi lebih dari 2 hari? Segera ke puskesmas terdekat. Info: hotline Dinas Kesehatan 0751-123456. #WaspadaDBD',
    link: 'https://dinkes.sumbarprov.go.id/dbd',
    campaign: true,
  },
  {
    org: 'DISDIK',
    by: 'admin@disdik.sumbarprov.go.id',
    approver: 'kepala@disdik.sumbarprov.go.id',
    status: 'terjadwal',
    inMinutes: 2,
    title: 'Sekolah bebas jentik',
    text: 'Ayo jadikan sekolah bebas jentik! Setiap Jumat pagi, siswa dan guru SMA/SMK se-Sumatera Barat memeriksa bak air dan talang sekolah. Cegah demam berdarah bersama. #WaspadaDBD',
    link: 'https://disdik.sumbarprov.go.id',
    campaign: true,
  },
  {
    org: 'DINKES',
    by: 'admin@dinkes.sumbarprov.go.id',
    approver: 'kepala@dinkes.sumbarprov.go.id',
    status: 'terjadwal',
    inMinutes: 26 * 60,
    title: 'Imunisasi campak',
    text: 'Imunisasi campak-rubela gratis untuk anak usia 9 bulan sampai 5 tahun di seluruh puskesmas Kota Padang, Senin pukul 08.00 sampai 12.00 WIB. Bawa buku KIA anak Anda.',
    link: 'https://dinkes.sumbarprov.go.id/imunisasi',
  },
  {
    org: 'DINKES',
    by: 'admin@dinkes.sumbarprov.go.id',
    approver: null,
    status: 'diajukan',
    inMinutes: 3 * 24 * 60,
    title: 'Jadwal posyandu lansia',
    text: 'Dalam rangka meningkatkan kesehatan lansia, dengan ini kami sampaikan jadwal posyandu lansia bulan Desember. Informasi lengkap hubungi puskesmas setempat.',
  },
  {
    org: 'DISDIK',
    by: 'admin@disdik.sumbarprov.go.id',
    approver: 'kepala@disdik.sumbarprov.go.id',
    status: 'perlu_revisi',
    inMinutes: 4 * 24 * 60,
    title: 'Pendaftaran Bimtek guru',
    text: 'Pendaftaran Bimtek guru SMA dibuka. Daftar segera!',
    review: 'Jelaskan singkatan Bimtek, cantumkan tanggal pelaksanaan, tempat, dan tautan pendaftaran resmi.',
  },
  {
    org: 'DINKES',
    by: 'admin@dinkes.sumbarprov.go.id',
    approver: null,
    status: 'draft',
    inMinutes: null,
    title: 'Tips makan sehat',
    text: 'Isi piringku: setengah piring sayur dan buah, seperempat lauk pauk, seperempat makanan pokok. Minum air putih 8 gelas sehari.',
  },
];

export async function seedDemoPublishing(db: Db, now = new Date()): Promise<number> {
  const any = await db.selectFrom('post').select('id').limit(1).executeTakeFirst();
  if (any) return 0;
  const orgs = new Map((await db.selectFrom('org').select(['id', 'code']).execute()).map((o) => [o.code, o.id]));
  const users = new Map((await db.selectFrom('app_user').select(['id', 'email']).execute()).map((u) => [u.email, u.id]));
  const supervisor = users.get('supervisor@kominfotik.sumbarprov.go.id') ?? null;
  const targets = ['DINKES', 'DISDIK', 'DISHUB', 'BAPENDA', 'KOMINFOTIK'].map((c) => orgs.get(c)).filter((id): id is string => !!id);
  let n = 0;
  await db.transaction().execute(async (tx) => {
    const campaign = await tx
      .insertInto('campaign')
      .values({
        title: 'Gerakan Waspada DBD Sumatera Barat',
        key_message: 'Cegah demam berdarah dengan 3M Plus: menguras, menutup, mendaur ulang, dan segera ke puskesmas bila demam tinggi lebih dari 2 hari.',
        hashtags: ['WaspadaDBD', 'SumbarSehat'],
        starts_at: new Date(now.getTime() - 86_400_000),
        ends_at: new Date(now.getTime() + 20 * 3_600_000),
        created_by: supervisor,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await tx.insertInto('campaign_task').values(targets.map((org_id) => ({ campaign_id: campaign.id, org_id }))).execute();
    for (const d of POSTS) {
      const orgId = orgs.get(d.org);
      const by = users.get(d.by) ?? null;
      if (!orgId) continue;
      const accounts = await tx.selectFrom('channel_account').select(['id', 'platform']).where('org_id', '=', orgId).where('platform', 'in', [...TEXT_ONLY]).where('status', '=', 'active').execute();
      if (!accounts.length) continue;
      const content: PostContent = { title: d.title, text: d.text, link: d.link ?? null, media: [], channels: accounts.map((a) => ({ accountId: a.id, text: null, title: null })), catalog: null };
      const scheduledAt = d.inMinutes === null ? null : new Date(Math.ceil((now.getTime() + d.inMinutes * 60_000) / 60_000) * 60_000); // whole minutes, as people schedule
      const approved = d.status === 'terjadwal';
      const post = await tx
        .insertInto('post')
        .values({ org_id: orgId, status: d.status, campaign_id: d.campaign ? campaign.id : null, scheduled_at: scheduledAt, approved_version: approved ? 1 : null, created_by: by })
        .returning('id')
        .executeTakeFirstOrThrow();
      await tx.insertInto('post_version').values({ post_id: post.id, number: 1, org_id: orgId, content: JSON.stringify(content), created_by: by }).execute();
      if (d.status !== 'draft') await tx.insertInto('post_review').values({ post_id: post.id, version: 1, level: 0, decision: 'submitted', comment: null, decided_by: by }).execute();
      if (approved && d.approver) await tx.insertInto('post_review').values({ post_id: post.id, version: 1, level: 1, decision: 'approved', comment: 'Silakan terbitkan.', decided_by: users.get(d.approver) ?? null }).execute();
      if (d.review && d.approver) await tx.insertInto('post_review').values({ post_id: post.id, version: 1, level: 1, decision: 'changes_requested', comment: d.review, decided_by: users.get(d.approver) ?? null }).execute();
      if (d.campaign) await tx.updateTable('campaign_task').set({ status: 'drafting', post_id: post.id }).where('campaign_id', '=', campaign.id).where('org_id', '=', orgId).execute();
      if (scheduledAt) await scheduleDue(tx, scheduledAt);
      n++;
    }
    await recordAudit(tx, systemContext(), { orgId: null, action: 'publishing.demo_seed', targetType: 'campaign', targetId: campaign.id, after: { posts: n } });
  });
  return n;
}
