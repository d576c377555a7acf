import { Country, COUNTRY_PROFILES } from './catalog/carriers';
import { EnrollmentUser } from './device-profile';
import { fake } from './fake';
import { DeviceRandom, Weighted } from './random';

/**
 * The people a fleet's devices belong to. Many people have more than one device (a laptop and a
 * phone), so a device either introduces a new user or belongs to the user of a device shortly
 * before it. A user is named after the device that introduced them; names come from the user's
 * country, and user principal names are made unique the way directories do it (anna.berg2).
 *
 * Everything is a function of (seed, index): the directory is filled in index order on demand, so
 * the same device gets the same user whatever order devices are generated in, and a larger fleet
 * only adds users after the existing ones.
 */
export interface SimulatedUser extends EnrollmentUser {
  country: Country;
  firstName: string;
  /** The Windows profile folder name (C:\Users\<this>). */
  profileFolder: string;
}

/** How far back a shared device looks for its owner. */
const OWNER_LOOKBACK = 16;

export class UserDirectory {
  private readonly users = new Map<number, SimulatedUser>();
  private readonly takenNames = new Set<string>();
  private filledUpTo = -1;

  constructor(
    private readonly seed: number,
    private readonly domain: string,
    private readonly devicesPerUser: number,
    private readonly countries: Weighted<Country>[],
  ) {}

  /** The user of device `index`. */
  userOf(index: number): SimulatedUser {
    const owner = this.ownerIndex(index);
    this.fillUpTo(owner);
    return this.users.get(owner) as SimulatedUser;
  }

  /** The index of the device that introduced the user of device `index`. */
  ownerIndex(index: number): number {
    let current = index;
    for (;;) {
      const random = new DeviceRandom(this.seed, current, 'owner');
      if (current === 0 || random.chance(1 / this.devicesPerUser)) return current;
      current -= 1 + random.int(0, Math.min(current - 1, OWNER_LOOKBACK - 1));
    }
  }

  private fillUpTo(owner: number): void {
    for (let index = this.filledUpTo + 1; index <= owner; index++) {
      if (this.ownerIndex(index) === index) this.users.set(index, this.newUser(index));
    }
    this.filledUpTo = Math.max(this.filledUpTo, owner);
  }

  private newUser(index: number): SimulatedUser {
    const random = new DeviceRandom(this.seed, index, 'user');
    const country = random.weighted(this.countries);
    const { firstName, lastName } = fake(random, COUNTRY_PROFILES[country].locale, (faker) => {
      const sex = faker.person.sexType();
      return { firstName: faker.person.firstName(sex), lastName: faker.person.lastName(sex) };
    });
    const base = `${asciiName(firstName) || 'user'}.${asciiName(lastName) || index}`.slice(0, 60);
    let localPart = base;
    for (let n = 2; this.takenNames.has(localPart); n++) localPart = `${base}${n}`;
    this.takenNames.add(localPart);
    const address = `${localPart}@${this.domain}`;
    return {
      userPrincipalName: address,
      displayName: `${firstName} ${lastName}`,
      emailAddress: address,
      country,
      firstName,
      profileFolder: profileFolderOf(address),
    };
  }
}

/** Windows names an Entra user's profile folder after the UPN's local part, cut to 20 characters. */
export function profileFolderOf(userPrincipalName: string): string {
  return userPrincipalName.split('@')[0].slice(0, 20);
}

const TRANSLITERATIONS: Record<string, string> = {
  ß: 'ss',
  æ: 'ae',
  ø: 'o',
  œ: 'oe',
  ł: 'l',
  đ: 'd',
  þ: 'th',
};

/** A name as it appears in an address: ASCII, lower case, no spaces or apostrophes. */
export function asciiName(name: string): string {
  return name
    .toLowerCase()
    .replace(/[ßæøœłđþ]/g, (letter) => TRANSLITERATIONS[letter])
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9-]/g, '');
}
