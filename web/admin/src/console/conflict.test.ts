import { describe, expect, it, vi } from 'vitest';
import { ApiError } from '../../../shared/api.js';
import { ifMatch, isEditConflict, NEW_ITEM, saveChecked } from './conflict.js';

const conflict = () => new ApiError(409, 'XIAOER_EDIT_CONFLICT', 'changed meanwhile');

describe('versioned writes', () => {
  it('sends the loaded version as If-Match, "0" to create only, none to replace', () => {
    expect(ifMatch(3)).toEqual({ 'if-match': '"3"' });
    expect(ifMatch(NEW_ITEM)).toEqual({ 'if-match': '"0"' });
    expect(ifMatch(undefined)).toBeUndefined();
    expect(ifMatch(null)).toBeUndefined();
  });

  it('tells an edit conflict from other refusals', () => {
    expect(isEditConflict(conflict())).toBe(true);
    expect(isEditConflict(new ApiError(409, 'XIAOER_PUBLISH_NEW_FAILURES', 'x'))).toBe(false);
    expect(isEditConflict(new ApiError(400, 'XIAOER_EDIT_CONFLICT', 'x'))).toBe(false);
    expect(isEditConflict(new Error('XIAOER_EDIT_CONFLICT'))).toBe(false);
  });

  it('answers the saved item when the write goes through, without reloading', async () => {
    const reload = vi.fn(async () => ({ v: 1 }));
    expect(await saveChecked(async () => ({ v: 2 }), reload)).toEqual({ kind: 'saved', item: { v: 2 } });
    expect(reload).not.toHaveBeenCalled();
  });

  it('reloads on a conflict and answers the current item, never writing again', async () => {
    const save = vi.fn(async (): Promise<{ v: number }> => {
      throw conflict();
    });
    expect(await saveChecked(save, async () => ({ v: 7 }))).toEqual({ kind: 'conflict', item: { v: 7 } });
    expect(save).toHaveBeenCalledTimes(1);
  });

  it('passes any other failure through as it came', async () => {
    const invalid = new ApiError(400, 'XIAOER_FLOW_INVALID', 'bad', ['3:1 steps: required']);
    const reload = vi.fn(async () => 1);
    await expect(
      saveChecked(async () => {
        throw invalid;
      }, reload),
    ).rejects.toBe(invalid);
    expect(reload).not.toHaveBeenCalled();
  });
});
