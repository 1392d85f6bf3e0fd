// The composer's channels: which accounts carry the post (publishable ones only, with the reason
// for the others), and per channel the text it will carry — derived from the master text exactly as
// the server derives it (variant.ts), or the author's own — with live counters by the platform's own
// counting (limits.ts) and a plain-text preview.
import { Link } from '@tanstack/react-router';
import { Button, Checkbox, CheckboxGroup, Label, Tab, TabList, TabPanel, Tabs, Text } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { PLATFORM_LIMITS, platformLength, textLimit } from '../../../../src/modules/publishing/coach/limits.ts';
import { deriveVariant, type Variant } from '../../../../src/modules/publishing/variant.ts';
import { mediaContentUrl, type ChannelChoice, type ComposerAccount, type Platform, type PostContent } from '../../api/publishing.ts';
import { TextAreaInput, TextInput } from '../../components/fields.tsx';
import { formatNumber } from '../../lib/format.ts';
import { hashtags } from '../../lib/publishing.ts';
import { PlatformLabel } from '../inbox/shared.tsx';
import { usePlatformName } from '../channels/shared.tsx';
import { PlainText } from './shared.tsx';

export type Selected = { choice: ChannelChoice; account: ComposerAccount };

/** The accounts chosen, in the order of the account list, with their account rows. */
export function selectedChannels(content: PostContent, accounts: ComposerAccount[]): Selected[] {
  return accounts.flatMap((account) => {
    const choice = content.channels.find((c) => c.accountId === account.id);
    return choice ? [{ choice, account }] : [];
  });
}

export type Count = { used: number; limit: number; over: boolean; tags: number; maxTags: number | null };

export function countFor(platform: Platform, text: string, hasMedia: boolean): Count {
  const used = platformLength(platform, text);
  const limit = textLimit(platform, hasMedia);
  const tags = hashtags(text).length;
  const maxTags = PLATFORM_LIMITS[platform].maxHashtags ?? null;
  return { used, limit, over: used > limit || (maxTags !== null && tags > maxTags), tags, maxTags };
}

function unpublishableReason(a: ComposerAccount): 'whatsapp' | 'token' | 'other' {
  if (a.platform === 'whatsapp') return 'whatsapp';
  if (a.status === 'expired' || a.status === 'revoked' || a.status === 'error') return 'token';
  return 'other';
}

export function ChannelPicker({ accounts, content, onChange, readOnly }: { accounts: ComposerAccount[]; content: PostContent; onChange: (channels: ChannelChoice[]) => void; readOnly: boolean }) {
  const { t } = useTranslation();
  const platformName = usePlatformName();
  const publishable = accounts.filter((a) => a.publishable);
  const others = accounts.filter((a) => !a.publishable);
  const selected = content.channels.map((c) => c.accountId);
  // A chosen account that is no longer publishable stays chosen (the server's problems say why).
  const choosable = [...publishable, ...others.filter((a) => selected.includes(a.id))];
  return (
    <>
      {choosable.length ? (
        <CheckboxGroup
          className="checkbox-group channel-picker"
          value={selected}
          isReadOnly={readOnly}
          onChange={(ids) => onChange(ids.map((id) => content.channels.find((c) => c.accountId === id) ?? { accountId: id, text: null, title: null }))}
        >
          <Label className="field__label">{t('publishing.channels.label')}</Label>
          <Text slot="description" className="field__hint">
            {t('publishing.channels.hint')}
          </Text>
          {choosable.map((a) => (
            <Checkbox key={a.id} value={a.id} className="checkbox">
              <span className="checkbox__box" aria-hidden="true" />
              <span className="checkbox__text">
                <span className="checkbox__label">
                  {platformName(a.platform)} · {a.name}
                </span>
                {a.handle ? <span className="small muted">{a.platform === 'whatsapp' ? a.handle : `@${a.handle.replace(/^@/, '')}`}</span> : null}
              </span>
            </Checkbox>
          ))}
        </CheckboxGroup>
      ) : (
        <p>
          {t('publishing.channels.none')} <Link to="/saluran">{t('publishing.channels.connect')}</Link>
        </p>
      )}
      {others.length ? (
        <div className="channel-picker__others">
          <h4 className="small">{t('publishing.channels.unavailable')}</h4>
          <ul className="plain-list">
            {others.map((a) => (
              <li key={a.id}>
                <PlatformLabel platform={a.platform} /> {a.name}: {t(`publishing.channels.why.${unpublishableReason(a)}`)}{' '}
                {unpublishableReason(a) === 'token' ? <Link to="/saluran">{t('publishing.channels.reconnect')}</Link> : null}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </>
  );
}

/** "123 / 280" with the platform's way of counting; over the limit in words, not colour alone. */
export function Counter({ platform, count, id }: { platform: Platform; count: Count; id?: string }) {
  const { t, i18n } = useTranslation();
  const platformName = usePlatformName();
  const n = (v: number) => formatNumber(v, i18n.language);
  return (
    <p className={`counter${count.over ? ' counter--over' : ''}`} id={id}>
      <span>
        {platformName(platform)}: {t('publishing.counter.chars', { used: n(count.used), limit: n(count.limit) })}
      </span>
      {count.maxTags !== null ? <span> · {t('publishing.counter.tags', { used: count.tags, limit: count.maxTags })}</span> : null}
      {count.used > count.limit ? <strong> · {t('publishing.counter.over', { count: count.used - count.limit })}</strong> : null}
      {count.maxTags !== null && count.tags > count.maxTags ? <strong> · {t('publishing.counter.tooManyTags')}</strong> : null}
    </p>
  );
}

export function VariantTabs({ content, selected, onChoice, readOnly }: { content: PostContent; selected: Selected[]; onChoice: (choice: ChannelChoice) => void; readOnly: boolean }) {
  const { t } = useTranslation();
  const platformName = usePlatformName();
  if (!selected.length) return <p className="muted">{t('publishing.variants.empty')}</p>;
  const hasMedia = content.media.length > 0;
  return (
    <Tabs className="variant-tabs">
      <TabList aria-label={t('publishing.variants.tabs')} className="variant-tabs__list">
        {selected.map(({ choice, account }) => {
          const v = deriveVariant(content, account.platform, choice);
          const over = countFor(account.platform, v.text, hasMedia).over;
          return (
            <Tab key={account.id} id={account.id} className="variant-tabs__tab">
              {platformName(account.platform)}
              {!v.derived ? <span className="variant-tabs__flag"> · {t('publishing.variants.custom')}</span> : null}
              {over ? <span className="variant-tabs__flag variant-tabs__flag--over"> · {t('publishing.variants.over')}</span> : null}
            </Tab>
          );
        })}
      </TabList>
      {selected.map(({ choice, account }) => (
        <TabPanel key={account.id} id={account.id} className="variant-tabs__panel">
          <VariantPanel content={content} choice={choice} account={account} onChoice={onChoice} readOnly={readOnly} />
        </TabPanel>
      ))}
    </Tabs>
  );
}

function VariantPanel({ content, choice, account, onChoice, readOnly }: { content: PostContent; choice: ChannelChoice; account: ComposerAccount; onChoice: (c: ChannelChoice) => void; readOnly: boolean }) {
  const { t } = useTranslation();
  const platformName = usePlatformName();
  const name = platformName(account.platform);
  const v = deriveVariant(content, account.platform, choice);
  const count = countFor(account.platform, v.text, content.media.length > 0);
  const rules = PLATFORM_LIMITS[account.platform];
  const counterId = `counter-${account.id}`;
  return (
    <div className="variant">
      <div className="variant__edit">
        {rules.maxTitle ? (
          <TextInput
            label={t('publishing.variants.title', { platform: name })}
            name={`title-${account.id}`}
            value={choice.title ?? ''}
            isDisabled={readOnly}
            onChange={(value) => onChoice({ ...choice, title: value === '' ? null : value })}
            description={t('publishing.variants.titleHint', { title: v.title ?? '', limit: rules.maxTitle })}
          />
        ) : null}
        {choice.text === null ? (
          <>
            <h4 className="variant__label">{t('publishing.variants.derivedHeading', { platform: name })}</h4>
            <PlainText text={v.text || t('publishing.variants.nothing')} links={false} className="variant__derived" />
            <Counter platform={account.platform} count={count} id={counterId} />
            {!readOnly ? (
              <Button className="btn btn--secondary btn--small" onPress={() => onChoice({ ...choice, text: v.text })}>
                {t('publishing.variants.customize', { platform: name })}
              </Button>
            ) : null}
          </>
        ) : (
          <>
            <TextAreaInput
              label={t('publishing.variants.own', { platform: name })}
              name={`text-${account.id}`}
              rows={6}
              value={choice.text}
              isDisabled={readOnly}
              onChange={(value) => onChoice({ ...choice, text: value })}
              description={<Counter platform={account.platform} count={count} />}
            />
            {!readOnly ? (
              <Button className="btn btn--secondary btn--small" onPress={() => onChoice({ ...choice, text: null })}>
                {t('publishing.variants.backToMaster')}
              </Button>
            ) : null}
          </>
        )}
      </div>
      <Preview variant={v} account={account} content={content} />
    </div>
  );
}

/** How the post will look on the platform, as plain text (links clickable only where the platform makes them so). */
function Preview({ variant, account, content }: { variant: Variant; account: ComposerAccount; content: PostContent }) {
  const { t } = useTranslation();
  const platformName = usePlatformName();
  const rules = PLATFORM_LIMITS[account.platform];
  const fold = rules.foldChars && [...variant.text].length > rules.foldChars ? rules.foldChars : null;
  const media = account.platform === 'youtube' ? content.media.filter((m) => m.kind === 'video') : content.media.slice(0, Math.max(1, rules.maxImages));
  return (
    <section className={`preview preview--${account.platform}`} aria-label={t('publishing.preview.label', { platform: platformName(account.platform) })}>
      <p className="preview__head">
        <PlatformLabel platform={account.platform} />
        <span className="preview__account">
          {account.name}
          {account.handle ? <span className="muted"> @{account.handle.replace(/^@/, '')}</span> : null}
        </span>
      </p>
      {variant.title ? <p className="preview__title">{variant.title}</p> : null}
      {media.length ? (
        <ul className="preview__media">
          {media.map((m, i) => (
            <li key={m.mediaId}>
              {m.kind === 'image' ? <img src={mediaContentUrl(m.mediaId)} alt={m.altText} loading="lazy" /> : <span className="preview__video">{t('publishing.media.videoN', { n: i + 1 })}</span>}
            </li>
          ))}
        </ul>
      ) : null}
      <PlainText text={variant.text} links={rules.clickableLinks} className="preview__text" />
      {fold ? <p className="small muted">{t('publishing.preview.fold', { count: fold })}</p> : null}
      {!rules.clickableLinks && /https?:\/\//.test(variant.text) ? <p className="small muted">{t('publishing.preview.noLinks')}</p> : null}
    </section>
  );
}
