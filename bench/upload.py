#!/usr/bin/env python3
"""Upload throughput against a loopback stand-in for Concedus that answers every request after a
fixed latency: ZIPs/s for each --concurrency, against the ideal concurrency / latency.

    python3 bench/upload.py BINARY CONVERTED_FOLDER [--latency 0.05] [--concurrency 1 4 16 32] [--seconds 2]

CONVERTED_FOLDER is a folder `convert` wrote (its manifest.csv and ZIPs); for each concurrency the
benchmark copies as many of its ZIPs as the ideal rate sends in --seconds into a fresh folder with
their manifest lines, runs `upload`, and prints the rate and its share of the ideal.
"""
import argparse
import csv
import http.server
import json
import os
import shutil
import socketserver
import subprocess
import tempfile
import threading
import time


class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True
    request_queue_size = 256


def handler(latency):
    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        disable_nagle_algorithm = True  # a small answer in two writes must not wait for a delayed ACK

        def log_message(self, *args):
            pass

        def do_POST(self):
            length = int(self.headers.get("Content-Length", "0"))
            remaining = length
            while remaining > 0:
                remaining -= len(self.rfile.read(min(remaining, 1 << 16)))
            time.sleep(latency)
            if self.path.endswith("/token"):
                body = json.dumps({"accessToken": "bench", "refreshToken": "bench", "exp": 3600}).encode()
            else:
                body = json.dumps({"identLinks": ["https://ident.example/bench"]}).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
    return Handler


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("binary")
    parser.add_argument("folder")
    parser.add_argument("--latency", type=float, default=0.05)
    parser.add_argument("--concurrency", type=int, nargs="+", default=[1, 4, 16, 32])
    parser.add_argument("--seconds", type=float, default=2.0)
    args = parser.parse_args()
    with open(os.path.join(args.folder, "manifest.csv"), encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    server = Server(("127.0.0.1", 0), handler(args.latency))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}"
    env = dict(os.environ, CONCEDUS_USERNAME="bench", CONCEDUS_PASSWORD="bench")
    print(f"latency {args.latency * 1000:.0f} ms; loopback server in Python threads")
    print(f"{'concurrency':>11} {'ZIPs':>6} {'seconds':>8} {'ZIPs/s':>8} {'ideal':>8} {'share':>6}")
    for concurrency in args.concurrency:
        ideal = concurrency / args.latency
        count = min(len(rows), max(10, int(ideal * args.seconds)))
        with tempfile.TemporaryDirectory(dir="/dev/shm") as work:
            with open(os.path.join(work, "manifest.csv"), "w", encoding="utf-8-sig", newline="") as f:
                writer = csv.DictWriter(f, fieldnames=list(rows[0].keys()), lineterminator="\r\n")
                writer.writeheader()
                for row in rows[:count]:
                    writer.writerow(row)
                    shutil.copy(os.path.join(args.folder, row["zip"]), os.path.join(work, row["zip"]))
            started = time.monotonic()
            run = subprocess.run([args.binary, "upload", work, "--url", url, "--concurrency", str(concurrency), "--quiet"],
                                 env=env, capture_output=True, text=True)
            seconds = time.monotonic() - started
            if run.returncode != 0:
                print(f"upload failed ({run.returncode}): {run.stderr[-300:]}")
                continue
            rate = count / seconds
            print(f"{concurrency:>11} {count:>6} {seconds:>8.2f} {rate:>8.1f} {ideal:>8.0f} {rate / ideal:>6.2f}")
    server.shutdown()


if __name__ == "__main__":
    main()
