// The simulated citizenry: at a configurable (seeded) rate, citizens act on the fake platforms
// through the control API: comments on the OPDs' posts, mentions, DMs, WhatsApp and Telegram
// messages, YouTube comments, and replies to the government's earlier answers.
import { createRng } from '../core/rng.ts';
import type { Rng } from '../core/rng.ts';
import type { Platform, RecordEntry } from '../core/types.ts';
import type { ControlClient } from '../control-client.ts';
import type { InjectInput, InjectResult } from '../inject.ts';
import type { Channel, CitizenMessage } from './generate.ts';
import { generateFollowUp, generateMessage } from './generate.ts';
import type { Persona } from './lexicon.ts';
import { persona } from './lexicon.ts';

export interface SimAccount {
  platform: Platform;
  accountId: string;
  /** OPD that owns the account: about half of the messages are about its own topics */
  opdCode?: string;
  /** @handle used in mentions */
  handle?: string;
}

export interface SimulatorOptions {
  control: ControlClient;
  accounts: SimAccount[];
  /** average citizen actions per minute (Poisson arrivals); 0 = only manual step() */
  actionsPerMinute: number;
  seed?: string | number;
  /** probability of replying to a pending government answer instead of starting something new (default 0.5) */
  followUpRate?: number;
  /** size of the recurring citizen population (default 300) */
  population?: number;
  /** relative activity per platform (default FB 25, IG 20, WA 20, X 15, Telegram 8, YouTube 8, TikTok 0) */
  platformWeights?: Partial<Record<Platform, number>>;
  /** called after each action */
  onAction?: (a: SimAction) => void;
  /** keep at most this many actions in memory (default 1000) */
  keep?: number;
}

export interface SimAction {
  at: string;
  platform: Platform;
  accountId: string;
  input: InjectInput;
  message: CitizenMessage;
  result?: InjectResult;
  error?: string;
  /** record seq of the government answer this action replies to */
  followUpOf?: number;
}

export interface Simulator {
  /** performs one action now */
  step(): Promise<SimAction | null>;
  stop(): Promise<void>;
  readonly actions: readonly SimAction[];
  readonly stats: { actions: number; followUps: number; errors: number };
}

const DEFAULT_PLATFORM_WEIGHTS: Record<Platform, number> = { facebook: 25, instagram: 20, whatsapp: 20, x: 15, telegram: 8, youtube: 8, tiktok: 0 };

interface Origin {
  action: SimAction;
  citizen: Persona;
}

export function startSimulator(opts: SimulatorOptions): Simulator {
  const rng: Rng = createRng(`simulator/${opts.seed ?? 'dayung'}`);
  const accounts = opts.accounts.filter((a) => (opts.platformWeights?.[a.platform] ?? DEFAULT_PLATFORM_WEIGHTS[a.platform]) > 0);
  const population = Array.from({ length: opts.population ?? 300 }, () => persona(rng));
  const followUpRate = opts.followUpRate ?? 0.5;
  const keep = opts.keep ?? 1000;
  const actions: SimAction[] = [];
  const stats = { actions: 0, followUps: 0, errors: 0 };
  /** ids of injected objects -> the action that created them (to find the citizen behind a government answer) */
  const origins = new Map<string, Origin>();
  const pendingAnswers: RecordEntry[] = [];
  let lastSeq = 0;
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let inFlight: Promise<unknown> = Promise.resolve();
  const handles = new Map<string, string>();
  const hasChannel = new Map<string, boolean>();

  const remember = (ids: string[], origin: Origin) => {
    for (const id of ids) if (id) origins.set(id, origin);
    if (origins.size > 20_000) {
      const first = origins.keys().next().value;
      if (first !== undefined) origins.delete(first);
    }
  };

  async function handleOf(a: SimAccount): Promise<string | undefined> {
    if (a.handle) return a.handle;
    const key = `${a.platform}:${a.accountId}`;
    if (!handles.has(key)) {
      try {
        const info = await opts.control.account(a.platform, a.accountId);
        handles.set(key, info.username ? `@${info.username.replace(/^@/, '')}` : '');
        hasChannel.set(key, info.extra.channelChatId !== undefined && info.extra.channelChatId !== null);
      } catch {
        handles.set(key, '');
      }
    }
    return handles.get(key) || undefined;
  }

  async function pollAnswers(): Promise<void> {
    const ids = new Set(accounts.map((a) => a.accountId));
    const recs = await opts.control.records({ sinceSeq: lastSeq, limit: 1000 });
    for (const r of recs) {
      lastSeq = Math.max(lastSeq, r.seq);
      if (!ids.has(r.accountId)) continue;
      if (!['comment_reply', 'private_reply', 'message', 'template_message'].includes(r.kind)) continue;
      pendingAnswers.push(r);
    }
    if (pendingAnswers.length > 200) pendingAnswers.splice(0, pendingAnswers.length - 200);
  }

  function originOf(r: RecordEntry): Origin | undefined {
    const candidates = [r.targetId, typeof r.data.parentId === 'string' ? r.data.parentId : undefined, typeof r.data.recipient === 'string' ? r.data.recipient : undefined];
    if (r.platform === 'telegram' && r.targetId) candidates.push(r.targetId.split(':')[0]);
    for (const c of candidates) {
      const o = c ? origins.get(c) : undefined;
      if (o) return o;
    }
    return undefined;
  }

  function followUpInput(r: RecordEntry, o: Origin): { input: InjectInput; channel: Channel } | null {
    const from = { key: o.citizen.key, name: o.citizen.name, username: o.citizen.username };
    const acc = r.accountId;
    switch (r.platform) {
      case 'facebook':
        if (r.kind === 'comment_reply' && r.objectId) return { input: { platform: 'facebook', type: 'comment', accountId: acc, parentId: r.objectId, text: '', from }, channel: 'facebook_comment' };
        return { input: { platform: 'facebook', type: 'message', accountId: acc, text: '', from }, channel: 'facebook_message' };
      case 'instagram':
        if (r.kind === 'comment_reply' && r.objectId) return { input: { platform: 'instagram', type: 'comment', accountId: acc, parentId: r.objectId, text: '', from }, channel: 'instagram_comment' };
        return { input: { platform: 'instagram', type: 'message', accountId: acc, text: '', from }, channel: 'instagram_message' };
      case 'whatsapp': {
        const waId = r.targetId ?? '';
        return { input: { platform: 'whatsapp', type: 'message', accountId: acc, text: '', from: { ...from, phone: waId }, ...(r.objectId && rng.chance(0.3) ? { contextId: r.objectId } : {}) }, channel: 'whatsapp' };
      }
      case 'x':
        if (r.kind === 'comment_reply' && r.objectId) return { input: { platform: 'x', type: 'reply', accountId: acc, inReplyToTweetId: r.objectId, text: '', from }, channel: 'x_mention' };
        return { input: { platform: 'x', type: 'dm', accountId: acc, text: '', from }, channel: 'x_dm' };
      case 'telegram': {
        const mid = Number((r.objectId ?? '').split(':')[1]);
        const chatType = r.data.chatType;
        if (chatType === 'supergroup' || chatType === 'group') return { input: { platform: 'telegram', type: 'comment', accountId: acc, text: '', from, ...(Number.isFinite(mid) ? { replyToMessageId: mid } : {}) }, channel: 'telegram_comment' };
        return { input: { platform: 'telegram', type: 'message', accountId: acc, text: '', from, ...(Number.isFinite(mid) ? { replyToMessageId: mid } : {}) }, channel: 'telegram' };
      }
      case 'youtube':
        if (r.targetId) return { input: { platform: 'youtube', type: 'comment', accountId: acc, parentId: r.targetId, text: '', from }, channel: 'youtube_comment' };
        return null;
      default:
        return null;
    }
  }

  function freshInput(a: SimAccount, citizen: Persona): { input: InjectInput; channel: Channel } {
    const from = { key: citizen.key, name: citizen.name, username: citizen.username };
    const acc = a.accountId;
    switch (a.platform) {
      case 'facebook': {
        const kind = rng.weighted([['comment', 70], ['message', 25], ['mention', 5]] as const);
        if (kind === 'comment') return { input: { platform: 'facebook', type: 'comment', accountId: acc, text: '', from }, channel: 'facebook_comment' };
        if (kind === 'message') return { input: { platform: 'facebook', type: 'message', accountId: acc, text: '', from }, channel: 'facebook_message' };
        return { input: { platform: 'facebook', type: 'mention', accountId: acc, text: '', from }, channel: 'facebook_comment' };
      }
      case 'instagram': {
        const kind = rng.weighted([['comment', 65], ['message', 30], ['mention', 5]] as const);
        if (kind === 'comment') return { input: { platform: 'instagram', type: 'comment', accountId: acc, text: '', from }, channel: 'instagram_comment' };
        if (kind === 'message') return { input: { platform: 'instagram', type: 'message', accountId: acc, text: '', from }, channel: 'instagram_message' };
        return { input: { platform: 'instagram', type: 'mention', accountId: acc, text: '', from, kind: rng.chance(0.5) ? 'caption' : 'comment' }, channel: 'instagram_comment' };
      }
      case 'whatsapp':
        return { input: { platform: 'whatsapp', type: 'message', accountId: acc, text: '', from }, channel: 'whatsapp' };
      case 'x': {
        const kind = rng.weighted([['mention', 60], ['reply', 30], ['dm', 10]] as const);
        if (kind === 'dm') return { input: { platform: 'x', type: 'dm', accountId: acc, text: '', from }, channel: 'x_dm' };
        return { input: { platform: 'x', type: kind, accountId: acc, text: '', from }, channel: 'x_mention' };
      }
      case 'telegram': {
        if (hasChannel.get(`telegram:${acc}`) && rng.chance(0.3)) return { input: { platform: 'telegram', type: 'comment', accountId: acc, text: '', from }, channel: 'telegram_comment' };
        return { input: { platform: 'telegram', type: 'message', accountId: acc, text: '', from }, channel: 'telegram' };
      }
      case 'youtube':
        return { input: { platform: 'youtube', type: 'comment', accountId: acc, text: '', from }, channel: 'youtube_comment' };
      case 'tiktok':
        throw new Error('TikTok has no citizen inbound in the fake (publish-only platform)');
    }
  }

  function withText(input: InjectInput, text: string): InjectInput {
    return { ...input, text } as InjectInput;
  }

  /** remembers the ids the platform gave the injected object, so a later government answer can be traced back */
  function trackResult(action: SimAction, citizen: Persona): void {
    const ids = action.result?.ids ?? {};
    const keys = ['commentId', 'messageId', 'psid', 'igsid', 'waId', 'tweetId', 'fromId', 'chatId', 'conversationId', 'mediaId'];
    const list = keys.map((k) => ids[k]).filter((v): v is string => typeof v === 'string' && v.length > 0);
    if (action.platform === 'telegram' && ids.chatId && ids.messageId) list.push(`${ids.chatId}:${ids.messageId}`);
    remember(list, { action, citizen });
  }

  async function step(): Promise<SimAction | null> {
    if (accounts.length === 0) return null;
    try {
      await pollAnswers();
    } catch {
      // the fake may be restarting; act anyway
    }
    let planned: { input: InjectInput; channel: Channel; account: SimAccount; message: CitizenMessage; citizen: Persona; followUpOf?: number } | null = null;
    if (pendingAnswers.length > 0 && rng.chance(followUpRate)) {
      while (pendingAnswers.length > 0 && !planned) {
        const r = pendingAnswers.shift() as RecordEntry;
        const o = originOf(r);
        if (!o) continue;
        const fu = followUpInput(r, o);
        const account = accounts.find((a) => a.accountId === r.accountId);
        if (!fu || !account) continue;
        const message = generateFollowUp(rng, o.action.message, { channel: fu.channel, ...((await handleOf(account)) ? { handle: (await handleOf(account)) as string } : {}) });
        planned = { ...fu, account, message, citizen: o.citizen, followUpOf: r.seq };
      }
    }
    if (!planned) {
      const weights = opts.platformWeights ?? {};
      const account = rng.weighted(accounts.map((a) => [a, weights[a.platform] ?? DEFAULT_PLATFORM_WEIGHTS[a.platform]] as const));
      const citizen = rng.pick(population);
      const handle = await handleOf(account);
      const fresh = freshInput(account, citizen);
      let message: CitizenMessage;
      try {
        message = generateMessage(rng, { channel: fresh.channel, author: citizen, ...(handle ? { handle } : {}), ...(account.opdCode && rng.chance(0.5) ? { opd: account.opdCode } : {}) });
      } catch {
        message = generateMessage(rng, { channel: fresh.channel, author: citizen, ...(handle ? { handle } : {}) });
      }
      planned = { ...fresh, account, message, citizen };
    }
    const input = withText(planned.input, planned.message.text);
    const action: SimAction = {
      at: new Date().toISOString(),
      platform: planned.account.platform,
      accountId: planned.account.accountId,
      input,
      message: planned.message,
      ...(planned.followUpOf !== undefined ? { followUpOf: planned.followUpOf } : {}),
    };
    try {
      action.result = await opts.control.inject(input);
      trackResult(action, planned.citizen);
    } catch (err) {
      action.error = err instanceof Error ? err.message : String(err);
      stats.errors++;
    }
    stats.actions++;
    if (action.followUpOf !== undefined) stats.followUps++;
    actions.push(action);
    if (actions.length > keep) actions.splice(0, actions.length - keep);
    opts.onAction?.(action);
    return action;
  }

  function schedule(): void {
    if (stopped || opts.actionsPerMinute <= 0) return;
    const mean = 60_000 / opts.actionsPerMinute;
    const delay = Math.min(mean * 5, -Math.log(1 - rng.next()) * mean);
    timer = setTimeout(() => {
      inFlight = step().catch(() => null).finally(schedule);
    }, delay);
    timer.unref?.();
  }
  schedule();

  return {
    step: () => {
      const p = step();
      inFlight = p.catch(() => null);
      return p;
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await inFlight;
    },
    get actions() {
      return actions;
    },
    get stats() {
      return stats;
    },
  };
}
