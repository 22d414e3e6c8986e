import { maskDate, maskEmail, maskGeneric, maskName, maskPhone } from './masking';

describe('masking', () => {
  it('maskEmail keeps the first character of the local part and the domain', () => {
    expect(maskEmail('ada@uni.edu')).toBe('a**@uni.edu');
    expect(maskEmail('Grace.Hopper@navy.mil')).toBe('G***********@navy.mil');
    expect(maskEmail('not-an-email')).toBe('n***********');
    expect(maskEmail('@uni.edu')).toBe('@*******');
  });

  it('maskName keeps the first letter of each part, code point aware', () => {
    expect(maskName('Ada Lovelace')).toBe('A** L*******');
    expect(maskName('  Mary-Jane  Ngũgĩ ')).toBe('M***-J***  N****');
    expect(maskName('Zoë')).toBe('Z**');
    expect(maskName('')).toBe('');
  });

  it('maskPhone keeps the layout and the last two digits only', () => {
    expect(maskPhone('+1 555-123-4567')).toBe('+* ***-***-**67');
    expect(maskPhone('07946 0958')).toBe('***** **58');
    expect(maskPhone('5')).toBe('5');
  });

  it('maskDate keeps the year only', () => {
    expect(maskDate('2004-05-17')).toBe('2004');
    expect(maskDate('2004-05-17T10:00:00Z')).toBe('2004');
    expect(maskDate(new Date(Date.UTC(1999, 11, 31)))).toBe('1999');
    expect(maskDate('May 17, 2004')).toBe('2004');
    expect(maskDate('soon')).toBe('****');
    expect(maskDate(new Date(Number.NaN))).toBe('****');
  });

  it('maskGeneric never shows more than a third of the value', () => {
    expect(maskGeneric('S1234567')).toBe('S*******');
    expect(maskGeneric('S1234567', { keepStart: 1, keepEnd: 2 })).toBe('S******7');
    expect(maskGeneric('123456789', { keepStart: 0, keepEnd: 3 })).toBe('******789');
    expect(maskGeneric('ab')).toBe('**');
    expect(maskGeneric('')).toBe('');
  });
});
