import { describe, expect, it } from 'vitest';
import { parseName } from './identity.js';

describe('parseName', () => {
  it.each([
    ["I'm Yusuf Rossi, zip code 19122", 'Yusuf', 'Rossi'],
    ['my name is mei ahmed and my zip is 78705', 'mei', 'ahmed'],
    ['Of course! Mei Ahmed, zip code 78705', 'Mei', 'Ahmed'],
    ['Oops, sorry. Noah Ito, 98186', 'Noah', 'Ito'],
    ['Yusuf Taylor, San Jose, zip code 95154', 'Yusuf', 'Taylor'],
    ['Aarav Lee, Phoenix, AZ 85025', 'Aarav', 'Lee'],
    ['yusuf rossi 19122', 'yusuf', 'rossi'],
    ['Hi, this is José Vázquez in 10001', 'José', 'Vázquez'],
  ])('%s', (text, first, last) => {
    expect(parseName(text)).toEqual({ first_name: first, last_name: last });
  });

  it('finds no name where there is none', () => {
    expect(parseName('my zip code is 19122')).toBeUndefined();
    expect(parseName('Hello there')).toBeUndefined();
    expect(parseName('')).toBeUndefined();
  });
});
