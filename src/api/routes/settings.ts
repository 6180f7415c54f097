import { Type } from '@sinclair/typebox';
import type { ApiDeps, App } from '../app.js';
import { requireUser } from '../auth.js';
import { audited } from '../audit.js';
import { resolveApprovalPolicy, type ApprovalPolicy } from '../../domain/approval.js';
import { authorize } from '../policy.js';
import { GUARD_CHECKS, resolvePolicy, type GuardPolicyOverrides } from '../../analysis/index.js';
import { setWorkspaceSetting, workspaceSetting } from '../../store/workspaces.js';

const Severity = Type.Union([Type.Literal('block'), Type.Literal('warning'), Type.Literal('off')]);
const GuardBody = Type.Object(
  {
    severity: Type.Optional(Type.Partial(Type.Object(Object.fromEntries(GUARD_CHECKS.map((c) => [c, Severity])), { additionalProperties: false }))),
    lengthFactor: Type.Optional(Type.Number({ minimum: 1, maximum: 10 })),
  },
  { additionalProperties: false },
);

const ApprovalBody = Type.Object(
  {
    followersAbove: Type.Optional(
      Type.Union([Type.Integer({ minimum: 0 }), Type.Null()], { description: 'Public replies to authors with more followers than this wait; null turns the rule off' }),
    ),
    complaints: Type.Optional(Type.Boolean({ description: 'Replies in conversations classed as complaints wait' })),
  },
  { additionalProperties: false },
);

export function settingsRoutes(app: App, deps: ApiDeps): void {
  app.get('/settings/guard', { schema: { tags: ['settings'], summary: 'The reply guard’s policy: what each check does (block, warning, off)' } }, async (req) => {
    const user = requireUser(req);
    authorize(user, 'conversation.read');
    const overrides = (await workspaceSetting<GuardPolicyOverrides>(deps.database, user.workspace_id, 'guard')) ?? {};
    return { policy: resolvePolicy(overrides), overrides, checks: GUARD_CHECKS };
  });

  app.put(
    '/settings/guard',
    { schema: { tags: ['settings'], summary: 'Set what each reply-guard check does in this workspace (admins)', body: GuardBody } },
    async (req) => {
      const user = requireUser(req);
      authorize(user, 'settings.manage');
      const overrides = req.body as GuardPolicyOverrides;
      const before = (await workspaceSetting<GuardPolicyOverrides>(deps.database, user.workspace_id, 'guard')) ?? {};
      await audited(deps, req, async (tx) => {
        await setWorkspaceSetting(tx, user.workspace_id, 'guard', overrides);
        return { result: undefined, audit: { action: 'settings.guard.update', subject: { type: 'workspace', id: user.workspace_id }, before, after: overrides } };
      });
      return { policy: resolvePolicy(overrides), overrides, checks: GUARD_CHECKS };
    },
  );

  app.get(
    '/settings/approval',
    { schema: { tags: ['settings'], summary: 'Which agent replies wait for a supervisor’s approval (besides those of agents in training)' } },
    async (req) => {
      const user = requireUser(req);
      authorize(user, 'conversation.read');
      return { policy: resolveApprovalPolicy(await workspaceSetting<Partial<ApprovalPolicy>>(deps.database, user.workspace_id, 'approval')) };
    },
  );

  app.put(
    '/settings/approval',
    {
      schema: {
        tags: ['settings'],
        summary: 'Set the approval rules of this workspace (admins)',
        body: ApprovalBody,
      },
    },
    async (req) => {
      const user = requireUser(req);
      authorize(user, 'settings.manage');
      const body = req.body as Partial<ApprovalPolicy>;
      const before = resolveApprovalPolicy(await workspaceSetting<Partial<ApprovalPolicy>>(deps.database, user.workspace_id, 'approval'));
      // A rule left out keeps its value: PUT of one rule does not switch the other off by surprise.
      const policy = resolveApprovalPolicy({ ...before, ...body });
      await audited(deps, req, async (tx) => {
        await setWorkspaceSetting(tx, user.workspace_id, 'approval', policy);
        return { result: undefined, audit: { action: 'settings.approval.update', subject: { type: 'workspace', id: user.workspace_id }, before, after: policy } };
      });
      return { policy };
    },
  );
}
