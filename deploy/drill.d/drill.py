"""The restore drill's Python side (deploy/drill runs it; standard library plus openbadgeslib).

  drill.py load      --base URL --db URL --ledger FILE --first N --count N [--stop-file F]
                     [--certificates N] [--threads N] [--register-every K] [--seconds S]
      Write load through the API: seeded learners (drill.learners) take the certification exam
      (start, save every answer, submit with an Idempotency-Key: a certificate is issued), and every
      K-th exam a new person registers (X-Forwarded-For gives each one an address of its own) and
      completes a lesson. Every acknowledged (2xx) write is appended to the ledger with the time it
      was acknowledged; refusals and unknown outcomes are recorded as such.
  drill.py snapshot  --base URL --db URL --admin-token T --backup-time ISO --sample N --out FILE
      In ONE transaction: lock the learner tables against writers (SHARE), count the rows of the
      main tables, hash the certificates table, read the reach figures through the API (the locks
      hold them still), pick the drill's own certificates and a sample of others, and call
      pg_create_restore_point('drill').
  drill.py check     --base URL --db URL --admin-token T --snapshot FILE
      On a restored cluster: the same counts and hash, every chosen credential verifies with
      openbadgeslib (fetched from the server on the restored cluster), the reach figures are equal.
  drill.py ledger    --db URL --ledger FILE... [--until EPOCH]
      Which acknowledged writes are missing from a restored cluster, and over how many seconds.
  drill.py login     --base URL --identifier X --password P     prints an access token
"""
import argparse
import base64
import csv
import io
import json
import os
import random
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
import uuid

PROGRAMME = "cyber-safety-certificate"
PREREQUISITE = "basic-cyber-safety"
# Tables whose rows the snapshot counts; all but signing_keys are locked while it runs.
COUNTED = ["learners", "learner_contacts", "enrollments", "lesson_progress", "learner_activity", "attempts",
           "attempt_items", "certificates", "first_reach", "idempotency_keys"]
PUBLIC_BASE_URL = "https://safeskills.drill.example"


# --- PostgreSQL through psql (no driver on the machine; psql is PostgreSQL's own client) ---

def psql(db, sql, stdin=None):
    command = ["psql", db, "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-c", sql] if stdin is None else \
        ["psql", db, "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1"]
    done = subprocess.run(command, input=stdin, capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"psql failed: {done.stderr.strip()}")
    return done.stdout


class Session:
    """One psql session kept open, so that statements share a transaction with work done between them."""

    def __init__(self, db):
        self.process = subprocess.Popen(["psql", db, "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1"],
                                        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                        text=True, bufsize=1)

    def run(self, sql):
        marker = f"__drill_{uuid.uuid4().hex}__"
        self.process.stdin.write(sql.rstrip().rstrip(";") + ";\n\\echo " + marker + "\n")
        self.process.stdin.flush()
        lines = []
        while True:
            line = self.process.stdout.readline()
            if line == "":
                raise RuntimeError("psql ended: " + "".join(lines).strip())
            if line.strip() == marker:
                return "".join(lines).strip()
            lines.append(line)

    def close(self):
        try:
            self.process.stdin.close()
        except OSError:
            pass
        self.process.wait(timeout=30)


# --- HTTP ---

def request(base, method, path, body=None, token=None, headers=None, timeout=30):
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(base + path, data=data, method=method)
    if data is not None:
        req.add_header("Content-Type", "application/json")
    if token:
        req.add_header("Authorization", "Bearer " + token)
    for name, value in (headers or {}).items():
        req.add_header(name, value)
    try:
        with urllib.request.urlopen(req, timeout=timeout) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def login(base, identifier, password):
    status, body = request(base, "POST", "/v1/auth/login", {"identifier": identifier, "password": password},
                           headers={"X-Forwarded-For": "10.255.255.254"})
    if status != 200:
        raise RuntimeError(f"sign-in of {identifier} answered {status}: {body[:300]!r}")
    return json.loads(body)["accessToken"]


# --- load ---

def answer_for(question):
    kind, key = question["type"], question["key"]
    value = next(iter(key.values()))
    if kind in ("single",):
        return {"optionIds": [value["_0"]]}
    if kind == "multiple":
        return {"optionIds": value["_0"]}
    if kind == "trueFalse":
        return {"optionIds": ["true" if value["_0"] else "false"]}
    if kind == "ordering":
        return {"order": value["_0"]}
    if kind == "matching":
        return {"pairs": value["_0"]}
    if kind == "shortText":
        return {"text": value["vi"][0]}
    raise RuntimeError(f"unknown question type {kind}")


class Ledger:
    def __init__(self, path):
        self.file = open(path, "a", encoding="utf-8")
        self.lock = threading.Lock()
        self.counts = {}

    def write(self, entry):
        entry["t"] = time.time()
        line = json.dumps(entry, separators=(",", ":")) + "\n"
        with self.lock:
            self.file.write(line)
            self.file.flush()
            name = entry["k"] + ("" if entry.get("ack", True) else ":" + entry.get("outcome", "?"))
            self.counts[name] = self.counts.get(name, 0) + 1


def run_load(args):
    rows = psql(args.db, f"SELECT n, token FROM drill.learners WHERE n >= {args.first} AND n < {args.first + args.count} ORDER BY n").split()
    learners = [row.split("|") for row in rows]
    questions = {}
    for line in psql(args.db, "SELECT item_id, body FROM content_items WHERE kind = 'question' AND course_id = "
                              f"'{PROGRAMME}' ORDER BY item_version").splitlines():
        item, body = line.split("|", 1)
        questions[item] = json.loads(body)
    status, body = request(args.base, "GET", f"/v1/courses/{PREREQUISITE}")
    lessons = [lesson["id"] for lesson in json.loads(body)["lessons"]] if status == 200 else []
    ledger = Ledger(args.ledger)
    run = uuid.uuid4().hex[:8]
    state = {"next": 0, "exams": 0, "certificates": 0, "errors": 0}
    lock = threading.Lock()
    deadline = time.time() + args.seconds if args.seconds else None

    def stop():
        return (args.stop_file and os.path.exists(args.stop_file)) or (deadline and time.time() > deadline) \
            or (args.certificates and state["certificates"] >= args.certificates)

    def call(kind, method, path, body=None, token=None, address="10.0.0.1", headers=None, record=None):
        """A write: its outcome goes to the ledger. Returns the parsed body of a 2xx, else None."""
        entry = dict(record or {}, k=kind)
        try:
            status, raw = request(args.base, method, path, body, token, dict(headers or {}, **{"X-Forwarded-For": address}), timeout=15)
        except Exception as error:  # timeout, reset, refused: the write may or may not have happened
            ledger.write(dict(entry, ack=False, outcome="unknown", error=type(error).__name__))
            return None
        if 200 <= status < 300:
            parsed = json.loads(raw) if raw else {}
            extra = record_ack(kind, parsed)
            ledger.write(dict(entry, **extra))
            return parsed
        ledger.write(dict(entry, ack=False, outcome=f"refused-{status}"))
        with lock:
            state["errors"] += 1
        return None

    def record_ack(kind, parsed):
        if kind == "submit":
            return {"passed": bool(parsed.get("passed"))}
        if kind == "register":
            return {"learner": parsed.get("learnerId")}
        return {}

    def worker():
        while not stop():
            with lock:
                index = state["next"]
                state["next"] += 1
            if index >= len(learners):
                return
            n, token = learners[index]
            address = f"10.{(int(n) >> 16) & 255}.{(int(n) >> 8) & 255}.{int(n) & 255}"
            exam = call("start", "POST", f"/v1/certifications/{PROGRAMME}/attempts", token=token, address=address)
            if exam is None:
                time.sleep(0.2)
                continue
            attempt = exam["id"]
            for item in exam["items"]:
                if stop():
                    return
                answer = answer_for(questions[item["id"]])
                call("save", "PUT", f"/v1/attempts/{attempt}/answers/{item['id']}", answer, token, address,
                     record={"attempt": attempt, "item": item["id"], "answer": answer})
            result = call("submit", "POST", f"/v1/attempts/{attempt}/submit", None, token, address,
                          headers={"Idempotency-Key": str(uuid.uuid4())}, record={"attempt": attempt})
            with lock:
                state["exams"] += 1
                if result is not None and result.get("passed"):
                    state["certificates"] += 1
            if args.register_every and int(n) % args.register_every == 0 and not stop():
                email = f"drill-{run}-{n}@example.org"
                reg_address = f"10.200.{(int(n) >> 8) & 255}.{int(n) & 255}"
                session = call("register", "POST", "/v1/auth/register",
                               {"email": email, "password": "drill-password-" + run, "displayName": "Người thử " + n,
                                "locale": "vi", "ageConfirmed": "16+", "consents": [{"purpose": "terms", "version": "2026-11"}]},
                               address=reg_address, record={"email": email})
                if session and lessons:
                    lesson = lessons[int(n) % len(lessons)]
                    call("progress", "PUT", f"/v1/courses/{PREREQUISITE}/lessons/{lesson}/progress", {"status": "completed"},
                         session["accessToken"], reg_address, record={"learner": session["learnerId"], "course": PREREQUISITE, "lesson": lesson})

    threads = [threading.Thread(target=worker, daemon=True) for _ in range(args.threads)]
    started = time.time()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.time() - started
    summary = {"seconds": round(elapsed, 1), "exams": state["exams"], "certificates": state["certificates"],
               "outcomes": ledger.counts}
    print(json.dumps(summary))
    if args.certificates and state["certificates"] < args.certificates:
        print(f"load: only {state['certificates']} of {args.certificates} certificates were issued "
              f"({len(learners)} learners in the range)", file=sys.stderr)
        return 1
    return 0


# --- snapshot at the restore point, and the checks after a restore ---

COUNT_SQL = "SELECT json_build_object(" + ", ".join(f"'{t}', (SELECT count(*) FROM {t})" for t in COUNTED) + \
    ", 'signing_keys', (SELECT count(*) FROM signing_keys))"
HASH_SQL = "SELECT md5(coalesce(string_agg(c::text, E'\\n' ORDER BY c.certificate_id), '')) FROM certificates c"
ATTEMPTS_HASH_SQL = ("SELECT md5(coalesce(string_agg(concat_ws('|', a.attempt_id, a.closed_at, a.score, a.passed, "
                     "(SELECT string_agg(i.answer::text, ',' ORDER BY i.position) FROM attempt_items i "
                     "WHERE i.learner_id = a.learner_id AND i.attempt_id = a.attempt_id)), E'\\n' ORDER BY a.attempt_id), '')) FROM attempts a")


def reach_paths():
    today = time.strftime("%Y-%m-%d", time.gmtime(time.time() + 7 * 3600))  # Vietnam day
    return ["/v1/stats/reach", "/v1/stats/reach?exact=true", "/v1/stats/reach?groupBy=province",
            "/v1/stats/reach?groupBy=sex,ageBand", "/v1/stats/reach?year=2025&groupBy=province,sex",
            f"/v1/stats/reach/timeseries?from={today[:4]}-01-01&to={today}", "/v1/stats/funnel"]


def read_reach(base, token):
    figures = {}
    for path in reach_paths():
        for _ in range(30):  # a 503 (busy) is retried after its Retry-After
            status, body = request(base, "GET", path, token=token, headers={"X-Forwarded-For": "10.255.255.253"}, timeout=120)
            if status != 503:
                break
            time.sleep(1)
        figures[path] = {"status": status, "body": figures_only(json.loads(body)) if status == 200 else body.decode(errors="replace")[:300]}
    return figures


def figures_only(body):
    """A statistics answer without what says where and when it was read (`source`, `exactAsOf`):
    the same figures read after the restore compare equal."""
    return {key: value for key, value in body.items() if key not in ("source", "exactAsOf")}


def take_snapshot(args):
    session = Session(args.db)
    for attempt in range(1, 6):
        try:
            session.run("BEGIN ISOLATION LEVEL REPEATABLE READ")
            # SHARE waits for every writer of these tables to end (commit record written and visible)
            # and keeps new ones out: nothing commits to them between this snapshot and the restore point.
            session.run("SET LOCAL lock_timeout = '20s'")
            session.run("LOCK TABLE " + ", ".join(COUNTED) + " IN SHARE MODE")
            locked = time.time()
            counts = json.loads(session.run(COUNT_SQL))
            certificates_md5 = session.run(HASH_SQL)
            attempts_md5 = session.run(ATTEMPTS_HASH_SQL)
            own = session.run(f"SELECT certificate_id FROM certificates WHERE issued_at >= '{args.backup_time}' ORDER BY certificate_id").split()
            others = session.run(f"SELECT certificate_id FROM certificates WHERE issued_at < '{args.backup_time}' "
                                 f"ORDER BY random() LIMIT {args.sample}").split()
            reach = read_reach(args.stats_base or args.base, args.admin_token)
            point = session.run("SELECT pg_create_restore_point('drill')")
            session.run("COMMIT")
            held = time.time() - locked
            break
        except RuntimeError as error:  # a deadlock with a writer or a lock timeout: try again
            print(f"snapshot: attempt {attempt} failed ({error}); trying again", file=sys.stderr)
            session.close()
            session = Session(args.db)
            time.sleep(1)
    else:
        raise SystemExit("snapshot: could not take the snapshot in 5 tries")
    session.close()
    snapshot = {"taken_at": time.time(), "lsn": point, "locks_held_seconds": round(held, 2), "counts": counts,
                "certificates_md5": certificates_md5, "attempts_md5": attempts_md5, "own": own, "others": others,
                "reach": reach}
    bad = [path for path, answer in reach.items() if answer["status"] != 200]
    with open(args.out, "w", encoding="utf-8") as out:
        json.dump(snapshot, out)
    print(json.dumps({"restore_point_lsn": point, "locks_held_seconds": snapshot["locks_held_seconds"],
                      "certificates": counts["certificates"], "own": len(own), "others": len(others)}))
    if bad:
        print(f"snapshot: reach reads failed: {bad}", file=sys.stderr)
        return 1
    return 0


def pem_of(x):
    raw = base64.urlsafe_b64decode(x + "=" * (-len(x) % 4))
    der = bytes([0x30, 0x2A, 0x30, 0x05, 0x06, 0x03, 0x2B, 0x65, 0x70, 0x03, 0x21, 0x00]) + raw
    return "-----BEGIN PUBLIC KEY-----\n" + base64.b64encode(der).decode() + "\n-----END PUBLIC KEY-----\n"


def jws_part(token, index):
    part = token.split(".")[index]
    return json.loads(base64.urlsafe_b64decode(part + "=" * (-len(part) % 4)))


def verify_credentials(base, ids):
    """Each certificate: GET /v1/certificates/{id} says valid, and its VC-JWT verifies with openbadgeslib."""
    from openbadgeslib.ob3.verifier import OB3Verifier

    status, body = request(base, "GET", "/.well-known/jwks.json")
    if status != 200:
        raise RuntimeError(f"/.well-known/jwks.json answered {status}")
    keys = {key["kid"]: pem_of(key["x"]) for key in json.loads(body)["keys"]}
    status_lists = {}
    failures = []
    for certificate in ids:
        try:
            status, body = request(base, "GET", f"/v1/certificates/{certificate}")
            if status != 200:
                raise RuntimeError(f"verification answered {status}")
            verification = json.loads(body)
            if verification.get("status") != "valid":
                raise RuntimeError(f"status {verification.get('status')!r}")
            status, jwt = request(base, "GET", f"/v1/certificates/{certificate}/credential")
            if status != 200:
                raise RuntimeError(f"credential answered {status}")
            jwt = jwt.decode().strip()
            kid = jws_part(jwt, 0).get("kid")
            if kid not in keys:
                raise RuntimeError(f"key {kid!r} is not in the JWKS")
            list_url = jws_part(jwt, 1)["credentialStatus"]["statusListCredential"]
            if list_url not in status_lists:
                status, listed = request(base, "GET", list_url.replace(PUBLIC_BASE_URL, "", 1))
                if status != 200:
                    raise RuntimeError(f"status list {list_url} answered {status}")
                status_lists[list_url] = listed.decode().strip().encode()
            listed = status_lists[list_url]
            OB3Verifier(keys[kid]).verify(jwt, check_status=True, verify_status_list=True, download=lambda url: listed)
        except Exception as error:  # any failure is a verdict
            failures.append(f"{certificate}: {error}")
    return failures


def check_restored(args):
    """--part db before a server runs on the restored cluster (it writes at start), --part http after."""
    snapshot = json.load(open(args.snapshot, encoding="utf-8"))
    results = json.load(open(args.out, encoding="utf-8")) if args.part == "http" and os.path.exists(args.out) else []
    mine = []

    def result(name, ok, detail):
        mine.append({"check": name, "ok": ok, "detail": detail})

    if args.part == "db":
        counts = json.loads(psql(args.db, COUNT_SQL))
        differing = {t: (snapshot["counts"][t], counts.get(t)) for t in snapshot["counts"] if snapshot["counts"][t] != counts.get(t)}
        result("row counts (%d tables)" % len(counts), not differing,
               "equal: " + ", ".join(f"{t} {counts[t]}" for t in ("learners", "attempts", "certificates", "first_reach"))
               if not differing else "differ (restore point, restored): " + json.dumps(differing))
        digest = psql(args.db, HASH_SQL).strip()
        result("certificates md5", digest == snapshot["certificates_md5"], f"{digest} both" if digest == snapshot["certificates_md5"]
               else f"{digest}, at the restore point {snapshot['certificates_md5']}")
        digest = psql(args.db, ATTEMPTS_HASH_SQL).strip()
        result("attempts and answers md5", digest == snapshot["attempts_md5"], f"{digest} both" if digest == snapshot["attempts_md5"]
               else f"{digest}, at the restore point {snapshot['attempts_md5']}")
    else:
        failures = verify_credentials(args.base, snapshot["own"])
        result("drill's own credentials verify (openbadgeslib)", not failures and len(snapshot["own"]) > 0,
               f"{len(snapshot['own']) - len(failures)} of {len(snapshot['own'])}" + (f"; first: {failures[0]}" if failures else ""))
        failures = verify_credentials(args.base, snapshot["others"])
        result("sample of other credentials verify", not failures and len(snapshot["others"]) >= args.sample,
               f"{len(snapshot['others']) - len(failures)} of {len(snapshot['others'])} (wanted {args.sample})"
               + (f"; first: {failures[0]}" if failures else ""))
        reach = read_reach(args.base, args.admin_token)
        differing = [path for path in snapshot["reach"] if snapshot["reach"][path] != reach.get(path)]
        national = reach["/v1/stats/reach"]["body"]
        result(f"reach figures equal ({len(reach)} reads)", not differing,
               (f"reached {national.get('reached')}, learned {national.get('learned')}, certified {national.get('certified')}"
                if isinstance(national, dict) else str(national)) if not differing else "differ: " + ", ".join(differing))
    with open(args.out, "w", encoding="utf-8") as out:
        json.dump(results + mine, out)
    for row in mine:
        print(("PASS" if row["ok"] else "FAIL") + "\t" + row["check"] + "\t" + row["detail"])
    return 0 if all(row["ok"] for row in mine) else 1


# --- the ledger against a restored cluster ---

def check_ledger(args):
    entries = []
    for path in args.ledger:
        with open(path, encoding="utf-8") as file:
            for line in file:
                try:
                    entries.append(json.loads(line))
                except ValueError:
                    pass  # the last line of a load killed mid-write
    acked = [e for e in entries if e.get("ack", True) and e["k"] in ("save", "submit", "register", "progress")]
    if args.until:
        acked = [e for e in acked if e["t"] <= args.until]
    last_save = {}
    for e in acked:
        if e["k"] == "save":
            last_save[(e["attempt"], e["item"])] = e
    rows = io.StringIO()
    writer = csv.writer(rows, lineterminator="\n")
    index = 0
    for e in acked:
        if e["k"] == "save" and last_save[(e["attempt"], e["item"])] is not e:
            continue
        index += 1
        writer.writerow([index, e["k"], e["t"], e.get("attempt", ""), e.get("item", ""),
                         json.dumps(e["answer"]) if "answer" in e else "", "t" if e.get("passed") else "f",
                         e.get("email", ""), e.get("learner", ""), e.get("course", ""), e.get("lesson", "")])
    script = f"""
CREATE TEMP TABLE ledger (n int, kind text, t float8, attempt text, item text, answer text, passed bool, email text, learner text, course text, lesson text);
COPY ledger FROM STDIN (FORMAT csv);
{rows.getvalue()}\\.
SELECT json_agg(json_build_object('kind', kind, 't', t, 'attempt', attempt, 'item', item, 'email', email, 'lesson', lesson)) FROM ledger l WHERE NOT CASE kind
  WHEN 'save' THEN EXISTS (SELECT 1 FROM attempt_items i WHERE i.attempt_id = l.attempt::uuid AND i.question_id = l.item AND i.answer = l.answer::jsonb)
  WHEN 'submit' THEN EXISTS (SELECT 1 FROM attempts a WHERE a.attempt_id = l.attempt::uuid AND a.close_reason = 'submitted')
                 AND (NOT l.passed OR (SELECT count(*) FROM certificates c WHERE c.attempt_id = l.attempt::uuid) = 1)
  WHEN 'register' THEN EXISTS (SELECT 1 FROM learner_contacts c WHERE c.value = l.email)
  WHEN 'progress' THEN EXISTS (SELECT 1 FROM lesson_progress p WHERE p.learner_id = l.learner::uuid AND p.course_id = l.course
                                AND p.lesson_id = l.lesson AND p.completed_at IS NOT NULL)
END;
SELECT count(*) FROM (SELECT attempt_id FROM certificates GROUP BY attempt_id HAVING count(*) > 1) d;
"""
    out = psql(args.db, None, stdin=script).rstrip("\n").split("\n")
    missing = json.loads(out[0]) if out and out[0] else None
    missing = missing or []
    duplicates = int(out[1]) if len(out) > 1 else -1
    last = max((e["t"] for e in acked), default=0)
    first_missing = min((m["t"] for m in missing), default=None)
    report = {"acknowledged": len(acked), "checked": index, "missing": len(missing),
              "missing_by_kind": {k: sum(1 for m in missing if m["kind"] == k) for k in sorted({m["kind"] for m in missing})},
              "lost_seconds": round(last - first_missing, 2) if first_missing else 0.0,
              "last_ack": last, "duplicate_certificates": duplicates}
    report["missing_writes"] = sorted(missing, key=lambda m: m["t"])[:20]
    print(json.dumps(report))
    return 0


def report(args):
    """The result table: one row per line of the results file (RESULT<TAB>what<TAB>detail)."""
    rows = [line.rstrip("\n").split("\t", 2) for line in open(args.results, encoding="utf-8") if line.strip()]
    rows = [row + [""] * (3 - len(row)) for row in rows]
    widths = [max(len(row[i]) for row in rows + [["result", "check", "detail"]]) for i in range(3)]
    line = lambda cells: "| " + " | ".join(c.ljust(w) for c, w in zip(cells, widths)) + " |"
    print(line(["result", "check", "detail"]))
    print("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    for row in rows:
        print(line(row))
    return 1 if any(row[0] == "FAIL" for row in rows) else 0


def main():
    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("load")
    p.add_argument("--base", required=True); p.add_argument("--db", required=True); p.add_argument("--ledger", required=True)
    p.add_argument("--first", type=int, required=True); p.add_argument("--count", type=int, required=True)
    p.add_argument("--stop-file"); p.add_argument("--certificates", type=int); p.add_argument("--seconds", type=float)
    p.add_argument("--threads", type=int, default=8); p.add_argument("--register-every", type=int, default=5)
    p = sub.add_parser("snapshot")
    p.add_argument("--base", required=True); p.add_argument("--db", required=True); p.add_argument("--admin-token", required=True)
    p.add_argument("--stats-base", help="a second server on the same database for the reach reads, so the "
                   "writers the locks hold back do not take every connection it needs")
    p.add_argument("--backup-time", required=True); p.add_argument("--sample", type=int, required=True); p.add_argument("--out", required=True)
    p = sub.add_parser("check")
    p.add_argument("--base"); p.add_argument("--db", required=True); p.add_argument("--admin-token")
    p.add_argument("--snapshot", required=True); p.add_argument("--sample", type=int, required=True); p.add_argument("--out", required=True)
    p.add_argument("--part", choices=["db", "http"], required=True)
    p = sub.add_parser("ledger")
    p.add_argument("--db", required=True); p.add_argument("--ledger", nargs="+", required=True); p.add_argument("--until", type=float)
    p = sub.add_parser("login")
    p.add_argument("--base", required=True); p.add_argument("--identifier", required=True); p.add_argument("--password", required=True)
    p = sub.add_parser("report")
    p.add_argument("--results", required=True)
    args = parser.parse_args()
    if args.command == "report":
        return report(args)
    if args.command == "load":
        return run_load(args)
    if args.command == "snapshot":
        return take_snapshot(args)
    if args.command == "check":
        return check_restored(args)
    if args.command == "ledger":
        return check_ledger(args)
    if args.command == "login":
        print(login(args.base, args.identifier, args.password))
        return 0


if __name__ == "__main__":
    sys.exit(main())
