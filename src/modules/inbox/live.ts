import pg from 'pg';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from '../../platform/logger.ts';
import { inScope, orgScope, type Actor } from '../org/index.ts';

// Live inbox updates over Server-Sent Events, fed by PostgreSQL LISTEN/NOTIFY so that every web
// process sees what any worker or web process changed. Also carries "who else is looking at this
// conversation" (collision notice).

export interface LiveEvent {
  type: 'new' | 'changed' | 'presence';
  orgIds: string[];
  interactionId?: string;
  user?: { id: string; name: string };
}

interface Subscriber {
  actor: Actor;
  send(e: LiveEvent): void;
  end(): void;
}

export class LiveHub {
  private client: pg.Client | null = null;
  private readonly subs = new Set<Subscriber>();
  private readonly url: string;
  private readonly logger: Logger;
  private closed = false;

  constructor(url: string, logger: Logger) {
    this.url = url;
    this.logger = logger;
  }

  private async ensure(): Promise<void> {
    if (this.client || this.closed) return;
    const c = new pg.Client({ connectionString: this.url, application_name: 'dayung-live' });
    c.on('error', (err) => {
      this.logger.warn({ err: err.message }, 'live updates connection lost; reconnecting');
      this.client = null;
      setTimeout(() => void this.ensure().catch(() => {}), 1000).unref();
    });
    c.on('notification', (n) => {
      let e: LiveEvent;
      try {
        e = JSON.parse(n.payload ?? '{}') as LiveEvent;
      } catch {
        return;
      }
      for (const s of this.subs) {
        const scope = orgScope(s.actor, 'inbox.read');
        if (e.user?.id === s.actor.userId) continue;
        if (scope === 'all' || e.orgIds.some((o) => inScope(scope, o))) s.send(e);
      }
    });
    await c.connect();
    await c.query('listen inbox');
    this.client = c;
  }

  async subscribe(req: FastifyRequest, reply: FastifyReply, actor: Actor): Promise<void> {
    await this.ensure();
    reply.hijack();
    const res = reply.raw;
    res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache, no-transform', connection: 'keep-alive', 'x-accel-buffering': 'no' });
    res.write('retry: 3000\n\n');
    const sub: Subscriber = {
      actor,
      send: (e) => res.write(`event: ${e.type}\ndata: ${JSON.stringify({ interactionId: e.interactionId ?? null, user: e.user ?? null })}\n\n`),
      end: () => res.end(),
    };
    this.subs.add(sub);
    const keepAlive = setInterval(() => res.write(': keep-alive\n\n'), 25_000);
    req.raw.on('close', () => {
      clearInterval(keepAlive);
      this.subs.delete(sub);
    });
  }

  /** Ends every open stream (before the server closes: open streams would keep it waiting). */
  endAll(): void {
    for (const s of this.subs) s.end();
    this.subs.clear();
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.client?.end().catch(() => {});
    this.client = null;
  }
}
