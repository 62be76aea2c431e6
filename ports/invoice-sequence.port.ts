/**
 * The ProgressivoInvio counter per transmitter (IdPaese + IdCodice): every call returns a number
 * never returned before for that transmitter, across processes and isolates (the file name built
 * from it must never repeat, SDI 00002). Gaps are allowed (a refused invoice consumes its number).
 * @module
 */
export interface InvoiceSequence {
  next(transmitter: string): Promise<number>
}
