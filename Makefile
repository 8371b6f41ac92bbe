# The two commands a fresh machine needs are "make run" and "make test" (see README.md).

GO ?= go
NPM ?= npm

.PHONY: run build ui test check fuzz

# run builds the page and the binary, then serves the back office on the embedded SQLite
# database (clientele.db in this folder) at http://127.0.0.1:8080/.
run: build
	./bin/clientele serve

build: ui
	$(GO) build -o bin/clientele ./cmd/clientele

# ui builds the page (web/ui/dist, embedded in the binary) from its sources with esbuild.
# npm ci installs exactly the versions in package-lock.json, from the npm registry.
ui: web/ui/node_modules/.package-lock.json
	cd web/ui && $(NPM) run --silent build

web/ui/node_modules/.package-lock.json: web/ui/package-lock.json
	cd web/ui && $(NPM) ci --no-audit --no-fund

# test runs every test, the browser tests included (they need Debian's chromium). Tests that
# need PostgreSQL use $$CLIENTELE_TEST_POSTGRES (default: the local server at 127.0.0.1:5432);
# .ci/run starts PostgreSQL and sets it. The browser and process tests of web and cmd/clientele
# take most of ten minutes each under -race on two cores: the timeout is go test's default
# doubled, so that a slow machine is not a failure.
test: ui check
	$(GO) test -race -count=1 -timeout 20m ./...

# fuzz runs each fuzz target for FUZZTIME (go test -fuzz takes one target at a time), starting
# from the seeds in the packages' testdata/fuzz folders; a failing input is saved there and fails
# the run. Go 1.26's fuzz coordinator can also end a run with a bare "context deadline exceeded"
# at the -fuzztime boundary without having found anything (golang/go#75804, fixed in Go 1.27):
# such an ending, with no new input saved, is reported and not counted as a failure.
FUZZTIME ?= 10s
FUZZ_TARGETS = ./customer:FuzzNormalizeEmail ./customer:FuzzNormalizePhone ./customer:FuzzParseDate \
	./customer:FuzzNameKey ./customer:FuzzNormalize ./customer:FuzzParseDigits ./sheet:FuzzReadCSV ./sheet:FuzzReadXLSX
fuzz:
	@for t in $(FUZZ_TARGETS); do \
		pkg=$${t%%:*}; name=$${t#*:}; dir=$$pkg/testdata/fuzz/$$name; \
		before=$$(ls $$dir 2>/dev/null | wc -l); \
		echo "fuzz $$name ($$pkg, $(FUZZTIME))"; \
		if ! $(GO) test -run='^$$' -fuzz="^$$name$$" -fuzztime=$(FUZZTIME) "$$pkg" > /tmp/clientele-fuzz.log 2>&1; then \
			cat /tmp/clientele-fuzz.log; \
			after=$$(ls $$dir 2>/dev/null | wc -l); \
			if [ "$$after" -gt "$$before" ] || ! grep -q "context deadline exceeded" /tmp/clientele-fuzz.log; then exit 1; fi; \
			echo "fuzz $$name: stopped by Go's fuzztime deadline race (golang/go#75804), no failing input saved: not a failure"; \
		else tail -n 3 /tmp/clientele-fuzz.log; fi; \
	done

# check runs gofmt, go vet and staticcheck. staticcheck is pinned (v0.8.2 is its release 2026.2.2):
# go run fetches and builds that version once, and the build cache keeps it.
STATICCHECK ?= honnef.co/go/tools/cmd/staticcheck@v0.8.2
check:
	@unformatted=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	if [ -n "$$unformatted" ]; then echo "gofmt needed: $$unformatted"; exit 1; fi
	$(GO) vet ./...
	$(GO) run $(STATICCHECK) ./...

# bench generates a realistic 100,000-row customer file (CSV and xlsx) and times reading,
# checking, importing and exporting it, on SQLite and on the local PostgreSQL (where psql's \copy
# of the same file is the baseline); then, on PostgreSQL, the dry run of the file against
# 1,000,000 stored customers (dry-run-base: the possible-duplicate check's lookups, issue #25).
# The Go benchmarks: go test -bench . ./internal/bench
BENCH_POSTGRES ?= postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable
.PHONY: bench
bench: build
	./bin/clientele bench --rows 100000
	./bin/clientele bench --rows 100000 --db '$(BENCH_POSTGRES)'
	./bin/clientele bench --rows 100000 --db '$(BENCH_POSTGRES)' --steps dry-run-base
