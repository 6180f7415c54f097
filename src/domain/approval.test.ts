import { describe, expect, it } from 'vitest';
import { approvalReasons, resolveApprovalPolicy, type ApprovalFacts } from './approval.js';

const agent: ApprovalFacts = { role: 'agent', inTraining: false, visibility: 'public', intent: 'question', followers: 500 };

describe('approvalReasons', () => {
  it('lets an ordinary agent reply go when no rule is set', () => {
    expect(approvalReasons(agent, resolveApprovalPolicy(undefined))).toEqual([]);
  });

  it('holds every reply of an agent in training', () => {
    expect(approvalReasons({ ...agent, inTraining: true, visibility: 'private' }, resolveApprovalPolicy({}))).toEqual(['in_training']);
  });

  it('holds public replies to authors above the follower threshold, not private ones nor those at the threshold', () => {
    const policy = resolveApprovalPolicy({ followersAbove: 1000 });
    expect(approvalReasons({ ...agent, followers: 1001 }, policy)).toEqual(['followers']);
    expect(approvalReasons({ ...agent, followers: 1000 }, policy)).toEqual([]);
    expect(approvalReasons({ ...agent, followers: 50_000, visibility: 'private' }, policy)).toEqual([]);
    expect(approvalReasons({ ...agent, followers: null }, policy)).toEqual([]);
  });

  it('holds replies on complaints when the workspace asks, giving every reason that applies', () => {
    const policy = resolveApprovalPolicy({ complaints: true, followersAbove: 10 });
    expect(approvalReasons({ ...agent, intent: 'complaint', inTraining: true }, policy)).toEqual(['in_training', 'followers', 'complaint']);
  });

  it('never holds a supervisor or an admin, who are the ones approving', () => {
    const policy = resolveApprovalPolicy({ complaints: true, followersAbove: 0 });
    for (const role of ['supervisor', 'admin']) {
      expect(approvalReasons({ ...agent, role, inTraining: true, intent: 'complaint' }, policy)).toEqual([]);
    }
  });
});
