# One-command set-up on a fresh machine: `make demo` and `make test` create the venv themselves.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
REPLICA_PORT ?= 8089
ARTICLES ?= 500
BROWSE_PORT ?= 8001
# make replica SKIN=jsonld: the replica in a skin (testground/replica/skins.py)
SKIN ?= default
# Scrapyd's state (eggs, job database, logs, JOBDIRs); deploy/scrapyd.conf is copied there.
SCRAPYD_HOME ?= output/scrapyd

.PHONY: help venv system-deps demo browse test lint crawl replica check bench reliability live-check calibrate clean scrapyd deploy reparse

help:
	@echo "make demo     crawl the embedded replica, write output/, print a summary"
	@echo "make browse   search, browse and plot the crawl's database on http://127.0.0.1:$(BROWSE_PORT)/"
	@echo "make test     install what the suite needs and run it (lint + pytest)"
	@echo "make replica  serve the replica on http://127.0.0.1:$(REPLICA_PORT)/ (Ctrl-C stops it; SKIN=name)"
	@echo "make crawl    crawl the live site (english.almayadeen.net) politely"
	@echo "make bench    run the benchmarks (about 10 minutes; bench/RESULTS.md)"
	@echo "make reliability  faults, fuzzing, crash and security figures (bench/RELIABILITY.md)"
	@echo "make live-check  fetch a few pages of the live site, report what held"
	@echo "make reparse  extract the archived pages again, no request to the site (REPARSE_ARGS=...)"
	@echo "make calibrate   propose a site profile that fits the live site (CALIBRATE_URL=...)"
	@echo "make scrapyd  run Scrapyd on http://127.0.0.1:6800/ (deploy/scrapyd.conf; Ctrl-C stops it)"
	@echo "make deploy   build the egg and upload it to Scrapyd (scrapy.cfg [deploy])"

venv: $(STAMP)

# pip is upgraded first: the pip a new venv ships (23.2) crashes resolving some packages.
$(STAMP): requirements.txt requirements-dev.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -r requirements-dev.txt
	touch $(STAMP)

# Debian packages the test suite needs (PostgreSQL, ...): see scripts/system-deps.sh.
system-deps:
	bash scripts/system-deps.sh

demo: venv
	$(PY) -m testground.demo --articles $(ARTICLES)

# Datasette over the crawl's SQLite database (MAYADEEN_DATABASE_URL or output/mayadeen.sqlite3),
# read-only; BROWSE_DB=path or URL for another one.
browse: venv
	$(PY) -m mayadeen.browse --port $(BROWSE_PORT) $(if $(BROWSE_DB),--db $(BROWSE_DB))

lint: venv
	$(VENV)/bin/ruff check .

test: venv system-deps lint
	$(PY) -m pytest -q

replica: venv
	$(PY) -m testground.replica serve --port $(REPLICA_PORT) --articles $(ARTICLES) --skin $(SKIN)

crawl: venv
	mkdir -p output
	$(VENV)/bin/scrapy crawl articles -O output/live-articles.jsonl

# Scrapyd reads ./scrapyd.conf and keeps its state in its working directory. No twistd.pid: a
# stale one (after a crash) would stop the next start.
scrapyd: venv
	mkdir -p $(SCRAPYD_HOME)
	cp deploy/scrapyd.conf $(SCRAPYD_HOME)/scrapyd.conf
	cd $(SCRAPYD_HOME) && exec $(abspath $(VENV))/bin/scrapyd --pidfile=

deploy: venv
	$(VENV)/bin/scrapyd-deploy

# About 10 minutes: writes bench/RESULTS.md (see bench/run_all.py; BENCH_ARGS=--quick tries it).
bench: venv
	$(PY) -m pip install -q -r requirements-bench.txt
	$(PY) bench/run_all.py $(BENCH_ARGS)
	$(PY) bench/browser_bench.py

# Faults, hostile input, crashes and security figures: bench/RELIABILITY.md and the README table.
# The crash figures use PostgreSQL too: the same Debian packages as the tests.
reliability: venv system-deps
	$(PY) bench/reliability.py $(RELIABILITY_ARGS)

# Exit 0: every site fact held; 1: some did not; 2: the site could not be reached.
live-check: venv
	$(PY) -m mayadeen.livecheck

# Exit 0: the profile fits; 1: a profile was proposed (output/calibrate/<time>/profile.toml);
# 2: the site could not be reached.
CALIBRATE_URL ?= https://english.almayadeen.net
calibrate: venv
	$(PY) -m mayadeen.calibrate --base-url $(CALIBRATE_URL)

clean:
	rm -rf output .pytest_cache .ruff_cache

# Extract the archived article pages again without the site (REPARSE_ARGS="-a run=3" etc.).
reparse: venv
	$(VENV)/bin/scrapy reparse $(REPARSE_ARGS)
