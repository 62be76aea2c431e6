/**
 * Versioned schema migrations, as statement lists (Workers have no file system to read .sql from).
 * Append only: never edit a released migration; add the next version instead. Times are INTEGER
 * milliseconds since the epoch (UTC); money columns, when they come, are INTEGER cents.
 * @module
 */

export type Migration = {
  readonly version: number
  readonly name: string
  readonly statements: readonly string[]
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'tenants, api keys, cron runs',
    statements: [
      `CREATE TABLE tenants (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        tax_identification_number TEXT NOT NULL,
        ipa_code TEXT,
        active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
        configured_at INTEGER,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      ) STRICT`,
      `CREATE TABLE api_keys (
        key_id TEXT PRIMARY KEY,
        tenant_id TEXT NOT NULL REFERENCES tenants(id),
        hash TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        revoked_at INTEGER
      ) STRICT`,
      'CREATE INDEX api_keys_by_tenant ON api_keys (tenant_id)',
      `CREATE TABLE job_runs (
        id TEXT PRIMARY KEY,
        job TEXT NOT NULL,
        trigger TEXT NOT NULL,
        started_at INTEGER NOT NULL,
        finished_at INTEGER,
        outcome TEXT NOT NULL CHECK (outcome IN ('running', 'ok', 'error')),
        counts TEXT NOT NULL DEFAULT '{}',
        error TEXT
      ) STRICT`,
      'CREATE INDEX job_runs_by_job ON job_runs (job, started_at DESC)',
      'CREATE INDEX job_runs_by_start ON job_runs (started_at)',
    ],
  },
  {
    version: 2,
    name: 'services, payments, payment events, outbox, inbound event dedupe',
    statements: [
      `CREATE TABLE services (
        tenant_id TEXT NOT NULL REFERENCES tenants(id),
        id TEXT NOT NULL,
        doc TEXT NOT NULL,
        active INTEGER NOT NULL CHECK (active IN (0, 1)),
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        PRIMARY KEY (tenant_id, id)
      ) STRICT`,
      `CREATE TABLE payments (
        id TEXT PRIMARY KEY,
        tenant_id TEXT NOT NULL REFERENCES tenants(id),
        service_id TEXT NOT NULL,
        status TEXT NOT NULL,
        remote_id TEXT,
        notice_code TEXT,
        intermediary TEXT NOT NULL,
        provider_ref TEXT,
        next_check_at INTEGER,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        doc TEXT NOT NULL
      ) STRICT`,
      'CREATE INDEX payments_due ON payments (next_check_at) WHERE next_check_at IS NOT NULL',
      'CREATE INDEX payments_by_tenant ON payments (tenant_id, created_at)',
      `CREATE TABLE payment_events (
        event_id TEXT PRIMARY KEY,
        payment_id TEXT NOT NULL REFERENCES payments(id),
        seq INTEGER NOT NULL,
        status TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        doc TEXT NOT NULL,
        UNIQUE (payment_id, seq)
      ) STRICT`,
      `CREATE TABLE outbox (
        id INTEGER PRIMARY KEY,
        event_id TEXT NOT NULL REFERENCES payment_events(event_id),
        publisher TEXT NOT NULL,
        partition_key TEXT NOT NULL,
        attempts INTEGER NOT NULL DEFAULT 0,
        next_attempt_at INTEGER NOT NULL,
        delivered_at INTEGER,
        last_error TEXT,
        UNIQUE (event_id, publisher)
      ) STRICT`,
      'CREATE INDEX outbox_due ON outbox (next_attempt_at) WHERE delivered_at IS NULL',
      `CREATE TABLE inbound_events (
        event_id TEXT PRIMARY KEY,
        payment_id TEXT NOT NULL,
        received_at INTEGER NOT NULL
      ) STRICT`,
    ],
  },
  {
    version: 3,
    name: 'per-tenant pagoPA settings',
    statements: ['ALTER TABLE tenants ADD COLUMN pagopa TEXT'],
  },
  {
    version: 4,
    name: 'CSV imports of dovuti, external ids',
    statements: [
      `CREATE TABLE imports (
        id TEXT PRIMARY KEY,
        tenant_id TEXT NOT NULL REFERENCES tenants(id),
        service_id TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('running', 'completed', 'failed')),
        rows_total INTEGER NOT NULL DEFAULT 0,
        rows_created INTEGER NOT NULL DEFAULT 0,
        rows_skipped INTEGER NOT NULL DEFAULT 0,
        rows_failed INTEGER NOT NULL DEFAULT 0,
        error TEXT,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        finished_at INTEGER
      ) STRICT`,
      'CREATE INDEX imports_by_tenant ON imports (tenant_id, created_at)',
      `CREATE TABLE import_row_errors (
        import_id TEXT NOT NULL REFERENCES imports(id),
        row INTEGER NOT NULL,
        field TEXT NOT NULL,
        message TEXT NOT NULL,
        PRIMARY KEY (import_id, row, field)
      ) STRICT`,
      `CREATE TABLE payment_external_ids (
        tenant_id TEXT NOT NULL,
        service_id TEXT NOT NULL,
        external_id TEXT NOT NULL,
        payment_id TEXT NOT NULL,
        PRIMARY KEY (tenant_id, service_id, external_id)
      ) STRICT`,
    ],
  },
  {
    version: 5,
    name: 'provider webhooks: dedupe, lookup by provider reference',
    statements: [
      `CREATE TABLE webhook_events (
        provider TEXT NOT NULL,
        dedupe_key TEXT NOT NULL,
        payment_id TEXT,
        received_at INTEGER NOT NULL,
        PRIMARY KEY (provider, dedupe_key)
      ) STRICT`,
      'CREATE INDEX payments_by_provider_ref ON payments (intermediary, provider_ref) WHERE provider_ref IS NOT NULL',
    ],
  },
  {
    version: 6,
    name: 'payments v2: provider configs (sealed secrets), links and charges, SEPA mandates, webhooks; tenant billing status',
    statements: [
      `ALTER TABLE tenants ADD COLUMN billing_status TEXT NOT NULL DEFAULT 'active'
        CHECK (billing_status IN ('active', 'trial', 'suspended', 'expired'))`,
      `CREATE TABLE v2_provider_configs (
        tenant_id TEXT PRIMARY KEY REFERENCES tenants(id),
        provider TEXT NOT NULL CHECK (provider IN ('revolut', 'stripe')),
        api_key_sealed TEXT NOT NULL,
        webhook_secret_sealed TEXT NOT NULL,
        api_key_last4 TEXT NOT NULL,
        version INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      ) STRICT`,
      `CREATE TABLE v2_payments (
        id TEXT PRIMARY KEY,
        tenant_id TEXT NOT NULL REFERENCES tenants(id),
        provider TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('link', 'charge')),
        mandate_id TEXT,
        reference TEXT NOT NULL,
        amount INTEGER NOT NULL CHECK (amount > 0),
        currency TEXT NOT NULL,
        description TEXT NOT NULL,
        method TEXT NOT NULL,
        return_url TEXT,
        status TEXT NOT NULL CHECK (status IN ('creating', 'unknown', 'pending', 'paid', 'expired', 'canceled')),
        provider_ref TEXT,
        payment_url TEXT,
        paid_at INTEGER,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        UNIQUE (tenant_id, reference)
      ) STRICT`,
      'CREATE INDEX v2_payments_by_provider_ref ON v2_payments (tenant_id, provider, provider_ref) WHERE provider_ref IS NOT NULL',
      `CREATE TABLE v2_mandates (
        id TEXT PRIMARY KEY,
        tenant_id TEXT NOT NULL REFERENCES tenants(id),
        provider TEXT NOT NULL,
        customer_name TEXT NOT NULL,
        customer_email TEXT NOT NULL,
        description TEXT NOT NULL,
        iban_masked TEXT NOT NULL,
        iban_sealed TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('creating', 'unknown', 'pending_mandate_signature', 'active', 'inactive')),
        provider_ref TEXT,
        mandate_url TEXT,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      ) STRICT`,
      `CREATE UNIQUE INDEX v2_mandates_one_open_per_customer ON v2_mandates (tenant_id, customer_email)
        WHERE status IN ('creating', 'unknown', 'pending_mandate_signature', 'active')`,
      `CREATE TABLE v2_webhook_events (
        tenant_id TEXT NOT NULL,
        provider TEXT NOT NULL,
        dedupe_key TEXT NOT NULL,
        payment_id TEXT,
        received_at INTEGER NOT NULL,
        PRIMARY KEY (tenant_id, provider, dedupe_key)
      ) STRICT`,
    ],
  },
  {
    version: 7,
    name: 'FatturaPA: ProgressivoInvio sequence per transmitter',
    statements: [
      `CREATE TABLE invoice_sequences (
        transmitter TEXT PRIMARY KEY,
        last_value INTEGER NOT NULL CHECK (last_value > 0)
      ) STRICT`,
    ],
  },
  {
    version: 8,
    name: 'payments v2: find a mandate by provider reference (webhooks)',
    statements: [
      'CREATE INDEX v2_mandates_by_provider_ref ON v2_mandates (tenant_id, provider, provider_ref) WHERE provider_ref IS NOT NULL',
    ],
  },
  {
    version: 9,
    name: 'one webhook inbox for every source (replaces webhook_events and v2_webhook_events, rows carried over)',
    statements: [
      `CREATE TABLE webhook_inbox (
        source TEXT NOT NULL,
        scope TEXT NOT NULL,
        dedupe_key TEXT NOT NULL,
        subject_id TEXT,
        received_at INTEGER NOT NULL,
        PRIMARY KEY (source, scope, dedupe_key)
      ) STRICT`,
      `INSERT INTO webhook_inbox (source, scope, dedupe_key, subject_id, received_at)
        SELECT 'payments:' || provider, '', dedupe_key, payment_id, received_at FROM webhook_events`,
      `INSERT INTO webhook_inbox (source, scope, dedupe_key, subject_id, received_at)
        SELECT 'payments-v2:' || provider, tenant_id, dedupe_key, payment_id, received_at FROM v2_webhook_events`,
      'DROP TABLE webhook_events',
      'DROP TABLE v2_webhook_events',
    ],
  },
  {
    version: 10,
    name: 'SDI: transmissions, their notifications, the SDI-<year>-<n> id counter, the SDI outbox',
    statements: [
      `CREATE TABLE sdi_transmissions (
        id TEXT PRIMARY KEY,
        tenant_id TEXT NOT NULL REFERENCES tenants(id),
        fattura_numero TEXT NOT NULL,
        attempt INTEGER NOT NULL CHECK (attempt > 0),
        previous_id TEXT,
        file_name TEXT NOT NULL,
        formato TEXT NOT NULL CHECK (formato IN ('FPA12', 'FPR12')),
        progressivo_invio TEXT NOT NULL,
        xml_sha256 TEXT NOT NULL,
        xml TEXT NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('in_invio', 'unknown', 'inviata', 'RC', 'MC', 'NS', 'NE', 'DT', 'AT', 'errore')),
        esito TEXT CHECK (esito IN ('EC01', 'EC02')),
        transmitter TEXT NOT NULL,
        remote_id TEXT,
        identificativo_sdi TEXT,
        marking TEXT,
        error TEXT,
        created_at INTEGER NOT NULL,
        sent_at INTEGER,
        updated_at INTEGER NOT NULL,
        next_check_at INTEGER,
        checks INTEGER NOT NULL CHECK (checks >= 0),
        version INTEGER NOT NULL CHECK (version > 0),
        UNIQUE (tenant_id, fattura_numero, attempt)
      ) STRICT`,
      'CREATE INDEX sdi_transmissions_due ON sdi_transmissions (next_check_at) WHERE next_check_at IS NOT NULL',
      'CREATE INDEX sdi_transmissions_by_remote_id ON sdi_transmissions (transmitter, remote_id) WHERE remote_id IS NOT NULL',
      'CREATE INDEX sdi_transmissions_by_tenant ON sdi_transmissions (tenant_id, created_at, id)',
      `CREATE TABLE sdi_notifications (
        transmission_id TEXT NOT NULL REFERENCES sdi_transmissions(id),
        n INTEGER NOT NULL CHECK (n > 0),
        remote_id TEXT NOT NULL,
        type TEXT NOT NULL CHECK (type IN ('RC', 'NS', 'MC', 'NE', 'DT', 'AT')),
        received_at INTEGER NOT NULL,
        file_name TEXT,
        xml TEXT NOT NULL,
        parsed TEXT NOT NULL,
        PRIMARY KEY (transmission_id, n),
        UNIQUE (transmission_id, remote_id)
      ) STRICT`,
      `CREATE TABLE sdi_sequences (
        year INTEGER PRIMARY KEY,
        last_value INTEGER NOT NULL CHECK (last_value > 0)
      ) STRICT`,
      `CREATE TABLE sdi_outbox (
        id INTEGER PRIMARY KEY,
        event_id TEXT NOT NULL,
        transmission_id TEXT NOT NULL REFERENCES sdi_transmissions(id),
        publisher TEXT NOT NULL,
        partition_key TEXT NOT NULL,
        doc TEXT NOT NULL,
        attempts INTEGER NOT NULL DEFAULT 0,
        next_attempt_at INTEGER NOT NULL,
        delivered_at INTEGER,
        last_error TEXT,
        UNIQUE (event_id, publisher)
      ) STRICT`,
      'CREATE INDEX sdi_outbox_due ON sdi_outbox (next_attempt_at) WHERE delivered_at IS NULL',
      'CREATE INDEX sdi_outbox_by_transmission ON sdi_outbox (transmission_id, publisher, id) WHERE delivered_at IS NULL',
    ],
  },
  {
    version: 11,
    name: 'Agile billing: subscriptions (status stays tenants.billing_status), 8 packages each, the yearly invoice counter, settings',
    statements: [
      `CREATE TABLE billing_subscriptions (
        tenant_id TEXT PRIMARY KEY REFERENCES tenants(id),
        id TEXT NOT NULL,
        started_at INTEGER NOT NULL,
        trial_ends_at INTEGER NOT NULL,
        customer_json TEXT CHECK (customer_json IS NULL OR json_valid(customer_json)),
        updated_at INTEGER NOT NULL
      ) STRICT`,
      `CREATE TABLE billing_packages (
        tenant_id TEXT NOT NULL REFERENCES billing_subscriptions(tenant_id),
        number INTEGER NOT NULL CHECK (number BETWEEN 1 AND 8),
        status TEXT NOT NULL CHECK (status IN ('due', 'processing', 'paid')),
        price_cents INTEGER NOT NULL CHECK (price_cents > 0),
        checkout_session_id TEXT,
        paid_at INTEGER,
        paid_via TEXT CHECK (paid_via IN ('card', 'sepa_debit', 'bonifico')),
        payment_ref TEXT,
        invoice_state TEXT NOT NULL CHECK (invoice_state IN ('none', 'issued', 'failed')),
        fattura_numero TEXT UNIQUE,
        fattura_xml TEXT,
        fattura_hash TEXT,
        fattura_file_name TEXT,
        fattura_at INTEGER,
        invoice_error TEXT,
        sdi_id TEXT,
        version INTEGER NOT NULL CHECK (version > 0),
        updated_at INTEGER NOT NULL,
        PRIMARY KEY (tenant_id, number),
        CHECK ((status = 'paid') = (paid_at IS NOT NULL AND paid_via IS NOT NULL)),
        CHECK (fattura_numero IS NULL OR status = 'paid'),
        CHECK (invoice_state <> 'issued' OR (fattura_numero IS NOT NULL AND fattura_xml IS NOT NULL
          AND fattura_hash IS NOT NULL AND fattura_file_name IS NOT NULL AND fattura_at IS NOT NULL)),
        CHECK (sdi_id IS NULL OR invoice_state = 'issued')
      ) STRICT`,
      'CREATE INDEX billing_packages_by_session ON billing_packages (checkout_session_id) WHERE checkout_session_id IS NOT NULL',
      `CREATE INDEX billing_packages_unfinished ON billing_packages (paid_at, tenant_id, number)
        WHERE status = 'paid' AND (invoice_state <> 'issued' OR sdi_id IS NULL)`,
      `CREATE TABLE billing_invoice_counters (
        year INTEGER PRIMARY KEY CHECK (year > 0),
        last INTEGER NOT NULL CHECK (last BETWEEN 0 AND 9999)
      ) STRICT`,
      `CREATE TABLE billing_settings (
        key TEXT PRIMARY KEY CHECK (key <> ''),
        value TEXT NOT NULL,
        secret INTEGER NOT NULL CHECK (secret IN (0, 1))
      ) STRICT`,
    ],
  },
  {
    version: 12,
    name: 'RTD Centro Stella: submissions (leased work), their ADE files, AdE errors files (ADEACK), per-tenant settings',
    statements: [
      `CREATE TABLE rtd_submissions (
        id TEXT PRIMARY KEY,
        tenant_id TEXT NOT NULL REFERENCES tenants(id),
        input_name TEXT NOT NULL CHECK (input_name <> ''),
        sender_code TEXT NOT NULL CHECK (sender_code <> ''),
        input_size INTEGER NOT NULL CHECK (input_size >= 0),
        input_sha256 TEXT NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('received', 'rejected', 'ready', 'sent', 'done')),
        transmission_date TEXT,
        rows_read INTEGER CHECK (rows_read >= 0),
        rejected_rows INTEGER CHECK (rejected_rows >= 0),
        aggregates INTEGER CHECK (aggregates >= 0),
        rejection_json TEXT CHECK (rejection_json IS NULL OR json_valid(rejection_json)),
        has_rejected_file INTEGER NOT NULL CHECK (has_rejected_file IN (0, 1)),
        lease_until INTEGER,
        created_at INTEGER NOT NULL,
        processed_at INTEGER,
        sent_at INTEGER,
        updated_at INTEGER NOT NULL,
        UNIQUE (tenant_id, input_name),
        CHECK ((state = 'rejected') = (rejection_json IS NOT NULL)),
        CHECK ((state = 'received') = (processed_at IS NULL)),
        CHECK ((state IN ('sent', 'done')) = (sent_at IS NOT NULL)),
        CHECK (state IN ('received', 'rejected') OR (transmission_date IS NOT NULL AND rows_read IS NOT NULL
          AND rejected_rows IS NOT NULL AND aggregates IS NOT NULL))
      ) STRICT`,
      'CREATE INDEX rtd_submissions_claimable ON rtd_submissions (state, lease_until, created_at)',
      'CREATE INDEX rtd_submissions_newest ON rtd_submissions (tenant_id, created_at DESC, id DESC)',
      `CREATE TABLE rtd_files (
        tenant_id TEXT NOT NULL REFERENCES tenants(id),
        file_name TEXT NOT NULL CHECK (file_name <> ''),
        submission_id TEXT NOT NULL REFERENCES rtd_submissions(id),
        number INTEGER NOT NULL CHECK (number >= 1),
        rows INTEGER NOT NULL CHECK (rows >= 0),
        size INTEGER NOT NULL CHECK (size >= 0),
        sha256 TEXT NOT NULL,
        upload TEXT NOT NULL CHECK (upload IN ('pending', 'uploaded', 'already_there', 'unknown', 'failed')),
        attempts INTEGER NOT NULL CHECK (attempts >= 0),
        last_error TEXT,
        uploaded_at INTEGER,
        status TEXT CHECK (status IN ('unknown', 'received', 'validated', 'sent_to_ade', 'ack_to_download', 'ack_downloaded')),
        raw_status TEXT,
        summary_json TEXT CHECK (summary_json IS NULL OR json_valid(summary_json)),
        reported_at INTEGER,
        PRIMARY KEY (tenant_id, file_name),
        UNIQUE (submission_id, number),
        CHECK ((upload IN ('uploaded', 'already_there')) = (uploaded_at IS NOT NULL)),
        CHECK ((status IS NULL) = (reported_at IS NULL) AND (status IS NULL) = (raw_status IS NULL)),
        CHECK (summary_json IS NULL OR status IS NOT NULL)
      ) STRICT`,
      `CREATE TABLE rtd_acks (
        tenant_id TEXT NOT NULL REFERENCES tenants(id),
        file_name TEXT NOT NULL CHECK (file_name <> ''),
        size INTEGER NOT NULL CHECK (size >= 0),
        rows INTEGER NOT NULL CHECK (rows >= 0),
        errors INTEGER NOT NULL CHECK (errors >= 0),
        warnings INTEGER NOT NULL CHECK (warnings >= 0),
        content TEXT NOT NULL,
        downloaded_at INTEGER NOT NULL,
        confirmed_at INTEGER,
        PRIMARY KEY (tenant_id, file_name),
        CHECK (errors + warnings <= rows)
      ) STRICT`,
      'CREATE INDEX rtd_acks_newest ON rtd_acks (tenant_id, downloaded_at DESC, file_name DESC)',
      `CREATE TABLE rtd_settings (
        tenant_id TEXT PRIMARY KEY REFERENCES tenants(id),
        sender_codes_json TEXT NOT NULL CHECK (json_valid(sender_codes_json) AND json_type(sender_codes_json) = 'array'),
        environment TEXT NOT NULL CHECK (environment IN ('prod', 'uat', 'dev')),
        subscription_key_sealed TEXT,
        pinned_fingerprint TEXT,
        abi_map_json TEXT NOT NULL CHECK (json_valid(abi_map_json) AND json_type(abi_map_json) = 'object'),
        skip_limit INTEGER NOT NULL CHECK (skip_limit >= 0),
        updated_at INTEGER NOT NULL
      ) STRICT`,
    ],
  },
  {
    version: 13,
    name: 'platforms (an Opencity Core and its vp_ keys, hashed) and the platform that created each tenant',
    statements: [
      `CREATE TABLE platforms (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        revoked_at INTEGER
      ) STRICT`,
      `CREATE TABLE platform_keys (
        key_id TEXT PRIMARY KEY,
        platform_id TEXT NOT NULL REFERENCES platforms(id),
        hash TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        revoked_at INTEGER
      ) STRICT`,
      'CREATE INDEX platform_keys_by_platform ON platform_keys (platform_id)',
      'ALTER TABLE tenants ADD COLUMN platform_id TEXT REFERENCES platforms(id)',
      'CREATE INDEX tenants_by_platform ON tenants (platform_id, created_at) WHERE platform_id IS NOT NULL',
      // A platform reaches a service by its id alone (GET /services/{id}).
      'CREATE INDEX services_by_id ON services (id)',
    ],
  },
  {
    version: 14,
    name: 'Per-tenant intermediary credentials of the Opencity path (Stripe, Revolut, OnPay), sealed',
    statements: [
      `CREATE TABLE tenant_intermediary_credentials (
        tenant_id TEXT NOT NULL REFERENCES tenants(id),
        intermediary TEXT NOT NULL CHECK (intermediary IN ('stripe', 'revolut', 'onpay')),
        sealed_json TEXT NOT NULL CHECK (json_valid(sealed_json) AND json_type(sealed_json) = 'object'),
        settings_json TEXT NOT NULL CHECK (json_valid(settings_json) AND json_type(settings_json) = 'object'),
        version INTEGER NOT NULL CHECK (version > 0),
        updated_at INTEGER NOT NULL,
        PRIMARY KEY (tenant_id, intermediary)
      ) STRICT`,
    ],
  },
  {
    version: 15,
    name: 'Key rotation (an end for keys in a grace period) and the shared failed-authentication counters',
    statements: [
      // Set by a rotation with a grace period: the key stops at this time. revoked_at still means "stopped now".
      'ALTER TABLE api_keys ADD COLUMN expires_at INTEGER',
      'ALTER TABLE platform_keys ADD COLUMN expires_at INTEGER',
      // One fixed window per counter (a hashed client address or key id); rows past their window are pruned.
      `CREATE TABLE auth_failures (
        counter TEXT PRIMARY KEY,
        window_end INTEGER NOT NULL,
        failures INTEGER NOT NULL CHECK (failures > 0)
      ) STRICT, WITHOUT ROWID`,
      'CREATE INDEX auth_failures_by_end ON auth_failures (window_end)',
    ],
  },
]
