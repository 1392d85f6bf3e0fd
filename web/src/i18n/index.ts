import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import id from './id.json' with { type: 'json' };
import en from './en.json' with { type: 'json' };
import type { Locale } from '../api/types.ts';

export const resources = { id: { translation: id }, en: { translation: en } } as const;

declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: typeof id };
  }
}

const STORAGE_KEY = 'dayung.locale';

export function isLocale(value: unknown): value is Locale {
  return value === 'id' || value === 'en';
}

export function storedLocale(): Locale | null {
  try {
    const v = localStorage.getItem(STORAGE_KEY);
    return isLocale(v) ? v : null;
  } catch {
    return null;
  }
}

export function currentLocale(): Locale {
  return isLocale(i18next.language) ? i18next.language : 'id';
}

/** Switches the interface language and remembers it on this device. */
export async function applyLocale(locale: Locale): Promise<void> {
  try {
    localStorage.setItem(STORAGE_KEY, locale);
  } catch {
    // private mode: the choice lasts for this page only
  }
  if (i18next.language !== locale) await i18next.changeLanguage(locale);
}

export function initI18n(): typeof i18next {
  void i18next.use(initReactI18next).init({
    resources,
    lng: storedLocale() ?? 'id',
    fallbackLng: 'id',
    supportedLngs: ['id', 'en'],
    interpolation: { escapeValue: false },
    returnNull: false,
    initAsync: false,
  });
  const syncDocument = (lng: string) => {
    document.documentElement.lang = lng;
  };
  syncDocument(i18next.language);
  i18next.on('languageChanged', syncDocument);
  return i18next;
}

export { i18next };
