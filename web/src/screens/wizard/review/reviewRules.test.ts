import { describe, expect, it } from 'vitest';
import { launchBlocked, launchQuestion, signOffBlocked } from './reviewRules';

const draft = { ownerId: 'alice', status: 'DRAFT' };

describe('sign-offs', () => {
  it('let the owner sign off as owner', () => {
    expect(signOffBlocked('OWNER', { userId: 'alice', roles: ['SALES_OPS'] }, draft)).toBeNull();
  });

  it('refuse the owner sign-off to anyone else, naming the owner', () => {
    expect(signOffBlocked('OWNER', { userId: 'cora', roles: ['COMPLIANCE'] }, draft)).toBe('Only the campaign owner (alice) can sign off as owner.');
  });

  it('let only the COMPLIANCE role sign off as compliance', () => {
    expect(signOffBlocked('COMPLIANCE', { userId: 'cora', roles: ['COMPLIANCE'] }, draft)).toBeNull();
    expect(signOffBlocked('COMPLIANCE', { userId: 'alice', roles: ['SALES_OPS'] }, draft)).toMatch(/COMPLIANCE role/);
  });

  it('are closed once the campaign is no longer a draft', () => {
    expect(signOffBlocked('OWNER', { userId: 'alice', roles: ['SALES_OPS'] }, { ownerId: 'alice', status: 'LAUNCHED' })).toMatch(/LAUNCHED/);
  });
});

describe('launch', () => {
  it('is allowed when every check passed and the person may change the draft', () => {
    expect(launchBlocked(null, true, 0)).toBeNull();
  });

  it('says how many checks still fail', () => {
    expect(launchBlocked(null, false, 3)).toBe('3 readiness checks have not passed yet.');
    expect(launchBlocked(null, false, 1)).toBe('1 readiness check has not passed yet.');
  });

  it('gives the read-only reason first', () => {
    expect(launchBlocked('Read-only', true, 0)).toBe('Read-only');
  });

  it('asks with the number of dial tasks it creates', () => {
    expect(launchQuestion(1234)).toBe('Launch and create 1,234 dial tasks?');
    expect(launchQuestion(1)).toBe('Launch and create 1 dial task?');
  });
});
