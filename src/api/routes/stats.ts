import type { ApiDeps, App } from '../app.js';
import { requireUser } from '../auth.js';
import { authorize } from '../policy.js';
import { workspaceStats } from '../../store/stats.js';

export function statsRoutes(app: App, deps: ApiDeps): void {
  app.get('/stats', { schema: { tags: ['stats'], summary: 'Counts and first-response times of the workspace' } }, async (req) => {
    const user = requireUser(req);
    authorize(user, 'stats.read');
    return workspaceStats(deps.database, user.workspace_id);
  });
}
