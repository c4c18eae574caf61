import { describe, expect, it } from 'vitest';
import { uploadAdvice } from './uploadAdvice';

describe('advice for a failed upload', () => {
  it('says what to do for a file that is not a CSV', () => {
    expect(uploadAdvice('UNSUPPORTED_FILE')).toMatch(/Export the list as CSV/);
  });

  it('still says something for a code it does not know', () => {
    expect(uploadAdvice('SOMETHING_NEW')).toMatch(/contact support/);
  });

  it('says nothing without an error', () => {
    expect(uploadAdvice(null)).toBeNull();
  });
});
