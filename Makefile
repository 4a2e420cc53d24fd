# fsxctl — build, test, bench, demo, install.
# `make` builds build/fsxctl, build/fsxemu and build/libfsxemu.so.
PREFIX   ?= /usr/local
DESTDIR  ?=
BINDIR   ?= $(PREFIX)/bin
MANDIR   ?= $(PREFIX)/share/man
BASHCOMPDIR ?= $(PREFIX)/share/bash-completion/completions
ZSHCOMPDIR  ?= $(PREFIX)/share/zsh/site-functions
FISHCOMPDIR ?= $(PREFIX)/share/fish/vendor_completions.d

CC       ?= cc
VERSION  := 0.1.0
B        := build
CFLAGS   ?= -O2 -g
CFLAGS   += -std=gnu11 -Wall -Wextra -Werror=implicit-function-declaration \
	    -fno-strict-aliasing -D_GNU_SOURCE -DFSX_VERSION='"$(VERSION)"' -Isrc -MMD -MP
LDFLAGS  ?=
ifeq ($(SANITIZE),1)
CFLAGS   += -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
LDFLAGS  += -fsanitize=address,undefined
B        := build-san
endif

# fsxctl links libc only: libcurl, libcrypto, cJSON, libyaml and readline are
# opened with dlopen by the one file that needs each (STYLE.md §6).
FSX_SRC  := $(sort $(wildcard src/cmd/*.c src/layout/*.c src/lustre/*.c src/util/*.c \
	      src/aws/*.c src/hsm/*.c src/quota/*.c))
FSX_MAIN := src/cmd/main.c
LIB_SRC  := $(filter-out $(FSX_MAIN),$(FSX_SRC))
FSX_OBJ  := $(FSX_SRC:%.c=$(B)/obj/%.o)
LIB_OBJ  := $(LIB_SRC:%.c=$(B)/obj/%.o)

UNIT_SRC := $(sort $(wildcard tests/unit/test-*.c))
UNIT_BIN := $(UNIT_SRC:tests/unit/%.c=$(B)/tests/%)

all: $(B)/fsxctl emu

$(B)/fsxctl: $(FSX_OBJ)
	@mkdir -p $(@D)
	$(CC) $(LDFLAGS) -o $@ $^ -lpthread -ldl

$(B)/obj/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -c -o $@ $<

$(B)/libfsx.a: $(LIB_OBJ)
	@mkdir -p $(@D)
	rm -f $@ && ar rcs $@ $^

$(B)/tests/%: tests/unit/%.c tests/unit/tap.h $(B)/libfsx.a
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -Itests/unit $(LDFLAGS) -o $@ $< $(B)/libfsx.a -lpthread -ldl

# The emulator has its own rules (src/emu/emu.mk): build/fsxemu, build/libfsxemu.so.
-include src/emu/emu.mk

units: $(UNIT_BIN)

# `make check`: unit tests + bats suites; the last line is `N passed, N failed`.
check: deps all units
	@B=$(B) tests/run.sh

check-quick: all units
	@B=$(B) tests/run.sh

deps:
	@scripts/deps.sh

bench: all
	@bench/run.sh

demo: deps all
	@scripts/demo.sh

fuzz:
	@tests/fuzz/run.sh long

format-check:
	@clang-format --dry-run -Werror $$(git diff --name-only --diff-filter=AM HEAD -- '*.c' '*.h') 2>&1 | head -50

install: all
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(BASHCOMPDIR) \
		$(DESTDIR)$(ZSHCOMPDIR) $(DESTDIR)$(FISHCOMPDIR) $(DESTDIR)$(PREFIX)/lib/fsxctl
	install -m 755 $(B)/fsxctl $(B)/fsxemu $(DESTDIR)$(BINDIR)/
	install -m 644 $(B)/libfsxemu.so $(DESTDIR)$(PREFIX)/lib/fsxctl/
	install -m 644 man/*.1 $(DESTDIR)$(MANDIR)/man1/
	install -m 644 completions/fsxctl.bash $(DESTDIR)$(BASHCOMPDIR)/fsxctl
	install -m 644 completions/_fsxctl $(DESTDIR)$(ZSHCOMPDIR)/_fsxctl
	install -m 644 completions/fsxctl.fish $(DESTDIR)$(FISHCOMPDIR)/fsxctl.fish

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/fsxctl $(DESTDIR)$(BINDIR)/fsxemu \
		$(DESTDIR)$(PREFIX)/lib/fsxctl/libfsxemu.so \
		$(DESTDIR)$(BASHCOMPDIR)/fsxctl $(DESTDIR)$(ZSHCOMPDIR)/_fsxctl \
		$(DESTDIR)$(FISHCOMPDIR)/fsxctl.fish
	for m in man/*.1; do rm -f $(DESTDIR)$(MANDIR)/man1/$${m#man/}; done
	-rmdir $(DESTDIR)$(PREFIX)/lib/fsxctl

# Generated files and packages (issue 7). `make gen` rewrites completions/
# and man/*.1 from the command table (tests diff them against it);
# `make deb` builds $(B)/fsxctl_$(VERSION)_ARCH.deb and runs lintian.
gen: $(B)/fsxctl
	FSXCTL=$(B)/fsxctl scripts/gen.sh

deb: all
	B=$(B) VERSION=$(VERSION) packaging/deb.sh

.PHONY: gen deb

clean:
	rm -rf build build-san

.PHONY: all emu units check check-quick deps bench demo fuzz format-check install uninstall clean
-include $(shell find $(B) -name '*.d' -type f 2>/dev/null)
