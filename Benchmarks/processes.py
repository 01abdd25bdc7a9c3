"""CPU time of the server and of PostgreSQL, read from /proc (bench.py and data_growth.py use it)."""
import os


def stat(pid, children=False):
    """(parent pid, CPU seconds) of a process; with `children`, its reaped children's too."""
    with open(f"/proc/{pid}/stat") as file:
        fields = [int(field) for field in file.read().rsplit(")", 1)[1].split()[1:15]]
    # ppid, then utime + stime, and with `children` the reaped children's cutime + cstime
    return fields[0], sum(fields[10:14] if children else fields[10:12]) / os.sysconf("SC_CLK_TCK")


def postmaster(data_directory):
    with open(os.path.join(data_directory, "postmaster.pid")) as file:
        return int(file.readline())


def postgres_children(postmaster_pid):
    """(pid, CPU seconds) of each live process the postmaster started."""
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                parent, used = stat(int(entry))
            except (OSError, IndexError, ValueError):
                continue  # gone meanwhile
            if parent == postmaster_pid:
                found.append((int(entry), used))
    return found


def cpu_seconds(server_pid, data_directory):
    """CPU time used so far by the server and by PostgreSQL: backends that exited are in the
    postmaster's reaped children's time."""
    master = postmaster(data_directory)
    database = stat(master, children=True)[1] + sum(used for _, used in postgres_children(master))
    return stat(server_pid)[1], database
