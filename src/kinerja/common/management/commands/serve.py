"""``kinerja serve``: the production WSGI server (gunicorn) with static files from whitenoise."""

import os
import sys

from django.core.management.base import BaseCommand

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

    def handle(self, *args, host, port, workers, threads, **options):
        from gunicorn.app.base import BaseApplication

        from kinerja.wsgi import application

        class Server(BaseApplication):
            def load_config(self):
                self.cfg.set("bind", f"{host}:{port}")
                self.cfg.set("workers", workers)
                self.cfg.set("threads", threads)
                self.cfg.set("accesslog", "-")
                self.cfg.set("timeout", 120)
                self.cfg.set("proc_name", "kinerja")

            def load(self):
                return application

        self.stdout.write(f"Kinerja is being served on http://{host}:{port}/")
        sys.setswitchinterval(GIL_SWITCH_INTERVAL)
        Server().run()
