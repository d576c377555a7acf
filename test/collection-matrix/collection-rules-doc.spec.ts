import { documentedMatrix, renderMatrix } from './collection-rules-doc';

describe('docs/collection-rules.md', () => {
  it('shows the collection matrix the tests check (regenerate with npm run docs:collection-rules)', () => {
    expect(documentedMatrix()).toBe(renderMatrix());
  });
});
