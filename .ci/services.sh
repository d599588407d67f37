# Sourced by .ci/run (bash). Makes the Redis and PostgreSQL server binaries (and chromium, for the
# status page test) available to the tests,
# which start their own instances on free loopback ports in temp folders. Installs the Debian
# packages when they are missing. Never exits the caller: on any failure the tests that need a
# server skip with a printed reason.

helr_find_pg_bin() {
  local dir
  for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    if [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ] && [ -x "$dir/postgres" ]; then
      echo "$dir"
      return 0
    fi
  done
  return 1
}

helr_services_setup() {
  local missing=""
  command -v redis-server >/dev/null 2>&1 || missing="$missing redis-server"
  helr_find_pg_bin >/dev/null || missing="$missing postgresql"
  # The status page test drives Debian's headless chromium (it skips with the reason without one).
  command -v chromium >/dev/null 2>&1 || missing="$missing chromium"
  if [ -n "$missing" ]; then
    if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
      echo "services: installing$missing (Debian packages)"
      DEBIAN_FRONTEND=noninteractive apt-get update -qq </dev/null >/dev/null 2>&1 || echo "services: apt-get update failed"
      # shellcheck disable=SC2086
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing </dev/null >/dev/null 2>&1 \
        || echo "services: apt-get install$missing failed"
    else
      echo "services: missing$missing and cannot install (needs root and apt-get)"
    fi
  fi
  local redis pg
  redis=$(command -v redis-server 2>/dev/null || true)
  pg=$(helr_find_pg_bin || true)
  if [ -n "$redis" ]; then export HELR_TEST_REDIS_SERVER="$redis"; echo "services: redis-server at $redis"; fi
  if [ -n "$pg" ]; then export HELR_TEST_PG_BIN="$pg"; echo "services: postgresql binaries at $pg"; fi
  if command -v chromium >/dev/null 2>&1; then export HELR_TEST_CHROMIUM="$(command -v chromium)"; echo "services: chromium at $HELR_TEST_CHROMIUM"; fi
  if [ -z "$redis" ] || [ -z "$pg" ]; then
    echo "services: tests needing a missing server will be skipped"
  fi
  return 0
}

helr_services_setup || echo "services: setup failed; tests needing Redis or PostgreSQL will be skipped"
