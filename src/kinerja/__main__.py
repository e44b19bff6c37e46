"""The ``kinerja`` console command: Django's ``manage.py`` under our own name."""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kinerja.settings")
    from django.core.management import execute_from_command_line

    args = list(sys.argv if argv is None else argv)
    args[0] = "kinerja"
    execute_from_command_line(args)


if __name__ == "__main__":
    main()
