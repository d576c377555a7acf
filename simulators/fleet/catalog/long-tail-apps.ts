import { Platform } from '../../../src/device-channel/contract/wire-vocabulary';
import { fake } from '../fake';
import { DeviceRandom } from '../random';
import { app, CatalogApp } from './catalog-app';
import { productCode } from './windows-apps';

/**
 * The long tail of a fleet's app landscape: thousands of small vendors' and in-house apps that only
 * a few devices have. Generated from the fleet seed, so a fleet's tail is the same run after run.
 * About one in five is a line-of-business app of the tenant itself ("com.contoso.…"). `share` is
 * unused for the tail: its apps are drawn by popularity rank (see app-inventory.ts).
 */
export function generateLongTail(
  seed: number,
  platform: Platform,
  count: number,
  tenant: { slug: string; name: string },
  taken: ReadonlySet<string>,
): CatalogApp[] {
  const random = new DeviceRandom(seed, 'longTail', platform);
  const ids = new Set(taken);
  const names = new Set<string>();
  const apps: CatalogApp[] = [];
  for (let attempt = 0; apps.length < count; attempt++) {
    if (attempt > count * 10) throw new Error(`cannot name ${count} distinct ${platform} apps`);
    const inHouse = random.chance(0.2);
    const audience = inHouse || random.chance(0.2) ? 'business' : 'any';
    const { company, product } = fake(random, 'en_US', (faker) => ({
      company: faker.company.name(),
      product: `${faker.word.adjective()} ${faker.word.noun()}`,
    }));
    const publisher = inHouse ? tenant.name : company;
    const vendorSlug = inHouse ? tenant.slug : slug(company.split(/[\s,-]/)[0]);
    const displayName = titleCase(inHouse ? `${tenant.name} ${product}` : product);
    const productSlug = slug(product);
    if (!vendorSlug || !productSlug || names.has(displayName)) continue;
    const version = `${random.int(1, 12)}.${random.int(0, 30)}.${random.int(0, 200)}`;
    const sizeMb = Math.round(Math.exp(random.between(Math.log(3), Math.log(400))));
    const { appId, installLocation } = tailEntry(
      platform,
      { vendorSlug, productSlug, displayName, publisher },
      random,
    );
    if (ids.has(appId)) continue;
    ids.add(appId);
    names.add(displayName);
    // Work profiles get what the organisation offers in managed Google Play: business apps.
    const workProfile = platform === 'android' && audience === 'business' ? true : undefined;
    apps.push(
      app(appId, displayName, publisher, version, sizeMb, 0, audience, {
        installLocation,
        workProfile,
      }),
    );
  }
  return apps;
}

interface TailApp {
  vendorSlug: string;
  productSlug: string;
  displayName: string;
  publisher: string;
}

function tailEntry(
  platform: Platform,
  a: TailApp,
  random: DeviceRandom,
): { appId: string; installLocation?: string } {
  switch (platform) {
    case 'ios':
      return { appId: `com.${a.vendorSlug}.${camel(a.displayName)}` };
    case 'android':
      return { appId: `com.${a.vendorSlug}.${a.productSlug}` };
    case 'macos':
      return {
        appId: `com.${a.vendorSlug}.${camel(a.displayName)}`,
        installLocation: `/Applications/${a.displayName}.app`,
      };
    case 'windows': {
      const msi = random.chance(0.5);
      const programFiles = random.chance(0.3) ? 'C:\\Program Files (x86)' : 'C:\\Program Files';
      return {
        appId: msi ? productCode(`${a.publisher}/${a.displayName}`) : a.displayName,
        installLocation: `${programFiles}\\${a.publisher.replace(/[\\/:*?"<>|]/g, '')}\\${a.displayName}`,
      };
    }
  }
}

const slug = (text: string) =>
  text
    .normalize('NFD')
    .replace(/[^A-Za-z0-9]/g, '')
    .toLowerCase();

const titleCase = (text: string) => text.replace(/\b[a-z]/g, (letter) => letter.toUpperCase());

const camel = (text: string) => text.replace(/[^A-Za-z0-9]/g, '');
