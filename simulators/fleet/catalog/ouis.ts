/**
 * Organisationally unique identifiers (the first three bytes of a MAC address), a sample of the real
 * MA-L assignments of each vendor in the IEEE registry (oui.csv, 2022). A NIC's OUI belongs to the
 * maker of the network chip or of the device that burnt its own addresses: Apple, Samsung and Google
 * use their own; PC makers burn theirs into on-board Ethernet, while Wi-Fi cards in PCs carry the
 * chip maker's (Intel, Qualcomm) or the module maker's (AzureWave, Liteon).
 */
export const OUIS = {
  apple: [
    '787E61',
    '78886D',
    '7C296F',
    '84AD8D',
    '90B931',
    'C8B1CD',
    'DCD3A2',
    'E02B96',
    'E0B55F',
    'F0C1F1',
  ],
  samsung: [
    '20D390',
    '4CC95E',
    '4CDD31',
    '5049B0',
    'ACAFB9',
    'B8D9CE',
    'C462EA',
    'E4121D',
    'ECAA25',
    'F4428F',
  ],
  google: [
    '0CC413',
    '24E50F',
    '3C8D20',
    '90CAFA',
    '9C4F5F',
    'AC3EB1',
    'B0E4D5',
    'D86C63',
    'E4F042',
    'F88FCA',
  ],
  // Motorola Mobility LLC, a Lenovo Company
  motorola: [
    '08AA55',
    '0CEC8D',
    '1C56FE',
    '20B868',
    '4480EB',
    '60BEB5',
    '806C1B',
    'CC0DF2',
    'D8CFBF',
    'F4F524',
  ],
  oneplus: [
    '2CA7EF',
    '4801C5',
    '487412',
    '5C17CF',
    '8C64A2',
    '94652D',
    '9809CF',
    'AC5FEA',
    'ACD618',
    'E44122',
  ],
  zebra: ['4083DE', '7493A4', '78B8D6', '84248D', '94FB29', 'C47DCC', 'C81CFE'],
  // Honeywell SPS (the mobile-computer business), Hand Held Products, Honeywell
  honeywell: ['0C2369', '001020', '00226A', 'C4EFDA'],
  intel: [
    '08D23E',
    '14755B',
    '24418C',
    '44AF28',
    '581CF8',
    '5CC5D4',
    '8CF8C5',
    'A02942',
    'D4548B',
    'D4E98A',
  ],
  realtek: ['00E04C'],
  microsoft: [
    '042728',
    '0C413E',
    '149A10',
    '1C1ADF',
    '2C5491',
    '4886E8',
    '74E28C',
    'C89665',
    'D8E2DF',
    'F06E0B',
  ],
  dell: [
    '141877',
    '14FEB5',
    '6C2B59',
    '70B5E8',
    '7486E2',
    '847BEB',
    'C45AB1',
    'F01FAF',
    'F0D4E2',
    'F8DB88',
  ],
  // HP Inc. and Hewlett Packard
  hp: [
    '1CC1DE',
    '3822E2',
    '40B034',
    '48BA4E',
    '5820B1',
    '5C60BA',
    '9CB654',
    'A8B13B',
    'B05CDA',
    'C8D9D2',
  ],
  // Lenovo and LCFC (Hefei), Lenovo's notebook factory
  lenovo: [
    '10C595',
    '507B9D',
    '5405DB',
    '6C2408',
    '8C8CAA',
    '902E16',
    '98FA9B',
    'A41194',
    'C85B76',
    'F875A4',
  ],
  qualcomm: ['00A0C6', '649C81', '88124E', '8CFDF0'],
  azurewave: [
    '28C2DD',
    '2C3B70',
    '409922',
    '6CADF8',
    '706655',
    '742F68',
    '80C5F2',
    'D0C5D3',
    'E0B9A5',
    'E8FB1C',
  ],
  liteon: [
    '1063C8',
    '145AFC',
    '3052CB',
    '3C9180',
    '446D57',
    '505BC2',
    '9CB70D',
    'E4AAEA',
    'E8D0FC',
    'F8A2D6',
  ],
  asus: [
    '04421A',
    '04D4C4',
    '10C37B',
    '1831BF',
    '1C872C',
    '244BFE',
    '485B39',
    '74D02B',
    'B06EBF',
    'BCAEC5',
  ],
} as const satisfies Record<string, readonly string[]>;

export type NicVendor = keyof typeof OUIS;

/** The vendor whose OUI starts `mac` (any separator, any case), or null. */
export function nicVendorOf(mac: string): NicVendor | null {
  const prefix = mac
    .replace(/[^0-9A-Fa-f]/g, '')
    .slice(0, 6)
    .toUpperCase();
  for (const [vendor, ouis] of Object.entries(OUIS)) {
    if ((ouis as readonly string[]).includes(prefix)) return vendor as NicVendor;
  }
  return null;
}
