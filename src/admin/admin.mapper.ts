import { dateTimeOrNull } from '../platform/http/date-times';
import { graphDateTime } from '../platform/http/graph-values';
import { AdminToken } from '../platform/database/entities/admin-token.entity';
import { Admin } from '../platform/database/entities/admin.entity';
import { EnrollmentToken } from '../platform/database/entities/enrollment-token.entity';

export type TokenState = 'active' | 'expired' | 'revoked';

/** The public shape of a token: never its hash, and the secret itself only in `token` at creation. */
export interface TokenView {
  id: string;
  state: TokenState;
  createdDateTime: string;
  expiresDateTime: string | null;
  revokedDateTime: string | null;
}

export interface AdminView {
  id: string;
  userPrincipalName: string;
  displayName: string | null;
  role: Admin['role'];
  createdDateTime: string;
  revokedDateTime: string | null;
  tokens: TokenView[];
}

export interface EnrollmentTokenView extends TokenView {
  description: string | null;
}

function tokenState(row: { expiresAt: number | null; revokedAt: number | null }, now: number) {
  if (row.revokedAt !== null) return 'revoked';
  return row.expiresAt !== null && row.expiresAt <= now ? 'expired' : 'active';
}

export function mapAdminToken(row: AdminToken, now = Date.now()): TokenView {
  return {
    id: row.id,
    state: tokenState(row, now),
    createdDateTime: graphDateTime(row.createdAt),
    expiresDateTime: dateTimeOrNull(row.expiresAt),
    revokedDateTime: dateTimeOrNull(row.revokedAt),
  };
}

export function mapAdmin(admin: Admin, tokens: readonly AdminToken[], now = Date.now()): AdminView {
  return {
    id: admin.id,
    userPrincipalName: admin.userPrincipalName,
    displayName: admin.displayName,
    role: admin.role,
    createdDateTime: graphDateTime(admin.createdAt),
    revokedDateTime: dateTimeOrNull(admin.revokedAt),
    tokens: tokens.map((token) => mapAdminToken(token, now)),
  };
}

export function mapEnrollmentToken(row: EnrollmentToken, now = Date.now()): EnrollmentTokenView {
  return {
    id: row.id,
    description: row.description,
    state: tokenState(row, now),
    createdDateTime: graphDateTime(row.createdAt),
    expiresDateTime: dateTimeOrNull(row.expiresAt),
    revokedDateTime: dateTimeOrNull(row.revokedAt),
  };
}
