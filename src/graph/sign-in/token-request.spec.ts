import { parseForm, parseTokenRequest } from './token-request';

const CLIENT = '11111111-2222-4333-8444-555555555555';
const form = (fields: Record<string, string>) => parseForm(new URLSearchParams(fields).toString());
const valid = {
  grant_type: 'client_credentials',
  client_id: CLIENT,
  client_secret: 'app_secret',
  scope: 'https://graph.microsoft.com/.default',
};

describe('a client-credentials token request', () => {
  it('takes the secret from the form or from HTTP Basic, and ignores MSAL telemetry fields', () => {
    expect(
      parseTokenRequest(form({ ...valid, 'x-client-SKU': 'msal.js.node' }), undefined),
    ).toEqual({
      ok: true,
      credentials: { clientId: CLIENT, clientSecret: 'app_secret' },
    });
    const basic = `Basic ${Buffer.from(`${CLIENT}:app_other`).toString('base64')}`;
    const withoutClient = { grant_type: valid.grant_type, scope: valid.scope };
    expect(parseTokenRequest(form(withoutClient), basic)).toEqual({
      ok: true,
      credentials: { clientId: CLIENT, clientSecret: 'app_other' },
    });
  });

  it('accepts Graph by its well-known application id too', () => {
    const byId = { ...valid, scope: '00000003-0000-0000-c000-000000000000/.default' };
    expect(parseTokenRequest(form(byId), undefined)).toMatchObject({ ok: true });
  });

  it('answers each failure with Entra’s error and AADSTS code', () => {
    const code = (fields: Record<string, string>) => {
      const parsed = parseTokenRequest(form(fields), undefined);
      return parsed.ok ? null : [parsed.error.error, parsed.error.code];
    };
    expect(code({ ...valid, grant_type: 'authorization_code' })).toEqual([
      'unsupported_grant_type',
      70003,
    ]);
    expect(code({ ...valid, client_secret: '' })).toEqual(['invalid_client', 7000218]);
    expect(code({ ...valid, client_id: 'my-app' })).toEqual(['unauthorized_client', 700016]);
    expect(code({ ...valid, scope: 'https://graph.microsoft.com/User.Read' })).toEqual([
      'invalid_scope',
      1002012,
    ]);
    expect(code({ ...valid, scope: 'api://other/.default' })).toEqual(['invalid_scope', 500011]);
    expect(
      code({ grant_type: valid.grant_type, client_id: CLIENT, client_secret: 'app_secret' }),
    ).toEqual(['invalid_request', 900144]);
  });

  it('refuses a field given twice rather than picking one', () => {
    const twice = parseForm(`${new URLSearchParams(valid).toString()}&client_id=${CLIENT}`);
    expect(parseTokenRequest(twice, undefined)).toMatchObject({
      ok: false,
      error: { error: 'invalid_request' },
    });
  });
});
