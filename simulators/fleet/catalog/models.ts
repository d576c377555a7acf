import { Platform } from '../../../src/device-channel/contract/wire-vocabulary';
import { hashKeys } from '../random';
import { ANDROID_MODELS } from './android-models';
import { DeviceModel } from './device-model';
import { IOS_MODELS } from './ios-models';
import { MACOS_MODELS } from './macos-models';
import { tacsOf } from './tacs';
import { WINDOWS_MODELS } from './windows-models';

export const DEVICE_MODELS: Record<Platform, readonly DeviceModel[]> = {
  ios: IOS_MODELS,
  android: ANDROID_MODELS,
  macos: MACOS_MODELS,
  windows: WINDOWS_MODELS,
};

const BY_KEY = new Map<string, DeviceModel>(
  Object.values(DEVICE_MODELS).flatMap((models) =>
    models.map((model) => [model.key, model] as const),
  ),
);

export function modelByKey(key: string): DeviceModel {
  const model = BY_KEY.get(key);
  if (!model) throw new Error(`unknown device model ${key}`);
  return model;
}

const TACS = new Map<string, string[]>();

/** The TACs of a cellular model (fixed per model, inside its modem maker's blocks). */
export function modelTacs(model: DeviceModel): string[] {
  if (!model.tacVendor) throw new Error(`${model.key} has no cellular modem`);
  let tacs = TACS.get(model.key);
  if (!tacs) {
    tacs = tacsOf(model.tacVendor, model.key);
    TACS.set(model.key, tacs);
  }
  return tacs;
}

const CONFIG_ALPHABET = '0123456789BCDFGHJKLMNPQRSTVWXYZ';

/** The last four characters of a legacy Apple serial identify the model configuration. */
export function appleConfigCode(model: DeviceModel): string {
  let h = hashKeys([model.key, 'config']);
  let code = '';
  for (let i = 0; i < 4; i++) {
    code += CONFIG_ALPHABET[h % CONFIG_ALPHABET.length];
    h = Math.floor(h / CONFIG_ALPHABET.length);
  }
  return code;
}

/** The 6-hex manufacturer code inside an MEID. */
export function meidManufacturerCode(model: DeviceModel): string {
  return hashKeys([model.tacVendor ?? model.manufacturer, 'meid'])
    .toString(16)
    .toUpperCase()
    .padStart(8, '0')
    .slice(0, 6);
}

/** Samsung model codes end in the region letter: U for North America, B elsewhere. */
export function reportedModelName(template: string, northAmerica: boolean): string {
  return template.replace('{region}', northAmerica ? 'U' : 'B');
}
