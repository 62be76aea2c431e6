#!/usr/bin/env bash
# Ensures the system tools the test suites need, from Debian apt:
#   chromium        -> /usr/bin/chromium   (test/e2e/docs.browser.test.ts, via playwright-core)
#   gnupg           -> gpg                 (PGP interop tests)
#   libxml2-utils   -> xmllint             (XSD validation cross-checks)
#   poppler-utils   -> pdftotext, pdfinfo, pdffonts, pdftoppm  (PDF notices/receipts read back: test/adapters/pdf, test/edge/documents)
#   zbar-tools      -> zbarimg             (decodes the pagoPA QR code on a rasterised notice)
#   dmtx-utils      -> dmtxread            (decodes the Poste data matrix; zbar has no Data Matrix decoder)
#   wrk             -> wrk                 (BENCH_CLIENT=wrk in the benches; its driver bench/wrk.ts is tested)
# Idempotent and quiet when everything is present (only `command -v` checks; runs before every `npm test`).
# When something is missing it installs it if it runs as root with apt-get (one `apt-get update`),
# otherwise it prints a warning and exits 0: tests that need a missing tool skip (or fail under CI).
set -u

# command -> Debian package
declare -A PKG=([/usr/bin/chromium]=chromium [gpg]=gnupg [xmllint]=libxml2-utils [pdftotext]=poppler-utils [zbarimg]=zbar-tools [dmtxread]=dmtx-utils [wrk]=wrk)

missing=()
for cmd in /usr/bin/chromium gpg xmllint pdftotext zbarimg dmtxread wrk; do
  if [[ $cmd == /* ]]; then
    [[ -x $cmd ]] || missing+=("${PKG[$cmd]}")
  else
    command -v "$cmd" >/dev/null 2>&1 || missing+=("${PKG[$cmd]}")
  fi
done

((${#missing[@]} == 0)) && exit 0

warn() { echo "ensure-test-tools: WARNING: $*" >&2; }

if [[ $(id -u) != 0 ]] || ! command -v apt-get >/dev/null 2>&1; then
  warn "missing ${missing[*]} and cannot install (needs root and apt-get)."
  warn "install them with: sudo apt-get update && sudo apt-get install -y --no-install-recommends ${missing[*]}"
  warn "tests that need them will be skipped (or fail when CI is set)."
  exit 0
fi

start=$SECONDS
echo "ensure-test-tools: installing ${missing[*]} with apt-get ..." >&2
export DEBIAN_FRONTEND=noninteractive
log=$(mktemp)
if ! apt-get update -qq >"$log" 2>&1; then
  warn "apt-get update failed; trying the install with the current package lists:"
  tail -n 5 "$log" >&2
fi
if apt-get install -y -qq --no-install-recommends "${missing[@]}" >"$log" 2>&1; then
  echo "ensure-test-tools: installed ${missing[*]} in $((SECONDS - start)) s" >&2
else
  warn "apt-get install ${missing[*]} failed (exit $?); last lines:"
  tail -n 15 "$log" >&2
  warn "tests that need them will be skipped (or fail when CI is set)."
fi
rm -f "$log"
exit 0
