# chainmail: the two set-up commands are `make demo` and `make test` (see README.md).
SWIFT ?= swift

FUZZ_SECONDS ?= 60

.PHONY: setup build release test test-dist dist fuzz demo bench-dkim bench-mail bench-engine bench-signer bench-http bench-scale format lint clean

setup:
	./scripts/setup.sh

build: setup
	$(SWIFT) build

release: setup
	$(SWIFT) build -c release

# Every test, unit and integration: the integration tests start their own peers (a DNS server
# and Dovecot on 127.0.0.1, an SMTP sink, Python and Perl signers) from inside the test run.
# Suites that measure how long a time-out, a crash or a worker lease's takeover takes, or how long
# a hostile mail's handling takes over IMAP, and the live HTTP server suites, run in a second, quiet
# process: in the first, hundreds of tests share the two cooperative threads of this machine with
# peers that block them, which delays every resumption by seconds. Those that start EVM chains (py-evm and vyper are heavy to start) run in a third, so
# that their start does not slow the second's timed checks.
# Each process has a time limit well above its usual run (6, 1, 1, ½ and 3 minutes here): a test that
# hangs ends the run with the backtraces of the test binary's threads and the names of the tests
# still running (scripts/test-run.sh) instead of holding CI.
QUIET_SUITES = UnboundKeyResolverDNSTests|ServeProcessTests|ServeFailoverTests|HTTPAPITests|WorkerLeaseTests|HostileMailIMAPTests
CHAIN_SUITES = EVMRPCClientTests|EVMTransactionPeerTests|BroadcasterTests|ReplayEVMChainTests|EVMApprovalIMAPTests|EVMTransactionRoutesTests|ServeEVMChainTests
# Three more that are timed and must neither wait for the others nor hold them up, one test at a
# time: the PSBT bounds parse on a cooperative thread for seconds (beside the quiet suites they
# delayed the leases' renewals past expiry), the IMAP poller's hand-overs, and the PostgreSQL store's
# outages and TLS refusals (stores whose calls give up after a few seconds: in the first process the
# outage test's set-up alone was seen to take longer).
ALONE_SUITES = PSBTFuzzTests|IMAPPollerTests|AccountEngineTests.PostgresStoreTests|AccountEngineTests.PostgresTLSTests
# Suites whose peers work hard (Perl's and Python's DKIM signers over whole corpora, the NEAR RPC
# stand-in answering with deadlines, pgbench on a cluster of its own, a peer holding 2,000 idle HTTP
# connections) run in a process of their own: on a slow day, in the first process, the Perl signer
# outran its 300 s and the stand-in its RPC deadline, and beside the quiet suites the server took
# 11 s, not under 10, to shed the 2,000 (3 s alone).
PEER_SUITES = CrossImplementationTests|NEARAccountVerifierTests|DatabaseAloneRunTests|HTTPAPITests.BadInputTests
test: build
	./scripts/test-run.sh 1800 $(SWIFT) test --skip "$(QUIET_SUITES)|$(CHAIN_SUITES)|$(ALONE_SUITES)|$(PEER_SUITES)"
	./scripts/test-run.sh 900 $(SWIFT) test --filter "$(QUIET_SUITES)" --skip "$(CHAIN_SUITES)|$(ALONE_SUITES)|$(PEER_SUITES)"
	./scripts/test-run.sh 900 $(SWIFT) test --filter "$(CHAIN_SUITES)"
	./scripts/test-run.sh 900 $(SWIFT) test --filter "$(PEER_SUITES)"
	./scripts/test-run.sh 600 $(SWIFT) test --no-parallel --filter "$(ALONE_SUITES)"

# The release tarball: binary (Swift runtime linked in), configs, systemd unit, guide, install.sh.
dist: setup
	./scripts/dist.sh

# Installs that tarball into a fresh Debian 12 root (debootstrap, as root) with only its documented
# runtime packages and runs --version, config check, init and the demo's replays there
# (scripts/test-dist.sh). Not part of `make test`: it downloads Debian's packages.
test-dist: setup
	./scripts/test-dist.sh

# libFuzzer targets with the address sanitizer, FUZZ_SECONDS each (make fuzz FUZZ_SECONDS=600);
# FUZZ_TARGETS="dkim json" picks some. See docs/fuzzing.md.
fuzz: setup
	FUZZ_SECONDS=$(FUZZ_SECONDS) ./scripts/fuzz.sh

# The main job on the embedded default: verify the committed fixtures.
demo: release
	./scripts/demo.sh

bench-dkim: release
	./Benchmarks/dkim/run.sh

bench-mail: release
	./Benchmarks/mail/run.sh

bench-engine: release
	./.build/release/engine-bench

# The near-mpc signer through the NEAR RPC and MPC stand-in (scripts/peers/near_rpc.py) with a block a
# second and the MPC answering 1 s after a transaction: signatures per second and latency at 1, 8 and
# 32 concurrent requests, next to the time a queue would take (Benchmarks/SignerBenchmark).
bench-signer: release
	./.build/release/signer-bench

# wrk on POST /v1/execute against the engine's own rate in the same run (Benchmarks/http/run.sh).
bench-http: setup
	./Benchmarks/http/run.sh

# wrk on POST /v1/execute of real serve processes: one on SQLite, one, two and three on one PostgreSQL database (Benchmarks/scale/run.sh).
bench-scale: setup
	./Benchmarks/scale/run.sh

format:
	$(SWIFT) format --in-place --recursive --configuration .swift-format Sources Tests Benchmarks Fuzz

lint:
	$(SWIFT) format lint --strict --recursive --configuration .swift-format Sources Tests Benchmarks Fuzz

clean:
	rm -rf .build
