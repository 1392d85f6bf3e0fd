// One error type for the whole product. Every failure a person can see has a code,
// an HTTP status and a message in Bahasa Indonesia (and English), rendered as RFC 9457 problem+json.

export type Locale = 'id' | 'en';

interface ErrorDef {
  status: number;
  id: string;
  en: string;
}

export const ERRORS = {
  validation_failed: { status: 400, id: 'Data yang dikirim tidak valid. Periksa kembali isian Anda.', en: 'The submitted data is invalid. Please check your input.' },
  bad_request: { status: 400, id: 'Permintaan tidak dapat diproses: {reason}', en: 'The request cannot be processed: {reason}' },
  invalid_json: { status: 400, id: 'Isi permintaan bukan JSON yang valid.', en: 'The request body is not valid JSON.' },
  unauthenticated: { status: 401, id: 'Anda harus masuk terlebih dahulu.', en: 'You must log in first.' },
  invalid_credentials: { status: 401, id: 'Email atau kata sandi salah.', en: 'Wrong e-mail or password.' },
  account_inactive: { status: 403, id: 'Akun Anda tidak aktif. Hubungi admin OPD atau Kominfotik.', en: 'Your account is not active. Contact your OPD admin or Kominfotik.' },
  forbidden: { status: 403, id: 'Anda tidak memiliki izin untuk tindakan ini.', en: 'You do not have permission for this action.' },
  csrf_invalid: { status: 403, id: 'Sesi formulir tidak valid. Muat ulang halaman lalu coba lagi.', en: 'Invalid form session. Reload the page and try again.' },
  password_change_required: { status: 403, id: 'Anda wajib mengganti kata sandi sebelum melanjutkan.', en: 'You must change your password before continuing.' },
  not_found: { status: 404, id: 'Data tidak ditemukan.', en: 'Not found.' },
  route_not_found: { status: 404, id: 'Alamat {path} tidak ditemukan.', en: 'The address {path} does not exist.' },
  method_not_allowed: { status: 405, id: 'Metode tidak diizinkan.', en: 'Method not allowed.' },
  conflict: { status: 409, id: 'Data bentrok dengan data yang sudah ada: {reason}', en: 'Conflicts with existing data: {reason}' },
  email_taken: { status: 409, id: 'Email {email} sudah terdaftar.', en: 'The e-mail {email} is already registered.' },
  payload_too_large: { status: 413, id: 'Ukuran data terlalu besar (maksimal {limit}).', en: 'The request is too large (maximum {limit}).' },
  unsupported_media_type: { status: 415, id: 'Jenis konten tidak didukung: {type}.', en: 'Unsupported content type: {type}.' },
  too_many_login_attempts: { status: 429, id: 'Terlalu banyak percobaan masuk. Coba lagi dalam {minutes} menit.', en: 'Too many login attempts. Try again in {minutes} minutes.' },
  rate_limited: { status: 429, id: 'Terlalu banyak permintaan. Coba lagi sebentar lagi.', en: 'Too many requests. Please try again shortly.' },
  token_invalid: { status: 400, id: 'Tautan sudah tidak berlaku atau tidak valid. Minta tautan baru.', en: 'The link is invalid or has expired. Request a new one.' },
  password_weak: { status: 400, id: 'Kata sandi minimal {min} karakter dan tidak boleh sama dengan email.', en: 'The password must have at least {min} characters and differ from the e-mail.' },
  password_wrong: { status: 400, id: 'Kata sandi saat ini salah.', en: 'The current password is wrong.' },
  role_scope_mismatch: { status: 400, id: 'Peran {role} tidak dapat diberikan pada {org}.', en: 'The role {role} cannot be given within {org}.' },
  cannot_change_self: { status: 400, id: 'Anda tidak dapat mengubah peran atau menonaktifkan akun Anda sendiri.', en: 'You cannot change your own role or deactivate your own account.' },
  oidc_disabled: { status: 404, id: 'Login SSO tidak diaktifkan.', en: 'SSO login is not enabled.' },
  oidc_failed: { status: 400, id: 'Login SSO gagal: {reason}', en: 'SSO login failed: {reason}' },
  oidc_no_account: { status: 403, id: 'Akun SSO {email} belum terdaftar di Dayung. Minta admin untuk mengundang Anda.', en: 'The SSO account {email} is not registered in Dayung. Ask an admin to invite you.' },
  webhook_signature_invalid: { status: 401, id: 'Tanda tangan webhook tidak valid; data tidak disimpan.', en: 'Invalid webhook signature; nothing was stored.' },
  webhook_verify_failed: { status: 403, id: 'Verifikasi webhook gagal: token verifikasi tidak cocok.', en: 'Webhook verification failed: the verify token does not match.' },
  webhook_not_configured: { status: 503, id: 'Webhook {platform} belum dikonfigurasi di Dayung.', en: 'The {platform} webhook is not configured in Dayung.' },
  webhook_body_invalid: { status: 400, id: 'Isi webhook tidak valid: {reason}', en: 'Invalid webhook body: {reason}' },
  channel_platform_unavailable: { status: 400, id: 'Platform {platform} belum didukung di instalasi ini.', en: 'The platform {platform} is not available in this installation.' },
  channel_connect_expired: { status: 400, id: 'Proses menghubungkan akun sudah kedaluwarsa atau tidak valid. Ulangi dari halaman Saluran.', en: 'The connection attempt expired or is invalid. Start again from the Channels page.' },
  channel_no_accounts: { status: 400, id: 'Tidak ada akun {platform} yang dapat dihubungkan dengan izin yang diberikan.', en: 'No {platform} account can be connected with the permissions granted.' },
  channel_taken: { status: 409, id: 'Akun {platform} ini sudah terhubung ke OPD lain. Minta OPD tersebut memutuskannya dulu.', en: 'This {platform} account is already connected to another agency. Ask them to disconnect it first.' },
  channel_not_connected: { status: 409, id: 'Akun kanal ini tidak terhubung.', en: 'This channel account is not connected.' },
  channel_token_invalid: { status: 409, id: 'Token {platform} tidak berlaku lagi. Hubungkan ulang akun ini di halaman Saluran.', en: 'The {platform} token is no longer valid. Reconnect the account on the Channels page.' },
  channel_auth_failed: { status: 400, id: '{platform} menolak kredensial: {reason}', en: '{platform} refused the credentials: {reason}' },
  channel_platform_error: { status: 502, id: '{platform} menjawab dengan galat: {reason}', en: '{platform} answered with an error: {reason}' },
  service_unavailable: { status: 503, id: 'Layanan sedang tidak tersedia: {reason}', en: 'Service unavailable: {reason}' },
  case_transition_invalid: { status: 409, id: 'Aduan {code} berstatus "{status}", sehingga tidak dapat {action}. Tindakan yang tersedia: {allowed}.', en: 'Case {code} is "{status}"; the action "{action}" is not possible. Available actions: {allowed}.' },
  case_action_forbidden: { status: 403, id: 'Anda tidak berwenang {action} aduan {code}: {reason}', en: 'You may not perform "{action}" on case {code}: {reason}' },
  case_interaction_taken: { status: 409, id: 'Pesan ini sudah tercatat pada aduan {code}.', en: 'This message is already part of case {code}.' },
  case_duplicate_invalid: { status: 400, id: 'Aduan tidak dapat digabungkan: {reason}', en: 'The cases cannot be merged: {reason}' },
  case_reference_unknown: { status: 400, id: '{what} "{value}" tidak dikenal.', en: 'Unknown {what} "{value}".' },
  public_form_invalid: { status: 400, id: 'Formulir sudah kedaluwarsa atau tidak valid. Muat ulang halaman, lalu kirim kembali aduan Anda.', en: 'The form has expired or is invalid. Reload the page and submit your complaint again.' },
  public_form_too_fast: { status: 400, id: 'Formulir terkirim terlalu cepat. Periksa kembali isian Anda, tunggu beberapa detik, lalu kirim lagi.', en: 'The form was sent too quickly. Check your entries, wait a few seconds and send it again.' },
  public_spam_refused: { status: 400, id: 'Aduan tidak dapat kami terima karena terdeteksi sebagai spam: {reason}. Bila ini keliru, tulis ulang aduan Anda dengan jelas tanpa tautan promosi, atau sampaikan melalui kanal resmi lainnya.', en: 'The complaint was refused as spam: {reason}. If this is a mistake, rewrite it clearly without promotional links, or use another official channel.' },
  public_secret_invalid: { status: 403, id: 'Kunci pelacakan tidak cocok untuk aduan {code}. Gunakan kunci yang Anda terima saat mengirim aduan.', en: 'The tracking key does not match case {code}. Use the key you received when you submitted the complaint.' },
  public_rating_done: { status: 409, id: 'Aduan {code} sudah dinilai. Terima kasih atas penilaian Anda.', en: 'Case {code} has already been rated. Thank you for your rating.' },
  open311_key_unknown: { status: 404, id: 'Kunci API Open311 tidak ditemukan.', en: 'Open311 API key not found.' },
  post_transition_invalid: { status: 409, id: 'Postingan berstatus "{status}", sehingga tidak dapat {action}.', en: 'The post is "{status}"; it cannot be {action}.' },
  post_self_approval: { status: 403, id: 'Anda tidak dapat menyetujui postingan yang Anda tulis atau ubah sendiri. Minta atasan atau rekan lain menyetujuinya.', en: 'You cannot approve a post you wrote or edited yourself. Ask a superior or another colleague to approve it.' },
  post_approver_level: { status: 403, id: 'Persetujuan tingkat {level} untuk postingan ini hanya dapat diberikan oleh {who}.', en: 'Level {level} approval of this post can only be given by {who}.' },
  post_version_stale: { status: 409, id: 'Postingan sudah diubah (versi {current}) sejak Anda membukanya (versi {seen}). Muat ulang untuk melihat perubahan terbaru.', en: 'The post has changed (version {current}) since you opened it (version {seen}). Reload to see the latest changes.' },
  post_invalid: { status: 400, id: 'Postingan belum dapat diajukan: {reason}', en: 'The post cannot be submitted yet: {reason}' },
  post_schedule_invalid: { status: 400, id: 'Jadwal tidak valid: {reason}', en: 'Invalid schedule: {reason}' },
  post_channel_unavailable: { status: 400, id: 'Akun kanal {account} tidak dapat dipakai untuk postingan ini: {reason}', en: 'The channel account {account} cannot be used for this post: {reason}' },
  publication_retry_invalid: { status: 409, id: 'Publikasi di {platform} tidak dapat dikirim ulang karena berstatus "{status}".', en: 'The {platform} publication cannot be retried because it is "{status}".' },
  campaign_invalid: { status: 400, id: 'Kampanye tidak valid: {reason}', en: 'Invalid campaign: {reason}' },
  media_type_refused: { status: 415, id: 'Jenis berkas tidak diterima: {detected}. Berkas yang diterima: {allowed}. Jenis berkas dikenali dari isinya, bukan dari nama atau keterangan pengirim.', en: 'File type not accepted: {detected}. Accepted: {allowed}. The type is recognised from the content, not from the name or the sender\'s label.' },
  media_too_large: { status: 413, id: 'Berkas terlalu besar: {kind} paling besar {limit}. Tidak ada yang disimpan.', en: 'The file is too large: {kind} may be at most {limit}. Nothing was stored.' },
  media_image_invalid: { status: 400, id: 'Gambar rusak atau tidak dapat dibaca ({reason}). Tidak ada yang disimpan; kirim ulang foto dalam format JPEG, PNG, WebP atau GIF.', en: 'The image is corrupted or unreadable ({reason}). Nothing was stored; send the photo again as JPEG, PNG, WebP or GIF.' },
  media_image_too_many_pixels: { status: 413, id: 'Dimensi gambar terlalu besar ({dimensions}); paling banyak {max} megapiksel. Perkecil gambar lalu kirim ulang.', en: 'The image dimensions are too large ({dimensions}); at most {max} megapixels. Scale it down and send it again.' },
  media_upload_incomplete: { status: 400, id: 'Unggahan terputus sebelum selesai; tidak ada yang disimpan. Coba kirim ulang.', en: 'The upload stopped before it was complete; nothing was stored. Please try again.' },
  media_file_missing: { status: 400, id: 'Tidak ada berkas dalam unggahan. Kirim sebagai multipart/form-data dengan bagian berkas bernama "{field}".', en: 'The upload contains no file. Send multipart/form-data with a file part named "{field}".' },
  media_too_many_files: { status: 400, id: 'Terlalu banyak berkas: paling banyak {max} berkas per kiriman.', en: 'Too many files: at most {max} per submission.' },
  media_not_image: { status: 409, id: 'Berkas ini bukan gambar, sehingga tidak dapat disiapkan untuk {profile}.', en: 'This file is not an image, so it cannot be prepared for {profile}.' },
  internal: { status: 500, id: 'Terjadi kesalahan pada server. Coba lagi; bila berulang, laporkan kode permintaan {requestId}.', en: 'A server error occurred. Try again; if it persists, report request id {requestId}.' },
} as const satisfies Record<string, ErrorDef>;

export type ErrorCode = keyof typeof ERRORS;

export interface FieldError {
  path: string;
  message: string;
}

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly params: Record<string, string | number>;
  readonly errors: FieldError[] | undefined;
  readonly headers: Record<string, string> | undefined;

  constructor(
    code: ErrorCode,
    params: Record<string, string | number> = {},
    extra: { errors?: FieldError[]; headers?: Record<string, string> } = {},
  ) {
    super(formatMessage(code, params, 'en'));
    this.name = 'AppError';
    this.code = code;
    this.params = params;
    this.errors = extra.errors;
    this.headers = extra.headers;
  }

  get status(): number {
    return ERRORS[this.code].status;
  }
}

export function formatMessage(code: ErrorCode, params: Record<string, string | number>, locale: Locale): string {
  const template: string = ERRORS[code][locale];
  return template.replace(/\{(\w+)\}/g, (_m, key: string) => String(params[key] ?? `{${key}}`));
}

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: ErrorCode;
  instance?: string;
  requestId?: string;
  errors?: FieldError[];
}

const TITLES: Record<number, { id: string; en: string }> = {
  400: { id: 'Permintaan tidak valid', en: 'Bad request' },
  401: { id: 'Belum masuk', en: 'Unauthenticated' },
  403: { id: 'Akses ditolak', en: 'Forbidden' },
  404: { id: 'Tidak ditemukan', en: 'Not found' },
  405: { id: 'Metode tidak diizinkan', en: 'Method not allowed' },
  409: { id: 'Konflik', en: 'Conflict' },
  413: { id: 'Data terlalu besar', en: 'Payload too large' },
  415: { id: 'Jenis konten tidak didukung', en: 'Unsupported media type' },
  429: { id: 'Terlalu banyak permintaan', en: 'Too many requests' },
  500: { id: 'Kesalahan server', en: 'Server error' },
  503: { id: 'Layanan tidak tersedia', en: 'Service unavailable' },
};

export function toProblem(err: AppError, locale: Locale, requestId?: string, instance?: string): Problem {
  const status = err.status;
  const params = { requestId: requestId ?? '-', ...err.params };
  return {
    type: `https://dayung.sumbarprov.go.id/problems/${err.code.replaceAll('_', '-')}`,
    title: (TITLES[status] ?? TITLES[500]!)[locale],
    status,
    detail: formatMessage(err.code, params, locale),
    code: err.code,
    ...(instance ? { instance } : {}),
    ...(requestId ? { requestId } : {}),
    ...(err.errors ? { errors: err.errors } : {}),
  };
}

/** Pick id or en from an Accept-Language header; Indonesian unless English is preferred. */
export function pickLocale(acceptLanguage: string | undefined): Locale {
  if (!acceptLanguage) return 'id';
  const langs = acceptLanguage
    .split(',')
    .map((part) => {
      const [tag, ...rest] = part.trim().split(';');
      const q = rest.find((r) => r.trim().startsWith('q='));
      return { tag: (tag ?? '').toLowerCase(), q: q ? Number(q.trim().slice(2)) || 0 : 1 };
    })
    .sort((a, b) => b.q - a.q);
  for (const { tag } of langs) {
    if (tag.startsWith('id') || tag.startsWith('ms') || tag.startsWith('min')) return 'id';
    if (tag.startsWith('en')) return 'en';
  }
  return 'id';
}
