# Dubàn (督办): `make run` to use it, `make test` to check it.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
export OPENPYXL_LXML := False

.PHONY: run dev prepare test test-sqlite test-postgres bench install check clean demo

$(VENV)/.installed: requirements.txt
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "$(PYTHON) not found: set PYTHON=/path/to/python3.11"; exit 1; }
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

install: $(VENV)/.installed

# Database, static files, demo data, admin account and schedules, as both
# `run` and `dev` need them. Every step can run again and changes nothing then.
prepare: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py collectstatic --noinput --verbosity 0
	$(PY) manage.py load_demo
	$(PY) manage.py ensure_admin
	$(PY) manage.py setup_schedules --run-now

# The product as an office runs it: gunicorn (DEBUG off, static files
# collected and served by whitenoise) on 127.0.0.1:$(PORT), a Celery worker and
# beat, restarted if they die. DUBAN_BIND=0.0.0.0:8000 serves the network.
# Ctrl-C stops all three.
run: prepare
	PORT=$(PORT) PY=$(PY) $(PY) scripts/run_all.py

# For developers: Django's runserver with DEBUG on (tracebacks, the debug
# 404 page) and a worker running beat in the same process. Never expose it.
dev: install
	DJANGO_DEBUG=1 $(MAKE) --no-print-directory prepare
	@trap 'kill 0' INT TERM EXIT; \
	 DJANGO_DEBUG=1 $(PY) -m celery -A tracker worker -B --loglevel=INFO --concurrency=1 & \
	 DJANGO_DEBUG=1 $(PY) manage.py runserver 127.0.0.1:$(PORT)

# The whole suite on the embedded setup (SQLite + SQLite broker), then, when
# DATABASE_URL / CELERY_BROKER_URL are set (CI), on PostgreSQL and Redis.
test: install
	$(MAKE) --no-print-directory test-sqlite
	@if [ -n "$$DATABASE_URL" ]; then $(MAKE) --no-print-directory test-postgres; \
	 else echo "DATABASE_URL not set: PostgreSQL run skipped (.ci/run sets it)"; fi

test-sqlite: install
	env -u DATABASE_URL -u CELERY_BROKER_URL -u CELERY_RESULT_BACKEND DUBAN_VAR_DIR=$(CURDIR)/var/test-sqlite \
	  $(PY) -m pytest -p no:cacheprovider $(PYTEST_ARGS)

test-postgres: install
	DUBAN_VAR_DIR=$(CURDIR)/var/test-postgres $(PY) -m pytest -p no:cacheprovider $(PYTEST_ARGS)

check: install
	$(PY) manage.py check
	$(PY) manage.py makemigrations --check --dry-run

bench: install
	$(PY) bench/run_all.py

clean:
	rm -rf var/test-sqlite var/test-postgres
