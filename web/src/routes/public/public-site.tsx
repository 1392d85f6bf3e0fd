import { Link, Outlet } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { LanguageSwitch } from '../../components/language-switch.tsx';
import { SkipLink } from '../../components/app-shell.tsx';

/** The frame of the public pages (no login): Pemprov Sumbar / Dayung, the language switch, the three public links. */
export function PublicSiteLayout() {
  const { t } = useTranslation();
  return (
    <div className="public public-site">
      <SkipLink />
      <header className="public-header public-site__header">
        <div className="brand">
          <Link to="/lapor" className="brand__link" aria-label={t('public.homeLink')}>
            <img src="/favicon.svg" alt="" width={32} height={32} className="brand__logo" />
            <span className="brand__name" aria-hidden="true">
              {t('app.name')}
            </span>
          </Link>
          <span className="brand__org">{t('app.province')}</span>
        </div>
        <LanguageSwitch />
      </header>
      <nav className="public-site__nav" aria-label={t('public.nav.label')}>
        <Link to="/lapor" activeProps={{ 'aria-current': 'page' }}>
          {t('public.nav.report')}
        </Link>
        <Link to="/lacak" activeProps={{ 'aria-current': 'page' }} activeOptions={{ exact: false }}>
          {t('public.nav.track')}
        </Link>
        <Link to="/statistik" activeProps={{ 'aria-current': 'page' }}>
          {t('public.nav.stats')}
        </Link>
      </nav>
      <main id="main" className="public-main public-site__main" tabIndex={-1}>
        <Outlet />
      </main>
      <footer className="public-site__footer">
        <p>{t('public.footer')}</p>
      </footer>
    </div>
  );
}
