import { FakerLocale } from '../fake';

/**
 * Countries the simulated users live in, and their mobile carriers. The ICCID of a SIM starts with
 * 89 (telecom), the country calling code and an issuer identifier, which national numbering plans
 * mostly derive from the carrier's mobile network code: 89 01 260 is T-Mobile US (MCC 310, MNC 260),
 * 89 01 410 AT&T, 89 1 480 Verizon (MNC 480). `subscriberCarrier` is the network name phones show.
 */
export const COUNTRIES = ['US', 'GB', 'DE', 'FR', 'SE'] as const;
export type Country = (typeof COUNTRIES)[number];

export interface Carrier {
  key: string;
  country: Country;
  /** The network name a device reports as `subscriberCarrier`. */
  networkName: string;
  mcc: string;
  mnc: string;
  /** The ICCID digits before the account number: 89, country code, issuer. */
  iccidPrefix: string;
  /** Total ICCID length including the Luhn check digit. */
  iccidLength: 19 | 20;
  /** National mobile prefixes (after the country code) this carrier's numbers start with. */
  mobilePrefixes: readonly string[];
  /** Share of the country's subscribers. */
  share: number;
  /** CDMA heritage: its older phones also report an MEID. */
  cdma?: boolean;
}

export interface CountryProfile {
  country: Country;
  callingCode: string;
  /** Digits of a mobile number after the country code (prefix included). */
  nationalMobileLength: number;
  locale: FakerLocale;
  /** Corporate users in this country sit on office networks 10.<site>.x.x. */
  officeSites: readonly number[];
}

export const COUNTRY_PROFILES: Record<Country, CountryProfile> = {
  US: {
    country: 'US',
    callingCode: '1',
    nationalMobileLength: 10,
    locale: 'en_US',
    officeSites: [10, 11, 12, 13],
  },
  GB: {
    country: 'GB',
    callingCode: '44',
    nationalMobileLength: 10,
    locale: 'en_GB',
    officeSites: [20, 21],
  },
  DE: {
    country: 'DE',
    callingCode: '49',
    nationalMobileLength: 11,
    locale: 'de',
    officeSites: [30, 31],
  },
  FR: {
    country: 'FR',
    callingCode: '33',
    nationalMobileLength: 9,
    locale: 'fr',
    officeSites: [40],
  },
  SE: {
    country: 'SE',
    callingCode: '46',
    nationalMobileLength: 9,
    locale: 'sv',
    officeSites: [50, 51],
  },
};

// US mobile numbers share the geographic area codes; these are large metro areas.
const US_AREA_CODES = [
  '206',
  '212',
  '213',
  '305',
  '312',
  '404',
  '415',
  '512',
  '617',
  '646',
  '702',
  '713',
  '720',
  '818',
  '917',
  '972',
];

export const CARRIERS: readonly Carrier[] = [
  {
    key: 'tmobile-us',
    country: 'US',
    networkName: 'T-Mobile',
    mcc: '310',
    mnc: '260',
    iccidPrefix: '8901260',
    iccidLength: 20,
    mobilePrefixes: US_AREA_CODES,
    share: 0.34,
  },
  {
    key: 'verizon-us',
    country: 'US',
    networkName: 'Verizon',
    mcc: '311',
    mnc: '480',
    iccidPrefix: '891480',
    iccidLength: 20,
    mobilePrefixes: US_AREA_CODES,
    share: 0.36,
    cdma: true,
  },
  {
    key: 'att-us',
    country: 'US',
    networkName: 'AT&T',
    mcc: '310',
    mnc: '410',
    iccidPrefix: '8901410',
    iccidLength: 20,
    mobilePrefixes: US_AREA_CODES,
    share: 0.3,
  },
  {
    key: 'ee-gb',
    country: 'GB',
    networkName: 'EE',
    mcc: '234',
    mnc: '30',
    iccidPrefix: '894430',
    iccidLength: 19,
    mobilePrefixes: ['74', '75', '77', '78', '79'],
    share: 0.34,
  },
  {
    key: 'vodafone-gb',
    country: 'GB',
    networkName: 'vodafone UK',
    mcc: '234',
    mnc: '15',
    iccidPrefix: '894415',
    iccidLength: 19,
    mobilePrefixes: ['74', '77', '78', '79'],
    share: 0.24,
  },
  {
    key: 'o2-gb',
    country: 'GB',
    networkName: 'O2 - UK',
    mcc: '234',
    mnc: '10',
    iccidPrefix: '894410',
    iccidLength: 19,
    mobilePrefixes: ['74', '75', '77', '78'],
    share: 0.28,
  },
  {
    key: 'three-gb',
    country: 'GB',
    networkName: '3',
    mcc: '234',
    mnc: '20',
    iccidPrefix: '894420',
    iccidLength: 19,
    mobilePrefixes: ['73', '74', '75', '78'],
    share: 0.14,
  },
  {
    key: 'telekom-de',
    country: 'DE',
    networkName: 'Telekom.de',
    mcc: '262',
    mnc: '01',
    iccidPrefix: '894901',
    iccidLength: 19,
    mobilePrefixes: ['151', '160', '170', '171', '175'],
    share: 0.38,
  },
  {
    key: 'vodafone-de',
    country: 'DE',
    networkName: 'Vodafone.de',
    mcc: '262',
    mnc: '02',
    iccidPrefix: '894902',
    iccidLength: 19,
    mobilePrefixes: ['152', '162', '172', '173', '174'],
    share: 0.31,
  },
  {
    key: 'o2-de',
    country: 'DE',
    networkName: 'o2 - de',
    mcc: '262',
    mnc: '07',
    iccidPrefix: '894907',
    iccidLength: 19,
    mobilePrefixes: ['157', '159', '163', '176', '177', '178', '179'],
    share: 0.31,
  },
  {
    key: 'orange-fr',
    country: 'FR',
    networkName: 'Orange F',
    mcc: '208',
    mnc: '01',
    iccidPrefix: '893301',
    iccidLength: 20,
    mobilePrefixes: ['6', '7'],
    share: 0.4,
  },
  {
    key: 'sfr-fr',
    country: 'FR',
    networkName: 'SFR',
    mcc: '208',
    mnc: '10',
    iccidPrefix: '893310',
    iccidLength: 20,
    mobilePrefixes: ['6', '7'],
    share: 0.3,
  },
  {
    key: 'bouygues-fr',
    country: 'FR',
    networkName: 'Bouygues Telecom',
    mcc: '208',
    mnc: '20',
    iccidPrefix: '893320',
    iccidLength: 20,
    mobilePrefixes: ['6', '7'],
    share: 0.3,
  },
  {
    key: 'telia-se',
    country: 'SE',
    networkName: 'Telia',
    mcc: '240',
    mnc: '01',
    iccidPrefix: '894620',
    iccidLength: 19,
    mobilePrefixes: ['70', '72', '73'],
    share: 0.36,
  },
  {
    key: 'tele2-se',
    country: 'SE',
    networkName: 'Tele2',
    mcc: '240',
    mnc: '07',
    iccidPrefix: '894607',
    iccidLength: 19,
    mobilePrefixes: ['70', '72', '73', '76'],
    share: 0.3,
  },
  {
    key: 'telenor-se',
    country: 'SE',
    networkName: 'Telenor SE',
    mcc: '240',
    mnc: '08',
    iccidPrefix: '894608',
    iccidLength: 19,
    mobilePrefixes: ['70', '73', '76'],
    share: 0.2,
  },
  {
    key: 'tre-se',
    country: 'SE',
    networkName: '3',
    mcc: '240',
    mnc: '02',
    iccidPrefix: '894602',
    iccidLength: 19,
    mobilePrefixes: ['72', '73', '76', '79'],
    share: 0.14,
  },
];

export const carriersOf = (country: Country): Carrier[] =>
  CARRIERS.filter((c) => c.country === country);
