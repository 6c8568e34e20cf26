"""The load test (tests/python/loadtest.py) as a test: 1,000 requests from 8 concurrent
clients, none failed; bad requests get 4xx and the server keeps answering. The numbers are
kept in target/python-tests/load.json."""

import json

import requests

import loadtest


def test_1000_requests_from_8_clients(server, out_dir):
    result = loadtest.run(server.url, requests=1000, clients=8)
    (out_dir / "load.json").write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result, indent=2))
    assert result["requests"] == 1000
    assert result["failed"] == 0, result["failures"]
    bad = result["bad_requests"]
    assert bad.pop("oversized") == 413
    assert all(400 <= status < 500 for status in bad.values()), bad
    r = requests.post(server.url + "/v2/check", data={"text": "Fine.", "language": "en"}, timeout=30)
    assert r.status_code == 200
