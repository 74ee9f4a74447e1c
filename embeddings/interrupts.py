"""Ctrl-C and SIGTERM stop a run: a stop request is remembered here, because DuckDB turns the
KeyboardInterrupt it meets inside a query into its own "Query interrupted" error, which a caller may catch
as an ordinary failure (or, inside clean-up code, ignore), and the run would go on to replace its tables.
The pipeline checks `raise_if_stopped()` between batches and right before its one-transaction swap."""
from __future__ import annotations

import contextlib
import signal
import threading

_stop = threading.Event()


def _on_signal(signum, frame):
    _stop.set()
    raise KeyboardInterrupt(signal.Signals(signum).name)


@contextlib.contextmanager
def handled():
    """Within the block, SIGINT and SIGTERM request a stop (from the main thread; elsewhere a no-op)."""
    _stop.clear()
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = {signum: signal.signal(signum, _on_signal) for signum in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


def stop_requested() -> bool:
    return _stop.is_set()


def raise_if_stopped() -> None:
    if _stop.is_set():
        raise KeyboardInterrupt("stop requested")

