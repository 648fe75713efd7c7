"""No core dumps: a crash of a signed-in marac-desk must not write its memory to disk.

The memory of a signed-in process holds the vault key and case data. On Linux and macOS
the core file size limit goes to 0 (hard and soft, so nothing started from here can raise
it); on Linux the process is also made not dumpable, which stops a core dump handed to a
program (systemd-coredump, apport) and stops other programs of the same user attaching
with ptrace to read its memory. On Windows, the Windows Error Reporting dialog, and the
dump it may offer to send, are switched off for the process; an organisation that
collects local crash dumps by policy should exclude marac-desk.exe (README).
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import sys

DEBUG_ENV = "MARAC_DESK_DEBUG"
PR_SET_DUMPABLE = 4
PR_GET_DUMPABLE = 3
SEM_FAILCRITICALERRORS = 0x0001
SEM_NOGPFAULTERRORBOX = 0x0002


def forbid_core_dumps() -> None:
    """Switch core dumps off for this process and every process it starts."""
    if sys.platform != "win32":
        import resource

        with contextlib.suppress(ValueError, OSError):
            resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    if sys.platform.startswith("linux"):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_DUMPABLE, 0, 0, 0, 0)
    elif sys.platform == "win32":
        kernel32 = ctypes.WinDLL("kernel32")  # type: ignore[attr-defined,unused-ignore]
        kernel32.SetErrorMode(SEM_FAILCRITICALERRORS | SEM_NOGPFAULTERRORBOX)


def core_dumps_forbidden() -> bool:
    """True when this process would write no core dump (for tests and the smoke test)."""
    if sys.platform == "win32":
        return True
    import resource

    if resource.getrlimit(resource.RLIMIT_CORE) != (0, 0):
        return False
    if sys.platform.startswith("linux"):
        libc = ctypes.CDLL(None, use_errno=True)
        return int(libc.prctl(PR_GET_DUMPABLE, 0, 0, 0, 0)) == 0
    return True


def debugging() -> bool:
    """MARAC_DESK_DEBUG=1: unexpected errors print their whole traceback, message included
    (which can quote case data), on the terminal only, for whoever supports marac-desk.
    Without it only the error's type and where it happened are printed."""
    return os.environ.get(DEBUG_ENV, "").strip() not in ("", "0")
