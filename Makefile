# The whole set-up on a fresh machine with only Python 3.11+: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.frontdesk-installed

.PHONY: run test install lint typecheck pytest clean catalogs bench assets console-catalogs chromium

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	$(BIN)/frontdesk db upgrade
	$(BIN)/frontdesk staff demo
	$(BIN)/frontdesk serve --host 127.0.0.1 --port 8000

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

typecheck: $(STAMP)
	$(BIN)/mypy

# The console's browser tests drive Debian's Chromium; install it when the machine lacks it.
chromium:
	@test -x /usr/bin/chromium || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium)

# Two runs: Playwright's sync API holds an event loop of its own while a browser is open, which the asyncio
# tests cannot share; coverage adds the second run to the first.
pytest: $(STAMP) chromium
	$(BIN)/pytest -n 2 -m "not browser" --cov --cov-report=
	$(BIN)/pytest -m browser tests/console --cov --cov-append --cov-report=term:skip-covered

test: lint typecheck pytest

# The benchmarks of README's figures at modest sizes (a few minutes; each script's --help gives the full ones).
# With FRONTDESK_BENCH_POSTGRES_URL (an empty database) the PostgreSQL figures are measured too.
BENCH_PG := $(FRONTDESK_BENCH_POSTGRES_URL)
bench: $(STAMP)
	@command -v wrk >/dev/null || { echo "bench needs wrk (Debian: apt-get install wrk)"; exit 2; }
	$(BIN)/python bench/webhooks.py --rounds 2 --seconds 5
	$(BIN)/python bench/endtoend.py --rounds 2 --seconds 6 --citizens 100
	$(BIN)/python bench/footprint.py --conversations 2000
	$(BIN)/python bench/queue_listing.py --cases 100000
	$(BIN)/python bench/announcements.py --subscribers 2000
	$(BIN)/python bench/crisis_matching.py --rounds 2
	$(BIN)/python bench/understanding.py --rounds 1
ifneq ($(BENCH_PG),)
	$(BIN)/python bench/webhooks.py --rounds 2 --seconds 5 --database-url $(BENCH_PG)
	$(BIN)/python bench/webhooks.py --rounds 2 --seconds 5 --database-url $(BENCH_PG) --answer-processes 2
	$(BIN)/python bench/endtoend.py --rounds 2 --seconds 6 --citizens 100 --database-url $(BENCH_PG) --answer-processes 2
endif

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache .coverage

# Translators: refresh the template and every catalog after changing msgids in bot/.
catalogs: $(STAMP)
	$(BIN)/pybabel extract -F babel.cfg -k N_ --no-location --sort-output --omit-header -o bot/locales/messages.pot .
	$(BIN)/pybabel update -i bot/locales/messages.pot -d bot/locales -D messages --no-fuzzy-matching --ignore-obsolete

# The console's front-end files at the versions fixed in frontend/package-lock.json, copied with their licences.
VENDOR := api/console/static/vendor
assets:
	cd frontend && npm ci --no-audit --no-fund
	mkdir -p $(VENDOR) tests/console/vendor
	cp frontend/node_modules/htmx.org/dist/htmx.min.js $(VENDOR)/htmx.min.js
	cp frontend/node_modules/htmx.org/LICENSE $(VENDOR)/htmx.LICENSE.txt
	cp frontend/node_modules/chart.js/dist/chart.umd.min.js $(VENDOR)/chart.umd.min.js
	cp frontend/node_modules/chart.js/LICENSE.md $(VENDOR)/chart.js.LICENSE.txt
	cp frontend/node_modules/@kurkle/color/LICENSE.md $(VENDOR)/kurkle-color.LICENSE.txt
	cp frontend/node_modules/axe-core/axe.min.js tests/console/vendor/axe.min.js
	cp frontend/node_modules/axe-core/LICENSE tests/console/vendor/axe-core.LICENSE.txt

# Translators: refresh the console's template and catalogs after changing its strings.
console-catalogs: $(STAMP)
	$(BIN)/pybabel extract -F api/console/babel.cfg -k N_ -k ngettext:1,2 --no-location --sort-output --omit-header -o api/console/locales/console.pot .
	@for lang in el en; do test -f api/console/locales/$$lang/LC_MESSAGES/console.po || $(BIN)/pybabel init -i api/console/locales/console.pot -d api/console/locales -D console -l $$lang; done
	$(BIN)/pybabel update -i api/console/locales/console.pot -d api/console/locales -D console --no-fuzzy-matching --ignore-obsolete
