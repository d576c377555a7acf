import { AuditActor, AuditResource } from '../../platform/database/entities/audit-event.entity';
import { ERASED, ErasureSubject, pseudonymizeAuditEvent, searchableValues } from './erasure';

const DEVICE = '11111111-2222-4333-8444-555555555555';
const OTHER_DEVICE = '99999999-2222-4333-8444-555555555555';
const PSEUDONYM = '0f3c9a@pseudonym.invalid';

const subject: ErasureSubject = {
  pseudonym: PSEUDONYM,
  identity: ['ann@contoso.example', 'Ann Andersson', 'ann.andersson@contoso.example'],
  deviceValues: ['F00000000042', '350000000000426', 'A483E7000042', "Ann's iPhone", '+46701234567'],
  deviceIds: new Set([DEVICE]),
};

const admin = (upn: string): AuditActor => ({
  type: 'admin',
  id: 'admin-1',
  userPrincipalName: upn,
  ipAddress: '10.0.0.9',
  applicationDisplayName: 'Device Inventory Collector API',
});

const resource = (
  resourceId: string,
  properties: [string, string | null, string | null][],
  displayName: string | null = null,
): AuditResource => ({
  resourceId,
  type: 'managedDevice',
  displayName,
  modifiedProperties: properties.map(([name, oldValue, newValue]) => ({
    displayName: name,
    oldValue,
    newValue,
  })),
});

describe('erasing a person from the audit trail', () => {
  it('replaces the person as actor by the pseudonym, without the IP address', () => {
    const event = { actor: admin('ANN@contoso.example'), resources: [] };
    expect(pseudonymizeAuditEvent(event, subject)).toEqual({
      actor: { ...admin(PSEUDONYM), ipAddress: null },
      resources: [],
    });
  });

  it('erases free text about the person’s devices entirely, keeping what happened', () => {
    const event = {
      actor: admin('helpdesk@contoso.example'),
      resources: [
        resource(DEVICE, [
          ['notes', null, 'Handed to Anna A. at the front desk'],
          ['managedDeviceName', 'Old name', null],
          ['managedDeviceOwnerType', 'company', 'personal'],
        ]),
      ],
    };
    const erased = pseudonymizeAuditEvent(event, subject);
    expect(erased?.actor).toEqual(admin('helpdesk@contoso.example'));
    expect(erased?.resources[0].modifiedProperties).toEqual([
      { displayName: 'notes', oldValue: null, newValue: ERASED },
      { displayName: 'managedDeviceName', oldValue: ERASED, newValue: null },
      { displayName: 'managedDeviceOwnerType', oldValue: 'company', newValue: 'personal' },
    ]);
    expect(erased?.resources[0].resourceId).toBe(DEVICE);
  });

  it('replaces the person’s identity and device identifiers wherever they appear in text', () => {
    const event = {
      actor: admin('helpdesk@contoso.example'),
      resources: [
        resource(
          'admin-7',
          [
            ['userPrincipalName', null, 'ann.andersson@contoso.example'],
            ['note', null, "Ann Andersson's serial F00000000042, IMEI 350000000000426"],
          ],
          'ann@contoso.example',
        ),
      ],
    };
    const erased = pseudonymizeAuditEvent(event, subject)!;
    const text = JSON.stringify(erased);
    for (const value of [...subject.identity, ...subject.deviceValues]) {
      expect(text.toLowerCase()).not.toContain(value.toLowerCase());
    }
    expect(erased.resources[0].displayName).toBe(PSEUDONYM);
    expect(erased.resources[0].modifiedProperties[0].newValue).toBe(PSEUDONYM);
    expect(erased.resources[0].modifiedProperties[1].newValue).toBe(
      `${PSEUDONYM}'s serial ${ERASED}, IMEI ${ERASED}`,
    );
  });

  it('prefers the longest match, so an e-mail is not half replaced', () => {
    const event = {
      actor: admin('helpdesk@contoso.example'),
      resources: [resource('x', [['mail', null, 'ann.andersson@contoso.example']])],
    };
    expect(
      pseudonymizeAuditEvent(event, {
        ...subject,
        identity: [
          'ann@contoso.example',
          'andersson@contoso.example',
          'ann.andersson@contoso.example',
        ],
      })?.resources[0].modifiedProperties[0].newValue,
    ).toBe(PSEUDONYM);
  });

  it('leaves an event that does not name the person alone', () => {
    const event = {
      actor: admin('helpdesk@contoso.example'),
      resources: [
        resource(OTHER_DEVICE, [
          ['notes', null, 'Bob’s spare phone'],
          ['managedDeviceOwnerType', 'company', 'personal'],
        ]),
      ],
    };
    expect(pseudonymizeAuditEvent(event, subject)).toBeNull();
  });

  it('does not search for values too short to be the person’s', () => {
    expect(
      searchableValues(['Al', '', null, 'ann@contoso.example', 'ANN@contoso.example']),
    ).toEqual(['ann@contoso.example']);
    const event = {
      actor: admin('helpdesk@contoso.example'),
      resources: [resource('x', [['name', null, 'Alpha']])],
    };
    expect(pseudonymizeAuditEvent(event, { ...subject, identity: ['Al'] })).toBeNull();
  });
});
