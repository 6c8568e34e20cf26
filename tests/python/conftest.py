"""Fixtures for the tests that drive real clients against a local `mtlint serve`.

The binary is $MTLINT_BIN, else target/debug/mtlint (built by `cargo test`), else
target/release/mtlint. Each test module gets its own server on a free port.
"""

import os
import pathlib
import subprocess

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]


def mtlint_bin() -> str:
    env = os.environ.get("MTLINT_BIN")
    if env:
        return env
    for profile in ("debug", "release"):
        path = ROOT / "target" / profile / "mtlint"
        if path.exists():
            return str(path)
    pytest.exit("no mtlint binary: run `cargo build` or set MTLINT_BIN", returncode=2)


class Server:
    """A running `mtlint serve --port 0`; its address is read from its first line."""

    def __init__(self, *args: str) -> None:
        self.proc = subprocess.Popen(
            [mtlint_bin(), "serve", "--port", "0", "--no-config", *args],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        line = self.proc.stderr.readline()
        if "http://" not in line:
            self.proc.kill()
            raise RuntimeError(f"mtlint serve did not start: {line!r}")
        self.url = "http://" + line.split("http://")[1].split("/")[0]

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()


@pytest.fixture(scope="module")
def server():
    s = Server()
    yield s
    s.stop()


@pytest.fixture(scope="session")
def out_dir() -> pathlib.Path:
    """Where tests keep what they produce (screenshots, load-test numbers)."""
    d = ROOT / "target" / "python-tests"
    d.mkdir(parents=True, exist_ok=True)
    return d
