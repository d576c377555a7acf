import { InvalidArgumentError } from 'commander';
import {
  duration,
  integer,
  interval,
  platformMix,
  positiveInteger,
  probability,
  wholeNumber,
} from './option-values';

describe('simulator option values', () => {
  it('reads a platform mix as relative weights', () => {
    expect(platformMix('ios=30,android=35,windows=25,macos=10')).toEqual({
      ios: 30,
      android: 35,
      windows: 25,
      macos: 10,
    });
    expect(platformMix(' ios = 1 , macos=0 ')).toEqual({ ios: 1, macos: 0 });
  });

  it.each(['ios', 'ios=', 'ios=-1', 'ipados=3', 'ios=1=2', 'ios=1,ios=2', 'ios=0', 'ios=x', ''])(
    'refuses the mix %p',
    (value) => expect(() => platformMix(value)).toThrow(InvalidArgumentError),
  );

  it('reads probabilities as fractions or percentages', () => {
    expect(probability('0.25')).toBe(0.25);
    expect(probability('25%')).toBe(0.25);
    expect(probability('1')).toBe(1);
    for (const bad of ['1.5', '-0.1', '', 'often', '120%'])
      expect(() => probability(bad)).toThrow(InvalidArgumentError);
  });

  it('reads durations in seconds by default, or with a unit', () => {
    expect(duration('90')).toBe(90_000);
    expect(duration('1.5s')).toBe(1500);
    expect(duration('250ms')).toBe(250);
    expect(duration('15m')).toBe(900_000);
    expect(duration('2h')).toBe(7_200_000);
    for (const bad of ['', 'soon', '-5s', '5d'])
      expect(() => duration(bad)).toThrow(InvalidArgumentError);
  });

  it('takes "server" as an interval', () => {
    expect(interval('server')).toBe('server');
    expect(interval('30s')).toBe(30_000);
  });

  it('reads whole numbers strictly', () => {
    expect(positiveInteger('16')).toBe(16);
    expect(wholeNumber('0')).toBe(0);
    expect(integer('-3')).toBe(-3);
    expect(() => positiveInteger('0')).toThrow(InvalidArgumentError);
    expect(() => wholeNumber('1.5')).toThrow(InvalidArgumentError);
    expect(() => wholeNumber('1e3')).toThrow(InvalidArgumentError);
    expect(() => integer('seven')).toThrow(InvalidArgumentError);
  });
});
