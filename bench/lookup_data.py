#!/usr/bin/env python3
"""Inputs of the lookup benchmark, taken from an imported wangge database.

    python3 bench/lookup_data.py DB QUERIES DUMP

QUERIES.keys gets every keystroke of the mix, "kind<TAB>typed so far" a line, for the
baselines run from the shell.

QUERIES: the fixed query mix, "kind<TAB>text" a line, built from two residents picked
at fixed places in the data (so the same data always gives the same mix): 1 and 2
Chinese characters, full name, pinyin initials, full pinyin, door number, ID number
suffix, and two terms.
DUMP: one line per household for baseline (d), fzf --filter: id, address, residents'
names and ID numbers.
"""
import sqlite3
import subprocess
import sys

# Surnames whose everyday reading is ICU's reading, so uconv's pinyin is what a user types.
PLAIN_SURNAMES = set("王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭")


def pinyin(text):
    out = subprocess.run(["uconv", "-x", "Han-Latin; Latin-ASCII"], input=text,
                         capture_output=True, text=True, check=True).stdout.strip()
    return out.split()


def main():
    db = sqlite3.connect("file:%s?mode=ro" % sys.argv[1], uri=True)
    queries, dump = sys.argv[2], sys.argv[3]
    total = db.execute("SELECT count(*) FROM resident").fetchone()[0]
    picked = []
    for frac in (0.37, 0.71):
        for r in db.execute(
                "SELECT r.name, r.id_number, b.code, h.unit, h.room FROM resident r"
                " JOIN household h ON h.id = r.household_id"
                " JOIN building b ON b.id = h.building_id"
                " WHERE r.rowid >= ? AND r.id_number IS NOT NULL AND length(r.name) = 3"
                " ORDER BY r.rowid LIMIT 200", (int(total * frac),)):
            if r[0][0] in PLAIN_SURNAMES:
                picked.append(r)
                break
    with open(queries, "w") as f:
        for name, idn, bcode, unit, room in picked:
            py = pinyin(name)
            door = "-".join(x for x in (bcode, unit, room) if x)
            f.write("1 character\t%s\n" % name[0])
            f.write("2 characters\t%s\n" % name[:2])
            f.write("full name\t%s\n" % name)
            f.write("pinyin initials\t%s\n" % "".join(s[0] for s in py))
            f.write("full pinyin\t%s\n" % "".join(py))
            f.write("door number\t%s\n" % door)
            f.write("ID suffix\t%s\n" % idn[-6:])
            f.write("two terms\t%s %s\n" % (name[:2], room))
    with open(queries) as f, open(queries + ".keys", "w") as keys:
        for line in f:
            kind, text = line.rstrip("\n").split("\t")
            for i in range(1, len(text) + 1):
                if text[i - 1] != " ":
                    keys.write("%s\t%s\n" % (kind, text[:i]))
    with open(dump, "w") as f:
        cur = db.execute(
            "SELECT h.id, coalesce(b.compound, ''), b.name, coalesce(h.unit || '单元', ''),"
            " h.room, group_concat(r.name, ' '), group_concat(r.id_number, ' ')"
            " FROM household h JOIN building b ON b.id = h.building_id"
            " LEFT JOIN resident r ON r.household_id = h.id AND r.departed_at IS NULL"
            " WHERE h.departed_at IS NULL GROUP BY h.id")
        for hid, compound, bname, unit, room, names, ids in cur:
            f.write("%s\t%s%s%s%s室\t%s\t%s\n" % (hid, compound, bname, unit, room,
                                                names or "", ids or ""))


if __name__ == "__main__":
    main()
