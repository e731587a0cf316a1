#!/bin/sh
# Fault runs of issue 14, each checking itself (pytest exits non-zero on any loss or double):
#   Redis down for 60 s during writes and page reads; the mail server down for 60 s; the worker
#   killed in the middle of an email batch and of a webhook batch; PostgreSQL restarted
#   (`pg_ctl restart -m fast`) and then stopped for 60 s during page reads and API writes.
# Every service is the run's own (a redis-server on a spare port, gunicorn, a Celery worker and
# beat as processes, aiosmtpd and a webhook receiver on loopback). The PostgreSQL restart runs on
# a cluster of its own (initdb in a temporary folder, a spare port; as user postgres when run as
# root); the other faults use the shared server through pytest-django's test database
# test_<name of DATABASE_URL's database>.
#
#   DATABASE_URL=postgres://postgres@127.0.0.1:5432/ipt_faults sh bench/faults.sh
set -eu
cd "$(dirname "$0")/.."
: "${DATABASE_URL:?set DATABASE_URL to a PostgreSQL database of your own}"
export FAULT_REDIS_SECONDS="${FAULT_REDIS_SECONDS:-60}"
export FAULT_SMTP_SECONDS="${FAULT_SMTP_SECONDS:-60}"
export FAULT_PG_SECONDS="${FAULT_PG_SECONDS:-60}"
unset REDIS_URL  # tests/integration/test_alerts.py then starts a throwaway Redis of its own
exec env -u DJANGO_SETTINGS_MODULE .venv/bin/pytest -p no:cacheprovider -q -s -rA \
    tests/integration/test_broker_outage.py \
    tests/integration/test_faults.py \
    tests/integration/test_pg_restart.py \
    "tests/integration/test_alerts.py::test_worker_killed_mid_batch_then_replaced_delivers_all_500_exactly_once" \
    "$@"
