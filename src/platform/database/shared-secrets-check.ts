import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { createHmac } from 'node:crypto';
import { DataSource } from 'typeorm';
import { ServerSecrets } from '../secrets';
import { ConfigError } from '../config/config';
import { SERVER_SECRETS } from '../tokens';

/** A keyed hash of a fixed text: tells whether two secrets are equal and nothing about them. */
export function secretFingerprint(secret: string): string {
  return createHmac('sha256', secret).update('device-inventory-collector secret').digest('hex');
}

/**
 * Every instance on one database must hold the same secrets. The first start records their
 * fingerprints in the database; a later start (another instance, the admin CLI, a restart) compares.
 * A different TOKEN_PEPPER would refuse every token and device credential, so it stops start-up
 * with what to do. A different PSEUDONYM_KEY may be deliberate (a new key makes stored pseudonyms
 * anonymous), so it is recorded as the current key, with a warning.
 */
@Injectable()
export class SharedSecretsCheck implements OnModuleInit {
  private readonly logger = new Logger('SharedSecrets');

  constructor(
    private readonly dataSource: DataSource,
    @Inject(SERVER_SECRETS) private readonly secrets: ServerSecrets,
  ) {}

  async onModuleInit(): Promise<void> {
    if ((await this.recorded('tokenPepper')) !== secretFingerprint(this.secrets.tokenPepper)) {
      throw new ConfigError(
        'TOKEN_PEPPER differs from the one this database was set up with, so no token or device ' +
          'credential would be accepted. Every server instance and the admin CLI on one database ' +
          'need the same TOKEN_PEPPER (or the same DATA_DIR, whose secrets.json holds it).',
      );
    }
    const pseudonymKey = secretFingerprint(this.secrets.pseudonymKey);
    if ((await this.recorded('pseudonymKey')) !== pseudonymKey) {
      this.logger.warn(
        'PSEUDONYM_KEY differs from the one last used on this database: diagnostics stored so far ' +
          'can no longer be tied to devices. If several instances run, they must share PSEUDONYM_KEY.',
      );
      await this.query('UPDATE server_secret SET fingerprint = ? WHERE name = ?', [
        pseudonymKey,
        'pseudonymKey',
      ]);
    }
  }

  /** The recorded fingerprint; ours is recorded first when there is none yet (the first start). */
  private async recorded(name: keyof ServerSecrets): Promise<string> {
    await this.query(
      'INSERT INTO server_secret (name, fingerprint) VALUES (?, ?) ON CONFLICT (name) DO NOTHING',
      [name, secretFingerprint(this.secrets[name])],
    );
    const [row] = await this.query<{ fingerprint: string }>(
      'SELECT fingerprint FROM server_secret WHERE name = ?',
      [name],
    );
    return row.fingerprint;
  }

  private query<T>(sql: string, params: unknown[]): Promise<T[]> {
    let index = 0;
    const postgres = this.dataSource.options.type === 'postgres';
    return this.dataSource.query(postgres ? sql.replace(/\?/g, () => `$${++index}`) : sql, params);
  }
}
