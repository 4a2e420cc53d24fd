#!/usr/bin/env python3
"""Independent quota peer for the emulator tests: OBD_IOC_QUOTACTL with a
struct if_quotactl packed by hand from lustre-abi.md §6.11.

  quota.py ctl PATH CMD TYPE ID [key=value...]
      CMD: getinfo setinfo getquota setquota getdefault setdefault deleteqid,
           the *pool forms (getquotapool ...), or a number;
      TYPE: u g p (or a number);
      keys: valid idx uuid pool bhard bsoft ihard isoft btime itime dqvalid
            bgrace igrace (numbers accept 0x...).
      Prints the returned struct as key=value pairs on one line.
  quota.py setproj PATH ID      FS_IOC_FSSETXATTR project id
  quota.py getproj PATH         FS_IOC_FSGETXATTR project id
Errors print 'errno N' on stderr and exit 1.
"""
import fcntl, os, struct, sys

OBD_IOC_QUOTACTL = 0xC0B066A2
FS_IOC_FSGETXATTR = 0x801C581F
FS_IOC_FSSETXATTR = 0x401C5820
CMDS = {
    "getinfo": 0x800005, "setinfo": 0x800006, "getquota": 0x800007, "setquota": 0x800008,
    "getdefault": 0x80000D, "setdefault": 0x80000E, "getquotapool": 0x80000F,
    "setquotapool": 0x800010, "getinfopool": 0x800011, "setinfopool": 0x800012,
    "getdefaultpool": 0x800013, "setdefaultpool": 0x800014, "deleteqid": 0x800015,
}
# if_quotactl: 6 x u32, obd_dqinfo (2 x u64, 2 x u32), obd_dqblk (8 x u64, 2 x u32),
# obd_type[16], obd_uuid[40] = 176 bytes; then a 16-byte pool name
FMT = "<6I QQII 8Q II 16s 40s 16s"
assert struct.calcsize(FMT) == 192


def num(v):
    return int(v, 0)


def ctl(path, args):
    cmd = CMDS.get(args[0]) or num(args[0])
    qtype = {"u": 0, "g": 1, "p": 2}.get(args[1])
    qtype = num(args[1]) if qtype is None else qtype
    kv = dict(a.split("=", 1) for a in args[3:])
    g = lambda k: num(kv.get(k, "0"))
    buf = struct.pack(FMT, cmd, qtype, num(args[2]), 0, g("valid"), g("idx"),
                      g("bgrace"), g("igrace"), 0, 0,
                      g("bhard"), g("bsoft"), 0, g("ihard"), g("isoft"), 0,
                      g("btime"), g("itime"), g("dqvalid"), 0,
                      b"", kv.get("uuid", "").encode(), kv.get("pool", "").encode())
    fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
    b = bytearray(buf)
    fcntl.ioctl(fd, OBD_IOC_QUOTACTL, b, True)
    os.close(fd)
    f = struct.unpack(FMT, bytes(b))
    names = ("cmd type id stat valid idx bgrace igrace dqiflags dqivalid bhard bsoft "
             "space ihard isoft inodes btime itime dqvalid pad").split()
    out = dict(zip(names, f[:20]))
    out["uuid"] = f[21].split(b"\0")[0].decode()
    print(" ".join("%s=%s" % (k, hex(v) if k in ("cmd", "dqvalid") else v)
                   for k, v in out.items() if k not in ("stat", "pad")))


def main():
    cmd, path, args = sys.argv[1], sys.argv[2], sys.argv[3:]
    if cmd == "ctl":
        ctl(path, args)
    elif cmd in ("setproj", "getproj"):
        fd = os.open(path, os.O_RDONLY)
        b = bytearray(28)
        fcntl.ioctl(fd, FS_IOC_FSGETXATTR, b, True)
        if cmd == "getproj":
            print(struct.unpack_from("<I", b, 12)[0])
        else:
            struct.pack_into("<I", b, 12, num(args[0]))
            fcntl.ioctl(fd, FS_IOC_FSSETXATTR, bytes(b))
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
