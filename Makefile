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

.PHONY: run test deps venv fixtures build build-release conformance bench clean fuzz sanitize

## make run: install, build in release mode, run the seed tutorial's walk-through.
run: deps
	$(SWIFT) build -c release $(SWIFTFLAGS) --product imago
	$(SCRATCH)/release/imago demo

## make test: install, build, generate references, run the unit tests and the conformance runner.
# Suites that measure the process's peak memory run in a test process of their own, after the others: suites run
# in parallel within one process, and another suite's allocations would show in their measurement.
ISOLATED_SUITES = LimitTests
test: deps fixtures
	$(SWIFT) build --build-tests $(SWIFTFLAGS)
	IMAGO_BIN=$$($(SWIFT) build $(SWIFTFLAGS) --show-bin-path)/imago $(SWIFT) test --skip-build $(SWIFTFLAGS) --skip '$(ISOLATED_SUITES)'
	$(SWIFT) test --skip-build $(SWIFTFLAGS) --filter '$(ISOLATED_SUITES)'
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

## make fuzz CODEC=png SECONDS=600: run one codec's libFuzzer target, seeded from the shared corpus and the kept regressions.
CODEC ?= png
SECONDS ?= 60
# Extra libFuzzer flags, e.g. FUZZ_ARGS=-max_len=65536 to keep mutations small when the seeds are large photos.
FUZZ_ARGS ?=
FUZZ_NAME = $(subst gif,GIF,$(subst pnm,PNM,$(subst jpeg,JPEG,$(subst png,PNG,$(subst tiff,TIFF,$(subst webp,WebP,$(CODEC)))))))
FUZZFLAGS = -Xswiftc -sanitize=fuzzer,address -Xcc -fsanitize=fuzzer-no-link,address
fuzz: deps
	$(SWIFT) build -c debug --package-path Fuzz --product Fuzz$(FUZZ_NAME) --scratch-path .build-fuzz $(FUZZFLAGS) 2>&1 | grep -v 'Cannot export local symbol' || true
	python3 scripts/fuzz-seeds.py $(CODEC) "$(IMAGO_CORPUS)" .build-fuzz/seeds/$(CODEC)
	mkdir -p .build-fuzz/work/$(CODEC) Fuzz/regressions/$(CODEC)
	.build-fuzz/debug/Fuzz$(FUZZ_NAME) .build-fuzz/work/$(CODEC) .build-fuzz/seeds/$(CODEC) Fuzz/regressions/$(CODEC) \
		-max_total_time=$(SECONDS) -timeout=10 -rss_limit_mb=2048 -malloc_limit_mb=1024 -print_final_stats=1 \
		-artifact_prefix=Fuzz/regressions/$(CODEC)/ $(FUZZ_ARGS)

## make sanitize: the test suite and the conformance corpus under AddressSanitizer (+ UndefinedBehaviorSanitizer on the
## C shims: swiftc has no -sanitize=undefined on Linux, and Swift code traps on overflow and out-of-bounds by itself;
## the UBSan handlers come with the ASan runtime), then the concurrency tests under ThreadSanitizer.
ASANFLAGS = --scratch-path .build-asan --sanitize=address -Xcc -fsanitize=undefined -Xcc -fno-sanitize=function
sanitize: export ASAN_OPTIONS ?= detect_leaks=1:abort_on_error=0:allocator_may_return_null=1
sanitize: export UBSAN_OPTIONS ?= print_stacktrace=1:halt_on_error=1
sanitize: export LSAN_OPTIONS ?= suppressions=$(abspath scripts/lsan-suppressions.txt)
sanitize: export TSAN_OPTIONS ?= halt_on_error=1
# The sanitizers print their own reports; Swift's backtracer would wait on crashed children and hold their pipes.
sanitize: export SWIFT_BACKTRACE ?= enable=no
sanitize: deps fixtures
	$(SWIFT) build --build-tests $(ASANFLAGS)
	IMAGO_BIN=$$($(SWIFT) build $(ASANFLAGS) --show-bin-path)/imago $(SWIFT) test --skip-build $(ASANFLAGS)
	# ASan reserves terabytes of shadow address space: the runner's 4 GiB RLIMIT_AS per child would make every
	# child fail, so the cap is raised to 64 TiB here (the limits under test are Imago's own, not the rlimit).
	$$($(SWIFT) build $(ASANFLAGS) --show-bin-path)/imago-conformance --fixtures $(IMAGO_FIXTURES) --memory-limit 67108864
	$(SWIFT) build --build-tests --scratch-path .build-tsan --sanitize=thread
	$(SWIFT) test --skip-build --scratch-path .build-tsan --sanitize=thread --filter Concurrency
