#!/usr/bin/env python3
"""Mark GLIBCXX_3.4.32 verneed entries weak in an ELF64 LE shared object (in place)."""
import struct, sys
path, want = sys.argv[1], (sys.argv[2] if len(sys.argv) > 2 else "GLIBCXX_3.4.32").encode()
b = bytearray(open(path, "rb").read())
shoff, = struct.unpack_from("<Q", b, 0x28)
shentsize, shnum, shstrndx = struct.unpack_from("<HHH", b, 0x3A)
secs = [struct.unpack_from("<IIQQQQIIQQ", b, shoff + i * shentsize) for i in range(shnum)]
changed = 0
for s in secs:
    if s[1] != 0x6ffffffe:  # SHT_GNU_verneed
        continue
    strtab = secs[s[6]][4]
    off = s[4]
    for _ in range(s[7]):
        vn_version, vn_cnt, vn_file, vn_aux, vn_next = struct.unpack_from("<HHIII", b, off)
        a = off + vn_aux
        for _ in range(vn_cnt):
            vna_hash, vna_flags, vna_other, vna_name, vna_next = struct.unpack_from("<IHHII", b, a)
            name = bytes(b[strtab + vna_name: b.index(0, strtab + vna_name)])
            if name == want:
                struct.pack_into("<H", b, a + 4, vna_flags | 0x2)  # VER_FLG_WEAK
                changed += 1
            a += vna_next
        if vn_next == 0:
            break
        off += vn_next
open(path, "wb").write(b)
print(f"{path}: marked {changed} '{want.decode()}' need(s) weak")
