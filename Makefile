# chainmail: the two set-up commands are `make demo` and `make test` (see README.md).
SWIFT ?= swift
SHARED ?= $(abspath ../shared)
export CHAINMAIL_SHARED = $(SHARED)

.PHONY: setup build release test demo bench-dkim bench-engine bench-http format lint clean

setup:
	./scripts/setup.sh

build: setup
	$(SWIFT) build

release: setup
	$(SWIFT) build -c release

# Every test, unit and integration: the integration tests start their own peers
# (a DNS server on 127.0.0.1, Python and Perl signers) from inside the test run.
test: build
	$(SWIFT) test --parallel

# The main job on the embedded default: verify the committed fixtures.
demo: release
	./scripts/demo.sh

bench-dkim: release
	./Benchmarks/dkim/run.sh

bench-engine: release
	./.build/release/engine-bench

# wrk on POST /v1/execute against the engine's own rate in the same run (Benchmarks/http/run.sh).
bench-http: setup
	./Benchmarks/http/run.sh

format:
	$(SWIFT) format --in-place --recursive --configuration .swift-format Sources Tests Benchmarks

lint:
	$(SWIFT) format lint --strict --recursive --configuration .swift-format Sources Tests Benchmarks

clean:
	rm -rf .build
