# tib: the terminal issue browser.  `make run` opens the demo, `make check`
# runs every test.  V=1 shows the commands; O=dir picks the build directory.

PREFIX  ?= /usr/local
BINDIR  ?= $(PREFIX)/bin
DATADIR ?= $(PREFIX)/share/tib
MANDIR  ?= $(PREFIX)/share/man/man1
DESTDIR ?=

CC      ?= cc
CFLAGS  ?= -O2 -g
LDFLAGS ?=
O       ?= build/default
PKG_CONFIG ?= pkg-config

VERSION = 0.1.0
PKGS = ncursesw sqlite3 libcjson
# Debian packages the build and the tests need; `make deps` installs the
# missing ones.
DEB_PKGS = gcc clang make pkg-config libncurses-dev libsqlite3-dev libcjson-dev \
	libcmocka-dev valgrind sqlite3 jq ncurses-term groff-base tmux python3 util-linux

WARNINGS = -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
	-Wcast-qual -Wformat=2 -Wundef -Wwrite-strings -Wpointer-arith -Wvla \
	-Wold-style-definition -Wnull-dereference -Wimplicit-fallthrough

# ncursesw's pkg-config asks for _XOPEN_SOURCE=600; we want 700 everywhere.
PKG_CFLAGS = $(filter-out -D_XOPEN_SOURCE=%,$(shell $(PKG_CONFIG) --cflags $(PKGS) 2>/dev/null))
PKG_LIBS   = $(shell $(PKG_CONFIG) --libs $(PKGS) 2>/dev/null)
ALL_CFLAGS = -std=c11 -D_XOPEN_SOURCE=700 -D_DEFAULT_SOURCE $(WARNINGS) $(PKG_CFLAGS) \
	-DTIB_DATADIR='"$(DATADIR)"' -DTIB_VERSION='"$(VERSION)"' $(CFLAGS) -MMD -MP

ifeq ($(V),1)
Q =
else
Q = @
endif

LIB_SRCS = $(wildcard model/*.c) $(wildcard storage/*.c)
TUI_SRCS = $(wildcard tui/*.c)
GEN_SRCS = bench/tib-gen.c bench/beads_schema.c
UNIT_SRCS = $(wildcard tests/unit/test_*.c)

LIB_OBJS  = $(LIB_SRCS:%.c=$(O)/%.o)
TUI_OBJS  = $(TUI_SRCS:%.c=$(O)/%.o)
GEN_OBJS  = $(GEN_SRCS:%.c=$(O)/%.o)
UNIT_BINS = $(UNIT_SRCS:tests/unit/%.c=$(O)/tests/%)
# the fuzz corpora replayed as unit tests (tests/fuzz/replay.c)
FUZZ_TARGETS = jsonl query config text
FUZZ_REPLAY_BINS = $(FUZZ_TARGETS:%=$(O)/tests/test_fuzz_%)
LIBTIB    = $(O)/libtib.a
DEMO_DB   = build/demo.db

.PHONY: all run check deps test-bins demo install uninstall clean man bench asan
.DEFAULT_GOAL := all

all: tib $(O)/tib-gen $(DEMO_DB)

# The binary lives at the top like tig's; other build outputs under $(O).
tib: $(O)/tib
	$(Q)cp $< $@

$(O)/tib: $(TUI_OBJS) $(LIBTIB)
	@echo "  LINK    $@"
	$(Q)$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $(TUI_OBJS) $(LIBTIB) $(PKG_LIBS)

$(LIBTIB): $(LIB_OBJS)
	@echo "  AR      $@"
	$(Q)rm -f $@ && ar rcs $@ $^

$(O)/tib-gen: $(GEN_OBJS)
	@echo "  LINK    $@"
	$(Q)$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $^ $(PKG_LIBS)

$(O)/%.o: %.c
	@mkdir -p $(@D)
	@echo "  CC      $<"
	$(Q)$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(O)/tests/%: tests/unit/%.c tests/unit/testutil.h $(LIBTIB) $(O)/bench/beads_schema.o
	@mkdir -p $(@D)
	@echo "  TEST    $@"
	$(Q)$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $< $(LIBTIB) $(O)/bench/beads_schema.o $(PKG_LIBS) -lcmocka

test-bins: $(UNIT_BINS) $(FUZZ_REPLAY_BINS) $(O)/tib $(O)/tib-gen

# The demo: a few hundred issues from our own deterministic generator.
demo: $(DEMO_DB)
$(DEMO_DB): $(O)/tib-gen
	@mkdir -p $(@D)
	@echo "  GEN     $@"
	$(Q)$(O)/tib-gen --demo --sqlite $@ --force
	@# rollback journal, not WAL: a user who cannot write the installed
	@# copy's directory can still open it, and nothing is left beside it
	$(Q)sqlite3 $@ 'PRAGMA journal_mode=DELETE;' >/dev/null

run:
	$(Q)$(MAKE) --no-print-directory deps
	$(Q)$(MAKE) --no-print-directory all
	./tib --demo

check:
	$(Q)$(MAKE) --no-print-directory deps
	$(Q)$(MAKE) --no-print-directory all test-bins
	@echo "  CHECK   clang build"
	$(Q)$(MAKE) --no-print-directory O=build/clang CC=clang build/clang/tib build/clang/tib-gen
	$(Q)$(MAKE) --no-print-directory O=build/asan \
		CFLAGS="-O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all" \
		LDFLAGS="-fsanitize=address,undefined" test-bins
	$(Q)tests/run.sh build/default build/asan

deps:
	@missing=""; \
	for p in $(DEB_PKGS); do \
		dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'ok installed' || missing="$$missing $$p"; \
	done; \
	if [ -z "$$missing" ]; then \
		echo "deps: all present ($(DEB_PKGS))"; \
	else \
		echo "deps: installing:$$missing"; \
		sudo=; [ "$$(id -u)" = 0 ] || sudo=sudo; \
		$$sudo apt-get update -qq && \
		$$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing; \
	fi

install: tib $(DEMO_DB)
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR) $(DESTDIR)$(DATADIR)
	install -m 755 tib $(DESTDIR)$(BINDIR)/tib
	install -m 644 man/tib.1 $(DESTDIR)$(MANDIR)/tib.1
	install -m 644 $(DEMO_DB) $(DESTDIR)$(DATADIR)/demo.db

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/tib $(DESTDIR)$(MANDIR)/tib.1 $(DESTDIR)$(DATADIR)/demo.db \
		$(DESTDIR)$(DATADIR)/demo.db-wal $(DESTDIR)$(DATADIR)/demo.db-shm
	-rmdir $(DESTDIR)$(DATADIR) 2>/dev/null

# man/tib.1 is kept in the tree (users need no doc tools); regenerate it
# after changing an option or a key. `make check` fails when it is stale.
man: $(O)/tib
	$(Q)$(O)/tib --man-options >$(O)/man-options.roff
	$(Q)$(O)/tib --man-keys >$(O)/man-keys.roff
	$(Q)$(O)/tib --man-query >$(O)/man-query.roff
	$(Q)sed -e '/^@OPTIONS@$$/{r $(O)/man-options.roff' -e 'd}' \
		-e '/^@KEYS@$$/{r $(O)/man-keys.roff' -e 'd}' \
		-e '/^@QUERY@$$/{r $(O)/man-query.roff' -e 'd}' \
		-e 's|@VERSION@|$(VERSION)|; s|@DATADIR@|$(DATADIR)|' man/tib.1.in >man/tib.1
	@echo "  GEN     man/tib.1"

# Benchmarks (issue 9): `make bench` at 1k, 10k and 100k issues, `make
# bench-large` adds 1M. Prints one table and writes bench/results.md; never
# fails on a missed target. Datasets are cached in $(BENCH_DIR)/data.
BENCH_DIR   = build/bench
BENCH_SEED ?= 1
BENCH_TOOLS = $(BENCH_DIR)/timeit $(BENCH_DIR)/tibprobe.so $(BENCH_DIR)/writer

$(BENCH_DIR)/timeit: bench/timeit.c
	@mkdir -p $(@D)
	@echo "  CC      $@"
	$(Q)$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $<

$(BENCH_DIR)/tibprobe.so: bench/tibprobe.c
	@mkdir -p $(@D)
	@echo "  CC      $@"
	$(Q)$(CC) $(ALL_CFLAGS) -fPIC -shared $(LDFLAGS) -o $@ $< -ldl

$(BENCH_DIR)/writer: bench/writer.c
	@mkdir -p $(@D)
	@echo "  CC      $@"
	$(Q)$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $< $(PKG_LIBS)

.PHONY: bench-large
bench: $(O)/tib $(O)/tib-gen $(BENCH_TOOLS)
	$(Q)-BENCH_SEED=$(BENCH_SEED) bench/run.sh $(O)/tib $(O)/tib-gen $(BENCH_DIR) 1000 10000 100000

bench-large: $(O)/tib $(O)/tib-gen $(BENCH_TOOLS)
	$(Q)-BENCH_SEED=$(BENCH_SEED) bench/run.sh $(O)/tib $(O)/tib-gen $(BENCH_DIR) 1000 10000 100000 1000000

clean:
	rm -rf build tib bench/tib-gen tests/out

-include $(shell find build -name '*.d' 2>/dev/null)

# Fuzzing with clang's libFuzzer, AddressSanitizer and UBSan (`make check`
# only replays the corpora, as tests/test_fuzz_*): `make fuzz` runs every target for FUZZ_SECONDS seconds
# each (FUZZ_TIME is the old name and still works); `make fuzz-jsonl`,
# `fuzz-query`, `fuzz-config` or `fuzz-text` runs one. Targets: the JSONL
# parser (jsonl), the query language (query), the config file (config:
# tui/config.c and tui/keys.c compiled in) and the display-safety text
# helpers (text). Seeds: tests/fuzz/corpus-<target>/ (jsonl: also
# tests/fuzz/seeds and tests/data/bad); new inputs go to
# build/fuzz/corpus-<target>, crashes to build/fuzz/<target>-crash-*.
FUZZ_TIME ?= 60
FUZZ_SECONDS ?= $(FUZZ_TIME)
FUZZ_CFLAGS = -std=c11 -D_XOPEN_SOURCE=700 -D_DEFAULT_SOURCE $(WARNINGS) $(PKG_CFLAGS) \
	-g -O1 -fno-omit-frame-pointer -fsanitize=fuzzer,address,undefined \
	-fno-sanitize-recover=undefined
FUZZ_jsonl_SRCS  = tests/fuzz/fuzz_jsonl.c $(LIB_SRCS)
FUZZ_query_SRCS  = tests/fuzz/fuzz_query.c $(LIB_SRCS)
FUZZ_config_SRCS = tests/fuzz/fuzz_config.c tui/config.c tui/keys.c tui/theme.c tui/draw.c $(LIB_SRCS)
FUZZ_text_SRCS   = tests/fuzz/fuzz_text.c $(LIB_SRCS)
FUZZ_jsonl_SEEDS  = tests/fuzz/seeds tests/data/bad $(wildcard build/fuzz/corpus)
FUZZ_jsonl_DICT   = -dict=tests/fuzz/jsonl.dict
FUZZ_query_DICT   = -dict=tests/fuzz/query.dict
FUZZ_config_DICT  = -dict=tests/fuzz/config.dict
FUZZ_text_DICT    =

.PHONY: fuzz fuzz-bins $(FUZZ_TARGETS:%=fuzz-%)
fuzz: $(FUZZ_TARGETS:%=fuzz-%)

fuzz-bins: $(FUZZ_TARGETS:%=build/fuzz/fuzz_%)

$(FUZZ_TARGETS:%=fuzz-%): fuzz-%: build/fuzz/fuzz_%
	@mkdir -p build/fuzz/corpus-$* build/fuzz/tmp
	@echo "  FUZZ    $* for $(FUZZ_SECONDS) s"
	$(Q)TMPDIR=$(CURDIR)/build/fuzz/tmp build/fuzz/fuzz_$* -max_total_time=$(FUZZ_SECONDS) -max_len=16384 -timeout=10 \
		-rss_limit_mb=2048 $(FUZZ_$*_DICT) -artifact_prefix=build/fuzz/$*- -print_final_stats=1 \
		build/fuzz/corpus-$* $(wildcard tests/fuzz/corpus-$*) $(FUZZ_$*_SEEDS)

.SECONDEXPANSION:
build/fuzz/fuzz_%: $$(FUZZ_$$*_SRCS) $(wildcard model/*.h storage/*.h tui/config.h tui/keys.h tui/actions.h)
	@mkdir -p $(@D)
	@echo "  FUZZ    $@"
	$(Q)clang $(FUZZ_CFLAGS) -o $@ $(FUZZ_$*_SRCS) $(PKG_LIBS)

# The corpora replayed in `make check`, built like the unit tests (any
# compiler, the ASan build too); the config target needs the config code.
FUZZ_REPLAY_config = $(O)/tui/config.o $(O)/tui/keys.o $(O)/tui/theme.o $(O)/tui/draw.o
.SECONDARY: $(FUZZ_TARGETS:%=$(O)/tests/fuzz/fuzz_%.o)
$(O)/tests/test_fuzz_%: $(O)/tests/fuzz/replay.o $(O)/tests/fuzz/fuzz_%.o $$(FUZZ_REPLAY_$$*) $(LIBTIB)
	@mkdir -p $(@D)
	@echo "  TEST    $@"
	$(Q)$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $(O)/tests/fuzz/replay.o $(O)/tests/fuzz/fuzz_$*.o \
		$(FUZZ_REPLAY_$*) $(LIBTIB) $(PKG_LIBS) -lcmocka

# `make screenshots`: the README's pictures, made from the program itself.
-include screenshots/screenshots.mk
