# Shell completion: the generated scripts (completions/), the bash function
# driven through COMP_WORDS/COMP_CWORD, zsh and fish loading them, and the
# hidden `fsxctl __complete` verb that answers values needing the system.
load helpers

setup() {
	cd "$BATS_TEST_TMPDIR"
	export FSXCTL_ID_CACHE="$BATS_TEST_TMPDIR/ids"
}

# complete WORD... : runs _fsxctl with the cursor on the last word and
# prints COMPREPLY one per line (through the emulator when $MNT is set).
complete_bash() {
	local script='source "$1"; shift
		COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); COMPREPLY=()
		_fsxctl; printf "%s\n" "${COMPREPLY[@]}"'
	if [ -n "${MNT:-}" ]; then
		emu env PATH="$BUILD:$PATH" bash -c "$script" - "$TOP/completions/fsxctl.bash" "$@"
	else
		PATH="$BUILD:$PATH" bash -c "$script" - "$TOP/completions/fsxctl.bash" "$@"
	fi
}

@test "completion: completions/ is what make gen writes from the table (exit 0)" {
	FSXCTL="$BUILD/fsxctl" "$TOP/scripts/gen.sh" "$BATS_TEST_TMPDIR/gen"
	run -0 diff -r "$BATS_TEST_TMPDIR/gen/completions" "$TOP/completions"
	run -0 "$BUILD/fsxctl" completion bash
	assert_equal "$output" "$(cat "$TOP/completions/fsxctl.bash")"
}

@test "completion: an unknown shell is a usage error (exit 2)" {
	run -2 --separate-stderr "$BUILD/fsxctl" completion tcsh
	assert_equal "$output" ""
	assert_equal "$stderr" "fsxctl: completion: tcsh: not a supported shell (bash, zsh or fish)
Try 'fsxctl completion --help'."
	run -2 --separate-stderr "$BUILD/fsxctl" completion
	assert_equal "$stderr" "fsxctl: completion: name one shell: bash, zsh or fish
Try 'fsxctl completion --help'."
}

@test "completion: --json wraps the script in a versioned object (exit 0)" {
	run -0 "$BUILD/fsxctl" --json completion fish
	run -0 jq -r '"\(.version) \(.shell)"' <<< "$output"
	assert_equal "$output" "1 fish"
}

@test "completion: bash completes commands, and every listed command (exit 0)" {
	run -0 complete_bash fsxctl getst
	assert_output getstripe
	run -0 complete_bash fsxctl ''
	for c in $("$BUILD/fsxctl" help | awk '/^Commands:/{on=1; next} !NF{on=0} on {print $1}'); do
		assert_line "$c"
	done
	refute_line __complete
	refute_line __manpage
}

@test "completion: bash completes options and global options (exit 0)" {
	run -0 complete_bash fsxctl getstripe --comp
	assert_equal "$(sort <<< "$output")" "--component-count
--component-end
--component-flags
--component-id
--component-start"
	run -0 complete_bash fsxctl --js
	assert_output --json
	run -0 complete_bash fsxctl --json getstripe --yam
	assert_output --yaml
}

@test "completion: bash completes option words, also in comma lists (exit 0)" {
	run -0 complete_bash fsxctl setstripe -L ''
	assert_equal "$(sort <<< "$output")" "mdt
raid0"
	run -0 complete_bash fsxctl getstripe --component-flags = init,^st
	assert_output "init,^stale"
}

@test "completion: bash completes paths for operands (exit 0)" {
	mkdir -p dir1 dir2
	touch file1
	run -0 complete_bash fsxctl getstripe di
	assert_equal "$(sort <<< "$output")" "dir1
dir2"
	run -0 complete_bash fsxctl setstripe -c 4 fi
	assert_output file1
}

@test "completion: bash completes pools and OST indices of the mount (exit 0)" {
	emu_init --osts 4 --pool fast=0-1 --pool slow=2-3
	cd "$MNT"
	run -0 complete_bash fsxctl setstripe -p ''
	assert_equal "$output" "fast
slow"
	run -0 complete_bash fsxctl setstripe -c 2 --pool = s
	assert_output slow
	run -0 complete_bash fsxctl setstripe -i ''
	assert_equal "$output" "0
1
2
3"
}

@test "completion: pools come from the mount a path on the line names (exit 0)" {
	emu_init --pool gpu=0-3
	mkdir "$MNT/d"
	run -0 complete_bash fsxctl setstripe "$MNT/d" -p g
	assert_output gpu
}

@test "completion: a path not on Lustre completes no pools, quietly (exit 0)" {
	run -0 --separate-stderr complete_bash fsxctl setstripe -p ''
	assert_output ""
	assert_equal "$stderr" ""
	run -1 --separate-stderr "$BUILD/fsxctl" __complete pool -- '' /tmp
	assert_equal "$output" ""
	assert_equal "$stderr" "fsxctl: __complete: no candidates (Inappropriate ioctl for device)"
}

@test "completion: ids come from the id cache, newest record of each (exit 0)" {
	printf 'fs-0123456789abcdef0\t1700000000\tabcdefgh\n' > ids
	printf 'not a record\n' >> ids
	printf 'task-0aaaaaaaaaaaaaaaa\t1700000001\texport\n' >> ids
	printf 'fs-0fedcba9876543210\t1700000002\t\n' >> ids
	printf 'fs-0123456789abcdef0\t1700000003\tagain\n' >> ids
	run -0 "$BUILD/fsxctl" __complete fs -- fs-0
	assert_equal "$output" "fs-0123456789abcdef0
fs-0fedcba9876543210"
	run -0 "$BUILD/fsxctl" __complete task -- ''
	assert_output task-0aaaaaaaaaaaaaaaa
	rm ids
	run -0 "$BUILD/fsxctl" __complete dra -- ''
	assert_output ""
}

@test "completion: __complete line runs the REPL's engine (exit 0)" {
	run -0 "$BUILD/fsxctl" --json __complete line -- getstripe ''
	assert_output '{"version":1,"files":"path","candidates":[]}'
	run -0 "$BUILD/fsxctl" __complete line -- help setst
	assert_output setstripe
	run -2 --separate-stderr "$BUILD/fsxctl" __complete nope -- ''
	assert_equal "$stderr" "fsxctl: __complete: nope: not a completion kind
Try 'fsxctl __complete --help'."
}

@test "completion: the zsh script parses and registers _fsxctl (exit 0)" {
	command -v zsh >/dev/null || skip "zsh is not installed"
	run -0 zsh -n "$TOP/completions/_fsxctl"
	run -0 zsh -fc "autoload -U compinit; compinit -u -D -d '$BATS_TEST_TMPDIR/zcd'
		source '$TOP/completions/_fsxctl'; print \$_comps[fsxctl]"
	assert_output _fsxctl
}

@test "completion: zsh completes pools through a pseudo-terminal (exit 0)" {
	command -v zsh >/dev/null || skip "zsh is not installed"
	emu_init --pool fast=0-3 --pool slow=4-7
	cd "$MNT"
	cat > ztest.zsh <<-'EOF'
		zmodload zsh/zpty
		zpty z "zsh -f -i"
		zpty -w z "PS1='%% '; fpath=($1 \$fpath); autoload -U compinit; compinit -u -D -d $2/zcd; LISTMAX=1000"
		zpty -w z "zle -C list-all list-choices _main_complete; bindkey '^T' list-all"
		zpty -w -n z "$3"$'\x14'
		out=; for i in 1 2 3 4 5 6 7 8 9 10; do
			sleep 0.3
			while zpty -rt z chunk 2>/dev/null; do out+=$chunk; done
			[[ $out == *slow* ]] && break
		done
		print -r -- "$out"
		zpty -d z
	EOF
	run -0 emu env PATH="$BUILD:$PATH" zsh -f ztest.zsh "$TOP/completions" "$BATS_TEST_TMPDIR" 'fsxctl setstripe -p '
	assert_output --regexp 'fast +slow'
}

@test "completion: the fish script parses and completes (exit 0)" {
	command -v fish >/dev/null || skip "fish is not installed"
	run -0 fish -n "$TOP/completions/fsxctl.fish"
	emu_init --pool fast=0-3
	cd "$MNT"
	run -0 emu env PATH="$BUILD:$PATH" HOME="$BATS_TEST_TMPDIR" fish -c "source '$TOP/completions/fsxctl.fish'
		complete -C 'fsxctl getst'; complete -C 'fsxctl setstripe -p '"
	assert_line --regexp '^getstripe	'
	assert_line --regexp '^fast	'
}
