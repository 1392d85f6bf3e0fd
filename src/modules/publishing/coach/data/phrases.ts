// Bureaucratic phrases ("bahasa surat dinas") that make a public post stiff and long, with a plainer way to
// say the same. Dayung's own list, from the plain-language principle: write as you would explain it to a
// neighbour. `suggestion` is the Indonesian replacement ('' = leave the phrase out and start with the point);
// `why` says in English what the phrase does. Matching is case-insensitive on whole words.

export interface Phrase {
  phrase: string;
  suggestion: string;
  why?: string;
  /** words that, right before the phrase, make it ordinary language ("tepat guna") */
  notAfter?: readonly string[];
}

export const BUREAUCRATIC_PHRASES: readonly Phrase[] = [
  { phrase: 'bersama ini kami sampaikan', suggestion: '', why: 'a letter opening; a post can start with the news itself' },
  { phrase: 'dengan ini kami sampaikan', suggestion: '', why: 'a letter opening; a post can start with the news itself' },
  { phrase: 'dengan hormat', suggestion: '', why: 'a letter salutation' },
  { phrase: 'dapat kami sampaikan bahwa', suggestion: '', why: 'announces that something will be said instead of saying it' },
  { phrase: 'perlu kami sampaikan bahwa', suggestion: '', why: 'announces that something will be said instead of saying it' },
  { phrase: 'dengan ini', suggestion: '', why: 'letter formula, adds nothing' },
  { phrase: 'dalam rangka', suggestion: 'untuk', why: 'a long way to say "for"' },
  { phrase: 'dalam upaya', suggestion: 'untuk', why: 'a long way to say "to"' },
  { phrase: 'sehubungan dengan', suggestion: 'terkait / karena', why: 'letter formula' },
  { phrase: 'berkenaan dengan', suggestion: 'tentang', why: 'letter formula' },
  { phrase: 'berkaitan dengan', suggestion: 'tentang', why: 'letter formula' },
  { phrase: 'terkait dengan', suggestion: 'terkait', why: '"dengan" is redundant' },
  { phrase: 'sesuai dengan', suggestion: 'sesuai', why: '"dengan" is redundant' },
  { phrase: 'adapun', suggestion: '', why: 'a connector from official letters; start the sentence with its subject' },
  { phrase: 'guna', suggestion: 'untuk', why: 'old-fashioned "for"', notAfter: ['tepat', 'daya', 'hasil', 'berdaya', 'berhasil', 'tata'] },
  { phrase: 'perihal', suggestion: 'tentang', why: 'letter header word' },
  { phrase: 'dalam hal ini', suggestion: '', why: 'filler' },
  { phrase: 'yang mana', suggestion: 'yang', why: 'a calque; "yang" alone is correct' },
  { phrase: 'agar supaya', suggestion: 'agar', why: 'both words mean the same' },
  { phrase: 'demi untuk', suggestion: 'untuk', why: 'both words mean the same' },
  { phrase: 'adalah merupakan', suggestion: 'adalah', why: 'both words mean the same' },
  { phrase: 'sebagaimana mestinya', suggestion: 'dengan baik', why: 'letter formula' },
  { phrase: 'tersebut di atas', suggestion: 'ini', why: 'refers to a letter\'s layout, not a post' },
  { phrase: 'kiranya', suggestion: '', why: 'an old politeness marker; "mohon" or nothing is plainer' },
  { phrase: 'diberitahukan kepada', suggestion: 'kepada', why: 'an impersonal passive opening; speak to the reader' },
  { phrase: 'dimohon kepada', suggestion: 'kami mohon', why: 'an impersonal passive; speak to the reader' },
  { phrase: 'melakukan pengecekan', suggestion: 'memeriksa', why: 'a verb turned into a noun' },
  { phrase: 'melakukan pemeriksaan', suggestion: 'memeriksa', why: 'a verb turned into a noun' },
  { phrase: 'melakukan pendataan', suggestion: 'mendata', why: 'a verb turned into a noun' },
  { phrase: 'melakukan pendaftaran', suggestion: 'mendaftar', why: 'a verb turned into a noun' },
  { phrase: 'melakukan pembayaran', suggestion: 'membayar', why: 'a verb turned into a noun' },
  { phrase: 'melakukan kunjungan', suggestion: 'mengunjungi', why: 'a verb turned into a noun' },
  { phrase: 'melakukan perbaikan', suggestion: 'memperbaiki', why: 'a verb turned into a noun' },
  { phrase: 'mengadakan rapat', suggestion: 'rapat', why: 'a verb turned into a noun' },
  { phrase: 'melaksanakan kegiatan', suggestion: '(sebut kegiatannya)', why: '"activity" says nothing; name what happens' },
  { phrase: 'demikian kami sampaikan', suggestion: '', why: 'a letter closing' },
  { phrase: 'demikian disampaikan', suggestion: '', why: 'a letter closing' },
  { phrase: 'demikian informasi ini', suggestion: '', why: 'a letter closing' },
  { phrase: 'atas perhatiannya diucapkan terima kasih', suggestion: 'terima kasih', why: 'a letter closing' },
  { phrase: 'atas perhatian dan kerja samanya diucapkan terima kasih', suggestion: 'terima kasih', why: 'a letter closing' },
  { phrase: 'atas perhatian dan kerjasamanya kami ucapkan terima kasih', suggestion: 'terima kasih', why: 'a letter closing' },
  { phrase: 'diucapkan terima kasih', suggestion: 'terima kasih', why: 'an impersonal passive' },
  { phrase: 'pada hari ini', suggestion: 'hari ini', why: '"pada" is redundant' },
  { phrase: 'para hadirin sekalian', suggestion: 'hadirin', why: '"para" and "sekalian" both mark the plural' },
  { phrase: 'menindaklanjuti', suggestion: 'sebagai tindak lanjut / menanggapi', why: 'officialese; say what is done' },
  { phrase: 'sebagaimana', suggestion: 'seperti', why: 'formal; "seperti" is plainer' },
];
