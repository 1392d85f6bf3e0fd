// The composer's media: upload images and videos to the media store (streamed, the type recognised
// from the bytes), each image with its required alt text for screen-reader users, in the order the
// platforms show them.
import { useState } from 'react';
import { Button, FileTrigger } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../api/client.ts';
import { mediaContentUrl, uploadMedia, type MediaRef } from '../../api/publishing.ts';
import { TextAreaInput } from '../../components/fields.tsx';
import { FormAlert } from '../../components/states.tsx';

const ACCEPTED = ['image/jpeg', 'image/png', 'image/webp', 'image/gif', 'video/mp4', 'video/quicktime'];
const MAX_MEDIA = 10;

export function MediaEditor({ media, onChange, readOnly, orgId }: { media: MediaRef[]; onChange: (next: (prev: MediaRef[]) => MediaRef[]) => void; readOnly: boolean; /** uploads owned by this OPD (a post written on its behalf) */ orgId?: string | undefined }) {
  const { t } = useTranslation();
  const [uploading, setUploading] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [announce, setAnnounce] = useState('');

  const upload = async (files: FileList | null) => {
    if (!files?.length) return;
    setError(null);
    for (const file of [...files].slice(0, Math.max(0, MAX_MEDIA - media.length))) {
      setUploading(file.name);
      setAnnounce(t('publishing.media.uploading', { name: file.name }));
      try {
        const stored = await uploadMedia(file, { orgId });
        if (stored.kind !== 'image' && stored.kind !== 'video') {
          setError(t('publishing.media.notMedia', { name: file.name }));
          continue;
        }
        const kind = stored.kind;
        onChange((prev) => [...prev, { mediaId: stored.id, kind, altText: '' }]);
        setAnnounce(t(kind === 'image' ? 'publishing.media.uploadedImage' : 'publishing.media.uploadedVideo', { name: file.name }));
      } catch (err) {
        setError(`${file.name}: ${errorMessage(err)}`);
        setAnnounce('');
      }
    }
    setUploading(null);
  };

  // The order is the order the platforms show (the first image is the cover); buttons rather than
  // dragging, so it works with a keyboard, a screen reader and a thumb alike.
  const move = (i: number, by: -1 | 1) => {
    const j = i + by;
    if (j < 0 || j >= media.length) return;
    onChange((prev) => {
      const next = [...prev];
      [next[i], next[j]] = [next[j]!, next[i]!];
      return next;
    });
    setAnnounce(t('publishing.media.moved', { position: j + 1, count: media.length }));
  };

  let imageNo = 0;
  let videoNo = 0;
  return (
    <div className="media-editor">
      {media.length ? (
        <ul className="media-editor__list">
          {media.map((m, i) => {
            const n = m.kind === 'image' ? ++imageNo : ++videoNo;
            const name = t(m.kind === 'image' ? 'publishing.media.imageN' : 'publishing.media.videoN', { n });
            const missing = m.kind === 'image' && !m.altText.trim();
            return (
              <li key={m.mediaId} className="media-item">
                <div className="media-item__thumb">
                  {m.kind === 'image' ? <img src={mediaContentUrl(m.mediaId)} alt={m.altText.trim() || t('publishing.media.noAltYet', { name })} /> : <span className="media-item__video">{name}</span>}
                </div>
                <div className="media-item__body">
                  {m.kind === 'image' ? (
                    <TextAreaInput
                      label={t('publishing.media.altLabel', { name })}
                      name={`alt-${m.mediaId}`}
                      rows={2}
                      value={m.altText}
                      isDisabled={readOnly}
                      onChange={(value) => onChange((prev) => prev.map((x, j) => (j === i ? { ...x, altText: value } : x)))}
                      description={missing ? <strong className="text-danger">{t('publishing.media.altMissing')}</strong> : t('publishing.media.altHint')}
                    />
                  ) : (
                    <p className="small muted">{t('publishing.media.videoHint')}</p>
                  )}
                  {!readOnly ? (
                    <div className="button-row">
                      {media.length > 1 ? (
                        <>
                          <Button className="btn btn--secondary btn--small" isDisabled={i === 0} onPress={() => move(i, -1)}>
                            {t('publishing.media.moveEarlier', { name })}
                          </Button>
                          <Button className="btn btn--secondary btn--small" isDisabled={i === media.length - 1} onPress={() => move(i, 1)}>
                            {t('publishing.media.moveLater', { name })}
                          </Button>
                        </>
                      ) : null}
                      <Button className="btn btn--secondary btn--small" onPress={() => onChange((prev) => prev.filter((_, j) => j !== i))}>
                        {t('publishing.media.remove', { name })}
                      </Button>
                    </div>
                  ) : null}
                </div>
              </li>
            );
          })}
        </ul>
      ) : null}
      {!readOnly && media.length < MAX_MEDIA ? (
        <FileTrigger acceptedFileTypes={ACCEPTED} allowsMultiple onSelect={(files) => void upload(files)}>
          <Button className="btn btn--secondary" isDisabled={uploading !== null}>
            {uploading ? t('publishing.media.uploadingShort') : t('publishing.media.add')}
          </Button>
        </FileTrigger>
      ) : null}
      <p className="field__hint">{t('publishing.media.hint')}</p>
      <div className="visually-hidden" role="status" aria-live="polite">
        {announce}
      </div>
      <FormAlert message={error} />
    </div>
  );
}
