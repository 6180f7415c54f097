import { Type } from '@sinclair/typebox';
import type { ApiDeps, App } from '../app.js';
import { requireUser } from '../auth.js';
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
      await setWorkspaceSetting(deps.database, user.workspace_id, 'guard', overrides);
      return { policy: resolvePolicy(overrides), overrides, checks: GUARD_CHECKS };
    },
  );
}
