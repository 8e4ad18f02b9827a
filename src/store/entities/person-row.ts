import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { CODE, ID, NAME, TEXT, TIMESTAMP } from './column-types.js';

/** A contact id bound to a role (design.md, "Identity"): the only source of power in chat. */
@Entity({ name: 'people' })
@Index('UQ_people_remark', ['remark'], { unique: true })
export class PersonRow {
  @PrimaryColumn({ ...ID, name: 'id' })
  id!: string;

  /** What the bot calls them: from the invitation or the config, never their nickname. */
  @Column({ ...NAME, name: 'name' })
  name!: string;

  @Column({ ...CODE, name: 'role' })
  role!: string;

  /** JSON array of community ids; null for all. */
  @Column({ ...TEXT, name: 'communities', nullable: true })
  communities!: string | null;

  /** The remark the bot set on the contact, to follow it to a new id after a re-login. */
  @Column({ type: 'varchar', length: 64, name: 'remark', nullable: true })
  remark!: string | null;

  @Column({ ...ID, name: 'bound_by_id' })
  boundById!: string;

  @Column({ ...NAME, name: 'bound_by_name' })
  boundByName!: string;

  @Column({ ...TIMESTAMP, name: 'bound_at' })
  boundAt!: Date;

  @Column({ ...TIMESTAMP, name: 'updated_at' })
  updatedAt!: Date;
}
