# Pre-warming data imported from S3 (sourced by scripts/demo.sh).
say "Pre-warm: 600 files imported from S3 through a DRA are released (lazy)"
run fsxemu import "$MNT" --count 600 --size 256K --dir datasets/train
fsx hsm-state --summary -r datasets
fsx hsm-state datasets/train/$(ls datasets/train | head -1)

say "Restore them all: streamed, batched 52 to a request, skipping what is warm"
fsxemu copytool "$MNT" --rate 1000 >/dev/null 2>&1 &
CT_PID=$!
printf '\033[36m$ find datasets -type f -print0 | fsxctl hsm-restore -0 --wait\033[0m\n' >&2
find datasets -type f -print0 | on_fsx fsxctl hsm-restore -0 --wait --timeout 120
fsx hsm-state --summary -r datasets
say "Again: nothing left to request"
find datasets -type f -print0 | on_fsx fsxctl hsm-restore -0
say "Split one tree over 4 pods of an Indexed Job (this is pod 2 of 4)"
fsx hsm-restore --shard 2/4 -r datasets --json | head -c 300; echo
kill "$CT_PID" 2>/dev/null; CT_PID=
