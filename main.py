"""Run HallApp from a checkout: ``python main.py [--data-dir DIR]`` (same as the ``hallapp`` command)."""

import sys

from hallapp.cli import main

if __name__ == "__main__":
    sys.exit(main())
