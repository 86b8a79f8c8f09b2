# The two set-up commands of the README:
#   make demo   install everything, ingest data/samples, validate, serve the app (embedded store)
#   make test   install everything, start the servers the tests need, run every test
.PHONY: install install-test demo test lint bench

STORE ?= .ikg/store

install:
	scripts/install.sh

install-test:
	scripts/install.sh --test

demo: install
	.venv/bin/ikg demo --store $(STORE)

test: install-test
	.venv/bin/ruff check .
	.venv/bin/python -m pytest -q -p no:cacheprovider

lint:
	.venv/bin/ruff check . && .venv/bin/ruff format --check .

bench:
	.venv/bin/python bench/bench_ingest.py
