"""The faults of issue 18, each under the ledger checker's load, each with its pass rule.

Started by Faults/run, which owns PostgreSQL's first start, the keys and the settings; this
module starts, kills and restarts the server and PostgreSQL itself, since that is what the faults
are. See Faults/README.md for what each fault does and its pass rule.
"""

import argparse
import collections
import datetime
import hashlib
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)
import ledger as L  # noqa: E402

FAULTS = ["server-crash", "database-crash", "database-freeze", "pool-exhaustion", "graceful-stop", "import-crash", "races"]
COUNTS = {
    "ci": {"server-crash": 10, "database-crash": 5, "database-freeze": 2, "pool-exhaustion": 30, "graceful-stop": 3,
           "import-crash": 3, "races": 50},
    "full": {"server-crash": 100, "database-crash": 50, "database-freeze": 20, "pool-exhaustion": 300, "graceful-stop": 20,
             "import-crash": 20, "races": 1000},
}
FREEZE_SECONDS = 15
READY_WITHIN = 10.0          # server crash: ready again within 10 s
THAW_SERVICE_WITHIN = 5.0    # database freeze: full service within 5 s of thaw
REFUSE_WITHIN = 3.0          # pool exhaustion: excess answered 503 within 3 s
IMPORT_COURSE = "fault-import-course"


def log(message):
    print(f"[{datetime.datetime.now().strftime('%H:%M:%S')}] {message}", flush=True)


def bash_lib(command, *args):
    """Runs `command` with deploy/lib.sh's functions (pg_start, as_pg_user...); `args` are its "$@"."""
    return subprocess.run(["bash", "-c", f'set -e; source "{ROOT}/deploy/lib.sh"; {command}', "lib", *map(str, args)],
                          capture_output=True, text=True)


# --- PostgreSQL and the server ------------------------------------------------------------------

class Postgres:
    def __init__(self, data, port, settings):
        self.data, self.port, self.settings = data, port, settings

    def start(self):
        done = bash_lib('pg_start "$@"', self.data, self.port, *self.settings)
        if done.returncode != 0:
            raise RuntimeError(f"pg_start failed: {done.stderr}")

    def crash(self):
        """pg_ctl stop -m immediate: no checkpoint, recovery from the WAL at the next start."""
        done = bash_lib('as_pg_user "$(pg_bindir)/pg_ctl" --pgdata="$1" --mode=immediate --wait stop', self.data)
        if done.returncode != 0:
            raise RuntimeError(f"pg_ctl stop -m immediate failed: {done.stderr}")

    def pids(self):
        with open(os.path.join(self.data, "postmaster.pid")) as file:
            postmaster = int(file.readline())
        children = []
        for entry in os.listdir("/proc"):
            if entry.isdigit():
                try:
                    with open(f"/proc/{entry}/stat") as file:
                        if int(file.read().rsplit(")", 1)[1].split()[1]) == postmaster:
                            children.append(int(entry))
                except (OSError, ValueError, IndexError):
                    pass
        return postmaster, children

    def freeze(self):
        postmaster, children = self.pids()
        os.kill(postmaster, signal.SIGSTOP)  # first, so it starts no new backend meanwhile
        postmaster, children = self.pids()
        for pid in children:
            try:
                os.kill(pid, signal.SIGSTOP)
            except ProcessLookupError:
                pass
        return [postmaster] + children

    @staticmethod
    def thaw(pids):
        for pid in reversed(pids):
            try:
                os.kill(pid, signal.SIGCONT)
            except ProcessLookupError:
                pass


class Server:
    def __init__(self, binary, env, log_path):
        self.binary, self.env, self.log_path = binary, env, log_path
        self.process = None
        self.starts = 0

    def start(self):
        self.starts += 1
        out = open(self.log_path, "a")
        out.write(f"\n--- start {self.starts} at {datetime.datetime.now().isoformat()}\n")
        out.flush()
        self.process = subprocess.Popen([self.binary, "serve"], env=self.env, stdout=out, stderr=subprocess.STDOUT)
        out.close()
        # Faults/run kills what is left of these on its way out.
        with open(os.path.join(os.path.dirname(self.log_path), "server.pids"), "a") as pids:
            pids.write(f"{self.process.pid}\n")
        return self.process.pid

    def alive(self):
        return self.process is not None and self.process.poll() is None

    def signal(self, number):
        if self.alive():
            self.process.send_signal(number)

    def kill9(self):
        if self.alive():
            self.process.kill()
            self.process.wait()

    def wait_exit(self, timeout):
        try:
            return self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            return None

    def stop(self, timeout=40):
        if self.alive():
            self.process.terminate()
            if self.wait_exit(timeout) is None:
                self.kill9()


def probe(port, path="/health/ready", timeout=3.0):
    """One request on a fresh connection: (status, headers, body, seconds) or (None, error, b'', seconds)."""
    conn = L.Connection(port, timeout, "127.0.0.1")
    answer = conn.request("GET", path, timeout=timeout)
    conn.close()
    return answer


def wait_ready(port, limit, server=None, observed=None):
    """Seconds until /health/ready answers 200, or None after `limit`; every answer seen goes to `observed`."""
    started = time.monotonic()
    while time.monotonic() - started < limit:
        answer = probe(port, timeout=min(3.0, limit))
        if observed is not None:
            observed.append(answer)
        if answer.status == 200:
            return time.monotonic() - started
        if server is not None and not server.alive():
            return None
        time.sleep(0.05)
    return None


# --- the suite ----------------------------------------------------------------------------------

class Suite:
    def __init__(self, args):
        self.args = args
        self.counts = dict(COUNTS[args.mode])
        self.port = args.port
        self.psql = L.Psql(args.database_url)
        self.request_timeout = float(os.environ.get("REQUEST_TIMEOUT", "10"))
        self.admission_wait = float(os.environ.get("ADMISSION_WAIT", "2"))
        self.drain_timeout = float(os.environ.get("DRAIN_TIMEOUT", "30"))
        self.postgres = Postgres(args.pg_data, args.pg_port, args.pg_setting)
        self.server = Server(args.binary, dict(os.environ), os.path.join(args.work, "server.log"))
        self.rng = random.Random(args.seed)
        self.checker = L.Checker(self.psql)
        self.results = []
        self.run_tag = f"r{int(time.time())}"
        # A client waits longer than the server's own timeout, so a request that hangs past it is seen.
        self.client_timeout = self.request_timeout + 5

    # set-up shared by the faults

    def prepare(self):
        rows = self.psql.json("SELECT learner_id::text AS id, token, admin FROM faults.learners ORDER BY n")
        self.admin_token = next(r["token"] for r in rows if r["admin"])
        self.learners = [(r["id"], r["token"]) for r in rows if not r["admin"]]
        self.start_server()
        # The server answering on the port is this suite's (another one may hold a port it chose).
        with open(os.environ["SIGNING_KEY_FILE"]) as file:
            kid = json.load(file)["kid"]
        with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/.well-known/jwks.json") as response:
            if kid not in response.read().decode():
                raise RuntimeError(f"the server on port {self.port} is not this suite's (its keys do not include {kid})")
        # The catalog is loaded just after start (ready does not wait for it): ask until it answers.
        for attempt in range(100):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/v1/courses/{L.LEARNING_COURSE}") as response:
                    self.lessons = [lesson["id"] for lesson in json.loads(response.read())["lessons"]]
                break
            except urllib.error.HTTPError:
                if attempt == 99:
                    raise
                time.sleep(0.1)
        self.world = L.World(self.port, self.psql, self.client_timeout, self.run_tag, self.learners, self.admin_token, self.lessons,
                             seed=self.args.seed)

    def start_server(self, limit=60):
        self.server.start()
        seconds = wait_ready(self.port, limit, self.server)
        if seconds is None:
            raise RuntimeError(f"the server did not become ready within {limit} s (see {self.server.log_path})")
        return seconds

    def ensure_server(self):
        if not self.server.alive():
            self.start_server()
        elif wait_ready(self.port, 30) is None:
            raise RuntimeError("the server is running but not ready")

    def under_load(self, fault, cycle, action, clients=16, mix=None):
        """Runs `action(ledger)` while the sixteen clients work, then stops them and checks."""
        ledger = L.Ledger(fault)
        ledger.cycle = cycle
        load = L.Load(self.world, ledger, clients=clients, mix=mix).start()
        try:
            info = action(ledger)
        finally:
            stuck, failures = load.finish(timeout=self.client_timeout * 3 + 60)
        if failures:
            raise RuntimeError("a load client failed:\n" + "\n".join(failures))
        if stuck:
            info["stuck_clients"] = stuck
        started = time.monotonic()
        check = self.checker.check(ledger)
        info["check_seconds"] = round(time.monotonic() - started, 2)
        return ledger, info, check

    def violations(self, records):
        out = collections.Counter()
        for record in records:
            for violation in record["violations"]:
                out[violation.split(":")[0]] += 1
        return dict(out)

    # --- the faults ------------------------------------------------------------------------------

    def server_crash(self, cycles):
        out = []
        for cycle in range(cycles):
            self.ensure_server()

            def action(ledger):
                time.sleep(self.rng.uniform(0.3, 2.5))
                self.server.kill9()
                killed = time.monotonic()
                self.server.start()
                ready = wait_ready(self.port, 30, self.server)
                ready = None if ready is None else time.monotonic() - killed
                time.sleep(0.5)
                return {"ready_seconds": ready}

            out.append(self.cycle_result("server-crash", cycle, *self.under_load("server-crash", cycle, action)))
        return self.summarise("server-crash", out, lambda r: [
            ("0 acknowledged writes lost", r["lost"] == 0),
            ("0 duplicates", r["duplicates"] == 0),
            ("0 impossible states", r["impossible"] == 0),
            (f"ready again within {READY_WITHIN:g} s", r["max_ready"] is not None and r["max_ready"] <= READY_WITHIN),
        ])

    def database_crash(self, cycles):
        out = []
        for cycle in range(cycles):
            self.ensure_server()
            pid = self.server.process.pid

            def action(ledger):
                time.sleep(self.rng.uniform(0.3, 2.0))
                self.postgres.crash()
                crashed = time.monotonic()
                seen = []
                # Meanwhile: /health/ready says 503 (with Retry-After), as do the load's requests.
                while time.monotonic() - crashed < 2.5:
                    seen.append(probe(self.port, timeout=self.request_timeout + 2))
                    time.sleep(0.2)
                self.postgres.start()
                started = time.monotonic()
                ready = wait_ready(self.port, 60, self.server, observed=seen)
                back = time.monotonic() - crashed
                time.sleep(1.5)
                statuses = [a.status for a in seen]
                bad = []
                for answer in seen:
                    if answer.status != 200:
                        outcome, reason, _, _, violations = L.classify(answer)
                        if answer.status != 503 or violations:
                            bad.append(f"{answer.status} {answer.error or ''} {violations}")
                first_ok = statuses.index(200) if 200 in statuses else None
                return {"ready_seconds": ready, "ready_after_crash_seconds": None if ready is None else round(back, 2),
                        "ready_503_then_200": first_ok is not None and first_ok > 0 and all(s == 503 for s in statuses[:first_ok]),
                        "ready_answers": dict(collections.Counter(str(s) for s in statuses)), "ready_bad": bad[:5],
                        "same_server": self.server.alive() and self.server.process.pid == pid}

            out.append(self.cycle_result("database-crash", cycle, *self.under_load("database-crash", cycle, action)))
        return self.summarise("database-crash", out, lambda r: [
            ("0 acknowledged writes lost", r["lost"] == 0),
            ("0 duplicates", r["duplicates"] == 0),
            ("0 impossible states", r["impossible"] == 0),
            ("every 5xx a 503 problem document with Retry-After, no internals", not r["violations"]),
            ("/health/ready 503 then 200", all(c["ready_503_then_200"] for c in r["cycles"])),
            ("reconnected without a restart", all(c["same_server"] and c["ready_seconds"] is not None for c in r["cycles"])),
        ])

    def database_freeze(self, cycles):
        out = []
        for cycle in range(cycles):
            self.ensure_server()
            probe_learner = self.world.take_learner()

            def action(ledger):
                time.sleep(self.rng.uniform(0.5, 1.5))
                frozen = self.postgres.freeze()
                freeze_at = time.monotonic() - ledger.origin
                seen = []
                try:
                    end = time.monotonic() + FREEZE_SECONDS
                    while time.monotonic() < end:
                        seen.append(probe(self.port, timeout=self.request_timeout + 2))
                        time.sleep(0.5)
                finally:
                    self.postgres.thaw(frozen)
                thaw_at = time.monotonic() - ledger.origin
                # Full service: readiness and a real write both answer.
                service = None
                started = time.monotonic()
                while time.monotonic() - started < 30:
                    ready = probe(self.port, timeout=self.request_timeout + 2)
                    if ready.status == 200:
                        conn = L.Connection(self.port, self.request_timeout + 2, "10.250.0.1")
                        write = conn.request("PUT", f"/v1/courses/{L.LEARNING_COURSE}/lessons/{self.lessons[0]}/progress",
                                             token=probe_learner[1], body={"status": "opened"})
                        conn.close()
                        if write.status == 200:
                            service = time.monotonic() - started
                            break
                    time.sleep(0.1)
                time.sleep(1.0)
                probe_bad = [f"{a.status} {a.error or ''}" for a in seen
                             if a.status != 503 or L.classify(a)[4] or not a.headers.get("retry-after")]
                probe_slow = max((a.seconds for a in seen), default=0)
                return {"freeze_at": freeze_at, "thaw_at": thaw_at, "full_service_seconds": service,
                        "ready_probe_bad": probe_bad[:5], "ready_probe_max_seconds": round(probe_slow, 2)}

            ledger, info, check = self.under_load("database-freeze", cycle, action)
            frozen = [r for r in ledger.records if info["freeze_at"] + self.admission_wait + 0.5 < r["t1"] < info["thaw_at"]]
            info["answers_while_frozen"] = dict(collections.Counter(f"{r['status']} {r['reason']}" for r in frozen))
            info["503_with_retry_after_while_frozen"] = sum(1 for r in frozen if r["status"] == 503 and r["retry_after"])
            info["non_503_answers_while_frozen"] = sum(1 for r in frozen if r["status"] is not None and r["status"] != 503)
            info["max_request_seconds"] = max((r["seconds"] for r in ledger.records), default=0)
            out.append(self.cycle_result("database-freeze", cycle, ledger, info, check))
        limit = self.request_timeout + 1
        return self.summarise("database-freeze", out, lambda r: [
            ("0 acknowledged writes lost", r["lost"] == 0),
            ("0 duplicates", r["duplicates"] == 0),
            ("0 impossible states", r["impossible"] == 0),
            (f"no request hangs past REQUEST_TIMEOUT + 1 s ({limit:g} s)",
             all(c["max_request_seconds"] <= limit and c["ready_probe_max_seconds"] <= limit for c in r["cycles"])),
            ("answers 503 with Retry-After while frozen",
             all(c["503_with_retry_after_while_frozen"] > 0 and not c["ready_probe_bad"] for c in r["cycles"]) and not r["violations"]),
            (f"full service within {THAW_SERVICE_WITHIN:g} s of thaw",
             all(c["full_service_seconds"] is not None and c["full_service_seconds"] <= THAW_SERVICE_WITHIN for c in r["cycles"])),
        ])

    def pool_exhaustion(self, seconds):
        """Slow statistics reads beside the sixteen clients' saves, for `seconds`."""
        self.ensure_server()
        # Reads over many people not yet rolled up: the slow statistics of the issue.
        self.seed_reach_data(300000 if self.args.mode == "full" else 100000)
        readers = int(os.environ.get("FAULTS_SLOW_READERS", "64"))
        reads_file = os.path.join(self.args.work, "slow-reads.jsonl")
        # The readers run in a process of their own, so their threads do not slow the sixteen
        # clients' timing (one interpreter lock each).
        reader_process = []

        def action(ledger):
            process = subprocess.Popen([sys.executable, os.path.join(HERE, "faults.py"), "--slow-reader", reads_file,
                                        "--port", str(self.port), "--readers", str(readers), "--seconds", str(seconds),
                                        "--token", self.admin_token, "--timeout", str(self.client_timeout)])
            reader_process.append(process)
            try:
                process.wait(seconds + self.client_timeout + 30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
            # No deadlock: with the readers gone, a write answers promptly.
            started = time.monotonic()
            recovered = None
            probe_learner = self.world.take_learner()
            while time.monotonic() - started < 30:
                conn = L.Connection(self.port, self.client_timeout, "10.250.0.2")
                write = conn.request("PUT", f"/v1/courses/{L.LEARNING_COURSE}/lessons/{self.lessons[0]}/progress",
                                     token=probe_learner[1], body={"status": "opened"})
                conn.close()
                if write.status == 200:
                    recovered = time.monotonic() - started
                    break
                time.sleep(0.1)
            return {"recovered_seconds": recovered, "stuck_readers": int(reader_process[0].returncode != 0)}

        ledger, info, check = self.under_load("pool-exhaustion", 0, action)
        with open(reads_file) as file:
            reads = [json.loads(line) for line in file]
        saves = [r for r in ledger.records if r["op"] == "save"]
        save_seconds = sorted(r["seconds"] for r in saves)
        refused = [r for r in ledger.records if r["status"] == 503] + [r for r in reads if r["status"] == 503]
        # Progress: saves acknowledged in every 5-second window of the fault.
        windows = collections.Counter(int(r["t1"] // 5) for r in saves if r["outcome"] == "acknowledged")
        last_window = int(seconds // 5)
        starved = [w for w in range(last_window) if windows[w] == 0]
        info.update({
            "slow_readers": readers, "reads": len(reads), "reads_by_status": dict(collections.Counter(str(r["status"]) for r in reads)),
            "read_p50_seconds": round(percentile([r["seconds"] for r in reads], 50), 3),
            "refused_503": len(refused), "max_503_seconds": round(max((r["seconds"] for r in refused), default=0), 3),
            "503_without_retry_after": sum(1 for r in refused if not r["retry_after"]),
            "saves": len(saves), "saves_acknowledged": sum(1 for r in saves if r["outcome"] == "acknowledged"),
            "save_p50_seconds": round(percentile(save_seconds, 50), 3), "save_p99_seconds": round(percentile(save_seconds, 99), 3),
            "windows_without_an_acknowledged_save": starved,
            "read_violations": self.violations(reads),
        })
        result = self.cycle_result("pool-exhaustion", 0, ledger, info, check)
        result["requests"] += len(reads)
        result["acknowledged"] += sum(1 for r in reads if r["outcome"] == "acknowledged")
        result["refused"] += sum(1 for r in reads if r["outcome"] == "refused")
        result["unknown"] += sum(1 for r in reads if r["outcome"] == "unknown")
        bound = REFUSE_WITHIN
        return self.summarise("pool-exhaustion", [result], lambda r: [
            ("0 acknowledged writes lost", r["lost"] == 0),
            ("0 duplicates", r["duplicates"] == 0),
            ("0 impossible states", r["impossible"] == 0),
            ("the pool was exhausted (some requests answered 503)", info["refused_503"] > 0),
            (f"excess answered 503 with Retry-After within {bound:g} s",
             info["max_503_seconds"] <= bound and info["503_without_retry_after"] == 0 and not r["violations"] and not info["read_violations"]),
            ("no deadlock (saves acknowledged in every 5 s window; a write answers once the readers stop)",
             not starved and info["recovered_seconds"] is not None and info["recovered_seconds"] <= 5 and not info["stuck_readers"]),
            (f"saves keep a bounded p99 (at most {bound:g} s)", info["save_p99_seconds"] <= bound),
        ], unit="s")

    def graceful_stop(self, cycles):
        out = []
        # Slow statistics reads make sure some requests are in flight at the signal.
        self.seed_reach_data(300000 if self.args.mode == "full" else 100000)
        for cycle in range(cycles):
            self.ensure_server()

            def slow_read(ledger, index):
                conn = L.Connection(self.port, self.client_timeout, f"10.204.0.{index}")
                path = ["/v1/stats/reach?groupBy=province,group", "/v1/stats/items"][index % 2]
                ledger.record(500 + index, "slow-read", "GET", path, conn.request("GET", path, token=self.admin_token))
                conn.close()

            def action(ledger):
                time.sleep(self.rng.uniform(0.5, 2.5))
                readers = [threading.Thread(target=slow_read, args=(ledger, i)) for i in range(4)]
                for reader in readers:
                    reader.start()
                time.sleep(0.3)
                term_at = time.monotonic() - ledger.origin
                self.server.signal(signal.SIGTERM)
                started = time.monotonic()
                code = self.server.wait_exit(self.drain_timeout + 5)
                exit_seconds = time.monotonic() - started if code is not None else None
                if code is None:
                    self.server.kill9()
                for reader in readers:
                    reader.join(self.client_timeout + 5)
                self.server.start()
                ready = wait_ready(self.port, 60, self.server)
                time.sleep(1.0)
                return {"term_at": term_at, "exit_seconds": exit_seconds, "exit_code": code, "ready_seconds": ready}

            ledger, info, check = self.under_load("graceful-stop", cycle, action)
            # In flight at SIGTERM: sent at least 50 ms before it, not yet answered.
            in_flight = [r for r in ledger.records if r["t0"] < info["term_at"] - 0.05 and r["t1"] > info["term_at"]]
            info["in_flight"] = len(in_flight)
            info["in_flight_unanswered"] = [f"{r['op']} {r['reason']}" for r in in_flight if r["status"] is None][:10]
            info["in_flight_answers"] = dict(collections.Counter(f"{r['op']} {r['status']}" for r in in_flight))
            out.append(self.cycle_result("graceful-stop", cycle, ledger, info, check))
        return self.summarise("graceful-stop", out, lambda r: [
            ("0 acknowledged writes lost", r["lost"] == 0),
            ("0 duplicates", r["duplicates"] == 0),
            ("0 impossible states", r["impossible"] == 0),
            ("in-flight requests finish (answered)", all(c["in_flight"] > 0 and not c["in_flight_unanswered"] for c in r["cycles"])),
            (f"exit within the drain timeout ({self.drain_timeout:g} s), status 0",
             all(c["exit_seconds"] is not None and c["exit_seconds"] <= self.drain_timeout and c["exit_code"] == 0 for c in r["cycles"])),
        ])

    def import_crash(self, cycles):
        self.ensure_server()
        packs = os.path.join(self.args.work, "packs")
        # The first version, imported whole, and how long an import takes.
        first = self.make_pack(packs, 0)
        started = time.monotonic()
        done = subprocess.run([self.args.binary, "courses", "import", first], capture_output=True, text=True, env=self.cli_env())
        whole = time.monotonic() - started
        if done.returncode != 0:
            raise RuntimeError(f"the large pack does not import: {done.stdout}\n{done.stderr}")
        log(f"  import crash: a whole import of the large pack takes {whole:.1f} s")
        out = []
        for cycle in range(1, cycles + 1):
            self.ensure_server()
            before = self.live_import_version()
            pack = self.make_pack(packs, cycle)

            def action(ledger):
                kill_after = self.rng.uniform(0.1, 0.9) * whole
                process = subprocess.Popen([self.args.binary, "courses", "import", pack], stdout=subprocess.DEVNULL,
                                           stderr=subprocess.DEVNULL, env=self.cli_env())
                time.sleep(kill_after)
                finished = process.poll() is not None
                process.kill()
                process.wait()
                time.sleep(0.5)
                return {"kill_after_seconds": round(kill_after, 2), "finished_before_kill": finished}

            ledger, info, check = self.under_load("import-crash", cycle, action, clients=8)
            after = self.live_import_version()
            consistency = self.import_consistency()
            info.update({"before": before, "after": after, "inconsistent": consistency})
            info["outcome"] = "new" if after["marker"] == cycle else "old" if after["marker"] == before["marker"] else "other"
            shutil.rmtree(pack, ignore_errors=True)
            out.append(self.cycle_result("import-crash", cycle - 1, ledger, info, check))
        # What the API serves agrees with the database (the catalog refreshes every 10 s).
        time.sleep(11)
        served = self.served_import_marker()
        live = self.live_import_version()
        api_ok = served == live["marker"]
        return self.summarise("import-crash", out, lambda r: [
            ("0 acknowledged writes lost", r["lost"] == 0),
            ("0 duplicates", r["duplicates"] == 0),
            ("0 impossible states", r["impossible"] == 0),
            ("the catalog is the old or the new version, never a mix",
             all(c["outcome"] in ("old", "new") and not c["inconsistent"] for c in r["cycles"]) and api_ok),
        ], extra={"api_marker": served, "db_marker": live["marker"]})

    def races(self, cycles):
        self.ensure_server()
        # Few enough that a roll-up rebuild takes about a second on the debug binary.
        self.seed_reach_data(5000)
        reference = self.rollup_reference()
        out = []
        # Parallel roll-ups in 3 cycles (CI) or one in twenty (full): each costs a rebuild.
        every = max(1, cycles // 3) if self.args.mode == "ci" else 20
        # The database is checked once per ten cycles, over their ledger together.
        ledger, infos = None, []
        for cycle in range(cycles):
            if ledger is None:
                ledger, infos = L.Ledger("races"), []
            ledger.cycle = cycle
            infos.append(self.race_cycle(cycle, ledger, reference if cycle % every == every - 1 else None))
            if len(infos) == 10 or cycle == cycles - 1:
                info = {
                    "cycles": [infos[0]["cycle"], cycle], "submit_grades": max(i["submit_grades"] for i in infos),
                    "submit_answers": dict(sum((collections.Counter(i["submit_answers"]) for i in infos), collections.Counter())),
                    "race_saves": dict(sum((collections.Counter(i["race_saves"]) for i in infos), collections.Counter())),
                    "start_attempts": sorted({i["start_attempts"] for i in infos}), "start_ids": sorted({i["start_ids"] for i in infos}),
                    "rollup_identical": all(i.get("rollup_identical", True) for i in infos),
                    "rollups": [{k: v for k, v in i.items() if k.startswith("rollup")} for i in infos if "rollups" in i],
                }
                out.append(self.cycle_result("races", cycle, ledger, info, self.checker.check(ledger), count=len(infos)))
                ledger = None
        return self.summarise("races", out, lambda r: [
            ("0 duplicates (one grade, one certificate, one attempt)", r["duplicates"] == 0),
            ("0 acknowledged writes lost", r["lost"] == 0),
            ("0 impossible states", r["impossible"] == 0),
            ("every racing submit got the same grade", all(c["submit_grades"] <= 1 for c in r["cycles"])),
            ("parallel exam starts: one attempt", all(c["start_attempts"] == [1] for c in r["cycles"])),
            ("parallel roll-ups: identical figures", all(c["rollup_identical"] for c in r["cycles"])),
        ])

    # --- races ------------------------------------------------------------------------------------

    def race_cycle(self, cycle, ledger, rollup_reference):
        info = {"cycle": cycle}
        # 50 parallel submits of one attempt, with 10 saves racing them.
        learner, token = self.world.take_learner()
        client = L.Client(self.world, ledger, 100, threading.Event())
        attempt = client.start_exam(learner, token)
        if attempt is None:
            raise RuntimeError("races: the exam did not start")
        client.answer(attempt, token, "pass", saves=1)
        racers = []
        keys = [f"race-{self.run_tag}-{cycle}-{i if i % 2 else 0}" for i in range(50)]
        barrier = threading.Barrier(60)
        submit_answers, save_values = [], []

        def submit(i):
            conn = L.Connection(self.port, self.client_timeout, f"10.201.{cycle % 250}.{i}")
            conn.request("GET", "/health/live")  # connected before the barrier
            barrier.wait()
            answer = conn.request("POST", f"/v1/attempts/{attempt['id']}/submit", token=token, headers={"Idempotency-Key": keys[i]})
            entry = ledger.record(200 + i, "race-submit", "POST", "submit", answer, attempt["id"])
            body = answer.json() if answer.status == 200 else None
            submit_answers.append((entry["outcome"], body.get("score") if body else None, body.get("passed") if body else None))
            conn.close()

        items = attempt["items"]

        def save(i):
            item = items[i % len(items)]
            value = L.answer_values(item, self.world.keys[item["id"]], 1, False, random.Random(i), f"race{cycle}-{i}")[0]
            conn = L.Connection(self.port, self.client_timeout, f"10.202.{cycle % 250}.{i}")
            conn.request("GET", "/health/live")
            barrier.wait()
            answer = conn.request("PUT", f"/v1/attempts/{attempt['id']}/answers/{item['id']}", token=token, body=value)
            entry = ledger.record(300 + i, "race-save", "PUT", "save", answer, [attempt["id"], item["id"]])
            save_values.append((item["id"], value, entry["outcome"], answer.status))
            conn.close()

        for i in range(50):
            racers.append(threading.Thread(target=submit, args=(i,)))
        for i in range(10):
            racers.append(threading.Thread(target=save, args=(i,)))
        for thread in racers:
            thread.start()
        for thread in racers:
            thread.join(self.client_timeout + 10)
        grades = {(score, passed) for outcome, score, passed in submit_answers if outcome == "acknowledged"}
        info["submit_answers"] = dict(collections.Counter(o for o, _, _ in submit_answers))
        info["submit_grades"] = len(grades)
        info["race_saves"] = dict(collections.Counter(f"{s}" for _, _, _, s in save_values))
        for outcome, score, passed in submit_answers:
            attempt["submits"].append({"key": "race", "outcome": outcome, "status": 200 if outcome == "acknowledged" else None,
                                       "score": score, "passed": passed})
        # The racing saves join the ledger after the ones before them, in no known order among
        # themselves: an acknowledged one may be the last, an unacknowledged one may not be stored.
        for item_id, value, outcome, status in save_values:
            sends = ledger.saves[(attempt["id"], item_id)]
            sends.append((value, "unknown" if outcome != "refused" else "refused", status))
        # 20 parallel exam starts by one learner.
        learner2, token2 = self.world.take_learner()
        started_ids = []
        barrier2 = threading.Barrier(20)

        def start(i):
            conn = L.Connection(self.port, self.client_timeout, f"10.203.{cycle % 250}.{i}")
            conn.request("GET", "/health/live")
            barrier2.wait()
            answer = conn.request("POST", f"/v1/certifications/{L.EXAM_PROGRAM}/attempts", token=token2)
            ledger.record(400 + i, "race-start", "POST", "start", answer, learner2)
            if answer.status in (200, 201):
                started_ids.append(answer.json()["id"])
            conn.close()

        starters = [threading.Thread(target=start, args=(i,)) for i in range(20)]
        for thread in starters:
            thread.start()
        for thread in starters:
            thread.join(self.client_timeout + 10)
        info["start_answers"] = len(started_ids)
        info["start_ids"] = len(set(started_ids))
        info["start_attempts"] = int(self.psql.value(f"SELECT count(*) FROM attempts WHERE learner_id = '{learner2}'"))
        if started_ids:
            ledger.attempts[started_ids[0]] = {"id": started_ids[0], "learner": learner2, "items": [], "submits": [], "ending": "abandon"}
        if rollup_reference is not None:
            info.update(self.rollup_race(rollup_reference))
        return info

    def rollup_reference(self):
        """A sequential rebuild: the cells every later roll-up must leave, and the figures."""
        self.cli(["reach", "roll-up", "--rebuild"])
        return {"cells": self.rollup_hash(), "figures": self.reach_figures()}

    def rollup_hash(self):
        return self.psql.value(
            "SELECT md5(coalesce(string_agg(c::text, ',' ORDER BY c::text), '')) FROM (SELECT cut, level, month_end, v1, v2, people "
            "FROM reach_rollup_cells) c") + "/" + self.psql.value(
            "SELECT md5(coalesce(string_agg(f::text, ',' ORDER BY f::text), '')) FROM funnel_rollup_cells f")

    def reach_figures(self):
        conn = L.Connection(self.port, self.client_timeout, "10.250.0.3")
        figures = {}
        for path in ("/v1/stats/reach?asOf=2025-12-31&groupBy=province", "/v1/stats/reach?asOf=2025-06-30&groupBy=sex,ageBand",
                     "/v1/stats/funnel?from=2023-01-01&to=2025-12-31"):
            answer = conn.request("GET", path, token=self.admin_token)
            figures[path] = figures_only(answer.json()) if answer.status == 200 else f"status {answer.status}"
        conn.close()
        return hashlib.sha256(json.dumps(figures, sort_keys=True).encode()).hexdigest()[:16]

    def rollup_race(self, reference):
        before = self.reach_figures()
        commands = [["reach", "roll-up", "--rebuild"], ["reach", "roll-up"], ["reach", "roll-up", "--rebuild"], ["reach", "roll-up"]]
        processes = [subprocess.Popen([self.args.binary] + c, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=self.cli_env(), text=True)
                     for c in commands]
        codes = []
        for process in processes:
            try:
                _, err = process.communicate(timeout=120)
            except subprocess.TimeoutExpired:
                process.kill()
                _, err = process.communicate()
            codes.append(process.returncode)
        cells = self.rollup_hash()
        after = self.reach_figures()
        return {"rollups": len(commands), "rollup_exit_codes": codes,
                "rollup_identical": cells == reference["cells"] and before == after == reference["figures"] and all(c == 0 for c in codes),
                "rollup_cells_same": cells == reference["cells"], "rollup_figures_same": before == after == reference["figures"]}

    # --- helpers ----------------------------------------------------------------------------------

    def cli_env(self):
        env = dict(os.environ)
        env["LOG_LEVEL"] = "error"
        return env

    def cli(self, arguments):
        done = subprocess.run([self.args.binary] + arguments, capture_output=True, text=True, env=self.cli_env())
        if done.returncode != 0:
            raise RuntimeError(f"safeskills {' '.join(arguments)} failed: {done.stdout}\n{done.stderr}")
        return done.stdout

    def seed_reach_data(self, people):
        """`people` people reached between 2023 and 2025 (Benchmarks/seed/reach-data.sql), in place
        of any seeded before: the suite's own activity is all in 2026."""
        seeded = int(self.psql.value("SELECT count(*) FROM first_reach WHERE vn_day < '2026-01-01' AND level = 'reached'"))
        if seeded == people:
            return
        started = time.monotonic()
        self.psql.run("DELETE FROM first_reach WHERE vn_day < '2026-01-01';")
        done = subprocess.run(["psql", self.args.database_url, "-X", "-q", "-v", f"learners={people}",
                               "-f", os.path.join(ROOT, "Benchmarks", "seed", "reach-data.sql")], capture_output=True, text=True)
        if done.returncode != 0:
            raise RuntimeError(f"seeding reach data failed: {done.stderr}")
        log(f"  seeded {people} people's reach (2023 to 2025) in {time.monotonic() - started:.1f} s")

    def make_pack(self, folder, marker):
        """A large course pack (basic-cyber-safety's lessons and questions, repeated), whose every
        lesson carries `marker`, so a version can be told from another by any one lesson."""
        import yaml
        source = os.path.join(ROOT, "Courses", "basic-cyber-safety")
        target = os.path.join(folder, f"v{marker}", IMPORT_COURSE)
        shutil.rmtree(target, ignore_errors=True)
        os.makedirs(os.path.join(target, "lessons"))
        os.makedirs(os.path.join(target, "questions"))
        shutil.copytree(os.path.join(source, "assets"), os.path.join(target, "assets"))
        with open(os.path.join(source, "pack.yaml"), encoding="utf-8") as file:
            pack = yaml.safe_load(file)
        copies = self.import_copies()
        pack["id"] = IMPORT_COURSE
        pack["version"] = f"1.0.{marker}"
        pack["title"] = {"vi": f"Khóa thử lỗi nhập gói, phiên bản {marker}", "en": f"Fault suite import course, version {marker}"}
        lessons, quizzes, completion = [], [], []
        banks = {}
        for name in os.listdir(os.path.join(source, "questions")):
            with open(os.path.join(source, "questions", name), encoding="utf-8") as file:
                banks[name] = yaml.safe_load(file)
        for copy in range(copies):
            for lesson in pack["lessons"]:
                lesson = dict(lesson)
                base = os.path.basename(lesson["content"])
                lesson["id"] = f"{lesson['id']}-{copy}"
                lesson["content"] = f"lessons/{base}-{copy}"
                lesson["title"] = {k: f"{v} ({copy}, v{marker})" for k, v in lesson["title"].items()}
                for language in ("vi", "en"):
                    with open(os.path.join(source, "lessons", f"{base}.{language}.md"), encoding="utf-8") as file:
                        text = file.read()
                    with open(os.path.join(target, "lessons", f"{base}-{copy}.{language}.md"), "w", encoding="utf-8") as file:
                        file.write(text + f"\n\nfault-suite-marker-{marker}\n")
                lessons.append(lesson)
                completion.append(lesson["id"])
            for quiz in pack["quizzes"]:
                quiz = dict(quiz)
                quiz["id"] = f"fault-{quiz['id']}-{copy}"
                if "lesson" in quiz:
                    quiz["lesson"] = f"{quiz['lesson']}-{copy}"
                quiz["items"] = [f"{item}-{copy}" for item in quiz["items"]]
                quizzes.append(quiz)
            for name, bank in banks.items():
                copied = {"questions": [dict(q, id=f"{q['id']}-{copy}") for q in bank["questions"]]}
                with open(os.path.join(target, "questions", f"{name[:-5]}-{copy}.yaml"), "w", encoding="utf-8") as file:
                    yaml.safe_dump(copied, file, allow_unicode=True, sort_keys=False)
        pack["lessons"], pack["quizzes"] = lessons, quizzes
        pack["completion"] = {"lessons": completion[:10], "quizzes": []}
        with open(os.path.join(target, "pack.yaml"), "w", encoding="utf-8") as file:
            yaml.safe_dump(pack, file, allow_unicode=True, sort_keys=False)
        return target

    def import_copies(self):
        """How many times the large pack repeats basic-cyber-safety (11 lessons, 58 questions each)."""
        return int(os.environ.get("FAULTS_IMPORT_COPIES", "12" if self.args.mode == "full" else "3"))

    def live_import_version(self):
        row = self.psql.json(f"SELECT c.live_version AS version, v.pack_version FROM courses c JOIN course_versions v "
                             f"ON v.course_id = c.course_id AND v.version = c.live_version WHERE c.course_id = '{IMPORT_COURSE}'")
        if not row:
            return {"version": None, "marker": None}
        return {"version": row[0]["version"], "marker": int(row[0]["pack_version"].rsplit(".", 1)[1])}

    def import_consistency(self):
        """Problems with the live version: a lesson of another marker, items missing, versions out of step."""
        problems = []
        live = self.live_import_version()
        marker = f"fault-suite-marker-{live['marker']}"
        rows = self.psql.json(
            f"SELECT i.item_id, (b.body::text LIKE '%{marker}%') AS marked FROM course_version_items i "
            f"JOIN content_items b ON b.course_id = i.course_id AND b.kind = i.kind AND b.item_id = i.item_id AND b.item_version = i.item_version "
            f"WHERE i.course_id = '{IMPORT_COURSE}' AND i.version = {live['version']} AND i.kind = 'lesson'")
        expected = 11 * self.import_copies()
        if len(rows) != expected:
            problems.append(f"live version {live['version']} has {len(rows)} lessons, not {expected}")
        unmarked = [r["item_id"] for r in rows if not r["marked"]]
        if unmarked:
            problems.append(f"{len(unmarked)} lessons of the live version are not version {live['marker']}'s (first: {unmarked[0]})")
        versions = self.psql.json(f"SELECT v.version, (SELECT count(*) FROM course_version_items i WHERE i.course_id = v.course_id "
                                  f"AND i.version = v.version) AS items FROM course_versions v WHERE v.course_id = '{IMPORT_COURSE}'")
        for v in versions:
            if v["items"] == 0:
                problems.append(f"version {v['version']} has no items")
            if v["version"] > live["version"]:
                problems.append(f"version {v['version']} exists beyond the live {live['version']}")
        return problems

    def served_import_marker(self):
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/v1/courses/{IMPORT_COURSE}", timeout=10) as response:
                document = json.loads(response.read())
        except Exception as error:  # noqa: BLE001
            return f"error {error}"
        title = json.dumps(document, ensure_ascii=False)
        for lesson in document.get("lessons", []):
            title = lesson.get("title", "")
            if "v" in title:
                return int(title.rsplit("v", 1)[1].rstrip(")"))
        return None

    # --- results ----------------------------------------------------------------------------------

    def cycle_result(self, fault, cycle, ledger, info, check, count=1):
        counts = ledger.counts()
        result = dict(counts)
        result.update({"cycle": cycle, "count": count, "lost": check["lost"], "duplicates": check["duplicates"], "impossible": check["impossible"],
                       "refused_applied": check["refused_applied"], "problems": check["problems"], "problem_counts": check["problem_counts"],
                       "violations": self.violations(ledger.records), "info": info,
                       "outcomes": dict(collections.Counter(f"{r['op']} {r['reason']}" for r in ledger.records if r["outcome"] != "acknowledged"))})
        line = (f"  {fault} {cycle + 1}: {counts['requests']} requests, {counts['acknowledged']} ack, {counts['refused']} refused, "
                f"{counts['unknown']} unknown; lost {check['lost']}, dup {check['duplicates']}, impossible {check['impossible']}")
        # The cycle's measurements, without the long ones (they are in the JSON).
        brief = {k: v for k, v in info.items() if k not in ("before", "after") and len(json.dumps(v, default=str)) < 160}
        log(line + f"; {json.dumps(brief, default=str)[:400]}")
        if result["outcomes"]:
            log(f"    not acknowledged: {json.dumps(result['outcomes'])[:500]}")
        if check["problem_counts"]:
            log(f"    problems: {json.dumps(check['problem_counts'])}; first: {json.dumps(next(iter(check['problems'].values()))[:1], default=str)[:600]}")
        if result["violations"]:
            log(f"    violations: {result['violations']}")
        with open(os.path.join(self.args.work, "ledger.jsonl"), "a") as file:
            for record in ledger.records:
                file.write(json.dumps(dict(record, fault=fault)) + "\n")
        return result

    def summarise(self, fault, cycles, rules, unit="cycles", extra=None):
        total = {
            "fault": fault, "cycles": sum(c.get("count", 1) for c in cycles) if unit == "cycles" else f"{self.counts[fault]} s",
            "requests": sum(c["requests"] for c in cycles), "acknowledged": sum(c["acknowledged"] for c in cycles),
            "refused": sum(c["refused"] for c in cycles), "unknown": sum(c["unknown"] for c in cycles),
            "lost": sum(c["lost"] for c in cycles), "duplicates": sum(c["duplicates"] for c in cycles),
            "impossible": sum(c["impossible"] for c in cycles), "refused_applied": sum(c["refused_applied"] for c in cycles),
            "violations": dict(sum((collections.Counter(c["violations"]) for c in cycles), collections.Counter())),
            "cycles_detail": cycles,
        }
        readies = [c["info"].get("ready_seconds") for c in cycles if "ready_seconds" in c["info"]]
        readies += [c["info"].get("full_service_seconds") for c in cycles if "full_service_seconds" in c["info"]]
        total["max_ready"] = None if not readies or None in readies else round(max(readies), 2)
        total["cycles_list"] = cycles
        view = dict(total, cycles=[dict(c, **c["info"]) for c in cycles])
        verdicts = [(name, bool(ok)) for name, ok in rules(view)]
        total["rules"] = [{"rule": name, "pass": ok} for name, ok in verdicts]
        total["pass"] = all(ok for _, ok in verdicts)
        if extra:
            total.update(extra)
        del total["cycles_list"]
        for name, ok in verdicts:
            log(f"  {'PASS' if ok else 'FAIL'} {fault}: {name}")
        return total

    def self_test(self):
        """The checker must see what it is there to see: a short load, then one planted fault of
        each kind, each undone after the check."""
        ledger, info, check = self.under_load("self-test", 0, lambda ledger: time.sleep(2) or {})
        if check["lost"] or check["duplicates"] or check["impossible"]:
            raise RuntimeError(f"the checker's self-test found problems before any fault: {check['problem_counts']}")
        acked = [(key, sends) for key, sends in ledger.saves.items() if sends[-1][1] == "acknowledged"]
        closed = [a for a in ledger.attempts.values() if any(s["outcome"] == "acknowledged" for s in a["submits"])]
        if not acked or not closed:
            raise RuntimeError("the checker's self-test made no acknowledged save or submit")
        (attempt, item), sends = acked[0]
        target = closed[0]["id"]
        planted = []
        original = self.psql.value(f"SELECT answer::text FROM attempt_items WHERE attempt_id = '{attempt}' AND question_id = '{item}'")
        reason = self.psql.value(f"SELECT close_reason FROM attempts WHERE attempt_id = '{target}'")
        try:
            self.psql.run(f"UPDATE attempt_items SET answer = '{{\"text\": \"planted\"}}' WHERE attempt_id = '{attempt}' AND question_id = '{item}';"
                          f"UPDATE attempts SET close_reason = NULL WHERE attempt_id = '{target}';")
            check = self.checker.check(ledger)
            planted.append(("a lost save", check["problem_counts"].get("lost: acknowledged save", 0) == 1))
            planted.append(("a half-closed attempt", check["problem_counts"].get("impossible: half closed", 0) == 1))
            planted.append(("a lost submit", check["problem_counts"].get("lost: acknowledged submit", 0) == 1))
        finally:
            self.psql.run(f"UPDATE attempt_items SET answer = $planted${original}$planted$::jsonb WHERE attempt_id = '{attempt}' AND question_id = '{item}';"
                          f"UPDATE attempts SET close_reason = '{reason}' WHERE attempt_id = '{target}';")
        missed = [name for name, seen in planted if not seen]
        if missed:
            raise RuntimeError(f"the checker did not see planted faults: {missed}")
        check = self.checker.check(ledger)
        if check["lost"] or check["impossible"]:
            raise RuntimeError(f"the checker's self-test did not restore what it planted: {check['problem_counts']}")
        log(f"checker self-test: {ledger.counts()['requests']} requests; it saw every planted fault ({', '.join(n for n, _ in planted)})")

    def run(self):
        only = self.args.only
        selected = [f for f in FAULTS if not only or f in only]
        try:
            self.prepare()
            self.self_test()
        except BaseException:
            self.server.stop(5)
            raise
        started = time.monotonic()
        for fault in selected:
            count = self.counts[fault]
            log(f"{fault}: {count} {'s' if fault == 'pool-exhaustion' else 'cycles'}")
            fault_started = time.monotonic()
            method = getattr(self, fault.replace("-", "_"))
            try:
                result = method(count)
            except Exception as error:  # noqa: BLE001
                import traceback
                traceback.print_exc()
                result = {"fault": fault, "cycles": 0, "requests": 0, "acknowledged": 0, "refused": 0, "unknown": 0, "lost": 0,
                          "duplicates": 0, "impossible": 0, "max_ready": None, "pass": False,
                          "rules": [{"rule": f"the fault ran to its end ({error})", "pass": False}], "error": str(error)}
                # leave the next fault a running database and server
                try:
                    self.postgres.start()
                    self.ensure_server()
                except Exception as again:  # noqa: BLE001
                    log(f"could not recover after {fault}: {again}")
                    self.results.append(result)
                    break
            result["seconds"] = round(time.monotonic() - fault_started, 1)
            self.results.append(result)
        self.server.stop(self.drain_timeout + 5)
        return self.report(time.monotonic() - started)

    def report(self, seconds):
        header = ["fault", "cycles", "requests", "acknowledged", "refused", "unknown", "lost", "duplicates", "impossible states",
                  "max ready (s)", "result"]
        rows = []
        for r in self.results:
            rows.append([r["fault"], str(r["cycles"]), str(r["requests"]), str(r["acknowledged"]), str(r["refused"]), str(r["unknown"]),
                         str(r["lost"]), str(r["duplicates"]), str(r["impossible"]),
                         "-" if r.get("max_ready") is None else f"{r['max_ready']:.2f}", "pass" if r["pass"] else "FAIL"])
        widths = [max(len(h), *(len(row[i]) for row in rows)) if rows else len(h) for i, h in enumerate(header)]
        table = ["| " + " | ".join(h.ljust(widths[i]) for i, h in enumerate(header)) + " |",
                 "|" + "|".join("-" * (w + 2) for w in widths) + "|"]
        table += ["| " + " | ".join(c.ljust(widths[i]) for i, c in enumerate(row)) + " |" for row in rows]
        print("\n".join(table), flush=True)
        failed = [(r["fault"], rule["rule"]) for r in self.results for rule in r.get("rules", []) if not rule["pass"]]
        for fault, rule in failed:
            print(f"FAIL {fault}: {rule}", flush=True)
        stamp = datetime.datetime.now(datetime.timezone.utc)
        document = {"date": stamp.isoformat(timespec="seconds"), "mode": self.args.mode, "commit": self.args.commit,
                    "binary": self.args.binary, "machine": {"cores": os.cpu_count(), "load_average_at_end": os.getloadavg()},
                    "settings": {"REQUEST_TIMEOUT": self.request_timeout, "ADMISSION_WAIT": self.admission_wait,
                                 "DRAIN_TIMEOUT": self.drain_timeout, "clients": 16, "postgres": self.args.pg_setting},
                    "seconds": round(seconds, 1), "table": "\n".join(table), "pass": not failed, "faults": self.results}
        os.makedirs(self.args.results, exist_ok=True)
        name = os.path.join(self.args.results, f"faults-{self.args.mode}-{stamp.strftime('%Y%m%dT%H%MZ')}.json")
        with open(name, "w") as file:
            json.dump(document, file, indent=1, default=str)
        print(f"written: {name} ({seconds:.0f} s)", flush=True)
        return 0 if not failed else 1


def slow_reader(path, port, readers, seconds, token, timeout):
    """The pool exhaustion's slow statistics reads: `readers` threads for `seconds`, each answer to `path`."""
    paths = ["/v1/stats/reach?groupBy=province,group", "/v1/stats/reach?groupBy=ageBand,channel",
             "/v1/stats/items", "/v1/stats/funnel", "/v1/stats/reach/timeseries?from=2023-01-01&to=2025-12-31&interval=month"]
    stop = threading.Event()
    reads = []

    def reader(index):
        conn = L.Connection(port, timeout, f"10.200.{index // 250}.{index % 250}")
        rng = random.Random(index)
        while not stop.is_set():
            target = rng.choice(paths)
            answer = conn.request("GET", target, token=token)
            outcome, reason, _, retry_after, violations = L.classify(answer)
            reads.append({"status": answer.status, "reason": reason, "seconds": answer.seconds, "retry_after": retry_after,
                          "violations": violations, "path": target, "outcome": outcome})
            if retry_after:
                stop.wait(min(1.0, float(retry_after)) * rng.random())
        conn.close()

    threads = [threading.Thread(target=reader, args=(i,), daemon=True) for i in range(readers)]
    for thread in threads:
        thread.start()
    time.sleep(seconds)
    stop.set()
    for thread in threads:
        thread.join(timeout + 5)
    with open(path, "w") as file:
        for read in reads:
            file.write(json.dumps(read) + "\n")
    return 0 if not any(t.is_alive() for t in threads) else 1


def figures_only(body):
    """A statistics answer without what says where and when it was read (`source`, `exactAsOf`):
    the same figures read a second later from the same data compare equal."""
    return {key: value for key, value in body.items() if key not in ("source", "exactAsOf")}


def percentile(values, p):
    values = sorted(values)
    if not values:
        return 0.0
    index = min(len(values) - 1, max(0, int(round(p / 100 * len(values) + 0.5)) - 1))
    return values[index]


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--slow-reader":
        reader_parser = argparse.ArgumentParser()
        reader_parser.add_argument("--slow-reader")
        for name in ("--port", "--readers"):
            reader_parser.add_argument(name, type=int)
        for name in ("--seconds", "--timeout"):
            reader_parser.add_argument(name, type=float)
        reader_parser.add_argument("--token")
        a = reader_parser.parse_args()
        sys.exit(slow_reader(a.slow_reader, a.port, a.readers, a.seconds, a.token, a.timeout))
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mode", choices=sorted(COUNTS), default="full")
    parser.add_argument("--only", action="append", choices=FAULTS)
    parser.add_argument("--binary", required=True)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--pg-data", required=True)
    parser.add_argument("--pg-port", type=int, required=True)
    parser.add_argument("--pg-setting", action="append", default=[])
    parser.add_argument("--work", required=True)
    parser.add_argument("--results", required=True)
    parser.add_argument("--commit", default="unknown")
    parser.add_argument("--seed", type=int, default=18)
    parser.add_argument("--cycles", type=int, help="override every fault's cycle count (pool exhaustion: seconds)")
    arguments = parser.parse_args()
    suite = Suite(arguments)
    if arguments.cycles:
        suite.counts = {k: arguments.cycles for k in suite.counts}
    sys.exit(suite.run())
