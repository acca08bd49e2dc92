# Imago: the two commands are `make run` and `make test`. Both install what they need first.
SHELL := /bin/bash
SWIFT ?= swift
# The Python venv for reference checks; point VENV elsewhere to share one between checkouts.
VENV ?= .venv
PY := $(VENV)/bin/python
export IMAGO_CORPUS ?= $(abspath ../shared/corpus)
export IMAGO_FIXTURES ?= $(abspath .build-fixtures)
SCRATCH ?= .build
SWIFTFLAGS ?= --scratch-path $(SCRATCH)

.PHONY: run test deps venv fixtures build build-release conformance bench clean

## make run: install, build in release mode, run the seed tutorial's walk-through.
run: deps
	$(SWIFT) build -c release $(SWIFTFLAGS) --product imago
	$(SCRATCH)/release/imago demo

## make test: install, build, generate references, run the unit tests and the conformance runner.
test: deps fixtures
	$(SWIFT) build --build-tests $(SWIFTFLAGS)
	IMAGO_BIN=$$($(SWIFT) build $(SWIFTFLAGS) --show-bin-path)/imago $(SWIFT) test --skip-build $(SWIFTFLAGS)
	$$($(SWIFT) build $(SWIFTFLAGS) --show-bin-path)/imago-conformance --fixtures $(IMAGO_FIXTURES)

deps:
	@bash scripts/install-deps.sh

venv: $(VENV)/.installed
$(VENV)/.installed: scripts/requirements.txt
	@test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r scripts/requirements.txt
	@touch $@

fixtures: $(IMAGO_FIXTURES)/.generated
$(IMAGO_FIXTURES)/.generated: $(VENV)/.installed $(wildcard scripts/fixtures/*.py)
	KERAS_BACKEND=numpy $(PY) scripts/fixtures/generate.py $(IMAGO_FIXTURES)
	@touch $@

build:
	$(SWIFT) build $(SWIFTFLAGS)

build-release:
	$(SWIFT) build -c release $(SWIFTFLAGS)

conformance: build-release
	$(SCRATCH)/release/imago-conformance --fixtures $(IMAGO_FIXTURES)

bench: deps venv build-release
	bash Benchmarks/run.sh

clean:
	rm -rf .build .build-fixtures
