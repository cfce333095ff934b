#!/bin/sh
# $EDITOR for the screen and triage tests: edits the file "$1" the way
# FAKE_EDIT says, with no terminal.
#   append   adds the line in FAKE_TEXT (default "edited in the editor")
#   replace  replaces the whole text with FAKE_TEXT
#   fail     exits 1 without touching the file
#   keep     leaves the file as it is
f=$1
text=${FAKE_TEXT:-edited in the editor}
case ${FAKE_EDIT:-append} in
append) printf '%s\n' "$text" >>"$f" ;;
replace) printf '%s\n' "$text" >"$f" ;;
fail) exit 1 ;;
keep) ;;
*) echo "fake-editor: unknown FAKE_EDIT=$FAKE_EDIT" >&2; exit 2 ;;
esac
