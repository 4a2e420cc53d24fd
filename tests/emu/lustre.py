#!/usr/bin/env python3
"""Independent peer for the emulator tests: Lustre ioctls and layouts packed
by hand from lustre-abi.md (struct + fcntl.ioctl + ctypes), no fsxctl code.

  lustre.py getfilestripe PATH          hex of IOC_MDC_GETFILESTRIPE
  lustre.py getstripe PATH              hex of LL_IOC_LOV_GETSTRIPE
  lustre.py setstripe PATH BLOBFILE|HEX LL_IOC_LOV_SETSTRIPE (O_LOV_DELAY_CREATE)
  lustre.py setxattr PATH BLOBFILE|HEX  fsetxattr lustre.lov
  lustre.py path2fid PATH               LL_IOC_PATH2FID
  lustre.py handle PATH                 name_to_handle_at: type, bytes, fid
  lustre.py fid2path MNT FID [LINKNO]   OBD_IOC_FID2PATH
  lustre.py getparent PATH [LINKNO]     LL_IOC_GETPARENT
  lustre.py dtname PATH | mdname PATH   OBD_IOC_GETDTNAME / GETMDNAME
  lustre.py obdcount PATH N             LL_IOC_GETOBDCOUNT
  lustre.py mdtidx PATH                 LL_IOC_GET_MDTIDX
  lustre.py lmv PATH MAGIC              LL_IOC_LMV_GETSTRIPE
  lustre.py ioctl PATH NUMBER           raw ioctl with a zeroed 4 KiB buffer
  lustre.py decode HEX                  a readable dump of a layout
  lustre.py xattr PATH NAME BLOB|HEX    fsetxattr NAME on PATH opened O_RDWR
  lustre.py pack del ID [FLAGS]         a lustre.lov.del request (one entry)
Errors print 'errno N' on stderr and exit 1 (or exit with the errno: -e).
"""
import ctypes, errno, fcntl, os, struct, sys

O_LOV_DELAY_CREATE = os.O_NOCTTY | 0o20000  # O_NOCTTY | FASYNC
IOC = {
    "setstripe": 0x4008669A, "getstripe": 0x4008669B, "getfilestripe": 0xC0086915,
    "path2fid": 0x800866AD, "mdtidx": 0x800466AF, "obdcount": 0x800866A8,
    "dtname": 0x8080667F, "mdname": 0x80806683, "getname_old": 0xC0086683,
    "fid2path": 0xC0086696, "getparent": 0xC01866F9, "lmv": 0xC03066F1,
    "fileinfo2": 0xC1406916, "hsm_state": 0x802066D3, "hsm_set": 0x401866D4,
    "hsm_action": 0x801866DC, "hsm_request": 0x401866D9,
}
HUA = {"archive": 10, "restore": 11, "release": 12, "remove": 13, "cancel": 14}


def fidstr(seq, oid, ver):
    return "[%#x:0x%x:0x%x]" % (seq, oid, ver)


def blob_arg(a):
    if os.path.exists(a):
        return open(a, "rb").read()
    return bytes.fromhex(a[2:] if a.startswith("0x") else a)


def do_ioctl(fd, req, buf):
    b = bytearray(buf)
    fcntl.ioctl(fd, req, b, True)
    return bytes(b)


def decode(b):
    out = []
    magic = struct.unpack_from("<I", b)[0]
    if magic == 0x0BD60BD0:
        size, gen, flags, n, mc = struct.unpack_from("<IIHHH", b, 4)
        out.append("comp size=%d gen=%d flags=%d entries=%d mirrors=%d" % (size, gen, flags, n, mc))
        for i in range(n):
            cid, cfl, s, e, off, sz = struct.unpack_from("<IIQQII", b, 32 + 48 * i)
            out.append(" id=%d flags=%#x [%d,%s) off=%d size=%d" % (
                cid, cfl, s, "EOF" if e == 2**64 - 1 else str(e), off, sz))
            out.append("  " + plain(b[off:off + sz], True))
    else:
        out.append(plain(b, False))
    return "\n".join(out)


def plain(b, comp):
    magic, pat, oid, oseq, ssz, cnt, off = struct.unpack_from("<IIQQIHH", b)
    hdr = 48 if magic in (0x0BD30BD0, 0x0BD50BD0) else 32
    pool = b[32:48].rstrip(b"\0").decode() if hdr == 48 else ""
    nobj = (len(b) - hdr) // 24 if comp else min(cnt if cnt != 0xFFFF else 0, (len(b) - hdr) // 24)
    objs = []
    for i in range(nobj):
        oi_id, oi_seq, gen, idx = struct.unpack_from("<QQII", b, hdr + 24 * i)
        objs.append("%d:%d/%d" % (idx if idx != 0xFFFFFFFF else -1, oi_id, oi_seq))
    return "magic=%#x pattern=%#x oi=%#x:%#x size=%d count=%d off30=%d pool=%s objs=%s" % (
        magic, pat, oseq, oid, ssz, cnt if cnt != 0xFFFF else -1, off if off != 0xFFFF else -1,
        pool, ",".join(objs))


def main():
    cmd, args = sys.argv[1], sys.argv[2:]
    if cmd == "pack":
        print(pack(args).hex())
        return 0
    if cmd == "decode":
        print(decode(blob_arg(args[0])))
        return 0
    path = args[0]
    if cmd in ("getfilestripe", "fileinfo2"):
        d = os.open(os.path.dirname(os.path.abspath(path)) or "/", os.O_RDONLY | os.O_DIRECTORY)
        name = os.path.basename(path).encode() + b"\0"
        out = do_ioctl(d, IOC[cmd], name + bytes(65536 - len(name)))
        if cmd == "fileinfo2":
            print(out[:16].hex(), struct.unpack_from("<HI", out, 16 + 28)[0] if False else
                  oct(struct.unpack_from("<H", out, 16 + 28)[0]), struct.unpack_from("<I", out, 280)[0])
            return 0
        print(trim(out).hex())
    elif cmd == "getstripe":
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
        pre = blob_arg(args[1]) if len(args) > 1 else b""
        print(trim(do_ioctl(fd, IOC[cmd], pre + bytes(65536 - len(pre)))).hex())
    elif cmd in ("setstripe", "setxattr"):
        blob = blob_arg(args[1])
        if os.path.isdir(path):
            fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY | (O_LOV_DELAY_CREATE if cmd == "setstripe" else 0))
        else:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | O_LOV_DELAY_CREATE, 0o666)
        if cmd == "setxattr":
            os.setxattr(fd, "lustre.lov", blob)
        else:
            out = do_ioctl(fd, IOC[cmd], blob)
            print(out.hex())
    elif cmd == "xattr":
        fd = os.open(path, os.O_RDWR)
        os.setxattr(fd, args[1], blob_arg(args[2]))
    elif cmd == "path2fid":
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
        print(fidstr(*struct.unpack("<QII", do_ioctl(fd, IOC[cmd], bytes(16)))))
    elif cmd == "handle":
        libc = ctypes.CDLL(None, use_errno=True)
        buf = ctypes.create_string_buffer(8 + 128)
        struct.pack_into("<Ii", buf, 0, 128, 0)
        mnt = ctypes.c_int(0)
        fd = os.open(path, os.O_RDONLY | os.O_PATH | os.O_NOFOLLOW)
        rc = libc.name_to_handle_at(fd, b"", buf, ctypes.byref(mnt), 0x1000)
        if rc:
            raise OSError(ctypes.get_errno(), os.strerror(ctypes.get_errno()))
        nbytes, htype = struct.unpack_from("<Ii", buf, 0)
        child = struct.unpack_from("<QII", buf, 8)
        print("%#x %d %s" % (htype, nbytes, fidstr(*child)))
    elif cmd == "fid2path":
        fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
        f = args[1].strip("[]").split(":")
        link = int(args[2]) if len(args) > 2 else 0
        gf = struct.pack("<QIIQII", int(f[0], 0), int(f[1], 0), int(f[2], 0), 2**64 - 1, link, 4096)
        out = do_ioctl(fd, IOC[cmd], gf + bytes(4096))
        print("%s %d" % (out[32:].split(b"\0")[0].decode(), struct.unpack_from("<I", out, 24)[0]))
    elif cmd == "getparent":
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOFOLLOW)
        link = int(args[1]) if len(args) > 1 else 0
        out = do_ioctl(fd, IOC[cmd], struct.pack("<QIIII", 0, 0, 0, link, 256) + bytes(256))
        print("%s %s" % (fidstr(*struct.unpack_from("<QII", out)), out[24:].split(b"\0")[0].decode()))
    elif cmd in ("dtname", "mdname", "getname_old"):
        fd = os.open(path, os.O_RDONLY)
        print(do_ioctl(fd, IOC[cmd], bytes(128)).split(b"\0")[0].decode())
    elif cmd in ("obdcount", "mdtidx"):
        fd = os.open(path, os.O_RDONLY)
        v = int(args[1]) if len(args) > 1 else 0
        print(struct.unpack("<i", do_ioctl(fd, IOC[cmd], struct.pack("<i", v) + bytes(4))[:4])[0])
    elif cmd == "lmv":
        fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
        do_ioctl(fd, IOC[cmd], struct.pack("<II", int(args[1], 0), 256) + bytes(256 * 24 + 40))
        print("ok")
    elif cmd == "hsm_state":
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
        st, aid, ps, pa, off, ln = struct.unpack("<IIIIQQ", do_ioctl(fd, IOC[cmd], bytes(32)))
        print("%#x %d %d %d %d" % (st, aid, ps, pa, ln))
    elif cmd == "hsm_set":
        fd = os.open(path, os.O_WRONLY | O_LOV_DELAY_CREATE | os.O_NONBLOCK)
        valid = 3 | (4 if len(args) > 3 else 0)
        aid = int(args[3]) if len(args) > 3 else 0
        do_ioctl(fd, IOC[cmd], struct.pack("<IIQQ", valid, aid, int(args[1], 0), int(args[2], 0)))
    elif cmd == "hsm_action":
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
        st, act, off, ln = struct.unpack("<IIQQ", do_ioctl(fd, IOC[cmd], bytes(24)))
        print("%d %d %d %d" % (st, act, off, ln))
    elif cmd == "hsm_request":
        # hsm_request MNT ACTION ARCHIVE_ID FILE...  (FIDs from name_to_handle_at)
        fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY | os.O_NONBLOCK)
        items = b""
        for f in args[3:]:
            seq, oid, ver = path2fid_handle(f)
            items += struct.pack("<QIIQQ", seq, oid, ver, 0, 2**64 - 1)
        hdr = struct.pack("<IIQII", HUA[args[1]], int(args[2]), 0, len(args) - 3, 0)
        do_ioctl(fd, IOC[cmd], hdr + items)
    elif cmd == "statfs":
        # statfs MNT TYPE INDEX: IOC_OBD_STATFS with a packed obd_ioctl_data
        fd = os.open(path, os.O_RDONLY)
        osb = ctypes.create_string_buffer(144)
        uuid = ctypes.create_string_buffer(40)
        hdr = bytearray(576)
        struct.pack_into("<II", hdr, 0, 592, 0x00010004)
        struct.pack_into("<IxxxxQIxxxxQ", hdr, 480, 144, ctypes.addressof(osb), 40, ctypes.addressof(uuid))
        struct.pack_into("<IxxxxQIxxxxQ", hdr, 512, 4, 0, 4, 0)
        buf = bytes(hdr) + struct.pack("<IxxxxIxxxx", int(args[1]), int(args[2]))
        do_ioctl(fd, 0xC00866A4, buf)
        f = struct.unpack_from("<QQQQQQ", osb.raw)
        print("%s blocks=%d bfree=%d files=%d ffree=%d bsize=%d" % (
            uuid.value.decode(), f[1], f[2], f[4], f[5], struct.unpack_from("<I", osb.raw, 88)[0]))
    elif cmd == "ioctl":
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
        do_ioctl(fd, int(args[1], 0), bytes(4096))
        print("ok")
    else:
        print("unknown command", cmd, file=sys.stderr)
        return 2
    return 0


def v1v3(size, count, offset, pool="", pattern=1, magic=None, objs=()):
    count = count & 0xFFFF
    offset = offset & 0xFFFF
    if magic is None:
        magic = 0x0BD30BD0 if pool else 0x0BD10BD0
    b = struct.pack("<IIQQIHH", magic, pattern, 0, 0, size, count, offset)
    if magic != 0x0BD10BD0:
        b += pool.encode().ljust(16, b"\0")
    for idx in objs:
        b += struct.pack("<QQII", 0, 0, 0, idx)
    return b


def pack(a):
    """pack v1 SIZE COUNT OFFSET [POOL] | specific SIZE IDX,IDX.. |
    comp START-END:COUNT[:SIZE[:POOL[:PATTERN]]] ..."""
    kind = a[0]
    if kind == "v1":
        return v1v3(int(a[1], 0), int(a[2], 0), int(a[3], 0), a[4] if len(a) > 4 else "")
    if kind == "specific":
        idx = [int(x) for x in a[2].split(",")]
        return v1v3(int(a[1], 0), len(idx), idx[0], "", magic=0x0BD50BD0, objs=idx)
    if kind == "del":
        ent = struct.pack("<IIQQIIIQI", int(a[1], 0), int(a[2], 0) if len(a) > 2 else 0,
                          0, 0, 0, 0, 0, 0, 0)
        return struct.pack("<IIIHHHHHHQ", 0x0BD60BD0, 80, 0, 0, 1, 0, 0, 0, 0, 0) + ent
    if kind == "comp":
        subs, ents = [], []
        for spec in a[1:]:
            f = spec.split(":")
            s, e = f[0].split("-")
            e = 2**64 - 1 if e in ("eof", "EOF", "-1") else int(e, 0)
            pat = int(f[4], 0) if len(f) > 4 else 1
            subs.append(v1v3(int(f[2], 0) if len(f) > 2 else 0, int(f[1], 0), -1,
                             f[3] if len(f) > 3 else "", pattern=pat))
            ents.append((int(s, 0), e))
        n = len(subs)
        off = 32 + 48 * n
        body, ent = b"", b""
        for (s, e), sub in zip(ents, subs):
            ent += struct.pack("<IIQQIIIQI", 0, 0, s, e, off + len(body), len(sub), 0, 0, 0)
            body += sub
        total = 32 + len(ent) + len(body)
        return struct.pack("<IIIHHHHHHQ", 0x0BD60BD0, total, 0, 0, n, 0, 0, 0, 0, 0) + ent + body
    raise SystemExit("pack: unknown kind " + kind)


def path2fid_handle(path):
    libc = ctypes.CDLL(None, use_errno=True)
    buf = ctypes.create_string_buffer(8 + 128)
    struct.pack_into("<Ii", buf, 0, 128, 0)
    mnt = ctypes.c_int(0)
    fd = os.open(path, os.O_RDONLY | os.O_PATH | os.O_NOFOLLOW)
    if libc.name_to_handle_at(fd, b"", buf, ctypes.byref(mnt), 0x1000):
        raise OSError(ctypes.get_errno(), os.strerror(ctypes.get_errno()))
    os.close(fd)
    return struct.unpack_from("<QII", buf, 8)


def trim(b):
    """The layout at the front of a buffer, by its own size."""
    magic = struct.unpack_from("<I", b)[0]
    if magic == 0x0BD60BD0:
        return b[:struct.unpack_from("<I", b, 4)[0]]
    if magic == 0x0BD70BD0:
        return b[:16 + struct.unpack_from("<I", b, 4)[0]]
    if magic in (0x0BD10BD0, 0x0BD30BD0, 0x0BD50BD0):
        hdr = 32 if magic == 0x0BD10BD0 else 48
        cnt = struct.unpack_from("<H", b, 28)[0]
        n = 0 if cnt == 0xFFFF else cnt
        # released/plain without objects: stop at the first all-zero object
        end = hdr + 24 * n
        while end > hdr and not any(b[end - 24:end]):
            end -= 24
        return b[:end]
    return b[:64]


if __name__ == "__main__":
    try:
        sys.exit(main())
    except OSError as e:
        print("errno %d" % e.errno, file=sys.stderr)
        sys.exit(1)
