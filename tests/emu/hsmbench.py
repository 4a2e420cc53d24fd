#!/usr/bin/env python3
"""Queue restores of every file under DIR, 52 per LL_IOC_HSM_REQUEST, from
several threads, as a pre-warm job does; run under `fsxemu run MNT --`.

  hsmbench.py MNT DIR [THREADS] [ACTION]    prints: requests=N files=N

FIDs come from LL_IOC_PATH2FID on fds opened O_RDONLY|O_NONBLOCK (which
does not restore a released file).
"""
import fcntl, os, struct, sys, threading

PATH2FID, HSM_REQUEST = 0x800866AD, 0x401866D9
HUA = {"archive": 10, "restore": 11, "remove": 13, "cancel": 14}


def fid_of(path):
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    try:
        b = bytearray(16)
        fcntl.ioctl(fd, PATH2FID, b, True)
        return bytes(b)
    finally:
        os.close(fd)


def main():
    mnt, top = sys.argv[1], sys.argv[2]
    nthreads = int(sys.argv[3]) if len(sys.argv) > 3 else 4
    action = HUA[sys.argv[4] if len(sys.argv) > 4 else "restore"]
    files = sorted(os.path.join(d, f) for d, _, fs in os.walk(top) for f in fs)
    batches = [files[i:i + 52] for i in range(0, len(files), 52)]
    root = os.open(mnt, os.O_RDONLY | os.O_DIRECTORY | os.O_NONBLOCK)
    errors = []

    def worker(k):
        for b in batches[k::nthreads]:
            items = b"".join(fid_of(p) + struct.pack("<QQ", 0, 2**64 - 1) for p in b)
            req = struct.pack("<IIQII", action, 0, 0, len(b), 0) + items
            try:
                fcntl.ioctl(root, HSM_REQUEST, bytearray(req), True)
            except OSError as e:
                errors.append(e)

    ts = [threading.Thread(target=worker, args=(k,)) for k in range(nthreads)]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    print("requests=%d files=%d errors=%d" % (len(batches), len(files), len(errors)))
    return 1 if errors else 0


sys.exit(main())
