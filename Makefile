# gigaline — the two commands of a fresh Debian 12 machine, and helpers.
#   make demo   install what is missing, build (Release), run the default scenario, print its KPI table
#   make test   install what is missing, build, run every test
# On CI (CI=true) the build treats warnings as errors.
PRESET  := $(if $(filter true 1,$(CI)),ci,release)
BUILD   := build/release
EXE     := $(BUILD)/src/gigaline
DEMO    := scenarios/aesc_douai.json
RESULTS := results/aesc_douai
SOURCES := $(shell git ls-files '*.cpp' '*.hpp' 2>/dev/null)

.PHONY: deps deps-test build demo test asan bench format format-check tidy docs clean

deps:
	@scripts/install-deps.sh

deps-test:
	@scripts/install-deps.sh --test

build: deps
	@cmake --preset $(PRESET) >/dev/null
	@cmake --build --preset $(PRESET)

demo: build
	@$(EXE) run $(DEMO) --out $(RESULTS)

test: deps-test build
	@ctest --preset $(PRESET)

asan: deps-test
	@cmake --preset asan >/dev/null
	@cmake --build --preset asan
	@ctest --preset asan

bench: build
	@tests/bench/run.sh
	@echo
	@echo "== Battery Valley plants: seconds per replication"
	@REPS=1 tests/bench/plants.sh
	@echo
	@echo "== Sweeps: 1,000 bench-line runs and 200 plant runs, 1 and 2 jobs"
	@tests/bench/sweep.sh

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
