"""Seeds the private database, runs every scenario, and reports figures and same-run ratios.

Started by Benchmarks/run, which owns the server and PostgreSQL. Every figure that depends on
the machine is reported beside a baseline measured in the same run, and the median of the runs
is reported for both and for their ratio (the median of per-run ratios: the two halves of a
ratio share a run's noise).
"""

import argparse
import datetime
import json
import os
import random
import re
import resource
import statistics
import subprocess
import sys
import threading
import time
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
import processes
from baselines import argon2_rate
from report import markdown_table, summarise

PASSWORD = "benchmark-password-1"
EXAM = "cyber-safety-certificate"

# Sizes per mode. A full run keeps every scenario bounded in time (`seconds`) and in requests
# (the pools), three runs in about a quarter of an hour; a smoke run only proves the scripts work.
MODES = {
    "full": dict(runs=3, seconds=10, learners=50000, templates=2000, per_run_submits=5000,
                 burst=5000, burst_seconds=10, idle=10000, hold=5, clients=16, sign_in_clients=8),
    "smoke": dict(runs=1, seconds=1, learners=400, templates=30, per_run_submits=150,
                  burst=100, burst_seconds=1, idle=200, hold=0.5, clients=4, sign_in_clients=2),
}
# The load at which latency is read, as a share of the scenario's maximum in the same run.
LATENCY_LOAD = 0.7
# Where the processes run. "shared": everything on every core, as CI and developers run it.
# "pinned": PostgreSQL on the first core, the server and every load generator (wrk, openloop,
# pgbench's client, the Argon2id baseline) on the second, as production puts the database on a
# host of its own; the baselines face the same placement as the server. Each placement has a server
# of its own, started on the cores the placement gives it (Benchmarks/run), since the server sizes
# its threads to the cores it may run on when it starts, as it would on a host of its own.
PLACEMENTS = ("shared", "pinned")


class Bench:
    def __init__(self, args):
        self.args = args
        self.size = dict(MODES[args.mode])
        if args.runs:
            self.size["runs"] = args.runs
        if args.seconds:
            self.size["seconds"] = args.seconds
        if args.burst:
            self.size["burst"] = args.burst
        # Only these steps run (a quicker look at one path); None: every step.
        self.only = set(args.only.split(",")) if args.only else None
        # The server the steps load: the shared one until `place` picks the placement's own.
        self.port, self.server_pid = args.port, args.server_pid
        self.files = os.path.join(args.work, "targets")
        # Benchmarks/run starts PostgreSQL on work/postgres, which logs there.
        self.postgres_log = os.path.join(args.work, "postgres", "server.log")
        os.makedirs(self.files, exist_ok=True)
        self.cores = os.cpu_count() or 1
        self.placements = PLACEMENTS if args.placement == "both" else (args.placement,)
        if "pinned" in self.placements and self.cores < 2:
            sys.exit("Benchmarks/run: --placement pinned needs two cores")
        if "pinned" in self.placements and not (args.pinned_port and args.pinned_server_pid):
            sys.exit("Benchmarks/run: --placement pinned needs the pinned server (--pinned-port, --pinned-server-pid)")

    @property
    def base(self):
        return f"http://127.0.0.1:{self.port}"

    # --- tools -------------------------------------------------------------------------------

    def psql(self, sql=None, file=None, variables=None):
        command = ["psql", self.args.database_url, "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1"]
        for name, value in (variables or {}).items():
            command += ["-v", f"{name}={value}"]
        command += ["-f", file] if file else ["-c", sql]
        completed = subprocess.run(command, capture_output=True, text=True)
        if completed.returncode != 0:
            raise RuntimeError(f"psql {file or sql} failed:\n{completed.stderr}")
        return completed.stdout

    def write_targets(self, name, lines):
        path = os.path.join(self.files, name)
        with open(path, "w", encoding="utf-8") as out:
            for line in lines:
                out.write("\t".join(line) + "\n")
        return path

    def rss_mib(self):
        with open(f"/proc/{self.server_pid}/status") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
        return 0.0

    def postmaster(self):
        return processes.postmaster(os.path.join(self.args.work, "postgres"))

    def place(self, placement):
        """Pins PostgreSQL (the postmaster, so backends it starts later too), the placement's server
        and this process (so every load generator it starts) for `placement`."""
        every = ",".join(str(core) for core in range(self.cores))
        database, rest = ("0", "1") if placement == "pinned" else (every, every)
        pinned = placement == "pinned"
        self.port = self.args.pinned_port if pinned else self.args.port
        self.server_pid = self.args.pinned_server_pid if pinned else self.args.server_pid
        postmaster = self.postmaster()
        for pid in [postmaster] + [pid for pid, _ in processes.postgres_children(postmaster)]:
            subprocess.run(["taskset", "-a", "-p", "-c", database, str(pid)], capture_output=True)
        subprocess.run(["taskset", "-a", "-p", "-c", rest, str(self.server_pid)], check=True, capture_output=True)
        os.sched_setaffinity(0, {int(core) for core in rest.split(",")})

    def cpu_seconds(self):
        """CPU time used so far by the server and by PostgreSQL."""
        return processes.cpu_seconds(self.server_pid, os.path.join(self.args.work, "postgres"))

    def measured(self, work):
        """Runs `work` while sampling the server's resident memory; returns (result, peak MiB).

        Also notes the CPU the server and PostgreSQL spent on it, which tells which one a
        scenario is bound by (backends that exited are in the postmaster's children's time), and
        the CPU everything else on the machine spent meanwhile: a busy machine stretches a path
        that needs milliseconds of CPU long before it delays the trivial route at a low rate."""
        cpu_before, started = self.cpu_seconds(), time.monotonic()
        busy_before, own_before = machine_busy_seconds(), own_seconds()
        log_before = self.postgres_log_size()
        peak, stop = [self.rss_mib()], threading.Event()

        def sample():
            while not stop.wait(0.2):
                peak[0] = max(peak[0], self.rss_mib())

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        try:
            result = work()
        finally:
            stop.set()
            sampler.join()
        cpu_after = self.cpu_seconds()
        server, postgres = cpu_after[0] - cpu_before[0], cpu_after[1] - cpu_before[1]
        others = machine_busy_seconds() - busy_before - server - postgres - (own_seconds() - own_before)
        result["cpu_seconds"] = {"server": round(server, 2), "postgres": round(postgres, 2), "others": round(max(0.0, others), 2)}
        result["wall_seconds"] = round(time.monotonic() - started, 2)
        result["slowest_commit_ms"] = self.slowest_commit_ms(log_before)
        return result, round(max(peak[0], self.rss_mib()), 1)

    def postgres_log_size(self):
        try:
            return os.path.getsize(self.postgres_log)
        except OSError:
            return 0

    def slowest_commit_ms(self, since):
        """The longest COMMIT PostgreSQL logged after byte `since` of its log (it logs statements
        over 10 ms; an answer save's CALL counts, as it commits), 0 when none took that long. A
        COMMIT waits for the write-ahead log's flush to disk: when every connection's COMMIT waits
        tens of milliseconds at the same instant, the disk stalled, and every write path's tail
        shows it while the trivial route's does not."""
        try:
            with open(self.postgres_log, "rb") as log:
                log.seek(since)
                text = log.read().decode("utf-8", "replace")
        except OSError:
            return None
        return max((float(ms) for ms in SLOW_COMMIT.findall(text)), default=0.0)

    def wrk(self, targets, connections, mode, seconds=None):
        threads = min(2, connections)
        command = ["wrk", "-t", str(threads), "-c", str(connections), "-d", f"{max(1, round(seconds or self.size['seconds']))}s",
                   "--timeout", "10s", "-s", os.path.join(HERE, "load", "targets.lua"), self.base,
                   "--", targets, str(threads), mode]
        completed = subprocess.run(command, capture_output=True, text=True)
        if completed.returncode != 0:
            raise RuntimeError(f"wrk failed: {' '.join(command)}\n{completed.stdout}\n{completed.stderr}")
        result = json.loads(completed.stdout.strip().splitlines()[-1])
        # A "once" load may finish its list early: its rate is over the time it was answering.
        seconds_run = (result["active_us"] if mode == "once" else result["duration_us"]) / 1e6
        counted = result["ok"] if mode != "cycle" else result["requests"] - result["errors"]["status"]
        result["rate"] = round(counted / seconds_run, 1)
        return result

    def openloop(self, targets, rate, seconds, once=False, connections=256, timeout=10.0):
        command = [self.args.openloop, str(self.port), targets, f"{rate:.2f}", str(seconds), str(timeout),
                   str(connections), "once" if once else "cycle"]
        completed = subprocess.run(command, capture_output=True, text=True)
        if completed.returncode != 0:
            raise RuntimeError(f"openloop failed: {' '.join(command)}\n{completed.stderr}")
        return json.loads(completed.stdout)

    def pgbench(self, script, clients, seconds=None, transactions=None, variables=None):
        command = ["pgbench", "-n", "-M", "prepared", "-c", str(clients), "-j", str(min(2, clients)),
                   "-f", os.path.join(HERE, "pgbench", script)]
        command += ["-T", str(max(1, round(seconds)))] if seconds else ["-t", str(transactions)]
        for name, value in (variables or {}).items():
            command += ["-D", f"{name}={value}"]
        completed = subprocess.run(command + [self.args.database_url], capture_output=True, text=True)
        if completed.returncode != 0:
            raise RuntimeError(f"pgbench {script} failed:\n{completed.stdout}\n{completed.stderr}")
        tps = re.search(r"tps = ([0-9.]+) \(without initial connection time\)", completed.stdout)
        latency = re.search(r"latency average = ([0-9.]+) ms", completed.stdout)
        failed = re.search(r"number of failed transactions: (\d+)", completed.stdout)
        return {"rate": round(float(tps.group(1)), 1), "latency_ms_mean": float(latency.group(1)) if latency else None,
                "failed": int(failed.group(1)) if failed else 0}

    def get_json(self, path):
        with urllib.request.urlopen(self.base + path, timeout=10) as response:
            return json.loads(response.read())

    # --- seeding -----------------------------------------------------------------------------

    def seed(self):
        size = self.size
        started = time.monotonic()
        runs = size["runs"] * len(self.placements)
        learners = max(size["learners"], size["templates"] + runs * size["burst"])
        self.psql(file=os.path.join(HERE, "seed", "learners.sql"), variables={"learners": learners})
        tokens = self.psql("SELECT n, token FROM bench.learners ORDER BY n").split()
        self.tokens = [row.split("|")[1] for row in tokens]

        # Exams are started through the API: their shape (drawn items, option order) is business logic.
        exam_path = f"/v1/certifications/{EXAM}/attempts"
        templates = self.write_targets("templates.tsv", (("POST", exam_path, token, "-") for token in self.tokens[: size["templates"]]))
        started_exams = self.openloop(templates, rate=100, seconds=size["templates"] / 100, once=True, connections=64, timeout=60)
        open_exams = int(self.psql("SELECT count(*) FROM attempts WHERE closed_at IS NULL").strip())
        if open_exams < size["templates"] * 0.99:
            raise RuntimeError(f"only {open_exams} of {size['templates']} template exams started: {started_exams}")
        self.psql(file=os.path.join(HERE, "seed", "attempts.sql"), variables={"per_pool": runs * size["per_run_submits"]})
        self.psql(file=os.path.join(HERE, "seed", "targets.sql"))

        rows = self.psql("SELECT attempt_id, question_id, token, answer FROM bench.save_targets").splitlines()
        saves = [row.split("|", 3) for row in rows]
        random.Random(7).shuffle(saves)
        self.save_targets = self.write_targets(
            "save.tsv", (("PUT", f"/v1/attempts/{a}/answers/{q}", token, answer) for a, q, token, answer in saves))
        self.save_count = len(saves)

        pool = {"http": [], "open": []}
        for row in self.psql("SELECT p.pool, p.attempt_id, b.token FROM bench.submit_pool p JOIN bench.learners b USING (learner_id) "
                             "WHERE p.pool IN ('http', 'open') ORDER BY p.pool, p.n").splitlines():
            name, attempt, token = row.split("|")
            pool[name].append(("POST", f"/v1/attempts/{attempt}/submit", token, "-"))
        per_run = size["per_run_submits"]
        self.submit_targets = {
            (name, run): self.write_targets(f"submit-{name}-{run}.tsv", pool[name][run * per_run:(run + 1) * per_run])
            for name in pool for run in range(runs)
        }

        first_fresh = size["templates"]
        self.burst_targets = [
            self.write_targets(f"burst-{run}.tsv", (("POST", exam_path, token, "-") for token in
                                                    self.tokens[first_fresh + run * size["burst"]: first_fresh + (run + 1) * size["burst"]]))
            for run in range(runs)
        ]

        sign_ins = random.Random(11).sample(range(1, learners + 1), min(learners, 5000))
        self.sign_in_targets = self.write_targets("sign-in.tsv", (
            ("POST", "/v1/auth/login", "-", json.dumps({"identifier": f"bench-{n}@example.org", "password": PASSWORD}))
            for n in sign_ins))

        reads = []
        for course in self.get_json("/v1/courses")["items"]:
            outline = self.get_json(f"/v1/courses/{course['id']}")
            reads.append(("GET", f"/v1/courses/{course['id']}", "-", "-"))
            reads += [("GET", f"/v1/courses/{course['id']}/lessons/{lesson['id']}", "-", "-") for lesson in outline["lessons"]]
        self.content_targets = self.write_targets("content.tsv", reads)
        self.trivial_targets = self.write_targets("trivial.tsv", [("GET", "/health/live", "-", "-")])
        self.password_phc = self.psql("SELECT password_hash FROM learners l JOIN learner_contacts c USING (learner_id) "
                                      "WHERE c.value = 'bench-1@example.org'").strip()
        self.seeded = {"learners": learners, "exams_started_by_api": size["templates"],
                       "open_attempts": int(self.psql("SELECT count(*) FROM attempts WHERE closed_at IS NULL").strip()),
                       "content_urls": len(reads), "answer_targets": self.save_count,
                       "seconds": round(time.monotonic() - started, 1)}
        print(f"seeded: {json.dumps(self.seeded)}", flush=True)

    # --- one run -----------------------------------------------------------------------------

    def run_once(self, run):
        size, seconds, clients = self.size, self.size["seconds"], self.size["clients"]
        result = {}

        def step(name, work, also=None):
            # A step named in --only runs; so does one that goes with a step named (`also`).
            if self.only is not None and name not in self.only and also not in self.only:
                return
            value, peak = self.measured(work)
            value["rss_peak_mib"] = peak
            result[name] = value
            print(f"  run {run + 1} {name}: {summarise(value)}", flush=True)

        step("trivial", lambda: self.wrk(self.trivial_targets, 64, "cycle"))
        step("content", lambda: self.wrk(self.content_targets, 64, "cycle"))
        step("save", lambda: self.wrk(self.save_targets, clients, "count"))
        step("save_pgbench", lambda: self.pgbench("answer-save.sql", clients, seconds=seconds, variables={"targets": self.save_count}))
        step("submit", lambda: self.wrk(self.submit_targets[("http", run)], clients, "once"))
        per_client = max(1, size["per_run_submits"] // clients)
        step("submit_pgbench", lambda: self.pgbench("submit.sql", clients, transactions=per_client))
        step("sign_in", lambda: self.wrk(self.sign_in_targets, size["sign_in_clients"], "count"))
        # One hashing thread a core the placement gives the server, as the server's own pool has.
        step("argon2", lambda: argon2_rate(self.password_phc, PASSWORD, threads=len(os.sched_getaffinity(0)), seconds=min(seconds, 5)))

        # Latency at LATENCY_LOAD (or --load) of each maximum just measured, from an open-loop
        # generator. Right after each, the trivial route at the same rate and for as long: its p99
        # is what the machine and the generator alone add at that load, so a row whose trivial p99
        # passes the row's target was measured on a busy machine and says nothing about the path.
        for name, targets, once in (("content", self.content_targets, False), ("save", self.save_targets, False),
                                    ("submit", self.submit_targets[("open", run)], True), ("sign_in", self.sign_in_targets, False)):
            if name not in result:
                continue
            rate = max(1.0, self.args.load * result[name]["rate"])
            step(f"{name}_at_70", lambda: self.openloop(targets, rate, seconds, once=once))
            step(trivial_beside(name), lambda: self.openloop(self.trivial_targets, rate, seconds),
                 also=f"{name}_at_70")

        burst_rate = size["burst"] / size["burst_seconds"]
        step("burst", lambda: self.openloop(self.burst_targets[run], burst_rate, size["burst_seconds"], once=True,
                                            connections=min(size["burst"], 2000), timeout=10.0))
        return result

    def idle(self):
        """10,000 idle keep-alive connections, once after the runs: the memory they take is not
        all given back, and would otherwise inflate the next run's figures under load."""
        size = self.size
        result = json.loads(subprocess.run(
            [sys.executable, os.path.join(HERE, "load", "idle.py"), "--port", str(self.port), "--pid", str(self.server_pid),
             "--connections", str(size["idle"]), "--hold", str(size["hold"])], check=True, capture_output=True, text=True).stdout)
        print(f"  idle: {summarise(result)}", flush=True)
        return result

    # --- checks and output -------------------------------------------------------------------

    def check(self, runs, idle):
        """The smoke run's point: every scenario answered, and nothing answered 5xx but the burst's excess."""
        problems = []
        for index, run in enumerate(runs):
            for name in ("trivial", "content", "save", "submit", "sign_in"):
                if run[name]["rate"] <= 0:
                    problems.append(f"run {index + 1}: {name} had no successful request")
            for name in ("save", "submit", "sign_in"):
                bad = {k: v for k, v in run[name]["statuses"].items() if k.startswith("5") or k in ("401", "404", "409", "422")}
                if bad:
                    problems.append(f"run {index + 1}: {name} answered {bad}")
            for name in ("save_pgbench", "submit_pgbench"):
                if run[name]["rate"] <= 0 or run[name]["failed"]:
                    problems.append(f"run {index + 1}: {name} did not run cleanly: {run[name]}")
            if run["argon2"]["rate"] <= 0:
                problems.append(f"run {index + 1}: the argon2 baseline hashed nothing")
        if idle["opened"] == 0:
            problems.append("no idle connection opened")
        return problems

    # --- two binaries side by side ------------------------------------------------------------

    def pair(self):
        """One scenario (answer save unless `--only` names `content` or `trivial`) on two binaries
        in turn (`Benchmarks/run --pair`): each has a server on core 1, PostgreSQL is on core 0,
        and both use the one seeded database. Each round loads A, then B (B first every other
        round): a closed loop, then an open loop at 60% of the first round's closed-loop rate.
        This machine's speed drifts by a third from one minute to the next (PostgreSQL's CPU for
        the same save went from 0.19 to 0.41 ms; the trivial route went from 5,666 to 9,103 a
        second in two runs minutes apart), so two separate runs cannot tell a tenth apart; steps
        seconds apart can, and the open loop's CPU per request is the steadiest figure."""
        self.place("pinned")
        scenarios = {"save": (self.save_targets, self.size["clients"], "count"),
                     "content": (self.content_targets, 64, "cycle"),
                     "trivial": (self.trivial_targets, 64, "cycle")}
        scenario = "save" if self.only is None else ",".join(sorted(self.only))
        if scenario not in scenarios:
            raise SystemExit(f"Benchmarks/run --pair: --only takes one of {', '.join(scenarios)}, not '{scenario}'")
        targets, connections, mode = scenarios[scenario]
        servers = {"A": (self.args.pinned_port, self.args.pinned_server_pid), "B": (self.args.pair_port, self.args.pair_server_pid)}
        seconds = self.args.seconds or 5
        rounds = {name: [] for name in servers}
        rate = None
        for number in range(self.args.runs or 8):
            for name in ("A", "B") if number % 2 == 0 else ("B", "A"):
                self.port, self.server_pid = servers[name]
                closed, _ = self.measured(lambda: self.wrk(targets, connections, mode, seconds=seconds))
                rate = rate or 0.6 * closed["rate"]
                opened, _ = self.measured(lambda: self.openloop(targets, rate, seconds))
                row = {"rate": closed["rate"],
                       **{f"{loop}_{side}_ms": round(cpu_per_request(step, side), 3)
                          for loop, step in (("closed", closed), ("open", opened)) for side in ("server", "postgres")},
                       "open_p50_ms": opened["latency_ms"]["p50"], "open_p99_ms": opened["latency_ms"]["p99"]}
                rounds[name].append(row)
                print(f"  round {number + 1} {name}: " + ", ".join(f"{key} {value}" for key, value in row.items()), flush=True)
        print(f"{scenario}, medians of {len(rounds['A'])} rounds (open loop at {rate:.0f}/s):")
        keys = list(rounds["A"][0])
        middle = {name: {key: statistics.median(row[key] for row in rows) for key in keys} for name, rows in rounds.items()}
        for key in keys:
            a, b = middle["A"][key], middle["B"][key]
            print(f"  {key:24} A {a:9.3f}  B {b:9.3f}  B/A {b / a if a else float('nan'):.2f}")

    def main(self):
        self.seed()
        if self.args.pair_port:
            return self.pair()
        if self.only is not None:
            # With --pg-stats, count only what the chosen steps cost PostgreSQL, not the seeding.
            try:
                self.psql("SELECT pg_stat_statements_reset()")
            except RuntimeError:
                pass
        placements = {}
        for number, placement in enumerate(self.placements):
            self.place(placement)
            runs = []
            for run in range(self.size["runs"]):
                print(f"{placement}: run {run + 1} of {self.size['runs']}", flush=True)
                # Each run of each placement takes its own burst learners and submit pools.
                runs.append(self.run_once(number * self.size["runs"] + run))
            placements[placement] = {"runs": runs, "medians": medians(runs) if self.only is None else {}}
        self.place("shared")
        if self.only is not None:
            # A partial run: its figures are printed and kept in the work folder's log only.
            for name, figures in placements.items():
                print(f"{name}: " + json.dumps([run for run in figures["runs"]], indent=1))
            return
        idle = self.idle()
        stamp = datetime.datetime.now(datetime.timezone.utc)
        document = {
            "commit": self.args.commit, "date": stamp.isoformat(timespec="seconds"), "mode": self.args.mode,
            "machine": {"cores": self.cores, "load_average_at_end": os.getloadavg()},
            "binary": self.args.binary, "sizes": self.size, "seeded": self.seeded, "idle": idle,
            "placements": placements,
        }
        # The first placement's figures stay at the top level, where earlier results keep theirs.
        first = placements[self.placements[0]]
        document["placement"], document["runs"], document["medians"] = self.placements[0], first["runs"], first["medians"]
        table = "\n".join(markdown_table(dict(document, placement=name, runs=figures["runs"], medians=figures["medians"]))
                          for name, figures in placements.items())
        folder = os.path.join(HERE, "results") if self.args.mode == "full" else self.args.work
        os.makedirs(folder, exist_ok=True)
        name = f"{self.args.commit}-{stamp.strftime('%Y%m%dT%H%MZ')}"
        with open(os.path.join(folder, name + ".json"), "w") as out:
            json.dump(document, out, indent=1)
        with open(os.path.join(folder, name + ".md"), "w") as out:
            out.write(table)
        print(table)
        print(f"written: {os.path.join(folder, name)}.json and .md")
        problems = self.check([run for figures in placements.values() for run in figures["runs"]], idle)
        if problems:
            print("Benchmarks: the run did not go cleanly:\n  " + "\n  ".join(problems), file=sys.stderr)
            sys.exit(1)


# A logged COMMIT: the server's prepared one ("execute transaction.commit: COMMIT"), pgbench's
# ("execute P_3: COMMIT;") or a plain one; or an answer save's write, which commits inside the
# call ("execute attempts.writeAnswer: CALL save_answer(...)", pgbench's "CALL save_answer(...)").
SLOW_COMMIT = re.compile(r"duration: ([0-9.]+) ms\s+(?:execute [^:]+: |statement: )(?:COMMIT|CALL save_answer)\b")


def machine_busy_seconds():
    """CPU time all cores have spent running processes so far (user, nice, system), plus the time
    the hypervisor took (steal), which the machine's work waited for too. Interrupt time is left
    out: loopback networking's share of it belongs to the benchmark, not to anyone else."""
    with open("/proc/stat") as stat:
        user, nice, system, _idle, _iowait, _irq, _softirq, steal = (int(f) for f in stat.readline().split()[1:9])
    return (user + nice + system + steal) / os.sysconf("SC_CLK_TCK")


def own_seconds():
    """CPU time of this process and of the children it waited for (the load generators)."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def trivial_beside(name):
    """The step that loads the trivial route at the rate of `name`'s latency step."""
    return f"trivial_at_{name}_rate"


LATENCY_STEPS = ("content", "save", "submit", "sign_in")


def load_fraction(text):
    """A --load value: a fraction of a maximum, above 0 and at most 1."""
    value = float(text)
    if not 0 < value <= 1:
        raise argparse.ArgumentTypeError(f"--load {text}: a fraction above 0 and at most 1, such as 0.5")
    return value


def ratio(a, b):
    return a / b if a and b else None


def cpu_per_request(step, side):
    """Milliseconds of CPU `side` spent per request of `step` (None for results before they were kept)."""
    requests = step["rate"] * step.get("wall_seconds", 0)
    return step["cpu_seconds"][side] * 1000 / requests if requests and "cpu_seconds" in step else None


def medians(runs):
    """The median over runs of each figure and of each same-run ratio."""
    def median(values):
        values = [v for v in values if v is not None]
        return round(statistics.median(values), 3) if values else None

    def each(pick):
        return median([pick(run) for run in runs])

    out = {}
    for name in runs[0]:
        if "rate" in runs[0][name]:
            out[f"{name}.rate"] = each(lambda run: run[name]["rate"])
        out[f"{name}.rss_peak_mib"] = each(lambda run: run[name]["rss_peak_mib"])
    open_loop = [f"{name}_at_70" for name in LATENCY_STEPS] + [trivial_beside(name) for name in LATENCY_STEPS] + ["burst"]
    for name in open_loop:
        if name not in runs[0]:
            continue  # results from before the trivial route ran beside each latency step
        for p in ("p50", "p99", "p999"):
            out[f"{name}.{p}_ms"] = each(lambda run: run[name]["latency_ms"][p])
        for key in ("timeouts", "errors", "ok", "sent", "retry_after", "generator_lag_ms"):
            out[f"{name}.{key}"] = each(lambda run: run[name][key])
        out[f"{name}.rejected"] = each(lambda run: run[name]["statuses"].get("429", 0) + run[name]["statuses"].get("503", 0))
        # The longest COMMIT meanwhile: the disk's flush stalls (None before it was kept).
        out[f"{name}.slowest_commit_ms"] = each(lambda run: run[name].get("slowest_commit_ms"))
        # Cores' worth of CPU that other processes took meanwhile (None before it was kept).
        out[f"{name}.others_cores"] = each(lambda run: run[name]["cpu_seconds"].get("others") / run[name]["wall_seconds"]
                                           if "others" in run[name].get("cpu_seconds", {}) else None)
    # CPU per request in the server and in PostgreSQL: which side a path is bound by.
    for name in ("trivial", "content", "save", "save_pgbench", "submit", "submit_pgbench", "sign_in"):
        for side in ("server", "postgres"):
            out[f"{name}.{side}_cpu_ms"] = each(lambda run: cpu_per_request(run[name], side))
    out["content_vs_trivial"] = each(lambda run: ratio(run["content"]["rate"], run["trivial"]["rate"]))
    out["save_vs_pgbench"] = each(lambda run: ratio(run["save"]["rate"], run["save_pgbench"]["rate"]))
    out["submit_vs_pgbench"] = each(lambda run: ratio(run["submit"]["rate"], run["submit_pgbench"]["rate"]))
    out["sign_in_vs_argon2"] = each(lambda run: ratio(run["sign_in"]["rate"], run["argon2"]["rate"]))
    return out


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mode", choices=sorted(MODES), default="full")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--server-pid", type=int, required=True)
    parser.add_argument("--pinned-port", type=int, help="the port of the server started on core 1, for the pinned placement")
    parser.add_argument("--pinned-server-pid", type=int)
    parser.add_argument("--pair-port", type=int, help="the port of the second binary's server on core 1 (Benchmarks/run --pair)")
    parser.add_argument("--pair-server-pid", type=int)
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--commit", default="unknown")
    parser.add_argument("--binary", default="")
    parser.add_argument("--work", required=True)
    parser.add_argument("--openloop", required=True, help="the built load/openloop.c")
    parser.add_argument("--runs", type=int)
    parser.add_argument("--seconds", type=float)
    parser.add_argument("--placement", choices=["shared", "pinned", "both"], default="both")
    parser.add_argument("--only", help="comma-separated step names to run (e.g. burst); the rest are skipped")
    parser.add_argument("--burst", type=int, help="exam starts in the burst, instead of the mode's size")
    parser.add_argument("--load", type=load_fraction, default=LATENCY_LOAD,
                        help="the open-loop latency steps at this fraction of each maximum (only with --only)")
    Bench(parser.parse_args()).main()
