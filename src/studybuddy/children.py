"""Child processes (file readers, the offline engine's CPU pool) out of the way of signals meant for the server.

Ctrl-C and systemd's stop send SIGINT/SIGTERM to the whole process group. Children that died of it made the job
see a broken reader or pool and fail the session for good (3 of 5 in the audit). The server alone decides what
stopping means (the job lets its lease go and is retried), so its children ignore those signals, and are killed
with it if it dies outright (kill -9), instead of living on as orphans (60 MB each).

A child that does CPU-heavy work for a job also runs below the server in CPU priority (``start_cpu_worker``): on a
contested core the event loops answering students run first, and the job takes what is left.
"""

from __future__ import annotations

import ctypes
import os
import signal

_PR_SET_PDEATHSIG = 1


def keep_out_of_signals(parent_pid: int | None = None) -> None:
    """Call first thing in a child: ignore SIGINT/SIGTERM, die with the parent (Linux), or now if it is gone."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):  # not Linux: the parent's own clean-up is all there is
        return
    # The parent may have died between our start and the prctl call: then nobody will signal us.
    if parent_pid is not None and os.getppid() != parent_pid:
        os._exit(1)


# nice 5 weighs about a third of nice 0 in Linux's scheduler; a job is seconds to minutes long, a request milliseconds.
CPU_WORKER_NICENESS = 5


def start_cpu_worker(parent_pid: int | None = None) -> None:
    """Initializer of a CPU-heavy child (the offline engine's pool): out of the signals' way, and niced."""
    keep_out_of_signals(parent_pid)
    try:
        os.nice(CPU_WORKER_NICENESS)
    except OSError:  # a sandbox may forbid it: the work still runs, at the server's priority
        pass
