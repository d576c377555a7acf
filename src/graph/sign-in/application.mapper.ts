import { dateTimeOrNull } from '../../common/date-times';
import { AppRegistrationRow, ClientSecretRow, permissionsOf } from './app-registrations.service';

/** A client secret as listed: its hint and dates, never the secret (Entra's passwordCredential). */
export interface ClientSecretView {
  keyId: string;
  hint: string;
  startDateTime: string | null;
  endDateTime: string | null;
  revokedDateTime: string | null;
}

/** An app registration with its granted application permissions (our resource, Entra's words). */
export interface ApplicationView {
  id: string;
  appId: string;
  displayName: string;
  roles: string[];
  createdDateTime: string | null;
  revokedDateTime: string | null;
  passwordCredentials: ClientSecretView[];
}

export const mapClientSecret = (secret: ClientSecretRow): ClientSecretView => ({
  keyId: secret.id,
  hint: secret.hint,
  startDateTime: dateTimeOrNull(Number(secret.created_at)),
  endDateTime: dateTimeOrNull(secret.expires_at === null ? null : Number(secret.expires_at)),
  revokedDateTime: dateTimeOrNull(secret.revoked_at === null ? null : Number(secret.revoked_at)),
});

export const mapApplication = (
  app: AppRegistrationRow,
  secrets: ClientSecretRow[],
): ApplicationView => ({
  id: app.id,
  appId: app.client_id,
  displayName: app.display_name,
  roles: permissionsOf(app),
  createdDateTime: dateTimeOrNull(Number(app.created_at)),
  revokedDateTime: dateTimeOrNull(app.revoked_at === null ? null : Number(app.revoked_at)),
  passwordCredentials: secrets.filter((s) => s.app_id === app.id).map(mapClientSecret),
});
