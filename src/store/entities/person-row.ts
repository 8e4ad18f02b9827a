import { Column, Entity, PrimaryColumn } from 'typeorm';
import { CODE, ID, NAME, TIMESTAMP } from './column-types.js';

@Entity({ name: 'people' })
export class PersonRow {
  @PrimaryColumn({ ...ID, name: 'id' })
  id!: string;

  @Column({ ...NAME, name: 'name' })
  name!: string;

  @Column({ ...CODE, name: 'role' })
  role!: string;

  @Column({ ...TIMESTAMP, name: 'updated_at' })
  updatedAt!: Date;
}
