"""The `shingikai` command: Django's management commands under the project's own name."""

from __future__ import annotations

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line

    try:
        execute_from_command_line(["shingikai", *sys.argv[1:]])
    except ImproperlyConfigured as exc:
        # A configuration mistake (environment, concern definitions) is one line, not a trace.
        sys.stderr.write(f"設定エラー: {exc}\n")
        sys.exit(1)


if __name__ == "__main__":
    main()
