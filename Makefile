# Developer entry points; the service helpers live in scripts/ (see scripts/services.py).
#   make run     development server with demo data and a local OpenSearch node (.local/)
#   make test    test suite against throwaway PostgreSQL, OpenSearch, Redis, stripe-mock and SeaweedFS, in
#                parallel (pytest-xdist, one worker per core: PYTEST_WORKERS=0 runs in one process);
#                pytest options via PYTEST_ARGS, e.g. make test PYTEST_ARGS="-x -m 'not e2e'"
#   make test-deep  the same with many more Hypothesis/Schemathesis examples and the slow drills (not run by CI)
#   make test-drills  only the slow drills (@pytest.mark.deep: search cluster, replica, two web/worker/beat)
#   make bench   benchmarks against the same throwaway services
# run and test first install the Debian packages they need when missing (scripts/system-packages:
# as root, through sudo, or it prints the apt-get command and stops).
PYTHON ?= python3
VENV := .venv
PYTEST_ARGS ?=
# xdist workers; "auto" = one per CPU core. worksteal keeps each module's tests together on one
# worker (module-scoped fixtures are built once) and moves work to an idle worker at the end.
PYTEST_WORKERS ?= auto
PYTEST_PARALLEL := -n $(PYTEST_WORKERS) $(if $(filter 0,$(PYTEST_WORKERS)),,--dist worksteal)

.PHONY: venv lock run test test-deep bench lint compose-check clean system-packages-run system-packages-test

# (Re)install .venv from requirements.lock, only when the lock is newer than the stamp file.
venv: $(VENV)/.installed

$(VENV)/.installed: requirements.lock
	test -x $(VENV)/bin/python || { PYTHON=$(PYTHON) scripts/system-packages venv && $(PYTHON) -m venv $(VENV); }
	$(VENV)/bin/pip install --disable-pip-version-check -r requirements.lock
	touch $@

# Re-pin after editing requirements*.in: install them into .venv, then freeze into the lock.
lock:
	$(VENV)/bin/pip install --disable-pip-version-check -r requirements-dev.in
	{ sed -n '/^#/p' requirements.lock; $(VENV)/bin/pip freeze --exclude-editable; } > requirements.lock.new
	mv requirements.lock.new requirements.lock

# The system packages come first (one apt-get for all, python3-venv included), then .venv.
system-packages-run system-packages-test:
	PYTHON=$(PYTHON) scripts/system-packages $(@:system-packages-%=%)

run: system-packages-run venv
	scripts/run-dev

test: system-packages-test venv
	scripts/with-test-services -- $(VENV)/bin/pytest $(PYTEST_PARALLEL) $(PYTEST_ARGS)

# Property tests with ten times the examples (tests/examples.py); slow, for a run before a release.
test-deep: system-packages-test venv
	HYPOTHESIS_PROFILE=deep scripts/with-test-services -- $(VENV)/bin/pytest $(PYTEST_PARALLEL) $(PYTEST_ARGS)

# Only the scale-out and other slow drills (@pytest.mark.deep, tests/faults/): a three-node OpenSearch
# cluster, a streaming replica, two web servers, two workers, two beats; each prints its counts.
.PHONY: test-drills
test-drills: system-packages-test venv
	MARKETPLACE_DRILLS=1 scripts/with-test-services -- $(VENV)/bin/pytest -p no:xdist -m deep -s tests/faults $(PYTEST_ARGS)

bench: system-packages-test venv
	scripts/with-test-services -- $(VENV)/bin/python bench/run_all.py
	scripts/with-test-services -- $(VENV)/bin/python bench/load_bench.py
	scripts/with-test-services -- $(VENV)/bin/python bench/import_bench.py

# Django's system checks, no model change without a migration, and the import layers (.importlinter).
lint: venv
	DEBUG=1 $(VENV)/bin/python manage.py check
	DEBUG=1 $(VENV)/bin/python manage.py makemigrations --check --dry-run
	$(VENV)/bin/lint-imports
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

compose-check:
	docker-compose -f compose.yaml config -q

# Stop the local OpenSearch node, then delete local data (.local: SQLite, media, OpenSearch) and caches.
clean:
	-scripts/opensearch stop
	rm -rf .local .pytest_cache .hypothesis
	find . -path ./$(VENV) -prune -o -name __pycache__ -type d -exec rm -rf {} +

# Checkout under contention (50 buyers, hot offers) against pgbench's bare transaction rate.
bench-checkout: system-packages-test venv
	scripts/with-test-services -- $(VENV)/bin/python bench/checkout_bench.py

# Search: reindex throughput vs a plain bulk load, API vs raw engine latency (BENCH_SEARCH_* sizes).
.PHONY: bench-search
bench-search: system-packages-test venv
	scripts/with-test-services -- $(VENV)/bin/python bench/search_bench.py

# Bulk import of 100,000 generated CSV rows through the real path against a plain bulk_create of the same rows
# (BENCH_IMPORT_ROWS; BENCH_IMPORT_INLINE=1 indexes inline); appends to bench/RESULTS.md.
.PHONY: bench-import
bench-import: system-packages-test venv
	scripts/with-test-services -- $(VENV)/bin/python bench/import_bench.py

# A payout run over 10,000 vendors (BENCH_VENDORS) on stripe-mock: time and queries per vendor.
.PHONY: bench-payouts
bench-payouts: system-packages-test venv
	scripts/with-test-services -- $(VENV)/bin/python bench/payout_bench.py

# Mixed load (browse, search, cart, checkout, seller updates) with locust on loopback; appends to bench/RESULTS.md.
.PHONY: bench-load
bench-load: system-packages-test venv
	scripts/with-test-services -- $(VENV)/bin/python bench/load_bench.py

# Judged relevance (issue 21): top-3 success and nDCG@10 of the project's search against a plain multi_match
# baseline, same index, same node; generated catalog with accessories (bench/relevance/). Prints name: value lines.
.PHONY: bench-relevance
bench-relevance: system-packages-test venv
	scripts/with-test-services -- $(VENV)/bin/python bench/relevance/run.py --failures
