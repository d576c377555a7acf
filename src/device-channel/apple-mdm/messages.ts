import {
  AuthenticateMessage,
  CHECK_IN_MESSAGE_TYPES,
  CheckInMessage,
  COMMAND_STATUSES,
  CommandStatus,
  ErrorChainItem,
} from '../contract/apple-mdm';

/**
 * Typed messages from the plists devices send: `MessageType` first, then each key the server reads
 * checked against the type Apple's schema gives it (mdm/checkin/*.yaml, mdm/commands/*.yaml). A
 * problem names the key, never its value.
 */

export class MessageProblem extends Error {
  constructor(
    readonly key: string,
    message: string,
  ) {
    super(message);
  }
}

type Dict = Record<string, unknown>;

const MAX_TEXT = 1024;

export function asDict(value: unknown, key: string): Dict {
  if (
    typeof value !== 'object' ||
    value === null ||
    Array.isArray(value) ||
    value instanceof Date ||
    value instanceof Uint8Array
  ) {
    throw new MessageProblem(key, `Invalid field '${key}': must be a <dict>.`);
  }
  return value as Dict;
}

export function optionalString(dict: Dict, key: string, path = key): string | undefined {
  const value = dict[key];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') {
    throw new MessageProblem(path, `Invalid field '${path}': must be a <string>.`);
  }
  if (value.length > MAX_TEXT) {
    throw new MessageProblem(path, `Invalid field '${path}': at most ${MAX_TEXT} characters.`);
  }
  return value;
}

export function requiredString(dict: Dict, key: string, path = key): string {
  const value = optionalString(dict, key, path);
  if (value === undefined || value === '') {
    throw new MessageProblem(path, `Invalid field '${path}': is required.`);
  }
  return value;
}

export function optionalBoolean(dict: Dict, key: string, path = key): boolean | undefined {
  const value = dict[key];
  if (value === undefined) return undefined;
  if (typeof value !== 'boolean') {
    throw new MessageProblem(path, `Invalid field '${path}': must be <true/> or <false/>.`);
  }
  return value;
}

export function optionalNumber(dict: Dict, key: string, path = key): number | undefined {
  const value = dict[key];
  if (value === undefined) return undefined;
  if (typeof value !== 'number') {
    throw new MessageProblem(path, `Invalid field '${path}': must be a number.`);
  }
  return value;
}

export function optionalData(dict: Dict, key: string, path = key): Uint8Array | undefined {
  const value = dict[key];
  if (value === undefined) return undefined;
  if (!(value instanceof Uint8Array)) {
    throw new MessageProblem(path, `Invalid field '${path}': must be <data>.`);
  }
  return value;
}

export function optionalArray(dict: Dict, key: string, path = key): unknown[] | undefined {
  const value = dict[key];
  if (value === undefined) return undefined;
  if (!Array.isArray(value)) {
    throw new MessageProblem(path, `Invalid field '${path}': must be an <array>.`);
  }
  return value;
}

/** Who sent the message: the UDID, or the EnrollmentID under User Enrollment. */
export function enrollmentIdentityOf(dict: Dict): { udid?: string; enrollmentId?: string } {
  const udid = optionalString(dict, 'UDID');
  const enrollmentId = optionalString(dict, 'EnrollmentID');
  if (!udid && !enrollmentId) {
    throw new MessageProblem(
      'UDID',
      "Invalid field 'UDID': a UDID or an EnrollmentID is required.",
    );
  }
  return { udid, enrollmentId };
}

export function decodeCheckIn(plist: unknown): CheckInMessage {
  const dict = asDict(plist, 'plist');
  const messageType = requiredString(dict, 'MessageType');
  if (!(CHECK_IN_MESSAGE_TYPES as readonly string[]).includes(messageType)) {
    throw new MessageProblem(
      'MessageType',
      `Invalid field 'MessageType': must be one of ${CHECK_IN_MESSAGE_TYPES.join(', ')}.`,
    );
  }
  const { udid, enrollmentId } = enrollmentIdentityOf(dict);
  const common = { Topic: requiredString(dict, 'Topic'), UDID: udid, EnrollmentID: enrollmentId };
  switch (messageType) {
    case 'Authenticate': {
      const message: AuthenticateMessage = { MessageType: 'Authenticate', ...common };
      for (const key of [
        'DeviceName',
        'ModelName',
        'Model',
        'OSVersion',
        'BuildVersion',
        'ProductName',
        'SerialNumber',
        'IMEI',
        'MEID',
      ] as const) {
        const value = optionalString(dict, key);
        if (value !== undefined) message[key] = value;
      }
      return message;
    }
    case 'TokenUpdate': {
      const token = optionalData(dict, 'Token');
      if (!token) throw new MessageProblem('Token', "Invalid field 'Token': is required.");
      return {
        MessageType: 'TokenUpdate',
        ...common,
        Token: token,
        PushMagic: requiredString(dict, 'PushMagic'),
        UnlockToken: optionalData(dict, 'UnlockToken'),
        AwaitingConfiguration: optionalBoolean(dict, 'AwaitingConfiguration'),
        NotOnConsole: optionalBoolean(dict, 'NotOnConsole'),
        EnrollmentUserID: optionalString(dict, 'EnrollmentUserID'),
      };
    }
    default:
      return { MessageType: 'CheckOut', ...common };
  }
}

/** A message on the ServerURL: `Idle`, or the result of the command `CommandUUID`. */
export interface CommandReport {
  udid?: string;
  enrollmentId?: string;
  status: CommandStatus;
  commandUuid: string | null;
  errorChain: ErrorChainItem[];
  /** The whole message: the answer's own keys (QueryResponses, InstalledApplicationList, …). */
  body: Dict;
}

export function decodeCommandReport(plist: unknown): CommandReport {
  const dict = asDict(plist, 'plist');
  const status = requiredString(dict, 'Status');
  if (!(COMMAND_STATUSES as readonly string[]).includes(status)) {
    throw new MessageProblem(
      'Status',
      `Invalid field 'Status': must be one of ${COMMAND_STATUSES.join(', ')}.`,
    );
  }
  const commandUuid = optionalString(dict, 'CommandUUID') ?? null;
  if (status !== 'Idle' && !commandUuid) {
    throw new MessageProblem(
      'CommandUUID',
      "Invalid field 'CommandUUID': is required with a result.",
    );
  }
  const chain = optionalArray(dict, 'ErrorChain') ?? [];
  const errorChain = chain.map((item, index) => {
    const path = `ErrorChain[${index}]`;
    const entry = asDict(item, path);
    return {
      ErrorCode: optionalNumber(entry, 'ErrorCode', `${path}.ErrorCode`) ?? 0,
      ErrorDomain: optionalString(entry, 'ErrorDomain', `${path}.ErrorDomain`) ?? '',
      LocalizedDescription: optionalString(
        entry,
        'LocalizedDescription',
        `${path}.LocalizedDescription`,
      ),
      USEnglishDescription: optionalString(
        entry,
        'USEnglishDescription',
        `${path}.USEnglishDescription`,
      ),
    };
  });
  const { udid, enrollmentId } = enrollmentIdentityOf(dict);
  return {
    udid,
    enrollmentId,
    status: status as CommandStatus,
    commandUuid: status === 'Idle' ? null : commandUuid,
    errorChain,
    body: dict,
  };
}
