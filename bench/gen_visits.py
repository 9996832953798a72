#!/usr/bin/env python3
"""A year of visits in an imported wangge database, for the due-list and report rows of
the benchmark: about one routine visit per occupied household per month of YEAR, by the
grid's own workers, mostly met (some nobody home) with the residents met recorded, and a
monthly follow-up visit for every tagged resident besides.

    python3 bench/gen_visits.py DB [YEAR] [SEED]

Deterministic for a given database, year and seed. Writes straight into the tables in one
transaction: bulk data for measuring, not a way to record visits.
"""
import random
import sqlite3
import sys
import uuid


def main():
    db = sqlite3.connect(sys.argv[1])
    year = int(sys.argv[2]) if len(sys.argv) > 2 else 2026
    rng = random.Random(int(sys.argv[3]) if len(sys.argv) > 3 else 1)
    workers = {}
    for grid, worker in db.execute(
            "SELECT gw.grid_code, gw.worker_id FROM grid_worker gw JOIN worker w ON w.id = gw.worker_id"
            " WHERE w.role = 'worker' ORDER BY gw.grid_code, gw.worker_id"):
        workers.setdefault(grid, []).append(worker)
    residents = {}
    tagged = {}
    for hid, rid, tag in db.execute(
            "SELECT r.household_id, r.id, t.category FROM resident r"
            " LEFT JOIN resident_tag t ON t.resident_id = r.id AND t.removed_at IS NULL"
            " WHERE r.departed_at IS NULL ORDER BY r.household_id, r.position"):
        people = residents.setdefault(hid, [])
        if rid not in people[-1:]:  # one row per tag: a resident with two tags comes twice
            people.append(rid)
        if tag:
            tagged.setdefault(hid, set()).add(rid)
    visits, met = [], []
    days = [31, 29 if year % 4 == 0 else 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]

    def visit(hid, grid, kind, month, people):
        vid = str(uuid.UUID(int=rng.getrandbits(128), version=4))
        day = "%04d-%02d-%02d" % (year, month, rng.randint(1, days[month - 1]))
        at = day  # visit.at is the local calendar day; created_at has the time
        created = "%s %02d:%02d:00" % (day, rng.randint(8, 18), rng.randint(0, 59))
        w = workers.get(grid)
        outcome = "met" if people and rng.random() < 0.85 else "not_home"
        visits.append((vid, hid, rng.choice(w) if w else None, kind, outcome, at, created))
        if outcome == "met":
            for rid in people:
                met.append((vid, rid))

    for hid, grid in db.execute(
            "SELECT h.id, b.grid_code FROM household h JOIN building b ON b.id = h.building_id"
            " WHERE h.departed_at IS NULL AND h.tenure <> 'vacant' ORDER BY h.id"):
        people = residents.get(hid, [])
        for month in range(1, 13):
            if rng.random() < 0.9:
                visit(hid, grid, "routine", month, people[:1 + rng.randrange(len(people))] if people else [])
        for rid in sorted(tagged.get(hid, ())):
            for month in range(1, 13):
                visit(hid, grid, "followup", month, [rid])
    with db:
        db.executemany("INSERT INTO visit (id, household_id, worker_id, kind, outcome, at,"
                       " created_at) VALUES (?,?,?,?,?,?,?)", visits)
        db.executemany("INSERT INTO visit_resident (visit_id, resident_id) VALUES (?,?)", met)
    db.close()
    print("%d visits, %d residents met" % (len(visits), len(met)), file=sys.stderr)


if __name__ == "__main__":
    main()
