/**
 * The platform's billing settings (seed 000, `GET/PUT /billing/settings`): the cedente of every
 * package invoice, the bank account for transfers, the SDI switch and the Checkout return URLs.
 * Stored in the database with priority over the environment (`FATTURA_CEDENTE_*`, …); each key
 * answers with its label and where its value came from (`db | env | empty`). Secrets are
 * write-only: sealed at rest, shown only as set or not set. Pure: values come in as arguments.
 * @module
 */

import type { FieldIssue } from '../errors.ts'
import { isValidIban } from '../iban.ts'
import { isValidNumericTaxId } from '../tax-id.ts'

type Def = {
  readonly key: string
  readonly label: string
  readonly env: string
  readonly secret?: true
  /** null when valid; the message otherwise. Called on trimmed, non-empty values. */
  readonly check?: (v: string) => string | null
}

const pattern = (re: RegExp, message: string) => (v: string) => (re.test(v) ? null : message)
const url = (v: string) => (URL.canParse(v) && /^https?:$/.test(new URL(v).protocol) ? null : 'must be an http(s) URL')

export const SETTINGS = [
  {
    key: 'cedente_piva',
    label: 'Partita IVA del cedente',
    env: 'FATTURA_CEDENTE_PIVA',
    check: (v) => (isValidNumericTaxId(v) && v.length === 11 ? null : 'must be a valid 11-digit partita IVA'),
  },
  {
    key: 'cedente_nome',
    label: 'Denominazione del cedente',
    env: 'FATTURA_CEDENTE_NOME',
    check: (v) => (v.length <= 80 ? null : 'must be at most 80 characters'),
  },
  {
    key: 'cedente_indirizzo',
    label: 'Indirizzo del cedente',
    env: 'FATTURA_CEDENTE_INDIRIZZO',
    check: (v) => (v.length <= 60 ? null : 'must be at most 60 characters'),
  },
  { key: 'cedente_cap', label: 'CAP del cedente', env: 'FATTURA_CEDENTE_CAP', check: pattern(/^\d{5}$/, 'must be 5 digits') },
  {
    key: 'cedente_comune',
    label: 'Comune del cedente',
    env: 'FATTURA_CEDENTE_COMUNE',
    check: (v) => (v.length <= 60 ? null : 'must be at most 60 characters'),
  },
  {
    key: 'cedente_provincia',
    label: 'Provincia del cedente',
    env: 'FATTURA_CEDENTE_PROVINCIA',
    check: pattern(/^[A-Z]{2}$/, 'must be 2 capital letters (e.g. NA)'),
  },
  {
    key: 'cedente_iban',
    label: 'IBAN del cedente (in fattura)',
    env: 'FATTURA_CEDENTE_IBAN',
    check: (v) => (isValidIban(v) ? null : 'must be a valid IBAN'),
  },
  {
    key: 'cedente_regime',
    label: 'Regime fiscale del cedente',
    env: 'FATTURA_CEDENTE_REGIME',
    check: pattern(/^RF(0[1-9]|1[0-9])$/, 'must be RF01…RF19'),
  },
  {
    key: 'bonifico_iban',
    label: 'IBAN per bonifico',
    env: 'BONIFICO_IBAN',
    check: (v) => (isValidIban(v) ? null : 'must be a valid IBAN'),
  },
  {
    key: 'bonifico_bic',
    label: 'BIC per bonifico',
    env: 'BONIFICO_BIC',
    check: pattern(/^[A-Z]{4}[A-Z]{2}[A-Z0-9]{2}([A-Z0-9]{3})?$/, 'must be an 8- or 11-character BIC'),
  },
  {
    key: 'bonifico_beneficiario',
    label: 'Beneficiario del bonifico',
    env: 'BONIFICO_BENEFICIARIO',
    check: (v) => (v.length <= 70 ? null : 'must be at most 70 characters'),
  },
  {
    key: 'sdi_enabled',
    label: 'Invio automatico allo SDI',
    env: 'BILLING_SDI_ENABLED',
    check: pattern(/^(true|false)$/, 'must be true or false'),
  },
  { key: 'success_url', label: 'URL di ritorno (pagamento riuscito)', env: 'SUCCESS_URL', check: url },
  { key: 'cancel_url', label: 'URL di ritorno (pagamento annullato)', env: 'CANCEL_URL', check: url },
  { key: 'fattura_api_key', label: 'API key del servizio FatturaPA', env: 'FATTURA_API_KEY', secret: true },
] as const satisfies readonly Def[]

export type SettingKey = (typeof SETTINGS)[number]['key']
export const SETTING_KEYS: readonly SettingKey[] = SETTINGS.map((d) => d.key)
const DEF = new Map<string, Def>(SETTINGS.map((d) => [d.key, d]))
export const isSecretSetting = (key: string): boolean => DEF.get(key)?.secret === true

export type Source = 'db' | 'env' | 'empty'
/** Every key's effective value (secrets opened) and its source. */
export type ResolvedSettings = { readonly [K in SettingKey]: { readonly value: string | null; readonly source: Source } }

/** db (non-empty) > env (non-empty) > empty. `db` values of secrets arrive already opened. */
export function resolveSettings(db: ReadonlyMap<string, string>, env: Readonly<Record<string, string | undefined>>): ResolvedSettings {
  const out: Record<string, { value: string | null; source: Source }> = {}
  for (const d of SETTINGS) {
    const fromDb = db.get(d.key)?.trim()
    const fromEnv = env[d.env]?.trim()
    out[d.key] = fromDb ? { value: fromDb, source: 'db' } : fromEnv ? { value: fromEnv, source: 'env' } : { value: null, source: 'empty' }
  }
  return out as ResolvedSettings
}

const FATTURA_KEYS = ['cedente_piva', 'cedente_nome', 'cedente_indirizzo', 'cedente_cap', 'cedente_comune', 'cedente_regime'] as const
const BONIFICO_KEYS = ['bonifico_iban', 'bonifico_bic', 'bonifico_beneficiario'] as const

export const fatturaReady = (s: ResolvedSettings): boolean => FATTURA_KEYS.every((k) => s[k].value !== null)
export const bonificoReady = (s: ResolvedSettings): boolean => BONIFICO_KEYS.every((k) => s[k].value !== null)
export const sdiEnabled = (s: ResolvedSettings): boolean => s.sdi_enabled.value === 'true'

/** The answer of GET/PUT /billing/settings: secrets never shown. */
export function settingsView(s: ResolvedSettings) {
  const settings: Record<string, { value: string | null; label: string; source: Source; secret: boolean; set: boolean }> = {}
  for (const d of SETTINGS as readonly Def[]) {
    const v = s[d.key as SettingKey]
    settings[d.key] = {
      value: d.secret ? null : v.value,
      label: d.label,
      source: v.source,
      secret: d.secret === true,
      set: v.value !== null,
    }
  }
  return {
    fattura_ready: fatturaReady(s),
    bonifico_ready: bonificoReady(s),
    fattura_api_key_set: s.fattura_api_key.value !== null,
    settings,
  }
}

/**
 * A PUT body read: every key known, every value a string (trimmed; "" or null clears the stored
 * value, so env or empty applies again). Upper-cases what is case-insensitive.
 */
export function readSettingsChanges(
  body: unknown,
): { ok: true; changes: Map<SettingKey, string | null> } | { ok: false; issues: FieldIssue[] } {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    return { ok: false, issues: [{ path: '', message: 'must be a JSON object' }] }
  const issues: FieldIssue[] = []
  const changes = new Map<SettingKey, string | null>()
  for (const [key, raw] of Object.entries(body)) {
    const d = DEF.get(key)
    if (!d) {
      issues.push({ path: key, message: 'is not a known setting' })
      continue
    }
    if (raw === null || raw === '') {
      changes.set(key as SettingKey, null)
      continue
    }
    if (typeof raw !== 'string' && typeof raw !== 'boolean') {
      issues.push({ path: key, message: 'must be a string' })
      continue
    }
    let v = String(raw).trim()
    if (/^(cedente_provincia|cedente_iban|bonifico_iban|bonifico_bic|cedente_regime)$/.test(key)) v = v.replaceAll(' ', '').toUpperCase()
    if (v === '') {
      changes.set(key as SettingKey, null)
      continue
    }
    const problem = d.check?.(v) ?? null
    if (problem) issues.push({ path: key, message: problem })
    else changes.set(key as SettingKey, v)
  }
  if (Object.keys(body).length === 0) issues.push({ path: '', message: 'names no setting' })
  return issues.length > 0 ? { ok: false, issues } : { ok: true, changes }
}
