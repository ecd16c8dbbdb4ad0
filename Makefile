# fleetsim - top-level Makefile.
#
#   make            build ./fleetsim (release, build/release/)
#   make test       unit + end-to-end tests; ends with "tests: N passed, M failed"
#   make check      the tests again under ASan + UBSan, in build/check/
#   make validate   the throughput model against published runs (validate/runs.cfg)
#   make bench      benchmarks (prints figures; never fails the build)
#   make install    PREFIX=/usr/local DESTDIR= (binary, man page, completion,
#                   scenarios and docs); make uninstall removes them
#   make docs       regenerate the settings tables in docs/scenario-format.md and
#                   the fuzzing dictionary
#   make deps       install the Debian packages fleetsim needs (scripts/install-deps.sh)
#   make fuzz       build the libFuzzer harnesses (clang) in build/fuzz/ and run each
#                   for FUZZ_SECONDS (default 60); fails on a crash, leak or timeout
#   make clean
#   V=1             show full commands
#   MPI=1           build against Open MPI (pkg-config ompi-c, mpicc) in
#                   build/mpi/: `mpirun -np N build/mpi/fleetsim ...` shares the
#                   replicates among N ranks (docs/mpi.md); make test-mpi runs
#                   the MPI tests (tests/mpi/*.sh)

PREFIX ?= /usr/local
PKGS    = gsl libconfig
ifeq ($(MPI),1)
BUILD  ?= build/mpi
PKGS   += ompi-c
CC      = mpicc
MPI_DEF = -DFS_MPI
else
BUILD  ?= build/release
endif

STD     = -std=c11 -D_POSIX_C_SOURCE=200809L
WARN    = -Wall -Wextra -Wpedantic -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
          -Wwrite-strings -Wpointer-arith -Wvla -Wformat=2
WERROR ?= -Werror
OPT    ?= -O2 -g
# No FMA contraction and no fast-math: golden numbers must not depend on the
# compiler or the target (see docs/model.md, "Reproducibility").
FP      = -ffp-contract=off -DHAVE_INLINE
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null)
ifeq ($(PKG_LIBS),)
ifeq ($(filter deps clean,$(MAKECMDGOALS)),)
ifeq ($(MPI),1)
$(error GSL, libconfig or Open MPI not found by pkg-config: run 'sh scripts/install-deps.sh --mpi' first)
else
$(error GSL or libconfig not found by pkg-config: run 'sh scripts/install-deps.sh' first)
endif
endif
endif
FS_CFLAGS = $(STD) $(WARN) $(WERROR) $(OPT) $(FP) $(MPI_DEF) -Iinclude $(PKG_CFLAGS) $(CFLAGS)
FS_LDLIBS = $(PKG_LIBS) -lm -lpthread $(LDLIBS)
SAN     = -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=all

LIB_SRC  := $(filter-out sim/main.c,$(wildcard loader/*.c sim/*.c models/*.c plots/*.c))
LIB_OBJ  := $(LIB_SRC:%.c=$(BUILD)/%.o) $(BUILD)/gen/catalog_data.o $(BUILD)/gen/rules_data.o
UNIT_SRC := $(wildcard tests/unit/*.c)
UNIT_OBJ := $(UNIT_SRC:%.c=$(BUILD)/%.o)
BENCH_SRC := $(wildcard bench/b_*.c)
BENCH_BIN := $(BENCH_SRC:bench/%.c=$(BUILD)/bench/%)

ifndef V
Q = @
endif

ifeq ($(MPI),1)
# The MPI build stays in build/mpi/; ./fleetsim remains the release build.
all: $(BUILD)/fleetsim
else
all: fleetsim
endif

# ./fleetsim at the top of the tree is the release build.
fleetsim: $(BUILD)/fleetsim
	$(Q)cp $< $@

$(BUILD)/libfleetsim.a: $(LIB_OBJ)
	$(Q)rm -f $@ && $(AR) rcs $@ $^

$(BUILD)/fleetsim: $(BUILD)/sim/main.o $(BUILD)/libfleetsim.a
	$(Q)$(CC) $(OPT) $(LDFLAGS) -o $@ $^ $(FS_LDLIBS)

$(BUILD)/unit: $(UNIT_OBJ) $(BUILD)/libfleetsim.a
	$(Q)$(CC) $(OPT) $(LDFLAGS) -o $@ $^ $(FS_LDLIBS)

$(BUILD)/bench/%: $(BUILD)/bench/%.o $(BUILD)/libfleetsim.a
	$(Q)$(CC) $(OPT) $(LDFLAGS) -o $@ $^ $(FS_LDLIBS)

$(BUILD)/gen/catalog_data.c: models/chips.cfg scripts/embed.sh
	@mkdir -p $(@D)
	$(Q)sh scripts/embed.sh fs_builtin_catalog $< > $@.tmp && mv $@.tmp $@

$(BUILD)/gen/rules_data.c: models/export_rules.cfg scripts/embed.sh
	@mkdir -p $(@D)
	$(Q)sh scripts/embed.sh fs_builtin_rules $< > $@.tmp && mv $@.tmp $@

$(BUILD)/gen/%.o: $(BUILD)/gen/%.c
	$(Q)$(CC) $(FS_CFLAGS) -c -o $@ $<

$(BUILD)/%.o: %.c
	@mkdir -p $(@D)
	@echo "  CC      $<"
	$(Q)$(CC) $(FS_CFLAGS) -MMD -MP -c -o $@ $<

test: $(BUILD)/fleetsim $(BUILD)/unit
	$(Q)sh tests/run.sh $(BUILD)

# The MPI tests: the MPI build against the serial one, byte for byte
# (tests/mpi/*.sh; each prints "# SKIP" without mpirun). MPIRUN_FLAGS is
# passed to mpirun (the CI adds --oversubscribe, and --allow-run-as-root
# as root); MPI_NP the rank counts to try.
MPI_NP ?= 1 2 3
MPIRUN_FLAGS ?= --oversubscribe $(if $(filter 0,$(shell id -u)),--allow-run-as-root)
test-mpi:
	$(Q)if command -v mpirun >/dev/null 2>&1 && pkg-config --exists ompi-c; then \
	    $(MAKE) --no-print-directory MPI=1 build/mpi/fleetsim build/mpi/t_workmap && \
	    $(MAKE) --no-print-directory MPI= build/release/fleetsim build/release/t_workmap || \
	    exit 1; \
	fi; \
	sh tests/mpi/run.sh build/mpi build/release "$(MPI_NP)" "$(MPIRUN_FLAGS)"

$(BUILD)/t_workmap: $(BUILD)/tests/mpi/t_workmap.o $(BUILD)/libfleetsim.a
	$(Q)$(CC) $(OPT) $(LDFLAGS) -o $@ $^ $(FS_LDLIBS)

check:
	$(Q)$(MAKE) --no-print-directory test BUILD=build/check OPT="$(SAN)" \
	    LDFLAGS="$(LDFLAGS) -fsanitize=address,undefined"

$(BUILD)/fleetsim-validate: $(BUILD)/validate/validate.o $(BUILD)/libfleetsim.a
	$(Q)$(CC) $(OPT) $(LDFLAGS) -o $@ $^ $(FS_LDLIBS)

validate: $(BUILD)/fleetsim-validate
	$(Q)$(BUILD)/fleetsim-validate $(RUNS)

# fleetsim-phases: fleetsim with its replicate phases timed (bench/phases.c).
$(BUILD)/bench/fleetsim-phases: $(BUILD)/bench/phases.o $(BUILD)/sim/main.o $(BUILD)/libfleetsim.a
	$(Q)$(CC) $(OPT) $(LDFLAGS) -Wl,--wrap=fs_mc_run -Wl,--wrap=fs_mc_run_traced \
		-Wl,--wrap=fs_mc_run_tasks -o $@ $^ $(FS_LDLIBS)

bench: $(BUILD)/fleetsim $(BENCH_BIN) $(BUILD)/bench/fleetsim-phases
	$(Q)sh bench/run.sh $(BUILD)

# install: the binary, fleetsim(1), bash completion, and the shipped scenarios
# and docs under $(PREFIX)/share/fleetsim; uninstall removes exactly those.
BINDIR   = $(DESTDIR)$(PREFIX)/bin
MAN1DIR  = $(DESTDIR)$(PREFIX)/share/man/man1
COMPDIR  = $(DESTDIR)$(PREFIX)/share/bash-completion/completions
SHAREDIR = $(DESTDIR)$(PREFIX)/share/fleetsim
SHIPPED_SCEN := $(wildcard scenarios/*.cfg)
SHIPPED_DOCS := $(wildcard docs/*.md)

install: $(BUILD)/fleetsim
	install -d $(BINDIR) $(MAN1DIR) $(COMPDIR) $(SHAREDIR)/scenarios $(SHAREDIR)/docs
	install -m 755 $(BUILD)/fleetsim $(BINDIR)/fleetsim
	install -m 644 man/fleetsim.1 $(MAN1DIR)/fleetsim.1
	install -m 644 completion/fleetsim.bash $(COMPDIR)/fleetsim
	install -m 644 $(SHIPPED_SCEN) $(SHAREDIR)/scenarios/
	install -m 644 $(SHIPPED_DOCS) $(SHAREDIR)/docs/

uninstall:
	rm -f $(BINDIR)/fleetsim $(MAN1DIR)/fleetsim.1 $(COMPDIR)/fleetsim
	rm -f $(addprefix $(SHAREDIR)/,$(SHIPPED_SCEN) $(SHIPPED_DOCS))
	-rmdir $(SHAREDIR)/scenarios $(SHAREDIR)/docs $(SHAREDIR) 2>/dev/null

# Regenerates the settings tables in docs/scenario-format.md from the loader.
docs: $(BUILD)/fleetsim
	$(Q)sh scripts/update-docs.sh $(BUILD)/fleetsim docs/scenario-format.md
	$(Q)sh fuzz/make-dict.sh $(BUILD)/fleetsim > fuzz/fleetsim.dict

deps:
	$(Q)sh scripts/install-deps.sh

# Fuzzing (fuzz/README.md): the library built again with clang and the
# fuzzer's coverage instrumentation, one binary per fuzz/fuzz_*.c.
FUZZ_SECONDS ?= 60
FUZZ_CC      ?= clang
FUZZ_SAN      = -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined \
                -fno-sanitize-recover=all -fsanitize=fuzzer-no-link
FUZZ_BIN     := $(patsubst fuzz/%.c,build/fuzz/%,$(wildcard fuzz/fuzz_*.c))

fuzz: fuzz-build $(BUILD)/fleetsim
	$(Q)sh fuzz/run.sh $(BUILD)/fleetsim build/fuzz $(FUZZ_SECONDS)

fuzz-build:
	$(Q)$(MAKE) --no-print-directory BUILD=build/fuzz CC=$(FUZZ_CC) OPT="$(FUZZ_SAN)" $(FUZZ_BIN)

build/fuzz/fuzz_%: fuzz/fuzz_%.c fuzz/harness.h build/fuzz/libfleetsim.a
	$(Q)$(CC) $(FS_CFLAGS) -fsanitize=fuzzer -o $@ $< build/fuzz/libfleetsim.a $(FS_LDLIBS)

clean:
	rm -rf build fleetsim

.PHONY: test-mpi all test check validate bench install uninstall deps docs clean fuzz fuzz-build
.DELETE_ON_ERROR:

-include $(LIB_OBJ:.o=.d) $(UNIT_OBJ:.o=.d) $(BUILD)/sim/main.d $(BUILD)/validate/validate.d \
         $(BUILD)/tests/mpi/t_workmap.d
