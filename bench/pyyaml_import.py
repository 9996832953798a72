#!/usr/bin/env python3
"""Baseline (b) of the import benchmark: what a clerk's script would do.

Loads the whole grid YAML with PyYAML's C loader (CSafeLoader), then inserts it with
sqlite3 executemany into a simple copy of wangge's place and population tables, in one
transaction. No validation, no search index, no re-import logic: a lower bound on what
such a script costs, not a replacement for `wangge import`.

    python3 bench/pyyaml_import.py DB FILE...
"""
import sqlite3
import sys
import time

import yaml

SCHEMA = """
CREATE TABLE street (code TEXT PRIMARY KEY, name TEXT NOT NULL, district TEXT, city TEXT);
CREATE TABLE community (code TEXT PRIMARY KEY, street_code TEXT NOT NULL, name TEXT NOT NULL);
CREATE TABLE grid (code TEXT PRIMARY KEY, community_code TEXT NOT NULL, name TEXT NOT NULL,
    boundary TEXT);
CREATE TABLE worker (id TEXT PRIMARY KEY, name TEXT NOT NULL, phone TEXT,
    role TEXT NOT NULL DEFAULT 'worker');
CREATE TABLE grid_worker (grid_code TEXT NOT NULL, worker_id TEXT NOT NULL,
    PRIMARY KEY (grid_code, worker_id)) WITHOUT ROWID;
CREATE TABLE building (id INTEGER PRIMARY KEY, grid_code TEXT NOT NULL, code TEXT NOT NULL,
    name TEXT NOT NULL, compound TEXT, UNIQUE (grid_code, code));
CREATE TABLE household (id TEXT PRIMARY KEY, building_id INTEGER NOT NULL, unit TEXT,
    room TEXT NOT NULL, phone TEXT, tenure TEXT NOT NULL DEFAULT 'owner', note TEXT);
CREATE TABLE resident (id INTEGER PRIMARY KEY, household_id TEXT NOT NULL,
    position INTEGER NOT NULL, name TEXT NOT NULL, id_number TEXT, sex TEXT, birth TEXT,
    relation TEXT, phone TEXT, registered INTEGER NOT NULL DEFAULT 1);
CREATE INDEX resident_household ON resident(household_id, position);
CREATE INDEX resident_id_number ON resident(id_number) WHERE id_number IS NOT NULL;
CREATE TABLE resident_tag (resident_id INTEGER NOT NULL, category TEXT NOT NULL,
    PRIMARY KEY (resident_id, category)) WITHOUT ROWID;
"""


def s(v):
    return None if v is None else str(v)


def main():
    if len(sys.argv) < 3:
        sys.exit("usage: pyyaml_import.py DB FILE...")
    db = sqlite3.connect(sys.argv[1])
    db.execute("PRAGMA journal_mode=WAL")
    db.executescript(SCHEMA)
    t0 = time.monotonic()
    households = residents = 0
    with db:
        building_id = 0
        resident_id = 0
        for path in sys.argv[2:]:
            with open(path, encoding="utf-8") as f:
                doc = yaml.load(f, Loader=yaml.CSafeLoader)
            st = doc["street"]
            db.execute("INSERT OR REPLACE INTO street VALUES (?,?,?,?)",
                       (s(st["code"]), st["name"], st.get("district"), st.get("city")))
            comms, grids, workers, gw, blds, hhs, res, tags = [], [], [], [], [], [], [], []
            for c in doc["communities"]:
                comms.append((s(c["code"]), s(st["code"]), c["name"]))
                for g in c["grids"]:
                    grids.append((s(g["code"]), s(c["code"]), g["name"], g.get("boundary")))
                    for w in g.get("workers") or []:
                        workers.append((s(w["id"]), w["name"], s(w.get("phone")),
                                        w.get("role", "worker")))
                        gw.append((s(g["code"]), s(w["id"])))
                    for b in g.get("buildings") or []:
                        building_id += 1
                        blds.append((building_id, s(g["code"]), s(b["code"]),
                                     b.get("name") or "%s号楼" % b["code"], b.get("compound")))
                        for h in b.get("households") or []:
                            hhs.append((s(h["id"]), building_id, s(h.get("unit")), s(h["room"]),
                                        s(h.get("phone")), h.get("tenure", "owner"), h.get("note")))
                            for pos, r in enumerate(h.get("residents") or []):
                                resident_id += 1
                                res.append((resident_id, s(h["id"]), pos, r["name"],
                                            s(r.get("id_number")), r.get("sex"), s(r.get("birth")),
                                            r.get("relation"), s(r.get("phone")),
                                            0 if r.get("registered") is False else 1))
                                for t in r.get("tags") or []:
                                    tags.append((resident_id, t))
            db.executemany("INSERT OR REPLACE INTO community VALUES (?,?,?)", comms)
            db.executemany("INSERT OR REPLACE INTO grid VALUES (?,?,?,?)", grids)
            db.executemany("INSERT OR REPLACE INTO worker VALUES (?,?,?,?)", workers)
            db.executemany("INSERT OR REPLACE INTO grid_worker VALUES (?,?)", gw)
            db.executemany("INSERT INTO building VALUES (?,?,?,?,?)", blds)
            db.executemany("INSERT INTO household VALUES (?,?,?,?,?,?,?)", hhs)
            db.executemany("INSERT INTO resident VALUES (?,?,?,?,?,?,?,?,?,?)", res)
            db.executemany("INSERT OR IGNORE INTO resident_tag VALUES (?,?)", tags)
            households += len(hhs)
            residents += len(res)
    db.close()
    print("%d households, %d residents in %.2f s" % (households, residents, time.monotonic() - t0),
          file=sys.stderr)


if __name__ == "__main__":
    main()
