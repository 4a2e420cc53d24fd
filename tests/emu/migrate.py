#!/usr/bin/env python3
"""Independent migrate peer for the emulator tests: the calls of
lustre-abi.md §7 (lfs migrate) and §6.13-6.16, packed by hand.

  migrate.py dv PATH [FLAGS]              LL_IOC_DATA_VERSION: "version layout"
  migrate.py glock PATH GID [SECS] [nb]   hold a group lock (prints "locked")
  migrate.py lease PATH r|w [SECS]        take a lease, print LL_IOC_GET_LEASE
                                          after SECS, then the UNLCK result
  migrate.py leaseold PATH MODE           LL_IOC_SET_LEASE_OLD (mode by value)
  migrate.py swap PATH1 PATH2 [FLAGS [DV1 [DV2]]]   LL_IOC_LOV_SWAP_LAYOUTS
  migrate.py migrate PATH BLOB [block|nonblock] [SLEEP]
      create a volatile file in PATH's directory with layout BLOB (hex or
      file; comp blobs through fsetxattr, plain through the ioctl), copy,
      swap, as lfs migrate does; SLEEP seconds inside the copy
  migrate.py ioctl PATH NAME [ARG]        one raw call, prints the result
Errors print 'errno N' on stderr and exit 1.
"""
import fcntl, os, random, struct, sys, time

O_LOV_DELAY_CREATE = os.O_NOCTTY | 0o20000
O_FILE_ENC = os.O_NOCTTY | os.O_NDELAY
VOLATILE = b".\x0c\x13\x14\x12:VOLATILE"
IOC = {
    "dv": 0x801066DA, "glock": 0x4008669E, "gunlock": 0x4008669F,
    "set_lease": 0xC00C66F3, "set_lease_old": 0xC00866F3, "get_lease": 0x000066F4,
    "swap": 0x402066DB, "setstripe": 0x4008669A, "mdtidx": 0x800466AF,
}


def ioctl_int(fd, req, val=0):
    """an ioctl whose argument is passed by value; returns its result"""
    return fcntl.ioctl(fd, req, val)


def data_version(fd, flags=1):
    b = bytearray(struct.pack("<QII", 0, 0, flags))
    fcntl.ioctl(fd, IOC["dv"], b, True)
    return struct.unpack("<QII", b)[:2]


def set_lease(fd, mode):
    b = bytearray(struct.pack("<III", mode, 0, 0))
    return fcntl.ioctl(fd, IOC["set_lease"], b, True)


def swap(fd1, fd2, flags=0, dv1=0, dv2=0, gid=0):
    fcntl.ioctl(fd1, IOC["swap"], struct.pack("<QIIQQ", flags, fd2, gid, dv1, dv2))


def blob_arg(a):
    if os.path.exists(a):
        return open(a, "rb").read()
    return bytes.fromhex(a[2:] if a.startswith("0x") else a)


def volatile(path, fd, blob):
    d = os.path.dirname(os.path.abspath(path)).encode()
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | O_FILE_ENC | O_LOV_DELAY_CREATE
    name = d + b"/" + VOLATILE + b":%.4X:%.4X:fd=%.2d" % (0, random.getrandbits(31), fd)
    fdv = os.open(name, flags, 0o600)
    if struct.unpack_from("<I", blob)[0] == 0x0BD60BD0:
        os.setxattr(fdv, "lustre.lov", blob)
    else:
        fcntl.ioctl(fdv, IOC["setstripe"], bytearray(blob), True)
    try:
        os.unlink(name)
        raise SystemExit("unlink of the volatile name succeeded")
    except FileNotFoundError:
        pass
    return fdv


def copy(fd, fdv, check=None, pause=0):
    off = 0
    while True:
        if check:
            check()
        b = os.pread(fd, 1 << 20, off)
        if not b:
            break
        os.pwrite(fdv, b, off)
        off += len(b)
        if pause:
            time.sleep(pause)
            pause = 0
    os.fsync(fdv)


def migrate(path, blob, mode="block", pause=0.0):
    fd = os.open(path, os.O_RDWR | os.O_NOATIME | O_FILE_ENC)
    fcntl.ioctl(fd, IOC["mdtidx"], bytearray(4), True)
    fdv = volatile(path, fd, blob)
    st = os.fstat(fd)
    if mode == "block":
        dv1 = data_version(fd)[0]
        gid = random.randint(1, 2**31 - 1)
        ioctl_int(fd, IOC["glock"], gid)
        copy(fd, fdv, pause=pause)
        os.utime(fdv, ns=(st.st_atime_ns // 10**9 * 10**9, st.st_mtime_ns // 10**9 * 10**9))
        try:
            swap(fd, fdv, 1, dv1)
        finally:
            ioctl_int(fd, IOC["gunlock"], gid)
    else:
        set_lease(fd, 1)
        dv1 = data_version(fd)[0]

        def check():
            if ioctl_int(fd, IOC["get_lease"]) <= 0:
                raise OSError(16, "lease broken")
        try:
            copy(fd, fdv, check, pause)
            if data_version(fd)[0] != dv1:
                raise OSError(11, "source file changed")
        except OSError:
            set_lease(fd, 4)
            raise
        os.utime(fdv, ns=(st.st_atime_ns // 10**9 * 10**9, st.st_mtime_ns // 10**9 * 10**9))
        swap(fd, fdv, 0x10, 0, 0, random.randint(1, 2**31 - 1))
    os.close(fd)
    os.close(fdv)


def main():
    cmd, path, a = sys.argv[1], sys.argv[2], sys.argv[3:]
    if cmd == "dv":
        fd = os.open(path, os.O_RDONLY)
        print("%d %d" % data_version(fd, int(a[0], 0) if a else 1))
    elif cmd == "glock":
        nb = os.O_NONBLOCK if len(a) > 2 and a[2] == "nb" else 0
        fd = os.open(path, os.O_RDONLY | nb)
        ioctl_int(fd, IOC["glock"], int(a[0]))
        print("locked", flush=True)
        time.sleep(float(a[1]) if len(a) > 1 else 0)
        ioctl_int(fd, IOC["gunlock"], int(a[0]))
    elif cmd == "lease":
        fd = os.open(path, os.O_RDONLY if a[0] == "r" else os.O_RDWR)
        set_lease(fd, 1 if a[0] == "r" else 2)
        print("leased", flush=True)
        time.sleep(float(a[1]) if len(a) > 1 else 0)
        print(ioctl_int(fd, IOC["get_lease"]), set_lease(fd, 4))
    elif cmd == "leaseold":
        fd = os.open(path, os.O_RDONLY)
        print(ioctl_int(fd, IOC["set_lease_old"], int(a[0], 0)))
    elif cmd == "swap":
        fd1 = os.open(path, os.O_RDWR)
        fd2 = os.open(a[0], os.O_RDWR)
        n = [int(x, 0) for x in a[1:]] + [0, 0, 0]
        swap(fd1, fd2, n[0], n[1], n[2])
    elif cmd == "migrate":
        migrate(path, blob_arg(a[0]), a[1] if len(a) > 1 else "block",
                float(a[2]) if len(a) > 2 else 0)
    else:
        print("unknown command", cmd, file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except OSError as e:
        print("errno %d" % e.errno, file=sys.stderr)
        sys.exit(1)
