# Orrery's everyday commands. `make quickstart` and `make test` are the README's two.
.PHONY: deps quickstart build test check-baselines update-baselines benchmark benchmark-fabric clean

deps:
	@scripts/install-deps.sh

quickstart: deps
	swift build -c release --product orrery
	.build/release/orrery run Scenarios/quickstart.yaml

build: deps
	swift build

# Baseline checks first, the test suite last (its closing line is the verdict CI reads).
test: deps
	swift build --product orrery
	scripts/check-baselines.sh .build/debug/orrery
	swift test

check-baselines: build
	scripts/check-baselines.sh .build/debug/orrery

# Regenerates every baseline from the current code: review the diff before committing.
# Scenarios/a/b.yaml → Results/baselines/a-b.json.
update-baselines: build
	for s in Scenarios/*.yaml Scenarios/*/*.yaml; do \
	    name=$$(echo "$${s#Scenarios/}" | sed 's|/|-|g; s|\.yaml$$||'); \
	    .build/debug/orrery baseline update "$$s" --baseline "Results/baselines/$$name.json" --relative 1e-6 || exit 1; \
	done

benchmark: deps
	cd Benchmarks && swift run -c release event-loop-bench

# The fabric figures of docs/performance.md; the SimGrid comparison needs libsimgrid-dev.
benchmark-fabric: deps
	cd Benchmarks && swift run -c release fabric-scale-bench
	scripts/bench-flow-vs-simgrid.sh

clean:
	rm -rf .build Benchmarks/.build
