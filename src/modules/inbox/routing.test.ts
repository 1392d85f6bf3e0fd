import { describe, expect, it } from 'vitest';
import { resolveGroupRoute, type GroupMember } from './routing.ts';

const hospitals: GroupMember[] = [
  { code: 'RSUDAM', name: 'Rumah Sakit Umum Daerah Dr. Achmad Mochtar Bukittinggi', aliases: [], parentCode: 'DINKES' },
  { code: 'RSJHBS', name: 'Rumah Sakit Jiwa Prof. HB. Saanin', aliases: [], parentCode: 'DINKES' },
  { code: 'RSUDMN', name: 'Rumah Sakit Umum Daerah Mohammad Natsir', aliases: [], parentCode: 'DINKES' },
  { code: 'RSUDMY', name: 'Rumah Sakit Umum Daerah Prof. H. Muhammad Yamin, SH', aliases: ['RSUD Pariaman (nama lama di SIPD)'], parentCode: 'DINKES' },
];

describe('resolving a group route to one OPD', () => {
  it('picks the hospital the message names, by old names too', () => {
    expect(resolveGroupRoute('RSUD', 'antrian di rsud achmad mochtar lama', hospitals)).toBe('RSUDAM');
    expect(resolveGroupRoute('RSUD', 'Pelayanan RSUD Pariaman buruk', hospitals)).toBe('RSUDMY');
    expect(resolveGroupRoute('RSUD', 'rs jiwa hb saanin penuh', hospitals)).toBe('RSJHBS');
    expect(resolveGroupRoute('RSUD', 'RSUD M. Natsir Solok', hospitals)).toBe('RSUDMN');
  });
  it('falls back to the parent office when no hospital is named or it is a tie', () => {
    expect(resolveGroupRoute('RSUD', 'rumah sakit provinsi kotor', hospitals)).toBe('DINKES');
  });
});
