// A date and time typed in WIB. The browser's own date-time field shows the value in the device's
// format (e.g. 12/07/2026 on an English phone), so the field reads it back underneath in words,
// in the app's language ("Senin, 7 Desember 2026 pukul 08.00 WIB"): what will happen is never a
// guess about day/month order or time zone.
import { useTranslation } from 'react-i18next';
import { fromWibInput } from '../lib/publishing.ts';
import { formatDateTimeLong } from '../lib/format.ts';

export function WibDateTimeField({ id, label, value, onChange, invalid, required, extraDescribedBy }: { id: string; label: string; value: string; onChange: (value: string) => void; invalid?: boolean; required?: boolean; extraDescribedBy?: string }) {
  const { t, i18n } = useTranslation();
  const at = fromWibInput(value);
  return (
    <div className="field">
      <label className="field__label" htmlFor={id}>
        {label}
      </label>
      <input id={id} name={id} className="field__input" type="datetime-local" lang={i18n.language === 'en' ? 'en-GB' : 'id-ID'} value={value} onChange={(e) => onChange(e.target.value)} required={required} aria-invalid={invalid || undefined} aria-describedby={[`${id}-hint`, `${id}-reads`, extraDescribedBy].filter(Boolean).join(' ')} />
      <p id={`${id}-hint`} className="field__hint">
        {t('publishing.schedule.hint')}
      </p>
      <p id={`${id}-reads`} className="field__hint field__hint--strong" aria-live="polite">
        {at ? t('publishing.schedule.reads', { when: formatDateTimeLong(at, i18n.language) }) : null}
      </p>
    </div>
  );
}
