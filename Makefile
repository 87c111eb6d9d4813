# gigaline — the two commands of a fresh Debian 12 machine, and helpers.
#   make demo   install what is missing, build the gigaline executable (Release), run the default scenario,
#               print its KPI table and write its HTML report (results/aesc_douai/report.html)
#   make test   install what is missing, build, run every test
#   make install [PREFIX=/usr/local]   gigaline, its man page, bash completion and the example scenarios
#   make deb    the same as a Debian package, build/release/gigaline_VERSION_ARCH.deb (sudo apt install ./FILE)
# On CI (CI=true) the build treats warnings as errors.
PRESET  := $(if $(filter true 1,$(CI)),ci,release)
BUILD   := build/release
EXE     := $(BUILD)/src/gigaline
DEMO    := scenarios/aesc_douai.json
RESULTS := results/aesc_douai
SOURCES := $(shell git ls-files '*.cpp' '*.hpp' 2>/dev/null)
# Ramp-up baselines guarded by CI: tests/baselines/<name>.json is the baseline of the scenario beside it.
BASELINES := scenarios/acc_billy_berclau.json scenarios/aesc_douai.json scenarios/verkor_bourbourg.json \
             scenarios/bench/tandem4.json

.PHONY: deps deps-test build build-exe demo install deb test asan fuzz bench baselines goldens check-baselines format format-check tidy docs clean

deps:
	@scripts/install-deps.sh

deps-test:
	@scripts/install-deps.sh --test

build: deps
	@cmake --preset $(PRESET) >/dev/null
	@cmake --build --preset $(PRESET)

# Only what the demo needs: the executable, not the tests and benchmarks
build-exe: deps
	@cmake --preset $(PRESET) >/dev/null
	@cmake --build --preset $(PRESET) --target gigaline

demo: build-exe
	@$(EXE) run $(DEMO) --out $(RESULTS) --report $(RESULTS)/report.html

PREFIX ?= /usr/local
install: build
	@cmake --install $(BUILD) --prefix $(PREFIX)

deb: build
	@cd $(BUILD) && cpack -G DEB

test: deps-test build
	@ctest --preset $(PRESET)

# Re-record every baseline on purpose (after a model change you mean): review the diff, commit it.
baselines: build
	@for s in $(BASELINES); do \
	  $(EXE) baseline $$s --replications 8 --out tests/baselines/$$(basename $$s .json).json || exit 1; \
	done

# Re-record the golden outputs of tests/golden/ on purpose (after a change of results you mean): review the diff.
goldens: build
	@python3 tests/golden/check_goldens.py . $(EXE) --update

# Re-run every baselined scenario and compare its curves (the baseline's mode); JUnit reports in $(BUILD)/baselines.
check-baselines: build
	@status=0; for s in $(BASELINES); do \
	  n=$$(basename $$s .json); \
	  $(EXE) check $$s --baseline tests/baselines/$$n.json --junit $(BUILD)/baselines/$$n.xml || status=1; \
	done; exit $$status

asan: deps-test
	@cmake --preset asan >/dev/null
	@cmake --build --preset asan
	@ctest --preset asan

# The loaders under libFuzzer (clang, ASan, UBSan): FUZZ_SECONDS (default 60) per harness; see docs/fuzzing.md.
fuzz: deps-test
	@cmake --preset fuzz >/dev/null
	@cmake --build --preset fuzz
	@tests/fuzz/run.sh

bench: build
	@tests/bench/run.sh
	@echo
	@echo "== Battery Valley plants: seconds per replication"
	@REPS=1 tests/bench/plants.sh
	@echo
	@echo "== Sweeps: 1,000 bench-line runs and 200 plant runs, 1 and 2 jobs"
	@tests/bench/sweep.sh
	@echo
	@echo "== Memory: peak RSS of 10, 100 and 1,000 replications of ACC"
	@tests/bench/memory.sh

format:
	@clang-format -i $(SOURCES)

format-check:
	@clang-format --dry-run --Werror $(SOURCES) && echo "format-check: $(words $(SOURCES)) files formatted"

tidy: build
	@clang-tidy -p $(BUILD) $(filter src/%.cpp,$(SOURCES))

docs: build
	@scripts/regen-docs.sh $(EXE)

clean:
	@rm -rf build results
