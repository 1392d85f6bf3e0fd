import { useEffect, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

export function useDocumentTitle(title: string): void {
  const { t } = useTranslation();
  useEffect(() => {
    document.title = title ? `${title} · ${t('app.titleSuffix')}` : t('app.titleSuffix');
  }, [title, t]);
}

type PageProps = {
  title: string;
  intro?: ReactNode;
  actions?: ReactNode;
  before?: ReactNode;
  children?: ReactNode;
  width?: 'normal' | 'narrow' | 'wide';
};

/** Every page: one h1 (the target of focus after navigation), optional intro and actions. */
export function Page({ title, intro, actions, before, children, width = 'normal' }: PageProps) {
  useDocumentTitle(title);
  return (
    <div className={`page page--${width}`}>
      {before}
      <div className="page__header">
        <div className="page__heading">
          <h1 id="page-title" tabIndex={-1}>
            {title}
          </h1>
          {intro ? <p className="page__intro">{intro}</p> : null}
        </div>
        {actions ? <div className="page__actions">{actions}</div> : null}
      </div>
      {children}
    </div>
  );
}
