import { describe, expect, it } from 'vitest';
import { matchRule, type RoutingRule } from './rules.ts';

const rule = (over: Partial<RoutingRule['match']>, name = 'r', enabled = true): RoutingRule => ({
  id: name,
  position: 1,
  name,
  enabled,
  match: { accountId: null, platform: null, keywords: [], intents: [], locations: [], ...over },
  action: { routeOrgId: 'o', routeOrgCode: 'BAPENDA', assigneeId: null, label: null, urgency: null },
});

describe('routing rules', () => {
  const subject = { accountId: 'acc-1', platform: 'whatsapp', text: 'Min, pajak motor di samsaaat Padang kok mahal bgt', intent: 'complaint' };
  it('matches whole words of the normalized text, elongations included', () => {
    expect(matchRule([rule({ keywords: ['samsat'] })], subject)?.name).toBe('r');
    expect(matchRule([rule({ keywords: ['sam'] })], subject)).toBeNull();
    expect(matchRule([rule({ keywords: ['pajak motor'] })], subject)?.name).toBe('r');
  });
  it('requires every condition given, skips disabled rules, and takes the first match', () => {
    expect(matchRule([rule({ keywords: ['samsat'], platform: 'facebook' })], subject)).toBeNull();
    expect(matchRule([rule({ keywords: ['samsat'], intents: ['praise'] })], subject)).toBeNull();
    expect(matchRule([rule({ keywords: ['samsat'] }, 'off', false), rule({ accountId: 'acc-1' }, 'second'), rule({ keywords: ['padang'] }, 'third')], subject)?.name).toBe('second');
    expect(matchRule([rule({ locations: ['padang'] }, 'loc')], subject)?.name).toBe('loc');
  });
});
