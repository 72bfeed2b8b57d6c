import { describe, expect, it } from 'vitest';
import { fold } from './fold.js';

describe('matching view', () => {
  it('folds traditional, variant and full-width forms without changing length', () => {
    const s = '負責科室 牽頭單位 羣衆 迴應 （一） １２． ，；：';
    const f = fold(s);
    expect(f).toBe('负责科室 牵头单位 群众 回应 (一) 12. ,;:');
    expect(f.length).toBe(s.length);
  });
  it('leaves simplified text as it is', () => {
    const s = '市发展和改革局牵头、市直有关单位配合。';
    expect(fold(s)).toBe(s);
  });
});
