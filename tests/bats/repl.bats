# fsxctl shell and the interactive REPL (docs/interactive.md). Batch runs
# read stdin or a script; the interactive session is driven through a
# pseudo-terminal with tmux.
load helpers

setup() {
	cd "$BATS_TEST_TMPDIR"
	export HOME="$BATS_TEST_TMPDIR/home"
	mkdir -p "$HOME"
}

teardown() {
	[ -n "${TMUX_SOCK:-}" ] && tmux -S "$TMUX_SOCK" kill-server 2>/dev/null
	return 0
}

# --- batch: fsxctl shell < script -------------------------------------------

@test "shell: lines from stdin print what the commands print (exit 0)" {
	run -0 --separate-stderr "$BUILD/fsxctl" version
	want=$output
	run -0 --separate-stderr "$BUILD/fsxctl" help version
	want="$want
$output"
	run -0 --separate-stderr "$BUILD/fsxctl" shell <<-'EOF'
		version
		# a comment, then a blank line

		  help   'version'   # trailing comment
	EOF
	assert_equal "$output" "$want"
	assert_equal "$stderr" ""
}

@test "shell: a failing line prints its error and the next lines run (exit 1)" {
	run -1 --separate-stderr "$BUILD/fsxctl" getstripe /nonexistent
	want_err=$stderr
	run -1 --separate-stderr "$BUILD/fsxctl" shell <<-'EOF'
		getstripe /nonexistent
		version
	EOF
	assert_equal "$output" "fsxctl 0.1.0"
	assert_equal "$stderr" "$want_err
fsxctl: shell: 1 of 2 commands failed"
}

@test "shell: an unknown command suggests the closest one (exit 2)" {
	run -2 --separate-stderr "$BUILD/fsxctl" shell <<< 'getstrip x'
	assert_equal "$output" ""
	assert_equal "$stderr" "fsxctl: getstrip: not a fsxctl command (did you mean 'getstripe'?)
fsxctl: shell: 1 of 1 commands failed"
}

@test "shell: an unterminated quote names the line and the rest runs (exit 2)" {
	run -2 --separate-stderr "$BUILD/fsxctl" shell <<-'EOF'
		version
		getstripe "unterminated
		getstripe 'also
		version
	EOF
	assert_equal "$output" "fsxctl 0.1.0
fsxctl 0.1.0"
	assert_equal "$stderr" "fsxctl: shell: stdin:2: unterminated double quote
fsxctl: shell: stdin:3: unterminated single quote
fsxctl: shell: 2 of 4 commands failed"
}

@test "shell: a line over 64 KiB is refused and the next line runs (exit 2)" {
	{ printf 'getstripe '; head -c 70000 /dev/zero | tr '\0' x; printf '\nversion\n'; } > long.fsx
	run -2 --separate-stderr "$BUILD/fsxctl" shell long.fsx
	assert_equal "$output" "fsxctl 0.1.0"
	assert_equal "$stderr" "fsxctl: shell: long.fsx:1: line too long (70010 bytes, at most 65536)
fsxctl: shell: 1 of 2 commands failed"
}

@test "shell: --stop-on-error stops at the first failing line (exit 2)" {
	run -2 --separate-stderr "$BUILD/fsxctl" shell --stop-on-error <<-'EOF'
		version
		nosuchcommand
		version
	EOF
	assert_equal "$output" "fsxctl 0.1.0"
	assert_equal "$stderr" "fsxctl: nosuchcommand: not a fsxctl command
fsxctl: shell: 1 of 2 commands failed"
}

@test "shell: exit N ends a script with status N (exit 7)" {
	run -7 --separate-stderr "$BUILD/fsxctl" shell <<-'EOF'
		version
		exit 7
		version
	EOF
	assert_equal "$output" "fsxctl 0.1.0"
	assert_equal "$stderr" ""
}

@test "shell: exit with a bad status is a usage error (exit 2)" {
	run -2 --separate-stderr "$BUILD/fsxctl" shell <<< 'exit lots'
	assert_equal "$stderr" "fsxctl: shell: stdin:1: exit: usage: exit [0-255]
fsxctl: shell: 1 of 1 commands failed"
}

@test "shell: a missing script file is an error (exit 1)" {
	run -1 --separate-stderr "$BUILD/fsxctl" shell nope.fsx
	assert_equal "$output" ""
	assert_equal "$stderr" "fsxctl: shell: nope.fsx: cannot open the script (No such file or directory)"
}

@test "shell: two scripts are a usage error (exit 2)" {
	touch a b
	run -2 --separate-stderr "$BUILD/fsxctl" shell a b
	assert_equal "$stderr" "fsxctl: shell: b: one script at most
Try 'fsxctl shell --help'."
}

@test "shell: --json applies to every line of the session (exit 0)" {
	run -0 --separate-stderr "$BUILD/fsxctl" --json shell <<< 'version'
	assert_equal "$output" '{"version":"0.1.0"}'
	run -0 --separate-stderr "$BUILD/fsxctl" shell <<< '--json version'
	assert_equal "$output" '{"version":"0.1.0"}'
	run -0 --separate-stderr "$BUILD/fsxctl" shell <<< 'fsxctl version'
	assert_equal "$output" 'fsxctl 0.1.0'
}

@test "shell: cd changes the directory of the following lines (exit 1)" {
	mkdir -p d/e
	run -1 --separate-stderr "$BUILD/fsxctl" shell <<-'EOF'
		cd d
		cd e
		cd /nonexistent
	EOF
	assert_equal "$stderr" "fsxctl: shell: /nonexistent: cannot change directory (No such file or directory)
fsxctl: shell: 1 of 3 commands failed"
}

@test "shell: cannot be nested (exit 2)" {
	run -2 --separate-stderr "$BUILD/fsxctl" shell <<< 'shell'
	assert_equal "$stderr" "fsxctl: shell: stdin:1: shell: cannot be run inside the shell
fsxctl: shell: 1 of 1 commands failed"
}

@test "shell: a batch session never loads readline (exit 0)" {
	run -0 --separate-stderr env LD_DEBUG=libs "$BUILD/fsxctl" shell <<< 'version'
	refute_output --partial libreadline
	refute_regex "$stderr" "libreadline"
}

@test "shell: runs on the emulated mount like the commands do (exit 0)" {
	emu_init
	mkdir "$MNT/d"
	run -0 --separate-stderr fsxctl getstripe -c "$MNT"
	want=$output
	cd "$MNT/d"
	run -0 --separate-stderr fsxctl shell <<-'EOF'
		cd ..
		getstripe -c .
	EOF
	assert_equal "$output" "$want"
}

# --- interactive: through a pseudo-terminal (tmux) ----------------------------

# repl_start [ENV=VALUE...]: fsxctl with no arguments on a tmux terminal.
repl_start() {
	command -v tmux >/dev/null || skip "tmux is not installed"
	TMUX_SOCK="$BATS_TEST_TMPDIR/tmux.sock"
	tmux -S "$TMUX_SOCK" -f /dev/null new-session -d -x 150 -y 40 \
		env "$@" "${FSXCTL_WRAP[@]}" "$BUILD/fsxctl"
	repl_wait 'fsxctl.*> '
}

# repl_send KEYS...: tmux key names (Enter, Tab, C-c, C-d) or text.
repl_send() {
	tmux -S "$TMUX_SOCK" send-keys "$@"
}

repl_screen() {
	tmux -S "$TMUX_SOCK" capture-pane -p -J 2>/dev/null
}

# repl_wait REGEX: until the screen matches (5 s at most).
repl_wait() {
	for _ in $(seq 50); do
		repl_screen | grep -qE -- "$1" && return 0
		sleep 0.1
	done
	echo "# screen never showed /$1/:"; repl_screen | sed 's/^/#   /'
	return 1
}

repl_gone() {
	for _ in $(seq 50); do
		tmux -S "$TMUX_SOCK" has-session 2>/dev/null || return 0
		sleep 0.1
	done
	return 1
}

@test "repl: fsxctl alone on a terminal runs commands until Ctrl-D (exit 0)" {
	FSXCTL_WRAP=()
	repl_start HOME="$HOME"
	repl_send 'version' Enter
	repl_wait '^fsxctl 0\.1\.0$'
	repl_send 'help' Enter
	repl_wait '^Shell: cd \[DIR\], exit \[N\], quit or Ctrl-D leave'
	repl_send C-d
	repl_gone
}

@test "repl: a failing command prints its error and the session goes on (exit 0)" {
	FSXCTL_WRAP=()
	repl_start HOME="$HOME"
	repl_send 'getstrip x' Enter
	repl_wait "not a fsxctl command \(did you mean 'getstripe'\?\)"
	repl_wait "^Type 'help' for the commands\.$"
	repl_send 'getstripe "unterminated' Enter
	repl_wait '^fsxctl: shell: unterminated double quote$'
	repl_send 'version' Enter
	repl_wait '^fsxctl 0\.1\.0$'
	repl_send 'quit' Enter
	repl_gone
}

@test "repl: Tab completes commands and options (exit 0)" {
	FSXCTL_WRAP=()
	repl_start HOME="$HOME"
	repl_send 'vers' Tab
	repl_wait '> version $'
	repl_send Enter
	repl_wait '^fsxctl 0\.1\.0$'
	repl_send 'getstripe --component-c' Tab
	repl_wait '> getstripe --component-count $'
	repl_send C-c
	repl_wait '\^C$'
	repl_send 'exit' Enter
	repl_gone
}

@test "repl: the prompt names the mount, Tab completes its pools (exit 0)" {
	emu_init --pool fast=0-3 --pool slow=4-7 --fsname abcdefgh
	mkdir "$MNT/data"
	cd "$MNT/data"
	FSXCTL_WRAP=("$BUILD/fsxemu" run "$MNT" --)
	repl_start HOME="$HOME"
	repl_wait '^fsxctl abcdefgh:/data> $'
	repl_send 'setstripe -p s' Tab
	repl_wait '> setstripe -p slow $'
	repl_send C-u 'cd ..' Enter
	repl_wait '^fsxctl abcdefgh:/> $'
	repl_send 'exit' Enter
	repl_gone
}

@test "repl: history is kept across sessions and bounded (exit 0)" {
	FSXCTL_WRAP=()
	repl_start HOME="$HOME" FSXCTL_HISTSIZE=2
	repl_send 'help version' Enter
	repl_send 'version' Enter
	repl_send 'help' Enter
	repl_wait '^Shell:'
	repl_send C-d
	repl_gone
	assert_equal "$(cat "$HOME/.fsxctl_history")" "version
help"
	repl_start HOME="$HOME"
	repl_send Up Up
	repl_wait '> version$'
	repl_send Enter
	repl_wait '^fsxctl 0\.1\.0$'
	repl_send C-d
	repl_gone
}

@test "repl: an unwritable history file warns once and the session goes on (exit 0)" {
	FSXCTL_WRAP=()
	repl_start HOME="$HOME" FSXCTL_HISTFILE="$HOME/no/such/dir/history"
	repl_send 'version' Enter
	repl_wait "^fsxctl: shell: $HOME/no/such/dir/history: cannot save the history, going on without it \\(No such file or directory\\)$"
	repl_send 'help version' Enter
	repl_wait '^Usage: fsxctl version'
	run -0 grep -c 'cannot save the history' <<< "$(repl_screen)"
	assert_output 1
	repl_send 'exit' Enter
	repl_gone
}

@test "repl: Ctrl-C cancels a long command and keeps the session (exit 0)" {
	FSXCTL_WRAP=()
	mkfifo template
	# reading a template from a FIFO nobody writes blocks until cancelled
	repl_start HOME="$HOME"
	repl_send 'setstripe --yaml template newfile' Enter
	sleep 0.5
	repl_send C-c
	repl_wait '^fsxctl: shell: setstripe: interrupted$'
	repl_send 'version' Enter
	repl_wait '^fsxctl 0\.1\.0$'
	repl_send 'exit' Enter
	repl_gone
	assert_file_not_exists newfile
}
