# The two commands a fresh machine needs are "make run" and "make test" (see README.md).

GO ?= go

.PHONY: run build test check fuzz

# run starts Clientele on the embedded SQLite database (clientele.db in this folder).
run: build
	./bin/clientele help

build:
	$(GO) build -o bin/clientele ./cmd/clientele

# test runs every test. Tests that need PostgreSQL use $$CLIENTELE_TEST_POSTGRES (default: the
# local server at 127.0.0.1:5432); .ci/run starts PostgreSQL and sets it.
test: check
	$(GO) test -race -count=1 ./...

check:
	@unformatted=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	if [ -n "$$unformatted" ]; then echo "gofmt needed: $$unformatted"; exit 1; fi
	$(GO) vet ./...
