"""The failure and upgrade drills of deploy/cluster-drill (standard library only).

  cluster_drill.py run --scenario node-loss|primary-loss|upgrade --dir data/cluster --work FOLDER
                   --binary PATH [--to NEW] [--warmup S] [--after S] [--threads N] [--readers N] [--learners N]

Under load through HAProxy (https://127.0.0.1:8443) it does the scenario's fault, keeps the load
going until the cluster has recovered, then checks every acknowledged write against the database
through the primary's front. The load is drill.py's (deploy/drill.d): seeded learners take the
certification exam (start, save each answer, submit with an Idempotency-Key), every fifth one
registers a new person who completes a lesson; every acknowledged write goes to the ledger. Reader
threads read the course and the learner's own account meanwhile. Every request, read or write, is
also recorded with its time, answer and Retry-After, which gives what a client saw.

HAProxy replaces X-Forwarded-For with the client's address, so the drill's clients really come
from different addresses: drill.py's 10.a.b.c becomes the source address 127.a'.b.c (loopback),
a' = a shifted by a number drawn for each drill.
Prints a table, writes FOLDER/result-SCENARIO.json (the figures), events.jsonl (every request)
and ledger.jsonl; exits 1 when a check fails.
"""
import argparse
import collections
import contextlib
import http.client
import io
import json
import os
import random
import ssl
import subprocess
import sys
import threading
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "drill.d"))
import drill  # noqa: E402  the restore drill's load, ledger and checker

HTTPS = ("127.0.0.1", 8443)
FRONT = "postgres://postgres@127.0.0.1:54340/safeskills"
ADMIN = "drill-admin@example.org"


class Recorder:
    """Every request the drill's clients send through HAProxy: start, end, what, answer."""

    def __init__(self, cafile):
        self.context = ssl.create_default_context(cafile=cafile)
        # Each drill's addresses are its own: drill.py gives a learner the same one every run, and
        # registrations are throttled per address for an hour.
        self.shift = random.randrange(1, 255)
        self.events = []
        self.lock = threading.Lock()

    def request(self, base, method, path, body=None, token=None, headers=None, timeout=30):
        """drill.request's signature, over TLS to HAProxy from the client's own loopback address."""
        headers = dict(headers or {})
        address = headers.pop("X-Forwarded-For", "10.0.0.1").split(".")
        source = ".".join(["127", str((int(address[1]) + self.shift) % 255)] + address[2:])
        data = None if body is None else json.dumps(body).encode()
        if data is not None:
            headers["Content-Type"] = "application/json"
        if token:
            headers["Authorization"] = "Bearer " + token
        started = time.time()
        event = {"start": started, "method": method, "path": path.split("?")[0]}
        connection = http.client.HTTPSConnection(*HTTPS, timeout=timeout, context=self.context, source_address=(source, 0))
        try:
            connection.request(method, path, body=data, headers=headers)
            response = connection.getresponse()
            raw = response.read()
            # A node's answers carry X-Request-Id; HAProxy's own (no node ready, node died) do not.
            event.update(status=response.status, retry_after=response.getheader("Retry-After"),
                         by="node" if response.getheader("X-Request-Id") else "haproxy")
            return response.status, raw
        except Exception as error:  # reset, refused, timeout: recorded, then drill.py records it too
            event["status"] = type(error).__name__
            raise
        finally:
            connection.close()
            event["end"] = time.time()
            with self.lock:
                self.events.append(event)


def seed(binary, learners):
    """A fresh set of drill learners (schema drill), signed in by stored access tokens."""
    if not drill.psql(FRONT, f"SELECT 1 FROM learner_contacts WHERE value = '{ADMIN}'").strip():
        password = "drill-admin-" + os.urandom(9).hex()
        subprocess.run([binary, "users", "create-admin", "--identifier", ADMIN], input=password + "\n", text=True,
                       env=dict(os.environ, DATABASE_URL=FRONT), check=True, capture_output=True)
    drill.psql(FRONT, "DROP SCHEMA IF EXISTS drill CASCADE")
    subprocess.run(["psql", FRONT, "-X", "-q", "-v", f"learners={learners}", "-v", f"hash_email={ADMIN}",
                    "-v", f"email_prefix=drill-{int(time.time())}-",
                    "-f", os.path.join(os.path.dirname(drill.__file__), "seed-learners.sql")], check=True, capture_output=True)


def reader(recorder, tokens, stop):
    """Reads through HAProxy: the course outline and the learner's own account, in turn."""
    random_ = random.Random()
    while not stop.is_set():
        n, token = random_.choice(tokens)
        path, auth = random_.choice([("/v1/courses/" + drill.PREREQUISITE, None), ("/v1/me", token)])
        try:
            recorder.request(None, "GET", path, token=auth, headers={"X-Forwarded-For": f"10.100.{int(n) >> 8 & 255}.{int(n) & 255}"}, timeout=15)
        except Exception:
            pass
        time.sleep(0.05)


def leader():
    for n in (1, 2):
        try:
            with contextlib.closing(http.client.HTTPConnection("127.0.0.1", 8007 + n, timeout=1)) as c:
                c.request("GET", "/primary")
                if c.getresponse().status == 200:
                    return n
        except OSError:
            pass
    return None


def fault(args, marks):
    """The scenario's fault, done while the load runs; marks what happened when."""
    if args.scenario == "node-loss":
        pid = int(open(os.path.join(args.dir, "node1.pid")).read())
        marks["fault"] = time.time()
        os.kill(pid, 9)
        marks["what"] = f"kill -9 node1 (pid {pid})"
    elif args.scenario == "primary-loss":
        old = leader()
        if old is None:
            raise SystemExit("no Patroni member is primary before the drill")
        patroni = int(open(os.path.join(args.dir, "run", f"patroni{old}.pid")).read())
        data = drill.psql(FRONT, "SHOW data_directory").strip()
        postmaster = int(open(os.path.join(data, "postmaster.pid")).readline())
        marks["fault"] = time.time()
        os.kill(patroni, 9)
        os.kill(postmaster, 9)
        marks["what"] = f"kill -9 member{old}'s patroni (pid {patroni}) and postgres (pid {postmaster})"
        deadline = time.time() + 120
        while time.time() < deadline:
            new = leader()
            if new is not None and new != old:
                marks["promoted"] = time.time()
                marks["new_leader"] = new
                break
            time.sleep(0.2)
    elif args.scenario == "upgrade":
        marks["fault"] = time.time()
        done = subprocess.run(["deploy/cluster", "upgrade", "--binary", args.to], capture_output=True, text=True)
        marks["rolled"] = time.time()
        marks["what"] = f"deploy/cluster upgrade --binary {args.to}: " + ", ".join(done.stdout.strip().splitlines())
        if done.returncode != 0:
            marks["upgrade_failed"] = done.stderr.strip()[-500:]


def node_pids(dir_):
    """The running nodes' pids: the primary-loss drill checks that none was restarted."""
    pids = {}
    for name in sorted(os.listdir(dir_)):
        if name.startswith("node") and name.endswith(".pid"):
            pid = int(open(os.path.join(dir_, name)).read())
            if os.path.exists(f"/proc/{pid}"):
                pids[name[:-4]] = pid
    return pids


def figures(events, marks):
    ok = lambda e: isinstance(e["status"], int) and 200 <= e["status"] < 300
    failed = [e for e in events if not ok(e)]
    by_status = collections.Counter(f"{e['status']} from {e['by']}" if "by" in e else str(e["status"]) for e in failed)
    retry_after = collections.Counter(e["retry_after"] for e in events if e.get("retry_after"))
    start = marks["fault"]
    after = [e for e in failed if e["end"] >= start]
    last_failure = max((e["end"] for e in after), default=None)
    # The longest time, from the fault on, in which no request that was sent got a 2xx.
    successes = sorted(e["end"] for e in events if ok(e) and e["end"] >= start)
    gaps = [b - a for a, b in zip([start] + successes, successes)]
    return {
        "requests": len(events), "reads": sum(1 for e in events if e["method"] == "GET"),
        "writes": sum(1 for e in events if e["method"] != "GET"), "failed": len(failed),
        "failed_by_status": dict(sorted(by_status.items())),
        "failed_by_path": dict(collections.Counter(f"{e['method']} {e['path'].split('/')[2] if e['path'].count('/') > 1 else e['path']}"
                                                   for e in failed).most_common(6)),
        "retry_after_answers": sum(retry_after.values()), "retry_after_values": dict(retry_after),
        "seconds_fault_to_last_failure": round(last_failure - start, 1) if last_failure else 0.0,
        "longest_seconds_without_success": round(max(gaps, default=0.0), 1),
    }


def run(args):
    cafile = os.path.join(args.dir, "tls", "cert.pem")
    recorder = Recorder(cafile)
    drill.request = recorder.request  # drill.py's load now goes through HAProxy, as real clients
    seed(args.binary, args.learners)
    tokens = [row.split("|") for row in drill.psql(FRONT, "SELECT n, token FROM drill.learners ORDER BY n").split()]
    ledger = os.path.join(args.work, "ledger.jsonl")
    stop_file = os.path.join(args.work, "stop")
    for path in (ledger, stop_file):
        if os.path.exists(path):
            os.remove(path)
    load_args = argparse.Namespace(base="", db=FRONT, ledger=ledger, first=1, count=args.learners, stop_file=stop_file,
                                   certificates=None, seconds=None, threads=args.threads, register_every=5)
    stop = threading.Event()
    summary = io.StringIO()
    with contextlib.redirect_stdout(summary):
        load = threading.Thread(target=drill.run_load, args=(load_args,), daemon=True)
        load.start()
        readers = [threading.Thread(target=reader, args=(recorder, tokens, stop), daemon=True) for _ in range(args.readers)]
        for thread in readers:
            thread.start()
        time.sleep(args.warmup)
        marks = {"nodes_before": node_pids(args.dir)}
        fault(args, marks)
        time.sleep(args.after)
        open(stop_file, "w").close()
        stop.set()
        load.join(60)
        for thread in readers:
            thread.join(30)
    ended = time.time()
    load_summary = json.loads(summary.getvalue().strip().splitlines()[-1])
    # Every acknowledged write, checked through the front: on whichever member is the primary now.
    checked = io.StringIO()
    with contextlib.redirect_stdout(checked):
        drill.check_ledger(argparse.Namespace(db=FRONT, ledger=[ledger], until=None))
    ledger_report = json.loads(checked.getvalue().strip().splitlines()[-1])
    result = {"scenario": args.scenario, "fault": marks.get("what"), "seconds": round(ended - (marks["fault"] - args.warmup), 1),
              **figures(recorder.events, marks),
              "writes_acknowledged": ledger_report["acknowledged"], "writes_lost": ledger_report["missing"],
              "lost_by_kind": ledger_report["missing_by_kind"], "duplicate_certificates": ledger_report["duplicate_certificates"],
              "exams": load_summary["exams"], "certificates": load_summary["certificates"]}
    if "promoted" in marks:
        result["seconds_to_promotion"] = round(marks["promoted"] - marks["fault"], 1)
        result["new_primary"] = f"member{marks['new_leader']}"
    elif args.scenario == "primary-loss":
        result["seconds_to_promotion"] = None
    if "rolled" in marks:
        result["seconds_to_roll"] = round(marks["rolled"] - marks["fault"], 1)
    checks = [("acknowledged writes lost", result["writes_lost"] == 0), ("no certificate twice", result["duplicate_certificates"] == 0),
              ("writes were acknowledged after the fault", any(e["end"] > marks["fault"] + 1 and isinstance(e["status"], int)
                                                                and 200 <= e["status"] < 300 and e["method"] != "GET" for e in recorder.events))]
    if args.scenario == "upgrade":
        checks += [("failed requests", result["failed"] == 0), ("the roll finished", "upgrade_failed" not in marks)]
    if args.scenario == "primary-loss":
        checks += [("Patroni promoted the replica", "promoted" in marks),
                   ("the nodes reconnected without a restart", node_pids(args.dir) == marks["nodes_before"])]
    result["checks"] = {name: "PASS" if good else "FAIL" for name, good in checks}
    if "upgrade_failed" in marks:
        result["upgrade_error"] = marks["upgrade_failed"]
    # HAProxy's own line for each request (node, timings, retries, how it ended), for a failure's why.
    with open(os.path.join(args.work, "haproxy-requests.log"), "w") as out:
        out.write(subprocess.run([sys.executable, os.path.join(os.path.dirname(os.path.abspath(__file__)), "haproxy_admin.py"),
                                  os.path.join(args.dir, "haproxy.sock"), "show events requests"], capture_output=True, text=True).stdout)
    with open(os.path.join(args.work, "events.jsonl"), "w") as out:
        for event in recorder.events:
            out.write(json.dumps(event) + "\n")
    with open(os.path.join(args.work, f"result-{args.scenario}.json"), "w") as out:
        json.dump(result, out)
    print_table(result)
    return 0 if all(good for _, good in checks) else 1


def print_table(result):
    rows = [(verdict, name, "") for name, verdict in result["checks"].items()]
    rows[0] = (rows[0][0], rows[0][1], f"{result['writes_lost']} of {result['writes_acknowledged']} acknowledged "
               f"(answer saves, submits, registrations, lesson progress){' by kind: ' + json.dumps(result['lost_by_kind']) if result['writes_lost'] else ''}")
    rows += [("INFO", "fault", result["fault"]),
             ("INFO", "requests through HAProxy", f"{result['requests']} in {result['seconds']} s ({result['reads']} reads, {result['writes']} writes); "
                                                  f"{result['exams']} exams, {result['certificates']} certificates"),
             ("INFO", "failed requests by status", ", ".join(f"{k}: {v}" for k, v in result["failed_by_status"].items()) or "none"),
             ("INFO", "failed requests by call", ", ".join(f"{k}: {v}" for k, v in result["failed_by_path"].items()) or "none"),
             ("INFO", "answers with Retry-After", f"{result['retry_after_answers']}" + (f" (values: {', '.join(f'{k} s x{v}' for k, v in result['retry_after_values'].items())})" if result["retry_after_answers"] else "")),
             ("INFO", "seconds from the fault to the last failure", str(result["seconds_fault_to_last_failure"])),
             ("INFO", "longest time without a successful request", f"{result['longest_seconds_without_success']} s")]
    if "seconds_to_promotion" in result:
        rows.append(("INFO", "Patroni promoted the replica after", f"{result['seconds_to_promotion']} s ({result.get('new_primary')})"))
    if "seconds_to_roll" in result:
        rows.append(("INFO", "roll through the nodes took", f"{result['seconds_to_roll']} s"))
    if "upgrade_error" in result:
        rows.append(("FAIL", "deploy/cluster upgrade said", result["upgrade_error"]))
    widths = [max(len(str(row[i])) for row in rows) for i in range(3)]
    for row in rows:
        print("| " + " | ".join(str(c).ljust(w) for c, w in zip(row, widths)) + " |")


def main():
    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("run")
    p.add_argument("--scenario", choices=["node-loss", "primary-loss", "upgrade"], required=True)
    p.add_argument("--dir", required=True); p.add_argument("--work", required=True); p.add_argument("--binary", required=True)
    p.add_argument("--to", help="upgrade: the new binary")
    p.add_argument("--warmup", type=float, default=10); p.add_argument("--after", type=float, default=20)
    p.add_argument("--threads", type=int, default=6); p.add_argument("--readers", type=int, default=2)
    p.add_argument("--learners", type=int, default=1000)
    args = parser.parse_args()
    return run(args)


if __name__ == "__main__":
    sys.exit(main())
