import { useTranslation } from 'react-i18next';
import type { Role, UserStatus } from '../api/types.ts';

export function StatusBadge({ status }: { status: UserStatus }) {
  const { t } = useTranslation();
  return <span className={`badge badge--status-${status}`}>{t(`userStatus.${status}`)}</span>;
}

export function RoleLabel({ role }: { role: Role }) {
  const { t } = useTranslation();
  return <span className="role-label">{t(`roles.${role}`)}</span>;
}
