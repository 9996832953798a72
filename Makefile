# wangge — grid-based neighbourhood management in the terminal.
# Plain make. `make run` and `make check` are the two set-up commands (see README).

PREFIX     ?= /usr/local
BINDIR     ?= $(PREFIX)/bin
DATADIR    ?= $(PREFIX)/share
MANPREFIX  ?= $(DATADIR)/man
LOCALEDIR  ?= $(DATADIR)/locale
SYSCONFDIR ?= /etc
DESTDIR    ?=
PKG_CONFIG ?= pkg-config
CC         ?= cc
BUILD      ?= build

VERSION    := 0.1.0

# Libraries every build links. Printing, export and tests add theirs below.
PKGS       := ncursesw sqlite3 yaml-0.1 icu-uc icu-i18n libsodium
PRINT_PKGS := pangocairo cairo-pdf
XLSX_PKGS  := xlsxwriter
ALL_PKGS   := $(PKGS) $(PRINT_PKGS) $(XLSX_PKGS)

PKG_CFLAGS := $(shell $(PKG_CONFIG) --cflags $(ALL_PKGS) 2>/dev/null)
PKG_LIBS   := $(shell $(PKG_CONFIG) --libs $(ALL_PKGS) 2>/dev/null) -lcups
CMOCKA_LIBS := $(shell $(PKG_CONFIG) --libs cmocka 2>/dev/null)

WARN       := -Wall -Wextra -Wshadow -Wpedantic -Wno-unused-parameter
ifeq ($(CI),true)
WARN       += -Werror
endif
OPT        ?= -O2 -g
CPPFLAGS   += -Iinclude -I$(BUILD)/gen -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE \
              -DWANGGE_VERSION='"$(VERSION)"' -DWANGGE_LOCALEDIR='"$(LOCALEDIR)"' \
              -DWANGGE_SYSCONFDIR='"$(SYSCONFDIR)"'
CFLAGS     += -std=c11 $(WARN) $(OPT) $(PKG_CFLAGS) -MMD -MP
SAN        := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined

ifeq ($(V),1)
Q :=
else
Q := @
endif

CORE_SRC   := $(sort $(wildcard src/core/*.c))
TUI_SRC    := $(sort $(wildcard src/tui/*.c))
PRINT_SRC  := $(sort $(wildcard src/print/*.c))
CLI_SRC    := $(sort $(wildcard src/cli/*.c))
APP_SRC    := $(CORE_SRC) $(TUI_SRC) $(PRINT_SRC) $(CLI_SRC) src/main.c
GEN_SRC    := $(BUILD)/gen/builtin_config.c

OBJ        := $(APP_SRC:%.c=$(BUILD)/obj/%.o) $(BUILD)/obj/gen/builtin_config.o
SAN_OBJ    := $(APP_SRC:%.c=$(BUILD)/san/%.o) $(BUILD)/san/gen/builtin_config.o
# Unit tests link everything but the program's main().
SAN_LIB_OBJ := $(filter-out $(BUILD)/san/src/main.o,$(SAN_OBJ))

UNIT_SRC   := $(sort $(wildcard tests/unit/test_*.c))
UNIT_BIN   := $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)

# Translations: one fragment per area in po/<lang>/*.po, joined at build time.
LANGS      := $(notdir $(wildcard po/*))
MO         := $(LANGS:%=$(BUILD)/locale/%/LC_MESSAGES/wangge.mo)

TOOLS      := $(BUILD)/gengrid

DEMO_DIR   := $(BUILD)/demo
DEMO_DB    := $(DEMO_DIR)/wangge.db
DEMO_YAML  := $(DEMO_DIR)/qingnianlu.yaml

.PHONY: all deps run check test unit-tests clean install uninstall demo bench bench-quick fuzz stress pot

all: wangge $(MO) $(TOOLS)

# ./wangge is the default build's program; other BUILD folders keep theirs inside.
wangge: $(BUILD)/wangge
	$(Q)cp $< $@

$(BUILD)/wangge: $(OBJ)
	@echo "  LINK    $@"
	$(Q)$(CC) $(CFLAGS) -o $@ $(OBJ) $(PKG_LIBS) $(LDFLAGS) -lm

$(BUILD)/wangge-san: $(SAN_OBJ)
	@echo "  LINK    $@"
	$(Q)$(CC) $(CFLAGS) $(SAN) -o $@ $(SAN_OBJ) $(PKG_LIBS) $(LDFLAGS) -lm

$(BUILD)/obj/%.o: %.c
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	$(Q)$(CC) $(CPPFLAGS) $(CFLAGS) -c -o $@ $<

$(BUILD)/san/%.o: %.c
	@mkdir -p $(dir $@)
	@echo "  CC+SAN  $<"
	$(Q)$(CC) $(CPPFLAGS) $(CFLAGS) $(SAN) -O1 -c -o $@ $<

$(BUILD)/obj/gen/%.o: $(BUILD)/gen/%.c
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(CPPFLAGS) $(CFLAGS) -c -o $@ $<

$(BUILD)/san/gen/%.o: $(BUILD)/gen/%.c
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(CPPFLAGS) $(CFLAGS) $(SAN) -c -o $@ $<

# The default configuration is compiled in, so the program runs without a config file.
$(BUILD)/gen/builtin_config.c: config/wangge.yaml tools/embed.sh
	@mkdir -p $(dir $@)
	$(Q)sh tools/embed.sh wg_builtin_config < config/wangge.yaml > $@.tmp && mv $@.tmp $@

.SECONDEXPANSION:
$(BUILD)/locale/%/LC_MESSAGES/wangge.mo: $$(wildcard po/%/*.po)
	@mkdir -p $(dir $@)
	$(Q)msgcat --use-first -o $@.po $^ && msgfmt --check-format -o $@ $@.po && rm -f $@.po

$(BUILD)/tests/test_%: tests/unit/test_%.c $(SAN_LIB_OBJ)
	@mkdir -p $(dir $@)
	@echo "  TEST    $@"
	$(Q)$(CC) $(CPPFLAGS) $(CFLAGS) $(SAN) -o $@ $< $(SAN_LIB_OBJ) $(PKG_LIBS) $(CMOCKA_LIBS) $(LDFLAGS) -lm

$(BUILD)/gengrid: tools/gengrid.c
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	$(Q)$(CC) -std=c11 $(WARN) -O2 -o $@ $< -lm

# Fuzzing (issue 9): libFuzzer targets built with clang over the core objects.
FUZZ_CC      ?= clang
FUZZ_SECONDS ?= 300
FUZZ_SAN     := -fsanitize=address,undefined -fno-omit-frame-pointer -g -O1
FUZZ_OBJ     := $(CORE_SRC:%.c=$(BUILD)/fuzz/obj/%.o) $(BUILD)/fuzz/obj/gen/builtin_config.o
FUZZ_BIN     := $(BUILD)/fuzz/fuzz_import $(BUILD)/fuzz/fuzz_search
.SECONDARY: $(FUZZ_OBJ)

$(BUILD)/fuzz/obj/%.o: %.c
	@mkdir -p $(dir $@)
	@echo "  CC+FUZZ $<"
	$(Q)$(FUZZ_CC) $(CPPFLAGS) -std=c11 $(PKG_CFLAGS) $(FUZZ_SAN) -fsanitize=fuzzer-no-link -c -o $@ $<

$(BUILD)/fuzz/obj/gen/%.o: $(BUILD)/gen/%.c
	@mkdir -p $(dir $@)
	$(Q)$(FUZZ_CC) $(CPPFLAGS) -std=c11 $(FUZZ_SAN) -c -o $@ $<

$(BUILD)/fuzz/fuzz_%: tests/fuzz/fuzz_%.c $(FUZZ_OBJ)
	@echo "  LINK    $@"
	$(Q)$(FUZZ_CC) $(CPPFLAGS) -std=c11 $(PKG_CFLAGS) $(FUZZ_SAN) -fsanitize=fuzzer -o $@ $< \
	    $(FUZZ_OBJ) $(PKG_LIBS) $(LDFLAGS) -lm

deps:
	@sh tools/ensure-deps.sh

# The demo street lives in a database of its own, made once and reused.
$(DEMO_YAML): $(BUILD)/gengrid
	@mkdir -p $(DEMO_DIR) && chmod 700 $(DEMO_DIR)
	$(Q)$(BUILD)/gengrid --street qingnianlu --seed 1 > $@.tmp && mv $@.tmp $@

$(DEMO_DB): $(DEMO_YAML) | wangge $(MO)
	@echo "  IMPORT  sample street 青年路街道 into $@"
	$(Q)rm -f $@ $@-wal $@-shm
	$(Q)./wangge --db $@.tmp import $(DEMO_YAML) config/sample/*.yaml > $(DEMO_DIR)/import.log && \
	    ./wangge --db $@.tmp demo-setup >> $(DEMO_DIR)/import.log && mv $@.tmp $@

demo: $(DEMO_DB)

run: deps
	$(Q)$(MAKE) --no-print-directory all
	$(Q)$(MAKE) --no-print-directory demo
	$(Q)WANGGE_DB=$(DEMO_DB) ./wangge

check: deps
	$(Q)$(MAKE) --no-print-directory all
	$(Q)$(MAKE) --no-print-directory test

unit-tests: $(UNIT_BIN) $(BUILD)/wangge-san

test: all unit-tests
	$(Q)BUILD=$(BUILD) sh tests/run.sh

bench: deps
	$(Q)$(MAKE) --no-print-directory all
	$(Q)BUILD=$(BUILD) sh bench/run.sh full

fuzz: deps
	$(Q)$(MAKE) --no-print-directory $(FUZZ_BIN)
	$(Q)BUILD=$(BUILD) sh tests/fuzz/run.sh $(FUZZ_SECONDS)

# The long versions of the crash and concurrency tests.
stress: deps
	$(Q)$(MAKE) --no-print-directory all $(BUILD)/wangge-san
	$(Q)TRIALS=200 BUILD=$(BUILD) sh tests/integration/crash_import.sh
	$(Q)VISITS_PER_WRITER=200 BUILD=$(BUILD) sh tests/integration/concurrent.sh
	$(Q)KEYS=50000 BUILD=$(BUILD) sh tests/screen/keystorm.sh

bench-quick: deps
	$(Q)$(MAKE) --no-print-directory all
	$(Q)BUILD=$(BUILD) sh bench/run.sh quick

pot:
	xgettext --keyword=_ --keyword=N_ --from-code=UTF-8 -o po/wangge.pot $(APP_SRC)

install: wangge $(MO)
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANPREFIX)/man1 $(DESTDIR)$(MANPREFIX)/man5 \
	    $(DESTDIR)$(SYSCONFDIR)/wangge
	install -m 755 wangge $(DESTDIR)$(BINDIR)/wangge
	install -m 644 man/wangge.1 $(DESTDIR)$(MANPREFIX)/man1/wangge.1
	install -m 644 man/wangge.5 $(DESTDIR)$(MANPREFIX)/man5/wangge.5
	install -m 644 config/wangge.yaml $(DESTDIR)$(SYSCONFDIR)/wangge/config.yaml
	for mo in $(MO); do lang=$$(basename $$(dirname $$(dirname $$mo))); \
	    install -d $(DESTDIR)$(LOCALEDIR)/$$lang/LC_MESSAGES; \
	    install -m 644 $$mo $(DESTDIR)$(LOCALEDIR)/$$lang/LC_MESSAGES/wangge.mo; done

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/wangge $(DESTDIR)$(MANPREFIX)/man1/wangge.1 \
	    $(DESTDIR)$(MANPREFIX)/man5/wangge.5 $(DESTDIR)$(SYSCONFDIR)/wangge/config.yaml
	for lang in $(LANGS); do \
	    rm -f $(DESTDIR)$(LOCALEDIR)/$$lang/LC_MESSAGES/wangge.mo; done
	-rmdir $(DESTDIR)$(SYSCONFDIR)/wangge

clean:
	rm -rf $(BUILD) wangge

-include $(OBJ:.o=.d) $(SAN_OBJ:.o=.d)
