// Public face of the channels module: connected accounts, connectors, webhooks, token health.
export { Intake, type IntakeRow } from './intake.ts';
export { appsFromEnv, demoApps, generateApps, hostsFor, REAL_HOSTS, type PlatformApps, type PlatformSettings } from './settings.ts';
export { registerWebhookRoutes, WEBHOOK_BODY_LIMIT } from './webhook-routes.ts';
export { decryptSecret, encryptSecret, loadKeyring, type Keyring } from './vault.ts';
export type { ParsedEvent, WebhookPlatform } from './webhooks/types.ts';
export { channelsCron, channelsJobs, type InboundConsumer, type PendingEvent } from './jobs.ts';
export { registerChannelRoutes } from './routes.ts';
export { accountForWork, checkAccountHealth, downloadInboundMedia, connectCandidate, connectDemoAccount, credentialsOf, PLATFORMS, type ChannelsDeps } from './service.ts';
export { insertPublishOutbound, insertPublishOutbounds, outboundJobs, outboundOf, outboundRow, queueReply, sendOutbound, sha16, type OutboundReply } from './outbound.ts';
export { ConnectorError, type MediaInput, type PublishInput, type ReplyTarget } from './connectors/types.ts';
