import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { assignTask } from './assign.js';
import { Directory } from './directory.js';
import { directoryFromCsv } from './exchange.js';
import { levelUnder, newUnitId, proposeUnit } from './new-unit.js';

const dir = new Directory(
  directoryFromCsv(readFileSync(resolve(import.meta.dirname, '../../demo/directory.csv'), 'utf8'), 'demo'),
);

describe('a new unit for an unknown name', () => {
  it('is named in full under the government its level prefix points to, by its standard name', () => {
    expect(proposeUnit(dir, '市医保局', 'gov:潮州市')).toEqual({
      name: '潮州市医疗保障局',
      parentId: 'gov:潮州市',
      kind: 'department',
      standard: true,
    });
    // «市» in a county plan is the city above it.
    expect(proposeUnit(dir, '市医保局', 'gov:庆元县')).toMatchObject({
      name: '丽水市医疗保障局',
      parentId: 'gov:丽水市',
    });
    // A body the standard list does not know keeps the printed name, completed with its place.
    expect(proposeUnit(dir, '县征收指导中心', 'gov:庆元县')).toEqual({
      name: '庆元县征收指导中心',
      parentId: 'gov:庆元县',
      kind: 'department',
    });
    expect(proposeUnit(dir, '供销社', 'gov:庆元县')).toEqual({
      name: '供销社',
      parentId: 'gov:庆元县',
      kind: 'department',
    });
  });

  it('takes its level from where it sits, and its id from its name', () => {
    const county = dir.units.get('gov:庆元县')!;
    expect(levelUnder(county, 'department')).toBe('county');
    expect(levelUnder(county, 'government')).toBe('township');
    expect(levelUnder(county, 'section')).toBe('section');
    expect(newUnitId('庆元县医保局', 'department')).toBe('unit:庆元县医保局');
    expect(newUnitId('庆元县新镇人民政府', 'government')).toBe('gov:庆元县新镇');
  });
});

describe('assignments keep how their unit was matched', () => {
  it('by name: the resolver’s confidence and reason; through a group: the group’s', () => {
    const fan = assignTask(
      {
        text: '做好信息公开。',
        units: [
          { name: '市发改委', role: 'lead' },
          { name: '市财政局', role: 'cooperate' },
        ],
      },
      dir,
      { jurisdictionId: 'gov:潮州市' },
    );
    expect(fan.assignments.map((a) => [a.unit.name, a.confidence, a.reason])).toEqual([
      ['潮州市发展和改革局', 0.75, 'abbreviation-type'],
      ['潮州市财政局', 1, 'alias'],
    ]);
    const group = assignTask({ text: '', units: [{ name: '各乡镇', role: 'responsible' }] }, dir, {
      jurisdictionId: 'gov:庆元县',
    });
    expect(group.assignments.length).toBeGreaterThan(5);
    expect(group.assignments.every((a) => a.viaGroup && a.reason === 'group')).toBe(true);
  });
});
