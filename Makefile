# PhốiHợp — two commands: `make run` (install, migrate, demo data, serve with the worker) and `make test`.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
HOST ?= 127.0.0.1
PORT ?= 8000
SCALE ?= province
DB ?= sqlite

.PHONY: run setup test lint bench system venv assets messages migrate demo static clean

run: setup demo static
	@echo ""
	@echo "  PhốiHợp: http://$(HOST):$(PORT)/   (Ctrl-C dừng máy chủ và tiến trình nền)"
	@echo "  Tài khoản mẫu, mật khẩu PhoiHop@2026: admin, btg.khanhhoa, lanhdao.khanhhoa, quantri.khanhhoa,"
	@echo "  hdnd.khanhhoa, btg.thainguyen, btg.phubinh, ubnd.phubinh"
	@echo ""
	PHOIHOP_DEBUG=1 $(MANAGE) serve --host $(HOST) --port $(PORT)

setup: venv assets system messages migrate

$(VENV)/.installed: requirements.lock
	@test -x $(PY) || "$$(bin/find-python)" -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q --require-hashes -r requirements.lock
	@touch $@

venv: $(VENV)/.installed

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

assets: node_modules/.installed

system:
	@bin/system-packages

messages: venv
	@if command -v msgfmt >/dev/null 2>&1; then $(MANAGE) compilemessages -v0 --ignore=.venv --ignore=node_modules; \
	else echo "messages: msgfmt (gettext) missing; the English translation is not compiled."; fi

migrate: venv
	PHOIHOP_DEBUG=1 $(MANAGE) migrate --noinput -v0
	$(MANAGE) load_units

demo: migrate
	PHOIHOP_DEBUG=1 $(MANAGE) load_demo

static: venv assets
	PHOIHOP_DEBUG=1 $(MANAGE) collectstatic --noinput -v0

test: venv assets system messages
	$(PY) -m pytest $(PYTEST_ARGS)

lint: venv
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(MANAGE) makemigrations --check --dry-run -v0

bench: venv
	$(PY) -m bench.run --scale $(SCALE) --db $(DB)

clean:
	rm -rf var/static var/test_*.sqlite3 .pytest_cache
