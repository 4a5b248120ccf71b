import { describe, expect, it } from 'vitest';
import { staffChanges } from './staff-changes.js';

const mei = { id: 's1', username: 'mei', displayName: '小美', role: 'agent' as const, groups: ['pre'], capacity: 5, disabled: false, createdAt: '2026-12-01T00:00:00.000Z' };

describe('a team member edit', () => {
  it('sends nothing when nothing changed', () => {
    expect(staffChanges(mei, { displayName: '小美', role: 'agent', groups: ['pre'], capacity: 5 })).toEqual({});
  });

  it('sends only the changed fields', () => {
    expect(staffChanges(mei, { displayName: ' 美美 ', role: 'admin', groups: ['pre'], capacity: 5 })).toEqual({ displayName: '美美', role: 'admin' });
    expect(staffChanges(mei, { displayName: '小美', role: 'agent', groups: ['pre', 'after'], capacity: 5 })).toEqual({ groups: ['pre', 'after'] });
  });

  it('clears the capacity back to the default with null', () => {
    expect(staffChanges(mei, { displayName: '小美', role: 'agent', groups: ['pre'], capacity: undefined })).toEqual({ capacity: null });
    expect(staffChanges({ ...mei, capacity: null }, { displayName: '小美', role: 'agent', groups: ['pre'], capacity: null })).toEqual({});
  });

  it('never blanks the display name', () => {
    expect(staffChanges(mei, { displayName: '  ', role: 'agent', groups: ['pre'], capacity: 5 })).toEqual({});
  });
});
