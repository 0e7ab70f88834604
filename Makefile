# conclint's everyday commands. `make help` lists them.
GO ?= go
BIN := bin/conclint

.PHONY: help build install test demo check bench soak gopls golangci clean

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-10s %s\n", $$1, $$2}'

build: ## build bin/conclint
	$(GO) build -o $(BIN) ./cmd/conclint

install: ## install conclint into $(go env GOPATH)/bin
	$(GO) install ./cmd/conclint

test: ## run the whole test suite (unit, analyzer fixtures, end to end)
	$(GO) test ./...

demo: build ## run conclint on the bundled example service and show its findings
	@echo "conclint ./... in testdata/example:"
	@cd testdata/example && ../../$(BIN) ./... ; status=$$?; \
	  if [ $$status -eq 3 ]; then echo "(exit 3: findings, as expected)"; else exit $$status; fi

check: build ## gofmt, go vet and conclint itself over this repository
	@out=$$(gofmt -l $$(git ls-files '*.go' | grep -v /testdata/)); \
	  if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi
	$(GO) vet ./...
	./$(BIN) ./...

soak: ## run the suite over std, cmd and real modules; fail on any panic or analyzer error
	.ci/soak.sh $(SOAK_ARGS)

clean: ## remove build outputs
	rm -rf bin
