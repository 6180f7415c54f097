import { describe, expect, it } from 'vitest';
import { applyCallEvent, callSummary, formatDuration, type CallEventFacts } from './summary.js';

const at = (s: number) => Date.parse('2026-11-20T10:00:00Z') + s * 1000;

describe('call events', () => {
  const events: CallEventFacts[] = [
    { event: 'ringing', occurredAt: at(0) },
    { event: 'answered', occurredAt: at(8) },
    { event: 'completed', durationSeconds: 95, occurredAt: at(103) },
  ];

  it('give the same call in any order and any number of times', () => {
    const inOrder = events.reduce(applyCallEvent, null as never);
    const shuffled = [events[2]!, events[0]!, events[2]!, events[1]!, events[0]!].reduce(applyCallEvent, null as never);
    expect(inOrder).toEqual({ state: 'completed', outcome: 'answered', duration_seconds: 95, recording_url: null, transcript: null, started_at: at(0) });
    expect(shuffled).toEqual(inOrder);
  });

  it('keep a voicemail’s recording and transcript once they arrive', () => {
    const missed = applyCallEvent(null, { event: 'missed', occurredAt: at(0) });
    const voicemail = applyCallEvent(missed, { event: 'voicemail', durationSeconds: 20, recordingUrl: 'https://p.example/r.mp3', transcript: 'Call me', occurredAt: at(30) });
    expect(voicemail).toMatchObject({ state: 'voicemail', outcome: 'voicemail', recording_url: 'https://p.example/r.mp3', transcript: 'Call me' });
    expect(applyCallEvent(voicemail, { event: 'missed', occurredAt: at(0) })).toEqual(voicemail);
  });
});

describe('call summaries', () => {
  it('say what happened and what to do next', () => {
    const base = { number: '+34600111222', duration_seconds: null, recording_url: null, transcript: null, note: null };
    expect(callSummary({ ...base, direction: 'inbound', outcome: 'missed' })).toBe('Missed call from +34600111222. Call the customer back.');
    expect(callSummary({ ...base, direction: 'outbound', outcome: 'answered', duration_seconds: 3725, note: ' Sorted. ' })).toBe(
      'Outbound call to +34600111222, answered (1 h 2 min).\n\nNote: Sorted.',
    );
    expect(callSummary({ ...base, number: null, direction: 'inbound', outcome: 'callback' })).toBe('Inbound call: the customer asked to be called back.');
  });

  it('format durations the way people say them', () => {
    expect([0, 59, 60, 61, 3600].map(formatDuration)).toEqual(['0 s', '59 s', '1 min', '1 min 1 s', '1 h 0 min']);
  });
});
