# Mandos in C#: build, test, demonstrate, measure.
#   make build   publish every program into build/bin/ under its upstream name (NativeAOT)
#   make lint    shellcheck on every shell script in git (a .sh name or a sh/bash/dash shebang), and
#                dotnet format --verify-no-changes: the C# code as .editorconfig describes it
#   make format  dotnet format: rewrites the C# code the way make lint expects it
#   make unit    only the unit lane (Lane=Unit: no build/bin, no root, no network), without the NativeAOT publish
#   make check   lint, build, then run every test (unit, integration, interop with Debian's Mandos)
#   make demo    the main job: our server and client on loopback, the client prints the password
#   make bench   benchmarks, side by side with Debian's programs
#   make deb     Debian packages mandos and mandos-client (1.8.18+csN) into build/deb/ (debian/manifest)
SHELL := /bin/bash
DOTNET ?= dotnet
BIN := build/bin
CONFIG ?= Release
# program name : project, and name : the executable that acts as that program when run under
# the name (busybox-style), both from programs.list
PROGRAMS := $(shell awk '$$1 ~ /^[a-z]/ && $$2 == "program" { print $$1 ":" $$3 }' programs.list)
MULTICALL := $(shell awk '$$1 ~ /^[a-z]/ && $$2 == "multicall" { print $$1 ":" $$3 }' programs.list)

.PHONY: all build check unit test demo bench deb clean deps lint format

all: build

build:
	@set -e; for p in $(PROGRAMS); do \
	  name=$${p%%:*}; proj=$${p#*:}; \
	  $(DOTNET) publish src/$$proj -c $(CONFIG) -o build/publish/$$name --nologo -v quiet -p:DebugType=none; \
	  install -D -m 0755 build/publish/$$name/$$name $(BIN)/$$name; \
	done; \
	for link in $(MULTICALL); do ln -sf $${link#*:} $(BIN)/$${link%%:*}; done; ls -l $(BIN)

deps:
	bash tools/install-deps.sh

# Scripts are found by name and shebang, so a new one is never left out; initramfs scripts
# carry #!/bin/sh and are checked as POSIX sh. dotnet format restores the projects itself and
# needs no build: whitespace, style and analyzer findings at the severities .editorconfig sets.
lint:
	@git ls-files -z | while IFS= read -r -d '' f; do \
	  [ -f "$$f" ] || continue; \
	  case "$$f" in *.sh) echo "$$f"; continue ;; esac; \
	  if head -n1 "$$f" | grep -qE '^#!.*[/ ](ba|da)?sh( |$$)'; then echo "$$f"; fi; \
	done | xargs -r -d '\n' shellcheck -x
	$(DOTNET) format Mandos.slnx --verify-no-changes

format:
	$(DOTNET) format Mandos.slnx

check: lint build
	CONFIG=$(CONFIG) bash tools/test.sh

unit:
	CONFIG=$(CONFIG) bash tools/test.sh --lane Unit

test: check

demo: build
	bash tools/demo.sh

bench: build
	bash bench/run.sh

deb: build
	bash debian/build-debs.sh

clean:
	rm -rf build
	$(DOTNET) clean Mandos.slnx --nologo -v quiet
