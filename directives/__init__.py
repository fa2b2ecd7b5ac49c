# The first import of the app, before any module can import openpyxl: sets
# OPENPYXL_LXML=False by default (why: directives/exports/__init__.py).
from . import exports  # noqa: F401
