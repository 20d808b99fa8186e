import { documentSplit, passages } from './passages';
import { sotuAddresses } from './sotu';

describe('State of the Union corpus', () => {
  it('reads the 233 addresses with year, president, party and text', () => {
    const addresses = sotuAddresses();
    expect(addresses).toHaveLength(233);
    expect(addresses[0]).toEqual(expect.objectContaining({ year: 1790, name: 'George Washington', party: 'none' }));
    expect(addresses[0].text.startsWith('Fellow-Citizens of the Senate and House of Representatives:')).toBe(true);
    const parties = new Map<string, number>();
    for (const a of addresses) parties.set(a.party, (parties.get(a.party) ?? 0) + 1);
    expect(parties.get('Republican')).toBe(92);
    expect(parties.get('Democratic')).toBe(90);
  });

  it('splits by whole addresses: the splits are disjoint, cover everything, and follow the seed', () => {
    const train = documentSplit(233, 'train', 0.2, 5);
    const test = documentSplit(233, 'test', 0.2, 5);
    expect(test).toHaveLength(47);
    expect(new Set([...train, ...test]).size).toBe(233);
    expect(documentSplit(233, 'test', 0.2, 5)).toEqual(test);
    expect(documentSplit(233, 'test', 0.2, 6)).not.toEqual(test);
    expect(() => documentSplit(10, 'test', 1, 0)).toThrow('test_fraction must lie in (0, 1), got 1');
  });

  it('cuts an address into runs of whole sentences of at least the given words', () => {
    const text = 'One two three. Four five! "Six seven?" Eight nine ten eleven. U.S. ships sail. Twelve.';
    expect(passages(text, 4)).toEqual(['One two three. Four five!', '"Six seven?" Eight nine ten eleven.', 'U.S. ships sail. Twelve.']);
    // A last run under half the words is dropped.
    expect(passages('One two three four. Five.', 4)).toEqual(['One two three four.']);
  });
});
