"""The frozen app's entry point: the same `main` as the `advisor-app` console script.

PyInstaller runs this file as `__main__`; the demo platform, the customer bot, `headless` and
`self-test` are subcommands of the same executable
(see `advisor_app.embedded_platform.app_command`).
"""

import multiprocessing
import sys

from advisor_app.__main__ import main

if __name__ == "__main__":
    multiprocessing.freeze_support()  # harmless; keeps any library's worker processes working
    sys.exit(main())
