// Slot fillers for the citizen message generators: places of West Sumatra, institutions, and
// fictional personal data. Every person, number and address produced here is invented:
//  - names are random combinations of common given names (no public figure is ever named);
//  - phone numbers use the obviously made-up middle block "0000" (08xx-0000-xxxx);
//  - NIKs have a realistic structure (13 + kab/kota + kecamatan + birth date, +40 for women)
//    but always the serial 0000, which is never issued;
//  - e-mail addresses use only example.com / example.org / example.net;
//  - street addresses combine generic street names with random numbers.
import type { Rng } from '../core/rng.ts';

export interface Place {
  /** canonical kabupaten/kota name, e.g. "Kota Padang" */
  kabkota: string;
  /** how people say it: "Padang", "Agam", "Pessel"... */
  spoken: string[];
  /** Kemendagri code (NIK prefix), e.g. "1371" */
  code: string;
  /** kecamatan / nagari / kelurahan names people mention */
  areas: string[];
  kind: 'kota' | 'kabupaten';
}

export const PLACES: Place[] = [
  { kabkota: 'Kota Padang', spoken: ['Padang', 'kota Padang', 'Padang'], code: '1371', kind: 'kota', areas: ['Lubuk Begalung', 'Koto Tangah', 'Kuranji', 'Pauh', 'Nanggalo', 'Padang Timur', 'Padang Utara', 'Lubuk Kilangan', 'Bungus', 'Air Tawar', 'Siteba', 'Tabing', 'Lapai', 'Ulak Karang'] },
  { kabkota: 'Kota Bukittinggi', spoken: ['Bukittinggi', 'Bukik', 'Bukittinggi'], code: '1375', kind: 'kota', areas: ['Aur Birugo Tigo Baleh', 'Guguak Panjang', 'Mandiangin Koto Selayan', 'Birugo', 'Campago'] },
  { kabkota: 'Kota Payakumbuh', spoken: ['Payakumbuh', 'Payakumbuah', 'Pyk'], code: '1376', kind: 'kota', areas: ['Payakumbuh Barat', 'Payakumbuh Timur', 'Lamposi Tigo Nagori', 'Koto Nan Ampek'] },
  { kabkota: 'Kota Padang Panjang', spoken: ['Padang Panjang', 'Padang Panjang'], code: '1374', kind: 'kota', areas: ['Padang Panjang Barat', 'Padang Panjang Timur', 'Silaing'] },
  { kabkota: 'Kota Solok', spoken: ['kota Solok', 'Solok'], code: '1372', kind: 'kota', areas: ['Lubuk Sikarah', 'Tanjung Harapan', 'KTK'] },
  { kabkota: 'Kota Sawahlunto', spoken: ['Sawahlunto', 'Sawahlunto'], code: '1373', kind: 'kota', areas: ['Talawi', 'Barangin', 'Lembah Segar', 'Silungkang'] },
  { kabkota: 'Kota Pariaman', spoken: ['Pariaman', 'kota Pariaman'], code: '1377', kind: 'kota', areas: ['Pariaman Tengah', 'Pariaman Selatan', 'Pariaman Utara', 'Pariaman Timur'] },
  { kabkota: 'Kabupaten Agam', spoken: ['Agam', 'kab. Agam', 'Agam'], code: '1306', kind: 'kabupaten', areas: ['Lubuk Basung', 'Maninjau', 'Tiku', 'Palembayan', 'Baso', 'Matur', 'Kamang', 'Palupuh'] },
  { kabkota: 'Kabupaten Tanah Datar', spoken: ['Tanah Datar', 'Batusangkar', 'Tanah Data'], code: '1304', kind: 'kabupaten', areas: ['Batusangkar', 'Lintau', 'Pariangan', 'Rambatan', 'Salimpaung', 'Sungayang'] },
  { kabkota: 'Kabupaten Lima Puluh Kota', spoken: ['Limapuluh Kota', '50 Kota', 'Luak 50'], code: '1307', kind: 'kabupaten', areas: ['Suliki', 'Pangkalan', 'Harau', 'Guguak', 'Akabiluru', 'Sarilamak'] },
  { kabkota: 'Kabupaten Padang Pariaman', spoken: ['Padang Pariaman', 'Padang Pariaman', 'Piaman'], code: '1305', kind: 'kabupaten', areas: ['Lubuk Alung', 'Sicincin', 'Batang Anai', 'Kayu Tanam', 'Sungai Limau', 'Parit Malintang'] },
  { kabkota: 'Kabupaten Pesisir Selatan', spoken: ['Pesisir Selatan', 'Pessel', 'Pesisir'], code: '1301', kind: 'kabupaten', areas: ['Painan', 'Kambang', 'Air Haji', 'Tarusan', 'Balai Selasa', 'Surantih'] },
  { kabkota: 'Kabupaten Solok', spoken: ['kab. Solok', 'Solok', 'Arosuka'], code: '1302', kind: 'kabupaten', areas: ['Alahan Panjang', 'Sumani', 'Koto Baru', 'Talang', 'Singkarak', 'Gunung Talang'] },
  { kabkota: 'Kabupaten Solok Selatan', spoken: ['Solok Selatan', 'Solsel'], code: '1311', kind: 'kabupaten', areas: ['Padang Aro', 'Muara Labuh', 'Sangir', 'Pauh Duo'] },
  { kabkota: 'Kabupaten Sijunjung', spoken: ['Sijunjung', 'Sijunjuang'], code: '1303', kind: 'kabupaten', areas: ['Muaro Sijunjung', 'Kamang Baru', 'Tanjung Gadang', 'Koto VII'] },
  { kabkota: 'Kabupaten Dharmasraya', spoken: ['Dharmasraya', 'Dharmas'], code: '1310', kind: 'kabupaten', areas: ['Pulau Punjung', 'Sitiung', 'Koto Baru', 'Timpeh', 'Sungai Rumbai'] },
  { kabkota: 'Kabupaten Pasaman', spoken: ['Pasaman', 'Pasaman'], code: '1308', kind: 'kabupaten', areas: ['Lubuk Sikaping', 'Rao', 'Panti', 'Bonjol', 'Tigo Nagari'] },
  { kabkota: 'Kabupaten Pasaman Barat', spoken: ['Pasaman Barat', 'Pasbar'], code: '1312', kind: 'kabupaten', areas: ['Simpang Ampek', 'Talu', 'Ujung Gading', 'Air Bangis', 'Kinali', 'Sungai Aur'] },
  { kabkota: 'Kabupaten Kepulauan Mentawai', spoken: ['Mentawai', 'Kepulauan Mentawai'], code: '1309', kind: 'kabupaten', areas: ['Tuapejat', 'Siberut', 'Sikakap', 'Sipora'] },
];

export const RSUD = [
  { code: 'RSUDAM', names: ['RSUD Achmad Mochtar', 'RSAM', 'RSAM Bukittinggi', 'RS Achmad Mochtar'], kabkota: 'Kota Bukittinggi' },
  { code: 'RSUDMN', names: ['RSUD M. Natsir', 'RSUD Mohammad Natsir', 'RSUD Natsir Solok'], kabkota: 'Kota Solok' },
  { code: 'RSUDMY', names: ['RSUD Pariaman', 'RSUD M. Yamin', 'RSUD Muhammad Yamin'], kabkota: 'Kota Pariaman' },
  { code: 'RSJHBS', names: ['RSJ HB Saanin', 'RSJ Saanin', 'rumah sakit jiwa HB Saanin'], kabkota: 'Kota Padang' },
  { code: 'RSPARU', names: ['RS Paru Sumbar', 'rumah sakit paru'], kabkota: 'Kota Padang' },
  { code: 'RSMATA', names: ['RS Mata Sumbar', 'rumah sakit mata provinsi'], kabkota: 'Kota Padang' },
] as const;

/** national roads (BPJN): complaints about them belong to the national road authority */
export const NATIONAL_ROADS = [
  { name: 'Sitinjau Lauik', kabkota: 'Kota Padang' },
  { name: 'Lembah Anai', kabkota: 'Kabupaten Tanah Datar' },
  { name: 'Kelok Sembilan', kabkota: 'Kabupaten Lima Puluh Kota' },
  { name: 'jalan lintas Sumatera di Dharmasraya', kabkota: 'Kabupaten Dharmasraya' },
];

const GIVEN_M = ['Rahmat', 'Zulkifli', 'Andi', 'Syafrizal', 'Ilham', 'Rizky', 'Fauzan', 'Afrizal', 'Hendra', 'Taufik', 'Irwan', 'Ridwan', 'Yoserizal', 'Dedi', 'Fadli', 'Arif', 'Gusri', 'Jonaidi', 'Malin', 'Rendi', 'Wahyu', 'Bayu', 'Darmawan', 'Efendi', 'Yudi', 'Aldi', 'Rafi', 'Hafiz'];
const GIVEN_F = ['Fitri', 'Yusnimar', 'Rini', 'Nurhayati', 'Deswita', 'Yulia', 'Mardiana', 'Sri', 'Novita', 'Azizah', 'Elvi', 'Gusnawati', 'Rahmi', 'Yenni', 'Suci', 'Nadia', 'Putri', 'Rosmaini', 'Wirda', 'Zuraida', 'Melati', 'Indah', 'Syafitri', 'Lisa', 'Dewi', 'Anisa'];
const FAMILY = ['Putra', 'Putri', 'Saputra', 'Yanti', 'Hidayat', 'Fitriani', 'Rahman', 'Syahputra', 'Wati', 'Amri', 'Yusuf', 'Marlina', 'Zainal', 'Sari', 'Kurniawan', 'Lestari', 'Pratama', 'Hasanah'];
const STREETS = ['Jl. Mawar', 'Jl. Kenanga', 'Jl. Cempaka', 'Jl. Anggrek', 'Jl. Melati', 'Jl. Teratai', 'Jl. Flamboyan', 'Jl. Durian', 'Jl. Pinang', 'Jl. Kelapa Gading', 'Jl. Bunga Tanjung', 'Jl. Surau Gadang', 'Jl. Banda Bakali', 'Jl. Parak Karambia'];

export interface Persona {
  key: string;
  name: string;
  username: string;
  gender: 'm' | 'f';
}

export function persona(rng: Rng): Persona {
  const gender = rng.chance(0.5) ? 'm' : 'f';
  const first = rng.pick(gender === 'm' ? GIVEN_M : GIVEN_F);
  const last = rng.chance(0.6) ? rng.pick(FAMILY) : '';
  const name = last ? `${first} ${last}` : first;
  const style = rng.int(0, 4);
  const base = first.toLowerCase();
  const username = [
    `${base}${rng.int(70, 99)}`,
    `${base}.${(last || 'minang').toLowerCase()}`,
    `${base}_${rng.pick(['pdg', 'bkt', 'pyk', 'sumbar', 'urang.awak', 'minang'])}`,
    `${rng.pick(['ajo', 'uda', 'uni', 'bang', 'kak'])}_${base}`,
    `${base}${rng.digits(3)}`,
  ][style] as string;
  return { key: `${username}-${rng.digits(6)}`, name, username, gender };
}

export function phone(rng: Rng): string {
  const prefix = rng.pick(['0811', '0812', '0813', '0821', '0822', '0852', '0853', '0857', '0877', '0895']);
  const tail = rng.digits(4);
  return rng.pick([`${prefix}-0000-${tail}`, `${prefix}0000${tail}`, `${prefix} 0000 ${tail}`]);
}

/** 16-digit NIK: 13 kk cc DDMMYY 0000 (serial 0000 is never issued) */
export function nik(rng: Rng, place: Place, gender: 'm' | 'f'): string {
  const kec = String(rng.int(1, 15)).padStart(2, '0');
  const day = rng.int(1, 28) + (gender === 'f' ? 40 : 0);
  const month = rng.int(1, 12);
  const year = rng.int(55, 99) % 100;
  return `${place.code}${kec}${String(day).padStart(2, '0')}${String(month).padStart(2, '0')}${String(year).padStart(2, '0')}0000`;
}

export function email(rng: Rng, p: Persona): string {
  return `${p.username.replace(/[^a-z0-9.]/g, '')}@${rng.pick(['example.com', 'example.org', 'example.net'])}`;
}

export function address(rng: Rng, place: Place): string {
  const area = rng.pick(place.areas);
  return rng.pick([
    `${rng.pick(STREETS)} No. ${rng.int(1, 120)}, RT 0${rng.int(1, 9)}/RW 0${rng.int(1, 9)}, ${area}`,
    `${rng.pick(STREETS)} no ${rng.int(1, 99)} ${area}`,
    `Jorong ${rng.pick(['Koto Tuo', 'Balai Gadang', 'Kampung Baru', 'Padang Laweh', 'Sungai Pua', 'Tanjung Alam'])}, ${area}`,
  ]);
}

export function plate(rng: Rng): string {
  const letters = 'ABCDEFGHJKLMNPRSTUVWXYZ';
  return `BA ${rng.int(1000, 9999)} ${letters[rng.int(0, letters.length - 1)]}${letters[rng.int(0, letters.length - 1)]}`;
}

export function rupiah(rng: Rng, min: number, max: number, step = 50_000): string {
  const v = Math.round(rng.int(min, max) / step) * step;
  return 'Rp ' + v.toLocaleString('id-ID').replace(/,/g, '.');
}

/** invented online-gambling brands (none is a real site) */
export const JUDOL_BRANDS = ['BUNDOGACOR', 'KARAMBIA88', 'SIKEK4D', 'PADANGWIN', 'JAMBUJP', 'RENDANGSLOT', 'TANJUANGBET', 'SALUANG77', 'GADANGJP', 'MARAPI88'];
export const JUDOL_TLDS = ['[.]site', '[.]xyz', '[.]vip', '[.]lol', '[.]top'];

export const UNICODE_BOLD: Record<string, string> = Object.fromEntries(
  [...'ABCDEFGHIJKLMNOPQRSTUVWXYZ'].map((c, i) => [c, String.fromCodePoint(0x1d400 + i)]),
);
