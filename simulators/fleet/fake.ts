import type { Faker, Randomizer } from '@faker-js/faker';
import { faker as fakerDe } from '@faker-js/faker/locale/de';
import { faker as fakerEnGb } from '@faker-js/faker/locale/en_GB';
import { faker as fakerEnUs } from '@faker-js/faker/locale/en_US';
import { faker as fakerFr } from '@faker-js/faker/locale/fr';
import { faker as fakerSv } from '@faker-js/faker/locale/sv';
import { DeviceRandom } from './random';

/**
 * Faker instances that draw from whichever `DeviceRandom` is being used at the moment. Generation
 * is synchronous, so pointing the shared randomizer at the device's stream for the length of one
 * call keeps every Faker value a function of that stream alone.
 *
 * Only the locales the fleet uses are imported: the package index loads all seventy of them.
 */
export type FakerLocale = 'en_US' | 'en_GB' | 'de' | 'fr' | 'sv';

let current: DeviceRandom | null = null;

const randomizer: Randomizer = {
  next: () => {
    if (!current) throw new Error('Faker used outside of fake()');
    return current.next();
  },
  seed: () => {
    throw new Error('the simulators seed their own streams; do not seed Faker');
  },
};

// The locale entry points export ready-made instances only; their class builds ours.
const FakerClass = fakerEnUs.constructor as typeof Faker;
const bound = (source: Faker) => new FakerClass({ locale: source.rawDefinitions, randomizer });

const FAKERS: Record<FakerLocale, Faker> = {
  en_US: bound(fakerEnUs),
  en_GB: bound(fakerEnGb),
  de: bound(fakerDe),
  fr: bound(fakerFr),
  sv: bound(fakerSv),
};

/** Runs `draw` with a Faker of `locale` whose every random number comes from `random`. */
export function fake<T>(random: DeviceRandom, locale: FakerLocale, draw: (faker: Faker) => T): T {
  const previous = current;
  current = random;
  try {
    return draw(FAKERS[locale]);
  } finally {
    current = previous;
  }
}
