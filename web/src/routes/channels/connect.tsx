// Connecting accounts: the token form (WhatsApp, Telegram), the choice among several accounts after
// an OAuth round trip (?pilih=), and the outcome banners (?terhubung=, ?galat=).
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useEffect, useState, type FormEvent } from 'react';
import { Button, Checkbox, CheckboxGroup, Form, Label } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { ApiError, errorMessage } from '../../api/client.ts';
import { chooseAccounts, connectWithToken } from '../../api/endpoints.ts';
import { connectChoiceQuery, orgQuery } from '../../api/queries.ts';
import type { ChannelAccount, PlatformInfo, TokenField } from '../../api/types.ts';
import { useUser } from '../../auth/session.ts';
import { ModalDialog } from '../../components/dialogs.tsx';
import { PasswordInput, TextInput } from '../../components/fields.tsx';
import { PendingButton } from '../../components/pending-button.tsx';
import { FormAlert, Loading } from '../../components/states.tsx';
import { toast } from '../../components/toast.tsx';
import type { ChannelsSearch } from '../../router.tsx';
import { connectErrorCode, displayHandle } from '../../lib/channels.ts';
import { invalidateChannels, usePlatformName } from './shared.tsx';

// The server's OAuth callback redirects to /saluran without the OPD; a province admin connecting
// for an OPD is brought back to it with this note (this tab only).
const CONNECT_ORG_KEY = 'dayung.saluran.opd';

export function rememberConnectOrg(orgId: string): void {
  try {
    sessionStorage.setItem(CONNECT_ORG_KEY, orgId);
  } catch {
    // storage unavailable: the admin returns to the province view
  }
}

export function recallConnectOrg(): string | null {
  try {
    return sessionStorage.getItem(CONNECT_ORG_KEY);
  } catch {
    return null;
  }
}

export function forgetConnectOrg(): void {
  try {
    sessionStorage.removeItem(CONNECT_ORG_KEY);
  } catch {
    // nothing to forget
  }
}

// `t` typed narrowly: the full TFunction type is too deep for the compiler to pass around.
type ConnectedText = (key: 'channels.connectedToast', options: { platform: string; names: string }) => string;
function toastConnected(t: ConnectedText, platformName: string, items: ChannelAccount[]) {
  toast.success(t('channels.connectedToast', { platform: platformName, names: items.map((a) => a.name).join(', ') }));
}

/** "Akun Facebook berhasil dihubungkan" or the translated reason it was not, until dismissed. */
export function ConnectResult({ search }: { search: ChannelsSearch }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const platformName = usePlatformName();
  if (!search.terhubung && !search.galat) return null;
  const dismiss = () => void navigate({ to: '/saluran', search: (prev) => ({ ...prev, terhubung: undefined, galat: undefined }), replace: true });
  const dismissButton = (
    <Button className="btn btn--secondary btn--small" onPress={dismiss}>
      {t('channels.result.dismiss')}
    </Button>
  );
  if (search.galat) {
    return (
      <div className="alert alert--error connect-result" role="alert">
        <p className="alert__title">{t('channels.result.failedTitle')}</p>
        <p>{t(`channels.result.${connectErrorCode(search.galat)}`)}</p>
        {dismissButton}
      </div>
    );
  }
  return (
    <div className="alert alert--success connect-result" role="status">
      <p>{t('channels.result.connected', { platform: platformName(search.terhubung ?? '') })}</p>
      {dismissButton}
    </div>
  );
}

/** After OAuth offered several accounts (e.g. a person's Facebook Pages): choose which to connect. */
export function ChooseAccounts({ connectId, orgName }: { connectId: string; orgName?: string }) {
  const { t } = useTranslation();
  const me = useUser();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const platformName = usePlatformName();
  const query = useQuery(connectChoiceQuery(connectId));
  const choice = query.data?.choose ?? null;
  const org = useQuery({ ...orgQuery(choice?.orgId ?? ''), enabled: !orgName && !!choice });
  const [selected, setSelected] = useState<string[]>([]);
  const [missing, setMissing] = useState(false);
  const name = choice ? platformName(choice.platform) : '';

  const close = (orgId?: string) =>
    void navigate({
      to: '/saluran',
      search: (prev) => ({ ...prev, pilih: undefined, ...(orgId && me.orgKind === 'province' ? { opd: orgId } : {}) }),
      replace: true,
    });

  const mutation = useMutation({
    mutationFn: (ids: string[]) => chooseAccounts(connectId, ids),
    onSuccess: async (out) => {
      toastConnected(t, name, out.items);
      forgetConnectOrg();
      await invalidateChannels(queryClient);
      close(choice?.orgId);
    },
  });

  useEffect(() => setMissing(false), [selected]);

  const onSubmit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    if (mutation.isPending) return;
    if (selected.length === 0) {
      setMissing(true);
      return;
    }
    mutation.mutate(selected);
  };

  return (
    <section className="card choose" aria-labelledby="choose-title">
      {query.isPending ? (
        <Loading />
      ) : query.isError || !choice ? (
        <>
          <h2 id="choose-title" className="card__heading">
            {t('channels.choose.loadFailed')}
          </h2>
          <div className="alert alert--error" role="alert">
            <p>{query.isError ? errorMessage(query.error) : t('channels.result.channel_connect_expired')}</p>
          </div>
          <Button className="btn btn--secondary" onPress={() => close()}>
            {t('channels.choose.close')}
          </Button>
        </>
      ) : (
        <>
          <h2 id="choose-title" className="card__heading">
            {t('channels.choose.title', { platform: name })}
          </h2>
          <p className="muted">{t('channels.choose.intro', { org: orgName || org.data?.org.name || '' })}</p>
          <Form className="form" onSubmit={onSubmit}>
            <FormAlert message={missing ? t('channels.choose.noneSelected') : mutation.isError ? errorMessage(mutation.error) : null} />
            <CheckboxGroup className="checkbox-group" value={selected} onChange={setSelected} isInvalid={missing}>
              <Label className="field__label">{t('channels.choose.label', { platform: name })}</Label>
              {choice.options.map((o) => (
                <Checkbox key={o.externalId} value={o.externalId} className="checkbox">
                  <span className="checkbox__box" aria-hidden="true" />
                  <span className="checkbox__text">
                    <span className="checkbox__label">{o.name}</span>
                    {o.handle ? <span className="muted small block">{displayHandle(choice.platform, o.handle)}</span> : null}
                  </span>
                </Checkbox>
              ))}
            </CheckboxGroup>
            <div className="form__actions">
              <PendingButton type="submit" className="btn btn--primary" isPending={mutation.isPending}>
                {mutation.isPending ? t('channels.choose.submitting') : t('channels.choose.submit')}
              </PendingButton>
              <Button className="btn btn--secondary" onPress={() => close()} isDisabled={mutation.isPending}>
                {t('common.cancel')}
              </Button>
            </div>
          </Form>
        </>
      )}
    </section>
  );
}

/** Token fields are required unless the platform marks them optional (Telegram's channel). */
function isRequiredField(f: TokenField): boolean {
  return !f.optional;
}

/** The token-entry form of WhatsApp and Telegram; secret fields are password inputs. */
export function TokenDialog({
  info,
  orgId,
  platformName,
  isOpen,
  onOpenChange,
}: {
  info: PlatformInfo;
  orgId: string;
  platformName: string;
  isOpen: boolean;
  onOpenChange: (open: boolean) => void;
}) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const mutation = useMutation({
    mutationFn: connectWithToken,
    onSuccess: async (out) => {
      toastConnected(t, platformName, out.items);
      onOpenChange(false);
      await invalidateChannels(queryClient);
    },
  });
  useEffect(() => {
    if (!isOpen) mutation.reset();
  }, [isOpen]);

  const onSubmit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    if (mutation.isPending) return;
    const data = new FormData(e.currentTarget);
    const fields: Record<string, string> = {};
    for (const f of info.tokenFields) fields[f.name] = String(data.get(f.name) ?? '').trim();
    mutation.mutate({ orgId, platform: info.platform, fields });
  };
  const fieldErrors = mutation.error instanceof ApiError ? mutation.error.fieldErrors() : {};

  return (
    <ModalDialog title={t('channels.tokenTitle', { platform: platformName })} isOpen={isOpen} onOpenChange={onOpenChange} isDismissable={!mutation.isPending}>
      <p className="dialog__intro">{t('channels.tokenIntro', { platform: platformName })}</p>
      <Form className="form" onSubmit={onSubmit} validationErrors={fieldErrors}>
        <FormAlert message={mutation.isError ? errorMessage(mutation.error) : null} />
        {info.tokenFields.map((f, i) =>
          f.secret ? (
            <PasswordInput key={f.name} label={f.label} name={f.name} description={f.help} isRequired={isRequiredField(f)} autoComplete="off" autoFocus={i === 0} />
          ) : (
            <TextInput key={f.name} label={f.label} name={f.name} description={f.help} isRequired={isRequiredField(f)} autoComplete="off" autoFocus={i === 0} />
          ),
        )}
        <div className="dialog__actions">
          <Button className="btn btn--secondary" slot="close" isDisabled={mutation.isPending}>
            {t('common.cancel')}
          </Button>
          <PendingButton type="submit" className="btn btn--primary" isPending={mutation.isPending}>
            {mutation.isPending ? t('channels.tokenSubmitting') : t('channels.tokenSubmit')}
          </PendingButton>
        </div>
      </Form>
    </ModalDialog>
  );
}
