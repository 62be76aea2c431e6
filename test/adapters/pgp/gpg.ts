/**
 * Real GnuPG for the PGP interop tests: a throwaway GNUPGHOME per suite, unprotected test keys made with
 * `--quick-gen-key`, armored public export, `--decrypt` to a file. Every call runs with `--batch`
 * (no prompt, no pinentry) and the agent of that home is killed in `dispose()`.
 * @module
 */

import { spawn, spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

const NO_PASS = ['--batch', '--pinentry-mode', 'loopback', '--passphrase', '']

export type Gpg = {
  readonly home: string
  /** `gpg --quick-gen-key <uid> <algo> <usage> <expire>`; returns the primary fingerprint. */
  genKey(uid: string, algo: string, usage?: string, expire?: string, extra?: readonly string[]): string
  /** `gpg --quick-add-key <fpr> <algo> <usage> <expire>` (a subkey). */
  addKey(fpr: string, algo: string, usage: string, expire?: string): void
  exportPublic(uid: string): string
  exportSecret(uid: string): string
  /** `gpg --decrypt --output <out> <file>`; resolves with gpg's stderr (it names the key and algorithm). */
  decryptFile(file: string, out: string): Promise<string>
  /** Runs gpg in this home, `input` on stdin; throws with stderr on a non-zero exit. */
  run(args: readonly string[], input?: string): string
  dispose(): void
}

export function tempGpg(gpgPath: string): Gpg {
  const home = mkdtempSync(join(tmpdir(), 'varco-gpg-'))
  const env = { ...process.env, GNUPGHOME: home, LC_ALL: 'C' }
  const run = (args: readonly string[], input?: string): string => {
    const r = spawnSync(gpgPath, ['--homedir', home, ...args], { env, encoding: 'utf8', ...(input === undefined ? {} : { input }) })
    if (r.status !== 0) throw new Error(`gpg ${args.join(' ')} failed (${r.status}): ${r.stderr}`)
    return r.stdout
  }
  return {
    home,
    run,
    genKey(uid, algo, usage = 'default', expire = 'never', extra = []) {
      run([...NO_PASS, ...extra, '--quick-gen-key', uid, algo, usage, expire])
      const colons = run(['--with-colons', '--list-keys', uid])
      const fpr = colons.split('\n').find((l) => l.startsWith('fpr:'))
      if (!fpr) throw new Error(`no fingerprint for ${uid}`)
      return fpr.split(':')[9] ?? ''
    },
    addKey(fpr, algo, usage, expire = 'never') {
      run([...NO_PASS, '--quick-add-key', fpr, algo, usage, expire])
    },
    exportPublic: (uid) => run(['--batch', '--armor', '--export', uid]),
    exportSecret: (uid) => run([...NO_PASS, '--armor', '--export-secret-keys', uid]),
    decryptFile(file, out) {
      return new Promise((resolve, reject) => {
        const p = spawn(gpgPath, ['--homedir', home, ...NO_PASS, '--yes', '--output', out, '--decrypt', file], { env })
        let stderr = ''
        p.stderr.on('data', (d: Buffer) => {
          stderr += d.toString('utf8')
        })
        p.on('error', reject)
        p.on('close', (code) => (code === 0 ? resolve(stderr) : reject(new Error(`gpg --decrypt failed (${code}): ${stderr}`))))
      })
    },
    dispose() {
      spawnSync('gpgconf', ['--homedir', home, '--kill', 'gpg-agent'], { env })
      rmSync(home, { recursive: true, force: true })
    },
  }
}
