import { useTranslation } from 'react-i18next';
import type { ChannelStatus, Role, UserStatus } from '../api/types.ts';
import { statusTone } from '../lib/channels.ts';

export function StatusBadge({ status }: { status: UserStatus }) {
  const { t } = useTranslation();
  return <span className={`badge badge--status-${status}`}>{t(`userStatus.${status}`)}</span>;
}

export function RoleLabel({ role }: { role: Role }) {
  const { t } = useTranslation();
  return <span className="role-label">{t(`roles.${role}`)}</span>;
}

/** A channel account's status as words (never colour alone): Aktif, Segera kedaluwarsa, Dicabut… */
export function ChannelStatusBadge({ status }: { status: ChannelStatus }) {
  const { t } = useTranslation();
  return <span className={`badge badge--tone-${statusTone(status)}`}>{t(`channels.status.${status}`)}</span>;
}
