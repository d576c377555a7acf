import { Column, Entity, PrimaryColumn } from 'typeorm';
import { CorporateIdentifierKey } from '../../../rules';
import { bigintAsNumber } from '../column-transformers';

export type CorporateIdentifierKind = CorporateIdentifierKey['kind'];
export type CorporateIdentifierEnrollmentState = 'notContacted' | 'enrolled';

/** An identifier an administrator imported to mark a device as corporate before it enrolls. */
@Entity('corporate_identifier')
export class CorporateIdentifier {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ name: 'tenant_id', type: 'varchar', length: 36 })
  tenantId!: string;

  @Column({ type: 'varchar', length: 32 })
  kind!: CorporateIdentifierKind;

  /** Canonical form: see corporateIdentifierCandidates in the collection rules. */
  @Column({ type: 'varchar', length: 400 })
  value!: string;

  @Column({ type: 'varchar', length: 256, nullable: true })
  description!: string | null;

  @Column({ name: 'enrollment_state', type: 'varchar', length: 16 })
  enrollmentState!: CorporateIdentifierEnrollmentState;

  @Column({
    name: 'last_contacted_at',
    type: 'bigint',
    nullable: true,
    transformer: bigintAsNumber,
  })
  lastContactedAt!: number | null;

  @Column({ name: 'created_at', type: 'bigint', transformer: bigintAsNumber })
  createdAt!: number;

  /** Changes when an import overwrites the description. */
  @Column({ name: 'updated_at', type: 'bigint', nullable: true, transformer: bigintAsNumber })
  updatedAt!: number | null;
}
