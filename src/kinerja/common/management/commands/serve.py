"""``kinerja serve``: the production WSGI server (gunicorn) with static files from whitenoise."""

import atexit
import os
import subprocess
import sys

from django.core.management.base import BaseCommand
from django.core.wsgi import get_wsgi_application
from gunicorn.app.base import BaseApplication

# Python hands the GIL to a waiting thread every 5 ms by default, so a thread back from a database
# call or a socket waits up to that long behind a thread rendering a PDF, once per query: a page
# view of 30 queries could lose 150 ms. 0.5 ms keeps page views quick next to long renders
# (bench/load.py); the forked workers inherit it.
GIL_SWITCH_INTERVAL = 0.0005


class Command(BaseCommand):
    help = "Serve Kinerja with gunicorn (not runserver)."

    def add_arguments(self, parser):
        parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
        parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
        parser.add_argument(
            "--workers", type=int, default=int(os.environ.get("WEB_CONCURRENCY", "2"))
        )
        parser.add_argument("--threads", type=int, default=4)
        parser.add_argument(
            "--with-worker",
            action="store_true",
            help="also run one job worker (kinerja worker) beside the server, stopped with it",
        )

    def handle(self, *args, host, port, workers, threads, with_worker=False, **options):
        if with_worker:
            start_worker()
        self.stdout.write(f"Kinerja is being served on http://{host}:{port}/")
        sys.setswitchinterval(GIL_SWITCH_INTERVAL)
        Server(bind=f"{host}:{port}", workers=workers, threads=threads).run()


def start_worker() -> subprocess.Popen:
    """One ``kinerja worker`` as a child process, terminated when this process exits."""
    worker = subprocess.Popen([sys.executable, "-m", "kinerja", "worker"])

    def stop() -> None:
        if worker.poll() is None:
            worker.terminate()
            worker.wait(timeout=30)

    atexit.register(stop)
    return worker


class Server(BaseApplication):
    """gunicorn run in-process with Kinerja's WSGI application (settings are already loaded)."""

    def __init__(self, **settings):
        self.settings = settings
        super().__init__()

    def load_config(self):
        for name, value in self.settings.items():
            self.cfg.set(name, value)
        self.cfg.set("accesslog", "-")
        self.cfg.set("timeout", 120)
        self.cfg.set("proc_name", "kinerja")

    def load(self):
        return get_wsgi_application()
