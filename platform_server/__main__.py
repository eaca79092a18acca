"""`python -m platform_server`: see `platform_server.cli`."""

import sys

from platform_server.cli import main

if __name__ == "__main__":
    sys.exit(main())
