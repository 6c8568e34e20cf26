#!/usr/bin/env python3
"""A load test of `mtlint serve` on localhost: N requests to /v2/check from C concurrent
clients (threads, each with its own keep-alive connection), then the latency percentiles.
Also sends an oversized body and malformed forms, which must get 4xx while the server stays up.

    python3 tests/python/loadtest.py http://127.0.0.1:8081 [--requests 1000] [--clients 8]

Standard library only. Prints one JSON object; exits 1 if any request failed.
"""

import argparse
import http.client
import json
import statistics
import threading
import time
import urllib.parse

TEXTS = [
    "😀 中文 He said thatIf no progress is made, talks would end.",
    "The delegation arrived in Kiev on Monday. «Quoted» text follows here.",
    "Thanks for reading! Listen to this article. Photo: Reuters. The minister said that the "
    "negotiations, which had lasted for many weeks, were finally concluded successfully.",
    "In the framework of the meeting, it was noted that the parties attach great importance "
    "to the further development of bilateral relations in all directions.",
    "Plain English prose with nothing unusual in it, written by a person for people. " * 8,
]


def percentile(sorted_values, p):
    if not sorted_values:
        return 0.0
    k = (len(sorted_values) - 1) * p / 100
    lo = int(k)
    hi = min(lo + 1, len(sorted_values) - 1)
    return sorted_values[lo] + (sorted_values[hi] - sorted_values[lo]) * (k - lo)


def client(host, port, jobs, latencies, failures, lock):
    conn = http.client.HTTPConnection(host, port, timeout=60)
    headers = {"Content-Type": "application/x-www-form-urlencoded"}
    for i in jobs:
        body = urllib.parse.urlencode({"text": TEXTS[i % len(TEXTS)], "language": "auto"})
        start = time.perf_counter()
        try:
            conn.request("POST", "/v2/check", body, headers)
            resp = conn.getresponse()
            data = resp.read()
            ok = resp.status == 200 and "matches" in json.loads(data)
        except Exception as e:  # a failed request is counted, not raised
            ok = False
            data = repr(e).encode()
            conn.close()
            conn = http.client.HTTPConnection(host, port, timeout=60)
        elapsed = (time.perf_counter() - start) * 1000
        with lock:
            latencies.append(elapsed)
            if not ok:
                failures.append(data[:200].decode("utf-8", "replace"))
    conn.close()


def bad_requests(host, port, max_bytes):
    """Status codes for an oversized body and malformed forms."""
    cases = {
        "oversized": urllib.parse.urlencode({"text": "a" * (max_bytes + 1), "language": "en"}),
        "no text": "language=en",
        "no language": "text=hello",
        "bad percent-encoding": "text=%FF%FE&language=en",
        "bad data JSON": "data=%7Bnope&language=en",
        "binary": b"\x00\xff\xfe&==&&",
    }
    out = {}
    for name, body in cases.items():
        conn = http.client.HTTPConnection(host, port, timeout=60)
        conn.request("POST", "/v2/check", body, {"Content-Type": "application/x-www-form-urlencoded"})
        out[name] = conn.getresponse().status
        conn.close()
    return out


def run(url, requests=1000, clients=8, max_bytes=1 << 20):
    u = urllib.parse.urlparse(url)
    host, port = u.hostname, u.port or 80
    latencies, failures, lock = [], [], threading.Lock()
    threads = [
        threading.Thread(
            target=client,
            args=(host, port, range(c, requests, clients), latencies, failures, lock),
        )
        for c in range(clients)
    ]
    start = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - start
    lat = sorted(latencies)
    return {
        "requests": len(lat),
        "clients": clients,
        "failed": len(failures),
        "failures": failures[:5],
        "wall_s": round(wall, 2),
        "requests_per_s": round(len(lat) / wall, 1),
        "latency_ms": {
            "p50": round(percentile(lat, 50), 2),
            "p90": round(percentile(lat, 90), 2),
            "p99": round(percentile(lat, 99), 2),
            "max": round(lat[-1], 2) if lat else 0,
            "mean": round(statistics.fmean(lat), 2) if lat else 0,
        },
        "bad_requests": bad_requests(host, port, max_bytes),
    }


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("url")
    ap.add_argument("--requests", type=int, default=1000)
    ap.add_argument("--clients", type=int, default=8)
    ap.add_argument("--max-bytes", type=int, default=1 << 20)
    a = ap.parse_args()
    result = run(a.url, a.requests, a.clients, a.max_bytes)
    print(json.dumps(result, indent=2))
    raise SystemExit(1 if result["failed"] else 0)


if __name__ == "__main__":
    main()
