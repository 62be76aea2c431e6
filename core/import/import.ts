/**
 * A CSV import of dovuti (opencity.md §8) as a resource: which service it fills, how far it got and
 * what it did with each row. Counts are of data rows (the header is not one): every row ends up
 * created, skipped (already imported) or failed (with at least one RowError).
 * @module
 */

export const IMPORT_STATUSES = ['running', 'completed', 'failed'] as const
export type ImportStatus = (typeof IMPORT_STATUSES)[number]

export type Import = {
  readonly id: string
  readonly tenant_id: string
  readonly service_id: string
  readonly status: ImportStatus
  readonly rows_total: number
  readonly rows_created: number
  readonly rows_skipped: number
  readonly rows_failed: number
  /** Why a `failed` import stopped (e.g. the upload broke off); null otherwise. */
  readonly error: string | null
  readonly created_at: Date
  readonly updated_at: Date
  readonly finished_at: Date | null
}

/** What one chunk of rows added to an import. */
export type ImportProgress = {
  readonly rows: number
  readonly created: number
  readonly skipped: number
  readonly failed: number
}

/**
 * One problem of one row. `row` is the record number in the file (the header is row 1, so it is the
 * row a spreadsheet shows); `field` is a column name, or `(row)` for the record as a whole.
 */
export type RowError = { readonly row: number; readonly field: string; readonly message: string }

export const WHOLE_ROW = '(row)'
