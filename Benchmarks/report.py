"""The one-line progress summaries and the markdown table of a benchmark document."""


def summarise(value):
    if "latency_ms" in value and "sent" in value and "answered" in value:
        lat = value["latency_ms"]
        return (f"{value['sent']} sent at {value['rate']:.0f}/s, {value['statuses']}, timeouts {value['timeouts']}, "
                f"errors {value['errors']}, p50 {lat['p50']} ms, p99 {lat['p99']} ms, p99.9 {lat['p999']} ms, "
                f"generator lag {value['generator_lag_ms']} ms, generator cpu {value.get('generator_cpu_seconds')} s, "
                f"connections {value.get('connections_opened')}, over 25 ms by second {value.get('over_25_ms_by_second')}, "
                f"server cpu {value.get('cpu_seconds', {}).get('server')} s, other processes' cpu {value.get('cpu_seconds', {}).get('others')} s, "
                f"slowest COMMIT {value.get('slowest_commit_ms')} ms, rss {value['rss_peak_mib']} MiB")
    if "opened" in value:
        return (f"{value['opened']} idle connections ({value['failed']} failed, {value['still_open']} still open), "
                f"rss {value['rss_before_mib']} -> {value['rss_peak_mib']} MiB")
    extra = f", statuses {value['statuses']}" if value.get("statuses") else ""
    cpu = value.get("cpu_seconds", {})
    return (f"{value['rate']}/s{extra}, rss {value['rss_peak_mib']} MiB, cpu s server {cpu.get('server')} postgres {cpu.get('postgres')} "
            f"others {cpu.get('others')}")


def fmt(value, digits=0):
    if value is None:
        return "–"
    if isinstance(value, float) and digits:
        return f"{value:.{digits}f}"
    return f"{value:,.0f}" if isinstance(value, (int, float)) else str(value)


def markdown_table(document):
    m, size, idle = document["medians"], document["sizes"], document["idle"]
    clients, runs = size["clients"], size["runs"]
    lines = [
        f"Commit `{document['commit']}`, {document['date']}, {document['machine']['cores']} cores, "
        f"placement **{document.get('placement', 'shared')}**, "
        f"mode {document['mode']}: median of {runs} run(s) of {size['seconds']} s per scenario; "
        "every ratio is the median of per-run ratios against a baseline measured in the same run.",
        "",
        "| scenario | SafeSkills | baseline, same run | ratio | target | peak RSS |",
        "|---|---:|---:|---:|---:|---:|",
        f"| cached read: course outline and lessons, req/s (64 connections) | {fmt(m['content.rate'])} | "
        f"`/health/live` {fmt(m['trivial.rate'])} | {fmt(m['content_vs_trivial'], 2)} | ≥ 1.0 | {fmt(m['content.rss_peak_mib'])} MiB |",
        f"| answer save, req/s ({clients} clients) | {fmt(m['save.rate'])} | pgbench, same SQL, {clients} clients: {fmt(m['save_pgbench.rate'])} | "
        f"{fmt(m['save_vs_pgbench'], 2)} | ≥ 0.7 | {fmt(m['save.rss_peak_mib'])} MiB |",
        f"| submit a 30-item exam, req/s ({clients} clients) | {fmt(m['submit.rate'])} | pgbench, same transactions: {fmt(m['submit_pgbench.rate'])} | "
        f"{fmt(m['submit_vs_pgbench'], 2)} | ≥ 0.5 | {fmt(m['submit.rss_peak_mib'])} MiB |",
        f"| sign-in, req/s ({size['sign_in_clients']} clients) | {fmt(m['sign_in.rate'])} | Argon2id verify, same parameters and threads: "
        f"{fmt(m['argon2.rate'])}/s | {fmt(m['sign_in_vs_argon2'], 2)} | ≥ 0.8 | {fmt(m['sign_in.rss_peak_mib'])} MiB |",
        "",
        "CPU per request, ms, server / PostgreSQL: "
        + "; ".join(f"{title} {fmt(m.get(f'{name}.server_cpu_ms'), 3)} / {fmt(m.get(f'{name}.postgres_cpu_ms'), 3)}"
                    for name, title in (("save", "answer save"), ("save_pgbench", "its pgbench"), ("submit", "submit"),
                                        ("submit_pgbench", "its pgbench"), ("content", "cached read"), ("sign_in", "sign-in")))
        + ".",
        "",
        "Latency at 70% of each maximum above, open loop (requests due at a fixed rate, latency from the due time):",
        "",
        "| scenario | rate, req/s | p50 ms | p99 ms | p99.9 ms | timeouts | errors | target | trivial route p99 at the same rate, ms "
        "| other processes' CPU meanwhile, cores | slowest COMMIT meanwhile, ms | peak RSS |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    noisy, stalled = [], []
    for scenario, title in (("content", "cached read"), ("save", "answer save"), ("submit", "submit"), ("sign_in", "sign-in")):
        name, target = f"{scenario}_at_70", 50 if scenario == "sign_in" else 25
        rate = m[f"{name}.sent"] / size["seconds"] if m.get(f"{name}.sent") else None
        # The trivial route at this rate, just after: when even it passes the target, the machine or
        # the generator made the tail, and the row's p99 is noise (results before it ran show "–").
        trivial = m.get(f"trivial_at_{scenario}_rate.p99_ms")
        mark = " †" if trivial is not None and trivial > target else ""
        if mark:
            noisy.append(title)
        # A COMMIT that waited longer than the target for the disk's flush: every write in flight
        # then waited as long, which no request path can shorten.
        commit = m.get(f"{name}.slowest_commit_ms")
        disk = " ‡" if commit is not None and commit > target else ""
        if disk:
            stalled.append(title)
        lines.append(f"| {title}{mark}{disk} | {fmt(rate)} | {fmt(m[f'{name}.p50_ms'], 1)} | {fmt(m[f'{name}.p99_ms'], 1)} | "
                     f"{fmt(m[f'{name}.p999_ms'], 1)} | {fmt(m[f'{name}.timeouts'])} | {fmt(m[f'{name}.errors'])} | p99 ≤ {target} | "
                     f"{fmt(trivial, 1)}{mark} | {fmt(m.get(f'{name}.others_cores'), 2)} | {fmt(commit, 1)}{disk} | "
                     f"{fmt(m[f'{name}.rss_peak_mib'])} MiB |")
    if noisy:
        lines += ["", f"† Noise: the trivial route `/health/live`, at the same rate just after, had a p99 over the row's "
                      f"target itself ({', '.join(noisy)}), so the machine or the load generator was busy and the row's "
                      "tail says nothing about the path."]
    if stalled:
        lines += ["", f"‡ The disk: a COMMIT waited longer than the row's target meanwhile ({', '.join(stalled)}; median "
                      "over the runs of each run's slowest; an answer save's CALL counts, as it commits). A COMMIT waits "
                      "for the write-ahead log's flush to disk, and "
                      "when the disk stalls, every connection's COMMIT waits at once, so the write path's tail holds "
                      "that stall whatever the server does."]
    # The trivial route needs so little CPU that a half-busy machine hardly delays it, while it
    # stretches every path that needs milliseconds of CPU: hence the CPU others took, beside it.
    if any(m.get(f"{scenario}_at_70.others_cores") is not None for scenario in ("content", "save", "submit", "sign_in")):
        lines += ["", "Other processes' CPU: what the machine spent meanwhile beyond the server, PostgreSQL and the load "
                      "generator, in cores (of " + str(document["machine"]["cores"]) + "); near 0 when nothing else runs. "
                      "A sizeable share of a core means the row's tail is partly theirs, even when the trivial route "
                      "kept its p99."]
    lines += [
        "",
        f"Exam-start burst: {size['burst']:,} starts due within {size['burst_seconds']} s, each by a different learner:",
        "",
        "| started | refused 429/503 | of them with Retry-After | timeouts | errors | p50 ms | p99 ms | target | peak RSS |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
        f"| {fmt(m['burst.ok'])} | {fmt(m['burst.rejected'])} | {fmt(m['burst.retry_after'])} | {fmt(m['burst.timeouts'])} | "
        f"{fmt(m['burst.errors'])} | {fmt(m['burst.p50_ms'], 1)} | {fmt(m['burst.p99_ms'], 1)} | all started, p99 ≤ 1 s, no timeout | {fmt(m['burst.rss_peak_mib'])} MiB |",
        "",
        f"Idle keep-alive connections, once after the runs: {fmt(idle['opened'])} of {size['idle']:,} opened and held "
        f"({fmt(idle['still_open'])} still open at the end); resident memory {fmt(idle['rss_before_mib'])} → "
        f"{fmt(idle['rss_peak_mib'])} MiB, {fmt(idle['per_connection_kib'], 1)} KiB a connection; a fresh request "
        f"meanwhile took at most {fmt(idle['fresh_request_ms_max'], 1)} ms.",
        "",
    ]
    return "\n".join(lines)
