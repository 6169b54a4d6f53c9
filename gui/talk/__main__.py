"""`python -m gui.talk render --talk NAME --out DIR` (see gui/talk/render.py)."""
import sys

from .render import main

sys.exit(main())
