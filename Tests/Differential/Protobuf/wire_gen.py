"""Seeded random Central messages written at the wire level, so they can hold what a generated serializer never
writes: repeated singular fields, repeated embedded messages, unknown fields (all wire types, groups),
non-minimal varints, negative and extreme int64s, unicode strings, deep and wide Structs."""
import random
import struct

STRING_POOL = ["", "a", "t-1", "UPDATE", "config", "ß", "日本語", "emoji 😀", "quote\"back\\slash", "ctl\x01\x1f\x7f",
               "line\nbreak\ttab", "\u2028\u2029", "\uffff", "\U0010ffff", "x" * 40, "é" * 9, "\x00nul"]
INT64_POOL = [0, 1, -1, 2**63 - 1, -2**63, 2**31, -2**31, 1767225600000, 2**53 + 1, -(2**53) - 1]
FLOAT_POOL = [0.0, -0.0, 10.0, 1e-5, 1e16, 1e15, 9.1e15, 5e-324, 1.7976931348623157e308, 0.1, -2.5, 123456789012345678.0,
              1e-7, 1e22, 2**53, 3.0000000000000004, 1 / 3]


class Gen:
    def __init__(self, seed, nonminimal=True, unknowns=True, duplicates=True, struct_unknowns=True):
        self.r = random.Random(seed)
        self.nonminimal = nonminimal
        self.unknowns = unknowns
        self.duplicates = duplicates
        self.struct_unknowns = struct_unknowns

    # -- wire primitives -------------------------------------------------------------------------------------
    def varint(self, value, allow_padding=True):
        value &= (1 << 64) - 1
        out = bytearray()
        while True:
            byte = value & 0x7F
            value >>= 7
            if value:
                out.append(byte | 0x80)
            else:
                out.append(byte)
                break
        if allow_padding and self.nonminimal and self.r.random() < 0.05:
            pad = self.r.randint(1, 10 - len(out)) if len(out) < 10 else 0
            if pad:
                out[-1] |= 0x80
                out += b"\x80" * (pad - 1) + b"\x00"
        return bytes(out)

    def tag(self, field, wire):
        # Tags and lengths may be padded up to 5 bytes (upb's limit for both).
        raw = self.varint(field << 3 | wire, allow_padding=False)
        if self.nonminimal and self.r.random() < 0.03 and len(raw) < 5:
            raw = bytes(raw[:-1]) + bytes([raw[-1] | 0x80]) + b"\x80" * (4 - len(raw)) + b"\x00"
        return raw

    def length(self, n):
        raw = self.varint(n, allow_padding=False)
        if self.nonminimal and self.r.random() < 0.03 and len(raw) < 5:
            raw = bytes(raw[:-1]) + bytes([raw[-1] | 0x80]) + b"\x80" * (4 - len(raw)) + b"\x00"
        return raw

    def ld(self, field, payload):
        return self.tag(field, 2) + self.length(len(payload)) + payload

    def string(self):
        r = self.r
        if r.random() < 0.7:
            return r.choice(STRING_POOL).encode()
        return "".join(chr(r.choice([r.randint(0x20, 0x7E), r.randint(0xA0, 0xD7FF), r.randint(0xE000, 0x10FFFF)]))
                       for _ in range(r.randint(0, 12))).encode()

    def unknown_field(self, depth=0):
        r = self.r
        field = r.choice([15, 16, 99, 536870911, 2047])
        kind = r.choice([0, 1, 2, 5, 3]) if depth < 3 else r.choice([0, 1, 2, 5])
        if kind == 0:
            return self.tag(field, 0) + self.varint(r.choice(INT64_POOL))
        if kind == 1:
            return self.tag(field, 1) + r.randbytes(8)
        if kind == 5:
            return self.tag(field, 5) + r.randbytes(4)
        if kind == 2:
            return self.ld(field, r.randbytes(r.randint(0, 6)))
        body = b"".join(self.unknown_field(depth + 1) for _ in range(r.randint(0, 2)))
        return self.tag(field, 3) + body + self.tag(field, 4)

    def maybe_unknowns(self, allowed=True):
        if self.unknowns and allowed and self.r.random() < 0.15:
            return self.unknown_field()
        return b""

    def fields(self, parts, allowed_unknowns=True):
        """Joins field records, sometimes shuffled, with unknown fields sprinkled in."""
        out = []
        for part in parts:
            out.append(self.maybe_unknowns(allowed_unknowns))
            out.append(part)
        if self.r.random() < 0.1:
            self.r.shuffle(out)
        return b"".join(out)

    def singular(self, field, make, present=0.6):
        """A singular field: absent, once, or (duplicates) several times so the last must win / messages merge."""
        r = self.r
        if r.random() >= present:
            return []
        times = r.choice([1, 1, 1, 2, 3]) if self.duplicates else 1
        return [make(field) for _ in range(times)]

    # -- messages --------------------------------------------------------------------------------------------
    def str_field(self, field):
        return self.ld(field, self.string())

    def int64_field(self, field):
        return self.tag(field, 0) + self.varint(self.r.choice(INT64_POOL + [self.r.getrandbits(64)]))

    def value(self, depth):
        r = self.r
        choices = ["null", "number", "string", "bool", "none"] + (["struct", "list"] if depth > 0 else [])
        kind = r.choice(choices)
        if kind == "none":
            body = b""
        elif kind == "null":
            body = self.tag(1, 0) + self.varint(0)
        elif kind == "number":
            x = r.choice(FLOAT_POOL) if r.random() < 0.5 else r.choice(
                [r.uniform(-1e6, 1e6), float(r.randint(-10**6, 10**6)), r.uniform(-1, 1) * 10 ** r.randint(-30, 30),
                 struct.unpack("<d", r.randbytes(8))[0]])
            if x != x or x in (float("inf"), float("-inf")):
                x = 1.5
            body = self.tag(2, 1) + struct.pack("<d", x)
        elif kind == "string":
            body = self.ld(3, self.string())
        elif kind == "bool":
            body = self.tag(4, 0) + self.varint(r.choice([0, 1, 1, 2, 300]))
        elif kind == "struct":
            body = self.ld(5, self.struct(depth - 1))
        else:
            body = self.ld(6, b"".join(self.ld(1, self.value(depth - 1)) for _ in range(r.randint(0, 4))))
        return body + self.maybe_unknowns(self.struct_unknowns)

    def struct(self, depth, width=None):
        r = self.r
        n = width if width is not None else r.randint(0, 5)
        keys = [self.string().decode() if r.random() < 0.3 else r.choice(["vlan", "ssid", "name", "mode", "k", ""])
                for _ in range(n)]
        out = b""
        for key in keys:
            entry = b""
            if r.random() < 0.95:
                entry += self.ld(1, key.encode())
            if r.random() < 0.95:
                entry += self.ld(2, self.value(depth))
            out += self.ld(1, entry + self.maybe_unknowns(self.struct_unknowns))
        return out

    def scope_info(self, field):
        parts = self.singular(1, self.str_field)
        parts += [self.str_field(2) for _ in range(self.r.randint(0, 4))]
        return self.ld(field, self.fields(parts))

    def changed_field(self, field):
        parts = self.singular(1, self.str_field)
        parts += [self.str_field(self.r.choice([2, 3])) for _ in range(self.r.randint(0, 4))]
        return self.ld(field, self.fields(parts))

    def impact_radius(self, field):
        parts = self.singular(1, self.str_field) + [self.str_field(2) for _ in range(self.r.randint(0, 3))]
        return self.ld(field, self.fields(parts))

    def changed_json(self, field):
        r = self.r
        deep = r.random() < 0.1
        wide = r.random() < 0.1
        make = lambda f: self.ld(f, self.struct(r.randint(8, 30) if deep else r.randint(0, 3),
                                                width=r.randint(20, 60) if wide else None))
        return self.ld(field, self.fields(self.singular(1, make) + self.singular(2, make, 0.9)))

    def log_details(self, field):
        r = self.r
        parts = [self.changed_field(1) for _ in range(r.randint(0, 3))]
        parts += [self.impact_radius(2) for _ in range(r.randint(0, 2))]
        parts += self.singular(3, self.changed_json, 0.7)
        return self.ld(field, self.fields(parts))

    def audit_trail(self):
        parts = []
        for field in range(1, 15):
            if field == 2:
                parts += self.singular(2, self.int64_field)
            elif field == 8:
                parts += self.singular(8, self.scope_info)
            elif field == 13:
                parts += self.singular(13, self.log_details, 0.8)
            else:
                parts += self.singular(field, self.str_field, 0.5)
        return self.fields(parts)

    def timestamp(self, field):
        r = self.r
        seconds = r.choice([0, 1, -1, 1767225600, -62135596800, 253402300799, r.randint(-62135596800, 253402300799)])
        nanos = r.choice([0, 500000000, 1000, 1, 999999999, r.randint(0, 999999999)])
        body = b""
        if seconds or r.random() < 0.1:
            body += self.tag(1, 0) + self.varint(seconds)
        if nanos or r.random() < 0.1:
            body += self.tag(2, 0) + self.varint(nanos)
        return self.ld(field, body)

    def attribute_value(self):
        r = self.r
        kind = r.randint(0, 7)
        if kind == 0:
            return b""
        if kind == 1:
            return self.tag(1, 0) + self.varint(r.choice([0, 1, 2]))
        if kind == 2:
            return self.tag(2, 0) + self.varint(r.choice([0, 1, -1, 2**31 - 1, -2**31, 2**32 + 5]))
        if kind == 4:
            return self.ld(4, r.randbytes(r.randint(0, 7)))
        if kind == 7:
            return self.timestamp(7)
        return self.ld(kind, self.string())

    def cloud_event(self, inner, type_url=b"type.googleapis.com/audittrail.AuditTrail"):
        r = self.r
        parts = []
        for field in (1, 2, 3, 4):
            parts += self.singular(field, self.str_field, 0.8)
        for _ in range(r.randint(0, 3)):
            entry = self.ld(1, r.choice([b"k", b"j", b"partition", self.string()])) + self.ld(2, self.attribute_value())
            parts.append(self.ld(5, entry))
        data = r.random()
        if data < 0.05:
            parts.append(self.ld(6, r.randbytes(r.randint(0, 5))))
        elif data < 0.1:
            parts.append(self.ld(7, self.string()))
        if data > 0.03:
            any_body = self.ld(1, type_url) + self.ld(2, inner)
            parts.append(self.ld(8, any_body))
        if r.random() < 0.5:
            parts.append(self.timestamp(9))
        parts += self.singular(10, self.str_field, 0.7)
        parts += self.singular(11, self.str_field, 0.2)
        return self.fields(parts)
