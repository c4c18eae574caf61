import { describe, expect, it } from 'vitest';
import { formatGrainState, uploadProgressText } from './opsText';

describe('uploadProgressText', () => {
  it('counts rows and chunks while validating', () => {
    expect(uploadProgressText('VALIDATING', { rowsRead: 50000, rowsValidated: 12000, chunksTotal: 2, chunksDone: 1 })).toBe(
      '12,000 of 50,000 rows validated · 1 of 2 chunks done',
    );
  });

  it('says rows are still arriving while receiving', () => {
    expect(uploadProgressText('RECEIVING', { rowsRead: 1200, rowsValidated: 0, chunksTotal: 0, chunksDone: 0 })).toBe('1,200 rows received so far');
  });

  it('says a mapping upload waits for the person', () => {
    expect(uploadProgressText('MAPPING', { rowsRead: 10, rowsValidated: 0, chunksTotal: 0, chunksDone: 0 })).toMatch(/Waiting for the mapping/);
  });
});

describe('formatGrainState', () => {
  it('indents a JSON value', () => {
    expect(formatGrainState({ a: 1, b: [true] })).toBe('{\n  "a": 1,\n  "b": [\n    true\n  ]\n}');
  });

  it('indents JSON that came as a string, and leaves other text alone', () => {
    expect(formatGrainState('{"a":1}')).toBe('{\n  "a": 1\n}');
    expect(formatGrainState('not json')).toBe('not json');
  });
});
