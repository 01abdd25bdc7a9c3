"""Prints data_growth.py's result: the CPU time of each phase per learner, then per table the bytes
per learner and the size at 10, 30 and 60 million learners."""
import json
import sys

MILLION = 1_000_000


def gib(value):
    return f"{value / 2**30:,.0f}"


def main(path):
    result = json.load(open(path))
    n = result["learners"]
    print(f"{n:,} learners. Per learner, in each phase (every learner finishes a phase before the next begins):\n")
    print("| phase | requests | seconds for all | server CPU ms | PostgreSQL CPU ms | write-ahead log bytes |")
    print("|---|---:|---:|---:|---:|---:|")
    for name, phase in result["phases"].items():
        cpu = phase["cpu_seconds"]
        print(f"| {name} | {phase['requests'] / n:,.1f} | {phase['seconds']} | {cpu['server'] * 1000 / n:,.1f} | "
              f"{cpu['postgres'] * 1000 / n:,.1f} | {phase['wal_bytes'] / n:,.0f} |")
    print()
    rows = sorted(result["tables"].items(), key=lambda entry: -(entry[1]["table"] + entry[1]["indexes"]))
    print("Sizes after VACUUM ANALYZE, grown by the histories:\n")
    print("| table | rows per learner | table bytes per learner | index bytes per learner | GiB at 10 M | 30 M | 60 M |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for name, grown in rows:
        each = (grown["table"] + grown["indexes"]) / n
        if each < 1:
            continue
        print(f"| {name} | {grown['rows'] / n:,.1f} | {grown['table'] / n:,.0f} | {grown['indexes'] / n:,.0f} | "
              f"{gib(each * 10 * MILLION)} | {gib(each * 30 * MILLION)} | {gib(each * 60 * MILLION)} |")
    each = sum(t["table"] + t["indexes"] for _, t in rows) / n
    print(f"| **all** | | | **{each:,.0f} bytes in all** | **{gib(each * 10 * MILLION)}** | "
          f"**{gib(each * 30 * MILLION)}** | **{gib(each * 60 * MILLION)}** |")


if __name__ == "__main__":
    main(sys.argv[1])
