"""Alertmanager's webhook receiver for the local scripts: prints each notification it is sent.

Usage: alert-webhook.py PORT (listens on 127.0.0.1).
"""
import http.server
import sys


class Hook(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"] or 0))
        print("alert webhook", self.path, body.decode(), flush=True)
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args):
        pass


http.server.HTTPServer(("127.0.0.1", int(sys.argv[1])), Hook).serve_forever()
