# The interactive shell, scripted (sourced by scripts/demo.sh).
say "The REPL runs every command; here as a script on stdin"
printf 'getstripe -c ckpt/step100.pt\nhsm-state --summary -r datasets\nhelp getstripe\n' |
	on_fsx fsxctl shell 2>&1 | head -20
