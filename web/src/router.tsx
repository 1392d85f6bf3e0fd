// The route tree, written in code (no file-based plugin). Paths are Indonesian
// because the people using Dayung read them; see docs/ui.md#routes.
import type { QueryClient } from '@tanstack/react-query';
import { createRootRouteWithContext, createRoute, createRouter, Outlet, redirect } from '@tanstack/react-router';
import { useRef } from 'react';
import { sessionQuery } from './auth/session.ts';
import { Toasts } from './components/toast.tsx';
import { safeRedirect } from './lib/permissions.ts';
import { AppLayout } from './routes/app-layout.tsx';
import { ForcedPasswordChangePage } from './routes/auth/change-password.tsx';
import { ForgotPasswordPage } from './routes/auth/forgot-password.tsx';
import { LoginPage } from './routes/auth/login.tsx';
import { SetPasswordPage } from './routes/auth/set-password.tsx';
import { ChannelsPage } from './routes/channels/channels.tsx';
import { ComingSoonPage } from './routes/coming-soon.tsx';
import { CaseDetailPage } from './routes/cases/case-detail.tsx';
import { CasesPage, type CasesSearch } from './routes/cases/cases.tsx';
import { PublicSiteLayout } from './routes/public/public-site.tsx';
import { ReportPage } from './routes/public/report.tsx';
import { StatsPage } from './routes/public/stats.tsx';
import { TrackPage, TrackStartPage } from './routes/public/track.tsx';
import { CrashPage, NotFoundPage } from './routes/errors.tsx';
import { CampaignBoardPage } from './routes/publishing/campaign-board.tsx';
import { CampaignsPage } from './routes/publishing/campaigns.tsx';
import { ComposerPage, type ComposerSearch } from './routes/publishing/composer.tsx';
import { PublishingPage, type PublishingSearch } from './routes/publishing/posts.tsx';
import { PublishingSettingsPage, type SettingsSearch } from './routes/publishing/settings.tsx';
import { CoachSettingsPage } from './routes/publishing/coach-settings.tsx';
import { HomePage } from './routes/home/home.tsx';
import { CannedPage } from './routes/inbox/canned.tsx';
import { RulesPage } from './routes/inbox/rules.tsx';
import { Open311KeysPage } from './routes/open311/keys.tsx';
import { InboxPage } from './routes/inbox/inbox.tsx';
import type { InboxSearch } from './lib/inbox.ts';
import { MailOutboxPage } from './routes/mail/outbox.tsx';
import { AuditPage } from './routes/org/audit.tsx';
import { OrgDetailPage } from './routes/org/org-detail.tsx';
import { OrgListPage } from './routes/org/org-list.tsx';
import { ProfilePage } from './routes/org/profile.tsx';
import { UsersPage } from './routes/org/users.tsx';

export type RouterContext = { queryClient: QueryClient };

/** Search params are untrusted input: keep only non-empty strings. */
const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() !== '' ? v : typeof v === 'number' ? String(v) : undefined);

const rootRoute = createRootRouteWithContext<RouterContext>()({
  component: () => (
    <>
      <Outlet />
      <Toasts />
    </>
  ),
  notFoundComponent: NotFoundPage,
  errorComponent: CrashPage,
});

const loginRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/masuk',
  validateSearch: (s: Record<string, unknown>): { kembali?: string; alasan?: string; galat?: string } => ({ kembali: str(s.kembali), alasan: str(s.alasan), galat: str(s.galat) }),
  beforeLoad: async ({ context, search }) => {
    const session = await context.queryClient.ensureQueryData(sessionQuery);
    if (session.user) throw redirect({ href: safeRedirect(search.kembali) });
  },
  component: LoginPage,
});

const forgotRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/lupa-sandi',
  component: ForgotPasswordPage,
});

const setPasswordRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/atur-sandi',
  validateSearch: (s: Record<string, unknown>): { token?: string } => ({ token: str(s.token) }),
  beforeLoad: ({ context }) => context.queryClient.ensureQueryData(sessionQuery).then(() => undefined),
  component: SetPasswordPage,
});

const changePasswordRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/ganti-sandi',
  beforeLoad: async ({ context, location }) => {
    const session = await context.queryClient.ensureQueryData(sessionQuery);
    if (!session.user) throw redirect({ to: '/masuk', search: { kembali: location.href } });
  },
  component: ForcedPasswordChangePage,
});

// Everything below needs a logged-in user whose password is not due for a change.
const appRoute = createRoute({
  getParentRoute: () => rootRoute,
  id: 'app',
  beforeLoad: async ({ context, location }) => {
    const session = await context.queryClient.ensureQueryData(sessionQuery);
    if (!session.user) throw redirect({ to: '/masuk', search: { kembali: location.href } });
    if (session.user.mustChangePassword) throw redirect({ to: '/ganti-sandi' });
  },
  component: AppLayout,
});

const homeRoute = createRoute({ getParentRoute: () => appRoute, path: '/', component: HomePage });
const profileRoute = createRoute({ getParentRoute: () => appRoute, path: '/profil', component: ProfilePage });

const orgsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/opd',
  validateSearch: (s: Record<string, unknown>): { q?: string; jenis?: string } => ({ q: str(s.q), jenis: str(s.jenis) }),
  component: OrgListPage,
});

const orgRoute = createRoute({ getParentRoute: () => appRoute, path: '/opd/$orgId', component: OrgDetailPage });

const usersRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/pengguna',
  validateSearch: (s: Record<string, unknown>): { q?: string; peran?: string; status?: string; opd?: string } => ({
    q: str(s.q),
    peran: str(s.peran),
    status: str(s.status),
    opd: str(s.opd),
  }),
  component: UsersPage,
});

export type AuditSearch = { pelaku?: string; aksi?: string; opd?: string; target?: string; dari?: string; sampai?: string };

const auditRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/audit',
  validateSearch: (s: Record<string, unknown>): AuditSearch => ({
    pelaku: str(s.pelaku),
    aksi: str(s.aksi),
    opd: str(s.opd),
    target: str(s.target),
    dari: str(s.dari),
    sampai: str(s.sampai),
  }),
  component: AuditPage,
});

const mailRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/kotak-surat',
  validateSearch: (s: Record<string, unknown>): { pesan?: string } => ({ pesan: str(s.pesan) }),
  component: MailOutboxPage,
});

/** opd: a province user's view of one OPD; terhubung/pilih/galat: the OAuth round trip's outcome; masalah, q: province filters. */
export type ChannelsSearch = { opd?: string; terhubung?: string; pilih?: string; galat?: string; masalah?: string; q?: string };

const channelsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/saluran',
  validateSearch: (s: Record<string, unknown>): ChannelsSearch => ({
    opd: str(s.opd),
    terhubung: str(s.terhubung),
    pilih: str(s.pilih),
    galat: str(s.galat),
    masalah: str(s.masalah),
    q: str(s.q),
  }),
  component: ChannelsPage,
});
/** pesan: the open conversation; tampilan: the view; the rest are the list's filters (docs/ui.md#kotak-masuk). */
const inboxRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/kotak-masuk',
  validateSearch: (s: Record<string, unknown>): InboxSearch => ({
    pesan: str(s.pesan),
    tampilan: str(s.tampilan),
    kanal: str(s.kanal),
    jenis: str(s.jenis),
    sentimen: str(s.sentimen),
    urgensi: str(s.urgensi),
    status: str(s.status),
    opd: str(s.opd),
    dari: str(s.dari),
    sampai: str(s.sampai),
    q: str(s.q),
  }),
  component: InboxPage,
});

const cannedRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/kotak-masuk/jawaban',
  validateSearch: (s: Record<string, unknown>): { opd?: string } => ({ opd: str(s.opd) }),
  component: CannedPage,
});

const rulesRoute = createRoute({ getParentRoute: () => appRoute, path: '/kotak-masuk/aturan', component: RulesPage });
const open311KeysRoute = createRoute({ getParentRoute: () => appRoute, path: '/kunci-open311', component: Open311KeysPage });

/** Publikasi: the list or calendar with its filters in the URL (docs/ui.md#publikasi). */
const publishingRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/publikasi',
  validateSearch: (s: Record<string, unknown>): PublishingSearch => ({
    tampilan: str(s.tampilan),
    status: str(s.status),
    opd: str(s.opd),
    q: str(s.q),
    kal: str(s.kal),
    tgl: str(s.tgl),
  }),
  component: PublishingPage,
});
/** The composer: "baru" is a new post; once it is first saved the URL becomes its id without remounting the editor. */
const postRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/publikasi/$postId',
  validateSearch: (s: Record<string, unknown>): ComposerSearch => ({ kampanye: str(s.kampanye) }),
  component: function PostRouteComponent() {
    const { postId } = postRoute.useParams();
    const { kampanye } = postRoute.useSearch();
    const navigate = postRoute.useNavigate();
    const instance = useRef({ key: postId, id: postId, adopt: null as string | null });
    if (postId !== instance.current.id) {
      instance.current = postId === instance.current.adopt ? { ...instance.current, id: postId, adopt: null } : { key: `${postId}:${Date.now()}`, id: postId, adopt: null };
    }
    return (
      <ComposerPage
        key={instance.current.key}
        postId={postId}
        campaignId={kampanye}
        onCreated={(id) => {
          instance.current.adopt = id;
          void navigate({ to: '/publikasi/$postId', params: { postId: id }, search: {}, replace: true });
        }}
      />
    );
  },
});
const campaignsRoute = createRoute({ getParentRoute: () => appRoute, path: '/publikasi/kampanye', component: CampaignsPage });
const campaignRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/publikasi/kampanye/$campaignId',
  component: function CampaignRouteComponent() {
    const { campaignId } = campaignRoute.useParams();
    return <CampaignBoardPage key={campaignId} campaignId={campaignId} />;
  },
});
const publishingSettingsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/publikasi/pengaturan',
  validateSearch: (s: Record<string, unknown>): SettingsSearch => ({ opd: str(s.opd) }),
  component: () => <PublishingSettingsPage coachSettingsPath="/publikasi/pelatih/pengaturan" />,
});
/** The content coach's rules, thresholds and dictionary (province admins; docs/content-coach.md#tuning). */
const coachSettingsRoute = createRoute({ getParentRoute: () => appRoute, path: '/publikasi/pelatih/pengaturan', component: CoachSettingsPage });
/** Aduan: the list's filters live in the URL (docs/ui.md#aduan). */
const casesRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/aduan',
  validateSearch: (s: Record<string, unknown>): CasesSearch => ({
    status: str(s.status),
    opd: str(s.opd),
    kategori: str(s.kategori),
    terlambat: str(s.terlambat),
    segera: str(s.segera),
    q: str(s.q),
  }),
  component: CasesPage,
});
const caseRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/aduan/$caseId',
  component: function CaseRouteComponent() {
    const { caseId } = caseRoute.useParams();
    return <CaseDetailPage key={caseId} caseId={caseId} />;
  },
});

// Public pages: no login. The session is fetched only for its CSRF cookie and token.
const publicRoute = createRoute({
  getParentRoute: () => rootRoute,
  id: 'publik',
  beforeLoad: ({ context }) => context.queryClient.ensureQueryData(sessionQuery).then(() => undefined),
  component: PublicSiteLayout,
});
const reportRoute = createRoute({ getParentRoute: () => publicRoute, path: '/lapor', component: ReportPage });
const trackStartRoute = createRoute({ getParentRoute: () => publicRoute, path: '/lacak', component: TrackStartPage });
const trackRoute = createRoute({
  getParentRoute: () => publicRoute,
  path: '/lacak/$code',
  component: function TrackRouteComponent() {
    const { code } = trackRoute.useParams();
    return <TrackPage key={code} code={code} />;
  },
});
const statsRoute = createRoute({ getParentRoute: () => publicRoute, path: '/statistik', component: StatsPage });
const analyticsRoute = createRoute({ getParentRoute: () => appRoute, path: '/analitik', component: () => <ComingSoonPage slug="analytics" /> });
const trainingRoute = createRoute({ getParentRoute: () => appRoute, path: '/bimtek', component: () => <ComingSoonPage slug="training" /> });
const promotionRoute = createRoute({ getParentRoute: () => appRoute, path: '/promosi', component: () => <ComingSoonPage slug="promotion" /> });
const comingSoonRoutes = [analyticsRoute, trainingRoute, promotionRoute] as const;
const publishingRoutes = [publishingRoute, postRoute, campaignsRoute, campaignRoute, publishingSettingsRoute, coachSettingsRoute] as const;

const routeTree = rootRoute.addChildren([
  loginRoute,
  forgotRoute,
  setPasswordRoute,
  changePasswordRoute,
  publicRoute.addChildren([reportRoute, trackStartRoute, trackRoute, statsRoute]),
  appRoute.addChildren([homeRoute, profileRoute, orgsRoute, orgRoute, channelsRoute, inboxRoute, cannedRoute, rulesRoute, open311KeysRoute, casesRoute, caseRoute, ...publishingRoutes, usersRoute, auditRoute, mailRoute, ...comingSoonRoutes]),
]);

export function createAppRouter(queryClient: QueryClient) {
  return createRouter({
    routeTree,
    context: { queryClient },
    defaultPreload: 'intent',
    defaultPreloadStaleTime: 0,
    scrollRestoration: true,
    notFoundMode: 'root',
  });
}

declare module '@tanstack/react-router' {
  interface Register {
    router: ReturnType<typeof createAppRouter>;
  }
}
