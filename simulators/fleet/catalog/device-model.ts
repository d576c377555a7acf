import { Platform } from '../../../src/device-channel/contract/wire-vocabulary';
import { NicVendor } from './ouis';
import { TacVendor } from './tacs';

/** Who buys a model: it weighs the model for corporate and for personal devices. */
export type Audience = 'business' | 'consumer' | 'both' | 'rugged';

export type FormFactor = 'phone' | 'tablet' | 'handheld' | 'laptop' | 'desktop';

export type SerialFormat =
  | 'appleRandomized' // 10 characters, Apple's format since 2021
  | 'appleLegacy' // 12 characters: plant, half-year, week, unit, model configuration
  | 'samsung'
  | 'pixel'
  | 'motorola'
  | 'oneplus'
  | 'zebra'
  | 'honeywell'
  | 'dellServiceTag'
  | 'hp'
  | 'lenovo'
  | 'surface'
  | 'asus';

export interface DeviceModel {
  /** Stable catalogue key. */
  key: string;
  platform: Platform;
  /** As the device reports it (SMBIOS, Build.MANUFACTURER…): "Dell Inc.", "samsung", "LENOVO". */
  manufacturer: string;
  /**
   * As the device reports it: Apple's marketing names, Samsung's model codes ("SM-S921{region}",
   * U for North America, B elsewhere), Lenovo's machine type-model codes. Several entries are
   * variants of one model.
   */
  models: readonly string[];
  /** What a person calls it; used for default device names ("Galaxy S24", "MacBook Air"). */
  marketingName: string;
  formFactor: FormFactor;
  released: number;
  audience: Audience;
  /** Relative popularity among models of its platform. */
  weight: number;
  /** First and last supported OS majors (keys of OS_RELEASES); no `maxOs` = still updated. */
  minOs: string;
  maxOs?: string;
  storageGb: readonly number[];
  memoryGb: readonly number[];
  /** Share of units with a cellular modem (1 = always: phones; 0 = never). */
  cellular: number;
  /** A cellular unit has two IMEIs (dual SIM or SIM + eSIM). */
  dualImei?: boolean;
  /** A cellular unit has an eUICC, so an EID. */
  esim?: boolean;
  /** Units sold on CDMA carriers also report an MEID. */
  cdma?: boolean;
  /** Maker of the cellular modem's IMEI allocation. */
  tacVendor?: TacVendor;
  serialFormat: SerialFormat;
  /** Apple: the chip id that starts the 8-16 UDID (A12 and later, Apple silicon). */
  appleChipId?: string;
  wifiVendor: NicVendor;
  /** Built-in Ethernet (desktops, some laptops). */
  ethernetVendor?: NicVendor;
}
