# The man pages (man/*.1): one per command and command group, generated
# from the command table with the hand-written sections of man/src/.
load helpers

pages() {
	"$BUILD/fsxctl" __manpage
}

@test "man: man/ is what make gen writes from the command table (exit 0)" {
	FSXCTL="$BUILD/fsxctl" "$TOP/scripts/gen.sh" "$BATS_TEST_TMPDIR/gen"
	run -0 diff -r -x src "$BATS_TEST_TMPDIR/gen/man" "$TOP/man"
}

@test "man: every command and group has a page (exit 0)" {
	run -0 "$BUILD/fsxctl" __manpage
	assert_line fsxctl
	for p in $output; do
		assert_file_exists "$TOP/man/$p.1"
	done
	for c in $("$BUILD/fsxctl" help | awk '/^Commands:/{on=1; next} !NF{on=0} on {print $1}'); do
		assert_file_exists "$TOP/man/fsxctl-$c.1"
	done
}

@test "man: each page renders without a groff warning (exit 0)" {
	for f in "$TOP"/man/*.1; do
		run -0 --separate-stderr groff -ww -z -man "$f"
		assert_equal "$stderr" ""
	done
	for p in $(pages); do
		run -0 --separate-stderr env MANWIDTH=80 man -l "$TOP/man/$p.1"
		assert_equal "$stderr" ""
	done
}

@test "man: synopses and options match each command's --help (exit 0)" {
	for p in $(pages); do
		[ "$p" = fsxctl ] && continue
		words=${p#fsxctl-}
		# hsm-restore is one command; dra-create is `dra create`
		if ! "$BUILD/fsxctl" help "$words" >/dev/null 2>&1; then
			words="${words%%-*} ${words#*-}"
		fi
		run -0 "$BUILD/fsxctl" help $words
		help=$output
		usage=${lines[0]#Usage: }
		usage=$(echo $usage)
		text=$(MANWIDTH=1000 man -l "$TOP/man/$p.1" 2>/dev/null | col -b)
		grep -qF -- "$usage" <<< "$text" || fail "$p: synopsis is not '$usage'"
		for opt in $(grep -oE '^ (-[A-Za-z0-9], )?--[a-z0-9-]+' <<< "$help" | grep -oE -- '--[a-z0-9-]+'); do
			grep -qE -- "(^|[ ,])$opt([ =[]|$)" <<< "$text" || fail "$p: $opt is not in the page"
		done
	done
}

@test "man: fsxctl.1 has the overview sections and workflow examples (exit 0)" {
	text=$(MANWIDTH=100 man -l "$TOP/man/fsxctl.1" 2>/dev/null | col -b)
	for s in NAME SYNOPSIS DESCRIPTION COMMANDS "GLOBAL OPTIONS" "EXIT STATUS" ENVIRONMENT FILES EXAMPLES; do
		grep -qx "$s" <<< "$text" || fail "fsxctl.1 lacks $s"
	done
	for ex in "setstripe -E 1G" "hsm-restore -r" "dra create" "export --wait" "setquota -u"; do
		grep -qF -- "$ex" <<< "$text" || fail "fsxctl.1 lacks the example '$ex'"
	done
}

@test "man: __manpage refuses an unknown page (exit 2)" {
	run -2 --separate-stderr "$BUILD/fsxctl" __manpage fsxctl-nope
	assert_equal "$stderr" "fsxctl: __manpage: fsxctl-nope: no such man page (run without a page for the list)
Try 'fsxctl __manpage --help'."
}
