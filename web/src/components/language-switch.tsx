import { useQueryClient } from '@tanstack/react-query';
import { ToggleButton, ToggleButtonGroup, type Key } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../api/client.ts';
import { LOCALES, type Locale } from '../api/types.ts';
import { saveLocale, useSession } from '../auth/session.ts';
import { currentLocale, isLocale } from '../i18n/index.ts';
import { toast } from './toast.tsx';

/** ID | EN in the header: remembered on this device and, when logged in, in the profile. */
export function LanguageSwitch({ tone = 'dark' }: { tone?: 'dark' | 'light' }) {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const user = useSession()?.user;
  const current = isLocale(i18n.language) ? i18n.language : currentLocale();

  const change = async (keys: Set<Key>) => {
    const next = [...keys][0];
    if (!isLocale(next) || next === current) return;
    try {
      await saveLocale(queryClient, next, user);
    } catch (err) {
      toast.error(t('language.saveFailed', { message: errorMessage(err) }));
    }
  };

  return (
    <ToggleButtonGroup
      className={`lang-switch lang-switch--${tone}`}
      aria-label={t('language.label')}
      selectionMode="single"
      disallowEmptySelection
      selectedKeys={[current]}
      onSelectionChange={(keys) => void change(keys)}
    >
      {LOCALES.map((l: Locale) => (
        <ToggleButton key={l} id={l} className="lang-switch__btn" aria-label={`${t(`language.${l}Short`)}, ${t(`language.${l}`)}`} lang={l}>
          {t(`language.${l}Short`)}
        </ToggleButton>
      ))}
    </ToggleButtonGroup>
  );
}
