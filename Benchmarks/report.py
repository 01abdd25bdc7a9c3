"""The one-line progress summaries and the markdown table of a benchmark document."""


def summarise(value):
    if "latency_ms" in value and "sent" in value and "answered" in value:
        lat = value["latency_ms"]
        return (f"{value['sent']} sent at {value['rate']:.0f}/s, {value['statuses']}, timeouts {value['timeouts']}, "
                f"errors {value['errors']}, p50 {lat['p50']} ms, p99 {lat['p99']} ms, p99.9 {lat['p999']} ms, "
                f"generator lag {value['generator_lag_ms']} ms, rss {value['rss_peak_mib']} MiB")
    if "opened" in value:
        return (f"{value['opened']} idle connections ({value['failed']} failed, {value['still_open']} still open), "
                f"rss {value['rss_before_mib']} -> {value['rss_peak_mib']} MiB")
    extra = f", statuses {value['statuses']}" if value.get("statuses") else ""
    cpu = value.get("cpu_seconds", {})
    return f"{value['rate']}/s{extra}, rss {value['rss_peak_mib']} MiB, cpu s server {cpu.get('server')} postgres {cpu.get('postgres')}"


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
        "| scenario | rate, req/s | p50 ms | p99 ms | p99.9 ms | timeouts | errors | target | peak RSS |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for name, title in (("content_at_70", "cached read"), ("save_at_70", "answer save"),
                        ("submit_at_70", "submit"), ("sign_in_at_70", "sign-in")):
        rate = m[f"{name}.sent"] / size["seconds"] if m.get(f"{name}.sent") else None
        lines.append(f"| {title} | {fmt(rate)} | {fmt(m[f'{name}.p50_ms'], 1)} | {fmt(m[f'{name}.p99_ms'], 1)} | "
                     f"{fmt(m[f'{name}.p999_ms'], 1)} | {fmt(m[f'{name}.timeouts'])} | {fmt(m[f'{name}.errors'])} | p99 ≤ {50 if name == 'sign_in_at_70' else 25} | "
                     f"{fmt(m[f'{name}.rss_peak_mib'])} MiB |")
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
