/**
 * A workspace decides how hard each guard check bites: `block` stops the reply until it is
 * fixed (or a supervisor approves), `warning` lets the agent send after reading, `off` skips it.
 */
export const GUARD_CHECKS = [
  'opinion',
  'tone',
  'blame',
  'excuse',
  'vague',
  'length',
  'personal_data',
  'text_limit',
] as const;
export type GuardCheck = (typeof GUARD_CHECKS)[number];
export type GuardSeverity = 'warning' | 'block';

export interface GuardPolicy {
  severity: Record<GuardCheck, GuardSeverity | 'off'>;
  /** A draft longer than this many times the channel's usual reply gets a `length` finding. */
  lengthFactor: number;
}

export interface GuardPolicyOverrides {
  severity?: Partial<Record<GuardCheck, GuardSeverity | 'off'>>;
  lengthFactor?: number;
}

export const DEFAULT_GUARD_POLICY: GuardPolicy = Object.freeze({
  severity: Object.freeze({
    opinion: 'block',
    tone: 'block',
    blame: 'warning',
    excuse: 'warning',
    vague: 'warning',
    length: 'warning',
    personal_data: 'block',
    text_limit: 'block',
  }),
  lengthFactor: 2,
}) as GuardPolicy;

export function resolvePolicy(overrides?: GuardPolicyOverrides): GuardPolicy {
  return {
    severity: { ...DEFAULT_GUARD_POLICY.severity, ...(overrides?.severity ?? {}) },
    lengthFactor: overrides?.lengthFactor ?? DEFAULT_GUARD_POLICY.lengthFactor,
  };
}
