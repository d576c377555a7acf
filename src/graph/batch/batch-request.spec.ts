import { executionWaves, parseBatch } from './batch-request';

const get = (id: string, url = '/deviceManagement/managedDevices', dependsOn?: string[]) => ({
  id,
  method: 'GET',
  url,
  ...(dependsOn ? { dependsOn } : {}),
});

describe('a JSON batch', () => {
  it('takes relative URLs without the version, and the batch’s own version repeated', () => {
    const parsed = parseBatch(
      {
        requests: [
          get('1', 'deviceManagement/managedDevices'),
          get('2', '/v1.0/deviceManagement/detectedApps'),
        ],
      },
      'v1.0',
    );
    expect(parsed).toMatchObject({
      ok: true,
      items: [
        { url: '/deviceManagement/managedDevices' },
        { url: '/deviceManagement/detectedApps' },
      ],
    });
    expect(
      parseBatch({ requests: [get('1', '/beta/deviceManagement/managedDevices')] }, 'v1.0'),
    ).toMatchObject({ ok: false });
  });

  it('refuses more than 20 requests, a batch inside, repeated ids and unknown dependencies', () => {
    const many = Array.from({ length: 21 }, (_, i) => get(String(i)));
    expect(parseBatch({ requests: many }, 'v1.0')).toMatchObject({ ok: false, target: 'requests' });
    expect(parseBatch({ requests: many.slice(0, 20) }, 'v1.0')).toMatchObject({ ok: true });
    expect(parseBatch({ requests: [get('1', '/$batch')] }, 'v1.0')).toMatchObject({ ok: false });
    expect(parseBatch({ requests: [get('1'), get('1')] }, 'v1.0')).toMatchObject({ ok: false });
    expect(parseBatch({ requests: [get('1', undefined, ['9'])] }, 'v1.0')).toMatchObject({
      ok: false,
    });
  });

  it('orders by dependsOn in waves, and finds cycles', () => {
    const parsed = parseBatch(
      { requests: [get('c', undefined, ['b']), get('a'), get('b', undefined, ['a']), get('d')] },
      'v1.0',
    );
    if (!parsed.ok) throw new Error(parsed.message);
    expect(executionWaves(parsed.items)!.map((wave) => wave.map((i) => i.id))).toEqual([
      ['a', 'd'],
      ['b'],
      ['c'],
    ]);
    expect(
      parseBatch({ requests: [get('a', undefined, ['b']), get('b', undefined, ['a'])] }, 'v1.0'),
    ).toMatchObject({ ok: false, message: expect.stringContaining('cycle') });
  });

  it('needs a Content-Type for a request with a body', () => {
    expect(
      parseBatch({ requests: [{ id: '1', method: 'POST', url: '/x', body: {} }] }, 'v1.0'),
    ).toMatchObject({ ok: false, target: 'requests[0].headers' });
  });
});
