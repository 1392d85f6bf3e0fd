// Public face of the publishing module: posts with versions and approvals, the calendar, the
// publishing engine (one publication per channel, never twice), campaigns and metrics pulls.
export { registerPublishingRoutes, type PublishingRouteDeps } from './routes.ts';
export { campaignAssetOrgs, campaignCron, campaignJobs, remindCampaigns } from './campaigns.ts';
export { accountQueue, publishDue, publishingCron, publishingJobs, publishingLaneJobs, PUBLISH_LANE_JOBS, runDue, scheduleDue, sweep, type EngineDeps, type MediaPort } from './engine.ts';
export { PLATFORM_RULES, PUBLISHABLE, deriveVariant, xLength, type PostContent } from './content.ts';
export { POST_STATUSES, STATUS_LABEL } from './lifecycle.ts';
