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

.PHONY: run test test-distributed deps venv fixtures build build-release conformance bench clean fuzz fuzz-deep sanitize docs doc-comments

## make run: install, build in release mode, run the seed tutorial's walk-through.
run: deps
	$(SWIFT) build -c release $(SWIFTFLAGS) --product imago
	$(SCRATCH)/release/imago demo

## make test: install, build, generate references, build the DocC reference (warnings fail it), run the unit tests
## and the conformance runner.
# Suites that measure the process's peak memory run in a test process of their own, after the others: suites run
# in parallel within one process, and another suite's allocations would show in their measurement.
ISOLATED_SUITES = LimitTests
test: deps fixtures
	$(SWIFT) build --build-tests $(SWIFTFLAGS)
	$(MAKE) --no-print-directory docs
	IMAGO_BIN=$$($(SWIFT) build $(SWIFTFLAGS) --show-bin-path)/imago $(SWIFT) test --skip-build $(SWIFTFLAGS) --skip '$(ISOLATED_SUITES)'
	$(SWIFT) test --skip-build $(SWIFTFLAGS) --filter '$(ISOLATED_SUITES)'
	$$($(SWIFT) build $(SWIFTFLAGS) --show-bin-path)/imago-conformance --fixtures $(IMAGO_FIXTURES)
	$(MAKE) --no-print-directory test-distributed

## make test-distributed: the Spark (local[2], TFRecord shards) and Ray (2 local workers, tar shards) recipes
## against a single-machine run (scripts/distributed/; Java 17 for Spark).
test-distributed: venv
	$(SWIFT) build $(SWIFTFLAGS) --product imago
	IMAGO_BIN=$$($(SWIFT) build $(SWIFTFLAGS) --show-bin-path)/imago $(PY) scripts/distributed/run_all.py

## make docs: the DocC reference of every library (Sources/<Target>/<Target>.docc and the doc comments) with
## swift-docc-plugin, into $(SCRATCH)/plugins/Swift-DocC/outputs/<Target>.doccarchive. Any DocC warning (an unresolved
## link, an undocumented parameter in a documented list...) fails it (--warnings-as-errors), and so does a public
## symbol without a doc comment (scripts/check-doc-comments.py).
DOCC_TARGETS = ImageKernel Registry Transforms Imago ColorManagement PNMCodec JPEGCodec PNGCodec TIFFCodec WebPCodec BMPCodec GIFCodec
docs: doc-comments
	$(SWIFT) package $(SWIFTFLAGS) generate-documentation $(addprefix --target ,$(DOCC_TARGETS)) --warnings-as-errors

doc-comments:
	python3 scripts/check-doc-comments.py

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

## make bench [QUICK=1]: the one benchmark package (Benchmarks/): Imago vs the plain C calls vs Pillow/Keras, report in
## Benchmarks/.out/report.md. QUICK=1: 640x427 only, few repetitions (a smoke test, under 3 minutes).
bench: deps venv build-release
	QUICK=$(QUICK) IMAGO_BIN=$(abspath $(SCRATCH))/release/imago BENCH_COMMAND="make bench$(if $(QUICK), QUICK=$(QUICK))" \
		bash Benchmarks/run.sh

clean:
	rm -rf .build .build-fixtures

## make fuzz CODEC=png SECONDS=600: run one codec's libFuzzer target, seeded from the shared corpus and the kept regressions.
CODEC ?= png
SECONDS ?= 60
# Extra libFuzzer flags, e.g. FUZZ_ARGS=-max_len=65536 to keep mutations small when the seeds are large photos.
FUZZ_ARGS ?=
FUZZ_NAME = $(subst gif,GIF,$(subst bmp,BMP,$(subst pnm,PNM,$(subst jpeg,JPEG,$(subst png,PNG,$(subst tiff,TIFF,$(subst webp,WebP,$(CODEC))))))))
FUZZFLAGS = -Xswiftc -sanitize=fuzzer,address -Xcc -fsanitize=fuzzer-no-link,address
# The format's dictionary of magic numbers, chunk and tag ids (Fuzz/dictionaries/), when it has one.
FUZZ_DICT = $(if $(wildcard Fuzz/dictionaries/$(CODEC).dict),-dict=Fuzz/dictionaries/$(CODEC).dict)
FUZZ_TIMEOUT ?= 10
FUZZ_RUN_FLAGS = -max_total_time=$(SECONDS) -timeout=$(FUZZ_TIMEOUT) -rss_limit_mb=2048 -malloc_limit_mb=1024 -print_final_stats=1 \
	-artifact_prefix=Fuzz/regressions/$(CODEC)/ $(FUZZ_DICT) $(FUZZ_ARGS)
fuzz: deps
	$(SWIFT) build -c debug --package-path Fuzz --product Fuzz$(FUZZ_NAME) --scratch-path .build-fuzz $(FUZZFLAGS) 2>&1 | grep -v 'Cannot export local symbol' || true
	python3 scripts/fuzz-seeds.py $(CODEC) "$(IMAGO_CORPUS)" .build-fuzz/seeds/$(CODEC)
	mkdir -p .build-fuzz/work/$(CODEC) Fuzz/regressions/$(CODEC)
	.build-fuzz/debug/Fuzz$(FUZZ_NAME) .build-fuzz/work/$(CODEC) .build-fuzz/seeds/$(CODEC) Fuzz/regressions/$(CODEC) $(FUZZ_RUN_FLAGS)

## make fuzz-deep CODEC=tiff SECONDS=1800: the same target linked against instrumented builds (libFuzzer coverage,
## ASan, UBSan) of the exact Debian versions of the C library (scripts/fuzz-deep-build.sh: Debian's source package,
## Debian's patches), so the fuzzer steers by, and the sanitizers check, the code inside the library. Prints the
## library's own edges covered by the seeds (before) and by the grown corpus (after).
DEEP ?= .build-fuzz-deep
DEEP_PREFIX = $(abspath $(DEEP))/prefix
DEEP_LIBRARY = $(if $(filter $(CODEC),jpeg png tiff webp gif),$(CODEC),$(error fuzz-deep: CODEC must be one of jpeg png tiff webp gif))
# The pkg-config names whose static link lines (the library's own dependencies) the fuzz target needs.
DEEP_PKG_jpeg = libjpeg
DEEP_PKG_png = libpng16
DEEP_PKG_tiff = libtiff-4
DEEP_PKG_webp = libwebpdemux libwebpmux
DEEP_PKG = $(DEEP_PKG_$(CODEC))
# The instrumented libraries run 10-30x slower than Debian's: a legitimate 1696x2200 fax or a 93x25093 progressive
# JPEG takes over 10 s there (0.3-1.3 s in a plain debug build), so scripts/fuzz-deep-campaign.sh allows 60 s per
# input; it prints the library's edges before and after and the CPU seconds the campaign received.
fuzz-deep: deps
	bash scripts/fuzz-deep-build.sh $(DEEP) $(DEEP_LIBRARY)
	PKG_CONFIG_PATH=$(DEEP_PREFIX)/lib/pkgconfig $(SWIFT) build -c debug --package-path Fuzz --product Fuzz$(FUZZ_NAME) \
		--scratch-path $(DEEP)/swift $(FUZZFLAGS) -Xcc -I$(DEEP_PREFIX)/include -Xlinker -L$(DEEP_PREFIX)/lib \
		$(addprefix -Xlinker ,$(shell PKG_CONFIG_PATH=$(DEEP_PREFIX)/lib/pkgconfig pkg-config --static --libs-only-l $(DEEP_PKG) 2>/dev/null)) \
		2>&1 | grep -v 'Cannot export local symbol' || true
	DEEP=$(DEEP) bash scripts/fuzz-deep-campaign.sh $(CODEC) $(SECONDS) $(FUZZ_ARGS)

## make sanitize: the test suite and the conformance corpus under AddressSanitizer (+ UndefinedBehaviorSanitizer on the
## C shims: swiftc has no -sanitize=undefined on Linux, and Swift code traps on overflow and out-of-bounds by itself;
## the UBSan handlers come with the ASan runtime), then the concurrency, worker-pool and dataset-pipeline tests under
## ThreadSanitizer.
ASANFLAGS = --scratch-path .build-asan --sanitize=address -Xcc -fsanitize=undefined -Xcc -fno-sanitize=function $(ASAN_SHARED)
# On Linux the ASan runtime is linked as a shared library: statically linked (swiftc's default) it defines malloc in
# the executable itself, which wins over any LD_PRELOAD library, so the AllocationFailureTests' interposer
# (Tests/AllocationFailure/alloc_fail.c) would see no allocation at all. Shared, it loads after the preloaded
# interposer, which forwards to it (dlsym RTLD_NEXT): LeakSanitizer still tracks every block.
ASAN_RUNTIME = $(shell $(dir $(realpath $(shell command -v swiftc)))clang -print-file-name=libclang_rt.asan-x86_64.so 2>/dev/null)
ASAN_SHARED = $(if $(and $(filter Linux,$(shell uname -s)),$(wildcard $(ASAN_RUNTIME))),\
	-Xswiftc -Xclang-linker -Xswiftc -shared-libasan -Xlinker -rpath -Xlinker $(dir $(ASAN_RUNTIME)))
sanitize: export ASAN_OPTIONS ?= detect_leaks=1:abort_on_error=0:allocator_may_return_null=1
sanitize: export UBSAN_OPTIONS ?= print_stacktrace=1:halt_on_error=1
# The suppressions (each explained in the file) name leaks outside Imago: XCTest, Foundation, swift-argument-parser.
# print_suppressions=0 keeps "Suppressions used:" off the stderr that CLI tests compare.
sanitize: export LSAN_OPTIONS ?= suppressions=$(abspath scripts/lsan-suppressions.txt):print_suppressions=0
sanitize: export TSAN_OPTIONS ?= halt_on_error=1
# The sanitizers print their own reports; Swift's backtracer would wait on crashed children and hold their pipes.
sanitize: export SWIFT_BACKTRACE ?= enable=no
# Tests that check packaging rather than memory or thread safety skip themselves, saying why, when IMAGO_SANITIZE=1:
# PNGOnlyAppTests' two example-package builds (plain swift builds; past their 600 s limit beside the ASan suite).
sanitize: export IMAGO_SANITIZE = 1
sanitize: deps fixtures
	$(SWIFT) build --build-tests $(ASANFLAGS)
	IMAGO_BIN=$$($(SWIFT) build $(ASANFLAGS) --show-bin-path)/imago $(SWIFT) test --skip-build $(ASANFLAGS) --skip '$(ISOLATED_SUITES)'
	$(SWIFT) test --skip-build $(ASANFLAGS) --filter '$(ISOLATED_SUITES)'
	# ASan reserves terabytes of shadow address space: the runner's 4 GiB RLIMIT_AS per child would make every
	# child fail, so the cap is raised to 64 TiB here (the limits under test are Imago's own, not the rlimit).
	$$($(SWIFT) build $(ASANFLAGS) --show-bin-path)/imago-conformance --fixtures $(IMAGO_FIXTURES) --memory-limit 67108864
	$(SWIFT) build --build-tests --scratch-path .build-tsan --sanitize=thread
	$(SWIFT) test --skip-build --scratch-path .build-tsan --sanitize=thread --filter 'Concurrency|WorkerPool|DatasetPipeline'
