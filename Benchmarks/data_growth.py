"""How many bytes a learner costs the database, table by table (Benchmarks/data-growth runs it).

    data_growth.py --base URL --db URL --server-pid PID --pgdata DIR --learners N [--threads T] --out FILE.json

Measures the tables' sizes (heap with TOAST, and indexes, after VACUUM ANALYZE), then has N new
learners each live a realistic history through the API, as a front would:

  learning     register (profile with the statistics consent, a device), complete every lesson of
               three courses (the certificate's prerequisite and two preparation courses) and one
               practice quiz in each;
  failed exam  a first certification exam, half of it answered wrong;
  exam day     sign in, read the programme, pass the exam (which issues the certificate), fetch
               the certificate and its signed credential;

each phase by every learner before the next begins, and measures again. The difference divided by N is the cost of one learner: in bytes stored, in
write-ahead log (what replicas and backups carry) and in the CPU time the server and PostgreSQL
spent on each phase. The right answers come
from the stored items, as the restore drill's load takes them; a wrong answer is one the scorer
marks wrong (another option, a flipped truth, a reversed order, rotated pairs, an unrelated text).
"""
import argparse
import json
import pathlib
import sys
import threading
import time

import processes

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent / "deploy" / "drill.d"))
from drill import PREREQUISITE, PROGRAMME, answer_for, psql, request  # noqa: E402

COURSES = [PREREQUISITE, "online-scams-vietnam", "first-smartphone"]
SIZES_SQL = """
SELECT coalesce(json_object_agg(name, json_build_object('table', heap, 'indexes', indexes, 'rows', live)), '{}')
FROM (SELECT coalesce(pg_partition_root(c.oid), c.oid)::regclass::text AS name, sum(pg_table_size(c.oid)) AS heap,
             sum(pg_indexes_size(c.oid)) AS indexes, sum(s.n_live_tup) AS live
      FROM pg_class c JOIN pg_stat_user_tables s ON s.relid = c.oid
      WHERE c.relkind = 'r' AND s.schemaname = 'public'
      GROUP BY 1) AS tables
"""


def sizes(db):
    psql(db, "VACUUM (ANALYZE)")
    return json.loads(psql(db, SIZES_SQL))


def wrong_answer(question, item):
    """An answer of the right shape that the scorer marks wrong."""
    right = answer_for(question)
    if "optionIds" in right:
        if item["type"] == "trueFalse":
            return {"optionIds": ["false" if right["optionIds"] == ["true"] else "true"]}
        others = [option["id"] for option in item["options"] if option["id"] not in right["optionIds"]]
        return {"optionIds": others[:1] if item["type"] == "single" else others}
    if "order" in right:
        return {"order": list(reversed(right["order"]))}
    if "pairs" in right:
        lefts = sorted(right["pairs"])
        values = [right["pairs"][left] for left in lefts]
        return {"pairs": dict(zip(lefts, values[1:] + values[:1]))}
    return {"text": "không biết"}


class History:
    """The learners' histories, phase by phase: every learner finishes a phase before the next begins,
    so that the CPU time measured around a phase is that phase's alone."""

    def __init__(self, args):
        self.args = args
        self.requests = 0
        self.lock = threading.Lock()
        self.questions = {}
        for line in psql(args.db, "SELECT DISTINCT ON (item_id) item_id, body FROM content_items "
                                  "WHERE kind = 'question' ORDER BY item_id, item_version DESC").splitlines():
            item, body = line.split("|", 1)
            self.questions[item] = json.loads(body)
        self.outlines = {course: self.ok("GET", f"/v1/courses/{course}", None, None, "10.0.0.1", 200)
                         for course in COURSES}
        self.province = self.ok("GET", "/v1/provinces", None, None, "10.0.0.1", 200)["items"][0]["code"]
        self.run = f"{int(time.time()) % 100000:05d}"
        self.tokens = {}

    def ok(self, method, path, body, token, address, expected):
        status, raw = request(self.args.base, method, path, body, token, {"X-Forwarded-For": address})
        with self.lock:
            self.requests += 1
        if status != expected:
            raise RuntimeError(f"{method} {path} answered {status}, not {expected}: {raw[:300]!r}")
        return json.loads(raw) if raw and raw[:1] in (b"{", b"[") else raw

    def quiz(self, start_path, token, address, wrong_every):
        attempt = self.ok("POST", start_path, None, token, address, 201)
        for index, item in enumerate(attempt["items"]):
            question = self.questions[item["id"]]
            answer = wrong_answer(question, item) if wrong_every and index % wrong_every == 0 else answer_for(question)
            self.ok("PUT", f"/v1/attempts/{attempt['id']}/answers/{item['id']}", answer, token, address, 200)
        return self.ok("POST", f"/v1/attempts/{attempt['id']}/submit", None, token, address, 200)

    @staticmethod
    def address(n):
        return f"10.{(n >> 16) & 255}.{(n >> 8) & 255}.{n & 255}"

    def learning(self, n):
        """Registers, completes every lesson of three courses and one practice quiz in each."""
        address = self.address(n)
        session = self.ok("POST", "/v1/auth/register", {
            "email": f"growth-{self.run}-{n}@example.org", "password": f"growth password {self.run} {n}",
            "displayName": f"Người học {n}", "locale": "vi", "birthYear": 1950 + n % 55,
            "province": self.province, "sex": ["female", "male"][n % 2], "groups": ["parent-or-carer"],
            "consents": [{"purpose": "terms", "version": "2026-11"}, {"purpose": "statistics", "version": "2026-11"}],
            "deviceKey": f"growth-device-{self.run}-{n:08d}"}, None, address, 201)
        token = session["accessToken"]
        for course in COURSES:
            outline = self.outlines[course]
            for lesson in outline["lessons"]:
                self.ok("PUT", f"/v1/courses/{course}/lessons/{lesson['id']}/progress", {"status": "completed"},
                        token, address, 200)
            self.quiz(f"/v1/quizzes/{outline['quizzes'][0]['id']}/attempts", token, address, 0)
        self.tokens[n] = token

    def failed_exam(self, n):
        """A first certification exam, half of it answered wrong."""
        result = self.quiz(f"/v1/certifications/{PROGRAMME}/attempts", self.tokens[n], self.address(n), 2)
        if result["passed"]:
            raise RuntimeError(f"learner {n}: an exam with half the answers wrong passed: {result}")

    def exam_day(self, n):
        """An exam-day candidate: signs in, sees the programme, passes the exam, fetches the credential."""
        address = self.address(n)
        token = self.ok("POST", "/v1/auth/login", {"identifier": f"growth-{self.run}-{n}@example.org",
                                                  "password": f"growth password {self.run} {n}"}, None, address, 200)["accessToken"]
        self.ok("GET", "/v1/certifications", None, token, address, 200)
        result = self.quiz(f"/v1/certifications/{PROGRAMME}/attempts", token, address, 0)
        if not result["passed"]:
            raise RuntimeError(f"learner {n}: an exam with every answer right failed: {result}")
        certificate = self.ok("GET", "/v1/me/certificates", None, token, address, 200)["items"][0]["id"]
        self.ok("GET", f"/v1/certificates/{certificate}/credential", None, None, address, 200)


PHASES = [("learning", History.learning), ("failed exam", History.failed_exam), ("exam day", History.exam_day)]


def wal_since(db, lsn):
    return int(psql(db, f"SELECT pg_wal_lsn_diff(pg_current_wal_insert_lsn(), '{lsn}')").strip().split(".")[0])


def run_phase(history, step, learners, threads):
    """Runs `step` for every learner on `threads` threads; returns its seconds, requests, bytes of
    write-ahead log and CPU seconds of the server and of PostgreSQL."""
    queue = list(range(1, learners + 1))
    failures = []
    lock = threading.Lock()

    def worker():
        while True:
            with lock:
                if not queue or failures:
                    return
                n = queue.pop()
            try:
                step(history, n)
            except Exception as error:  # one broken history stops the run: the figures would be wrong
                with lock:
                    failures.append(str(error))

    requests_before = history.requests
    wal_before = psql(history.args.db, "SELECT pg_current_wal_insert_lsn()").strip()
    cpu_before, started = processes.cpu_seconds(history.args.server_pid, history.args.pgdata), time.time()
    workers = [threading.Thread(target=worker) for _ in range(threads)]
    for thread in workers:
        thread.start()
    for thread in workers:
        thread.join()
    if failures:
        raise RuntimeError(failures[0])
    cpu_after = processes.cpu_seconds(history.args.server_pid, history.args.pgdata)
    return {"seconds": round(time.time() - started, 1), "requests": history.requests - requests_before,
            "wal_bytes": wal_since(history.args.db, wal_before),
            "cpu_seconds": {"server": round(cpu_after[0] - cpu_before[0], 2),
                            "postgres": round(cpu_after[1] - cpu_before[1], 2)}}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--base", required=True)
    parser.add_argument("--db", required=True)
    parser.add_argument("--server-pid", type=int, required=True)
    parser.add_argument("--pgdata", required=True)
    parser.add_argument("--learners", type=int, required=True)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--out", required=True)
    args = parser.parse_args()

    history = History(args)
    before = sizes(args.db)
    phases = {}
    for name, step in PHASES:
        try:
            phases[name] = run_phase(history, step, args.learners, args.threads)
        except RuntimeError as error:
            print(f"data-growth: a learner's history failed in the {name} phase: {error}", file=sys.stderr)
            return 1
    after = sizes(args.db)
    tables = {}
    for name, now in after.items():
        was = before.get(name, {"table": 0, "indexes": 0, "rows": 0})
        grown = {key: now[key] - was[key] for key in ("table", "indexes", "rows")}
        if grown["rows"] > 0 or grown["table"] + grown["indexes"] > 0:
            tables[name] = grown
    result = {"learners": args.learners, "phases": phases, "tables": tables}
    pathlib.Path(args.out).write_text(json.dumps(result, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
