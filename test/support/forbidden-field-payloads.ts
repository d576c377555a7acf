/**
 * Realistic check-in payloads that carry one field, in the places a misbehaving client could put it,
 * with the path the collection rules must report for it.
 */
export function payloadsCarrying(
  field: string,
  value: unknown = [{ id: 1 }],
): { where: string; payload: unknown; path: string }[] {
  const app = (appId: string) => ({
    appId,
    version: '1.0',
    publisher: 'Contoso',
    sizeInBytes: 1024,
  });
  return [
    { where: 'at the top level', payload: { sequence: 7, [field]: value }, path: field },
    {
      where: 'in the hardware inventory',
      payload: {
        sequence: 7,
        hardware: { deviceName: 'Pixel 8', model: 'Pixel 8', [field]: value },
      },
      path: `hardware.${field}`,
    },
    {
      where: 'in the third reported app',
      payload: { apps: [app('a'), app('b'), { ...app('c'), [field]: value }] },
      path: `apps[2].${field}`,
    },
    {
      where: 'in arrays nested inside a diagnostic event',
      payload: {
        diagnostics: [{ type: 'crash', details: [[{ durationMs: 3 }, { [field]: value }]] }],
      },
      path: `diagnostics[0].details[0][1].${field}`,
    },
    {
      where: 'deep inside a command result',
      payload: {
        commandResults: [
          { commandId: 'c1', status: 'done' },
          { commandId: 'c2', status: 'done', errorDetail: { extra: { [field]: value } } },
        ],
      },
      path: `commandResults[1].errorDetail.extra.${field}`,
    },
    {
      where: 'with a null value (the name alone is refused)',
      payload: { hardware: { [field]: null } },
      path: `hardware.${field}`,
    },
    {
      where: 'in a payload that is itself an array',
      payload: [{ sequence: 1 }, { [field]: value }],
      path: `[1].${field}`,
    },
  ];
}
