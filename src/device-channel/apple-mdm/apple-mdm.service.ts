import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { randomUUID, X509Certificate } from 'node:crypto';
import { Platform } from '../../rules';
import { CheckInService } from '../check-in.service';
import { loadCollectionContext } from '../../platform/store/collection-context';
import { CheckInResponse } from '../contract/device-channel.types';
import { CheckInRequest } from '../json/messages';
import { GraphError, invalidRequest, unauthenticated } from '../../platform/http/graph-error';
import { hashToken, ServerSecrets } from '../../platform/secrets';
import { AppConfig } from '../../platform/config/config';
import { APP_CONFIG, SERVER_SECRETS } from '../../platform/tokens';
import { Tx, WriteTransactions } from '../../platform/database/write-transactions';
import { EnrollRequest as EnrollDto } from '../json/messages';
import { AuthenticatedDevice } from '../../platform/auth/device-authentication';
import { jsonTransport } from '../json/json-report';
import { compileMessage, refusalOf } from '../json/message-validator';
import { EnrollmentService } from '../enrollment.service';
import { AppleCommandRequest, AppleEnrollmentKind, APPLE_MDM_PATHS } from '../contract/apple-mdm';
import { encodePlist, PlistValue } from '../contract/apple-plist';
import { AppleEnrollmentRow, appleMdmStore as store } from './apple-mdm.store';
import { commandsForRemoteAction, inventoryCommands, InventoryTarget } from './commands';
import { enrollmentProfile } from './enrollment-profile';
import {
  CertificateAuthority,
  createCertificateAuthority,
  issueIdentity,
  seal,
  sha256Hex,
  unseal,
} from './identity';
import { verifyMdmSignature } from './mdm-signature';
import { CommandReport, decodeCheckIn, decodeCommandReport, MessageProblem } from './messages';
import { parsePlist, PlistProblem } from './plist-codec';
import { APPLE_KEY_OF_FIELD, checkInOf, enrollmentOf } from './to-device-report';

/** Who a message says it is from. */
interface SenderIds {
  udid?: string;
  enrollmentId?: string;
}

/**
 * How a message proves its identity: the `Mdm-Signature` header, or (over HTTPS) the identity
 * certificate the device presented as its TLS client certificate — the TLS handshake proved it
 * holds that certificate's key. A signature, when given, must sign the body.
 */
export interface Sender {
  signature: string | undefined;
  /** DER of the TLS client certificate, when the connection is TLS and one was presented. */
  clientCertificate: Buffer | null;
}

/** What a device's message is checked against once its signature is verified. */
interface Caller {
  enrollment: AppleEnrollmentRow;
}

/**
 * Apple's MDM protocol over the device channel (docs/apple-mdm.md): serves the enrollment profile,
 * verifies every message's signature before reading it, turns Apple's messages into the device
 * channel's enrollment and check-ins (to-device-report.ts), and keeps the queue of Apple commands a
 * device fetches when it polls. There is no push (APNs) here: a command waits for the next poll.
 */
@Injectable()
export class AppleMdmService {
  /** Each tenant's CA public key: it never changes once created. */
  private readonly caKeys = new Map<string, X509Certificate>();
  /** Identities already found signed by their tenant's CA. */
  private readonly issued = new Set<string>();

  constructor(
    private readonly transactions: WriteTransactions,
    private readonly enrollments: EnrollmentService,
    private readonly checkIns: CheckInService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(SERVER_SECRETS) private readonly secrets: ServerSecrets,
  ) {}

  /** `GET /mdm/apple/enroll`: a new device identity and the profile that carries it. */
  async profile(
    token: string | undefined,
    kind: string | undefined,
    user: string | undefined,
    baseUrl: string,
  ): Promise<string> {
    if (!token) throw unauthenticated('An enrollment token is required (?token=…).');
    const tokenHash = hashToken(this.secrets.tokenPepper, token);
    const [row] = await this.transactions.read<{ tenant_id: string }>(
      `SELECT tenant_id FROM enrollment_token
       WHERE token_hash = ? AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > ?)`,
      [tokenHash, Date.now()],
    );
    if (!row) throw unauthenticated('The enrollment token is invalid, expired or revoked.');
    if (kind !== 'device' && kind !== 'user') {
      throw invalidRequest('type', "Invalid parameter 'type': must be device or user.");
    }
    if (user !== undefined && !/^[^\s@]{1,64}@[^\s@]{1,255}$/.test(user)) {
      throw invalidRequest(
        'user',
        "Invalid parameter 'user': must be a user principal name such as user@contoso.com.",
      );
    }
    if (kind === 'user' && !user) {
      throw invalidRequest(
        'user',
        "Invalid parameter 'user': User Enrollment is for a Managed Apple ID (user@…).",
      );
    }
    const authority = await this.certificateAuthority(row.tenant_id);
    const enrollmentId = randomUUID();
    const identity = issueIdentity(authority, enrollmentId);
    const topic = `com.apple.mgmt.External.${row.tenant_id}`;
    await this.transactions.run((tx) =>
      store.addEnrollment(
        tx,
        {
          id: enrollmentId,
          tenant_id: row.tenant_id,
          enrollment_token_hash: tokenHash,
          kind,
          user_principal_name: user ?? null,
          certificate_sha256: identity.certificateSha256,
          topic,
        },
        Date.now(),
      ),
    );
    return enrollmentProfile({
      kind,
      enrollmentId,
      topic,
      serverUrl: `${baseUrl}${APPLE_MDM_PATHS.server}`,
      checkInUrl: `${baseUrl}${APPLE_MDM_PATHS.checkIn}`,
      identity,
      managedAppleId: user ?? null,
    });
  }

  /** `PUT` on the CheckInURL: Authenticate, TokenUpdate or CheckOut. */
  async checkIn(body: Buffer, sender: Sender): Promise<void> {
    const { enrollment } = await this.authenticate(body, sender);
    const message = decoded(() => decodeCheckIn(parsePlist(body)));
    checkIdentity(enrollment, { udid: message.UDID, enrollmentId: message.EnrollmentID });
    if (message.Topic !== enrollment.topic) {
      throw invalidRequest(
        'Topic',
        "Invalid field 'Topic': not the topic of this enrollment's profile.",
      );
    }
    if (message.MessageType === 'CheckOut') return this.checkOut(enrollment);
    if (enrollment.checked_out_at !== null) throw unauthenticated();
    // Re-authentication and token refreshes of an enrolled device change nothing here: no push.
    if (enrollment.device_id) return;
    if (message.MessageType === 'Authenticate') {
      const dto = decoded(() => enrollmentOf(message, enrollment.kind));
      if (enrollment.user_principal_name) {
        dto.user = { userPrincipalName: enrollment.user_principal_name };
      }
      await this.validate<EnrollDto>(dto, EnrollDto);
      await this.transactions.run((tx) =>
        store.update(tx, enrollment.id, {
          udid: message.UDID ?? null,
          enrollment_id: message.EnrollmentID ?? null,
          authenticate: JSON.stringify(dto),
        }),
      );
      return;
    }
    if (!enrollment.authenticate) {
      throw invalidRequest(
        'MessageType',
        "Invalid field 'MessageType': Authenticate must come before TokenUpdate.",
      );
    }
    await this.enroll(enrollment, JSON.parse(enrollment.authenticate) as EnrollDto);
  }

  /** `PUT` on the ServerURL: Idle or a command's result; answers the next command, or nothing. */
  async command(body: Buffer, sender: Sender): Promise<string | null> {
    const { enrollment } = await this.authenticate(body, sender);
    if (
      !enrollment.device_id ||
      !enrollment.sealed_credential ||
      enrollment.checked_out_at !== null
    ) {
      throw unauthenticated('This identity has no enrolled device.');
    }
    const deviceId = enrollment.device_id;
    const report = decoded(() => decodeCommandReport(parsePlist(body)));
    checkIdentity(enrollment, report);
    const caller = this.caller(enrollment, deviceId, enrollment.tenant_id);
    // One transaction: the answer, the check-in it makes and the queue it changes are kept together.
    return this.transactions.run(async (tx) => {
      let answered = report.commandUuid
        ? await store.command(tx, enrollment.id, report.commandUuid)
        : undefined;
      if (report.commandUuid && !answered) {
        throw invalidRequest(
          'CommandUUID',
          "Invalid field 'CommandUUID': no such command was sent to this device.",
        );
      }
      // A repeated answer (its response was lost) was applied the first time.
      if (answered && answered.status !== 'sent' && answered.status !== 'queued')
        answered = undefined;
      const [device] = await tx.all<{ last_sequence: number | string; platform: Platform }>(
        'SELECT last_sequence, platform FROM device WHERE id = ?',
        [deviceId],
      );
      if (!device) throw unauthenticated('This identity has no enrolled device.');
      const deployedApps =
        answered?.request_type === 'ManagedApplicationList' && report.status === 'Acknowledged'
          ? await this.deployedApps(tx, enrollment.tenant_id, device.platform)
          : new Map<string, string>();
      const reported = decoded(() =>
        checkInOf(
          report,
          answered
            ? { requestType: answered.request_type, remoteActionId: answered.remote_action_id }
            : null,
          deployedApps,
        ),
      );
      const dto = await this.validate<CheckInRequest>(
        { sequence: Number(device.last_sequence) + 1, ...reported },
        CheckInRequest,
      );
      const response = await inAppleTerms(() =>
        this.checkIns.checkInWithin(tx, caller, jsonTransport.reportOf(dto)),
      );
      return this.nextCommand(
        tx,
        enrollment,
        device.platform,
        report,
        answered?.command_uuid ?? null,
        response,
      );
    });
  }

  /** Records the answer, queues what the check-in asks for, and picks the command to send now. */
  private async nextCommand(
    tx: Tx,
    enrollment: AppleEnrollmentRow,
    platform: Platform,
    report: CommandReport,
    answeredUuid: string | null,
    response: CheckInResponse,
  ): Promise<string | null> {
    const now = Date.now();
    if (answeredUuid) {
      const status =
        report.status === 'NotNow'
          ? 'queued'
          : report.status === 'Acknowledged'
            ? 'acknowledged'
            : 'error';
      await store.complete(tx, answeredUuid, status, now);
    }
    if (response.managementState === 'retired' || response.managementState === 'wiped') {
      await this.leave(tx, enrollment.id, now);
      return null;
    }
    const target: InventoryTarget = {
      platform,
      userEnrollment: enrollment.kind === 'user',
      appInventory: response.directives.appInventory,
    };
    const translated = await store.translatedRemoteActions(
      tx,
      response.commands.map((command) => command.commandId),
    );
    for (const command of response.commands) {
      if (translated.has(command.commandId)) continue;
      await store.queue(
        tx,
        enrollment.id,
        commandsForRemoteAction(command.action, command.parameters, target),
        command.commandId,
        now,
      );
    }
    const requestedAt = Number(enrollment.inventory_requested_at ?? 0);
    if (
      now - requestedAt >= this.config.checkInIntervalSeconds * 1000 &&
      !(await store.hasOutstanding(tx, enrollment.id, 'DeviceInformation'))
    ) {
      await store.queue(tx, enrollment.id, inventoryCommands(target), null, now);
      await store.update(tx, enrollment.id, { inventory_requested_at: now });
    }
    // After NotNow the device has said it cannot run that command yet: not again in this answer.
    const next = await store.next(
      tx,
      enrollment.id,
      report.status === 'NotNow' ? answeredUuid : null,
      now,
    );
    if (!next || !next.payload) return null;
    return encodePlist({
      CommandUUID: next.command_uuid,
      Command: JSON.parse(next.payload) as AppleCommandRequest & Record<string, PlistValue>,
    });
  }

  /**
   * TokenUpdate: the device is enrolled, and its first inventory queued — with the enrollment's
   * link to the device, in one transaction, so that no device row is left without its identity.
   */
  private async enroll(enrollment: AppleEnrollmentRow, dto: EnrollDto): Promise<void> {
    await this.transactions.run(async (tx) => {
      // Another TokenUpdate of this enrollment may have enrolled it meanwhile.
      const current = await store.enrollmentForUpdate(tx, enrollment.id);
      if (!current || current.device_id || current.checked_out_at !== null) return;
      const enrolled = await inAppleTerms(() =>
        this.enrollments.enrollWithin(tx, { tokenHash: enrollment.enrollment_token_hash }, dto),
      );
      const now = Date.now();
      await store.update(tx, enrollment.id, {
        device_id: enrolled.deviceId,
        sealed_credential: seal(this.secrets.tokenPepper, enrolled.deviceCredential),
        // From here the device row holds what Authenticate said and who the user is.
        authenticate: null,
        user_principal_name: null,
        inventory_requested_at: now,
      });
      await store.queue(
        tx,
        enrollment.id,
        inventoryCommands({
          platform: dto.platform,
          userEnrollment: enrollment.kind === 'user',
          appInventory: enrolled.directives.appInventory,
        }),
        null,
        now,
      );
    });
  }

  /** CheckOut: the device user removed management; retired at once, as the JSON channel's DELETE does. */
  private async checkOut(enrollment: AppleEnrollmentRow): Promise<void> {
    if (enrollment.checked_out_at !== null) return;
    const caller =
      enrollment.device_id && enrollment.sealed_credential
        ? this.caller(enrollment, enrollment.device_id, enrollment.tenant_id)
        : null;
    await this.transactions.run(async (tx) => {
      if (caller) await this.enrollments.unenrollWithin(tx, caller);
      await this.leave(tx, enrollment.id, Date.now());
    });
  }

  private async leave(tx: Tx, enrollmentId: string, now: number): Promise<void> {
    await store.dropQueue(tx, enrollmentId);
    await store.update(tx, enrollmentId, {
      checked_out_at: now,
      sealed_credential: null,
      authenticate: null,
      udid: null,
      enrollment_id: null,
    });
  }

  /**
   * The signature first: a message that does not prove it was signed by an identity this server
   * issued — and whose certificate the tenant's CA signed — is 401, its body unread.
   */
  private async authenticate(body: Buffer, sender: Sender): Promise<Caller> {
    const signer =
      sender.signature === undefined && sender.clientCertificate
        ? sender.clientCertificate
        : await verifyMdmSignature(sender.signature, body);
    if (!signer) {
      throw unauthenticated(
        'The Mdm-Signature header is missing or does not sign this body, and no TLS client certificate was presented.',
      );
    }
    const fingerprint = sha256Hex(signer);
    const enrollment = await store.enrollmentByCertificate(this.reader, fingerprint);
    if (!enrollment || !(await this.issuedByTenant(signer, fingerprint, enrollment.tenant_id))) {
      throw unauthenticated('The message is not signed with an identity this server issued.');
    }
    return { enrollment };
  }

  private async issuedByTenant(
    certificate: Buffer,
    fingerprint: string,
    tenantId: string,
  ): Promise<boolean> {
    let ca = this.caKeys.get(tenantId);
    if (!ca) {
      const [row] = await this.transactions.read<{ certificate: string }>(
        'SELECT certificate FROM apple_mdm_ca WHERE tenant_id = ?',
        [tenantId],
      );
      if (!row) return false;
      ca = new X509Certificate(row.certificate);
      this.caKeys.set(tenantId, ca);
    }
    // A certificate the CA signed stays signed: checked once per identity, then remembered.
    const key = `${tenantId}:${fingerprint}`;
    if (this.issued.has(key)) return true;
    let issued = false;
    try {
      issued = new X509Certificate(certificate).verify(ca.publicKey);
    } catch {
      issued = false;
    }
    if (issued) {
      if (this.issued.size >= 50_000) this.issued.clear();
      this.issued.add(key);
    }
    return issued;
  }

  /** The tenant's CA: created at its first Apple enrollment, its key sealed with the server's secret. */
  private async certificateAuthority(tenantId: string): Promise<CertificateAuthority> {
    const existing = await store.certificateAuthority(this.reader, tenantId);
    if (!existing) {
      const created = createCertificateAuthority(tenantId);
      await this.transactions.run((tx) =>
        store.addCertificateAuthority(
          tx,
          tenantId,
          created.certificatePem,
          seal(this.secrets.tokenPepper, created.privateKeyPem),
          Date.now(),
        ),
      );
      return this.certificateAuthority(tenantId);
    }
    return {
      certificatePem: existing.certificate,
      privateKeyPem: unseal(this.secrets.tokenPepper, existing.sealed_private_key),
    };
  }

  private async deployedApps(
    tx: Tx,
    tenantId: string,
    platform: Platform,
  ): Promise<Map<string, string>> {
    const context = await loadCollectionContext(tx, tenantId, platform, false);
    return new Map(context.deployedApps.map((app) => [app.appId, app.mobileAppId]));
  }

  /** The JSON channel's compiled schema checks what the mapping produced; refusals name Apple's keys. */
  private async validate<T>(value: object, schema: object): Promise<T> {
    const check = compileMessage(schema as never);
    if (!check(value)) {
      const refusal = refusalOf(check.errors ?? []);
      return inAppleTerms(() => Promise.reject(refusal));
    }
    return value as T;
  }

  /** The device as the device channel's services know a caller whose credential was checked. */
  private caller(
    enrollment: AppleEnrollmentRow,
    deviceId: string,
    tenantId: string,
  ): AuthenticatedDevice {
    const credential = unseal(this.secrets.tokenPepper, enrollment.sealed_credential ?? '');
    return {
      id: deviceId,
      tenantId,
      credentialHash: hashToken(this.secrets.tokenPepper, credential),
    };
  }

  /** Reads outside a transaction, shaped as the store's queries expect. */
  private readonly reader = {
    all: <T>(sql: string, params?: readonly unknown[]) => this.transactions.read<T>(sql, params),
  };
}

/** Decoding problems as the device channel's errors: 415 for a binary plist, else 400 naming the key. */
function decoded<T>(decode: () => T): T {
  try {
    return decode();
  } catch (error) {
    if (error instanceof PlistProblem) {
      if (error.kind === 'notXml') {
        throw new GraphError(
          HttpStatus.UNSUPPORTED_MEDIA_TYPE,
          'unsupportedMediaType',
          `${capitalise(error.message)}.`,
        );
      }
      throw invalidRequest('body', `Invalid body: ${error.message}.`);
    }
    if (error instanceof MessageProblem) throw invalidRequest(error.key, error.message);
    throw error;
  }
}

/** A refusal by the device channel names the JSON field; an Apple device is told Apple's key. */
async function inAppleTerms<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof GraphError && error.target && APPLE_KEY_OF_FIELD[error.target]) {
      const key = APPLE_KEY_OF_FIELD[error.target];
      throw new GraphError(
        error.getStatus(),
        error.code,
        error.message.split(`'${error.target}'`).join(`'${key}'`),
        key,
      );
    }
    throw error;
  }
}

/** The message must come from the device this identity enrolled: same UDID, or EnrollmentID. */
function checkIdentity(enrollment: AppleEnrollmentRow, { udid, enrollmentId }: SenderIds): void {
  const userEnrollment = (enrollment.kind as AppleEnrollmentKind) === 'user';
  if (userEnrollment && udid) {
    throw invalidRequest(
      'UDID',
      "Invalid field 'UDID': is not available under Apple User Enrollment (the device sends an EnrollmentID).",
    );
  }
  const claimed = userEnrollment ? enrollmentId : udid;
  if (!claimed) {
    const key = userEnrollment ? 'EnrollmentID' : 'UDID';
    throw invalidRequest(key, `Invalid field '${key}': is required.`);
  }
  const known = userEnrollment ? enrollment.enrollment_id : enrollment.udid;
  if (known && known !== claimed) {
    throw unauthenticated('The message is signed by another device’s identity.');
  }
}

const capitalise = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);
