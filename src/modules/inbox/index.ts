// Public face of the inbox module: interactions, contacts, routing, the inbox API.
export { createInboxConsumer } from './ingest.ts';
export { decideRoute, type RouteOutcome } from './routing.ts';
export { extract, type Extracted } from './extract.ts';
export { registerInboxRoutes } from './routes.ts';
export type { InboxDeps, InboxItem } from './service.ts';
export { LiveHub } from './live.ts';
export { moderationJobs } from './moderation.ts';
export { interactionForCase } from './queries.ts';
export { interactionMedia, mediaRefsOf, type MediaRef } from './media-refs.ts';
