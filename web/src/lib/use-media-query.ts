import { useSyncExternalStore } from 'react';

export function useMediaQuery(query: string): boolean {
  return useSyncExternalStore(
    (onChange) => {
      const mql = window.matchMedia(query);
      mql.addEventListener('change', onChange);
      return () => mql.removeEventListener('change', onChange);
    },
    () => window.matchMedia(query).matches,
    () => false,
  );
}

/** Phones and narrow windows: cards instead of tables, a drawer instead of a sidebar. */
export const NARROW = '(max-width: 47.99rem)';
export const useIsNarrow = () => useMediaQuery(NARROW);
