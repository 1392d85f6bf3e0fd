import { useMutation, useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useState, type ChangeEvent, type FormEvent } from 'react';
import { Checkbox, Form } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { ApiError, errorMessage } from '../../api/client.ts';
import { complaintForm, PHOTO_LIMITS, submitComplaintForm } from '../../api/attachments.ts';
import { formToken, publicCategoriesQuery, publicRegionsQuery, SECRET_KEY, submitComplaint, type ComplaintInput, type ComplaintResult } from '../../api/cases.ts';
import { SelectField, TextAreaInput, TextInput } from '../../components/fields.tsx';
import { Page } from '../../components/page.tsx';
import { PendingButton } from '../../components/pending-button.tsx';
import { ErrorState, FormAlert, Loading } from '../../components/states.tsx';
import { DateTime } from '../../components/date-time.tsx';

/** /lapor: the public complaint form (no login). */
export function ReportPage() {
  const { t } = useTranslation();
  const categories = useQuery(publicCategoriesQuery());
  const regions = useQuery(publicRegionsQuery());
  // The signed form token is single use: fetched when the form opens, again after every attempt.
  const token = useQuery({ queryKey: ['public', 'form-token'], queryFn: formToken, staleTime: Infinity, gcTime: 0, refetchOnWindowFocus: false });
  const [category, setCategory] = useState<string | null>(null);
  const [regency, setRegency] = useState<string | null>(null);
  const [district, setDistrict] = useState<string | null>(null);
  const [anonymous, setAnonymous] = useState(false);
  const [confidential, setConfidential] = useState(false);
  const [result, setResult] = useState<ComplaintResult | null>(null);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});

  const [photos, setPhotos] = useState<File[]>([]);
  const [photoError, setPhotoError] = useState<string | null>(null);
  const mutation = useMutation({
    // With photos the form goes as multipart/form-data (streamed to the server); without, as JSON.
    mutationFn: (input: ComplaintInput) => (photos.length ? submitComplaintForm<ComplaintResult>(complaintForm(input, photos)) : submitComplaint(input)),
    onSuccess: (r) => {
      try {
        sessionStorage.setItem(SECRET_KEY(r.code), r.secret);
      } catch {
        /* storage may be off: the secret is on screen */
      }
      setResult(r);
      window.scrollTo(0, 0);
    },
    onError: (err) => {
      setFieldErrors(err instanceof ApiError ? err.fieldErrors() : {});
      void token.refetch();
    },
  });

  if (result) return <Submitted result={result} />;

  const chosenCategory = categories.data?.items.find((c) => c.code === category);
  const districts = regions.data?.items.find((r) => r.code === regency)?.districts ?? [];

  const onPhotos = (e: ChangeEvent<HTMLInputElement>) => {
    const files = [...(e.currentTarget.files ?? [])];
    const tooLarge = files.find((f) => f.size > PHOTO_LIMITS.maxBytes);
    if (files.length > PHOTO_LIMITS.max) setPhotoError(t('public.report.photosTooMany'));
    else if (tooLarge) setPhotoError(t('public.report.photoTooLarge', { name: tooLarge.name }));
    else setPhotoError(null);
    setPhotos(files.length > PHOTO_LIMITS.max || tooLarge ? [] : files);
    if (files.length > PHOTO_LIMITS.max || tooLarge) e.currentTarget.value = '';
  };

  const onSubmit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const data = new FormData(e.currentTarget);
    const text = (k: string) => String(data.get(k) ?? '').trim();
    if (!token.data || !category || !regency) return;
    mutation.mutate({
      formToken: token.data.token,
      website: String(data.get('website') ?? ''),
      categoryCode: category,
      regencyCode: regency,
      districtCode: district ?? undefined,
      locationText: text('locationText') || undefined,
      description: text('description'),
      name: anonymous ? undefined : text('name') || undefined,
      phone: text('phone') || undefined,
      email: text('email') || undefined,
      anonymous,
      confidential: confidential || Boolean(chosenCategory?.confidentialByDefault),
    });
  };

  return (
    <Page title={t('public.report.title')} intro={t('public.report.intro')} width="narrow">
      {categories.isError || regions.isError ? <ErrorState error={categories.error ?? regions.error} /> : null}
      {categories.isPending || regions.isPending ? <Loading /> : null}
      <Form onSubmit={onSubmit} className="form public-form" validationErrors={fieldErrors}>
        <FormAlert message={mutation.isError ? errorMessage(mutation.error) : token.isError ? errorMessage(token.error) : null} />
        <fieldset className="public-form__group">
          <legend>{t('public.report.what')}</legend>
          <SelectField
            label={t('public.report.category')}
            name="categoryCode"
            items={(categories.data?.items ?? []).map((c) => ({ id: c.code, label: c.name }))}
            value={category}
            onChange={setCategory}
            isRequired
            description={chosenCategory ? t('public.report.categoryOrg', { org: chosenCategory.org.name }) : t('public.report.categoryHint')}
          />
          <TextAreaInput label={t('public.report.description')} name="description" isRequired minLength={20} maxLength={4000} rows={6} description={t('public.report.descriptionHint')} />
          <div className="field">
            <label className="field__label" htmlFor="report-photos">
              {t('public.report.photos')}
            </label>
            <input id="report-photos" name="photos" type="file" multiple accept={PHOTO_LIMITS.accept} onChange={onPhotos} aria-describedby="report-photos-hint report-photos-status" aria-invalid={photoError ? true : undefined} />
            <p id="report-photos-hint" className="field__hint">
              {t('public.report.photosHint')}
            </p>
            <p id="report-photos-status" className={photoError ? 'field__error' : 'field__hint'} role={photoError ? 'alert' : undefined}>
              {photoError ?? (photos.length ? t('public.report.photosChosen', { count: photos.length, names: photos.map((p) => p.name).join(', ') }) : '')}
            </p>
          </div>
        </fieldset>
        <fieldset className="public-form__group">
          <legend>{t('public.report.where')}</legend>
          <SelectField
            label={t('public.report.regency')}
            name="regencyCode"
            items={(regions.data?.items ?? []).map((r) => ({ id: r.code, label: r.name }))}
            value={regency}
            onChange={(v) => {
              setRegency(v);
              setDistrict(null);
            }}
            isRequired
          />
          <SelectField
            label={t('public.report.district')}
            name="districtCode"
            items={districts.map((d) => ({ id: d.code, label: d.name }))}
            value={district}
            onChange={setDistrict}
            isDisabled={!regency}
            description={regency ? t('public.report.optional') : t('public.report.districtHint')}
          />
          <TextInput label={t('public.report.locationText')} name="locationText" description={t('public.report.locationHint')} />
        </fieldset>
        <fieldset className="public-form__group">
          <legend>{t('public.report.who')}</legend>
          <p className="field__hint">{t('public.report.whoHint')}</p>
          <TextInput label={t('public.report.name')} name="name" autoComplete="name" isDisabled={anonymous} description={t('public.report.optional')} />
          <TextInput label={t('public.report.phone')} name="phone" autoComplete="tel" description={t('public.report.phoneHint')} />
          <TextInput label={t('public.report.email')} name="email" type="email" autoComplete="email" description={t('public.report.optional')} />
          <div className="public-form__check">
            <Checkbox className="checkbox" isSelected={anonymous} onChange={setAnonymous} aria-describedby="anon-hint">
              <span className="checkbox__box" aria-hidden="true" />
              <span className="checkbox__label">{t('public.report.anonymous')}</span>
            </Checkbox>
            <p id="anon-hint" className="field__hint">
              {t('public.report.anonymousHint')}
            </p>
          </div>
          <div className="public-form__check">
            <Checkbox className="checkbox" isSelected={confidential || Boolean(chosenCategory?.confidentialByDefault)} isDisabled={Boolean(chosenCategory?.confidentialByDefault)} onChange={setConfidential} aria-describedby="conf-hint">
              <span className="checkbox__box" aria-hidden="true" />
              <span className="checkbox__label">{t('public.report.confidential')}</span>
            </Checkbox>
            <p id="conf-hint" className="field__hint">
              {chosenCategory?.confidentialByDefault ? t('public.report.confidentialByDefault') : t('public.report.confidentialHint')}
            </p>
          </div>
        </fieldset>
        {/* Honeypot: hidden from people and assistive technology; bots fill it and are refused. */}
        <div className="honeypot" aria-hidden="true">
          <label htmlFor="website">{t('public.report.honeypot')}</label>
          <input id="website" name="website" type="text" tabIndex={-1} autoComplete="off" defaultValue="" />
        </div>
        <p className="field__hint">{t('public.report.privacy')}</p>
        <PendingButton type="submit" className="btn btn--primary" isPending={mutation.isPending} isDisabled={!token.data}>
          {mutation.isPending ? t('public.report.sending') : t('public.report.submit')}
        </PendingButton>
      </Form>
    </Page>
  );
}

function Submitted({ result }: { result: ComplaintResult }) {
  const { t } = useTranslation();
  return (
    <Page title={t('public.report.doneTitle')} width="narrow">
      <div className="alert alert--success" role="status">
        <p>{t('public.report.doneText')}</p>
      </div>
      <div className="tracking-code">
        <p className="tracking-code__label">{t('public.report.codeLabel')}</p>
        <p className="tracking-code__value" data-tracking-code={result.code}>
          {result.code}
        </p>
      </div>
      <dl className="facts">
        <div>
          <dt>{t('public.track.category')}</dt>
          <dd>{result.category}</dd>
        </div>
        {result.verifyDueAt ? (
          <div>
            <dt>{t('public.report.verifyBy')}</dt>
            <dd>
              <DateTime value={result.verifyDueAt} />
            </dd>
          </div>
        ) : null}
        <div>
          <dt>{t('public.report.trackingLink')}</dt>
          <dd className="break">
            <Link to="/lacak/$code" params={{ code: result.code }}>
              {result.trackingUrl}
            </Link>
          </dd>
        </div>
      </dl>
      <div className={`alert ${result.confidential ? 'alert--warning' : 'alert--info'}`}>
        <p className="alert__title">{t('public.report.secretLabel')}</p>
        <p className="tracking-secret">
          <code data-tracking-secret>{result.secret}</code>
        </p>
        <p>
          <strong>{t('public.report.secretWarning')}</strong> {result.confidential ? t('public.report.secretConfidential') : t('public.report.secretRating')}
        </p>
      </div>
    </Page>
  );
}
