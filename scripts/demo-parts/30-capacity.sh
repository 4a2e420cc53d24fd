# Capacity, the striping audit and migration (sourced by scripts/demo.sh).
say "Capacity per MDT and OST, as lfs df prints it"
fsx df -h .
fsx df -i -p fast .

say "Quotas: limits for a user, usage computed from the tree"
if [ "$(id -u)" = 0 ]; then
	fsx setquota -u nobody -b 900G -B 1T -i 1M -I 2M .
	fsx quota -h -u nobody .
else
	echo "(setquota needs root: skipped)"
fi

say "Migrate a file to a new layout: copied into a volatile file, swapped if unchanged"
fsx setstripe -c 1 train.bin
on_fsx dd if=/dev/zero of=train.bin bs=1M count=64 status=none
fsx migrate -v -E 16M -c 1 -E -1 -c 4 train.bin
fsx getstripe --component-count train.bin

say "The striping audit: a big file on one OST, small files striped wide"
fsx setstripe -c 1 big.bin
on_fsx dd if=/dev/zero of=big.bin bs=1M count=1100 status=none
mkdir -p tiny
fsx setstripe -c 8 tiny
for i in 1 2 3 4 5; do on_fsx sh -c "echo $i > tiny/f$i"; done
fsx check -r . || true
say "Fix what it found (a dry run without --yes)"
fsx check --fix -r . || true
fsx check --fix --yes -r . || true
fsx getstripe -c big.bin
