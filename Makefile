# Kỷ cương — every set-up step lives here so that a fresh Debian machine with Python 3.11 needs only `make run`
# or `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
export DJANGO_SETTINGS_MODULE ?= config.settings.dev

.PHONY: install system-deps browser setup messages compilemessages run worker test lint bench load clean

$(VENV)/.installed: requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install -q --upgrade pip
	$(VENV)/bin/pip install -q -r requirements.lock
	touch $@

install: $(VENV)/.installed

# WeasyPrint needs Pango; uploads are typed with libmagic; gettext builds and checks the translations.
# The report signature tests sign through SoftHSM2's PKCS#11 module and check the result with poppler's
# pdfsig (poppler-utils). Installed from Debian when missing (root, as here).
system-deps:
	@if ! ldconfig -p | grep -q libpango-1.0 || ! ldconfig -p | grep -q libmagic.so.1 \
		|| ! command -v msgfmt >/dev/null || ! command -v pdfsig >/dev/null \
		|| ! command -v softhsm2-util >/dev/null || [ ! -f /usr/lib/softhsm/libsofthsm2.so ]; then \
		apt-get update -q && apt-get install -y -q libpango-1.0-0 libpangoft2-1.0-0 libmagic1 gettext \
			poppler-utils softhsm2; fi

# Playwright drives Debian's Chromium; it cannot download its own browser here. The accessibility scan injects
# axe-core, installed from the npm registry at the version package-lock.json pins.
browser:
	@if [ ! -x /usr/bin/chromium ]; then apt-get update -q && apt-get install -y -q chromium; fi
	@if ! command -v npm >/dev/null; then apt-get update -q && apt-get install -y -q npm; fi
	@if [ ! -f node_modules/axe-core/axe.min.js ]; then npm ci --no-audit --no-fund --loglevel=error; fi

# The English catalogue (locale/en/LC_MESSAGES/django.po, msgids in Vietnamese) after changing any
# translatable text: extracted with fixed options (devtools.catalogue); then translate what it lists.
messages: install system-deps
	DJANGO_SETTINGS_MODULE=config.settings.test $(MANAGE) catalogue

# The .mo files are built here from the committed .po files, not committed themselves.
compilemessages: install system-deps
	$(MANAGE) compilemessages --ignore=.venv --ignore=var

setup: install system-deps compilemessages
	mkdir -p var
	$(MANAGE) migrate --noinput
	$(MANAGE) load_framework
	$(MANAGE) import_units
	$(MANAGE) seed_demo --if-empty --officials 2000 --incidents 5000 --seed 24
	$(MANAGE) ensure_demo_totp
	$(MANAGE) ensure_demo_signing_key $(DEMO_SIGNING_KEY) --password $(DEMO_SIGNING_PASSWORD)

# Beside the web server: a Celery worker and beat (the report schedule of reports/schedule.py, synced into
# django-celery-beat) and a mail sink keeping every email as an .eml file under var/mail/. Their logs go to
# var/log/; all of them are stopped when runserver exits. The web server runs with DEBUG off (static files
# still served, --insecure) so that a user meets the Vietnamese error pages, not Django's technical ones.
# `make run PORT=8080 MAIL_PORT=2525` when 8000 or 1025 are taken.
PORT ?= 8000
MAIL_PORT ?= 1025
# The demo's reports are signed with a self-signed key made by `make setup` (devtools ensure_demo_signing_key;
# its certificate says it has no legal value, and this password is published), unless REPORT_SIGNING_PKCS12
# or REPORT_SIGNING_PKCS11_MODULE name another key in the environment.
DEMO_SIGNING_KEY := var/demo-signer.p12
DEMO_SIGNING_PASSWORD := kycuong-demo-ky-so
ifeq ($(REPORT_SIGNING_PKCS11_MODULE),)
REPORT_SIGNING_PKCS12 ?= $(DEMO_SIGNING_KEY)
REPORT_SIGNING_PKCS12_PASSWORD ?= $(DEMO_SIGNING_PASSWORD)
endif
run: setup
	$(MANAGE) sync_report_schedule
	mkdir -p var/mail var/log
	@export EMAIL_PORT=$(MAIL_PORT) SITE_URL=http://127.0.0.1:$(PORT) \
		REPORT_SIGNING_PKCS12='$(REPORT_SIGNING_PKCS12)' REPORT_SIGNING_PKCS12_PASSWORD='$(REPORT_SIGNING_PKCS12_PASSWORD)'; \
	trap 'kill $$(jobs -p) 2>/dev/null; wait' EXIT INT TERM; \
	$(MANAGE) mail_sink --dir var/mail >var/log/mail_sink.log 2>&1 & \
	$(VENV)/bin/celery -A config worker --loglevel=INFO --concurrency=1 --pidfile=var/celery-worker.pid \
		>var/log/celery_worker.log 2>&1 & \
	$(VENV)/bin/celery -A config beat --loglevel=INFO --pidfile= >var/log/celery_beat.log 2>&1 & \
	echo "Emails: var/mail/*.eml · worker, beat and mail sink logs: var/log/"; \
	DEBUG=0 $(MANAGE) runserver --insecure 127.0.0.1:$(PORT)

# The test settings (pyproject's DJANGO_SETTINGS_MODULE), not the development ones exported above: those hash
# every test user's password with the production hasher and made the suite four times slower.
test: install system-deps browser compilemessages
	DJANGO_SETTINGS_MODULE=config.settings.test $(VENV)/bin/pytest -p no:cacheprovider

# The catalogue check needs gettext (system-deps): the English translation must be current and complete.
lint: install system-deps
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy .
	DJANGO_SETTINGS_MODULE=config.settings.test $(MANAGE) check
	DJANGO_SETTINGS_MODULE=config.settings.test $(MANAGE) makemigrations --check --dry-run
	DJANGO_SETTINGS_MODULE=config.settings.test $(MANAGE) catalogue --check

# Builds (or reuses) PostgreSQL databases with 100k and 1M incidents and writes BENCHMARKS.md.
bench: install system-deps
	$(MANAGE) bench

# 50 simulated users for 60 s against gunicorn with production settings on loopback; figures in SECURITY.md.
LOAD_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/kc_seedbench
load: install system-deps
	DATABASE_URL=$(LOAD_DATABASE_URL) $(MANAGE) load_test --users 50 --seconds 60 --think 3

clean:
	rm -rf var/kycuong.sqlite3 var/celery var/private
