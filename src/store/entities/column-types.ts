// Column types shared by every entity. Each one must mean the same on SQLite, MariaDB and MySQL 8,
// because one entity definition serves all three and the schema test diffs it against each.
import type { ColumnOptions } from 'typeorm';

/** UTC instant with milliseconds: DATETIME(3) on MySQL/MariaDB, 'YYYY-MM-DD HH:MM:SS.SSS' text on SQLite. */
export const TIMESTAMP = { type: 'datetime', precision: 3 } as const satisfies ColumnOptions;

/** Chat ids (rooms, contacts, messages). WeChat ids are ~20–80 chars; 128 leaves room for other puppets. */
export const ID = { type: 'varchar', length: 128 } as const satisfies ColumnOptions;

/** People's display names and room topics; repositories clip longer values rather than fail. */
export const NAME = { type: 'varchar', length: 128 } as const satisfies ColumnOptions;
export const NAME_LENGTH = 128;

/** Short codes (status, kind, category…): varchar, not ENUM, because SQLite has no ENUM. */
export const CODE = { type: 'varchar', length: 32 } as const satisfies ColumnOptions;

/**
 * Free text typed by people. TEXT holds 65,535 bytes on MySQL: ~16k emoji or ~21k CJK characters,
 * well above what a WeChat message can carry.
 */
export const TEXT = { type: 'text' } as const satisfies ColumnOptions;

export const INT = { type: 'integer' } as const satisfies ColumnOptions;

/** Unique-indexed keys: 191 chars × 4 bytes stays under InnoDB's old 767-byte key-prefix limit. */
export const MESSAGE_ID = { type: 'varchar', length: 191 } as const satisfies ColumnOptions;
export const DEDUPE_KEY = { type: 'varchar', length: 191 } as const satisfies ColumnOptions;
