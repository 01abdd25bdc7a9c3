"""The ledger checker: a load generator that records every request it makes, and a checker that
compares that record with the database after each fault.

Sixteen clients (threads, one keep-alive connection each) do real work through the API on
127.0.0.1, each as learners of its own (seeded by Faults/seed.sql, so no per-address throttle is
shared; every request also carries an `X-Forwarded-For` address of the client's own, which the
server trusts with TRUST_FORWARDED_FOR=true):

- a session takes a fresh learner, starts the certification exam, saves answers (each item gets
  one to three saves, every one with a value never saved to that item before, in a random
  interleaving of the items), and then submits with an `Idempotency-Key` with a passing answer
  set (so a certificate is issued), or a failing one, or abandons the attempt;
- around sessions: registrations (unique email, address of their own), enrollments and lesson
  progress.

Every request is recorded with its outcome:

- acknowledged: 2xx;
- refused: 4xx, 429 with `Retry-After`, 503 `service-unavailable` with `Retry-After`, or a
  connection that could not be opened (nothing was sent);
- unknown: a timeout, a reset, a 503 `request-interrupted`, or any other 5xx (the server may or
  may not have applied it).

A submit whose outcome is unknown is retried with the same key until it is answered; a
registration with the same body (201 or 409 both settle it). The checker then reads the database:

- lost: an acknowledged write that is not there: an item whose stored answer is neither the
  value of its last acknowledged save nor of a later save with an unknown outcome; an
  acknowledged submit whose attempt is not closed as submitted; an acknowledged registration,
  enrollment or lesson completion that is missing;
- duplicates: two answers for one attempt that differ (score or passed), more than one
  certificate or `certified` activity for one attempt, a registered identifier on more than one
  account, two attempts from one exam start race;
- impossible states: see `IMPOSSIBLE_SQL` (an attempt half closed, a grade that does not match
  its stored answers, an answer changed after grading, a pass without its certificate, ...);
- refused but applied: a save refused (4xx/503 service-unavailable) whose value is stored.

Used by Faults/faults.py; run alone it prints its help.
"""

import collections
import http.client
import itertools
import json
import random
import re
import secrets
import socket
import subprocess
import threading
import time
import unicodedata

EXAM_PROGRAM = "cyber-safety-certificate"
EXAM_PASS_MARK = 0.7
LEARNING_COURSE = "online-scams-vietnam"

# Words that must never reach a client in a 5xx answer: the server's internals.
INTERNALS = re.compile(
    r"PSQL|[Pp]ostgres|NIOCore|NIOPosix|\bNIO\b|Swift|\.swift\b|Error\(|errno|ECONN|sqlState|SQLSTATE|"
    r"connection (reset|refused|closed)|stack|backtrace|Fatal|Hummingbird",
)
PROBLEM_KEYS = {"type", "title", "status", "detail", "requestId", "errors", "instance"}


# --- the database -----------------------------------------------------------------------------

class Psql:
    """psql from Debian's postgresql package: one process per query, JSON out."""

    def __init__(self, url):
        self.url = url

    def run(self, sql, timeout=120):
        done = subprocess.run(["psql", self.url, "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-f", "-"],
                              input=sql, capture_output=True, text=True, timeout=timeout)
        if done.returncode != 0:
            raise RuntimeError(f"psql failed: {done.stderr.strip()}\n--- query:\n{sql[:2000]}")
        return done.stdout

    def json(self, sql, timeout=120):
        """Rows of `sql` as a list of dicts."""
        out = self.run(f"SELECT coalesce(json_agg(t), '[]'::json) FROM ({sql}) t;", timeout=timeout).strip()
        return json.loads(out) if out else []

    def value(self, sql, timeout=60):
        return self.run(sql + ";", timeout=timeout).strip()


def uuid_array(ids):
    return "ARRAY[" + ",".join(f"'{i}'" for i in ids) + "]::uuid[]" if ids else "ARRAY[]::uuid[]"


def text_array(values):
    return "ARRAY[" + ",".join("'" + v.replace("'", "''") + "'" for v in values) + "]::text[]" if values else "ARRAY[]::text[]"


# --- answers ------------------------------------------------------------------------------------

def short_normalize(text, ignore_tone_marks):
    """ShortAnswer.normalize, closely enough for the accepted answers of the shipped packs."""
    text = unicodedata.normalize("NFC", text).lower()
    if ignore_tone_marks:
        text = text.replace("đ", "d")
        text = "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))
    text = " ".join(text.split())
    surrounding = set(".,;:!?\"'“”‘’()")
    while text and text[0] in surrounding:
        text = text[1:]
    while text and text[-1] in surrounding:
        text = text[:-1]
    return unicodedata.normalize("NFC", text.strip())


def score_item(answer, key):
    """Scoring.score in Python: the points an answer earns against a key (as stored in
    content_items.body->'key'). None when it cannot say (an unexpected key shape)."""
    if answer is None:
        return 0.0
    kind = next(iter(key))
    value = key[kind]
    if kind == "single":
        return 1.0 if answer.get("optionIds") == [value["_0"]] else 0.0
    if kind == "trueFalse":
        return 1.0 if answer.get("optionIds") == ["true" if value["_0"] else "false"] else 0.0
    if kind == "multiple":
        chosen = answer.get("optionIds")
        if chosen is None or len(set(chosen)) != len(chosen):
            return 0.0
        right = set(value["_0"])
        hits, misses = len(set(chosen) & right), len(set(chosen) - right)
        return max(0.0, (hits - misses) / len(right))
    if kind == "ordering":
        right, given = value["_0"], answer.get("order")
        if given is None or len(given) != len(right) or set(given) != set(right):
            return 0.0
        position = {option: index for index, option in enumerate(given)}
        pairs = agreeing = 0
        for i in range(len(right)):
            for j in range(i + 1, len(right)):
                pairs += 1
                agreeing += position[right[i]] < position[right[j]]
        return 1.0 if pairs == 0 else agreeing / pairs
    if kind == "matching":
        right, given = value["_0"], answer.get("pairs")
        if not right or given is None:
            return 0.0
        return sum(1 for k, v in right.items() if given.get(k) == v) / len(right)
    if kind == "shortText":
        text = answer.get("text")
        if text is None:
            return 0.0
        typed = short_normalize(text, value.get("ignoreToneMarks", False))
        accepted = value.get("vi", []) + value.get("en", [])
        return 1.0 if typed and any(short_normalize(a, value.get("ignoreToneMarks", False)) == typed for a in accepted) else 0.0
    return None


def answer_values(item, key, count, correct_last, rng, nonce):
    """`count` answers for one presented item, all different from each other: the last is the key's
    answer when `correct_last`, else a wrong one. Fewer when the item has fewer distinct values."""
    kind = item["type"]
    options = [o["id"] for o in item.get("options", [])]
    matches = [m["id"] for m in item.get("matches", []) or []]
    right = None
    wrong = []
    keyed = key[next(iter(key))]
    if kind in ("single", "trueFalse"):
        if kind == "single":
            right = {"optionIds": [keyed["_0"]]}
        else:
            right = {"optionIds": ["true" if keyed["_0"] else "false"]}
        wrong = [{"optionIds": [o]} for o in options if [o] != right["optionIds"]]
    elif kind == "multiple":
        right = {"optionIds": [o for o in options if o in set(keyed["_0"])]}
        subsets = []
        for size in range(1, len(options) + 1):
            subsets += [list(c) for c in itertools.combinations(options, size)]
        wrong = [{"optionIds": s} for s in subsets if set(s) != set(keyed["_0"])]
    elif kind == "ordering":
        right = {"order": list(keyed["_0"])}
        perms = list(itertools.islice(itertools.permutations(options), 200))
        wrong = [{"order": list(p)} for p in perms if list(p) != keyed["_0"]]
    elif kind == "matching":
        right = {"pairs": dict(keyed["_0"])}
        left = [o for o in options]
        perms = list(itertools.islice(itertools.permutations(matches, len(left)), 200))
        wrong = [{"pairs": dict(zip(left, p))} for p in perms if dict(zip(left, p)) != keyed["_0"]]
    elif kind == "shortText":
        right = {"text": (keyed.get("vi") or keyed.get("en"))[0]}
        wrong = [{"text": f"sai {nonce} {n}"} for n in range(count)]
    rng.shuffle(wrong)
    if correct_last:
        return wrong[:count - 1] + [right]
    return wrong[:count]


# --- HTTP ---------------------------------------------------------------------------------------

class Answer:
    __slots__ = ("status", "headers", "body", "error", "sent", "seconds")

    def __init__(self, status=None, headers=None, body=b"", error=None, sent=True, seconds=0.0):
        self.status, self.headers, self.body, self.error, self.sent, self.seconds = status, headers or {}, body, error, sent, seconds

    def json(self):
        try:
            return json.loads(self.body)
        except ValueError:
            return None


class Connection:
    """One keep-alive connection to the server, opened again after any failure."""

    def __init__(self, port, timeout, address):
        self.port, self.timeout, self.address = port, timeout, address
        self.conn = None

    def close(self):
        if self.conn is not None:
            try:
                self.conn.close()
            except OSError:
                pass
        self.conn = None

    def request(self, method, path, token=None, body=None, headers=None, timeout=None, raw=None, content_type=None):
        started = time.monotonic()
        head = {"X-Forwarded-For": self.address, "Accept-Language": "en"}
        if token:
            head["Authorization"] = f"Bearer {token}"
        payload = None
        if raw is not None:
            payload = raw
            head["Content-Type"] = content_type or "application/octet-stream"
        elif body is not None:
            payload = json.dumps(body).encode()
            head["Content-Type"] = "application/json"
        head.update(headers or {})
        if self.conn is None:
            self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout or self.timeout)
            try:
                self.conn.connect()
            except OSError as error:
                self.close()
                return Answer(error=type(error).__name__, sent=False, seconds=time.monotonic() - started)
        try:
            self.conn.sock.settimeout(timeout or self.timeout)
            self.conn.request(method, path, body=payload, headers=head)
            response = self.conn.getresponse()
            data = response.read()
            answer = Answer(response.status, {k.lower(): v for k, v in response.getheaders()}, data, seconds=time.monotonic() - started)
            if response.getheader("connection", "").lower() == "close":
                self.close()
            return answer
        except (OSError, http.client.HTTPException) as error:
            self.close()
            kind = "timeout" if isinstance(error, (socket.timeout, TimeoutError)) else type(error).__name__
            return Answer(error=kind, sent=True, seconds=time.monotonic() - started)


def classify(answer):
    """(outcome, reason, problem type, Retry-After, violations) of one answer."""
    violations = []
    if answer.error is not None:
        if not answer.sent:
            return "refused", "unreachable", None, None, violations
        return "unknown", answer.error, None, None, violations
    status = answer.status
    retry_after = answer.headers.get("retry-after")
    problem_type = None
    if status >= 400:
        document = answer.json()
        if isinstance(document, dict):
            problem_type = document.get("type")
        if status >= 500:
            kind = answer.headers.get("content-type", "")
            if not kind.startswith("application/problem+json") or not isinstance(document, dict):
                violations.append(f"{status} is not a problem document")
            else:
                extra = set(document) - PROBLEM_KEYS
                text = " ".join(str(document.get(k, "")) for k in ("title", "detail", "type")) + " " + " ".join(sorted(extra))
                if extra or INTERNALS.search(text):
                    violations.append(f"{status} shows internals: {text[:200]}")
    if 200 <= status < 300:
        return "acknowledged", str(status), None, retry_after, violations
    if status == 503:
        if not retry_after:
            violations.append("503 without Retry-After")
        if problem_type and problem_type.endswith("request-interrupted"):
            return "unknown", "503 request-interrupted", problem_type, retry_after, violations
        if retry_after and problem_type and problem_type.endswith("service-unavailable"):
            return "refused", "503 service-unavailable", problem_type, retry_after, violations
        violations.append(f"503 of type {problem_type}")
        return "unknown", "503 other", problem_type, retry_after, violations
    if status == 429:
        if not retry_after:
            violations.append("429 without Retry-After")
        return "refused", "429", problem_type, retry_after, violations
    if 400 <= status < 500:
        return "refused", str(status), problem_type, retry_after, violations
    violations.append(f"answered {status}")
    return "unknown", str(status), problem_type, retry_after, violations


# --- the ledger ---------------------------------------------------------------------------------

class Ledger:
    """Every request of one fault, and what the writes among them should have left behind."""

    def __init__(self, fault):
        self.fault = fault
        self.lock = threading.Lock()
        self.records = []
        self.cycle = 0
        self.origin = time.monotonic()
        # (attempt, item) -> [(value, outcome)] in the order the one client owning it sent them
        self.saves = collections.defaultdict(list)
        self.attempts = {}  # attempt id -> {learner, submit: [(key, outcome, body)], passing}
        self.registrations = {}  # email -> [outcome]
        self.enrollments = {}  # (learner, course) -> [outcome]
        self.progress = {}  # (learner, course, lesson) -> [outcome]
        self.start_races = []  # (learner, [attempt ids answered])
        self.submit_races = []  # attempt ids

    def record(self, client, op, method, path, answer, ref=None):
        outcome, reason, problem_type, retry_after, violations = classify(answer)
        now = time.monotonic()
        entry = {
            "cycle": self.cycle, "client": client, "op": op, "method": method, "path": path,
            "status": answer.status, "outcome": outcome, "reason": reason, "type": problem_type,
            "retry_after": retry_after, "t0": round(now - answer.seconds - self.origin, 4), "t1": round(now - self.origin, 4),
            "seconds": round(answer.seconds, 4), "violations": violations, "ref": ref,
        }
        with self.lock:
            self.records.append(entry)
        return entry

    def counts(self, records=None):
        records = self.records if records is None else records
        out = collections.Counter(r["outcome"] for r in records)
        return {"requests": len(records), "acknowledged": out["acknowledged"], "refused": out["refused"], "unknown": out["unknown"]}


# --- the load -----------------------------------------------------------------------------------

class World:
    """What every client shares: the port, the learners still unused, the exam's keys."""

    def __init__(self, port, psql, timeout, run_tag, learners, admin_token, lessons, seed=1):
        self.port, self.psql, self.timeout, self.run_tag = port, psql, timeout, run_tag
        self.learners = collections.deque(learners)  # (learner_id, token)
        self.admin_token = admin_token
        self.lessons = lessons
        self.lock = threading.Lock()
        self.keys = {}
        self.seed = seed
        self.registration_serial = itertools.count(1)
        self.load_keys()

    def load_keys(self):
        rows = self.psql.json(
            f"SELECT DISTINCT ON (item_id) item_id, body->'key' AS key FROM content_items "
            f"WHERE course_id = '{EXAM_PROGRAM}' AND kind = 'question' ORDER BY item_id, item_version DESC")
        self.keys = {row["item_id"]: row["key"] for row in rows}

    def take_learner(self):
        with self.lock:
            if not self.learners:
                raise RuntimeError("the seeded learners are used up: seed more (--learners)")
            return self.learners.popleft()

    def left(self):
        with self.lock:
            return len(self.learners)


class Client(threading.Thread):
    """One of the sixteen: sessions until told to stop, then settles what it left unknown."""

    def __init__(self, world, ledger, index, stop, mix=None, settle_seconds=60.0):
        super().__init__(daemon=True, name=f"client-{index}")
        self.world, self.ledger, self.index, self.stop = world, ledger, index, stop
        self.address = f"10.{1 + index // 250}.{index % 250}.{random.randint(1, 250)}"
        self.http = Connection(world.port, world.timeout, self.address)
        self.rng = random.Random(world.seed * 1000 + index + int(time.time()))
        self.mix = mix or {}
        self.settle_seconds = settle_seconds
        self.failure = None

    def call(self, op, method, path, token=None, body=None, headers=None, ref=None):
        answer = self.http.request(method, path, token=token, body=body, headers=headers)
        entry = self.ledger.record(self.index, op, method, path, answer, ref)
        return answer, entry

    def pause_after(self, entry):
        """Waits as the answer asks (Retry-After), or a little after a failure, never long."""
        if entry["outcome"] == "acknowledged":
            return
        delay = 0.05
        if entry["retry_after"]:
            try:
                delay = min(1.0, float(entry["retry_after"]))
            except ValueError:
                pass
        elif entry["reason"] == "unreachable":
            delay = 0.1
        self.stop.wait(delay * (0.5 + self.rng.random()))

    def run(self):
        try:
            while not self.stop.is_set():
                self.session()
        except Exception as error:  # a bug in the generator, not an outcome: reported by the run
            import traceback
            self.failure = f"{error!r}\n{traceback.format_exc()}"

    # one learner's visit

    def session(self):
        learner_id, token = self.world.take_learner()
        roll = self.rng.random()
        if roll < self.mix.get("register", 0.08):
            self.register()
        if self.rng.random() < self.mix.get("learn", 0.3):
            self.learn(learner_id, token)
        if self.stop.is_set():
            return
        attempt = self.start_exam(learner_id, token)
        if attempt is None:
            return
        plan = self.rng.random()
        ending = "pass" if plan < 0.6 else "fail" if plan < 0.75 else "abandon"
        self.answer(attempt, token, ending)
        if ending != "abandon":
            self.submit(attempt, learner_id, token)

    def register(self):
        serial = next(self.world.registration_serial)
        email = f"reg-{self.world.run_tag}-{self.index}-{serial}@example.org"
        body = {"email": email, "password": "Faults-" + secrets.token_urlsafe(12), "displayName": f"Fault registrant {serial}",
                "locale": "vi", "ageConfirmed": "16+", "consents": [{"purpose": "terms", "version": "2026-11"}]}
        outcomes = self.ledger.registrations.setdefault(email, [])
        deadline = None
        while True:
            answer, entry = self.call("register", "POST", "/v1/auth/register", body=body, ref=email)
            outcomes.append((entry["outcome"], entry["status"]))
            if entry["outcome"] == "acknowledged" or entry["status"] in (409, 422):
                return
            if entry["outcome"] == "refused" and entry["reason"] != "unreachable" and not entry["retry_after"]:
                return
            # unknown (or refused for a while): the same body again settles it, 201 or 409
            if entry["outcome"] == "refused" and self.stop.is_set():
                return
            deadline = deadline or time.monotonic() + self.settle_seconds
            if time.monotonic() > deadline:
                return
            self.pause_after(entry)

    def learn(self, learner_id, token):
        answer, entry = self.call("enroll", "POST", f"/v1/courses/{LEARNING_COURSE}/enrollment", token=token,
                                  ref=[learner_id, LEARNING_COURSE])
        self.ledger.enrollments.setdefault((learner_id, LEARNING_COURSE), []).append(entry["outcome"])
        for lesson in self.rng.sample(self.world.lessons, min(2, len(self.world.lessons))):
            if self.stop.is_set():
                return
            answer, entry = self.call("progress", "PUT", f"/v1/courses/{LEARNING_COURSE}/lessons/{lesson}/progress", token=token,
                                      body={"status": "completed"}, ref=[learner_id, LEARNING_COURSE, lesson])
            self.ledger.progress.setdefault((learner_id, LEARNING_COURSE, lesson), []).append(entry["outcome"])

    def start_exam(self, learner_id, token):
        deadline = time.monotonic() + self.settle_seconds
        while True:
            answer, entry = self.call("start", "POST", f"/v1/certifications/{EXAM_PROGRAM}/attempts", token=token, ref=learner_id)
            if entry["outcome"] == "acknowledged":
                document = answer.json()
                attempt = {"id": document["id"], "learner": learner_id, "items": document["items"], "submits": [], "ending": None}
                with self.ledger.lock:
                    self.ledger.attempts[attempt["id"]] = attempt
                return attempt
            # A repeated start returns the attempt still open: starting again settles an unknown one.
            if self.stop.is_set() or time.monotonic() > deadline or (entry["outcome"] == "refused" and entry["status"] not in (429, 503, None)):
                return None
            self.pause_after(entry)

    def answer(self, attempt, token, ending, saves=3):
        sequences = []
        for item in attempt["items"]:
            key = self.world.keys.get(item["id"])
            if key is None:
                raise RuntimeError(f"no key for item {item['id']}")
            count = self.rng.randint(1, saves)
            values = answer_values(item, key, count, ending == "pass", self.rng, f"{self.world.run_tag}-{attempt['id'][:8]}-{self.rng.random()}")
            sequences.append([(item["id"], value, index == len(values) - 1) for index, value in enumerate(values)])
        attempt["ending"] = ending
        # A random interleaving that keeps each item's own order.
        order = [i for i, sequence in enumerate(sequences) for _ in sequence]
        self.rng.shuffle(order)
        cursor = [0] * len(sequences)
        for i in order:
            item_id, value, last = sequences[i][cursor[i]]
            cursor[i] += 1
            # The last answer of each item is retried until acknowledged, so a passing session passes.
            deadline = time.monotonic() + self.settle_seconds
            while True:
                if self.stop.is_set() and ending == "abandon":
                    return
                path = f"/v1/attempts/{attempt['id']}/answers/{item_id}"
                answer, entry = self.call("save", "PUT", path, token=token, body=value, ref=[attempt["id"], item_id])
                self.ledger.saves[(attempt["id"], item_id)].append((value, entry["outcome"], entry["status"]))
                if entry["outcome"] == "acknowledged" or not last or time.monotonic() > deadline:
                    break
                if entry["outcome"] == "refused" and entry["status"] not in (429, 503, None):
                    break
                self.pause_after(entry)
            if self.stop.is_set() and ending != "pass":
                # told to stop: a passing session still finishes (it has a certificate to earn)
                attempt["ending"] = "abandon"
                return

    def submit(self, attempt, learner_id, token):
        if attempt["ending"] == "abandon":
            return
        key = f"submit-{self.world.run_tag}-{attempt['id']}-{secrets.token_hex(4)}"
        deadline = time.monotonic() + self.settle_seconds
        while True:
            answer, entry = self.call("submit", "POST", f"/v1/attempts/{attempt['id']}/submit", token=token,
                                      headers={"Idempotency-Key": key}, ref=attempt["id"])
            body = answer.json() if entry["outcome"] == "acknowledged" else None
            attempt["submits"].append({"key": key, "outcome": entry["outcome"], "status": entry["status"],
                                       "score": body.get("score") if isinstance(body, dict) else None,
                                       "passed": body.get("passed") if isinstance(body, dict) else None})
            if entry["outcome"] == "acknowledged":
                return
            if entry["outcome"] == "refused" and entry["status"] not in (429, 503, None):
                return
            if time.monotonic() > deadline:
                return  # left unknown: the checker allows at most once
            # unknown, or refused for now: the same key again, until the answer is known
            self.pause_after(entry)


class Load:
    """The sixteen clients, started and stopped together."""

    def __init__(self, world, ledger, clients=16, mix=None):
        self.world, self.ledger = world, ledger
        self.stop = threading.Event()
        self.clients = [Client(world, ledger, i, self.stop, mix) for i in range(clients)]

    def start(self):
        for client in self.clients:
            client.start()
        return self

    def finish(self, timeout=120):
        """Stops the sessions; each client settles its unknown submits first (bounded)."""
        self.stop.set()
        deadline = time.monotonic() + timeout
        for client in self.clients:
            client.join(max(0.1, deadline - time.monotonic()))
        stuck = [c.name for c in self.clients if c.is_alive()]
        failures = [f"{c.name}: {c.failure}" for c in self.clients if c.failure]
        for client in self.clients:
            client.http.close()
        return stuck, failures


# --- the checker --------------------------------------------------------------------------------

# Attempts that no sequence of correct operations can leave behind. Each query returns one row per
# offending attempt, with a description.
IMPOSSIBLE_SQL = {
    "half closed": "SELECT attempt_id::text AS id FROM attempts WHERE (closed_at IS NULL) <> (close_reason IS NULL) "
                   "OR (closed_at IS NULL) <> (score IS NULL) OR (closed_at IS NULL) <> (passed IS NULL)",
    "pass mark": f"SELECT a.attempt_id::text AS id FROM attempts a WHERE a.quiz_id = 'certification-exam' "
                 f"AND a.closed_at IS NOT NULL AND a.passed <> (a.score + 1e-9 >= {EXAM_PASS_MARK})",
    "graded items": "SELECT a.attempt_id::text AS id FROM attempts a JOIN attempt_items i USING (learner_id, attempt_id) "
                    "GROUP BY a.attempt_id, a.closed_at, a.score HAVING "
                    "(a.closed_at IS NULL AND count(i.earned) > 0) OR (a.closed_at IS NOT NULL AND count(i.earned) <> count(*)) "
                    "OR (a.closed_at IS NOT NULL AND abs(coalesce(avg(coalesce(i.earned, 0)), 0) - a.score) > 1e-6)",
    "no items": "SELECT a.attempt_id::text AS id FROM attempts a WHERE NOT EXISTS "
                "(SELECT FROM attempt_items i WHERE i.learner_id = a.learner_id AND i.attempt_id = a.attempt_id)",
    "pass without certificate": "SELECT a.attempt_id::text AS id FROM attempts a WHERE a.quiz_id = 'certification-exam' AND a.passed "
                                "AND NOT EXISTS (SELECT FROM certificates c WHERE c.learner_id = a.learner_id AND c.attempt_id = a.attempt_id)",
    "certificate without pass": "SELECT c.attempt_id::text AS id FROM certificates c LEFT JOIN attempts a USING (learner_id, attempt_id) "
                                "WHERE a.passed IS NOT TRUE",
    "two open attempts": "SELECT min(attempt_id::text) AS id FROM attempts WHERE closed_at IS NULL GROUP BY learner_id, quiz_id HAVING count(*) > 1",
    "too many exam starts": "SELECT min(attempt_id::text) AS id FROM attempts WHERE quiz_id = 'certification-exam' "
                            "AND started_at > now() - interval '30 days' GROUP BY learner_id HAVING count(*) > 3",
}


# Worth knowing, not impossible: a save and a submit each take their time when the request
# starts, so a save that committed just before a racing submit graded it can carry a later time.
NOTE_SQL = {
    "answered_at after closed_at": "SELECT DISTINCT a.attempt_id::text AS id FROM attempts a JOIN attempt_items i USING (learner_id, attempt_id) "
                                   "WHERE a.closed_at IS NOT NULL AND i.answered_at > a.closed_at",
}


class Checker:
    def __init__(self, psql):
        self.psql = psql

    def check(self, ledger):
        """Compares the ledger with the database; returns counts and a sample of each problem."""
        problems = collections.defaultdict(list)
        self.check_saves(ledger, problems)
        self.check_attempts(ledger, problems)
        self.check_accounts(ledger, problems)
        self.check_impossible(problems, ledger.attempts.keys())
        lost = sum(len(problems[k]) for k in problems if k.startswith("lost"))
        duplicates = sum(len(problems[k]) for k in problems if k.startswith("duplicate"))
        impossible = sum(len(problems[k]) for k in problems if k.startswith("impossible"))
        other = sum(len(problems[k]) for k in problems if k.startswith("applied"))
        return {"lost": lost, "duplicates": duplicates, "impossible": impossible, "refused_applied": other,
                "problems": {k: v[:10] for k, v in problems.items()}, "problem_counts": {k: len(v) for k, v in problems.items()}}

    def check_saves(self, ledger, problems):
        attempts = sorted({a for a, _ in ledger.saves})
        stored = {}
        for chunk in range(0, len(attempts), 2000):
            ids = attempts[chunk:chunk + 2000]
            for row in self.psql.json(f"SELECT attempt_id::text AS a, question_id AS q, answer FROM attempt_items "
                                      f"WHERE attempt_id = ANY({uuid_array(ids)})"):
                stored[(row["a"], row["q"])] = row["answer"]
        for (attempt, item), sends in ledger.saves.items():
            actual = stored.get((attempt, item), "missing")
            acked = [i for i, (_, outcome, _) in enumerate(sends) if outcome == "acknowledged"]
            last_ack = acked[-1] if acked else -1
            allowed = [sends[last_ack][0]] if acked else [None]
            allowed += [value for value, outcome, _ in sends[last_ack + 1:] if outcome == "unknown"]
            if actual in allowed:
                continue
            refused = [value for value, outcome, _ in sends if outcome == "refused"]
            earlier_unknown = [value for value, outcome, _ in sends[:max(last_ack, 0)] if outcome == "unknown"]
            detail = {"attempt": attempt, "item": item, "stored": actual, "allowed": allowed,
                      "sends": [[o, s] for _, o, s in sends]}
            if actual in refused:
                problems["applied: refused save stored"].append(detail)
            elif acked:
                problems["lost: acknowledged save"].append(detail)
                if actual in earlier_unknown:
                    detail["note"] = "an earlier unknown save was applied after the later acknowledged one"
            else:
                problems["impossible: stored answer never sent"].append(detail)

    def check_attempts(self, ledger, problems):
        ids = list(ledger.attempts)
        rows = {}
        for chunk in range(0, len(ids), 2000):
            part = ids[chunk:chunk + 2000]
            for row in self.psql.json(
                    f"SELECT a.attempt_id::text AS id, a.closed_at IS NOT NULL AS closed, a.close_reason AS reason, a.score, a.passed, "
                    f"(SELECT count(*) FROM certificates c WHERE c.learner_id = a.learner_id AND c.attempt_id = a.attempt_id) AS certificates, "
                    f"(SELECT count(*) FROM idempotency_keys k WHERE lower(k.caller_id) = a.learner_id::text AND k.key LIKE 'submit-%' "
                    f"  AND k.key LIKE '%' || a.attempt_id::text || '%') AS keys "
                    f"FROM attempts a WHERE a.attempt_id = ANY({uuid_array(part)})"):
                rows[row["id"]] = row
        # one 'certified' activity per certificate, per learner
        learners = sorted({a["learner"] for a in ledger.attempts.values()})
        activity = {}
        for chunk in range(0, len(learners), 2000):
            part = learners[chunk:chunk + 2000]
            for row in self.psql.json(
                    f"SELECT l.learner_id::text AS learner, "
                    f"(SELECT count(*) FROM learner_activity v WHERE v.learner_id = l.learner_id AND v.kind = 'certified') AS certified, "
                    f"(SELECT count(*) FROM certificates c WHERE c.learner_id = l.learner_id) AS certificates, "
                    f"(SELECT count(*) FROM attempts a WHERE a.learner_id = l.learner_id AND a.quiz_id = 'certification-exam') AS attempts "
                    f"FROM learners l WHERE l.learner_id = ANY({uuid_array(part)})"):
                activity[row["learner"]] = row
        for attempt_id, attempt in ledger.attempts.items():
            row = rows.get(attempt_id)
            if row is None:
                problems["lost: acknowledged exam start"].append({"attempt": attempt_id})
                continue
            if row["certificates"] > 1:
                problems["duplicate: certificates for one attempt"].append(row)
            submits = attempt["submits"]
            acked = [s for s in submits if s["outcome"] == "acknowledged"]
            if acked:
                if not row["closed"] or row["reason"] != "submitted":
                    problems["lost: acknowledged submit"].append({"attempt": attempt_id, "row": row})
                grades = {(s["score"], s["passed"]) for s in acked}
                if len(grades) > 1 or any(not score_equal(score, row["score"]) or passed != row["passed"] for score, passed in grades):
                    problems["duplicate: different grades for one attempt"].append({"attempt": attempt_id, "answers": sorted(grades), "row": row})
                if row["keys"] != 1 and not any(s["key"] == "race" for s in submits):
                    problems["lost: idempotency key of an acknowledged submit"].append({"attempt": attempt_id, "keys": row["keys"]})
            elif not submits or all(s["outcome"] == "refused" and s["status"] not in (None,) for s in submits):
                # never submitted, or every submit refused: the attempt must still be open
                if submits and row["closed"]:
                    problems["applied: refused submit closed the attempt"].append({"attempt": attempt_id, "row": row})
                elif not submits and row["closed"]:
                    problems["impossible: closed without a submit"].append({"attempt": attempt_id, "row": row})
            # unknown submits that were never settled: at most once (the unique indexes make more impossible,
            # the checks above and below see the rest)
            if submits and row["keys"] > 1:
                problems["duplicate: idempotency keys for one attempt"].append({"attempt": attempt_id, "keys": row["keys"]})
        for learner, row in activity.items():
            if row["certified"] != row["certificates"]:
                problems["duplicate: certified activity and certificates differ"].append(row)

    def check_accounts(self, ledger, problems):
        emails = list(ledger.registrations)
        found = {}
        for chunk in range(0, len(emails), 2000):
            part = emails[chunk:chunk + 2000]
            for row in self.psql.json(f"SELECT value, count(*) AS n FROM learner_contacts WHERE purpose = 'sign-in' "
                                      f"AND value = ANY({text_array(part)}) GROUP BY value"):
                found[row["value"]] = row["n"]
        for email, outcomes in ledger.registrations.items():
            n = found.get(email, 0)
            if n > 1:
                problems["duplicate: accounts for one registration"].append({"email": email, "accounts": n})
            acked = any(o == "acknowledged" for o, _ in outcomes)
            settled_taken = any(s == 409 for _, s in outcomes) and any(o == "unknown" for o, _ in outcomes)
            if (acked or settled_taken) and n == 0:
                problems["lost: acknowledged registration"].append({"email": email, "outcomes": outcomes})
            if not acked and not any(o == "unknown" for o, _ in outcomes) and n > 0 and not any(s == 409 for _, s in outcomes):
                problems["applied: refused registration"].append({"email": email, "outcomes": outcomes})
        keys = [k for k, v in ledger.enrollments.items() if "acknowledged" in v]
        if keys:
            present = {(r["l"], r["c"]) for r in self.psql.json(
                f"SELECT learner_id::text AS l, course_id AS c FROM enrollments WHERE learner_id = ANY({uuid_array(sorted({k[0] for k in keys}))})")}
            for key in keys:
                if key not in present:
                    problems["lost: acknowledged enrollment"].append({"learner": key[0], "course": key[1]})
        keys = [k for k, v in ledger.progress.items() if "acknowledged" in v]
        if keys:
            present = {(r["l"], r["c"], r["s"]) for r in self.psql.json(
                f"SELECT learner_id::text AS l, course_id AS c, lesson_id AS s FROM lesson_progress WHERE completed_at IS NOT NULL "
                f"AND learner_id = ANY({uuid_array(sorted({k[0] for k in keys}))})")}
            for key in keys:
                if key not in present:
                    problems["lost: acknowledged lesson completion"].append({"learner": key[0], "lesson": key[2]})

    def check_impossible(self, problems, attempt_ids):
        # Every attempt in the database, in one round trip.
        parts = ", ".join(f"'{name}', (SELECT coalesce(json_agg(q.id), '[]'::json) FROM ({sql}) q)" for name, sql in IMPOSSIBLE_SQL.items())
        found = json.loads(self.psql.value(f"SELECT json_build_object({parts})"))
        for name, ids in found.items():
            for attempt in ids:
                problems[f"impossible: {name}"].append(attempt)
        # The ledger's attempts: grades must match the stored answers, item by item (Scoring in Python).
        ids = sorted(attempt_ids)
        if not hasattr(self, "keys"):
            self.keys = {}
            for row in self.psql.json("SELECT course_id AS c, item_id AS i, item_version AS v, body->'key' AS key FROM content_items "
                                      "WHERE kind = 'question' AND course_id = 'cyber-safety-certificate'"):
                self.keys[(row["c"], row["i"], row["v"])] = row["key"]
        for chunk in range(0, len(ids), 2000):
            part = uuid_array(ids[chunk:chunk + 2000])
            for name, sql in NOTE_SQL.items():
                for row in self.psql.json(sql + f" AND a.attempt_id = ANY({part})"):
                    problems[f"note: {name}"].append(row["id"])
            for row in self.psql.json(
                    "SELECT a.attempt_id::text AS id, a.course_id AS c, i.question_id AS q, i.question_version AS v, i.answer, i.earned "
                    "FROM attempts a JOIN attempt_items i USING (learner_id, attempt_id) "
                    f"WHERE a.closed_at IS NOT NULL AND a.attempt_id = ANY({part})", timeout=300):
                key = self.keys.get((row["c"], row["q"], row["v"]))
                if key is None:
                    continue
                expected = score_item(row["answer"], key)
                if expected is not None and row["earned"] is not None and abs(expected - row["earned"]) > 1e-6:
                    problems["impossible: grade does not match the stored answer"].append(
                        f"{row['id']} {row['q']}: earned {row['earned']}, stored answer scores {expected}")


def score_equal(a, b):
    return a is not None and b is not None and abs(a - b) < 1e-9


if __name__ == "__main__":
    print(__doc__)
    print("Run Faults/run: it starts PostgreSQL and the server and drives this module through Faults/faults.py.")
