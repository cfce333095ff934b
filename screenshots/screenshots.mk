# `make screenshots`: the README's pictures, made from the program itself.
#
# Each screenshots/NAME.keys is a key script (see --script in tib(1)); its
# `# size: WxH` line gives the virtual screen. tib runs it on a copy of the
# demo database and ends it with `:dump-svg`; rsvg-convert turns the SVG into
# screenshots/NAME.png, and the SVG's SHA-256 goes to NAME.svg.sha256, which
# tests/cli.sh checks against what tib draws today (a stale picture fails). Everything that could vary is pinned: the clock
# (TIB_NOW), the time zone, the locale, the terminal, and an empty
# environment with a private HOME, so no config, history or NO_COLOR of the
# user leaks in. Every run makes every picture again, from scratch.
#
# Included by the Makefile, so $(O), $(Q), $(DEMO_DB) and `deps` are its own
# (`make -f Makefile -f screenshots/screenshots.mk screenshots` works too).

ifndef SHOTS_MK
SHOTS_MK     := $(lastword $(MAKEFILE_LIST))
# the sub-makes read this file even if the Makefile does not include it
SHOTS_MAKE    = $(MAKE) --no-print-directory -f $(firstword $(MAKEFILE_LIST)) -f $(SHOTS_MK)
SHOTS_KEYS    = $(sort $(wildcard screenshots/*.keys))
SHOTS_PNGS    = $(SHOTS_KEYS:.keys=.png)
SHOTS_TMP     = build/screenshots
SHOTS_DEB_PKGS = librsvg2-bin fonts-dejavu-core
SHOTS_ENV     = env -i PATH="$$PATH" TERM=xterm-256color LANG=C.UTF-8 TZ=UTC \
	TIB_NOW=2026-11-01T00:00:00Z TIB_CONFIG= XDG_CONFIG_HOME=

.PHONY: screenshots screenshots-deps screenshots-pngs screenshots-force

screenshots:
	+$(Q)$(SHOTS_MAKE) deps
	+$(Q)$(SHOTS_MAKE) screenshots-deps
	+$(Q)$(SHOTS_MAKE) $(O)/tib $(DEMO_DB)
	$(Q)rm -rf $(SHOTS_TMP) $(SHOTS_PNGS)
	+$(Q)$(SHOTS_MAKE) screenshots-pngs

screenshots-deps:
	@missing=""; \
	for p in $(SHOTS_DEB_PKGS); do \
		dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'ok installed' || missing="$$missing $$p"; \
	done; \
	if [ -z "$$missing" ]; then \
		echo "screenshots-deps: all present ($(SHOTS_DEB_PKGS))"; \
	else \
		echo "screenshots-deps: installing:$$missing"; \
		sudo=; [ "$$(id -u)" = 0 ] || sudo=sudo; \
		$$sudo apt-get update -qq && \
		$$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing; \
	fi

screenshots-pngs: $(SHOTS_PNGS)

# One scratch directory per picture (its own HOME and its own copy of the
# demo database, which the picture's keys can never change), so `make -j`
# works and no picture depends on another.
screenshots/%.png: screenshots/%.keys $(O)/tib $(DEMO_DB) screenshots-force
	@echo "  SHOT    $@"
	$(Q)size=$$(sed -n 's/^# size: *\([0-9]*x[0-9]*\) *$$/\1/p' $< | head -n 1); \
	if [ -z "$$size" ]; then echo "$<: no '# size: WxH' line" >&2; exit 1; fi; \
	dir=$(SHOTS_TMP)/$*; \
	rm -rf $$dir && mkdir -p $$dir/home && \
	cp $(DEMO_DB) $$dir/demo.db && \
	{ cat $<; printf ':dump-svg %s\n' $$dir/$*.svg; } >$$dir/$*.keys && \
	$(SHOTS_ENV) HOME=$$PWD/$$dir/home XDG_STATE_HOME=$$PWD/$$dir/home/state \
		TIB_DEMO_DB=$$PWD/$$dir/demo.db \
		$(O)/tib --script $$dir/$*.keys --size $$size --demo && \
	rsvg-convert $$dir/$*.svg -o $@ && \
	sha256sum <$$dir/$*.svg | cut -d ' ' -f 1 >screenshots/$*.svg.sha256

screenshots-force:
endif
