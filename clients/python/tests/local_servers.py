"""Real HTTP servers on loopback addresses, for tests of where the plugin's token goes.

Each server answers from a routing function, records every request it gets (path and Authorization header), runs in
a daemon thread that handles one request at a time, and stops by itself after ``LIFETIME_SECONDS`` even if a test
never stops it, so a failing test cannot leave a server behind.
"""

from __future__ import annotations

import threading
import time
from http.server import BaseHTTPRequestHandler, HTTPServer
from typing import Callable, Dict, List, Optional, Tuple

LIFETIME_SECONDS = 20.0
Answer = Tuple[int, Dict[str, str]]


class LocalServer:
    def __init__(self, host: str, route: Callable[[str, "LocalServer"], Answer]) -> None:
        self.requests: List[Tuple[str, Optional[str]]] = []
        self._route = route
        self._httpd = HTTPServer((host, 0), _handler_for(self))
        self._httpd.timeout = 0.01  # handle_request() returns this often, so the loop sees the deadline and stop()
        self._stopped = threading.Event()
        self._deadline = time.monotonic() + LIFETIME_SECONDS
        self._thread = threading.Thread(target=self._serve, name=f"local-server-{host}", daemon=True)
        self._thread.start()
        self.url = f"http://{host}:{self._httpd.server_address[1]}"

    @property
    def authorizations(self) -> List[Optional[str]]:
        """The Authorization header of each request received, None where there was none."""
        return [authorization for _, authorization in self.requests]

    def stop(self) -> None:
        self._stopped.set()
        self._thread.join(timeout=5)
        self._httpd.server_close()

    def _serve(self) -> None:
        while not self._stopped.is_set() and time.monotonic() < self._deadline:
            self._httpd.handle_request()

    def _answer(self, handler: BaseHTTPRequestHandler) -> None:
        length = int(handler.headers.get("Content-Length") or 0)
        if length:
            handler.rfile.read(length)
        self.requests.append((handler.path, handler.headers.get("Authorization")))
        status, headers = self._route(handler.path, self)
        body = b"{}"
        handler.send_response(status)
        for name, value in {"Content-Type": "application/json", **headers}.items():
            handler.send_header(name, value)
        handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        handler.wfile.write(body)


def _handler_for(server: LocalServer) -> type:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - http.server's naming
            server._answer(self)

        do_POST = do_PUT = do_GET

        def log_message(self, format: str, *args) -> None:  # noqa: A002 - http.server's signature
            pass  # keep pytest's output clean

    return Handler
