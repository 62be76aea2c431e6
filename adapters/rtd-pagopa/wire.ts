/**
 * pagoPA's RTD sender payloads (spec pagopa.md B3) as zod schemas: the SAS answer, the file report
 * v2 and the ADEACK list. Loose on purpose (`passthrough` is not needed: unknown fields are dropped);
 * not exported from the folder.
 * @module
 */

import { z } from 'zod'

/** `POST /rtd/csv-transaction/ade/sas` → 201. */
export const SasResponse = z.object({ sas: z.string().min(1), authorizedContainer: z.string().min(1) })

/** The statuses of rtd-ms-file-reporter's `FileStatusEnum`. */
export const FILE_STATUSES = [
  'RECEIVED_BY_PAGOPA',
  'VALIDATED_BY_PAGOPA',
  'SENT_TO_AGENZIA_DELLE_ENTRATE',
  'ACK_TO_DOWNLOAD',
  'ACK_DOWNLOADED',
] as const

const DataSummary = z.object({
  minAccountingDate: z.string().nullish(),
  maxAccountingDate: z.string().nullish(),
  numberOfMerchants: z.number().int(),
  countNegativeTransactions: z.number().int(),
  countPositiveTransactions: z.number().int(),
  sumAmountNegativeTransactions: z.number().int(),
  sumAmountPositiveTransactions: z.number().int(),
  sha256OriginFile: z.string().nullish(),
})
export type WireDataSummary = z.infer<typeof DataSummary>

export const FileReportV2 = z.object({
  filesRecentlyUploaded: z
    .array(
      z.object({
        name: z.string(),
        size: z.number().int().nonnegative(),
        status: z.string(),
        transmissionDate: z.string(),
        dataSummary: DataSummary.nullish(),
      }),
    )
    .nullish(),
})
export type WireReportedFile = NonNullable<z.infer<typeof FileReportV2>['filesRecentlyUploaded']>[number]

/** `GET /rtd/file-register/sender-ade-ack`. */
export const AckList = z.object({ fileNameList: z.array(z.string()).nullish() })
