import type { ReactNode } from 'react';

/** The centred card that holds the login and password pages; its title is the page's h1. */
export function AuthCard({ title, intro, children }: { title: string; intro?: ReactNode; children: ReactNode }) {
  return (
    <div className="auth-card">
      <h1 id="page-title" tabIndex={-1} className="auth-card__title">
        {title}
      </h1>
      {intro ? <p className="auth-card__intro">{intro}</p> : null}
      {children}
    </div>
  );
}
