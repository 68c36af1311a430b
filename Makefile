# The two commands of the quick start (see README.md):
#   make serve   install newsdesk from the lock file and start it on SQLite with the demo sites
#   make test    install newsdesk with its test tools and run every check CI runs
# Both work on a fresh machine with python3 (3.11+) and make; uv is installed into .tools/.

UV_VERSION := 0.13.9
UV := .tools/bin/uv
PY := .venv/bin/python

.PHONY: serve test lint unit install install-dev bench docs browser

$(UV):
	python3 -m venv .tools
	.tools/bin/pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)

install: $(UV)
	$(UV) sync --locked --no-dev

install-dev: $(UV)
	$(UV) sync --locked

serve: install
	.venv/bin/newsdesk serve --demo

lint: install-dev
	.venv/bin/ruff check src tests benchmarks
	.venv/bin/mypy
	.venv/bin/lint-imports

# The browser tests drive Debian's chromium with Playwright (never a downloaded browser).
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else echo "chromium is missing: install Debian's chromium package for the browser tests"; fi; }

unit: install-dev browser
	.venv/bin/pytest

test: lint unit

docs: install-dev
	.venv/bin/newsdesk config --markdown > docs/settings.md
	$(PY) -m newsdesk.clidoc > docs/cli.md

bench: $(UV)
	$(UV) sync --locked --all-groups
	$(PY) benchmarks/ingest_feeds.py
