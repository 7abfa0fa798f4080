from PyQt6.QtSvg import *  # noqa: F401,F403
