import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';

// Kysely row types, one section per owning module (a module's tables are touched only by its
// queries; other modules call its exported functions). Keep in step with db/migrations.

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type Json<T = unknown> = ColumnType<T, string, string>;

// ── org ─────────────────────────────────────────────────────────────
export interface OrgTable {
  id: Generated<string>;
  code: string;
  name: string;
  kind: 'province' | 'dinas' | 'badan' | 'biro' | 'rsud' | 'lainnya';
  parent_id: string | null;
  org_group: string | null;
  sipd_code: string | null;
  website: string | null;
  aliases: ColumnType<string[], string[] | undefined, string[]>;
  responsibilities: ColumnType<string[], string[] | undefined, string[]>;
  routing_note: string | null;
  social_accounts: Json<SocialHandle[]>;
  active: Generated<boolean>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}
export interface SocialHandle {
  platform: string;
  handle: string;
  status: string;
}

export type Role = 'province_admin' | 'province_supervisor' | 'opd_head' | 'opd_admin' | 'responder' | 'viewer';
export type UserStatus = 'active' | 'invited' | 'deactivated';

export interface AppUserTable {
  id: Generated<string>;
  org_id: string;
  email: string;
  name: string;
  role: Role;
  status: Generated<UserStatus>;
  password_hash: string | null;
  must_change_password: Generated<boolean>;
  locale: Generated<'id' | 'en'>;
  oidc_subject: string | null;
  last_login_at: Date | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface SessionTable {
  id: string;
  user_id: string;
  org_id: string;
  csrf_token: string;
  ip: string | null;
  user_agent: string | null;
  created_at: Generated<Date>;
  last_seen_at: Generated<Date>;
  expires_at: Timestamp;
}

export interface LoginFailureTable {
  id: Generated<string>;
  email: string;
  ip: string | null;
  at: Generated<Date>;
}

export interface UserTokenTable {
  id: string;
  user_id: string;
  purpose: 'invite' | 'reset';
  created_at: Generated<Date>;
  expires_at: Timestamp;
  used_at: Date | null;
}

export interface AuditLogTable {
  id: Generated<string>;
  at: Generated<Date>;
  actor_id: string | null;
  actor_email: string | null;
  actor_name: string | null;
  org_id: string | null;
  action: string;
  target_type: string;
  target_id: string | null;
  before: Json | null;
  after: Json | null;
  request_id: string | null;
  ip: string | null;
}

export interface RefRegencyTable {
  code: string;
  name: string;
  kind: 'kabupaten' | 'kota';
  capital: string | null;
  cabdin: string | null;
}

export interface RefDistrictTable {
  code: string;
  regency_code: string;
  name: string;
}

// ── platform/mail ───────────────────────────────────────────────────
export interface MailOutboxTable {
  id: Generated<string>;
  message_id: string | null;
  mail_from: string;
  mail_to: string[];
  subject: string;
  text_body: string;
  received_at: Generated<Date>;
}

// ── channels ────────────────────────────────────────────────────────
export type ChannelPlatform = 'facebook' | 'instagram' | 'whatsapp' | 'x' | 'telegram' | 'youtube' | 'tiktok';
export type ChannelStatus = 'active' | 'expiring' | 'expired' | 'revoked' | 'error' | 'disconnected';

export interface ChannelAccountTable {
  id: Generated<string>;
  org_id: string;
  platform: ChannelPlatform;
  external_id: string;
  name: Generated<string>;
  handle: string | null;
  status: Generated<ChannelStatus>;
  access_token_sealed: string | null;
  refresh_token_sealed: string | null;
  token_expires_at: Timestamp | null;
  refresh_expires_at: Timestamp | null;
  scopes: ColumnType<string[], string[] | undefined, string[]>;
  extra: ColumnType<Record<string, unknown>, string | undefined, string>;
  webhook_secret_hash: string | null;
  last_checked_at: Timestamp | null;
  last_sync_at: Timestamp | null;
  last_event_at: Timestamp | null;
  last_error: string | null;
  last_error_at: Timestamp | null;
  connected_by: string | null;
  connected_at: Generated<Date>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface InboundEventTable {
  id: Generated<string>;
  platform: string;
  dedupe_key: string;
  account_id: string | null;
  org_id: string | null;
  external_account_id: string | null;
  kind: string;
  occurred_at: Timestamp | null;
  received_at: Generated<Date>;
  payload: Json;
  unknown: Generated<boolean>;
  status: Generated<'pending' | 'processed' | 'failed' | 'ignored'>;
  attempts: Generated<number>;
  processed_at: Timestamp | null;
  error: string | null;
}

export interface PollCursorTable {
  account_id: string;
  kind: string;
  cursor: string | null;
  polled_at: Timestamp | null;
  next_poll_at: Generated<Date>;
}

export interface ChannelConnectTable {
  id: string;
  org_id: string;
  user_id: string;
  platform: ChannelPlatform;
  code_verifier_sealed: string | null;
  candidates_sealed: string | null;
  created_at: Generated<Date>;
  expires_at: Timestamp;
  used_at: Timestamp | null;
}

export interface NotificationTable {
  id: Generated<string>;
  org_id: string;
  level: 'info' | 'warning' | 'critical';
  code: string;
  title: string;
  body: Generated<string>;
  link: string | null;
  dedupe_key: string | null;
  created_at: Generated<Date>;
  read_at: Timestamp | null;
}

// ── inbox ───────────────────────────────────────────────────────────
export interface ContactTable {
  id: Generated<string>;
  platform: string;
  external_user_id: string;
  display_name: string | null;
  handle: string | null;
  person_id: string | null;
  first_seen_at: Generated<Date>;
  last_seen_at: Generated<Date>;
}

export interface InteractionTable {
  id: Generated<string>;
  org_id: string;
  addressed_org_id: string | null;
  routed_from_org_id: string | null;
  account_id: string | null;
  platform: string;
  kind: 'comment' | 'reply' | 'mention' | 'message';
  external_id: string;
  thread_key: string;
  parent_external_id: string | null;
  post_external_id: string | null;
  contact_id: string | null;
  text: Generated<string>;
  lang: string | null;
  intent: string | null;
  sentiment: string | null;
  urgency: string | null;
  route: string | null;
  route_confidence: number | null;
  triage: Generated<boolean>;
  triage_reason: string | null;
  analysis: Json | null;
  model_version: string | null;
  status: Generated<'open' | 'assigned' | 'done' | 'spam' | 'hidden'>;
  assignee_id: string | null;
  occurred_at: Timestamp | null;
  received_at: Timestamp;
  edited_at: Timestamp | null;
  deleted_at: Timestamp | null;
  inbound_event_id: number | null;
  labels: ColumnType<string[], string[] | undefined, string[]>;
  rule_id: string | null;
}

export interface InteractionNoteTable {
  id: Generated<string>;
  org_id: string;
  interaction_id: string;
  author_id: string;
  text: string;
  mentions: ColumnType<string[], string[] | undefined, string[]>;
  created_at: Generated<Date>;
}

export interface OutboundTable {
  id: Generated<string>;
  org_id: string;
  account_id: string;
  purpose: 'reply_public' | 'reply_private' | 'publish';
  interaction_id: string | null;
  idempotency_key: string;
  payload: Json;
  status: Generated<'queued' | 'sending' | 'sent' | 'failed' | 'ambiguous'>;
  attempts: Generated<number>;
  external_id: string | null;
  permalink: string | null;
  error: string | null;
  error_kind: string | null;
  requested_by: string | null;
  created_at: Generated<Date>;
  sending_at: Timestamp | null;
  sent_at: Timestamp | null;
  updated_at: Generated<Date>;
}

export interface CannedResponseTable {
  id: Generated<string>;
  org_id: string;
  title: string;
  body: string;
  created_by: string | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface InboxSavedViewTable {
  id: Generated<string>;
  org_id: string;
  owner_id: string;
  name: string;
  shared: Generated<boolean>;
  filters: Json<Record<string, unknown>>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface RoutingRuleTable {
  id: Generated<string>;
  position: number;
  name: string;
  enabled: Generated<boolean>;
  match_account_id: string | null;
  match_platform: string | null;
  match_keywords: ColumnType<string[], string[] | undefined, string[]>;
  match_intents: ColumnType<string[], string[] | undefined, string[]>;
  match_locations: ColumnType<string[], string[] | undefined, string[]>;
  action_route_org_id: string | null;
  action_assignee_id: string | null;
  action_label: string | null;
  action_urgency: 'high' | 'medium' | 'low' | null;
  created_by: string | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

// ── language ────────────────────────────────────────────────────────
export interface LangCorrectionTable {
  id: Generated<string>;
  org_id: string | null;
  interaction_id: string | null;
  task: 'intent' | 'opd' | 'sentiment' | 'urgency' | 'lang';
  text_masked: string;
  channel: string | null;
  predicted: string | null;
  corrected: string;
  model_version: string;
  corrected_by: string | null;
  created_at: Generated<Date>;
}

// ── platform/jobs ───────────────────────────────────────────────────
export interface WorkerProcessTable {
  id: string;
  host: string;
  pid: number;
  worker_ids: string[];
  started_at: Generated<Date>;
  last_seen_at: Generated<Date>;
}

export interface Database {
  org: OrgTable;
  app_user: AppUserTable;
  user_session: SessionTable;
  login_failure: LoginFailureTable;
  user_token: UserTokenTable;
  audit_log: AuditLogTable;
  ref_regency: RefRegencyTable;
  ref_district: RefDistrictTable;
  mail_outbox: MailOutboxTable;
  channel_account: ChannelAccountTable;
  inbound_event: InboundEventTable;
  poll_cursor: PollCursorTable;
  worker_process: WorkerProcessTable;
  channel_connect: ChannelConnectTable;
  notification: NotificationTable;
  contact: ContactTable;
  interaction: InteractionTable;
  interaction_note: InteractionNoteTable;
  lang_correction: LangCorrectionTable;
  outbound: OutboundTable;
  canned_response: CannedResponseTable;
  routing_rule: RoutingRuleTable;
  inbox_saved_view: InboxSavedViewTable;
}

export type OrgRow = Selectable<OrgTable>;
export type NewOrg = Insertable<OrgTable>;
export type UserRow = Selectable<AppUserTable>;
export type NewUser = Insertable<AppUserTable>;
export type UserUpdate = Updateable<AppUserTable>;

// ── cases ───────────────────────────────────────────────────────────
export type CaseStatus = 'diterima' | 'terverifikasi' | 'didisposisi' | 'ditindaklanjuti' | 'selesai' | 'tunda' | 'bukan_wewenang' | 'duplikat' | 'diarsipkan' | 'dibuka_kembali';
export type CaseClassification = 'pengaduan' | 'aspirasi' | 'permintaan_informasi';
export type CaseEventKind = 'status' | 'disposition' | 'handoff' | 'merge' | 'note' | 'public_answer' | 'citizen_reply' | 'rating' | 'deadline_warning' | 'escalation';

export interface CaseCategoryTable {
  id: Generated<string>;
  org_id: string;
  code: string;
  name: string;
  classification: CaseClassification;
  keywords: ColumnType<string[], string[] | undefined, string[]>;
  verify_working_days: number | null;
  followup_working_days: number | null;
  silence_working_days: number | null;
  cap_calendar_days: number | null;
  confidential_by_default: Generated<boolean>;
  active: Generated<boolean>;
  edited_by: string | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface OutsideAuthorityTable {
  id: Generated<string>;
  org_id: string;
  code: string;
  name: string;
  level: 'kabupaten_kota' | 'bumd_kabkota' | 'nasional_vertikal' | 'bumn' | 'lembaga_independen';
  per_regency: Generated<boolean>;
  topics: Json<unknown[]>;
  contact: Json<Record<string, unknown>>;
  active: Generated<boolean>;
  edited_by: string | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface ComplaintCaseTable {
  id: Generated<string>;
  code: Generated<string>;
  org_id: string;
  origin_org_id: string | null;
  status: Generated<CaseStatus>;
  status_before_tunda: CaseStatus | null;
  hold_reason: string | null;
  held_at: Timestamp | null;
  classification: Generated<CaseClassification>;
  category_id: string | null;
  title: string;
  description: string;
  regency_code: string | null;
  district_code: string | null;
  location_text: string | null;
  source_channel: string;
  source_interaction_id: string | null;
  reporter_contact_id: string | null;
  reporter_name: string | null;
  reporter_phone: string | null;
  reporter_email: string | null;
  anonymous: Generated<boolean>;
  confidential: Generated<boolean>;
  duplicate_of: string | null;
  reporters_count: Generated<number>;
  received_at: Timestamp;
  verified_at: Timestamp | null;
  disposed_at: Timestamp | null;
  followed_up_at: Timestamp | null;
  citizen_replied_at: Timestamp | null;
  verify_due_at: Timestamp | null;
  followup_due_at: Timestamp | null;
  close_due_at: Timestamp | null;
  cap_due_at: Timestamp;
  verify_warned_at: Timestamp | null;
  verify_escalated_at: Timestamp | null;
  followup_warned_at: Timestamp | null;
  followup_escalated_at: Timestamp | null;
  cap_warned_at: Timestamp | null;
  cap_escalated_at: Timestamp | null;
  public_answer: string | null;
  rating: number | null;
  rating_comment: string | null;
  rated_at: Timestamp | null;
  handed_off_to: string | null;
  handed_off_at: Timestamp | null;
  handoff_letter: string | null;
  external_ref: string | null;
  external_ref_at: Timestamp | null;
  created_by: string | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
  closed_at: Timestamp | null;
}

export interface CaseEventTable {
  id: Generated<string>;
  org_id: string;
  case_id: string;
  kind: CaseEventKind;
  from_status: CaseStatus | null;
  to_status: CaseStatus | null;
  from_org_id: string | null;
  to_org_id: string | null;
  public: Generated<boolean>;
  text: string | null;
  public_text: string | null;
  data: Json | null;
  /** Codes of the staff text and the public text (the web translates them) with their parameters. */
  text_code: string | null;
  public_code: string | null;
  params: Json<Record<string, string | number>> | null;
  actor_id: string | null;
  actor_name: string | null;
  at: Generated<Date>;
}

export interface CaseReporterTable {
  id: Generated<string>;
  org_id: string;
  case_id: string;
  contact_id: string | null;
  interaction_id: string | null;
  merged_from_case_id: string | null;
  channel: string;
  name: string | null;
  phone: string | null;
  email: string | null;
  anonymous: Generated<boolean>;
  joined_at: Generated<Date>;
}

// Merged into Database above (declaration merging keeps this section self-contained).
export interface Database {
  case_category: CaseCategoryTable;
  outside_authority: OutsideAuthorityTable;
  complaint_case: ComplaintCaseTable;
  case_event: CaseEventTable;
  case_reporter: CaseReporterTable;
}

// ── cases: the citizen loop ─────────────────────────────────────────
export interface CaseCitizenNoticeTable {
  event_id: string;
  case_id: string;
  outbound_id: string | null;
  skipped_reason: string | null;
  created_at: Generated<Date>;
}

export interface CaseCitizenReplyTable {
  interaction_id: string;
  case_id: string;
  created_at: Generated<Date>;
}

export interface Database {
  case_citizen_notice: CaseCitizenNoticeTable;
  case_citizen_reply: CaseCitizenReplyTable;
}

// ── cases: the public side (Open311, public form, tracking) ─────────
export interface Open311ApiKeyTable {
  id: Generated<string>;
  org_id: string;
  name: string;
  contact: string | null;
  prefix: string;
  key_hash: string;
  created_by: string | null;
  created_at: Generated<Date>;
  revoked_at: Date | null;
  revoked_by: string | null;
  last_used_at: Date | null;
  requests_count: ColumnType<string, string | number | undefined, string | number>;
}

export interface CaseSubmissionTable {
  case_id: string;
  channel: 'web' | 'open311';
  api_key_id: string | null;
  token: string;
  lat: number | null;
  long: number | null;
  address_string: string | null;
  address_id: string | null;
  zipcode: string | null;
  media_url: string | null;
  attributes: Json<Record<string, string | string[]>>;
  device_id: string | null;
  account_id: string | null;
  spam: Json | null;
  created_at: Generated<Date>;
}

export interface CaseTrackingSecretTable {
  case_id: string;
  secret_hash: string;
  created_at: Generated<Date>;
  rated_at: Date | null;
}

export interface PublicRateLimitTable {
  bucket: string;
  hits: number;
  reset_at: Date;
}

export interface PublicFormNonceTable {
  nonce: string;
  used_at: Generated<Date>;
}

export interface PublicSecretTable {
  name: string;
  secret: Buffer;
  created_at: Generated<Date>;
}

export interface Database {
  open311_api_key: Open311ApiKeyTable;
  case_submission: CaseSubmissionTable;
  case_tracking_secret: CaseTrackingSecretTable;
  public_rate_limit: PublicRateLimitTable;
  public_form_nonce: PublicFormNonceTable;
  public_secret: PublicSecretTable;
}

// ── publishing ──────────────────────────────────────────────────────
export type PostStatus = 'draft' | 'diajukan' | 'perlu_revisi' | 'disetujui' | 'terjadwal' | 'menerbitkan' | 'dipublikasikan' | 'sebagian_gagal' | 'gagal' | 'kedaluwarsa' | 'dibatalkan';
export type PublicationStatus = 'pending' | 'sending' | 'published' | 'failed' | 'ambiguous' | 'cancelled';

export interface PublishingSettingsTable {
  org_id: string;
  approval_levels: number;
  province_review_categories: ColumnType<string[], string[] | undefined, string[]>;
  updated_by: string | null;
  updated_at: Generated<Date>;
}

export interface CampaignTable {
  id: Generated<string>;
  title: string;
  key_message: string;
  hashtags: ColumnType<string[], string[] | undefined, string[]>;
  asset_media_ids: ColumnType<string[], string[] | undefined, string[]>;
  starts_at: Timestamp;
  ends_at: Timestamp;
  status: Generated<'active' | 'closed' | 'cancelled'>;
  created_by: string | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface PostTable {
  id: Generated<string>;
  org_id: string;
  campaign_id: string | null;
  status: Generated<PostStatus>;
  category: Generated<string>;
  current_version: Generated<number>;
  approved_version: number | null;
  levels_required: Generated<number>;
  scheduled_at: Timestamp | null;
  published_at: Timestamp | null;
  expired_at: Timestamp | null;
  created_by: string | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface PostVersionTable {
  post_id: string;
  number: number;
  org_id: string;
  content: Json;
  created_by: string | null;
  created_at: Generated<Date>;
}

export interface PostReviewTable {
  id: Generated<string>;
  post_id: string;
  version: number;
  level: number;
  decision: 'submitted' | 'approved' | 'changes_requested' | 'withdrawn';
  comment: string | null;
  decided_by: string | null;
  decided_at: Generated<Date>;
}

export interface PublicationTable {
  id: Generated<string>;
  post_id: string;
  org_id: string;
  version: number;
  account_id: string;
  platform: string;
  status: Generated<PublicationStatus>;
  outbound_id: string | null;
  attempt: Generated<number>;
  external_id: string | null;
  permalink: string | null;
  error: string | null;
  error_kind: string | null;
  due_at: Timestamp;
  published_at: Timestamp | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface PublicationMetricTable {
  publication_id: string;
  stage: '1h' | '24h' | '7d';
  org_id: string;
  account_id: string;
  reach: number | null;
  impressions: number | null;
  engagement: number | null;
  raw: Json | null;
  fetched_at: Generated<Date>;
}

export interface CampaignTaskTable {
  campaign_id: string;
  org_id: string;
  status: Generated<'open' | 'drafting' | 'published' | 'declined'>;
  post_id: string | null;
  decline_reason: string | null;
  reminded_at: Timestamp | null;
  updated_at: Generated<Date>;
}

export interface Database {
  publishing_settings: PublishingSettingsTable;
  campaign: CampaignTable;
  post: PostTable;
  post_version: PostVersionTable;
  post_review: PostReviewTable;
  publication: PublicationTable;
  publication_metric: PublicationMetricTable;
  campaign_task: CampaignTaskTable;
}

// ── media ───────────────────────────────────────────────────────────
export type MediaKind = 'image' | 'video' | 'document';
export type MediaStatus = 'pending' | 'held' | 'ready';

export interface MediaObjectTable {
  id: Generated<string>;
  org_id: string | null;
  kind: MediaKind;
  mime: string;
  size_bytes: ColumnType<string, string | number | undefined, string | number>;
  chunk_bytes: number;
  sha256: string | null;
  width: number | null;
  height: number | null;
  duration_ms: ColumnType<string | null, string | number | null | undefined, string | number | null>;
  status: Generated<MediaStatus>;
  origin: 'staff' | 'citizen' | 'derived' | 'system';
  filename: string | null;
  alt_text: string | null;
  source_id: string | null;
  profile: string | null;
  created_by: string | null;
  created_at: Generated<Date>;
  ready_at: Timestamp | null;
}

export interface MediaChunkTable {
  media_id: string;
  seq: number;
  data: Buffer;
}

export interface MediaSecretTable {
  name: string;
  secret: Buffer;
  created_at: Generated<Date>;
}

// Owned by cases: a case's photos and other attachments (stored media or an unfetched reference).
export interface CaseAttachmentTable {
  id: Generated<string>;
  case_id: string;
  source: 'web' | 'open311' | 'channel' | 'staff';
  media_id: string | null;
  external_url: string | null;
  external_ref: string | null;
  platform: string | null;
  interaction_id: string | null;
  kind: 'image' | 'video' | 'document' | 'audio' | 'other';
  mime: string | null;
  caption: string | null;
  alt_text: string;
  public: Generated<boolean>;
  published_by: string | null;
  published_at: Timestamp | null;
  created_at: Generated<Date>;
}

export interface Database {
  media_object: MediaObjectTable;
  media_chunk: MediaChunkTable;
  media_secret: MediaSecretTable;
  case_attachment: CaseAttachmentTable;
}

// Owned by publishing/coach: the content coach's province-wide settings (one row, id = 1).
export interface CoachSettingsTable {
  id: Generated<number>;
  settings: Json<unknown>;
  version: Generated<number>;
  updated_by: string | null;
  updated_at: Generated<Date>;
}

export interface Database {
  coach_settings: CoachSettingsTable;
}
