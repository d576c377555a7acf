import { Country, DeviceRandom } from '../fleet';

/** Offices the simulated tenant has, per country: a located device is near one of them. */
const OFFICES: Record<Country, readonly [latitude: number, longitude: number][]> = {
  US: [
    [47.6423, -122.1391],
    [40.7506, -73.9935],
    [41.8837, -87.6324],
  ],
  GB: [
    [51.5138, -0.0984],
    [53.4794, -2.2453],
  ],
  DE: [
    [48.1769, 11.5919],
    [52.5163, 13.3777],
  ],
  FR: [[48.8919, 2.2386]],
  SE: [
    [59.3326, 18.0649],
    [57.7072, 11.967],
  ],
};

export interface DeviceLocation {
  latitude: number;
  longitude: number;
  accuracyInMeters: number;
  observedDateTime: string;
}

/** Where a device is when it answers a locate command: within a few kilometres of an office. */
export function deviceLocation(country: Country, random: DeviceRandom, now: Date): DeviceLocation {
  const [latitude, longitude] = random.pick(OFFICES[country]);
  const round = (value: number) => Math.round(value * 1e6) / 1e6;
  return {
    latitude: round(latitude + random.between(-0.03, 0.03)),
    longitude: round(longitude + random.between(-0.05, 0.05)),
    accuracyInMeters: Math.round(random.between(5, 65)),
    observedDateTime: new Date(now.getTime() - random.int(0, 120) * 1000).toISOString(),
  };
}
