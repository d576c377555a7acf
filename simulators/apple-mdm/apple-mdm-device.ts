import { constants, privateEncrypt } from 'node:crypto';
import type { Agent } from 'node:http';
import * as forge from 'node-forge';
import { parse as parsePlist } from 'plist';
import {
  AppleCommand,
  AppleCommandRequest,
  CHECK_IN_CONTENT_TYPE,
  COMMAND_CONTENT_TYPE,
  CommandStatus,
  SIGNATURE_HEADER,
} from '../../src/device-channel/contract/apple-mdm';
import { encodePlist, PlistValue, real } from '../../src/device-channel/contract/apple-plist';
import {
  AppleTransportOptions,
  identityAgent,
  send as sendRequest,
  sharedAgent,
} from './apple-transport';
import { AppleDeviceFacts } from './device-facts';
import { queryResponses } from './device-information-keys';

/**
 * A simulated iPhone, iPad or Mac speaking Apple's MDM protocol to any Apple MDM server: it installs
 * the enrollment profile (identity and com.apple.mdm payload), checks in on the profile's
 * CheckInURL, and polls the ServerURL, answering each command as Apple's devices do — with the keys
 * its model, OS version and enrollment type report (device-information-keys.ts). Every message is
 * signed with the profile's identity (Mdm-Signature), or sent over a TLS connection that presents
 * it as client certificate (identityOverTls). Point it at NanoMDM by giving it a profile that
 * server issued (docs/apple-mdm.md).
 */

export interface InstalledProfile {
  serverUrl: string;
  checkInUrl: string;
  topic: string;
  key: forge.pki.PrivateKey;
  /** The same key for Node's native RSA: forge's JavaScript RSA takes tens of milliseconds a signature. */
  keyPem: string;
  certificate: forge.pki.Certificate;
}

export class AppleMdmError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** An installed profile as it is kept between runs: the URLs, the topic and the identity as PEM. */
export interface AppleIdentity {
  serverUrl: string;
  checkInUrl: string;
  topic: string;
  keyPem: string;
  certificatePem: string;
}

/** What happened to one command the server sent. */
export interface HandledCommand {
  commandUuid: string;
  requestType: string;
  status: CommandStatus;
}

export class AppleMdmDevice {
  private profile: InstalledProfile | null = null;
  /** Erased, or its MDM profile removed: it no longer talks to the server. */
  private gone = false;
  readonly handled: HandledCommand[] = [];

  /** Called with the round-trip time of each message on the ServerURL that was answered. */
  onServerAnswer?: (latencyMs: number) => void;

  /** Presents the identity as TLS client certificate (identityOverTls), made when first needed. */
  private tlsAgent: Agent | null = null;

  /** The device as it is now: churn (apps, free storage) changes it between polls. */
  constructor(
    public facts: AppleDeviceFacts,
    readonly transport: AppleTransportOptions = {},
  ) {}

  get enrolled(): boolean {
    return this.profile !== null && !this.gone;
  }

  /** Installs a `.mobileconfig`: its com.apple.mdm payload and the identity it names. */
  installProfile(mobileconfig: string | Buffer): void {
    const root = parsePlist(mobileconfig.toString()) as Record<string, unknown>;
    const payloads = (root.PayloadContent ?? []) as Record<string, unknown>[];
    const mdm = payloads.find((payload) => payload.PayloadType === 'com.apple.mdm');
    if (!mdm) throw new Error('the profile has no com.apple.mdm payload');
    const identity = payloads.find(
      (payload) => payload.PayloadUUID === mdm.IdentityCertificateUUID,
    );
    if (!identity) throw new Error('the profile lacks the identity its MDM payload names');
    const p12 = forge.pkcs12.pkcs12FromAsn1(
      forge.asn1.fromDer(Buffer.from(identity.PayloadContent as Uint8Array).toString('binary')),
      String(identity.Password ?? ''),
    );
    const keyBag = p12.getBags({ bagType: forge.pki.oids.pkcs8ShroudedKeyBag })[
      forge.pki.oids.pkcs8ShroudedKeyBag
    ]?.[0];
    const certificates = (
      p12.getBags({ bagType: forge.pki.oids.certBag })[forge.pki.oids.certBag] ?? []
    )
      .map((bag) => bag.cert)
      .filter((cert): cert is forge.pki.Certificate => cert !== undefined && cert !== null);
    const key = keyBag?.key;
    if (!key) throw new Error('the identity has no private key');
    const publicKey = forge.pki.setRsaPublicKey(
      (key as forge.pki.rsa.PrivateKey).n,
      (key as forge.pki.rsa.PrivateKey).e,
    );
    const modulus = (publicKey as forge.pki.rsa.PublicKey).n.toString(16);
    const certificate = certificates.find(
      (cert) => (cert.publicKey as forge.pki.rsa.PublicKey).n.toString(16) === modulus,
    );
    if (!certificate) throw new Error('the identity has no certificate for its key');
    this.forgetTlsAgent();
    this.profile = {
      serverUrl: String(mdm.ServerURL),
      checkInUrl: String(mdm.CheckInURL ?? mdm.ServerURL),
      topic: String(mdm.Topic),
      key,
      keyPem: forge.pki.privateKeyToPem(key),
      certificate,
    };
  }

  /** The installed profile, to be kept: a device keeps its identity across simulator runs. */
  identity(): AppleIdentity {
    const { serverUrl, checkInUrl, topic, keyPem, certificate } = this.installed;
    return {
      serverUrl,
      checkInUrl,
      topic,
      keyPem,
      certificatePem: forge.pki.certificateToPem(certificate),
    };
  }

  /** The profile installed in an earlier run, as identity() gave it. */
  restoreIdentity(identity: AppleIdentity): void {
    this.forgetTlsAgent();
    this.profile = {
      serverUrl: identity.serverUrl,
      checkInUrl: identity.checkInUrl,
      topic: identity.topic,
      key: forge.pki.privateKeyFromPem(identity.keyPem),
      keyPem: identity.keyPem,
      certificate: forge.pki.certificateFromPem(identity.certificatePem),
    };
    this.gone = false;
  }

  /** Authenticate, then TokenUpdate: what a device does right after installing the profile. */
  async enroll(): Promise<void> {
    await this.checkIn(this.authenticateMessage());
    await this.checkIn({
      MessageType: 'TokenUpdate',
      Topic: this.installed.topic,
      ...this.ids(),
      Token: Buffer.from(this.facts.udid.replace(/-/g, '').padEnd(64, '0').slice(0, 64), 'hex'),
      PushMagic: `pm-${this.facts.enrollmentId}`,
      AwaitingConfiguration: false,
      ...(this.facts.platform === 'macos' ? { NotOnConsole: false } : {}),
    });
  }

  /** The user removes the MDM profile: the device says so (CheckOutWhenRemoved) and is gone. */
  async checkOut(): Promise<void> {
    await this.checkIn({ MessageType: 'CheckOut', Topic: this.installed.topic, ...this.ids() });
    this.gone = true;
  }

  /**
   * One poll of the ServerURL: Idle, then an answer to each command the server sends, until it has
   * none left. Returns the commands handled in this poll.
   */
  async poll(): Promise<HandledCommand[]> {
    const handled: HandledCommand[] = [];
    let message: Record<string, PlistValue> = { Status: 'Idle', ...this.ids() };
    for (;;) {
      const answer = await this.send(this.installed.serverUrl, COMMAND_CONTENT_TYPE, message);
      if (this.gone || answer.length === 0) break;
      const command = parsePlist(answer.toString('utf8')) as unknown as AppleCommand;
      const result = this.answer(command.Command);
      handled.push({
        commandUuid: command.CommandUUID,
        requestType: command.Command.RequestType,
        status: result.Status as CommandStatus,
      });
      message = { ...result, CommandUUID: command.CommandUUID, ...this.ids() };
      if (result.Status === 'Acknowledged' && command.Command.RequestType === 'EraseDevice') {
        await this.send(this.installed.serverUrl, COMMAND_CONTENT_TYPE, message);
        this.gone = true;
        break;
      }
      if (result.Status === 'Acknowledged' && command.Command.RequestType === 'RemoveProfile') {
        await this.send(this.installed.serverUrl, COMMAND_CONTENT_TYPE, message);
        await this.checkOut();
        break;
      }
    }
    this.handled.push(...handled);
    return handled;
  }

  /** The result of one command, as this device would give it. */
  answer(command: AppleCommandRequest): Record<string, PlistValue> {
    const facts = this.facts;
    const userEnrollment = facts.kind === 'user';
    const error = (code: number, description: string) => ({
      Status: 'Error',
      ErrorChain: [
        {
          ErrorCode: code,
          ErrorDomain: 'MCMDMErrorDomain',
          LocalizedDescription: description,
          USEnglishDescription: description,
        },
      ],
    });
    switch (command.RequestType) {
      case 'DeviceInformation':
        return {
          Status: 'Acknowledged',
          QueryResponses: queryResponses(facts, command.Queries),
        };
      case 'InstalledApplicationList': {
        if (facts.platform === 'macos' && userEnrollment) {
          return error(12021, 'InstalledApplicationList is not available under User Enrollment.');
        }
        // Under User Enrollment a device lists only the apps management installed.
        const managedOnly = command.ManagedAppsOnly === true || userEnrollment;
        return {
          Status: 'Acknowledged',
          InstalledApplicationList: facts.apps
            .filter((app) => app.managed || !managedOnly)
            .map((app) => ({
              Identifier: app.identifier,
              Name: app.name,
              ShortVersion: app.shortVersion,
              Version: app.version,
              BundleSize: app.bundleSize,
              Installing: false,
            })),
        };
      }
      case 'ManagedApplicationList':
        return {
          Status: 'Acknowledged',
          ManagedApplicationList: Object.fromEntries(
            facts.apps
              .filter((app) => app.managed)
              .map((app) => [app.identifier, { Status: 'Managed', ManagementFlags: 1 }]),
          ),
        };
      case 'DeviceLock':
        if (facts.platform === 'macos' && userEnrollment) {
          return error(12064, 'DeviceLock is not available under User Enrollment.');
        }
        return { Status: 'Acknowledged' };
      case 'RestartDevice':
      case 'ShutDownDevice':
        // iOS: supervised devices only; never under User Enrollment.
        if (userEnrollment || (facts.platform === 'ios' && !facts.supervised)) {
          return error(12081, `${command.RequestType} requires a supervised device.`);
        }
        return { Status: 'Acknowledged' };
      case 'EraseDevice':
        if (userEnrollment)
          return error(12064, 'EraseDevice is not available under User Enrollment.');
        return { Status: 'Acknowledged' };
      case 'RemoveProfile':
        return { Status: 'Acknowledged' };
      case 'DeviceLocation':
        if (facts.platform !== 'ios' || !facts.supervised || !facts.lostMode || !facts.location) {
          return error(12067, 'The device is not in lost mode.');
        }
        return {
          Status: 'Acknowledged',
          Latitude: real(facts.location.latitude),
          Longitude: real(facts.location.longitude),
          HorizontalAccuracy: real(facts.location.accuracy),
          VerticalAccuracy: real(-1),
          Altitude: real(0),
          Speed: real(-1),
          Course: real(-1),
          Timestamp: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
        };
      default:
        return { Status: 'CommandFormatError' };
    }
  }

  /** Authenticate as the platform sends it: Macs add DeviceName, ModelName and Model. */
  authenticateMessage(): Record<string, PlistValue> {
    const facts = this.facts;
    const userEnrollment = facts.kind === 'user';
    const message: Record<string, PlistValue> = {
      MessageType: 'Authenticate',
      Topic: this.installed.topic,
      ...this.ids(),
      OSVersion: facts.osVersion,
      BuildVersion: facts.buildVersion,
      ProductName: facts.productName,
    };
    if (facts.platform === 'macos') {
      message.DeviceName = facts.deviceName;
      message.ModelName = facts.modelName;
      message.Model = facts.model;
    }
    if (!userEnrollment) {
      message.SerialNumber = facts.serialNumber;
      if (facts.imei) message.IMEI = facts.imei;
      if (facts.meid) message.MEID = facts.meid;
    }
    return message;
  }

  /** UDID, or under User Enrollment the EnrollmentID that replaces it. */
  ids(): Record<string, string> {
    return this.facts.kind === 'user'
      ? { EnrollmentID: this.facts.enrollmentId }
      : { UDID: this.facts.udid };
  }

  async checkIn(message: Record<string, PlistValue>): Promise<void> {
    await this.send(this.installed.checkInUrl, CHECK_IN_CONTENT_TYPE, message);
  }

  /**
   * PUTs a plist, signed (Mdm-Signature) or over a connection that presents the identity;
   * resolves to the response body (empty when the server has nothing to say).
   */
  async send(
    url: string,
    contentType: string,
    message: Record<string, PlistValue>,
  ): Promise<Buffer> {
    const body = Buffer.from(encodePlist(message), 'utf8');
    const started = performance.now();
    const target = new URL(url);
    const overTls = this.transport.identityOverTls === true;
    if (overTls && target.protocol !== 'https:') {
      throw new Error(
        `${url}: the identity can be presented as TLS client certificate over https only`,
      );
    }
    const answer = await sendRequest(
      'PUT',
      target,
      overTls ? this.identityAgent() : sharedAgent(target, this.transport),
      this.transport,
      {
        'content-type': contentType,
        ...(overTls ? {} : { [SIGNATURE_HEADER]: this.sign(body) }),
      },
      body,
    );
    if (answer.status < 200 || answer.status > 299) {
      throw new AppleMdmError(
        answer.status,
        `${String(message.MessageType ?? message.Status)}: HTTP ${answer.status} ${answer.body.toString('utf8').slice(0, 300)}`,
      );
    }
    if (contentType === COMMAND_CONTENT_TYPE) this.onServerAnswer?.(performance.now() - started);
    return answer.body;
  }

  private identityAgent(): Agent {
    this.tlsAgent ??= identityAgent(this.identityPem(), this.transport);
    return this.tlsAgent;
  }

  private forgetTlsAgent(): void {
    this.tlsAgent?.destroy();
    this.tlsAgent = null;
  }

  /** The profile's identity as PEM: what the device presents as its TLS client certificate. */
  identityPem(): { key: string; cert: string } {
    const { keyPem, certificate } = this.installed;
    return { key: keyPem, cert: forge.pki.certificateToPem(certificate) };
  }

  /** The CMS detached signature over the body, made with the profile's identity. */
  sign(body: Buffer): string {
    const { keyPem, certificate } = this.installed;
    const signed = forge.pkcs7.createSignedData();
    signed.content = forge.util.createBuffer(body.toString('binary'));
    signed.addCertificate(certificate);
    signed.addSigner({
      key: nativeRsaKey(keyPem),
      certificate,
      digestAlgorithm: forge.pki.oids.sha256,
      authenticatedAttributes: [
        { type: forge.pki.oids.contentType, value: forge.pki.oids.data },
        { type: forge.pki.oids.messageDigest },
        // forge takes a Date here, though its types say string.
        { type: forge.pki.oids.signingTime, value: new Date() as unknown as string },
      ],
    });
    signed.sign({ detached: true });
    return Buffer.from(forge.asn1.toDer(signed.toAsn1()).getBytes(), 'binary').toString('base64');
  }

  private get installed(): InstalledProfile {
    if (!this.profile) throw new Error('no enrollment profile is installed');
    return this.profile;
  }
}

/**
 * A private key forge can sign with, whose RSA runs natively: forge hands over the digest, and
 * RSASSA-PKCS1-v1_5 is the PKCS#1 type-1 encryption of its DigestInfo.
 */
function nativeRsaKey(pem: string): forge.pki.rsa.PrivateKey {
  const sha256 = forge.asn1.oidToDer(forge.pki.oids.sha256).getBytes();
  const { asn1 } = forge;
  return {
    sign: (md: forge.md.MessageDigest) => {
      const digestInfo = asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SEQUENCE, true, [
        asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SEQUENCE, true, [
          asn1.create(asn1.Class.UNIVERSAL, asn1.Type.OID, false, sha256),
          asn1.create(asn1.Class.UNIVERSAL, asn1.Type.NULL, false, ''),
        ]),
        asn1.create(asn1.Class.UNIVERSAL, asn1.Type.OCTETSTRING, false, md.digest().getBytes()),
      ]);
      const encoded = Buffer.from(asn1.toDer(digestInfo).getBytes(), 'binary');
      return privateEncrypt({ key: pem, padding: constants.RSA_PKCS1_PADDING }, encoded).toString(
        'binary',
      );
    },
  } as unknown as forge.pki.rsa.PrivateKey;
}

/** Fetches an enrollment profile (our server: `/mdm/apple/enroll?token=…&type=…`). */
export async function fetchProfile(
  url: string,
  transport: AppleTransportOptions = {},
): Promise<string> {
  const target = new URL(url);
  const answer = await sendRequest('GET', target, sharedAgent(target, transport), transport);
  const text = answer.body.toString('utf8');
  if (answer.status < 200 || answer.status > 299)
    throw new AppleMdmError(answer.status, `profile: HTTP ${answer.status} ${text.slice(0, 300)}`);
  return text;
}
