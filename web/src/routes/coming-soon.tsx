import { Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import type { ComingSoonSlug } from '../components/nav-items.ts';
import { Page } from '../components/page.tsx';

/** Modules still to be built: say plainly what will come here. */
export function ComingSoonPage({ slug }: { slug: ComingSoonSlug }) {
  const { t } = useTranslation();
  return (
    <Page title={t(`nav.${slug}`)} width="narrow" intro={<span className="badge badge--soon badge--large">{t('comingSoon.badge')}</span>}>
      <div className="card coming-soon">
        <p className="coming-soon__lead">{t('comingSoon.lead')}</p>
        <p>{t(`comingSoon.${slug}`)}</p>
        <p>
          <Link to="/" className="btn btn--secondary">
            {t('comingSoon.back')}
          </Link>
        </p>
      </div>
    </Page>
  );
}
