# conclint's everyday commands. `make help` lists them.
GO ?= go
BIN := bin/conclint

.PHONY: help build install test unit integration demo check bench soak gopls realbugs clean

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-12s %s\n", $$1, $$2}'

build: ## build bin/conclint
	$(GO) build -buildvcs=auto -o $(BIN) ./cmd/conclint

install: ## install conclint into $(go env GOPATH)/bin
	$(GO) install -buildvcs=auto ./cmd/conclint

test: check unit integration ## run the whole test suite: what CI runs (check, unit, integration)

unit: ## go test ./...: unit tests, analyzer fixtures, the binary end to end
	$(GO) test -timeout 30m ./...

demo: build ## run conclint on the bundled example service and show its findings
	@echo "conclint ./... in testdata/example:"
	@cd testdata/example && ../../$(BIN) ./... ; status=$$?; \
	  if [ $$status -eq 3 ]; then echo "(exit 3: findings, as expected)"; else exit $$status; fi

check: build ## gofmt, go vet and conclint itself over this repository
	@out=$$(gofmt -l $$(git ls-files '*.go' | grep -v /testdata/)); \
	  if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi
	$(GO) vet ./...
	./$(BIN) ./...

bench: ## conclint vs go vet and peers on real modules: medians, ratios, peak RSS (BENCH_ARGS, docs/performance.md)
	.ci/bench.sh $(BENCH_ARGS)

soak: ## go vet conclint over std, cmd and every realcode module; fail on any panic or analyzer error (SOAK_ARGS, default -set all)
	.ci/soak.sh $(or $(SOAK_ARGS),-set all)

realbugs: ## conclint on the real fixed bugs of testdata/realbugs/cases.tsv: found / cases per analyzer (REALBUGS_ARGS, docs/realbugs.md)
	.ci/realbugs.sh $(REALBUGS_ARGS)

.PHONY: goker
goker: ## goroutineleak and lockblock on Go's GoKer kernels (real blocking bugs): found kernels per class (GOKER_ARGS, .ci/goker.sh)
	.ci/goker.sh $(GOKER_ARGS)

gopls: ## build bin/gopls-conclint: gopls v0.23.0 with conclint's analyzers (docs/editors.md)
	.ci/gopls.sh build

integration: ## golangci-lint plugin and gopls, end to end (.ci/golangci.sh, .ci/gopls.sh)
	.ci/golangci.sh
	.ci/gopls.sh

clean: ## remove build outputs
	rm -rf bin
