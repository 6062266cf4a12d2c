"""Child processes for the demo and the benchmarks: start, wait until healthy, stop cleanly.

Each child runs in its own session with its output in a log file, so Ctrl-C reaches only the
parent, which then stops every child it started (the whole process group of each child, so
gunicorn's workers go with their master).
"""

import contextlib
import os
import signal
import socket
import subprocess
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import httpx


class ChildFailed(RuntimeError):
    """A child exited or never became healthy; the message ends with its log's last lines."""


@dataclass
class Child:
    name: str
    args: list[str]
    log_path: Path
    process: subprocess.Popen | None = None

    @property
    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def log_tail(self, lines: int = 15) -> str:
        try:
            text = self.log_path.read_text(errors="replace")
        except OSError:
            return ""
        return "\n".join(text.splitlines()[-lines:])


@dataclass
class Children:
    """The processes one command started, stopped together whatever happens."""

    log_dir: Path
    env: dict[str, str]
    cwd: Path
    started: list[Child] = field(default_factory=list)

    def start(self, name: str, args: Sequence[str]) -> Child:
        self.log_dir.mkdir(parents=True, exist_ok=True)
        child = Child(name=name, args=list(args), log_path=self.log_dir / f"{name}.log")
        log = child.log_path.open("wb")  # one run per log
        try:
            # The arguments are the command's own, never user input.
            child.process = subprocess.Popen(  # noqa: S603
                child.args, cwd=self.cwd, env=self.env, stdin=subprocess.DEVNULL,
                stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
            )
        finally:
            log.close()
        self.started.append(child)
        return child

    def check_alive(self) -> None:
        for child in self.started:
            if not child.running:
                code = child.process.returncode if child.process else None
                raise ChildFailed(
                    f"{child.name} exited (code {code}); last lines of {child.log_path}:\n"
                    f"{child.log_tail()}"
                )

    def wait_for_port(self, child: Child, port: int, timeout: float = 30.0) -> None:
        self._wait(child, timeout, f"port {port}", lambda: port_open(port))

    def wait_for_http(self, child: Child, url: str, timeout: float = 60.0) -> None:
        self._wait(child, timeout, url, lambda: http_ok(url))

    def _wait(self, child: Child, timeout: float, what: str, ready) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if not child.running:
                self.check_alive()
            if ready():
                return
            time.sleep(0.2)
        raise ChildFailed(
            f"{child.name} did not answer on {what} within {timeout:.0f}s; last lines of "
            f"{child.log_path}:\n{child.log_tail()}"
        )

    def stop_all(self, timeout: float = 10.0) -> list[str]:
        """SIGTERM every child's process group, newest first; SIGKILL a group that outlives
        the timeout (its leader and any workers it forked)."""
        stopped = []
        for child in reversed(self.started):
            if child.running:
                _signal_group(child.process, signal.SIGTERM)
        deadline = time.monotonic() + timeout
        for child in reversed(self.started):
            if child.process is None:
                continue
            try:
                child.process.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                _signal_group(child.process, signal.SIGKILL)
                child.process.wait(timeout=5)
            stopped.append(child.name)
        self.started.clear()
        return stopped


def _signal_group(process: subprocess.Popen, sig: int) -> None:
    # The child leads its own session, so its process group id is its pid.
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(process.pid, sig)


def port_open(port: int, host: str = "127.0.0.1") -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.settimeout(0.5)
        return sock.connect_ex((host, port)) == 0


def http_ok(url: str) -> bool:
    try:
        return httpx.get(url, timeout=2.0).status_code == 200
    except httpx.HTTPError:
        return False


def require_free_ports(*ports: int) -> None:
    busy = [str(port) for port in ports if port_open(port)]
    if busy:
        raise ChildFailed(
            f"port(s) {', '.join(busy)} already in use on 127.0.0.1: stop what listens there "
            "or choose other ports"
        )
