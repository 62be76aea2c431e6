export function sqldWalArgs(dbPath: string): string[]
