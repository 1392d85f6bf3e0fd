import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { getRouteApi, Link, useNavigate } from '@tanstack/react-router';
import { useEffect, useMemo, useState, type FormEvent } from 'react';
import { Button, Form, Menu, MenuItem, MenuTrigger, Popover } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { ApiError, errorMessage } from '../../api/client.ts';
import { inviteUser, updateUser } from '../../api/endpoints.ts';
import { orgsQuery, usersQuery } from '../../api/queries.ts';
import { ROLES, USER_STATUSES, type Org, type Role, type SessionUser, type UserRow } from '../../api/types.ts';
import { useUser } from '../../auth/session.ts';
import { RoleLabel, StatusBadge } from '../../components/badges.tsx';
import { DateTime } from '../../components/date-time.tsx';
import { ConfirmDialog, ModalDialog } from '../../components/dialogs.tsx';
import { ComboField, SelectField, TextInput, type Option } from '../../components/fields.tsx';
import { Page } from '../../components/page.tsx';
import { EmptyState, ErrorState, FormAlert, Loading } from '../../components/states.tsx';
import { toast } from '../../components/toast.tsx';
import { assignableRoles, canManageUser, isProvinceRole } from '../../lib/permissions.ts';
import { useDebounced } from '../../lib/use-debounced.ts';
import { useIsNarrow } from '../../lib/use-media-query.ts';
import { RequirePermission } from '../app-layout.tsx';
import { Email } from '../../components/email.tsx';
import { PendingButton } from '../../components/pending-button.tsx';

const route = getRouteApi('/app/pengguna');

type PendingAction = { kind: 'role' | 'status'; row: UserRow } | null;

function useInvalidateUsers() {
  const queryClient = useQueryClient();
  return () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: ['users'] }),
      queryClient.invalidateQueries({ queryKey: ['orgs'] }),
      queryClient.invalidateQueries({ queryKey: ['org'] }),
    ]);
}

function RowActions({ row, me, onAction }: { row: UserRow; me: SessionUser; onAction: (a: PendingAction) => void }) {
  const { t } = useTranslation();
  if (!canManageUser(me, row)) {
    return row.id === me.id ? <span className="muted small">{t('common.you')}</span> : null;
  }
  return (
    <MenuTrigger>
      <Button className="btn btn--secondary btn--small" aria-label={t('users.actionsFor', { name: row.name })}>
        {t('common.actions')} <span aria-hidden="true">▾</span>
      </Button>
      <Popover className="popover popover--menu" placement="bottom end">
        <Menu
          className="menu"
          onAction={(key) => onAction({ kind: key === 'role' ? 'role' : 'status', row })}
          aria-label={t('users.actionsFor', { name: row.name })}
        >
          <MenuItem id="role" className="menu__item">
            {t('users.changeRole')}
          </MenuItem>
          <MenuItem id="status" className={`menu__item ${row.status === 'deactivated' ? '' : 'menu__item--danger'}`}>
            {row.status === 'deactivated' ? t('users.reactivate') : t('users.deactivate')}
          </MenuItem>
        </Menu>
      </Popover>
    </MenuTrigger>
  );
}

function UserTable({ rows, me, onAction }: { rows: UserRow[]; me: SessionUser; onAction: (a: PendingAction) => void }) {
  const { t } = useTranslation();
  return (
    <div className="table-wrap">
      <table className="table">
        <caption className="visually-hidden">{t('users.tableCaption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('users.name')}</th>
            <th scope="col">{t('users.role')}</th>
            <th scope="col">{t('users.org')}</th>
            <th scope="col">{t('users.status')}</th>
            <th scope="col">{t('users.lastLogin')}</th>
            <th scope="col">
              <span className="visually-hidden">{t('common.actions')}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((u) => (
            <tr key={u.id}>
              <th scope="row" className="table__primary">
                {u.name}
                <span className="muted small block"><Email value={u.email} /></span>
              </th>
              <td>
                <RoleLabel role={u.role} />
              </td>
              <td>
                <Link to="/opd/$orgId" params={{ orgId: u.orgId }} className="code" title={u.orgName}>
                  {u.orgCode}
                </Link>
              </td>
              <td>
                <StatusBadge status={u.status} />
              </td>
              <td>
                <DateTime value={u.lastLoginAt} fallback={t('users.never')} />
              </td>
              <td className="table__actions">
                <RowActions row={u} me={me} onAction={onAction} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function UserCards({ rows, me, onAction }: { rows: UserRow[]; me: SessionUser; onAction: (a: PendingAction) => void }) {
  const { t } = useTranslation();
  return (
    <ul className="card-list" aria-label={t('users.tableCaption')}>
      {rows.map((u) => (
        <li key={u.id} className="card card--item">
          <h2 className="card__title">{u.name}</h2>
          <p className="muted small"><Email value={u.email} /></p>
          <dl className="card__meta">
            <div>
              <dt>{t('users.role')}</dt>
              <dd>
                <RoleLabel role={u.role} />
              </dd>
            </div>
            <div>
              <dt>{t('users.org')}</dt>
              <dd className="code">{u.orgCode}</dd>
            </div>
            <div>
              <dt>{t('users.status')}</dt>
              <dd>
                <StatusBadge status={u.status} />
              </dd>
            </div>
            <div>
              <dt>{t('users.lastLogin')}</dt>
              <dd>
                <DateTime value={u.lastLoginAt} fallback={t('users.never')} />
              </dd>
            </div>
          </dl>
          <div className="card__actions">
            <RowActions row={u} me={me} onAction={onAction} />
          </div>
        </li>
      ))}
    </ul>
  );
}

function provinceOrgId(me: SessionUser, orgs: Org[]): string | null {
  if (me.orgKind === 'province') return me.orgId;
  return orgs.find((o) => o.kind === 'province')?.id ?? null;
}

function InviteDialog({ isOpen, onOpenChange, me, orgs }: { isOpen: boolean; onOpenChange: (v: boolean) => void; me: SessionUser; orgs: Org[] }) {
  const { t } = useTranslation();
  const invalidate = useInvalidateUsers();
  const roles = assignableRoles(me);
  const [role, setRole] = useState<Role | null>(null);
  const [orgId, setOrgId] = useState<string | null>(me.orgKind === 'opd' ? me.orgId : null);
  const provinceId = provinceOrgId(me, orgs);
  const forcedOrg = me.orgKind === 'opd' ? me.orgId : role && isProvinceRole(role) ? provinceId : null;

  const mutation = useMutation({
    mutationFn: inviteUser,
    onSuccess: async (out) => {
      toast.success(t('users.inviteSent', { email: out.user.email }));
      onOpenChange(false);
      await invalidate();
    },
  });

  useEffect(() => {
    if (!isOpen) {
      mutation.reset();
      setRole(null);
      setOrgId(me.orgKind === 'opd' ? me.orgId : null);
    }
  }, [isOpen]);

  const onSubmit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    if (mutation.isPending) return;
    const data = new FormData(e.currentTarget);
    const chosenOrg = forcedOrg ?? orgId;
    if (!role || !chosenOrg) return;
    mutation.mutate({
      email: String(data.get('email') ?? '').trim(),
      name: String(data.get('name') ?? '').trim(),
      role,
      orgId: chosenOrg,
    });
  };

  const orgOptions: Option[] = orgs.filter((o) => o.kind !== 'province' && o.active).map((o) => ({ id: o.id, label: `${o.name} (${o.code})` }));
  const forcedOrgName = forcedOrg ? (orgs.find((o) => o.id === forcedOrg)?.name ?? (forcedOrg === me.orgId ? me.orgName : '')) : '';
  const fieldErrors = mutation.error instanceof ApiError ? mutation.error.fieldErrors() : {};

  return (
    <ModalDialog title={t('users.inviteTitle')} isOpen={isOpen} onOpenChange={onOpenChange} isDismissable={!mutation.isPending}>
      <p className="dialog__intro">{t('users.inviteIntro')}</p>
      <Form onSubmit={onSubmit} className="form" validationErrors={fieldErrors}>
        <FormAlert message={mutation.isError ? errorMessage(mutation.error) : null} />
        <TextInput label={t('users.email')} name="email" type="email" inputMode="email" autoComplete="off" isRequired autoFocus />
        <TextInput label={t('users.name')} name="name" autoComplete="off" isRequired />
        <SelectField
          label={t('users.role')}
          name="role"
          isRequired
          items={roles.map((r) => ({ id: r, label: t(`roles.${r}`) }))}
          value={role}
          onChange={(v) => setRole(v as Role)}
        />
        {forcedOrg ? (
          <div className="field">
            <span className="field__label">
              {t('users.org')}
            </span>
            <p className="field__static">
              {forcedOrgName}
            </p>
            <p className="field__hint">{me.orgKind === 'opd' ? t('users.ownOrgOnly') : t('users.provinceOrgNote')}</p>
          </div>
        ) : (
          <ComboField label={t('users.org')} name="orgId" isRequired items={orgOptions} value={orgId} onChange={setOrgId} description={t('users.orgSearch')} />
        )}
        <div className="dialog__actions">
          <Button className="btn btn--secondary" slot="close" isDisabled={mutation.isPending}>
            {t('common.cancel')}
          </Button>
          <PendingButton type="submit" className="btn btn--primary" isPending={mutation.isPending}>
            {mutation.isPending ? t('auth.sending') : t('users.inviteSubmit')}
          </PendingButton>
        </div>
      </Form>
    </ModalDialog>
  );
}

function RoleDialog({ action, me, orgs, onClose }: { action: PendingAction; me: SessionUser; orgs: Org[]; onClose: () => void }) {
  const { t } = useTranslation();
  const invalidate = useInvalidateUsers();
  const row = action?.kind === 'role' ? action.row : null;
  const [role, setRole] = useState<Role | null>(row?.role ?? null);
  useEffect(() => setRole(row?.role ?? null), [row]);
  const mutation = useMutation({
    mutationFn: (input: { id: string; role: Role }) => updateUser(input.id, { role: input.role }),
    onSuccess: async (out) => {
      toast.success(t('users.roleChanged', { name: out.user.name, role: t(`roles.${out.user.role}`) }));
      onClose();
      await invalidate();
    },
  });
  useEffect(() => {
    if (!row) mutation.reset();
  }, [row]);

  // Province roles belong to the province unit, OPD roles to an OPD; a role change never moves a person.
  const rowIsProvince = !!row && (isProvinceRole(row.role) || row.orgId === provinceOrgId(me, orgs));
  const roles = assignableRoles(me).filter((r) => isProvinceRole(r) === rowIsProvince);
  return (
    <ModalDialog title={row ? t('users.changeRoleTitle', { name: row.name }) : ''} isOpen={!!row} onOpenChange={(o) => !o && onClose()} isDismissable={!mutation.isPending}>
      <Form
        className="form"
        onSubmit={(e) => {
          e.preventDefault();
          if (row && role && !mutation.isPending) mutation.mutate({ id: row.id, role });
        }}
      >
        <FormAlert message={mutation.isError ? errorMessage(mutation.error) : null} />
        <SelectField
          label={t('users.newRole')}
          name="role"
          isRequired
          items={roles.map((r) => ({ id: r, label: t(`roles.${r}`) }))}
          value={role}
          onChange={(v) => setRole(v as Role)}
          description={row && isProvinceRole(row.role) ? t('users.provinceOrgNote') : undefined}
        />
        <div className="dialog__actions">
          <Button className="btn btn--secondary" slot="close" isDisabled={mutation.isPending}>
            {t('common.cancel')}
          </Button>
          <PendingButton type="submit" className="btn btn--primary" isPending={mutation.isPending} isDisabled={!role || role === row?.role}>
            {mutation.isPending ? t('common.saving') : t('common.save')}
          </PendingButton>
        </div>
      </Form>
    </ModalDialog>
  );
}

function StatusDialog({ action, onClose }: { action: PendingAction; onClose: () => void }) {
  const { t } = useTranslation();
  const invalidate = useInvalidateUsers();
  const row = action?.kind === 'status' ? action.row : null;
  const reactivate = row?.status === 'deactivated';
  const mutation = useMutation({
    mutationFn: (input: { id: string; status: 'active' | 'deactivated' }) => updateUser(input.id, { status: input.status }),
    onSuccess: async (out) => {
      toast.success(out.user.status === 'deactivated' ? t('users.deactivated', { name: out.user.name }) : t('users.reactivated', { name: out.user.name }));
      onClose();
      await invalidate();
    },
  });
  useEffect(() => {
    if (!row) mutation.reset();
  }, [row]);
  const vars = row ? { name: row.name, email: row.email, role: t(`roles.${row.role}`) } : { name: '', email: '', role: '' };
  return (
    <ConfirmDialog
      isOpen={!!row}
      onOpenChange={(o) => !o && onClose()}
      title={reactivate ? t('users.reactivateTitle', vars) : t('users.deactivateTitle', vars)}
      body={<p>{reactivate ? t('users.reactivateText', vars) : t('users.deactivateText', vars)}</p>}
      confirmLabel={reactivate ? t('users.reactivate') : t('users.deactivate')}
      tone={reactivate ? 'primary' : 'danger'}
      isPending={mutation.isPending}
      error={mutation.isError ? errorMessage(mutation.error) : null}
      onConfirm={() => row && mutation.mutate({ id: row.id, status: reactivate ? 'active' : 'deactivated' })}
    />
  );
}

function UsersContent() {
  const { t } = useTranslation();
  const me = useUser();
  const search = route.useSearch();
  const navigate = useNavigate();
  const narrow = useIsNarrow();
  const [q, setQ] = useState(search.q ?? '');
  const debouncedQ = useDebounced(q.trim());
  const [inviteOpen, setInviteOpen] = useState(false);
  const [action, setAction] = useState<PendingAction>(null);

  useEffect(() => {
    if ((search.q ?? '') !== debouncedQ) {
      void navigate({ to: '/pengguna', search: (prev) => ({ ...prev, q: debouncedQ || undefined }), replace: true });
    }
  }, [debouncedQ, search.q, navigate]);

  const filters = { q: search.q, role: search.peran, status: search.status, orgId: search.opd };
  const query = useQuery(usersQuery(filters));
  const orgs = useQuery(orgsQuery({}));
  const orgItems = useMemo(() => orgs.data?.items ?? [], [orgs.data]);
  const rows = query.data?.items ?? [];
  const setFilter = (key: 'peran' | 'status' | 'opd', value: string | null) =>
    void navigate({ to: '/pengguna', search: (prev) => ({ ...prev, [key]: value && value !== 'all' ? value : undefined }), replace: true });
  const hasFilters = !!(search.q || search.peran || search.status || search.opd);

  return (
    <Page
      title={t('users.title')}
      intro={t('users.intro')}
      width="wide"
      actions={
        <Button className="btn btn--primary" onPress={() => setInviteOpen(true)}>
          {t('users.invite')}
        </Button>
      }
    >
      <search className="filters" aria-label={t('common.filters')}>
        <TextInput label={t('users.search')} name="q" type="search" value={q} onChange={setQ} description={t('users.searchHint')} className="filters__grow" />
        <SelectField
          label={t('users.role')}
          items={[{ id: 'all', label: t('users.allRoles') }, ...ROLES.map((r) => ({ id: r, label: t(`roles.${r}`) }))]}
          value={search.peran ?? 'all'}
          onChange={(v) => setFilter('peran', v)}
        />
        <SelectField
          label={t('users.status')}
          items={[{ id: 'all', label: t('users.allStatuses') }, ...USER_STATUSES.map((s) => ({ id: s, label: t(`userStatus.${s}`) }))]}
          value={search.status ?? 'all'}
          onChange={(v) => setFilter('status', v)}
        />
        {me.orgKind === 'province' ? (
          <ComboField
            label={t('users.org')}
            items={[{ id: 'all', label: t('users.allOrgs') }, ...orgItems.map((o) => ({ id: o.id, label: `${o.code} · ${o.name}` }))]}
            value={search.opd ?? 'all'}
            onChange={(v) => setFilter('opd', v)}
          />
        ) : null}
        {hasFilters ? (
          <Button
            className="btn btn--ghost filters__clear"
            onPress={() => {
              setQ('');
              void navigate({ to: '/pengguna', search: {}, replace: true });
            }}
          >
            {t('common.clearFilters')}
          </Button>
        ) : null}
      </search>
      <p className="results-count" role="status">
        {query.data ? t('users.count', { count: rows.length }) : ''}
      </p>
      {query.isPending ? (
        <Loading />
      ) : query.isError ? (
        <ErrorState error={query.error} onRetry={() => void query.refetch()} />
      ) : rows.length === 0 ? (
        <EmptyState>{t('users.empty')}</EmptyState>
      ) : narrow ? (
        <UserCards rows={rows} me={me} onAction={setAction} />
      ) : (
        <UserTable rows={rows} me={me} onAction={setAction} />
      )}
      <InviteDialog isOpen={inviteOpen} onOpenChange={setInviteOpen} me={me} orgs={orgItems} />
      <RoleDialog action={action} me={me} orgs={orgItems} onClose={() => setAction(null)} />
      <StatusDialog action={action} onClose={() => setAction(null)} />
    </Page>
  );
}

export function UsersPage() {
  return (
    <RequirePermission permission="users.manage">
      <UsersContent />
    </RequirePermission>
  );
}
