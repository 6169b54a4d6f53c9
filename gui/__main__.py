"""`python -m gui` opens the window, like `explainer` with no arguments."""
import sys

from .launcher import main

sys.exit(main(sys.argv[1:] or None))
