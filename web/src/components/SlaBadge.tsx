import type { I18n } from '../i18n.js';
import { useI18n } from '../i18n.js';
import type { ConversationSla } from '../types.js';

const unitFormats = new Map<string, Intl.NumberFormat>();
function unit(locale: string, u: 'minute' | 'hour' | 'day', n: number): string {
  const key = `${locale}/${u}`;
  let f = unitFormats.get(key);
  if (!f) {
    f = new Intl.NumberFormat(locale, { style: 'unit', unit: u, unitDisplay: 'narrow', maximumFractionDigits: 0 });
    unitFormats.set(key, f);
  }
  return f.format(n);
}

/** A span for deadlines: "45m", "1h 20m", "36h", "3d 4h" (in the user's language). */
export function formatSpan(seconds: number, i18n: Pick<I18n, 'locale'>): string {
  const minutes = Math.max(0, Math.round(seconds / 60));
  if (minutes < 60) return unit(i18n.locale, 'minute', minutes);
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  if (h < 48) return m ? `${unit(i18n.locale, 'hour', h)} ${unit(i18n.locale, 'minute', m)}` : unit(i18n.locale, 'hour', h);
  const d = Math.floor(h / 24);
  return h % 24 ? `${unit(i18n.locale, 'day', d)} ${unit(i18n.locale, 'hour', h % 24)}` : unit(i18n.locale, 'day', d);
}

export interface SlaView {
  /** What the badge shows: time left, time overdue, paused, met. */
  text: string;
  /** Which clock: first response, next response, resolution. */
  target: string;
  /** The whole sentence, for the tooltip and screen readers. */
  description: string;
  /** ok | warning | breached | paused | met: the colour. */
  tone: ConversationSla['state'];
}

/**
 * How a conversation's SLA reads at `now`. The state comes from the server (which flags warning and
 * breach as they happen); the time left is counted here so the badge moves between updates. Past
 * the deadline it reads overdue even before the server's flag arrives.
 */
export function slaView(sla: ConversationSla, now: number, i18n: I18n): SlaView {
  const { t } = i18n;
  const target = sla.target ? t(`sla.target.${sla.target}`) : t('sla.target.firstResponse');
  const policy = sla.policy.name ?? '';
  if (sla.state === 'paused') return { text: t('sla.paused'), target, description: t('sla.describe.paused', { target, policy }), tone: 'paused' };
  if (sla.state === 'met') return { text: t('sla.met'), target, description: t('sla.describe.met', { policy }), tone: 'met' };
  const due = sla.dueAt ? Date.parse(sla.dueAt) : null;
  if (due === null) return { text: t('sla.paused'), target, description: t('sla.describe.paused', { target, policy }), tone: 'paused' };
  const at = i18n.dateTime(sla.dueAt);
  if (sla.state === 'breached' || due <= now) {
    const late = formatSpan(Math.max(60, (now - due) / 1000), i18n);
    return { text: t('sla.overdue', { d: late }), target, description: t('sla.describe.overdue', { target, policy, d: late, t: at }), tone: 'breached' };
  }
  // Rounded up: "1 min left" until the very last minute, never "0 min left".
  const left = formatSpan(Math.max(60, Math.ceil((due - now) / 60_000) * 60), i18n);
  const tone = sla.state === 'warning' || (sla.warningAt !== null && Date.parse(sla.warningAt) <= now) ? 'warning' : 'ok';
  return { text: t('sla.left', { d: left }), target, description: t(tone === 'warning' ? 'sla.describe.atRisk' : 'sla.describe.due', { target, policy, d: left, t: at }), tone };
}

/** The SLA badge of a list row or a conversation header; nothing when no policy applies. */
export function SlaBadge({ sla, now, long = false }: { sla: ConversationSla | null | undefined; now: number; long?: boolean }) {
  const i18n = useI18n();
  if (!sla) return null;
  // A met SLA is no news in a list; the conversation header still says so.
  if (sla.state === 'met' && !long) return null;
  const v = slaView(sla, now, i18n);
  return (
    <span className={`badge badge-sla badge-sla-${v.tone}`} title={v.description} aria-label={v.description} data-sla={v.tone}>
      <span aria-hidden="true" className="badge-sla-icon">
        {v.tone === 'breached' ? '!' : v.tone === 'paused' ? '⏸' : v.tone === 'met' ? '✓' : '⏱'}
      </span>
      <span aria-hidden="true">{long && v.tone !== 'met' ? `${v.target}: ${v.text}` : v.text}</span>
    </span>
  );
}
