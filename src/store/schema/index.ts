import type { Selectable } from 'kysely';
import type * as workspace from './workspace.js';
import type * as user from './user.js';
import type * as session from './session.js';
import type * as apiToken from './api-token.js';
import type * as team from './team.js';
import type * as channelAccount from './channel-account.js';
import type * as contact from './contact.js';
import type * as conversation from './conversation.js';
import type * as message from './message.js';
import type * as note from './note.js';
import type * as inboundEvent from './inbound-event.js';
import type * as job from './job.js';
import type * as cannedResponse from './canned-response.js';
import type * as call from './call.js';
import type * as auditEvent from './audit-event.js';
import type * as replyApproval from './reply-approval.js';
import type * as slaPolicy from './sla-policy.js';
import type * as businessHours from './business-hours.js';
import type * as slaClock from './sla-clock.js';
import type * as slaEscalation from './sla-escalation.js';
import type * as analyticsDaily from './analytics-daily.js';
import type * as analyticsAgentDaily from './analytics-agent-daily.js';
import type * as analyticsMessageDay from './analytics-message-day.js';
import type * as analyticsDirtyDay from './analytics-dirty-day.js';
import type * as userSkill from './user-skill.js';
import type * as conversationReassignment from './conversation-reassignment.js';
import type * as attachment from './attachment.js';
import type * as quality from './quality.js';
import type * as csat from './csat.js';

export type DatabaseSchema = workspace.PartialDB &
  user.PartialDB &
  session.PartialDB &
  apiToken.PartialDB &
  team.PartialDB &
  channelAccount.PartialDB &
  contact.PartialDB &
  conversation.PartialDB &
  message.PartialDB &
  note.PartialDB &
  inboundEvent.PartialDB &
  job.PartialDB &
  call.PartialDB &
  cannedResponse.PartialDB &
  auditEvent.PartialDB &
  replyApproval.PartialDB &
  slaPolicy.PartialDB &
  businessHours.PartialDB &
  slaClock.PartialDB &
  slaEscalation.PartialDB &
  analyticsDaily.PartialDB &
  analyticsAgentDaily.PartialDB &
  analyticsMessageDay.PartialDB &
  analyticsDirtyDay.PartialDB &
  userSkill.PartialDB &
  conversationReassignment.PartialDB &
  attachment.PartialDB &
  quality.PartialDB &
  csat.PartialDB;

export type Workspace = Selectable<workspace.Workspace>;
export type User = Selectable<user.User>;
export type Role = user.Role;
export type Session = Selectable<session.Session>;
export type ApiToken = Selectable<apiToken.ApiToken>;
export type Team = Selectable<team.Team>;
export type ChannelAccount = Selectable<channelAccount.ChannelAccount>;
export type ChannelAccountStatus = channelAccount.ChannelAccountStatus;
export type Contact = Selectable<contact.Contact>;
export type ContactIdentity = Selectable<contact.ContactIdentity>;
export type Conversation = Selectable<conversation.Conversation>;
export type ConversationStatus = conversation.ConversationStatus;
export type Message = Selectable<message.Message>;
export type DeliveryStatus = message.DeliveryStatus;
export type Note = Selectable<note.Note>;
export type InboundEvent = Selectable<inboundEvent.InboundEvent>;
export type Job = Selectable<job.Job>;
export type CannedResponse = Selectable<cannedResponse.CannedResponse>;
export type CannedLanguage = cannedResponse.CannedLanguage;
export type Call = Selectable<call.Call>;
export type CallState = call.CallState;
export type CallOutcome = call.CallOutcome;
export type AuditEvent = Selectable<auditEvent.AuditEvent>;
export type AuditActorKind = auditEvent.AuditActorKind;
export type ReplyApproval = Selectable<replyApproval.ReplyApproval>;
export type ApprovalStatus = replyApproval.ApprovalStatus;
export type SlaPolicyRow = Selectable<slaPolicy.SlaPolicy>;
export type BusinessHoursRow = Selectable<businessHours.BusinessHours>;
export type SlaClockRow = Selectable<slaClock.SlaClockRow>;
export type SlaEscalationRow = Selectable<slaEscalation.SlaEscalation>;
export type UserSkill = Selectable<userSkill.UserSkill>;
export type ConversationReassignment = Selectable<conversationReassignment.ConversationReassignment>;
export type Attachment = Selectable<attachment.Attachment>;
export type QualityScale = quality.QualityScale;
export type QualityScorecardRow = Selectable<quality.QualityScorecard>;
export type QualityReview = Selectable<quality.QualityReview>;
export type QualityReviewScore = Selectable<quality.QualityReviewScore>;
export type CsatSurvey = Selectable<csat.CsatSurvey>;
export type CsatSurveyStatus = csat.CsatSurveyStatus;
export type Csat = Selectable<csat.Csat>;
