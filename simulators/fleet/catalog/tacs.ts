import { hashKeys } from '../random';

/**
 * Type allocation codes: the first eight digits of an IMEI name the make and model. The first two
 * are the reporting body that allocated them: 35 (BABT, most phones sold in Europe and worldwide),
 * 01 (PTCRB, North America) and 86 (TAF, makers based in China). Allocations come in blocks per
 * manufacturer. These six-digit blocks use each maker's real reporting bodies, but their other
 * digits are invented (the GSMA's TAC database is not public): plausible, not looked up. A laptop's
 * IMEI belongs to its WWAN modem, so Windows models name their modem's maker.
 */
export const TAC_BLOCKS = {
  apple: ['352066', '353263', '354442', '356726', '357273', '358671', '359474', '013726', '014429'],
  samsung: ['350121', '351767', '352859', '353627', '354676', '355839', '356952', '357624'],
  google: ['353490', '355312', '358240', '359021'],
  motorola: ['351720', '354134', '359488'],
  oneplus: ['862187', '864227', '869431'],
  zebra: ['352409', '356218', '359132'],
  honeywell: ['351654', '353890', '357960'],
  // WWAN modules in business laptops
  fibocom: ['862146', '866193', '869710'],
  quectel: ['860536', '861107', '868371'],
  sierraWireless: ['353533', '359072'],
  // Surface Pro 5G models carry Microsoft's own allocations
  microsoft: ['353014', '356893'],
} as const satisfies Record<string, readonly string[]>;

export type TacVendor = keyof typeof TAC_BLOCKS;

/**
 * A model's TACs: a few eight-digit codes inside its maker's blocks, fixed per model (a model
 * usually has several, one per regional variant or production batch).
 */
export function tacsOf(vendor: TacVendor, modelKey: string, count = 3): string[] {
  const blocks: readonly string[] = TAC_BLOCKS[vendor];
  const tacs: string[] = [];
  for (let i = 0; tacs.length < count; i++) {
    const h = hashKeys([vendor, modelKey, i]);
    const tac =
      blocks[h % blocks.length] + String(Math.floor(h / blocks.length) % 100).padStart(2, '0');
    if (!tacs.includes(tac)) tacs.push(tac);
  }
  return tacs;
}

export function isTacOf(vendor: TacVendor, imei: string): boolean {
  return (TAC_BLOCKS[vendor] as readonly string[]).includes(imei.slice(0, 6));
}
