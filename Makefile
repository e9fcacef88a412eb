# The two set-up commands (README): `make run` and `make test`.
SHELL := /bin/bash
.DEFAULT_GOAL := run
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app crm
HOST ?= 127.0.0.1
PORT ?= 5000

.PHONY: run test assets setup bench lint clean

, := ,

# Virtual environment with the app and its test tools; rebuilt when pyproject.toml changes.
$(BIN)/.installed: pyproject.toml
	@command -v $(PYTHON) >/dev/null || { echo "需要 Python 3.11（未找到 $(PYTHON)）"; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

# Front-end libraries from the npm registry, pinned by package-lock.json.
node_modules/.package-lock.json: package.json package-lock.json
	@command -v npm >/dev/null || { echo "需要 Node.js 和 npm 来安装前端依赖（apt-get install nodejs npm）"; exit 1; }
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

static/vendor/.copied: node_modules/.package-lock.json
	rm -rf static/vendor && mkdir -p static/vendor/{bootstrap,htmx,echarts,sortablejs,tom-select}
	cp node_modules/bootstrap/dist/css/bootstrap.min.css node_modules/bootstrap/dist/css/bootstrap.min.css.map static/vendor/bootstrap/
	cp node_modules/bootstrap/dist/js/bootstrap.bundle.min.js node_modules/bootstrap/dist/js/bootstrap.bundle.min.js.map static/vendor/bootstrap/
	cp node_modules/htmx.org/dist/htmx.min.js static/vendor/htmx/
	cp node_modules/echarts/dist/echarts.min.js static/vendor/echarts/
	cp node_modules/sortablejs/Sortable.min.js static/vendor/sortablejs/
	cp node_modules/tom-select/dist/js/tom-select.complete.min.js node_modules/tom-select/dist/css/tom-select.bootstrap5.min.css static/vendor/tom-select/
	touch $@

assets: static/vendor/.copied

setup: $(BIN)/.installed assets
	$(FLASK) setup

# The scheduler (reminders, large ledger imports) runs beside the dev server and stops with it (Ctrl+C or exit).
# The public /intake pages show the bureau's name and contact: sample values for the demo.
run: setup
	HTTPS=$${HTTPS:-false} $(FLASK) seed-demo
	@echo "招商CRM 运行于 http://$(HOST):$(PORT) （Ctrl+C 停止）；提醒调度进程同时运行"
	export HTTPS=$${HTTPS:-false} BUREAU_NAME="$${BUREAU_NAME:-磁县投资促进局}" \
	  BUREAU_CONTACT="$${BUREAU_CONTACT:-0310-5521234（示例），tzcj@cixian.example.cn}"; \
	$(FLASK) scheduler & scheduler=$$!; \
	trap 'kill $$scheduler 2>/dev/null; wait $$scheduler 2>/dev/null' EXIT INT TERM; \
	$(FLASK) run --host $(HOST) --port $(PORT)

test: $(BIN)/.installed assets
	PYTHON=$(BIN)/python bash scripts/test.sh

# Page throughput beside the stack's ceiling at two county sizes, on SQLite and PostgreSQL
# (issue 10); QUICK=1 for 10k/100k in a few minutes. wrk comes from Debian's packages; without
# it (not root, no apt-get) run.py loads the pages with a Python loop and says so.
bench: $(BIN)/.installed
	@command -v wrk >/dev/null || { [ "$$(id -u)" -eq 0 ] && command -v apt-get >/dev/null \
	  && { echo "Installing wrk from Debian's packages"; \
	       DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null 2>&1 \
	       || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }; } \
	  || echo "wrk is not installed and could not be (sudo apt-get install wrk): run.py falls back to a Python loop"; }
	$(BIN)/python scripts/bench/run.py $(if $(QUICK),--quick) $(BENCH_ARGS)
	$(BIN)/python scripts/bench/exports.py $(if $(QUICK),--sizes 2000$(,)20000)
	$(BIN)/python scripts/bench/imports.py $(if $(QUICK),--sizes 2000$(,)20000)

lint: $(BIN)/.installed
	$(BIN)/ruff check .

clean:
	rm -rf $(VENV) node_modules static/vendor
