import { describe, expect, it } from 'vitest';
import { mediaRefsOf } from './media-refs.ts';

describe('mediaRefsOf', () => {
  it('WhatsApp: the media id, type, mime and caption of image, video, document, audio and sticker messages', () => {
    expect(mediaRefsOf('whatsapp', { message: { type: 'image', image: { id: '111', mime_type: 'image/jpeg', caption: 'jalan rusak' } } })).toEqual([{ kind: 'image', ref: '111', url: null, mime: 'image/jpeg', caption: 'jalan rusak' }]);
    expect(mediaRefsOf('whatsapp', { message: { type: 'document', document: { id: '222', mime_type: 'application/pdf' } } })[0]).toMatchObject({ kind: 'document', ref: '222' });
    expect(mediaRefsOf('whatsapp', { message: { type: 'sticker', sticker: { id: '333' } } })[0]).toMatchObject({ kind: 'image', ref: '333' });
    expect(mediaRefsOf('whatsapp', { message: { type: 'text', text: { body: 'halo' } } })).toEqual([]);
    expect(mediaRefsOf('whatsapp', { message: { type: 'image', image: {} } })).toEqual([]);
  });

  it('Telegram: the largest photo size, videos, documents and voice notes', () => {
    const refs = mediaRefsOf('telegram', { message: { photo: [{ file_id: 'kecil' }, { file_id: 'besar' }], caption: 'ini' } });
    expect(refs).toEqual([{ kind: 'image', ref: 'besar', url: null, mime: 'image/jpeg', caption: 'ini' }]);
    expect(mediaRefsOf('telegram', { message: { voice: { file_id: 'v1', mime_type: 'audio/ogg' } } })).toEqual([{ kind: 'audio', ref: 'v1', url: null, mime: 'audio/ogg', caption: null }]);
    expect(mediaRefsOf('telegram', { message: { text: 'halo' } })).toEqual([]);
  });

  it('Messenger and Instagram: attachment URLs as given', () => {
    expect(mediaRefsOf('facebook', { messaging: { message: { attachments: [{ type: 'image', payload: { url: 'https://cdn.example/a.jpg' } }, { type: 'file', payload: { url: 'https://cdn.example/b.pdf' } }] } } })).toEqual([
      { kind: 'image', ref: null, url: 'https://cdn.example/a.jpg', mime: null, caption: null },
      { kind: 'document', ref: null, url: 'https://cdn.example/b.pdf', mime: null, caption: null },
    ]);
    expect(mediaRefsOf('x', { anything: true })).toEqual([]);
    expect(mediaRefsOf('instagram', null)).toEqual([]);
  });
});
