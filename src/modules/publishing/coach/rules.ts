// The catalogue of the coach's rules: stable ids, groups, default severities and one line on what each checks.
// The settings page lists it; docs/content-coach.md explains each rule in full. Adding a rule = an entry here,
// a check in checks/, tests, and a section in the doc.
import type { Bilingual, Severity, Thresholds } from './types.ts';

export type RuleGroup = 'readability' | 'abbreviation' | 'completeness' | 'accessibility' | 'safety' | 'channel' | 'campaign';
export const RULE_GROUPS: readonly RuleGroup[] = ['readability', 'abbreviation', 'completeness', 'accessibility', 'safety', 'channel', 'campaign'];

export interface RuleInfo {
  id: string;
  group: RuleGroup;
  /** the severity when no admin override applies (completeness rules vary by post type: the highest is given) */
  severity: Severity;
  /** what it checks, in a line */
  title: Bilingual;
  /** thresholds it reads */
  thresholds?: readonly (keyof Thresholds)[];
}

const r = (id: string, group: RuleGroup, severity: Severity, idText: string, en: string, thresholds?: (keyof Thresholds)[]): RuleInfo => ({
  id,
  group,
  severity,
  title: { id: idText, en },
  ...(thresholds ? { thresholds } : {}),
});

export const RULES: readonly RuleInfo[] = [
  r('readability.long_sentence', 'readability', 'warning', 'Kalimat terlalu panjang', 'Sentence too long', ['maxSentenceWords']),
  r('readability.avg_sentence_long', 'readability', 'info', 'Rata-rata kalimat panjang', 'Long sentences on average', ['maxAvgSentenceWords']),
  r('readability.long_words', 'readability', 'info', 'Banyak kata panjang', 'Many long words', ['maxAvgWordLetters']),
  r('readability.passive_voice', 'readability', 'info', 'Banyak kalimat pasif', 'Much passive voice', ['maxPassivesPerSentence']),
  r('readability.bureaucratic_phrase', 'readability', 'info', 'Frasa birokratis', 'Bureaucratic phrase'),
  r('readability.di_spacing', 'readability', 'info', 'Penulisan "di" (kata depan atau awalan)', 'Spelling of "di" (preposition or prefix)'),
  r('abbreviation.unexplained', 'abbreviation', 'warning', 'Singkatan tanpa kepanjangan', 'Abbreviation not explained'),
  r('abbreviation.unknown', 'abbreviation', 'info', 'Singkatan tak dikenal', 'Unknown abbreviation'),
  r('completeness.missing_what', 'completeness', 'warning', 'Isi terlalu singkat (apa)', 'Too short to say what', ['minWords']),
  r('completeness.missing_when', 'completeness', 'warning', 'Waktu belum disebut (kapan)', 'No time given (when)'),
  r('completeness.missing_where', 'completeness', 'warning', 'Tempat belum disebut (di mana)', 'No place given (where)'),
  r('completeness.missing_contact', 'completeness', 'warning', 'Kontak belum ada', 'No contact'),
  r('completeness.missing_cta', 'completeness', 'warning', 'Ajakan bertindak belum ada', 'No call to action'),
  r('completeness.missing_source', 'completeness', 'warning', 'Tautan sumber resmi belum ada', 'No official source link'),
  r('completeness.source_unofficial', 'completeness', 'info', 'Tautan bukan domain resmi', 'Link not on an official domain'),
  r('accessibility.alt_text_missing', 'accessibility', 'error', 'Gambar tanpa teks alternatif', 'Image without alt text'),
  r('accessibility.alt_text_poor', 'accessibility', 'warning', 'Teks alternatif kurang deskriptif', 'Alt text not descriptive', ['minAltTextChars']),
  r('accessibility.hashtag_camelcase', 'accessibility', 'warning', 'Tagar tanpa huruf kapital per kata', 'Hashtag not in CamelCase'),
  r('accessibility.emoji_overload', 'accessibility', 'warning', 'Terlalu banyak emoji', 'Too many emoji', ['maxEmoji', 'maxConsecutiveEmoji']),
  r('accessibility.text_in_image', 'accessibility', 'warning', 'Informasi hanya di dalam gambar', 'Information only inside an image'),
  r('accessibility.all_caps', 'accessibility', 'info', 'Huruf kapital semua', 'All capitals'),
  r('accessibility.video_captions', 'accessibility', 'info', 'Takarir (subtitle) video', 'Video captions'),
  r('safety.personal_data', 'safety', 'error', 'Data pribadi', 'Personal data'),
  r('safety.sara', 'safety', 'warning', 'Kata sensitif SARA', 'SARA-sensitive wording'),
  r('safety.non_inclusive', 'safety', 'warning', 'Istilah tidak inklusif', 'Non-inclusive term'),
  r('safety.unverified_claim', 'safety', 'warning', 'Klaim mutlak tanpa sumber', 'Absolute claim without a source'),
  r('safety.statistic_without_source', 'safety', 'warning', 'Angka statistik tanpa sumber', 'Statistic without a source'),
  r('channel.x_too_long', 'channel', 'error', 'Terlalu panjang untuk X', 'Too long for X'),
  r('channel.instagram_too_long', 'channel', 'error', 'Terlalu panjang untuk Instagram', 'Too long for Instagram'),
  r('channel.tiktok_too_long', 'channel', 'error', 'Terlalu panjang untuk TikTok', 'Too long for TikTok'),
  r('channel.facebook_too_long', 'channel', 'error', 'Terlalu panjang untuk Facebook', 'Too long for Facebook'),
  r('channel.telegram_too_long', 'channel', 'error', 'Terlalu panjang untuk Telegram', 'Too long for Telegram'),
  r('channel.whatsapp_too_long', 'channel', 'error', 'Terlalu panjang untuk WhatsApp', 'Too long for WhatsApp'),
  r('channel.youtube_description_too_long', 'channel', 'error', 'Deskripsi YouTube terlalu panjang', 'YouTube description too long'),
  r('channel.youtube_title', 'channel', 'warning', 'Judul video YouTube', 'YouTube video title'),
  r('channel.forbidden_chars', 'channel', 'error', 'Karakter yang ditolak platform', 'Characters the platform refuses'),
  r('channel.too_many_hashtags', 'channel', 'warning', 'Terlalu banyak tagar', 'Too many hashtags'),
  r('channel.media_required', 'channel', 'error', 'Platform memerlukan media', 'The platform needs media'),
  r('channel.links_not_clickable', 'channel', 'info', 'Tautan tidak dapat diklik', 'Links are not clickable'),
  r('channel.below_fold', 'channel', 'info', 'Pesan utama terpotong "selengkapnya"', 'Key message below "more"'),
  r('channel.long_post', 'channel', 'info', 'Postingan panjang', 'Long post'),
  r('channel.formatting', 'channel', 'info', 'Format teks tidak tampil', 'Formatting not rendered'),
  r('campaign.off_message', 'campaign', 'warning', 'Keluar dari pesan kunci kampanye', 'Off the campaign\'s key message', ['minCampaignOverlap']),
  r('campaign.hashtag_missing', 'campaign', 'warning', 'Tagar kampanye belum ada', 'Campaign hashtag missing'),
];

export const RULE_IDS: ReadonlySet<string> = new Set(RULES.map((x) => x.id));

/**
 * Defaults, tuned for Indonesian (docs/content-coach.md#readability explains each):
 * - 25 words per sentence: plain-language guidance for English says 15–20 on average and 25 at most; Indonesian
 *   sentences carry their grammar in affixes (di-, me-, -kan, -nya) rather than separate words, so a sentence of
 *   the same content has about as many or fewer words; we keep 25 as the ceiling and 20 as the average.
 * - 7.5 letters per word on average: Indonesian words are longer than English ones (affixes again; news prose
 *   averages about 6.5, officialese with "penyelenggaraan", "pertanggungjawaban" 7.5 and more, English about 4.7).
 * - one passive verb per sentence: Indonesian uses the di- passive far more than English and often naturally
 *   ("Pendaftaran dibuka ..."); two or more in one sentence hide who does what.
 */
export const DEFAULT_THRESHOLDS: Readonly<Thresholds> = Object.freeze({
  maxSentenceWords: 25,
  maxAvgSentenceWords: 20,
  maxAvgWordLetters: 7.5,
  maxPassivesPerSentence: 1,
  maxEmoji: 6,
  maxConsecutiveEmoji: 3,
  minAltTextChars: 15,
  minCampaignOverlap: 0.5,
  minWords: 8,
});

/** Bounds admins may set each threshold within (the settings API refuses others). */
export const THRESHOLD_BOUNDS: Readonly<Record<keyof Thresholds, readonly [number, number]>> = {
  maxSentenceWords: [8, 80],
  maxAvgSentenceWords: [6, 60],
  maxAvgWordLetters: [4, 15],
  maxPassivesPerSentence: [0, 10],
  maxEmoji: [0, 100],
  maxConsecutiveEmoji: [1, 50],
  minAltTextChars: [1, 200],
  minCampaignOverlap: [0, 1],
  minWords: [1, 100],
};

/** Score deductions per finding (docs/content-coach.md#score). */
export const SEVERITY_WEIGHT: Readonly<Record<Severity, number>> = { error: 15, warning: 6, info: 2 };
/** A rule deducts at most this many findings' worth, so one habit repeated does not sink the score alone. */
export const MAX_DEDUCTED_PER_RULE = 3;
/** Findings listed per rule at most (the rest are summarised in the last one's message). */
export const MAX_FINDINGS_PER_RULE = 20;
