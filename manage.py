#!/usr/bin/env python
"""Django's usual entry point; `shingikai` (installed in the virtual environment) is the same."""

from shingikai.cli import main

if __name__ == "__main__":
    main()
